import { describe, expect, it } from 'vitest';
import { composeMessage, type ComposeInput } from '../../../shared/domain/messages/compose.js';
import { templateProblems } from '../../../shared/domain/messages/policy-check.js';
import { whatsappTemplateCatalog } from '../../../shared/domain/messages/whatsapp-catalog.js';
import { whatsappLanguageCode, whatsappTemplateName } from '../../../shared/domain/messages/whatsapp-language.js';
import { whatsappBodyProblems, whatsappParameter } from '../../../shared/domain/messages/whatsapp.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { TEMPLATE_NAMES } from '../../../shared/domain/templates/catalog.js';
import { manyInvoices, MARKETS, plain, policyWith, SPEAKS_ON, TONES } from './fixtures.js';

const pe = MARKETS[2]!;

function whatsapp(input: Partial<ComposeInput> = {}) {
  const message = composeMessage({
    account: pe.account,
    invoices: pe.invoices,
    template: 'overdue',
    tone: 'formal',
    channel: 'whatsapp',
    now: SPEAKS_ON.overdue,
    policy: defaultPolicy,
    ...input,
  });
  if (message.channel !== 'whatsapp') throw new Error('expected a WhatsApp message');
  return message;
}

/** Meta refuses a parameter with a new line, a tab or more than four spaces in a row. */
const META_FORBIDDEN = /[\n\r\t]| {5,}/;

