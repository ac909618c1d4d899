import { effectiveZone } from '../planning/zone.js';
import { isTemplateName, TEMPLATE_NAMES, templateForToday, type TemplateName } from '../templates/catalog.js';
import { formatDate, formatMoney, formatShortDate, formatTotals, messageLocale } from '../templates/format.js';
import { addresseeOf, type Addressee } from '../templates/contact.js';
import { paymentLink, portalLink } from '../templates/links.js';
import { companySignature } from '../templates/signature.js';
import type { Account, Invoice } from '../types.js';
import { dueState } from './due-state.js';
import type { MessagePolicy } from './policy-section.js';

/** One invoice as a message shows it, formatted for the debtor's locale and zone. */
export interface InvoiceFacts {
  readonly number: string;
  /** The outstanding balance, e.g. `$12,345.67`. */
  readonly amount: string;
  /** `15 de diciembre de 2026`: the invoice's own due date, always (never the day it rolled to). */
  readonly dueDate: string;
  /** `15 dic` (SMS). */
  readonly dueDateShort: string;
  /** Days late in the debtor's zone, from the business day the due date rolls to (negative before it). */
  readonly daysPastDue: number;
  /**
   * Once a due date on a weekend or holiday has come: the business day it rolled to, `23 de
   * noviembre de 2026` (messages/due-state.ts). Until that day the invoice can be paid without being
   * late; after it, days late are counted from it. Absent otherwise.
   */
  readonly rolledTo?: string;
  /** `rolledTo`, short: `23 nov` (SMS). */
  readonly rolledToShort?: string;
  /** This invoice's own payment link. */
  readonly payUrl: string;
}

/** Everything a message about some invoices of one account can say, already formatted. */
export interface MessageFacts {
  /** The language of the words. */
  readonly language: 'es' | 'en';
  /** The BCP 47 locale amounts and dates are formatted in, e.g. `es-CO`. */
  readonly locale: string;
  /** The template that tells the truth today (`templateForToday` of the oldest invoice). */
  readonly template: TemplateName;
  readonly customerName: string;
  /** Who the words are written to: a company's team, or a person (a consumer: `Account.debtorType`). */
  readonly addressee: Addressee;
  readonly companyName: string;
  /** In the message's language (templates/signature.ts). */
  readonly signature: string;
  /** Oldest due date first (then by number), so the list reads in the order the debts arose. */
  readonly invoices: readonly InvoiceFacts[];
  /** Balances summed per currency, e.g. `$12,345.67 + USD 1,200.00`. */
  readonly total: string;
  /** The invoices at least one day late: how many, and their balances per currency (`''` when none). */
  readonly lateCount: number;
  readonly lateTotal: string;
  /** The others (not late yet): a late message lists them apart and never asks for them. */
  readonly notYetDueCount: number;
  readonly notYetDueTotal: string;
  /**
   * The account's other invoices at least one day late that this message is not about
   * (`FactsInput.otherInvoices`), oldest first, and their balances per currency (`''` when none):
   * the message names them apart (messages/other-overdue.ts) and never asks for them.
   */
  readonly otherOverdueNumbers: readonly string[];
  readonly otherOverdueTotal: string;
  readonly oldestDueDate: string;
  readonly oldestDueDateShort: string;
  /** Days past due of the oldest invoice (negative before its due date). */
  readonly daysPastDue: number;
  /** The business day the oldest invoice's due date rolled to (InvoiceFacts.rolledTo), long and short. */
  readonly oldestRolledTo?: string;
  readonly oldestRolledToShort?: string;
  /** Every invoice falls due on the same day. */
  readonly sameDueDate: boolean;
  /**
   * The link a message asks to pay at: for one invoice its payment link; for several the customer
   * portal when the policy has one (it shows them all), else the first invoice's payment link.
   */
  readonly payUrl: string;
  /** The customer portal, when `company.portalLinkTemplate` is set. */
  readonly portalUrl?: string;
}

export interface FactsInput {
  readonly account: Account;
  readonly invoices: readonly Invoice[];
  /**
   * The account's other open invoices a message may mention but never asks for (see
   * ComposeInput.otherInvoices); those of `invoices`, closed, without a balance, not yet late, of
   * another account or with a date for a person to review are left out here.
   */
  readonly otherInvoices?: readonly Invoice[];
  readonly template: string;
  readonly now: Date;
  readonly policy: MessagePolicy;
}

