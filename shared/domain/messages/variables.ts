import { formatList } from '../templates/format.js';
import { LANGUAGES } from '../templates/languages.js';
import type { Channel } from '../types.js';
import type { InvoiceFacts, MessageFacts } from './facts.js';
import { capitalize, firstAndMore, invoiceLine, shortInvoiceLine } from './invoice-lines.js';
import { otherOverdueValue } from './other-overdue.js';

/**
 * The `{{variables}}` a policy override may use, with what each becomes. Documented for users in
 * examples/policy.md (keep the two in step).
 */
export const MESSAGE_VARIABLES = {
  customerName: "the debtor account's name",
  companyName: 'company.name',
  invoiceCount: 'how many invoices the message is about, e.g. 3',
  invoiceList:
    'every invoice with its number, balance, due date and days overdue: one line each in email, separated by "; " in WhatsApp, short and separated by ", " in SMS',
  invoiceNumbers: 'the invoice numbers as a list, e.g. "F-1, F-2 y F-3"',
  total: 'the balances added up per currency, e.g. "$12,345.67 + USD 1,200.00"',
  overdueList: 'overdue and final-notice texts only: the invoices at least one day overdue, listed as invoiceList lists them',
  overdueTotal: 'overdue and final-notice texts only: the balances of the overdue invoices added up per currency (never an invoice not yet due)',
  notYetDueList: 'overdue and final-notice texts only: the invoices of the message not yet overdue, listed as invoiceList lists them, or "ninguna" / "none"',
  otherOverdue:
    'the account\'s other overdue invoices, not in this message (never asked for): their numbers and total, e.g. "F-1 y F-2, por un total de $12,040.00", or "ninguna" / "none"',
  oldestDueDate: 'the earliest due date (long in email and WhatsApp, short in SMS)',
  daysOverdue: 'days overdue of the oldest invoice, 0 before its due date',
  paymentLink: "one invoice: its payment link; several: the customer portal if set, else the first invoice's payment link (it pays that one only)",
  paymentLinkWithInvoice:
    'paymentLink, followed by the invoice it pays when it pays only the first of several (no portal), e.g. "https://pay.example.com/C-1/F-1 (solo factura F-1)"',
  portalLink: 'the customer portal (needs company.portalLinkTemplate)',
  signature: "the signature in the debtor's language: company.signature, or written from the company's facts (its line breaks become \" · \" in WhatsApp)",
} as const;

export type MessageVariable = keyof typeof MESSAGE_VARIABLES;

/**
 * The variables that split a late message's invoices into overdue and not yet due: they exist only
 * in `overdue` and `final-notice` texts (the only ones that ask for what is overdue).
 */
export const LATE_ONLY_VARIABLES: readonly MessageVariable[] = ['overdueList', 'overdueTotal', 'notYetDueList'];

export function isMessageVariable(name: string): name is MessageVariable {
  return Object.hasOwn(MESSAGE_VARIABLES, name);
}

/**
 * How hard to shorten values that can be long, when a message must fit a channel's limit (SMS
 * segments, WhatsApp's 1,024 characters): `list` from every invoice in full, to their numbers, to
 * `F-1001 y 4 más`; `nameLength` cuts the customer's name to that many characters (`…`).
 */
export interface Compaction {
  readonly list: 'full' | 'numbers' | 'first';
  readonly nameLength?: number;
}

export const NO_COMPACTION: Compaction = { list: 'full' };

export type VariableValues = Readonly<Record<MessageVariable, string | undefined>>;

/**
 * The value of every variable for a message on `channel`; `portalLink` is undefined when the policy
 * has no portal.
 *
 * @example
 * variableValues(facts, 'sms').invoiceList // 'F-1001 $12,345.67 (3 días de atraso), F-1002 $500.00 (vence hoy)'
 */
