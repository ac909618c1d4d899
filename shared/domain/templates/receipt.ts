import type { Policy } from '../policy/schema.js';
import type { Account } from '../types.js';
import { addresseeOf, contactUs, replyAddress } from './contact.js';
import { formatDate, formatMoney, messageLocale } from './format.js';
import { escapeHtml } from './html.js';
import type { RenderedEmail } from './render.js';
import { companySignature } from './signature.js';

export interface ReceiptLine {
  readonly invoiceNumber: string;
  /** Minor units applied to the invoice. */
  readonly amount: number;
  /** Minor units still owed after the payment (0 = settled). */
  readonly balanceAfter: number;
}

export interface ReceiptInput {
  readonly account: Account;
  readonly currency: string;
  /** Minor units received. */
  readonly amount: number;
  readonly valueDate: string;
  readonly lines: readonly ReceiptLine[];
  /** Minor units kept as the customer's credit (overpayment). */
  readonly credit: number;
  readonly policy: Policy;
}

const WORDS = {
  es: {
    subject: 'Recibimos su pago',
    greeting: (name: string, person: boolean) => (person ? `Hola, ${name}:` : `Hola, equipo de ${name}:`),
    thanks: (amount: string, date: string) => `Gracias: recibimos su pago de ${amount} del ${date} y ya lo aplicamos a su cuenta.`,
    invoice: 'Factura',
    applied: 'Aplicado',
    remaining: 'Saldo restante',
    settled: 'liquidada',
    credit: (amount: string, contact: string, person: boolean) =>
      `Quedan ${amount} a su favor en su cuenta. Si ${person ? 'desea' : 'desean'} que los apliquemos a otra factura o que se los devolvamos, ${contact}.`,
    closing: 'Saludos cordiales,',
  },
  en: {
    subject: 'We received your payment',
    greeting: (name: string, person: boolean) => (person ? `Hello ${name},` : `Hello ${name} team,`),
    thanks: (amount: string, date: string) => `Thank you: we received your payment of ${amount} on ${date} and have applied it to your account.`,
    invoice: 'Invoice',
    applied: 'Applied',
    remaining: 'Remaining balance',
    settled: 'paid in full',
    credit: (amount: string, contact: string, _person: boolean) => `${amount} remains as a credit on your account. If you would like us to apply it to another invoice or refund it, please ${contact}.`,
    closing: 'Kind regards,',
  },
} as const;

/**
 * The thank-you / receipt email after a payment is applied: what arrived, what it paid, what is still
 * owed, and any credit (which stays on the account until the debtor says how to use it: the receipt
 * promises nothing the system does not do). Spanish for `es*` locales, English otherwise; plain
 * words, no pressure — this message exists to keep the relationship good. Signed in the debtor's
 * language, with the Reply-To address when the policy has one.
 */
export function renderReceipt(input: ReceiptInput): RenderedEmail {
  const { account, policy, currency } = input;
  const { language, locale } = messageLocale(account.locale, account.country);
  const w = WORDS[language === 'es' ? 'es' : 'en'];
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const thanks = w.thanks(money(input.amount), formatDate(input.valueDate, locale, 'UTC'));
  const rows = input.lines.map((line) => [
    `${w.invoice} ${line.invoiceNumber}`,
    `${w.applied}: ${money(line.amount)} · ${line.balanceAfter === 0 ? w.settled : `${w.remaining}: ${money(line.balanceAfter)}`}`,
  ] as const);
  // A consumer is written to as a person ("Hola, Juan Pérez", "usted"); a company's team otherwise.
  const addressee = addresseeOf(account.debtorType);
  const person = addressee === 'person';
  const contact = contactUs(language, policy.company, false, addressee);
  const credit = input.credit > 0 ? w.credit(money(input.credit), contact, person) : undefined;
  const signature = companySignature(policy.company, language);
  const replyTo = replyAddress(policy.company);
  const subject = `${w.subject} – ${policy.company.name}`.replace(/[\r\n]+/g, ' ');
  const text = [
    w.greeting(account.name, person),
    thanks,
    rows.map(([label, value]) => `${label}: ${value}`).join('\n'),
    ...(credit ? [credit] : []),
    `${w.closing}\n${signature}`,
  ].join('\n\n');
  const p = (s: string) => `<p style="margin:0 0 16px;">${escapeHtml(s)}</p>`;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(locale)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
    p(w.greeting(account.name, person)),
    p(thanks),
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 20px;">${rows
      .map(([label, value]) => `<tr><td style="padding:4px 16px 4px 0;">${escapeHtml(label)}</td><td style="padding:4px 0;">${escapeHtml(value)}</td></tr>`)
      .join('')}</table>`,
    ...(credit ? [p(credit)] : []),
    `<p style="margin:24px 0 0;">${escapeHtml(w.closing)}<br>${signature.split(/\r?\n/).map(escapeHtml).join('<br>')}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html, locale, ...(replyTo ? { replyTo } : {}) };
}
