import { DateTime } from 'luxon';
import { splitForDemand } from '../escalation/demandable.js';
import type { Dispute } from '../escalation/types.js';
import { nextBusinessDay } from '../planning/business-day.js';
import { effectiveZone } from '../planning/zone.js';
import { addresseeOf, replyAddress } from '../templates/contact.js';
import { formatDate, formatList, formatMoney, formatTotals, messageLocale } from '../templates/format.js';
import { overdueCounted } from '../templates/en-phrases.js';
import { atrasoContado } from '../templates/es-phrases.js';
import { escapeHtml } from '../templates/html.js';
import { paymentLink, portalLink } from '../templates/links.js';
import { companySignature, type CompanyIdentity } from '../templates/signature.js';
import type { Account, Invoice } from '../types.js';
import { NothingToDemandError } from './errors.js';
import { letterTitle } from './letter-title.js';

export interface LetterInput {
  readonly account: Account;
  /** Every invoice of the account, whatever its state: the letter sorts them itself (`splitForDemand`). */
  readonly invoices: readonly Invoice[];
  /** The account's disputes: an invoice under an open one is mentioned as under review, never demanded. */
  readonly disputes: readonly Pick<Dispute, 'invoiceNumber' | 'status'>[];
  readonly policy: {
    readonly company: CompanyIdentity & { readonly paymentLinkTemplate: string; readonly portalLinkTemplate?: string | undefined };
  };
  readonly now: Date;
  /** Days the debtor has before the account is handed to an agency or legal counsel. */
  readonly graceDays: number;
}

/** One invoice the letter asks to be paid. */
export interface DemandedInvoice {
  readonly invoiceNumber: string;
  readonly currency: string;
  /** Minor units. */
  readonly balance: number;
  /** Days late, counted from the business day the due date rolls to (≥ 1). */
  readonly daysLate: number;
}

export interface Letter {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly locale: string;
  /** The last day to pay before hand-off (YYYY-MM-DD, debtor's zone): a business day of the debtor's country. */
  readonly deadline: string;
  /** The PDF's file name as the debtor sees it, e.g. `carta-de-cobranza-2026-12-02.pdf`. */
  readonly fileName: string;
  /** What the letter asks for, oldest first: the invoices overdue and undisputed on its date. */
  readonly demanded: readonly DemandedInvoice[];
  /** The Reply-To address (`company.replyTo` ?? `company.email`), when the policy has one. */
  readonly replyTo?: string;
}

/**
 * The pre-legal collection letter: formal, factual, never threatening, never dressed as a court,
 * notary or government document (title: letter-title.ts). It demands only what is owed today —
 * the open invoices with a balance, under no open dispute, at least one day past the business day
 * their due date rolls to (`splitForDemand`) — each with its amount, due date and days late, and
 * their total per currency as the overdue balance. Open invoices not yet due are listed apart,
 * "not part of this request"; invoices under dispute are named as under review. Then a deadline —
 * today + the grace period in the debtor's zone, rolled to the next business day of the debtor's
 * country (a deadline on a Sunday or a holiday is no deadline) — how to pay, every way to reach the
 * creditor (the letter may be printed and posted, so it names the address and phone rather than
 * "reply to this email"), and what may follow, lawfully: a hand-off to a collection agency or legal
 * counsel (FDCPA §807(5): only what is intended and lawful). Spanish for es-* locales, English
 * otherwise, signed in that language only. The same text is stored as evidence.
 * Throws NothingToDemandError when nothing is overdue and undisputed.
 *
 * @example
 * const letter = composeLetter({ account, invoices, disputes, policy, now, graceDays: 10 });
 * letter.demanded.map((d) => d.invoiceNumber) // only the overdue, undisputed invoices
 */
