import type { TemplateText } from '../templates/catalog.js';
import { contactUs, replyAddress } from '../templates/contact.js';
import { htmlEmail, htmlFromText, type HtmlFooter, type HtmlLink } from '../templates/html.js';
import { wordsFor } from '../templates/languages.js';
import type { Tone } from '../types.js';
import type { InvoiceFacts, MessageFacts } from './facts.js';
import { otherOverdueSentence } from './other-overdue.js';
import { findOverride } from './overrides.js';
import { fillPlaceholders } from './placeholders.js';
import type { MessagePolicy } from './policy-section.js';
import { variableValues } from './variables.js';

export interface ComposedEmail {
  readonly channel: 'email';
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly locale: string;
  /** The Reply-To address (`company.replyTo` ?? `company.email`); absent: replies go to the sender. */
  readonly replyTo?: string;
}

/**
 * The reminder email for the invoices of `facts`: the shipped words of the template and tone (one
 * invoice: its details; several: a list with each one's balance, due date and days overdue, and the
 * total per currency, labelled as these invoices' — for a late template that also lists invoices
 * not yet due, the overdue total and the not-yet-due total apart; the account's other overdue
 * invoices, not in the message, named apart and never asked for), or the policy's override for it; the payment link (the portal
 * for several invoices when there is one), the link to the debtor's self-service page and the
 * one-click unsubscribe link when given, the signature, and the Reply-To address. The words ask for
 * a reply only when the policy has an address that reads replies (else the phone, else the
 * self-service link: templates/contact.ts). Text and HTML say the same thing; the HTML escapes every
 * value.
 *
 * @example
 * composeEmail(messageFacts({ account, invoices, template: 'overdue', now, policy }), 'firm', policy)
 */
export function composeEmail(facts: MessageFacts, tone: Tone, policy: MessagePolicy, unsubscribeUrl?: string, selfServiceUrl?: string): ComposedEmail {
  const lang = wordsFor(facts.language, facts.addressee);
  const reachUs = contactUs(facts.language, policy.company, selfServiceUrl !== undefined || facts.portalUrl !== undefined, facts.addressee);
  const words = shippedWords(facts, tone, reachUs);
  const replyTo = replyAddress(policy.company);
  const replyHeader = replyTo ? { replyTo } : {};
  // The debtor's self-service page (promise a date, report a problem, accept a plan), when linked.
  const selfService: HtmlLink | undefined = selfServiceUrl ? { label: lang.labels.selfService, url: selfServiceUrl } : undefined;
  const footer: HtmlFooter | undefined = unsubscribeUrl
    ? { text: lang.labels.unsubscribe, link: { label: lang.labels.unsubscribeLink, url: unsubscribeUrl } }
    : undefined;
  const footerText = unsubscribeUrl ? `\n\n${lang.labels.unsubscribe} ${unsubscribeUrl}` : '';

  const override = findOverride(policy.templates.overrides, { channel: 'email', template: facts.template, tone, locale: facts.locale });
  if (override) {
    const values = variableValues(facts, 'email');
    const subject = oneLine(override.subject ? fillPlaceholders(override.subject, values) : `${words.subject} – ${facts.companyName}`);
    const text = `${fillPlaceholders(override.text, values).trim()}${selfService ? `\n\n${selfService.label} ${selfService.url}` : ''}${footerText}`;
    return {
      channel: 'email',
      subject,
      text: `${text}\n`,
      html: htmlFromText({ lang: facts.locale, title: subject, text, ...(footer ? { footer } : {}) }),
      locale: facts.locale,
      ...replyHeader,
    };
  }

  // One line, whatever a company or invoice name contains: a newline in a subject is a header injection.
  const subject = oneLine(`${words.subject} – ${facts.companyName}`);
  const several = facts.invoices.length > 1;
  const first = facts.invoices[0];
  if (!first) throw new RangeError('a message needs at least one invoice');
  const labels = lang.labels;

  let detailsText: string;
  let payLabel: string;
  const links: HtmlLink[] = [];
  const totals = totalRows(facts);
  if (several) {
    detailsText = `${variableValues(facts, 'email').invoiceList}\n${totals.map(([label, value]) => `${label}: ${value}`).join('\n')}`;
    payLabel = facts.portalUrl ? labels.viewAndPay : labels.payInvoice(first.number);
  } else {
    detailsText = singleDetails(facts)
      .map(([label, value]) => `${label}: ${value}`)
      .join('\n');
    payLabel = labels.payOnline;
    if (facts.portalUrl) links.push({ label: labels.portal, url: facts.portalUrl });
  }
  if (selfService) links.push(selfService);

  // The account's other overdue invoices, named apart: the total above is this message's alone.
  const others = otherOverdueSentence(facts);
  const text = [
    words.greeting,
    ...words.body,
    detailsText,
    ...(others ? [others] : []),
    `${payLabel}: ${facts.payUrl}`,
    ...links.map((link) => `${link.label} ${link.url}`),
    ...(words.note ? [words.note] : []),
    `${words.closing}\n${facts.signature}`,
  ].join('\n\n');

  const html = htmlEmail({
    lang: facts.locale,
    title: subject,
    greeting: words.greeting,
    body: words.body,
    details: several ? [] : singleDetails(facts),
    ...(several
      ? {
          table: {
            head: [labels.invoice, labels.amountDue, labels.dueDate, labels.daysOverdue, ...(facts.portalUrl ? [] : [''])],
            rows: facts.invoices.map((invoice) => [
              invoice.number,
              invoice.amount,
              invoice.dueDate,
              daysOverdueCell(facts, invoice),
              ...(facts.portalUrl ? [] : [{ label: labels.pay, url: invoice.payUrl }]),
            ]),
            totals,
          },
        }
      : {}),
    ...(others ? { afterDetails: others } : {}),
    payLabel,
    payUrl: facts.payUrl,
    linkFallback: labels.linkFallback,
    links,
    ...(words.note ? { note: words.note } : {}),
    closing: words.closing,
    signature: facts.signature,
    ...(footer ? { footer } : {}),
  });

  return { channel: 'email', subject, text: `${text}${footerText}\n`, html, locale: facts.locale, ...replyHeader };
}

