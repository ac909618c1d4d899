/**
 * Everything the rules share about one payment: the candidates in a canonical order (so the decision
 * does not depend on the order the store returned them in), their keys, the payer if known, and the
 * notes and caps rules leave for the final decision.
 */
import type { Payment } from '../types.js';
import { ageOrder } from './age-order.js';
import { paymentReferences, paymentTaxIds } from './candidate-query.js';
import { invoiceRefKeys } from './references.js';
import { normaliseTaxId } from './tax-ids.js';
import type { MatchAccount, MatchCandidates, MatchInvoice, MatchSettings } from './types.js';

export interface Candidate {
  readonly invoice: MatchInvoice;
  readonly key: string;
  readonly tail: string | undefined;
  /** Position in age order (due date, issue date, number): lower is older. */
  readonly age: number;
}

export interface MatchContext {
  readonly payment: Payment;
  readonly settings: MatchSettings;
  readonly amount: number;
  readonly currency: string;
  /** Open invoices in the payment's currency, oldest due first. */
  readonly invoices: readonly Candidate[];
  /** Open invoices in another currency (never allocated; mentioned when they are the ones named). */
  readonly foreign: readonly Candidate[];
  readonly accounts: ReadonlyMap<string, MatchAccount>;
  /** The payer's account when exactly one is identified (payment link account, else tax id). */
  readonly payer: string | undefined;
  readonly payerSource: 'link' | 'tax-id' | undefined;
  /** Every account the tax ids point at (several: a group sharing one tax id). */
  readonly payerIds: readonly string[];
  /** Reference keys, position = order of appearance. */
  readonly refRank: ReadonlyMap<string, number>;
  readonly refs: readonly string[];
  /** Keys an invoice word announces in the text ("FACTURA 0019233"), or from links and CFDI. */
  readonly introduced: ReadonlySet<string>;
  /** The payment's free text, upper case (to see whether a number is printed exactly as ours). */
  readonly text: string;
  /** Payment on or before this date counts as early (discount). */
  readonly paidOn: string;
  /** Caps and notes rules leave for whatever decision comes out. */
  readonly cautions: Caution[];
}

/**
 * A doubt an earlier rule raised. With `accounts`, it weighs only on a decision that allocates to
 * one of them (another customer's invoice named in USD says nothing against the payer's own MXN
 * invoice one keystroke away); its note is then shown only if it applies, unless `alwaysSay`.
 */
export interface Caution {
  readonly cap: number;
  readonly note: string;
  readonly accounts?: ReadonlySet<string>;
  readonly alwaysSay?: boolean;
  /** Weighs only when the allocations spread over more than one of `accounts`. */
  readonly spread?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function buildContext(payment: Payment, candidates: MatchCandidates, settings: MatchSettings, asOf: string): MatchContext {
  const accounts = new Map<string, MatchAccount>();
  for (const account of candidates.accounts) if (!accounts.has(account.accountId)) accounts.set(account.accountId, account);

  // Open invoices only, one per (account, number), in age order.
  const sorted = ageOrder(candidates.invoices.filter((invoice) => Number.isSafeInteger(invoice.balance) && invoice.balance > 0));
  const invoices: Candidate[] = [];
  const foreign: Candidate[] = [];
  // number → its account (or accounts): the same invoice twice (two lookups found it) is kept once,
  // the oldest reading, so nothing is paid twice.
  const seen = new Map<string, string | Set<string>>();
  for (let age = 0; age < sorted.length; age += 1) {
    const invoice = sorted[age]!;
    const owners = seen.get(invoice.invoiceNumber);
    if (owners === undefined) seen.set(invoice.invoiceNumber, invoice.accountId);
    else if (owners === invoice.accountId || (typeof owners !== 'string' && owners.has(invoice.accountId))) continue;
    else if (typeof owners === 'string') seen.set(invoice.invoiceNumber, new Set([owners, invoice.accountId]));
    else owners.add(invoice.accountId);
    const { key, tail } = invoiceRefKeys(invoice.invoiceNumber);
    (invoice.currency === payment.currency ? invoices : foreign).push({ invoice, key, tail, age });
  }

  const { keys: refs, introduced } = paymentReferences(payment);
  const refRank = new Map<string, number>();
  refs.forEach((ref, i) => refRank.set(ref, i));

  const linked = payment.links?.accountId;
  const taxIds = new Set(paymentTaxIds(payment));
  const payerIds = [...accounts.values()]
    .filter((account) => account.taxId !== undefined && taxIds.has(normaliseTaxId(account.taxId)))
    .map((account) => account.accountId)
    .sort();
  const linkedKnown = linked !== undefined && (accounts.has(linked) || sorted.some((invoice) => invoice.accountId === linked));
  const payer = linkedKnown ? linked : payerIds.length === 1 ? payerIds[0] : undefined;

  return {
    payment,
    settings,
    amount: payment.amount,
    currency: payment.currency,
    invoices,
    foreign,
    accounts,
    payer,
    payerSource: linkedKnown ? 'link' : payer !== undefined ? 'tax-id' : undefined,
    payerIds: linkedKnown ? [linked] : payerIds,
    refRank,
    refs,
    introduced,
    text: (payment.reference ?? '').toUpperCase(),
    paidOn: DATE.test(payment.valueDate) ? payment.valueDate : asOf,
    cautions: [],
  };
}

/** Lowers the cap of the eventual decision (or of one touching `accounts`) and says why. */
export function caution(ctx: MatchContext, cap: number, note: string, accounts?: ReadonlySet<string>, options: { alwaysSay?: boolean; spread?: boolean } = {}): void {
  if (ctx.cautions.some((c) => c.note === note)) return;
  ctx.cautions.push({ cap, note, ...(accounts ? { accounts } : {}), ...options });
}

export function isEarly(ctx: MatchContext, invoice: MatchInvoice): boolean {
  return ctx.paidOn <= invoice.dueDate;
}

/** The customer's name for explanations, or their account id. */
export function accountName(ctx: MatchContext, accountId: string): string {
  return ctx.accounts.get(accountId)?.name ?? accountId;
}