export function variableValues(facts: MessageFacts, channel: Channel, compaction: Compaction = NO_COMPACTION): VariableValues {
  const numbers = formatList(
    facts.invoices.map((invoice) => invoice.number),
    facts.locale,
  );
  const list = (invoices: readonly InvoiceFacts[]): string =>
    compaction.list === 'numbers'
      ? formatList(
          invoices.map((invoice) => invoice.number),
          facts.locale,
        )
      : compaction.list === 'first'
        ? firstAndMore(facts.language, invoices)
        : fullList(facts, invoices, channel);
  // Late (the same split as the totals of messages/facts.ts): at least one business day past due.
  const late = facts.template === 'overdue' || facts.template === 'final-notice';
  const overdue = facts.invoices.filter((invoice) => invoice.daysPastDue >= 1);
  const notYetDue = facts.invoices.filter((invoice) => invoice.daysPastDue < 1);
  return {
    customerName: compaction.nameLength === undefined ? facts.customerName : truncate(facts.customerName, compaction.nameLength),
    companyName: facts.companyName,
    invoiceCount: String(facts.invoices.length),
    invoiceList: list(facts.invoices),
    invoiceNumbers: numbers,
    total: facts.total,
    overdueList: late ? list(overdue) : undefined,
    overdueTotal: late ? facts.lateTotal : undefined,
    notYetDueList: late ? (notYetDue.length > 0 ? list(notYetDue) : NONE[facts.language]) : undefined,
    otherOverdue: otherOverdueValue(facts, compaction.list === 'first' ? firstAndMoreNumbers(facts.language, facts.otherOverdueNumbers) : formatList(facts.otherOverdueNumbers, facts.locale)),
    oldestDueDate: channel === 'sms' ? facts.oldestDueDateShort : facts.oldestDueDate,
    daysOverdue: String(Math.max(0, facts.daysPastDue)),
    paymentLink: facts.payUrl,
    paymentLinkWithInvoice: paymentLinkValue(facts),
    portalLink: facts.portalUrl,
    signature: facts.signature,
  };
}

/**
 * The link a message asks to pay at, as words can carry it: the portal or the only invoice's link
 * as is; for several invoices without a portal, the first one's link naming the invoice it pays, so
 * a request to pay several is never answered by a link that pays one without saying so.
 *
 * @example
 * paymentLinkValue(facts) // 'https://pay.example.com/C-1/F-1 (solo factura F-1)'
 */
export function paymentLinkValue(facts: MessageFacts): string {
  const number = linkPaysOnly(facts);
  if (number === undefined) return facts.payUrl;
  return `${facts.payUrl} (${facts.language === 'es' ? `solo factura ${number}` : `invoice ${number} only`})`;
}

/**
 * The invoice the message's payment link pays when the message is about several and the link pays
 * that one only (no portal: `facts.payUrl` is the first invoice's link); undefined when the link is
 * the portal or the message is about one invoice.
 */
export function linkPaysOnly(facts: MessageFacts): string | undefined {
  if (facts.invoices.length === 1 || facts.portalUrl !== undefined) return undefined;
  return facts.invoices[0]?.number;
}

/** `F-1 y 4 más`, from numbers alone. */
function firstAndMoreNumbers(language: 'es' | 'en', numbers: readonly string[]): string {
  const more = numbers.length - 1;
  if (more <= 0) return numbers[0] ?? '';
  return language === 'es' ? `${numbers[0]} y ${more} más` : `${numbers[0]} and ${more} more`;
}

/** `notYetDueList` of a late message whose invoices are all overdue. */
const NONE = { es: 'ninguna', en: 'none' } as const;

/** `invoices` (all of the message, or part of them) in full, as `channel` lists them. */
function fullList(facts: MessageFacts, invoices: readonly InvoiceFacts[], channel: Channel): string {
  if (channel === 'sms') return invoices.map((invoice) => shortInvoiceLine(facts.language, invoice)).join(', ');
  if (channel === 'whatsapp') return invoices.map((invoice) => invoiceLine(facts.language, invoice)).join('; ');
  // Email: one line each; with several invoices and no portal, each line carries its own payment link.
  const perInvoiceLinks = facts.invoices.length > 1 && facts.portalUrl === undefined;
  const pay = LANGUAGES[facts.language].labels.pay;
  return invoices
    .map((invoice) => `- ${capitalize(invoiceLine(facts.language, invoice))}${perInvoiceLinks ? ` – ${pay}: ${invoice.payUrl}` : ''}`)
    .join('\n');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to `length` user-perceived characters, ending in `...` when cut: an emoji or an accented
 * letter is never split in half.
 *
 * @example
 * truncate('Distribuidora del Pacífico Norte', 12) // 'Distribui...'
 */
export function truncate(text: string, length: number): string {
  // Fewer code units than the limit: fewer characters too, no need to segment.
  if (text.length <= length) return text;
  const kept: string[] = [];
  let count = 0;
  // The segmenter is lazy: walk only as far as needed (names can be long, checks run it often).
  for (const { segment } of graphemes.segment(text)) {
    count += 1;
    if (count > length) return `${kept.join('').trimEnd()}...`;
    if (count <= Math.max(1, length - 3)) kept.push(segment);
  }
  return text;
}
