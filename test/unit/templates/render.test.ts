import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { LANGUAGES } from '../../../shared/domain/templates/languages.js';
import { paymentLink, renderEmail, templateNames, type RenderInput } from '../../../shared/domain/templates/render.js';
import type { Account, Invoice, Tone } from '../../../shared/domain/types.js';

const account: Account = {
  accountId: 'MX-100',
  name: 'Abarrotes La Esperanza',
  country: 'MX',
  timezone: 'America/Mexico_City',
  locale: 'es-MX',
};
const invoice: Invoice = {
  accountId: 'MX-100',
  invoiceNumber: 'F-1001',
  currency: 'MXN',
  amount: 1_234_567,
  balance: 1_234_567,
  dueDate: '2026-12-15',
  status: 'open',
};
/** Friday 18 Dec 2026, 10:00 in Mexico City: three days after the due date. */
const now = new Date('2026-12-18T16:00:00Z');

function render(overrides: Partial<RenderInput> = {}) {
  return renderEmail({ account, invoice, template: 'overdue', tone: 'friendly', now, policy: defaultPolicy, ...overrides });
}

/** Intl puts a no-break space between some symbols and amounts; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const TONES: Tone[] = ['friendly', 'firm', 'formal'];

/** The default policy's company block, signed as a Mexican reads it (written out by hand from examples/policy.json). */
const SIGNATURE_ES = [
  'Cuentas por Cobrar',
  'Ejemplo Corp, S.A. de C.V. · RFC ECO120315AB1',
  'Tel. +52 55 1234 5678 · cobranza@example.com',
  'Av. Paseo de la Reforma 250, piso 10, Col. Juárez, 06600 Ciudad de México, CDMX',
].join('\n');

describe('renderEmail', () => {
  it('writes Spanish for an es-MX debtor, with the amount and date as a Mexican reads them', () => {
    const email = render();
    expect(email.locale).toBe('es-MX');
    expect(email.text).toContain('$12,345.67');
    expect(email.text).toContain('15 de diciembre de 2026');
    expect(email.text).toContain('F-1001');
    expect(email.text).toContain('Hola, equipo de Abarrotes La Esperanza:');
    expect(email.text).toContain('3 días de atraso');
    expect(email.html).toContain('$12,345.67');
    expect(email.subject).toBe('La factura F-1001 sigue pendiente de pago – Ejemplo Corp');
  });

  it('writes English for any other locale', () => {
    const email = render({ account: { ...account, locale: 'en-US', country: 'US', timezone: 'America/New_York' }, invoice: { ...invoice, currency: 'USD' } });
    expect(email.locale).toBe('en-US');
    expect(email.text).toContain('$12,345.67');
    expect(email.text).toContain('December 15, 2026');
    expect(email.text).toContain('3 days overdue');
    expect(render({ account: { ...account, locale: 'pt-BR', country: 'BR' } }).text).toContain('Hello Abarrotes La Esperanza team,');
  });

  it.each([
    ['es-CO', 'CO', 'COP', 123_456_700, '$ 1.234.567'],
    ['es-CO', 'CO', 'COP', 123_456_750, '$ 1.234.567,50'],
    ['es-CL', 'CL', 'CLP', 1_234_567, '$1.234.567'],
    ['es-PE', 'PE', 'PEN', 1_234_550, 'S/ 12,345.50'],
    ['es-AR', 'AR', 'ARS', 1_234_567, '$ 12.345,67'],
  ])('formats %s %s balances from minor units (%s %i → %s)', (locale, country, currency, balance, expected) => {
    const email = render({ account: { ...account, locale, country }, invoice: { ...invoice, currency, balance, amount: balance } });
    expect(plain(email.text)).toContain(expected);
  });

  it('gives a bare language the region of the account, so amounts look local', () => {
    const email = render({ account: { ...account, locale: 'es', country: 'CO' }, invoice: { ...invoice, currency: 'COP', balance: 123_456_700 } });
    expect(email.locale).toBe('es-CO');
    expect(plain(email.text)).toContain('$ 1.234.567');
  });

  it("formats the due date in the debtor's zone, whatever the offset", () => {
    const email = render({ account: { ...account, timezone: 'Pacific/Kiritimati', locale: 'en-US' } });
    expect(email.text).toContain('December 15, 2026');
  });

  it('escapes the customer name and invoice number in HTML, and keeps them intact in text', () => {
    const name = 'Herrería & Hijos <script>alert(1)</script>';
    const email = render({ account: { ...account, name }, invoice: { ...invoice, invoiceNumber: 'F"1<2>' } });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Herrería &amp; Hijos &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('F&quot;1&lt;2&gt;');
    expect(email.text).toContain(name);
  });

  it('links to the payment page with URL-encoded values', () => {
    const email = render({ invoice: { ...invoice, accountId: 'MX 100', invoiceNumber: 'A/1&2' } });
    expect(email.text).toContain('https://pay.example.com/MX%20100/A%2F1%262');
    expect(email.html).toContain('href="https://pay.example.com/MX%20100/A%2F1%262"');
    expect(paymentLink('https://p.example/?c={accountId}&i={invoiceNumber}', { accountId: 'a b', invoiceNumber: '#1' })).toBe(
      'https://p.example/?c=a%20b&i=%231',
    );
  });

  it('says "1 día" and "1 day" for one day overdue, plural otherwise', () => {
    const oneDay = new Date('2026-12-16T16:00:00Z');
    expect(render({ now: oneDay }).text).toContain('(1 día de atraso)');
    expect(render({ now: oneDay, tone: 'firm' }).subject).toContain('(1 día de atraso)');
    expect(render({ now: oneDay, account: { ...account, locale: 'en' } }).text).toContain('(1 day overdue)');
    expect(render({ now: new Date('2027-01-14T16:00:00Z') }).text).toContain('(30 días de atraso)');
    expect(render({ now, account: { ...account, locale: 'en' } }).text).toContain('(3 days overdue)');
  });

  it('tells how soon an upcoming invoice falls due', () => {
    const upcoming = (days: number, locale: string) =>
      render({ template: 'upcoming', now: new Date(Date.parse('2026-12-15T16:00:00Z') - days * 86_400_000), account: { ...account, locale } }).text;
    expect(upcoming(5, 'es-MX')).toContain('vence el 15 de diciembre de 2026 (en 5 días)');
    expect(upcoming(1, 'es-MX')).toContain('(mañana)');
    expect(upcoming(5, 'en-US')).toContain('is due on December 15, 2026 (in 5 days)');
    expect(upcoming(1, 'en-US')).toContain('(tomorrow)');
  });

  it('lists days overdue in the details only once the invoice is late', () => {
    expect(render({ now }).text).toContain('Días de atraso: 3');
    expect(render({ template: 'upcoming', now: new Date('2026-12-10T16:00:00Z') }).text).not.toContain('Días de atraso');
  });

  it('signs with the company signature, line by line', () => {
    const email = render();
    expect(email.text.trimEnd().endsWith(SIGNATURE_ES)).toBe(true);
    expect(email.html).toContain(SIGNATURE_ES.split('\n').join('<br>'));
  });

  it('keeps the subject on one line whatever the names contain', () => {
    const policy = { ...defaultPolicy, company: { ...defaultPolicy.company, name: 'ACME\r\nBcc: x@evil.example' } };
    expect(render({ policy, invoice: { ...invoice, invoiceNumber: 'F\n1' } }).subject).not.toMatch(/[\r\n]/);
  });

  it('refuses an unknown template', () => {
    expect(() => render({ template: 'nope' })).toThrow(/unknown email template "nope"/);
  });

  it('has every template in every tone and language, each with its own words', () => {
    expect(templateNames()).toEqual(['upcoming', 'due-today', 'overdue', 'final-notice']);
    for (const [locale, language] of [['es-MX', 'es'], ['en-US', 'en']] as const) {
      const subjects = new Set<string>();
      for (const template of templateNames()) {
        for (const tone of TONES) {
          // Each template on a day it speaks for: before, on and after the due date (15 Dec).
          const day = template === 'upcoming' ? '2026-12-10' : template === 'due-today' ? '2026-12-15' : '2026-12-18';
          const email = render({ template, tone, account: { ...account, locale }, now: new Date(`${day}T16:00:00Z`) });
          expect(email.subject.length, `${language} ${template} ${tone}`).toBeGreaterThan(10);
          expect(email.text).toContain('F-1001');
          expect(email.text).toContain('https://pay.example.com/MX-100/F-1001');
          expect(email.html).toMatch(/^<!DOCTYPE html>/);
          expect(email.html).toContain(`lang="${locale}"`);
          subjects.add(email.subject);
        }
      }
      expect(subjects.size).toBe(12);
      expect(Object.keys(LANGUAGES[language].templates).sort()).toEqual([...templateNames()].sort());
    }
  });

  it('stays courteous: friendly messages thank, assume good faith and offer help', () => {
    for (const template of templateNames()) {
      expect(render({ template, tone: 'friendly' }).text, template).toMatch(/gracias/i);
      expect(render({ template, tone: 'friendly', account: { ...account, locale: 'en' } }).text, template).toMatch(/thank/i);
    }
    expect(render({ template: 'final-notice', tone: 'friendly' }).text).toContain('plan de pagos');
  });
});

