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
  it('say who writes, the invoice, its balance, how late it is, the payment link and how to opt out, in GSM-7', () => {
    const message = sms();
    expect(message.body).toBe(
      'Ejemplo Corp: Abarrotes La Esperanza, segun nuestros registros, la factura MX-F1001 por $10,000.00 tiene 3 dias de atraso. Le pedimos realizar el pago a la brevedad: https://pay.example.com/MX-100/MX-F1001 Responda BAJA para no recibir mas mensajes.',
    );
    expect(message).toMatchObject({ encoding: 'GSM-7', segments: 2, locale: 'es-MX' });
    const us = sms({ account: MARKETS[4]!.account, invoices: [MARKETS[4]!.invoices[0]] });
    expect(us.body).toMatch(/^Ejemplo Corp: .* Reply STOP to opt out\.$/);
  });

  it('end with the opt-out keyword in every template, tone, market and budget, even in the shortest form (Reg F §1006.6(e), CTIA)', () => {
    for (const market of MARKETS) {
      const keyword = market.account.locale.startsWith('es') ? 'Responda BAJA para no recibir mas' : 'Reply STOP to opt out.';
      for (const template of ['upcoming', 'due-today', 'overdue', 'final-notice'] as const) {
        for (const tone of ['friendly', 'firm', 'formal'] as const) {
          for (const budget of [1, 2, 3]) {
            const account = { ...market.account, name: longName };
            const message = sms({ account, invoices: manyInvoices(market.account.accountId, 15, market.invoices[0].currency), template, tone, policy: policyWith({ budget }) });
            expect(message.body, `${market.account.locale} ${template} ${tone} ${budget}`).toContain(keyword);
            expect(message.segments).toBeLessThanOrEqual(budget);
          }
        }
      }
    }
  });

  it('counts segments as the carrier bills them', () => {
    for (const tone of ['friendly', 'firm', 'formal'] as const) {
      const message = sms({ tone, invoices: mx.invoices });
      const counted = smsSegments(message.body);
      expect([message.segments, message.encoding]).toEqual([counted.segments, counted.encoding]);
    }
  });

  it('lists several invoices when they fit, and summarises many as a count and total', () => {
    const two = sms({ invoices: mx.invoices, tone: 'friendly', policy: policyWith({ budget: 3 }) });
    expect(two.body).toContain('MX-F1001 $10,000.00 (3 dias de atraso), MX-F1002 $2,345.67 (1 dia de atraso). Total de estas $12,345.67');
    expect(sms({ invoices: mx.invoices, tone: 'friendly' }).body).toContain('tiene 2 facturas por $12,345.67, con hasta 3 dias de atraso');
    const fifteen = sms({ invoices: manyInvoices('MX-100', 15), now: new Date('2026-12-18T16:00:00Z') });
    // The oldest is due Sunday 1 November 2026, payable Monday 2: 46 days late on 18 December.
    expect(fifteen.body).toContain('tiene 15 facturas por $185,185.05, con hasta 46 dias de atraso');
    expect(fifteen.segments).toBeLessThanOrEqual(2);
  });

  it('asks a late SMS only for what is late: totals and counts leave out an invoice not yet due', () => {
    // MX-F1001 is 3 days late on 18 December; MX-F1003, due 23 December, rides along (consolidation).
    const ahead = { ...mx.invoices[1], invoiceNumber: 'MX-F1003', dueDate: '2026-12-23' };
    const listed = sms({ invoices: [mx.invoices[0], ahead], policy: policyWith({ budget: 3 }) });
    expect(listed.body).toContain('MX-F1001 $10,000.00 (3 dias de atraso), MX-F1003 $2,345.67 (vence 23 dic). Total vencido de estas $10,000.00');
    const summary = sms({ invoices: [mx.invoices[0], ahead], tone: 'formal' });
    // One late invoice among others: "con 3 dias", not "con hasta".
    expect(summary.body).toContain('1 factura vencida por $10,000.00, con 3 dias de atraso');
    expect(summary.body).not.toContain('$12,345.67');
  });

  it('several invoices, even in two currencies: the link names the one invoice it pays, or is the portal when there is one', () => {
    // 18 December: MX-F1001 (MXN 10,000.00) is 3 days late, MX-USD-1 (USD 500.00, due the 17th) 1 day.
    const usd = { ...mx.invoices[1], invoiceNumber: 'MX-USD-1', currency: 'USD', balance: 50_000, amount: 50_000 };
    const two = sms({ invoices: [mx.invoices[0], usd], tone: 'formal' });
    expect(two.body).toBe(
      'Ejemplo Corp: Estimado cliente Abarrotes La Esperanza, le informamos que tiene 2 facturas por $10,000.00 + USD 500.00, con hasta 3 dias de atraso. ' +
        'Le solicitamos pagar lo vencido a la brevedad: https://pay.example.com/MX-100/MX-F1001 (solo factura MX-F1001) Responda BAJA para no recibir mas mensajes.',
    );
    const portal = policyWith({ company: { portalLinkTemplate: 'https://portal.example.com/{accountId}' } });
    const viaPortal = sms({ invoices: [mx.invoices[0], usd], tone: 'formal', policy: portal });
    expect(viaPortal.body).toContain('Le solicitamos pagar lo vencido a la brevedad: https://portal.example.com/MX-100 Responda BAJA');
    expect(viaPortal.body).not.toContain('solo factura');
    // One invoice: its own link, nothing to name.
    expect(sms().body).toContain('a la brevedad: https://pay.example.com/MX-100/MX-F1001 Responda BAJA');
  });

  it('never sends the link of one invoice as the way to pay several without naming it, in any form, budget or market', () => {
    for (const market of MARKETS) {
      const named = market.account.locale.startsWith('es') ? /\(solo factura F-2001\)|Pague F-2001 en: / : /\(invoice F-2001 only\)|Pay F-2001 online: /;
      for (const template of ['upcoming', 'due-today', 'overdue', 'final-notice'] as const) {
        for (const budget of [1, 2, 3]) {
          for (const count of [2, 5, 15]) {
            const account = { ...market.account, name: longName };
            const message = sms({ account, invoices: manyInvoices(market.account.accountId, count, market.invoices[0].currency), template, tone: 'formal', policy: policyWith({ budget }) });
            const what = `${market.account.locale} ${template} ${budget} ${count}`;
            expect(message.body, what).toContain(`https://pay.example.com/${market.account.accountId}/F-2001`);
            expect(message.body, what).toMatch(named);
            expect(message.body, what).not.toMatch(/regularizar el saldo|settle the balance/);
            expect(message.segments, what).toBeLessThanOrEqual(budget);
          }
        }
      }
    }
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
    const cut = sms({ account: { ...mx.account, name: longName } });
    expect(cut.body).toContain('Ejemplo Corp: Comercializadora Inte..., segun');
    expect(cut.body).toContain('la factura MX-F1001 por $10,000.00 tiene 3 dias de atraso. Le pedimos');
    const one = sms({ account: { ...mx.account, name: longName }, policy: policyWith({ budget: 1 }) });
    expect(one.body).toBe('Ejemplo Corp: factura MX-F1001 por $10,000.00, tiene 3 dias de atraso. Pague en: https://pay.example.com/MX-100/MX-F1001 Responda BAJA para no recibir mas.');
    expect(one.segments).toBe(1);
  });

  it('keeps accents when they cost nothing more, and drops them when they would double the cost', () => {
    expect(fitFirst(['Pagó €5 — gracias'], 1)).toEqual({ body: 'Pagó €5 — gracias', segments: 1, encoding: 'UCS-2' });
    const long = `Ejemplo: ${'ó'.repeat(60)} ${'a'.repeat(30)}`;
    expect(fitFirst([long], 1)).toEqual({ body: `Ejemplo: ${'o'.repeat(60)} ${'a'.repeat(30)}`, segments: 1, encoding: 'GSM-7' });
  });

  it('keeps an emoji in a name (UCS-2) when the budget allows, else leaves it out', () => {
    const account = { ...mx.account, name: 'Tacos 🌮 El Güero' };
    const roomy = sms({ account, policy: policyWith({ budget: 4 }) });
    expect(roomy.body).toContain('Tacos 🌮 El Güero');
    expect(roomy).toMatchObject({ encoding: 'UCS-2', segments: 4 });
    const tight = sms({ account });
    expect(tight.body).toContain('Ejemplo Corp: Tacos El Güero, segun nuestros registros');
    expect(tight).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });

  it('throws a clear error when even the shortest form cannot fit', () => {
    const policy = policyWith({ budget: 1, company: { name: 'Distribuidora Internacional de Productos Alimenticios y Bebidas del Norte de México, S.A.P.I. de C.V.' } });
    expect(() => sms({ policy })).toThrow(MessageTooLongError);
    expect(() => sms({ policy })).toThrow(/needs 2 segments, more than channels\.sms\.segmentBudget \(1\)/);
  });

  it('uses the policy override, shortening its values (never its words) to fit, with the opt-out line unless it has its own', () => {
    const policy = policyWith({ overrides: [{ channel: 'sms', template: 'overdue', text: '{{companyName}}: {{customerName}} debe {{invoiceList}}. Total {{total}}. Pague: {{paymentLink}}' }] });
    expect(sms({ policy }).body).toBe(
      'Ejemplo Corp: Abarrotes La Esperanza debe MX-F1001 $10,000.00 (3 dias de atraso). Total $10,000.00. Pague: https://pay.example.com/MX-100/MX-F1001 Responda BAJA para no recibir mas mensajes.',
    );
    const own = policyWith({ overrides: [{ channel: 'sms', template: 'overdue', text: '{{companyName}}: debe {{total}}. Pague: {{paymentLink}} BAJA para salir' }] });
    expect(sms({ policy: own }).body).toBe('Ejemplo Corp: debe $10,000.00. Pague: https://pay.example.com/MX-100/MX-F1001 BAJA para salir');
    const many = sms({ policy, invoices: manyInvoices('MX-100', 15), now: new Date('2026-12-18T16:00:00Z') });
    expect(many.body).toMatch(/debe F-2001, F-2002, .* y F-2015\. Total/);
  });
});
