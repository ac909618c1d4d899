import { DateTime } from 'luxon';
import { daysPastDue } from '../planning/aging.js';
import { effectiveZone } from '../planning/zone.js';
import type { Account, Invoice } from '../types.js';
import { formatDate, formatMoney, messageLocale } from '../templates/format.js';
import { escapeHtml } from '../templates/html.js';

export interface LetterInput {
  readonly account: Account;
  /** The open invoices the letter is about (≥ 1). */
  readonly invoices: readonly Invoice[];
  readonly policy: { readonly company: { readonly name: string; readonly signature: string; readonly paymentLinkTemplate: string; readonly portalLinkTemplate?: string | undefined } };
  readonly now: Date;
  /** Days the debtor has before the account is handed to an agency or legal counsel. */
  readonly graceDays: number;
}

export interface Letter {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly locale: string;
  /** The last day to pay before hand-off (YYYY-MM-DD, debtor's zone). */
  readonly deadline: string;
  /** The PDF's file name as the debtor sees it, e.g. `requerimiento-de-pago-2026-12-02.pdf`. */
  readonly fileName: string;
}

/**
 * The pre-legal letter ("requerimiento de pago prejudicial"): formal, factual, never threatening —
 * every open invoice with its amount, due date and days overdue, the total per currency, a deadline
 * (today + the grace period, in the debtor's zone), how to pay, an invitation to talk or to dispute,
 * and what happens after the deadline. Spanish for es-* locales, English otherwise. The same text is
 * stored as evidence (the hand-off package refers to it).
 *
 * @example
 * const letter = composeLetter({ account, invoices, policy, now, graceDays: 10 });
 */
export function composeLetter(input: LetterInput): Letter {
  const { account, invoices, policy, now } = input;
  const zone = effectiveZone(account.timezone);
  const { language, locale } = messageLocale(account.locale, account.country);
  const es = language === 'es';
  const today = DateTime.fromJSDate(now, { zone });
  const deadline = today.plus({ days: input.graceDays }).toISODate()!;
  const totals = new Map<string, number>();
  for (const invoice of invoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.balance);
  const total = [...totals].map(([currency, minor]) => formatMoney(minor, currency, locale)).join(' + ');
  const lines = invoices.map((invoice) => {
    const days = daysPastDue(invoice.dueDate, now, zone);
    const amount = formatMoney(invoice.balance, invoice.currency, locale);
    const due = formatDate(invoice.dueDate, locale, zone);
    return es ? `- Factura ${invoice.invoiceNumber}: ${amount}, vencida el ${due} (${days} días de atraso)` : `- Invoice ${invoice.invoiceNumber}: ${amount}, due ${due} (${days} days overdue)`;
  });
  const portal = policy.company.portalLinkTemplate?.replaceAll('{accountId}', encodeURIComponent(account.accountId));
  const pay = portal ?? policy.company.paymentLinkTemplate.replaceAll('{accountId}', encodeURIComponent(account.accountId)).replaceAll('{invoiceNumber}', encodeURIComponent(invoices[0]?.invoiceNumber ?? ''));
  const deadlineText = formatDate(deadline, locale, zone);
  const dateText = formatDate(today.toISODate()!, locale, zone);
  const subject = es
    ? `Requerimiento de pago previo a acciones de cobro – ${policy.company.name}`
    : `Formal demand for payment before collection proceedings – ${policy.company.name}`;
  const paragraphs = es
    ? [
        `${dateText}`,
        `${account.name}${account.taxId ? ` (${account.taxId})` : ''}`,
        'Estimados señores:',
        `Por medio de la presente, ${policy.company.name} les requiere formalmente el pago del saldo vencido de su cuenta, que a la fecha asciende a ${total}, integrado por:`,
        lines.join('\n'),
        `Les solicitamos realizar el pago a más tardar el ${deadlineText} en: ${pay}`,
        'Si existe alguna diferencia con estas facturas, o si desean acordar un plan de pagos, les invitamos a comunicarse con nosotros antes de esa fecha respondiendo a este correo. Si el pago ya fue efectuado, les rogamos enviarnos el comprobante y disculpar este aviso.',
        `De no recibir el pago ni una propuesta antes del ${deadlineText}, el expediente de su cuenta podrá ser turnado a una agencia de cobranza o a nuestros asesores legales, conforme a la ley aplicable.`,
        `Atentamente,\n${policy.company.signature}`,
      ]
    : [
        `${dateText}`,
        `${account.name}${account.taxId ? ` (${account.taxId})` : ''}`,
        'Dear Sir or Madam,',
        `${policy.company.name} hereby formally requests payment of the overdue balance of your account, which currently amounts to ${total}, made up of:`,
        lines.join('\n'),
        `Please make the payment no later than ${deadlineText} at: ${pay}`,
        'If you dispute any of these invoices, or would like to agree a payment plan, please contact us before that date by replying to this email. If you have already paid, please send us the remittance details and disregard this notice.',
        `If we receive neither payment nor a proposal by ${deadlineText}, your account file may be referred to a collection agency or to our legal counsel, in accordance with applicable law.`,
        `Yours faithfully,\n${policy.company.signature}`,
      ];
  const text = `${paragraphs.join('\n\n')}\n`;
  const html = `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</body></html>`;
  const fileName = `${es ? 'requerimiento-de-pago' : 'payment-demand'}-${today.toISODate()!}.pdf`;
  return { subject: subject.replace(/[\r\n]+/g, ' '), text, html, locale, deadline, fileName };
}
