import { describe, expect, it } from 'vitest';
import { composeMessage, type ComposeInput } from '../../../shared/domain/messages/compose.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { TEMPLATE_NAMES } from '../../../shared/domain/templates/catalog.js';
import { MARKETS, plain, policyWith, SPEAKS_ON, TONES } from './fixtures.js';

const co = MARKETS[1]!;

function email(input: Partial<ComposeInput> = {}) {
  const message = composeMessage({
    account: co.account,
    invoices: co.invoices,
    template: 'overdue',
    tone: 'friendly',
    channel: 'email',
    now: SPEAKS_ON.overdue,
    policy: defaultPolicy,
    ...input,
  });
  if (message.channel !== 'email') throw new Error('expected an email');
  return { ...message, text: plain(message.text), html: plain(message.html) };
}

describe('email reminders about several invoices', () => {
  it('list every invoice with its balance, due date and days overdue, and the total', () => {
    const message = email();
    expect(message.subject).toBe('2 facturas siguen pendientes de pago – Ejemplo Corp');
    expect(message.text).toContain('las 2 facturas que listamos abajo, por un total de $ 12.450.000, aún aparecen pendientes');
    expect(message.text).toContain(
      '- Factura CO-F1001 por $ 10.000.000, venció el 15 de diciembre de 2026 (3 días de atraso) – Pagar: https://pay.example.com/CO-200/CO-F1001\n' +
        '- Factura CO-F1002 por $ 2.450.000, venció el 17 de diciembre de 2026 (1 día de atraso) – Pagar: https://pay.example.com/CO-200/CO-F1002\n' +
        'Total de estas facturas: $ 12.450.000',
    );
    expect(message.html).toContain('<td style="padding:4px 16px 4px 0;">CO-F1002</td>');
    expect(message.html).toContain('href="https://pay.example.com/CO-200/CO-F1002"');
    expect(message.html).toContain('$ 12.450.000</td></tr>');
  });

  it('without a portal, the button pays the first invoice and says so; each row links its own', () => {
    const message = email();
    expect(message.text).toContain('Pagar la factura CO-F1001: https://pay.example.com/CO-200/CO-F1001');
    expect(message.html).toContain('>Pagar la factura CO-F1001</a>');
  });

  it('in two currencies without a portal: one link per invoice, each to its own; totals per currency; the button names the invoice it pays', () => {
    // 18 December: CO-F1001 (COP 10,000,000) is 3 days late; CO-USD-1 (USD 1,500.00, due the 17th) 1 day.
    const usd = { ...co.invoices[1], invoiceNumber: 'CO-USD-1', currency: 'USD', balance: 150_000, amount: 150_000 };
    const message = email({ invoices: [co.invoices[0], usd], tone: 'formal' });
    expect(message.text).toContain(
      '- Factura CO-F1001 por $ 10.000.000, venció el 15 de diciembre de 2026 (3 días de atraso) – Pagar: https://pay.example.com/CO-200/CO-F1001\n' +
        '- Factura CO-USD-1 por US$ 1.500,00, venció el 17 de diciembre de 2026 (1 día de atraso) – Pagar: https://pay.example.com/CO-200/CO-USD-1\n' +
        'Total de estas facturas: $ 10.000.000 + US$ 1.500,00',
    );
    expect(message.text).toContain('Pagar la factura CO-F1001: https://pay.example.com/CO-200/CO-F1001');
    expect(message.html).toContain('href="https://pay.example.com/CO-200/CO-F1001"');
    expect(message.html).toContain('href="https://pay.example.com/CO-200/CO-USD-1"');
    expect(message.html).toContain('>Pagar la factura CO-F1001</a>');
    // An override's {{paymentLinkWithInvoice}} says which invoice the one link pays.
    const policy = policyWith({ overrides: [{ channel: 'email', template: 'overdue', text: 'Vencido: {{overdueTotal}}. Pague en {{paymentLinkWithInvoice}}.' }] });
    expect(email({ invoices: [co.invoices[0], usd], policy }).text).toContain(
      'Vencido: $ 10.000.000 + US$ 1.500,00. Pague en https://pay.example.com/CO-200/CO-F1001 (solo factura CO-F1001).',
    );
  });

  it('with a portal, every link leads to the portal, which shows them all', () => {
    const policy = policyWith({ company: { portalLinkTemplate: 'https://portal.example.com/{accountId}' } });
    const message = email({ policy });
    expect(message.text).toContain('Ver y pagar en línea: https://portal.example.com/CO-200');
    expect(message.text).not.toContain('– Pagar:');
    const one = email({ policy, invoices: [co.invoices[0]] });
    expect(one.text).toContain('Pagar en línea: https://pay.example.com/CO-200/CO-F1001');
    expect(one.text).toContain('Consulten todas sus facturas en nuestro portal: https://portal.example.com/CO-200');
    expect(one.html).toContain('href="https://portal.example.com/CO-200"');
  });

  it('says only what is true of each invoice: days overdue for the late one, the due date for the other', () => {
    const message = email({ template: 'due-today', now: SPEAKS_ON['due-today'] });
    expect(message.text).toContain('hoy, 15 de diciembre de 2026, vence la primera de las 2 facturas');
    expect(message.text).toContain('CO-F1001 por $ 10.000.000, vence hoy, 15 de diciembre de 2026');
    expect(message.text).toContain('CO-F1002 por $ 2.450.000, vence el 17 de diciembre de 2026');
    expect(message.text).not.toContain('atraso');
  });

  it('escapes names and numbers in HTML and keeps them intact in text', () => {
    const name = 'Herrería & Hijos <script>alert(1)</script>';
    const invoices = [{ ...co.invoices[0], invoiceNumber: 'F"1<2>' }, co.invoices[1]];
    const message = email({ account: { ...co.account, name }, invoices });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('Herrería &amp; Hijos &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).toContain('F&quot;1&lt;2&gt;');
    expect(message.text).toContain(name);
  });

  it('adds the one-click unsubscribe link to the footer only when given', () => {
    const url = 'https://cobranza.example.com/unsubscribe?t=a&b=1';
    const message = email({ unsubscribeUrl: url });
    expect(message.text.trimEnd().endsWith(`Si prefieren no recibir estos recordatorios por correo: ${url}`)).toBe(true);
    expect(message.html).toContain('href="https://cobranza.example.com/unsubscribe?t=a&amp;b=1"');
    expect(email().text).not.toContain('recordatorios por correo');
    expect(email({ account: MARKETS[4]!.account, invoices: MARKETS[4]!.invoices, unsubscribeUrl: url }).text).toContain(
      'If you would rather not receive these reminders by email: https://',
    );
  });

  it('writes a company’s own email override, escaped in HTML, links clickable', () => {
    const policy = policyWith({
      overrides: [
        {
          channel: 'email',
          template: 'overdue',
          locale: 'es',
          subject: '{{customerName}}: saldo de {{total}}',
          text: 'Estimados {{customerName}}:\n\nTienen {{invoiceCount}} facturas pendientes:\n{{invoiceList}}\n\nPaguen en {{paymentLink}}.\n\n{{signature}}',
        },
      ],
    });
    const name = 'Ferretería <El Tornillo>';
    const message = email({ policy, account: { ...co.account, name }, unsubscribeUrl: 'https://u.example/1' });
    expect(plain(message.subject)).toBe('Ferretería <El Tornillo>: saldo de $ 12.450.000');
    expect(message.text).toContain('Tienen 2 facturas pendientes:\n- Factura CO-F1001 por $ 10.000.000');
    expect(message.text).toContain('Paguen en https://pay.example.com/CO-200/CO-F1001.');
    expect(message.html).toContain('Estimados Ferretería &lt;El Tornillo&gt;:');
    expect(message.html).toContain('<a href="https://pay.example.com/CO-200/CO-F1001" style="color:#0b5cab;">https://pay.example.com/CO-200/CO-F1001</a>.');
    expect(message.html).toContain('href="https://u.example/1"');
    // An English debtor does not get the Spanish override.
    expect(email({ policy, account: MARKETS[4]!.account, invoices: MARKETS[4]!.invoices }).subject).toBe('2 invoices are still open – Ejemplo Corp');
  });
});

describe('email reminders: how the debtor can answer', () => {
  const noMailbox = { email: undefined, replyTo: undefined };

  it('carry the Reply-To address: company.replyTo, else company.email', () => {
    expect(email().replyTo).toBe('cobranza@example.com');
    expect(email({ policy: policyWith({ company: { replyTo: 'respuestas@example.com' } }) }).replyTo).toBe('respuestas@example.com');
    expect(email({ policy: policyWith({ company: { replyTo: undefined } }) }).replyTo).toBe('cobranza@example.com');
    expect(email({ policy: policyWith({ company: noMailbox }) })).not.toHaveProperty('replyTo');
  });

  it('never ask for a reply by email when no address reads replies, in any template, tone or language', () => {
    const policy = policyWith({ company: noMailbox });
    for (const market of MARKETS) {
      for (const template of TEMPLATE_NAMES) {
        for (const tone of TONES) {
          const message = email({ account: market.account, invoices: market.invoices, template, tone, now: SPEAKS_ON[template], policy });
          expect(`${message.text}\n${message.html}`, `${market.account.locale} ${template} ${tone}`).not.toMatch(/respond\w* a este correo|reply to this email/i);
        }
      }
    }
  });

  it('point to the phone when there is no mailbox, else to the self-service link, else just ask to get in touch', () => {
    const withPhone = email({ policy: policyWith({ company: noMailbox }) });
    expect(withPhone.text).toContain('Si hay algún problema con alguna factura, llámennos al +52 55 1234 5678 y lo resolvemos juntos.');
    const noPhone = policyWith({ company: { ...noMailbox, phone: undefined } });
    expect(email({ policy: noPhone, selfServiceUrl: 'https://cobranza.example.com/p/abc' }).text).toContain(
      'Si hay algún problema con alguna factura, escríbannos desde el enlace de autoservicio de este correo y lo resolvemos juntos.',
    );
    expect(email({ policy: noPhone }).text).toContain('Si hay algún problema con alguna factura, comuníquense con nosotros y lo resolvemos juntos.');
    expect(email().text).toContain('Si hay algún problema con alguna factura, respondan a este correo y lo resolvemos juntos.');
  });
});

describe('email reminders: late messages ask only for what is late', () => {
  // CO-F1001 is due 15 December; on the 16th it is 1 day late, CO-F1003 (due 30 December) is not yet due.
  const ahead = { ...co.invoices[1], invoiceNumber: 'CO-F1003', dueDate: '2026-12-30' };
  const mixed = (template: string, tone: 'friendly' | 'firm' | 'formal', account = co.account) =>
    email({ template, tone, account, invoices: [co.invoices[0], { ...ahead, accountId: account.accountId }], now: new Date('2026-12-16T16:00:00Z') });

  it('totals the late invoice alone, and lists the other apart as not yet due', () => {
    const message = mixed('final-notice', 'firm');
    expect(message.subject).toBe('Solicitud de pago: 1 factura (1 día de atraso) – Ejemplo Corp');
    expect(message.text).toContain('La factura vencida de la lista, por $ 10.000.000, sigue sin pagarse; venció el 15 de diciembre de 2026 (1 día de atraso).');
    expect(message.text).toContain('La otra factura de la lista, por $ 2.450.000, aún no vence; la incluimos solo como recordatorio de su fecha.');
    expect(message.text).toContain('Total vencido de estas facturas: $ 10.000.000\nPor vencer: $ 2.450.000');
    expect(message.text).not.toContain('$ 12.450.000');
    expect(message.html).toContain('Total vencido de estas facturas</td>');
  });

  it('keeps one "Total" when every invoice listed is late', () => {
    const message = email({ template: 'final-notice', tone: 'formal', now: new Date('2026-12-22T16:00:00Z') });
    expect(message.text).toContain('Total de estas facturas: $ 12.450.000');
    expect(message.text).not.toContain('Por vencer');
  });
});
