import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../../shared/domain/channels/sms-segments.js';
import { composeMessage, type ComposeInput } from '../../../shared/domain/messages/compose.js';
import { MessageTooLongError } from '../../../shared/domain/messages/errors.js';
import { fitFirst } from '../../../shared/domain/messages/sms.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { manyInvoices, MARKETS, policyWith, SPEAKS_ON } from './fixtures.js';

const mx = MARKETS[0]!;
const longName = 'Comercializadora Internacional de Abarrotes y Bebidas del Pacífico Norte, S.A. de C.V.';

function sms(input: Partial<ComposeInput> = {}) {
  const message = composeMessage({
    account: mx.account,
    invoices: [mx.invoices[0]],
    template: 'overdue',
    tone: 'firm',
    channel: 'sms',
    now: SPEAKS_ON.overdue,
    policy: defaultPolicy,
    ...input,
  });
  if (message.channel !== 'sms') throw new Error('expected an SMS');
  return message;
}

describe('SMS reminders', () => {
  it('say who writes, the invoice, its balance, how late it is, and the payment link, in GSM-7', () => {
    const message = sms();
    expect(message.body).toBe(
      'Ejemplo Corp: Abarrotes La Esperanza, segun nuestros registros, la factura MX-F1001 por $10,000.00 tiene 3 dias de atraso. Le pedimos realizar el pago a la brevedad: https://pay.example.com/MX-100/MX-F1001',
    );
    expect(message).toMatchObject({ encoding: 'GSM-7', segments: 2, locale: 'es-MX' });
  });

  it('counts segments as the carrier bills them', () => {
    for (const tone of ['friendly', 'firm', 'formal'] as const) {
      const message = sms({ tone, invoices: mx.invoices });
      const counted = smsSegments(message.body);
      expect([message.segments, message.encoding]).toEqual([counted.segments, counted.encoding]);
    }
  });

  it('lists several invoices when they fit, and summarises many as a count and total', () => {
    const two = sms({ invoices: mx.invoices, tone: 'friendly' });
    expect(two.body).toContain('MX-F1001 $10,000.00 (3 dias de atraso), MX-F1002 $2,345.67 (1 dia de atraso). Total $12,345.67');
    const fifteen = sms({ invoices: manyInvoices('MX-100', 15), now: new Date('2026-12-18T16:00:00Z') });
    expect(fifteen.body).toContain('tiene 15 facturas por $185,185.05, con hasta 47 dias de atraso');
    expect(fifteen.segments).toBeLessThanOrEqual(2);
  });

  it('stays within the budget for 1 to 15 invoices of a debtor with a long name', () => {
    for (const budget of [1, 2, 3]) {
      for (let count = 1; count <= 15; count++) {
        for (const market of MARKETS) {
          const message = sms({
            account: { ...market.account, name: longName },
            invoices: manyInvoices(market.account.accountId, count, market.invoices[0].currency, market.invoices[0].balance * 97),
            policy: policyWith({ budget }),
            now: new Date('2026-12-18T16:00:00Z'),
          });
          expect(message.segments, `${market.account.locale} ${count} invoices, budget ${budget}`).toBeLessThanOrEqual(budget);
        }
      }
    }
  });

  it('cuts a long name before it gives up the detail, and drops it last', () => {
    const cut = sms({ account: { ...mx.account, name: longName }, invoices: mx.invoices });
    expect(cut.body).toContain('Ejemplo Corp: Comercializadora Inte..., segun');
    expect(cut.body).toContain('MX-F1001 $10,000.00 (3 dias de atraso), MX-F1002');
    const one = sms({ account: { ...mx.account, name: longName }, policy: policyWith({ budget: 1 }) });
    expect(one.body).toBe('Ejemplo Corp: factura MX-F1001 por $10,000.00, tiene 3 dias de atraso. Enlace de pago: https://pay.example.com/MX-100/MX-F1001');
    expect(one.segments).toBe(1);
  });

  it('keeps accents when they cost nothing more, and drops them when they would double the cost', () => {
    expect(fitFirst(['Pagó €5 — gracias'], 1)).toEqual({ body: 'Pagó €5 — gracias', segments: 1, encoding: 'UCS-2' });
    const long = `Ejemplo: ${'ó'.repeat(60)} ${'a'.repeat(30)}`;
    expect(fitFirst([long], 1)).toEqual({ body: `Ejemplo: ${'o'.repeat(60)} ${'a'.repeat(30)}`, segments: 1, encoding: 'GSM-7' });
  });

  it('keeps an emoji in a name (UCS-2) when the budget allows, else leaves it out', () => {
    const account = { ...mx.account, name: 'Tacos 🌮 El Güero' };
    const roomy = sms({ account, policy: policyWith({ budget: 3 }) });
    expect(roomy.body).toContain('Tacos 🌮 El Güero');
    expect(roomy).toMatchObject({ encoding: 'UCS-2', segments: 3 });
    const tight = sms({ account });
    expect(tight.body).toContain('Ejemplo Corp: Tacos El Güero, segun nuestros registros');
    expect(tight).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });

  it('throws a clear error when even the shortest form cannot fit', () => {
    const policy = policyWith({ budget: 1, company: { name: 'Distribuidora Internacional de Productos Alimenticios y Bebidas del Norte de México, S.A.P.I. de C.V.' } });
    expect(() => sms({ policy })).toThrow(MessageTooLongError);
    expect(() => sms({ policy })).toThrow(/needs 2 segments, more than channels\.sms\.segmentBudget \(1\)/);
  });

  it('uses the policy override, shortening its values (never its words) to fit', () => {
    const policy = policyWith({ overrides: [{ channel: 'sms', template: 'overdue', text: '{{companyName}}: {{customerName}} debe {{invoiceList}}. Total {{total}}. Pague: {{paymentLink}}' }] });
    expect(sms({ policy }).body).toBe('Ejemplo Corp: Abarrotes La Esperanza debe MX-F1001 $10,000.00 (3 dias de atraso). Total $10,000.00. Pague: https://pay.example.com/MX-100/MX-F1001');
    const many = sms({ policy, invoices: manyInvoices('MX-100', 15), now: new Date('2026-12-18T16:00:00Z') });
    expect(many.body).toMatch(/debe F-2001, F-2002, .* y F-2015\. Total/);
  });
});