/**
 * Formats what a message about `invoices` will say. Throws a RangeError for an unknown template or an
 * empty list. (Each invoice's payment link uses its own `accountId`; `composeMessage` checks that
 * they are all the account's.)
 *
 * @example
 * const facts = messageFacts({ account, invoices: [a, b], template: 'overdue', now, policy });
 * facts.total // '$15,000.00'
 */
export function messageFacts(input: FactsInput): MessageFacts {
  const { account, policy } = input;
  if (!isTemplateName(input.template)) {
    throw new RangeError(`unknown template ${JSON.stringify(input.template)} (known: ${TEMPLATE_NAMES.join(', ')})`);
  }
  if (input.invoices.length === 0) throw new RangeError('a message needs at least one invoice');
  const zone = effectiveZone(account.timezone);
  const { language, locale } = messageLocale(account.locale, account.country);
  const sorted = [...input.invoices].sort(byDueDate);
  const invoices = sorted.map((invoice): InvoiceFacts => {
    const due = dueState(invoice.dueDate, input.now, zone, account.country);
    return {
      number: invoice.invoiceNumber,
      amount: formatMoney(invoice.balance, invoice.currency, locale),
      dueDate: formatDate(due.date, locale, zone),
      dueDateShort: formatShortDate(due.date, locale),
      daysPastDue: due.days,
      ...(due.rolledTo ? { rolledTo: formatDate(due.rolledTo, locale, zone), rolledToShort: formatShortDate(due.rolledTo, locale) } : {}),
      payUrl: paymentLink(policy.company.paymentLinkTemplate, invoice),
    };
  });
  const late = sorted.filter((_, i) => (invoices[i]?.daysPastDue ?? 0) >= 1);
  const notYetDue = sorted.filter((_, i) => (invoices[i]?.daysPastDue ?? 0) < 1);
  const sum = (list: readonly Invoice[]): string => formatTotals(list.map((invoice) => ({ currency: invoice.currency, minor: invoice.balance })), locale);
  const oldest = invoices[0] as InvoiceFacts;
  const portalUrl = policy.company.portalLinkTemplate ? portalLink(policy.company.portalLinkTemplate, account.accountId) : undefined;
  const inMessage = new Set(sorted.map((invoice) => invoice.invoiceNumber));
  const otherOverdue = (input.otherInvoices ?? [])
    .filter(
      (invoice) =>
        invoice.accountId === account.accountId &&
        !inMessage.has(invoice.invoiceNumber) &&
        invoice.status === 'open' &&
        invoice.balance > 0 &&
        !invoice.dateWarning &&
        dueState(invoice.dueDate, input.now, zone, account.country).days >= 1,
    )
    .sort(byDueDate);
  return {
    language,
    locale,
    template: templateForToday(input.template, oldest.daysPastDue),
    customerName: account.name,
    addressee: addresseeOf(account.debtorType),
    companyName: policy.company.name,
    signature: companySignature(policy.company, language),
    invoices,
    total: sum(sorted),
    lateCount: late.length,
    lateTotal: sum(late),
    notYetDueCount: notYetDue.length,
    notYetDueTotal: sum(notYetDue),
    otherOverdueNumbers: otherOverdue.map((invoice) => invoice.invoiceNumber),
    otherOverdueTotal: sum(otherOverdue),
    oldestDueDate: oldest.dueDate,
    oldestDueDateShort: oldest.dueDateShort,
    daysPastDue: oldest.daysPastDue,
    ...(oldest.rolledTo ? { oldestRolledTo: oldest.rolledTo } : {}),
    ...(oldest.rolledToShort ? { oldestRolledToShort: oldest.rolledToShort } : {}),
    sameDueDate: sorted.every((invoice) => invoice.dueDate === sorted[0]?.dueDate),
    payUrl: invoices.length > 1 && portalUrl ? portalUrl : oldest.payUrl,
    ...(portalUrl ? { portalUrl } : {}),
  };
}

/** Oldest due date first, then by number: the order the debts arose, never the order they were read. */
function byDueDate(a: Invoice, b: Invoice): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.invoiceNumber < b.invoiceNumber ? -1 : a.invoiceNumber > b.invoiceNumber ? 1 : 0;
}
