/**
 * The matcher's inputs and outputs. The matcher is pure: the use case asks the store for candidates
 * (`CandidateQuery` → `MatchCandidates`) and hands them over with the payment and the settings.
 */

/** An open invoice the payment might pay (balance > 0). */
export interface MatchInvoice {
  readonly accountId: string;
  readonly invoiceNumber: string;
  readonly currency: string;
  /** Outstanding balance, integer minor units, > 0. */
  readonly balance: number;
  readonly dueDate: string;
  readonly issueDate?: string;
  /** Fiscal UUID (CFDI folio fiscal), upper case, when known. */
  readonly fiscalUuid?: string;
}

export interface MatchAccount {
  readonly accountId: string;
  readonly name: string;
  readonly taxId?: string;
}

/** What the use case looks up before matching: every key the payment's data could point at. */
export interface CandidateQuery {
  /** Normalised invoice references (`normaliseInvoiceRef`) from links and free text. */
  readonly invoiceRefs: readonly string[];
  /** Normalised tax ids (`normaliseTaxId`) from the payer and the free text. */
  readonly taxIds: readonly string[];
  /** Fiscal UUIDs (CFDI), upper case. */
  readonly fiscalUuids: readonly string[];
  /** Account ids named explicitly (provider metadata). */
  readonly accountIds: readonly string[];
  /**
   * Optional: open invoices whose balance is exactly this amount in this currency. Lets a payment
   * with no usable reference and no known payer find a same-amount invoice (never auto-applied on
   * that alone). A store that cannot look up by amount may ignore it.
   */
  readonly exactAmount?: { readonly currency: string; readonly amount: number };
}

/**
 * The candidates: invoices found by reference or UUID, plus — for every account found (by tax id,
 * explicit id, or as the owner of a referenced invoice) — that account and all its open invoices.
 */
export interface MatchCandidates {
  readonly accounts: readonly MatchAccount[];
  readonly invoices: readonly MatchInvoice[];
  /**
   * Optional: accounts whose open invoices were cut to the oldest ones (a customer with hundreds).
   * The matcher then never claims "their only open invoice of that amount" unless
   * `exactAmountComplete` vouches for it, nor "pays all their open invoices".
   */
  readonly truncatedAccounts?: readonly string[];
  /** Optional: true when every open invoice whose balance is `CandidateQuery.exactAmount` is included. */
  readonly exactAmountComplete?: boolean;
}

export interface MatchSettings {
  /** Decisions with confidence ≥ this are applied automatically; below go to the exception queue. */
  readonly autoApplyThreshold: number;
  /**
   * A payment short of an invoice's balance by at most this (bank fees, rounding) still settles it.
   * The larger of `absoluteMinor` (minor units, any currency) and `percent` of the balance.
   */
  readonly shortfallTolerance: { readonly absoluteMinor: number; readonly percent: number };
  /** An early-payment discount the policy offers: a payment of balance × (1 − percent/100) settles it. */
  readonly earlyPaymentDiscountPercent: number;
  /** Spread an unreferenced payment over the known payer's invoices, oldest due first. */
  readonly allowOldestFirst: boolean;
  /** Bounded subset-sum: at most this many invoices combined, over at most `maxSubsetPool` candidates. */
  readonly maxSubsetSize: number;
  readonly maxSubsetPool: number;
}

export interface Allocation {
  readonly accountId: string;
  readonly invoiceNumber: string;
  /** Minor units taken off the balance (≤ the balance). */
  readonly amount: number;
  /**
   * True when this allocation closes the invoice although `amount` < balance (within tolerance or
   * the early-payment discount): the difference is written off, not left owed.
   */
  readonly settles: boolean;
}

export type MatchRule =
  | 'explicit-link'
  | 'cfdi-complement'
  | 'reference'
  | 'reference-set'
  | 'single-open-amount'
  | 'amount-subset'
  | 'oldest-first'
  | 'none';

export interface MatchSuggestion {
  readonly allocations: readonly Allocation[];
  readonly rule: MatchRule;
  readonly confidence: number;
  readonly explanation: string;
}

export interface MatchDecision {
  readonly rule: MatchRule;
  /** 0..1 */
  readonly confidence: number;
  /** One sentence a finance clerk understands: what was found and why. */
  readonly explanation: string;
  /** Same currency as the payment; sum(amount) + credit.amount ≤ payment amount. */
  readonly allocations: readonly Allocation[];
  /** What is left over when the payer is known: becomes a customer credit (overpayment). */
  readonly credit?: { readonly accountId: string; readonly amount: number };
  /** Other plausible answers, best first (at most 3), for the exception queue. */
  readonly suggestions: readonly MatchSuggestion[];
}