/**
 * The total rows under a list of invoices: one `Total`, or — a late message that also carries
 * invoices not yet due — the overdue total and the not-yet-due total apart, so the sum asked for is
 * never more than what is owed today.
 */
function totalRows(facts: MessageFacts): (readonly [string, string])[] {
  const labels = wordsFor(facts.language, facts.addressee).labels;
  const late = facts.template === 'overdue' || facts.template === 'final-notice';
  if (!late || facts.notYetDueCount === 0 || facts.lateCount === 0) return [[labels.total, facts.total]];
  return [
    [labels.lateTotal, facts.lateTotal],
    [labels.notYetDueTotal, facts.notYetDueTotal],
  ];
}

function shippedWords(facts: MessageFacts, tone: Tone, reachUs: string): TemplateText {
  const lang = wordsFor(facts.language, facts.addressee);
  const first = facts.invoices[0];
  if (facts.invoices.length === 1 && first) {
    return lang.templates[facts.template][tone]({
      customerName: facts.customerName,
      invoiceNumber: first.number,
      amount: first.amount,
      dueDate: first.dueDate,
      daysPastDue: first.daysPastDue,
      rolledTo: first.rolledTo,
      companyName: facts.companyName,
      contactUs: reachUs,
    });
  }
  return lang.several[facts.template][tone]({
    customerName: facts.customerName,
    companyName: facts.companyName,
    count: facts.invoices.length,
    total: facts.total,
    oldestDueDate: facts.oldestDueDate,
    daysPastDue: facts.daysPastDue,
    rolledTo: facts.oldestRolledTo,
    sameDueDate: facts.sameDueDate,
    lateCount: facts.lateCount,
    lateTotal: facts.lateTotal,
    notYetDueCount: facts.notYetDueCount,
    notYetDueTotal: facts.notYetDueTotal,
    contactUs: reachUs,
  });
}

/**
 * Label / value rows of a one-invoice message: the invoice's own due date; while a due date on a
 * non-business day has not yet passed the business day it rolled to, until when it can be paid
 * without being late; days overdue only once it is late, with the day they are counted from when that
 * is not the due date.
 */
function singleDetails(facts: MessageFacts): [string, string][] {
  const labels = wordsFor(facts.language, facts.addressee).labels;
  const invoice = facts.invoices[0];
  if (!invoice) return [];
  return [
    [labels.invoice, invoice.number],
    [labels.amountDue, invoice.amount],
    [labels.dueDate, invoice.dueDate],
    ...(invoice.rolledTo && invoice.daysPastDue <= 0 ? [[...labels.payableBy(invoice.rolledTo, invoice.daysPastDue === 0)] as [string, string]] : []),
    ...(invoice.daysPastDue > 0 ? [[labels.daysOverdue, daysOverdueCell(facts, invoice)] as [string, string]] : []),
  ];
}

/** Days overdue as a cell: `3`, `34 (contados desde el 3 de noviembre de 2026, …)`, or `—` when not late. */
function daysOverdueCell(facts: MessageFacts, invoice: InvoiceFacts): string {
  if (invoice.daysPastDue <= 0) return '—';
  const labels = wordsFor(facts.language, facts.addressee).labels;
  return invoice.rolledTo ? labels.daysOverdueFrom(invoice.daysPastDue, invoice.rolledTo) : String(invoice.daysPastDue);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
