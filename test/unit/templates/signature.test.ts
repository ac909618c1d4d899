import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { contactUs, replyAddress } from '../../../shared/domain/templates/contact.js';
import { companySignature, taxIdLabel } from '../../../shared/domain/templates/signature.js';

describe('companySignature', () => {
  it('writes the shipped company block in the debtor’s language only, line by line', () => {
    expect(companySignature(defaultPolicy.company, 'es')).toBe(
      [
        'Cuentas por Cobrar',
        'Ejemplo Corp, S.A. de C.V. · RFC ECO120315AB1',
        'Tel. +52 55 1234 5678 · cobranza@example.com',
        'Av. Paseo de la Reforma 250, piso 10, Col. Juárez, 06600 Ciudad de México, CDMX',
      ].join('\n'),
    );
    expect(companySignature(defaultPolicy.company, 'en')).toBe(
      [
        'Accounts Receivable',
        'Ejemplo Corp, S.A. de C.V. · RFC ECO120315AB1',
        'Phone +52 55 1234 5678 · cobranza@example.com',
        'Av. Paseo de la Reforma 250, piso 10, Col. Juárez, 06600 Ciudad de México, CDMX',
      ].join('\n'),
    );
  });

  it('uses a company’s own signature exactly as written', () => {
    const own = 'Cobranza · Ejemplo Corp\ncobranza@example.com';
    expect(companySignature({ ...defaultPolicy.company, signature: own }, 'en')).toBe(own);
  });

  it('leaves out what the policy does not give, with no empty line, and falls back to the brand name', () => {
    expect(companySignature({ name: 'ACME' }, 'es')).toBe('Cuentas por Cobrar\nACME');
    expect(companySignature({ name: 'ACME', replyTo: 'ar@acme.example', address: 'Calle 1\n  Lima' }, 'en')).toBe('Accounts Receivable\nACME\nar@acme.example\nCalle 1 Lima');
  });

  it.each([
    ['ECO120315AB1', 'RFC'], // Mexico, persona moral: 3 letters, YYMMDD, homoclave
    ['GODE561231GR8', 'RFC'], // Mexico, persona física: 4 letters
    ['76.123.456-7', 'RUT'], // Chile
    ['12345678-K', 'RUT'],
    ['900.123.456-7', 'NIT'], // Colombia
    ['9001234567-1', 'NIT'],
    ['20512345678', 'RUC'], // Peru, a company
    ['12-3456789', 'EIN'], // United States
    ['NIT 900123456-7', ''], // already named
    ['AB-12', undefined],
  ])('names the tax id %s as %s', (taxId, label) => {
    expect(taxIdLabel(taxId)).toBe(label);
  });

  it('prints a tax id of unknown shape with a generic label, and one already named as it is', () => {
    expect(companySignature({ name: 'ACME', taxId: 'AB-12' }, 'es')).toContain('ACME · Id. fiscal AB-12');
    expect(companySignature({ name: 'ACME', taxId: 'AB-12' }, 'en')).toContain('ACME · Tax ID AB-12');
    expect(companySignature({ name: 'ACME', taxId: 'NIT 900123456-7' }, 'es')).toContain('ACME · NIT 900123456-7');
  });
});

describe('replyAddress and contactUs', () => {
  it('replies go to replyTo, else to the collections mailbox, else nowhere', () => {
    expect(replyAddress({ replyTo: 'a@x.example', email: 'b@x.example' })).toBe('a@x.example');
    expect(replyAddress({ email: 'b@x.example' })).toBe('b@x.example');
    expect(replyAddress({})).toBeUndefined();
  });

  it('asks for a reply only when someone reads replies; else the phone, else the self-service link, else just "contact us"', () => {
    expect(contactUs('es', { email: 'b@x.example', phone: '+52 55 1' }, true)).toBe('respondan a este correo');
    expect(contactUs('es', { phone: '+52 55 1234 5678' }, true)).toBe('llámennos al +52 55 1234 5678');
    expect(contactUs('en', {}, true)).toBe('write to us through the self-service link in this email');
    expect(contactUs('en', {}, false)).toBe('contact us');
  });
});
