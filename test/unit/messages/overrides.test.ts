import { describe, expect, it } from 'vitest';
import { MissingVariableError } from '../../../shared/domain/messages/errors.js';
import { findOverride } from '../../../shared/domain/messages/overrides.js';
import { braceProblem, fillPlaceholders, placeholderNames } from '../../../shared/domain/messages/placeholders.js';
import type { TemplateOverride } from '../../../shared/domain/messages/policy-section.js';

const o = (fields: Partial<TemplateOverride>): TemplateOverride => ({ channel: 'sms', template: 'overdue', text: JSON.stringify(fields), ...fields });

describe('findOverride', () => {
  const overrides = [
    o({}),
    o({ tone: 'firm' }),
    o({ locale: 'es' }),
    o({ locale: 'es', tone: 'firm' }),
    o({ locale: 'es-CO' }),
    o({ locale: 'es-CO', tone: 'firm' }),
    o({ channel: 'email', locale: 'es-CO', tone: 'firm' }),
    o({ template: 'upcoming', locale: 'es-CO', tone: 'firm' }),
  ];
  const find = (locale: string, tone: 'friendly' | 'firm' | 'formal', list = overrides) =>
    findOverride(list, { channel: 'sms', template: 'overdue', tone, locale });

  it('picks the most specific: full locale, then language, then none; a tone over no tone', () => {
    expect(find('es-CO', 'firm')).toBe(overrides[5]);
    expect(find('es-CO', 'formal')).toBe(overrides[4]);
    expect(find('es-MX', 'firm')).toBe(overrides[3]);
    expect(find('es-MX', 'friendly')).toBe(overrides[2]);
    expect(find('en-US', 'firm')).toBe(overrides[1]);
    expect(find('en-US', 'formal')).toBe(overrides[0]);
  });

  it('matches locales case-insensitively, with "_" or "-", and never another language', () => {
    expect(find('es-co', 'formal', [o({ locale: 'es_CO' })])).toBeDefined();
    expect(find('es-MX', 'formal', [o({ locale: 'en' }), o({ locale: 'es-CO' })])).toBeUndefined();
    expect(find('es-MX', 'formal', [o({ channel: 'whatsapp' })])).toBeUndefined();
  });
});

describe('placeholders', () => {
  it('names the variables in order, spaces inside the braces allowed', () => {
    expect(placeholderNames('{{ a }} y {{b}}, otra vez {{a}}')).toEqual(['a', 'b', 'a']);
  });

  it('fills every variable in one pass: a value is never expanded again', () => {
    expect(fillPlaceholders('Hola {{customerName}}, total {{ total }}', { customerName: '{{total}}', total: '$5' })).toBe('Hola {{total}}, total $5');
  });

  it('refuses to leave a blank: a variable without a value is an error', () => {
    expect(() => fillPlaceholders('{{portalLink}}', { portalLink: undefined })).toThrow(MissingVariableError);
    expect(() => fillPlaceholders('{{portalLink}}', {})).toThrow(/\{\{portalLink\}\} has no value: set company\.portalLinkTemplate/);
  });

  it('finds unbalanced and single braces', () => {
    expect(braceProblem('Hola {{customerName}}')).toBeUndefined();
    expect(braceProblem('Hola {{customerName}')).toMatch(/unbalanced braces/);
    expect(braceProblem('Hola customerName}}')).toMatch(/unbalanced braces/);
    expect(braceProblem('Pague en {paymentLink}')).toBe('{paymentLink} has single braces; write {{paymentLink}}');
  });
});
