import { describe, expect, it } from 'vitest';
import { NothingToDemandError } from '../../../shared/domain/messages/errors.js';
import { composeLetter, type LetterInput } from '../../../shared/domain/messages/pre-legal-letter.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import { plain, policyWith } from './fixtures.js';

const mexico: Account = { accountId: 'MX-7', name: 'Abarrotes La Esperanza', taxId: 'ALE010203AB1', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' };
const invoice = (invoiceNumber: string, dueDate: string, balance: number, status: Invoice['status'] = 'open'): Invoice => ({
  accountId: mexico.accountId,
  invoiceNumber,
  currency: 'MXN',
  amount: balance,
  balance,
  dueDate,
  status,
});

/**
 * The account the 30-day demo got wrong (issue #11): on Monday 23 November 2026 one invoice is
 * months late, one falls due on 11 December (not yet due), one is under an open dispute, one is paid.
 */
const invoices = [
  invoice('F-1', '2026-08-14', 1_500_000),
  invoice('F-2', '2026-12-11', 250_000),
  invoice('F-3', '2026-09-01', 6_500_000),
  invoice('F-4', '2026-07-01', 990_000, 'paid'),
];
const disputes = [{ invoiceNumber: 'F-3', status: 'open' as const }];
const monday = new Date('2026-11-23T16:00:00Z'); // 10:00 in Mexico City

function letter(input: Partial<LetterInput> = {}) {
  const composed = composeLetter({ account: mexico, invoices, disputes, policy: defaultPolicy, now: monday, graceDays: 10, ...input });
  return { ...composed, text: plain(composed.text) };
}

/** The part of a letter that asks for money: from the greeting to the payment request, inclusive. */
function demandSection(text: string): string {
  const start = text.search(/Estimados señores:|Dear Sir or Madam,/);
  const end = text.search(/Les solicitamos realizar el pago|Please make the payment/);
  return text.slice(start, text.indexOf('\n', end));
}

describe('composeLetter: what the letter demands', () => {
  it('demands only the invoice overdue and undisputed, with its days late counted by hand (14 Aug → 23 Nov = 101 days)', () => {
    const { text, demanded } = letter();
    expect(demandSection(text)).toContain('asciende a $15,000.00, integrado por la siguiente factura:\n\n- Factura F-1: $15,000.00, vencida el 14 de agosto de 2026 (101 días de atraso)');
    expect(demanded).toEqual([{ invoiceNumber: 'F-1', currency: 'MXN', balance: 1_500_000, daysLate: 101 }]);
  });

  it('lists the invoice not yet due apart, never in the demand or its total', () => {
    const { text } = letter();
    expect(demandSection(text)).not.toContain('F-2');
    expect(text).not.toMatch(/-\d+ días/);
    expect(text).toContain('Para su información, esta factura aún no vence y no forma parte de este cobro:\n- Factura F-2: $2,500.00, vence el 11 de diciembre de 2026');
  });

  it('names the disputed invoice as under review, without its amount, and leaves out what is paid', () => {
    const { text } = letter();
    expect(demandSection(text)).not.toContain('F-3');
    expect(text).toContain('La factura F-3 está en revisión por la aclaración que nos hicieron llegar; no forma parte de este cobro');
    expect(text).not.toContain('65,000');
    expect(text).not.toContain('F-4');
  });

  it('does not demand an invoice whose due date rolled past a holiday: due Friday 25 December (Navidad), it is payable Monday 28', () => {
    const christmas = invoice('F-9', '2026-12-25', 100_000);
    const onMonday = letter({ invoices: [invoices[0]!, christmas], disputes: [], now: new Date('2026-12-28T16:00:00Z') });
    expect(demandSection(onMonday.text)).not.toContain('F-9');
    const onTuesday = letter({ invoices: [invoices[0]!, christmas], disputes: [], now: new Date('2026-12-29T16:00:00Z') });
    // The count starts on Monday 28, and the line says so next to the date on the invoice.
    expect(demandSection(onTuesday.text)).toContain(
      '- Factura F-9: $1,000.00, vencida el 25 de diciembre de 2026 (1 día de atraso, contado desde el 28 de diciembre de 2026, primer día hábil tras el vencimiento)',
    );
    const english = letter({ account: { ...mexico, country: 'US', timezone: 'America/New_York', locale: 'en-US' }, invoices: [invoices[0]!, christmas], disputes: [], now: new Date('2026-12-30T16:00:00Z') });
    expect(demandSection(english.text)).toContain(
      '- Invoice F-9: MX$1,000.00, due December 25, 2026 (2 days overdue, counted from December 28, 2026, the first business day after the due date)',
    );
    // A due date on a business day: the count alone.
    expect(demandSection(onTuesday.text)).toContain('- Factura F-1: $15,000.00, vencida el 14 de agosto de 2026 (137 días de atraso) – Pagar:');
  });

  it('refuses to write a letter with nothing overdue and undisputed', () => {
    expect(() => letter({ invoices: [invoices[1]!, invoices[2]!] })).toThrow(NothingToDemandError);
    expect(() => letter({ invoices: [invoice('F-5', '2026-08-01', 0)] })).toThrow(/no overdue, undisputed invoice/);
  });

  it('never demands an invoice with a suspicious date (for a person to review)', () => {
    const odd = { ...invoice('F-6', '1900-01-01', 10_000), dateWarning: 'before 2000' } as Invoice;
    expect(demandSection(letter({ invoices: [...invoices, odd] }).text)).not.toContain('F-6');
  });
});

describe('composeLetter: one invoice or several, the letter says it in the number it is', () => {
  const us: Account = { ...mexico, country: 'US', timezone: 'America/New_York', locale: 'en-US' };

  it('one demanded invoice (with others listed apart): every sentence speaks of that one invoice', () => {
    const { text } = letter();
    expect(text).toContain('integrado por la siguiente factura:');
    expect(text).toContain('Si existe alguna diferencia con la factura F-1, o si desean acordar un plan de pagos,');
    expect(text).not.toMatch(/estas facturas|las siguientes facturas|cada factura/);
    const english = letter({ account: us }).text;
    expect(english).toContain('made up of the following invoice:');
    expect(english).toContain('If you dispute invoice F-1, or would like to agree a payment plan,');
    expect(english).not.toMatch(/these invoices|following invoices|each invoice/);
  });

  it('several demanded invoices: the plural, and "these" never reaches the invoices listed apart', () => {
    const { text } = letter({ now: new Date('2026-12-15T16:00:00Z') });
    expect(text).toContain('integrado por las siguientes facturas:');
    expect(text).toContain('Si existe alguna diferencia con las facturas de este cobro, o si desean');
    const english = letter({ account: us, now: new Date('2026-12-15T16:00:00Z') }).text;
    expect(english).toContain('made up of the following invoices:');
    expect(english).toContain('If you dispute any of the invoices in this request, or would like');
  });
});

describe('composeLetter: the deadline falls on a business day of the debtor’s country', () => {
  it.each([
    // today + 10 days, then to the next business day (hand-computed with a calendar).
    ['Thursday 10 Dec + 10 = Sunday 20 Dec → Monday 21', '2026-12-10T16:00:00Z', '2026-12-21', '21 de diciembre de 2026'],
    ['Tuesday 15 Dec + 10 = Friday 25 Dec (Navidad) → Monday 28', '2026-12-15T16:00:00Z', '2026-12-28', '28 de diciembre de 2026'],
    ['Monday 23 Nov + 10 = Thursday 3 Dec, a business day', '2026-11-23T16:00:00Z', '2026-12-03', '3 de diciembre de 2026'],
  ])('%s', (_, now, deadline, written) => {
    const composed = letter({ now: new Date(now) });
    expect(composed.deadline).toBe(deadline);
    expect(composed.text).toContain(`Les solicitamos realizar el pago a más tardar el ${written}`);
  });

  it('rolls past the debtor’s own holidays: Colombia’s 8 December (Inmaculada Concepción)', () => {
    const colombia: Account = { ...mexico, accountId: 'CO-7', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO' };
    const composed = letter({ account: colombia, invoices: [{ ...invoices[0]!, accountId: 'CO-7', currency: 'COP' }], disputes: [], now: new Date('2026-11-28T16:00:00Z') });
    expect(composed.deadline).toBe('2026-12-09');
  });
});

describe('composeLetter: words that never imitate a court, a notary or an authority', () => {
  const accounts: Account[] = [
    mexico,
    { ...mexico, country: 'CO', timezone: 'America/Bogota', locale: 'es-CO' },
    { ...mexico, country: 'CL', timezone: 'America/Santiago', locale: 'es-CL' },
    { ...mexico, country: 'PE', timezone: 'America/Lima', locale: 'es-PE' },
    { ...mexico, country: 'US', timezone: 'America/New_York', locale: 'en-US' },
  ];

  it('uses the plain name of a creditor’s letter in each country, never "requerimiento" or "demand"', () => {
    expect(accounts.map((account) => letter({ account }).subject)).toEqual([
      'Carta de cobranza: saldo vencido de su cuenta – Ejemplo Corp',
      'Carta de cobro: saldo vencido de su cuenta – Ejemplo Corp',
      'Carta de cobranza: saldo vencido de su cuenta – Ejemplo Corp',
      'Carta de cobranza: saldo vencido de su cuenta – Ejemplo Corp',
      'Overdue balance on your account: request for payment – Ejemplo Corp',
    ]);
    expect(letter().fileName).toBe('carta-de-cobranza-2026-11-23.pdf');
    expect(letter({ account: accounts[4] }).fileName).toBe('overdue-balance-letter-2026-11-23.pdf');
  });

  it('has none of the vocabulary of judicial, notarial or official acts (CL art. 37, PE art. 62 a, CONDUSEF, FDCPA §807(9), (13))', () => {
    const judicial =
      /requer|notific|emplaz|citaci|demanda|embargo|apercib|intimaci|mandamiento|juzgado|tribunal|expediente|turnad|notarial|escrito judicial|summons|subpoena|legal process|court|lawsuit|sue\b|final (notice|demand)|formal demand|notice of intent|garnish|hereby/i;
    for (const account of accounts) {
      const composed = letter({ account });
      expect(`${composed.subject}\n${composed.text}`, account.locale).not.toMatch(judicial);
    }
  });

  it('says what may follow plainly and lawfully: a hand-off, not a threat', () => {
    expect(letter().text).toContain(
      'Si antes del 3 de diciembre de 2026 no recibimos el pago ni una propuesta, podremos encargar el cobro de este saldo a una agencia de cobranza o a nuestros asesores legales, conforme a la ley aplicable.',
    );
  });
});

describe('composeLetter: where to pay', () => {
  it('gives one link for one invoice, each invoice its own link for several, and the portal when there is one', () => {
    expect(letter().text).toContain('Les solicitamos realizar el pago a más tardar el 3 de diciembre de 2026 en: https://pay.example.com/MX-7/F-1');
    const two = letter({ now: new Date('2026-12-15T16:00:00Z') }).text;
    expect(two).toContain('- Factura F-2: $2,500.00, vencida el 11 de diciembre de 2026 (4 días de atraso) – Pagar: https://pay.example.com/MX-7/F-2');
    expect(two).toContain('Les solicitamos realizar el pago a más tardar el 28 de diciembre de 2026, en el enlace de cada factura.');
    const portal = letter({ now: new Date('2026-12-15T16:00:00Z'), policy: policyWith({ company: { portalLinkTemplate: 'https://portal.example.com/{accountId}' } }) }).text;
    expect(portal).toContain('a más tardar el 28 de diciembre de 2026 en: https://portal.example.com/MX-7');
    expect(portal).not.toContain('– Pagar:');
  });
});

describe('composeLetter: who writes and how to reach them', () => {
  it('gives every way to reach the creditor, since it may be printed and posted: never "reply to this email"', () => {
    const { text, replyTo } = letter();
    expect(text).toContain('les invitamos a comunicarse con nosotros antes de esa fecha escribiendo a cobranza@example.com o llamando al +52 55 1234 5678.');
    expect(text).not.toMatch(/respondiendo a este correo|reply(ing)? to this email/i);
    expect(replyTo).toBe('cobranza@example.com');
    const us = letter({ account: { ...mexico, country: 'US', timezone: 'America/New_York', locale: 'en-US' } });
    expect(us.text).toContain('please contact us before that date by writing to cobranza@example.com or by calling +52 55 1234 5678.');
  });

  it('with no address and no phone, points to the self-service page; with nothing, says no more than "contact us"', () => {
    const portal = policyWith({ company: { email: undefined, replyTo: undefined, phone: undefined, portalLinkTemplate: 'https://portal.example.com/{accountId}' } });
    const viaPortal = letter({ policy: portal });
    expect(viaPortal.text).toContain('comunicarse con nosotros antes de esa fecha desde https://portal.example.com/MX-7.');
    expect(viaPortal.replyTo).toBeUndefined();
    const bare = letter({ policy: policyWith({ company: { email: undefined, replyTo: undefined, phone: undefined } }) });
    expect(bare.text).toContain('comunicarse con nosotros antes de esa fecha. Si el pago');
  });

  it('is signed with the legal name, tax id, phone and address, in the debtor’s language only', () => {
    expect(letter().text).toContain(
      'Atentamente,\nCuentas por Cobrar\nEjemplo Corp, S.A. de C.V. · RFC ECO120315AB1\nTel. +52 55 1234 5678 · cobranza@example.com\nAv. Paseo de la Reforma 250, piso 10, Col. Juárez, 06600 Ciudad de México, CDMX\n',
    );
    const us = letter({ account: { ...mexico, country: 'US', timezone: 'America/New_York', locale: 'en-US' } }).text;
    expect(us).toContain('Yours faithfully,\nAccounts Receivable\nEjemplo Corp, S.A. de C.V. · RFC ECO120315AB1\nPhone +52 55 1234 5678 · cobranza@example.com');
    expect(us).not.toContain('Cuentas por Cobrar');
  });

  it('keeps the HTML the same words, escaped', () => {
    const composed = composeLetter({ account: { ...mexico, name: 'Herrería & Hijos <Norte>' }, invoices, disputes, policy: defaultPolicy, now: monday, graceDays: 10 });
    expect(composed.html).toContain('Herrería &amp; Hijos &lt;Norte&gt;');
    expect(composed.html).not.toContain('<Norte>');
  });
});