describe('WhatsApp reminders', () => {
  it('name the approved template and language, and carry the values in order', () => {
    const message = whatsapp();
    expect(message.templateName).toBe('cobranza_overdue_formal');
    expect(message.languageCode).toBe('es_PE');
    expect(message.parameters.map(plain)).toEqual([
      'Bodega San Martín',
      'Ejemplo Corp',
      'factura PE-F1001 por S/ 10,000.00, venció el 15 de diciembre de 2026 (3 días de atraso); factura PE-F1002 por S/ 2,345.50, venció el 17 de diciembre de 2026 (1 día de atraso)',
      'S/ 12,345.50',
      // Both invoices are overdue: nothing not yet due to list apart.
      'ninguna',
      // No other overdue invoice on the account.
      'ninguna',
      // No portal: the link pays the first invoice only, and says so.
      'https://pay.example.com/PE-300/PE-F1001 (solo factura PE-F1001)',
      'Cuentas por Cobrar · Ejemplo Corp, S.A. de C.V. · RFC ECO120315AB1 · Tel. +52 55 1234 5678 · cobranza@example.com · Av. Paseo de la Reforma 250, piso 10, Col. Juárez, 06600 Ciudad de México, CDMX',
    ]);
    expect(message.preview).toContain('A la atención de Bodega San Martín: por medio del presente, Ejemplo Corp le informa de un saldo vencido.');
    expect(plain(message.preview)).toContain('\nTotal vencido de este mensaje: S/ 12,345.50\nPor vencer, aparte: ninguna.\nOtras vencidas de su cuenta, aparte: ninguna.\n');
  });

  it('a late message asks only for the overdue invoices: their total alone, the ones not yet due listed apart (like the email)', () => {
    // 1 December 2026: F-1 (MXN 10,000.00) is 91 days late, F-4 (MXN 50,000.00) is due on the 10th.
    const account = { accountId: 'M-1', name: 'Mixta SA', email: 'a@x.com', phone: '+525512345678', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' };
    const inv = (invoiceNumber: string, balance: number, dueDate: string) => ({ accountId: 'M-1', invoiceNumber, currency: 'MXN', amount: balance, balance, issueDate: '2026-08-01', dueDate, status: 'open' as const });
    const invoices = [inv('F-4', 5_000_000, '2026-12-10'), inv('F-1', 1_000_000, '2026-09-01')];
    const now = new Date('2026-12-01T16:00:00Z');
    for (const template of ['overdue', 'final-notice']) {
      for (const tone of TONES) {
        const message = whatsapp({ account, invoices, template, tone, now });
        const preview = plain(message.preview);
        expect(preview, `${template} ${tone}`).toContain(
          '\nVencidas: factura F-1 por $10,000.00, venció el 1 de septiembre de 2026 (91 días de atraso).\n' +
            'Total vencido de este mensaje: $10,000.00\n' +
            'Por vencer, aparte: factura F-4 por $50,000.00, vence el 10 de diciembre de 2026.\n',
        );
        expect(preview).not.toContain('$60,000.00');
        const email = composeMessage({ account, invoices, template, tone, channel: 'email', now, policy: defaultPolicy });
        expect(email.channel === 'email' && email.text).toContain('Total vencido de estas facturas: $10,000.00\nPor vencer: $50,000.00');
      }
    }
    // In English, and two currencies: each total in its own currency, never added together.
    const en = { ...account, locale: 'en-US', country: 'US', timezone: 'America/New_York' };
    const usd = { ...inv('U-2', 20_000, '2026-10-01'), currency: 'USD' };
    const english = plain(whatsapp({ account: en, invoices: [...invoices, usd], template: 'overdue', tone: 'firm', now }).preview);
    expect(english).toContain('\nTotal overdue in this message: MX$10,000.00 + $200.00\nNot yet due (not included): invoice F-4 for MX$50,000.00, due on December 10, 2026.\n');
  });

  it('end with the opt-out line in every template, tone and market (Reg F §1006.6(e))', () => {
    for (const market of MARKETS) {
      const line = market.account.locale.startsWith('es') ? 'Responda BAJA para no recibir más mensajes.' : 'Reply STOP to opt out.';
      for (const template of TEMPLATE_NAMES) {
        for (const tone of TONES) {
          const message = whatsapp({ account: market.account, invoices: market.invoices, template, tone, now: SPEAKS_ON[template] });
          expect(message.preview.endsWith(`\n${line}`), `${market.account.locale} ${template} ${tone}`).toBe(true);
        }
      }
    }
  });

  it('never call a message "final" or "último" and never use court words, since a letter follows', () => {
    for (const market of MARKETS) {
      for (const tone of TONES) {
        const preview = whatsapp({ account: market.account, invoices: market.invoices, template: 'final-notice', tone, now: SPEAKS_ON['final-notice'] }).preview;
        expect(preview).not.toMatch(/final|[uú]ltimo|notifica|requer|apercib|embargo|demanda|tribunal|juzgado|legal action|court/i);
        // Firm and formal say what follows, plainly; friendly only offers help.
        if (tone !== 'friendly') expect(preview).toMatch(/carta de cobro|letter setting out the overdue balance/);
      }
    }
  });

  it('spells template names and language codes as Meta does', () => {
    expect(whatsappTemplateName('cobranza_', 'due-today', 'firm')).toBe('cobranza_due_today_firm');
    expect(whatsappTemplateName('acme_', 'final-notice', 'formal')).toBe('acme_final_notice_formal');
    const codes = ['es-MX', 'es-CO', 'es-PE', 'es-CL', 'es-AR', 'es', 'es-419', 'en-US', 'en-GB', 'en', 'pt-BR'].map(whatsappLanguageCode);
    expect(codes).toEqual(['es_MX', 'es_CO', 'es_PE', 'es_CL', 'es', 'es', 'es', 'en_US', 'en_US', 'en_US', 'en_US']);
  });

  it('gives Meta parameters it accepts: one line, no runs of spaces, never empty', () => {
    expect(whatsappParameter('Cuentas por Cobrar\nEjemplo Corp\r\ncobranza@example.com')).toBe('Cuentas por Cobrar · Ejemplo Corp · cobranza@example.com');
    expect(whatsappParameter('A\tB      C')).toBe('A B C');
    expect(whatsappParameter(' \n ')).toBe('-');
    const message = whatsapp({ account: { ...pe.account, name: 'Bodega\tSan     Martín\n(Lima)' } });
    for (const parameter of message.parameters) expect(parameter).not.toMatch(META_FORBIDDEN);
    expect(message.parameters[0]).toBe('Bodega San Martín · (Lima)');
  });

  it('has as many parameters as the catalog template has placeholders, in every template, tone and market', () => {
    const catalog = whatsappTemplateCatalog(defaultPolicy);
    for (const market of MARKETS) {
      for (const template of TEMPLATE_NAMES) {
        for (const tone of TONES) {
          const message = whatsapp({ account: market.account, invoices: market.invoices, template, tone, now: SPEAKS_ON[template] });
          const entry = catalog.find((e) => e.name === message.templateName && e.language === message.languageCode);
          expect(entry, `${message.templateName} ${message.languageCode}`).toBeDefined();
          expect(message.parameters).toHaveLength(entry?.body.match(/\{\{\d+\}\}/g)?.length ?? -1);
          expect(message.preview).toBe(entry?.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => message.parameters[Number(n) - 1] ?? '?'));
        }
      }
    }
  });

  it('shortens a long list to stay within 1,024 characters', () => {
    // 25 invoices: their numbers; 40: the first and a count. All overdue, each S/ 12,345.67.
    const numbers = whatsapp({ invoices: manyInvoices('PE-300', 25, 'PEN') });
    expect(numbers.preview.length).toBeLessThanOrEqual(1024);
    expect(numbers.parameters[2]).toMatch(/^F-2001, F-2002, .* y F-2025$/);
    expect(plain(numbers.parameters[3] ?? '')).toBe('S/ 308,641.75');
    const first = whatsapp({ invoices: manyInvoices('PE-300', 40, 'PEN') });
    expect(first.preview.length).toBeLessThanOrEqual(1024);
    expect(first.parameters[2]).toBe('F-2001 y 39 más');
    expect(plain(first.parameters[3] ?? '')).toBe('S/ 493,826.80');
  });

  it('measures a WhatsApp override as sent, with its opt-out line, against Meta’s 1,024 characters', () => {
    const text = (length: number) => `Hola {{customerName}}, ${'x'.repeat(length)} por favor.`;
    const problems = (length: number) => templateProblems(policyWith({ overrides: [{ channel: 'whatsapp', template: 'overdue', text: text(length) }] }));
    // 34 + 946 = 980 characters written; 1,024 with a new line and "Responda BAJA para no recibir más mensajes." (43).
    expect(problems(946)).toEqual([]);
    expect(problems(947)).toEqual([{ path: ['templates', 'overrides', 0, 'text'], message: "longer than WhatsApp's 1024 characters (1025)" }]);
  });

  it('uses an override for its Meta language, the same text for every debtor of that language', () => {
    const policy = policyWith({ overrides: [{ channel: 'whatsapp', template: 'overdue', locale: 'es', text: 'Hola {{customerName}}, debe {{total}}. Pague en {{paymentLink}} por favor.' }] });
    const ar = whatsapp({ policy, account: { ...pe.account, locale: 'es-AR', country: 'AR' } });
    expect(ar.languageCode).toBe('es');
    expect(plain(ar.preview)).toBe('Hola Bodega San Martín, debe PEN 12.345,50. Pague en https://pay.example.com/PE-300/PE-F1001 por favor.\nResponda BAJA para no recibir más mensajes.');
    expect(plain(whatsapp({ policy }).preview)).toBe('Hola Bodega San Martín, debe S/ 12,345.50. Pague en https://pay.example.com/PE-300/PE-F1001 por favor.\nResponda BAJA para no recibir más mensajes.');
    const catalog = whatsappTemplateCatalog(policy).filter((e) => e.name === 'cobranza_overdue_formal');
    // The opt-out line is part of the body Meta approves, so the message sent and the template agree.
    expect(catalog.find((e) => e.language === 'es')?.body).toBe('Hola {{1}}, debe {{2}}. Pague en {{3}} por favor.\nResponda BAJA para no recibir más mensajes.');
    expect(catalog.find((e) => e.language === 'en_US')?.body).toMatch(/^Dear \{\{1\}\}/);
  });
});

