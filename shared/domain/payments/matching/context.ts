/**
 * Everything the rules share about one payment: the candidates (deduplicated, with their keys; rules
 * sort what they filter with `oldestFirst`, so no decision depends on the order the store returned
 * them in), the payer if known, and the doubts rules leave for the final decision.
 */
import type { Payment } from '../types.js';
import { compareAge } from './age-order.js';
import { paymentReferences, paymentTaxIds } from './candidate-query.js';
import { invoiceRefKeys, numberSuffixes, type InvoiceRefKeys } from './references.js';
import { normaliseTaxId } from './tax-ids.js';
import type { MatchAccount, MatchCandidates, MatchInvoice, MatchSettings } from './types.js';

/**
 * An open invoice with its reference key and tail, computed on first use: most candidates (a big
 * customer's other invoices) are never compared with anything, and `mayBeNamed` rules them out by
 * their last digits alone.
 */
export class Candidate {
  private keys: InvoiceRefKeys | undefined;
  private readonly suffixes: { readonly key: number; readonly tail: number };

  constructor(readonly invoice: MatchInvoice) {
    this.suffixes = numberSuffixes(invoice.invoiceNumber);
  }

  get key(): string {
    return (this.keys ??= invoiceRefKeys(this.invoice.invoiceNumber)).key;
  }

  get tail(): string | undefined {
    return (this.keys ??= invoiceRefKeys(this.invoice.invoiceNumber)).tail;
  }

  /** A number for hashing the invoice number: its last digits, else its length. */
  get bucket(): number {
    return this.suffixes.key >= 0 ? this.suffixes.key : 1000 + this.invoice.invoiceNumber.length;
  }

  /** False only when no key in `suffixes` can be this invoice's key or tail (undefined: any may). */
  mayBeNamed(suffixes: ReadonlySet<number> | undefined): boolean {
    const { key, tail } = this.suffixes;
    return suffixes === undefined || key < 0 || suffixes.has(key) || suffixes.has(tail);
  }
}

export interface MatchContext {
  readonly payment: Payment;
  readonly settings: MatchSettings;
  readonly amount: number;
  readonly currency: string;
  /**
   * Open invoices in the payment's currency, in no particular order: whoever needs an order sorts
   * what it filtered with `oldestFirst` (sorting a big customer's hundreds of invoices for every
   * payment, when a named invoice paid in full needs no order at all, was the matcher's main cost).
   */
  readonly invoices: readonly Candidate[];
  /** Open invoices in another currency (never allocated; mentioned when they are the ones named), unordered. */
  readonly foreign: readonly Candidate[];
  readonly accounts: ReadonlyMap<string, MatchAccount>;
  /** The payer's account when exactly one is identified (payment link account, else tax id). */
  readonly payer: string | undefined;
  readonly payerSource: 'link' | 'tax-id' | undefined;
  /** Every account the tax ids point at (several: a group sharing one tax id). */
  readonly payerIds: readonly string[];
  /** Reference keys, position = order of appearance. */
  readonly refRank: ReadonlyMap<string, number>;
  /** The last-three-digit values of the reference keys (undefined when one cannot be read so). */
  readonly refSuffixes: ReadonlySet<number> | undefined;
  readonly refs: readonly string[];
  /** Keys an invoice word announces in the text ("FACTURA 0019233"), or from links and CFDI. */
  readonly introduced: ReadonlySet<string>;
  /** The payment's free text, upper case, O/I/L by digits read as digits (is a number printed as ours?). */
  readonly text: string;
  /** Payment on or before this date counts as early (discount). */
  readonly paidOn: string;
  /** Accounts whose open invoices the store cut short (`MatchCandidates.truncatedAccounts`). */
  readonly truncated: ReadonlySet<string>;
  /** Every open invoice of exactly the payment's amount is among the candidates (`exactAmountComplete`). */
  readonly amountComplete: boolean;
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

/** Candidates oldest first (due date, issue date, number, account, balance): a stable, input-free order. */
export function oldestFirst(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => compareAge(a.invoice, b.invoice));
}

/**
 * Open invoices (positive whole balance), one per (account, number): the same invoice twice (two
 * lookups found it) is kept once — its oldest reading, whatever the order — so nothing is paid twice.
 * Deduplicated through a small open-addressing table keyed by the number's last digits (a `Map` of
 * strings per payment cost more than the rest of a typical decision).
 */
function candidatesOf(invoices: readonly MatchInvoice[]): Candidate[] {
  const out: Candidate[] = [];
  let size = 16;
  while (size < invoices.length * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  for (const invoice of invoices) {
    if (!Number.isSafeInteger(invoice.balance) || invoice.balance <= 0) continue;
    const candidate = new Candidate(invoice);
    let slot = Math.imul(candidate.bucket + 1, 0x9e3779b1) >>> 0;
    let same = -1;
    for (slot &= mask; table[slot] !== -1; slot = (slot + 1) & mask) {
      const other = out[table[slot]!]!.invoice;
      if (other.invoiceNumber === invoice.invoiceNumber && other.accountId === invoice.accountId) {
        same = table[slot]!;
        break;
      }
    }
    if (same >= 0) {
      if (compareAge(invoice, out[same]!.invoice) < 0) out[same] = candidate;
      continue;
    }
    table[slot] = out.length;
    out.push(candidate);
  }
  return out;
}

export function buildContext(payment: Payment, candidates: MatchCandidates, settings: MatchSettings, asOf: string): MatchContext {
  const accounts = new Map<string, MatchAccount>();
  for (const account of candidates.accounts) if (!accounts.has(account.accountId)) accounts.set(account.accountId, account);
  const all = candidatesOf(candidates.invoices);
  const invoices = all.filter((c) => c.invoice.currency === payment.currency);
  const foreign = all.filter((c) => c.invoice.currency !== payment.currency);

  const { keys: refs, introduced } = paymentReferences(payment);
  const refRank = new Map<string, number>();
  refs.forEach((ref, i) => refRank.set(ref, i));
  let refSuffixes: Set<number> | undefined = new Set<number>();
  for (const ref of refs) {
    const suffix = numberSuffixes(ref).key;
    if (suffix < 0) refSuffixes = undefined;
    else refSuffixes?.add(suffix);
  }

  const linked = payment.links?.accountId;
  const taxIds = new Set(paymentTaxIds(payment));
  const payerIds = [...accounts.values()]
    .filter((account) => account.taxId !== undefined && taxIds.has(normaliseTaxId(account.taxId)))
    .map((account) => account.accountId)
    .sort();
  const linkedKnown = linked !== undefined && (accounts.has(linked) || all.some((c) => c.invoice.accountId === linked));
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
    refSuffixes,
    refs,
    introduced,
    text: digitsFixed((payment.reference ?? '').toUpperCase()),
    paidOn: DATE.test(payment.valueDate) ? payment.valueDate : asOf,
    truncated: new Set(candidates.truncatedAccounts ?? []),
    amountComplete: candidates.exactAmountComplete === true,
    cautions: [],
  };
}

const OIL_BY_DIGIT = /(?<=\d)[OIL]|[OIL](?=\d)/g;

/** `OO24198` → `0024198`: letters O, I, L next to digits read as digits (repeated: `OO` needs two passes). */
function digitsFixed(text: string): string {
  let fixed = text;
  for (let pass = 0; pass < 4; pass += 1) {
    const next = fixed.replace(OIL_BY_DIGIT, (c) => (c === 'O' ? '0' : '1'));
    if (next === fixed) break;
    fixed = next;
  }
  return fixed;
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
