import { describe, expect, it } from 'vitest';
import { composeMessage, type ComposeInput } from '../../../shared/domain/messages/compose.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import { plain, policyWith } from './fixtures.js';

/**
 * The demo's account (issue #11): on Monday 7 December 2026 a message about F-2026-1102 (due
 * Wednesday 2 December, 5 days late) must not let its total read as the account's whole overdue
 * balance while F-2026-0934 (due 17 September, 81 days late) is owed too but is not in the message.
 */
const mexico: Account = { accountId: 'C-1001', name: 'Abarrotes La Esperanza SA de CV', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' };
const us: Account = { ...mexico, accountId: 'US-1', name: 'Brightline Logistics Inc.', country: 'US', timezone: 'America/New_York', locale: 'en-US' };
const inv = (account: Account, invoiceNumber: string, dueDate: string, balance: number, extra: Partial<Invoice> = {}): Invoice => ({
  accountId: account.accountId,
  invoiceNumber,
  currency: account.country === 'US' ? 'USD' : 'MXN',
  amount: balance,
  balance,
  dueDate,
  status: 'open',
  ...extra,
});
const monday = new Date('2026-12-07T16:00:00Z');
const message = [inv(mexico, 'F-2026-1102', '2026-12-02', 1_856_000)];
const others = [
  inv(mexico, 'F-2026-0934', '2026-09-17', 928_000),
  // Not mentioned: not yet due, paid, without a balance, another account's, held for a person's review, or the message's own.
  inv(mexico, 'F-2026-1200', '2026-12-20', 500_000),
  inv(mexico, 'F-2026-0800', '2026-08-01', 100_000, { status: 'paid' }),
  inv(mexico, 'F-2026-0801', '2026-08-01', 0),
  inv({ ...mexico, accountId: 'C-2' }, 'F-2026-0700', '2026-07-01', 100_000),
  inv(mexico, 'F-1999-0001', '1999-01-01', 100_000, { dateWarning: 'due before 2000' }),
  message[0]!,
];

function compose(input: Partial<ComposeInput>) {
  return composeMessage({ account: mexico, invoices: message, otherInvoices: others, template: 'overdue', tone: 'formal', channel: 'email', now: monday, policy: defaultPolicy, ...input });
}

function email(input: Partial<ComposeInput> = {}) {
  const composed = compose(input);
  if (composed.channel !== 'email') throw new Error('expected an email');
  return { text: plain(composed.text), html: plain(composed.html) };
}

describe('the account’s other overdue invoices, not in the message', () => {
  it('an email about one invoice names the other apart, after the details, and asks only for its own invoice', () => {
    const { text, html } = email();
    expect(text).toContain(
      'Factura: F-2026-1102\nSaldo pendiente: $18,560.00\nFecha de vencimiento: 2 de diciembre de 2026\nDías de atraso: 5\n\n' +
        'Para su información, su cuenta tiene además 1 factura vencida que no forma parte de este mensaje: F-2026-0934, por $9,280.00.\n\n' +
        'Pagar en línea: https://pay.example.com/C-1001/F-2026-1102',
    );
    expect(text).not.toMatch(/F-2026-1200|F-2026-0800|F-2026-0801|F-2026-0700|F-1999|27,840/);
    expect(html).toContain('<p style="margin:0 0 16px;">Para su información, su cuenta tiene además 1 factura vencida que no forma parte de este mensaje: F-2026-0934, por $9,280.00.</p>');
  });

  it('several other overdue invoices: their numbers and total; several in the message: "Total vencido de estas facturas"', () => {
    const more = [...others, inv(mexico, 'F-2026-0871', '2026-08-03', 1_856_000)];
    const withNotYetDue = [...message, inv(mexico, 'F-2026-1150', '2026-12-15', 200_000)];
    const { text } = email({ invoices: withNotYetDue, otherInvoices: more });
    expect(text).toContain('Total vencido de estas facturas: $18,560.00\nPor vencer: $2,000.00\n\n');
    expect(text).toContain(
      'Para su información, su cuenta tiene además 2 facturas vencidas que no forman parte de este mensaje: F-2026-0871 y F-2026-0934, por un total de $27,840.00.',
    );
  });

  it('in English', () => {
    const { text } = email({ account: us, invoices: [inv(us, 'INV-24088', '2026-12-02', 437_550)], otherInvoices: [inv(us, 'INV-24017', '2026-08-03', 1_248_000)] });
    expect(text).toContain('For your information, your account also has 1 other overdue invoice that is not part of this message: INV-24017, for $12,480.00.');
  });

  it('says nothing when there is nothing else overdue', () => {
    expect(email({ otherInvoices: undefined }).text).not.toMatch(/Para su información|además/);
    expect(email({ otherInvoices: others.slice(1) }).text).not.toMatch(/Para su información|además/);
  });

  it('SMS: says they exist and are not included, within the budget; a budget too tight for it still sends the reminder', () => {
    const sms = (budget?: number) => {
      const composed = compose({ channel: 'sms', tone: 'firm', ...(budget ? { policy: policyWith({ budget }) } : {}) });
      if (composed.channel !== 'sms') throw new Error('expected an SMS');
      return composed;
    };
    // Three segments: in a sentence.
    expect(sms(3).body).toBe(
      'Ejemplo Corp: Abarrotes La Esperanza SA de CV, segun nuestros registros, la factura F-2026-1102 por $18,560.00 tiene 5 dias de atraso. ' +
        'Su cuenta tiene ademas 1 factura vencida por $9,280.00 que no incluye este mensaje. ' +
        'Le pedimos realizar el pago a la brevedad: https://pay.example.com/C-1001/F-2026-1102 Responda BAJA para no recibir mas mensajes.',
    );
    // Two (the default): the same words, the mention in a few characters.
    expect(sms()).toMatchObject({
      body:
        'Ejemplo Corp: Abarrotes La Esperanza SA de CV, segun nuestros registros, la factura F-2026-1102 por $18,560.00 tiene 5 dias de atraso. ' +
        '(+1 vencida no incluida: $9,280.00) Le pedimos realizar el pago a la brevedad: https://pay.example.com/C-1001/F-2026-1102 Responda BAJA para no recibir mas mensajes.',
      segments: 2,
    });
    // One segment cannot carry even the short mention with a link: the reminder goes without it rather than not at all.
    const bare = compose({ channel: 'sms', tone: 'firm', invoices: [{ ...message[0]!, invoiceNumber: 'F-1102' }], policy: policyWith({ budget: 1 }) });
    expect(bare.channel === 'sms' && bare.body).toBe(
      'Ejemplo Corp: factura F-1102 por $18,560.00, tiene 5 dias de atraso. Pague en: https://pay.example.com/C-1001/F-1102 Responda BAJA para no recibir mas.',
    );
  });

  it('WhatsApp: the approved text labels its total as this message’s and names the others in {{otherOverdue}}', () => {
    const composed = compose({ channel: 'whatsapp' });
    if (composed.channel !== 'whatsapp') throw new Error('expected WhatsApp');
    expect(plain(composed.preview)).toContain(
      '\nVencidas: factura F-2026-1102 por $18,560.00, venció el 2 de diciembre de 2026 (5 días de atraso).\n' +
        'Total vencido de este mensaje: $18,560.00\n' +
        'Por vencer, aparte: ninguna.\n' +
        'Otras vencidas de su cuenta, aparte: F-2026-0934, por $9,280.00.\n',
    );
    expect(composed.parameters).toContain('F-2026-0934, por $9,280.00');
  });
});