describe('whatsappTemplateCatalog', () => {
  const catalog = whatsappTemplateCatalog(defaultPolicy);

  it('lists every reminder template, tone, reply and installment reminder in every language, once', () => {
    // (4 templates × 3 tones + 5 replies (the dispute acknowledgement is the fifth) + 2 installment moments) × 6 language codes.
    expect(catalog).toHaveLength(114);
    expect(new Set(catalog.map((e) => `${e.name}/${e.language}`)).size).toBe(114);
    expect(new Set(catalog.map((e) => e.language))).toEqual(new Set(['es_MX', 'es_CO', 'es_PE', 'es_CL', 'es', 'en_US']));
    expect(catalog.map((e) => e.name)).toContain('cobranza_reply_opt_out_confirmation');
    expect(catalog.filter((e) => e.name === 'cobranza_installment_due_today').map((e) => e.language)).toEqual(['es_MX', 'es_CO', 'es_PE', 'es_CL', 'es', 'en_US']);
    expect(catalog.every((e) => e.category === 'UTILITY')).toBe(true);
  });

  it('ends every reminder and installment template with the opt-out line; replies (answers, not collection contacts) do not need it', () => {
    for (const entry of catalog.filter((e) => !e.name.includes('_reply_'))) {
      const line = entry.language.startsWith('es') ? 'Responda BAJA para no recibir más mensajes.' : 'Reply STOP to opt out.';
      expect(entry.body.endsWith(`\n${line}`), `${entry.name} ${entry.language}`).toBe(true);
    }
  });

  it('writes bodies Meta accepts, with an example value for each placeholder', () => {
    for (const entry of catalog) {
      const placeholders = entry.body.match(/\{\{\d+\}\}/g) ?? [];
      expect(placeholders, entry.name).toEqual(placeholders.map((_, i) => `{{${i + 1}}}`));
      expect(entry.parameters, entry.name).toHaveLength(placeholders.length);
      expect(entry.example, entry.name).toHaveLength(placeholders.length);
      expect(whatsappBodyProblems(entry.body), `${entry.name} ${entry.language}`).toEqual([]);
      for (const value of entry.example) expect(value, entry.name).not.toMatch(META_FORBIDDEN);
      expect(entry.example.join(' '), entry.name).not.toMatch(/undefined|NaN/);
    }
  });

  it('submits late templates with the overdue total and the invoices not yet due apart, never one total of both', () => {
    for (const entry of catalog.filter((e) => /_(overdue|final_notice)_/.test(e.name))) {
      const [total, apart] = entry.language.startsWith('es') ? ['\nTotal vencido de este mensaje: {{', '\nPor vencer, aparte: {{'] : ['\nTotal overdue in this message: {{', '\nNot yet due (not included): {{'];
      expect(entry.body, `${entry.name} ${entry.language}`).toContain(total);
      expect(entry.body, `${entry.name} ${entry.language}`).toContain(apart);
      expect(entry.body).not.toMatch(/\nTotal: \{\{/);
      expect(entry.parameters).toEqual(expect.arrayContaining(['overdueList', 'overdueTotal', 'notYetDueList']));
    }
  });

  it('follows the policy’s template prefix', () => {
    const policy = { ...defaultPolicy, channels: { ...defaultPolicy.channels, whatsapp: { templatePrefix: 'acme_' } } };
    expect(whatsappTemplateCatalog(policy).every((e) => e.name.startsWith('acme_'))).toBe(true);
  });
});