export function composeLetter(input: LetterInput): Letter {
  const { account, policy, now } = input;
  const company = policy.company;
  const zone = effectiveZone(account.timezone);
  const { language, locale } = messageLocale(account.locale, account.country);
  const es = language === 'es';
  const split = splitForDemand(input.invoices, input.disputes, now, zone, account.country);
  const first = split.overdue[0];
  if (!first) throw new NothingToDemandError(account.accountId);

  const today = DateTime.fromJSDate(now, { zone });
  const deadline = nextBusinessDay(today.plus({ days: input.graceDays }).toISODate()!, account.country);
  const deadlineText = formatDate(deadline, locale, zone);
  const money = (invoice: Invoice): string => formatMoney(invoice.balance, invoice.currency, locale);
  const total = formatTotals(
    split.overdue.map(({ invoice }) => ({ currency: invoice.currency, minor: invoice.balance })),
    locale,
  );
  const portal = company.portalLinkTemplate ? portalLink(company.portalLinkTemplate, account.accountId) : undefined;
  // One place to pay everything (the portal, or the only invoice's link), else each invoice's own link on its line.
  const single = portal ?? (split.overdue.length === 1 ? paymentLink(company.paymentLinkTemplate, first.invoice) : undefined);
  const demandLines = split.overdue.map(({ invoice, daysLate }) => {
    const due = formatDate(invoice.dueDate, locale, zone);
    // Days late count from the business day a weekend or holiday due date rolls to (the demand rule's
    // own count); the line then names that day, so the count and the printed due date agree.
    const rolled = nextBusinessDay(invoice.dueDate, account.country);
    const counted = { daysPastDue: daysLate, rolledTo: rolled === invoice.dueDate ? undefined : formatDate(rolled, locale, zone) };
    const late = es ? atrasoContado(counted) : overdueCounted(counted);
    const pay = single ? '' : ` – ${es ? 'Pagar' : 'Pay'}: ${paymentLink(company.paymentLinkTemplate, invoice)}`;
    return es ? `- Factura ${invoice.invoiceNumber}: ${money(invoice)}, vencida el ${due} (${late})${pay}` : `- Invoice ${invoice.invoiceNumber}: ${money(invoice)}, due ${due} (${late})${pay}`;
  });
  const pendingLines = split.notYetDue.map((invoice) => {
    const due = formatDate(invoice.dueDate, locale, zone);
    return es ? `- Factura ${invoice.invoiceNumber}: ${money(invoice)}, vence el ${due}` : `- Invoice ${invoice.invoiceNumber}: ${money(invoice)}, due ${due}`;
  });
  const disputed = formatList(
    split.disputed.map((invoice) => invoice.invoiceNumber),
    locale,
  );
  const ways = contactWays(language, company, portal);
  const title = letterTitle(language, account.country);
  const subject = `${title.subject} – ${company.name}`.replace(/[\r\n]+/g, ' ');
  const addressee = `${account.name}${account.taxId ? ` (${account.taxId})` : ''}`;
  const many = split.disputed.length > 1;
  // The demanded invoices are named in the number they are: a letter about one invoice never speaks
  // of "these invoices" (and the pending or disputed ones listed apart are never what it refers to).
  const oneDemanded = split.overdue.length === 1;
  // A consumer is a person: written to by name, in Spanish "usted" (never "Estimados señores … les");
  // a business or an SME, as a company.
  const person = addresseeOf(account.debtorType) === 'person';
  // Spanish words for the company's team (`ustedes`) or the person (`usted`).
  const u = person
    ? { les: 'le', Les: 'Le', hicieron: 'hizo', desean: 'desea' }
    : { les: 'les', Les: 'Les', hicieron: 'hicieron', desean: 'desean' };

  const paragraphs = es
    ? [
        formatDate(today.toISODate()!, locale, zone),
        addressee,
        person ? `Estimado/a ${account.name}:` : 'Estimados señores:',
        `${company.name} ${u.les} escribe con respecto al saldo vencido de su cuenta, que a esta fecha asciende a ${total}, integrado por ${oneDemanded ? 'la siguiente factura' : 'las siguientes facturas'}:`,
        demandLines.join('\n'),
        `${u.Les} solicitamos realizar el pago a más tardar el ${deadlineText}${single ? ` en: ${single}` : ', en el enlace de cada factura.'}`,
        ...(pendingLines.length > 0
          ? [`Para su información, ${pendingLines.length === 1 ? 'esta factura aún no vence y no forma' : 'estas facturas aún no vencen y no forman'} parte de este cobro:\n${pendingLines.join('\n')}`]
          : []),
        ...(split.disputed.length > 0
          ? [`${many ? 'Las facturas' : 'La factura'} ${disputed} ${many ? 'están' : 'está'} en revisión por la aclaración que nos ${u.hicieron} llegar; no ${many ? 'forman' : 'forma'} parte de este cobro y ${u.les} responderemos por separado.`]
          : []),
        `Si existe alguna diferencia con ${oneDemanded ? `la factura ${first.invoice.invoiceNumber}` : 'las facturas de este cobro'}, o si ${u.desean} acordar un plan de pagos, ${u.les} invitamos a comunicarse con nosotros antes de esa fecha${ways}. Si el pago ya fue efectuado, ${u.les} rogamos enviarnos el comprobante y disculpar esta carta.`,
        `Si antes del ${deadlineText} no recibimos el pago ni una propuesta, podremos encargar el cobro de este saldo a una agencia de cobranza o a nuestros asesores legales, conforme a la ley aplicable.`,
        `Atentamente,\n${companySignature(company, 'es')}`,
      ]
    : [
        formatDate(today.toISODate()!, locale, zone),
        addressee,
        person ? `Dear ${account.name},` : 'Dear Sir or Madam,',
        `${company.name} is writing to you about the overdue balance of your account, which as of today amounts to ${total}, made up of the following ${oneDemanded ? 'invoice' : 'invoices'}:`,
        demandLines.join('\n'),
        `Please make the payment no later than ${deadlineText}${single ? ` at: ${single}` : ', at each invoice’s link above.'}`,
        ...(pendingLines.length > 0
          ? [`For your information, ${pendingLines.length === 1 ? 'this invoice is not yet due and is' : 'these invoices are not yet due and are'} not part of this request:\n${pendingLines.join('\n')}`]
          : []),
        ...(split.disputed.length > 0
          ? [`${many ? 'Invoices' : 'Invoice'} ${disputed} ${many ? 'are' : 'is'} under review following the query you raised; ${many ? 'they are' : 'it is'} not part of this request and we will reply to you about ${many ? 'them' : 'it'} separately.`]
          : []),
        `If you dispute ${oneDemanded ? `invoice ${first.invoice.invoiceNumber}` : 'any of the invoices in this request'}, or would like to agree a payment plan, please contact us before that date${ways}. If you have already paid, please send us the remittance details and disregard this letter.`,
        `If we receive neither payment nor a proposal by ${deadlineText}, we may refer the collection of this balance to a collection agency or to our legal counsel, in accordance with applicable law.`,
        // British usage: "Yours faithfully" after "Dear Sir or Madam", "Yours sincerely" after a name.
        `${person ? 'Yours sincerely' : 'Yours faithfully'},\n${companySignature(company, 'en')}`,
      ];
  const text = `${paragraphs.join('\n\n')}\n`;
  const html = `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</body></html>`;
  const replyTo = replyAddress(company);
  return {
    subject,
    text,
    html,
    locale,
    deadline,
    fileName: `${title.fileStem}-${today.toISODate()!}.pdf`,
    demanded: split.overdue.map(({ invoice, daysLate }) => ({ invoiceNumber: invoice.invoiceNumber, currency: invoice.currency, balance: invoice.balance, daysLate })),
    ...(replyTo ? { replyTo } : {}),
  };
}

/**
 * How to reach the creditor, written out for a letter that may be printed: ` escribiendo a
 * cobranza@example.com o llamando al +52 55 1234 5678`, else through the self-service page, else
 * nothing (the signature still names the company).
 */
function contactWays(language: 'es' | 'en', company: CompanyIdentity, portal: string | undefined): string {
  const address = replyAddress(company);
  const es = language === 'es';
  const ways = [
    ...(address ? [es ? `escribiendo a ${address}` : `by writing to ${address}`] : []),
    ...(company.phone ? [es ? `llamando al ${company.phone}` : `by calling ${company.phone}`] : []),
  ];
  if (ways.length > 0) return ` ${ways.join(es ? ' o ' : ' or ')}`;
  if (portal) return es ? ` desde ${portal}` : ` through ${portal}`;
  return '';
}
