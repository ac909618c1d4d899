/**
 * Everything the rules share about one payment: the candidates in a canonical order (so the decision
 * does not depend on the order the store returned them in), their keys, the payer if known, and the
 * notes and caps rules leave for the final decision.
 */
import type { Payment } from '../types.js';
import { ageOrder } from './age-order.js';
import { paymentReferenceKeys, paymentTaxIds } from './candidate-query.js';
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
  /** Payment on or before this date counts as early (discount). */
  readonly paidOn: string;
  /** Caps and notes rules leave for whatever decision comes out. */
  cap: number;
  readonly notes: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function buildContext(payment: Payment, candidates: MatchCandidates, settings: MatchSettings, asOf: string): MatchContext {
  const accounts = new Map<string, MatchAccount>();
  for (const account of candidates.accounts) if (!accounts.has(account.accountId)) accounts.set(account.accountId, account);

  // Open invoices only, one per (account, number), in age order.
  const sorted = ageOrder(candidates.invoices.filter((invoice) => Number.isSafeInteger(invoice.balance) && invoice.balance > 0));
  const invoices: Candidate[] = [];
  const foreign: Candidate[] = [];
  const seen = new Set<string>();
  sorted.forEach((invoice, age) => {
    // The same invoice twice (two lookups found it): the oldest reading wins, so nothing is paid twice.
    const id = `${invoice.accountId}\u0000${invoice.invoiceNumber}`;
    if (seen.has(id)) return;
    seen.add(id);
    const { key, tail } = invoiceRefKeys(invoice.invoiceNumber);
    (invoice.currency === payment.currency ? invoices : foreign).push({ invoice, key, tail, age });
  });

  const refs = paymentReferenceKeys(payment);
  const refRank = new Map<string, number>();
  refs.forEach((ref, i) => refRank.set(ref, i));

  const owners = new Set(sorted.map((invoice) => invoice.accountId));
  const linked = payment.links?.accountId;
  const taxIds = new Set(paymentTaxIds(payment));
  const payerIds = [...accounts.values()]
    .filter((account) => account.taxId !== undefined && taxIds.has(normaliseTaxId(account.taxId)))
    .map((account) => account.accountId)
    .sort();
  const linkedKnown = linked !== undefined && (accounts.has(linked) || owners.has(linked));
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
    paidOn: DATE.test(payment.valueDate) ? payment.valueDate : asOf,
    cap: 1,
    notes: [],
  };
}

/** Lowers the cap of the eventual decision and says why. */
export function caution(ctx: MatchContext, cap: number, note: string): void {
  ctx.cap = Math.min(ctx.cap, cap);
  if (!ctx.notes.includes(note)) ctx.notes.push(note);
}

export function isEarly(ctx: MatchContext, invoice: MatchInvoice): boolean {
  return ctx.paidOn <= invoice.dueDate;
}

/** The customer's name for explanations, or their account id. */
export function accountName(ctx: MatchContext, accountId: string): string {
  return ctx.accounts.get(accountId)?.name ?? accountId;
}
