import { daysPastDue } from '../planning/aging.js';
import { effectiveZone } from '../planning/zone.js';
import type { Policy } from '../policy/schema.js';
import type { Account, Invoice, Tone } from '../types.js';
import { isTemplateName, TEMPLATE_NAMES, type TemplateName, type TemplateVars } from './catalog.js';
import { formatDate, formatMoney, messageLocale } from './format.js';
import { htmlEmail } from './html.js';
import { LANGUAGES } from './languages.js';

export interface RenderInput {
  readonly account: Account;
  readonly invoice: Invoice;
  /** A template name from `templateNames()` (the policy schema rejects any other). */
  readonly template: string;
  readonly tone: Tone;
  /** When the message is rendered: days overdue are counted up to this day in the debtor's zone. */
  readonly now: Date;
  readonly policy: Policy;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The BCP 47 locale the amounts and dates were formatted in, e.g. `es-MX`. */
  readonly locale: string;
}

/**
 * The template that tells the truth on the day the message goes out. A step planned as `upcoming`
 * or `due-today` can go out after the due date (a due date on a weekend or holiday, a catch-up for
 * an invoice loaded late, a delayed delivery): it must not say "due today" of an invoice three days
 * late, so it speaks as `overdue`, keeping the step's tone.
 */
export function templateForToday(template: TemplateName, daysPastDue: number): TemplateName {
  if (template === 'upcoming' && daysPastDue === 0) return 'due-today';
  if ((template === 'upcoming' || template === 'due-today') && daysPastDue > 0) return 'overdue';
  return template;
}

/** The template names a cadence step may use (every one exists in Spanish and English, in every tone). */
export function templateNames(): string[] {
  return [...TEMPLATE_NAMES];
}

/**
 * Renders a reminder email for one invoice: Spanish for `es*` locales, English otherwise; the balance
 * and due date formatted for the debtor's locale and zone; the payment link from the policy; the
 * company's signature. Text and HTML say the same thing; the HTML escapes every value (a customer
 * called `Herrería & Hijos <Norte>` arrives intact). Throws a RangeError for an unknown template.
 *
 * @example
 * const { subject, text, html } = renderEmail({ account, invoice, template: 'overdue', tone: 'friendly', now, policy });
 */
export function renderEmail(input: RenderInput): RenderedEmail {
  const { account, invoice, policy, tone } = input;
  if (!isTemplateName(input.template)) {
    throw new RangeError(`unknown email template ${JSON.stringify(input.template)} (known: ${TEMPLATE_NAMES.join(', ')})`);
  }
  const zone = effectiveZone(account.timezone);
  const { language, locale } = messageLocale(account.locale, account.country);
  const lang = LANGUAGES[language];
  const vars: TemplateVars = {
    customerName: account.name,
    invoiceNumber: invoice.invoiceNumber,
    amount: formatMoney(invoice.balance, invoice.currency, locale),
    dueDate: formatDate(invoice.dueDate, locale, zone),
    daysPastDue: daysPastDue(invoice.dueDate, input.now, zone),
    companyName: policy.company.name,
  };
  const words = lang.templates[templateForToday(input.template, vars.daysPastDue)][tone](vars);
  const payUrl = paymentLink(policy.company.paymentLinkTemplate, invoice);
  const details: [string, string][] = [
    [lang.labels.invoice, vars.invoiceNumber],
    [lang.labels.amountDue, vars.amount],
    [lang.labels.dueDate, vars.dueDate],
    ...(vars.daysPastDue > 0 ? [[lang.labels.daysOverdue, String(vars.daysPastDue)] as [string, string]] : []),
  ];
  // One line, whatever a company or invoice name contains: a newline in a subject is a header injection.
  const subject = `${words.subject} – ${policy.company.name}`.replace(/[\r\n]+/g, ' ');

  const text = [
    words.greeting,
    ...words.body,
    details.map(([label, value]) => `${label}: ${value}`).join('\n'),
    `${lang.labels.payOnline}: ${payUrl}`,
    ...(words.note ? [words.note] : []),
    `${words.closing}\n${policy.company.signature}`,
  ].join('\n\n');

  const html = htmlEmail({
    lang: locale,
    title: subject,
    greeting: words.greeting,
    body: words.body,
    details,
    payLabel: lang.labels.payOnline,
    payUrl,
    linkFallback: lang.labels.linkFallback,
    ...(words.note ? { note: words.note } : {}),
    closing: words.closing,
    signature: policy.company.signature,
  });

  return { subject, text: `${text}\n`, html, locale };
}

/**
 * The payment link of an invoice: the policy's template with `{accountId}` and `{invoiceNumber}`
 * replaced by their URL-encoded values (`F 1/2` → `F%201%2F2`).
 */
export function paymentLink(template: string, invoice: Pick<Invoice, 'accountId' | 'invoiceNumber'>): string {
  return template
    .replaceAll('{accountId}', encodeURIComponent(invoice.accountId))
    .replaceAll('{invoiceNumber}', encodeURIComponent(invoice.invoiceNumber));
}