describe('a reminder that goes out on a later day than planned', () => {
  it('never says "due today" of an invoice that is already late', () => {
    // Planned as the due-date step, sent three days after the due date (weekend, catch-up, retries).
    const late = render({ template: 'due-today' });
    expect(late.subject).toBe('La factura F-1001 sigue pendiente de pago – Ejemplo Corp');
    expect(late.text).not.toMatch(/vence hoy/);
    expect(render({ template: 'upcoming' }).text).toContain('3 días de atraso');
  });

  it('says "due today" for an upcoming-step message that goes out on the due date itself', () => {
    const onTheDay = render({ template: 'upcoming', now: new Date('2026-12-15T16:00:00Z') });
    expect(onTheDay.subject).toBe(render({ template: 'due-today', now: new Date('2026-12-15T16:00:00Z') }).subject);
  });

  it('never calls the day-90 notice "final": a letter follows, and it says so plainly', () => {
    for (const tone of TONES) {
      for (const locale of ['es-MX', 'en-US']) {
        const email = render({ template: 'final-notice', tone, account: { ...account, locale }, now: new Date('2027-03-20T16:00:00Z') });
        expect(`${email.subject}\n${email.text}`).not.toMatch(/final|[uú]ltim|notific|requer|apercib|embargo|demanda|tribunal|juzgado|legal action|court|políticas de crédito|credit and collection policies/i);
      }
    }
    expect(render({ template: 'final-notice', tone: 'formal' }).subject).toBe('Solicitud de regularización: saldo de la factura F-1001 – Ejemplo Corp');
    expect(render({ template: 'final-notice', tone: 'firm' }).text).toContain('Si no tenemos noticias suyas, les enviaremos una carta de cobro con el detalle del saldo vencido.');
    expect(render({ template: 'final-notice', tone: 'formal', account: { ...account, locale: 'en-US' } }).text).toContain(
      'If we receive neither payment nor a proposal, we will send you a letter setting out the overdue balance.',
    );
  });
});
