/**
 * The confidence of each kind of decision, in one table so the calibration can be read and argued
 * about. The default auto-apply threshold is 0.9: everything at or above is evidence we would accept
 * without a person looking (a named invoice, an authoritative complement, a known payer with exactly
 * one way to read the amount); everything below is a proposal for the exception queue. The bench
 * (`test/bench/matching`) prints how often each level is right on a messy synthetic stream.
 */
export const CONFIDENCE = {
  /** CFDI complement: every document found by fiscal UUID (or series+folio), same currency. */
  cfdi: 0.99,
  cfdiBySeriesFolio: 0.95,
  /** Provider metadata naming the invoices we created the payment link for. */
  linkExact: 0.99,
  linkPartialOrCredit: 0.97,
  /**
   * Reference in the text, by strength of the key that hit: strong = series+number (`F123`); numeric
   * = a number-only invoice of ≥ 4 digits; weak = a bare number that is only the number part of an
   * invoice (`123` for `F-000123`). `…Payer`: the invoice belongs to the payer known by tax id.
   */
  reference: {
    exact: { strong: 0.98, strongPayer: 0.98, numeric: 0.96, numericPayer: 0.96, weakPayer: 0.95, weakUnknown: 0.92 },
    settles: { strong: 0.95, strongPayer: 0.95, numeric: 0.93, numericPayer: 0.93, weakPayer: 0.92, weakUnknown: 0.85 },
    /** A bare number (≥ 4 digits) and a round or shared amount: many invoices have the amount, few also that number. */
    weakExactCommonAmount: 0.9,
    /** A bare number announced by an invoice word ("FACTURA 63606") settled within tolerance. */
    weakAnnouncedSettles: 0.9,
    partial: { strong: 0.93, strongPayer: 0.95, numeric: 0.75, numericPayer: 0.92, weakPayer: 0.9, weakUnknown: 0.6 },
    /** Overpaid with the payer known: the rest becomes their credit. */
    credit: { strong: 0.93, strongPayer: 0.93, numeric: 0.9, numericPayer: 0.9, weakPayer: 0.88, weakUnknown: 0.7 },
    /** Overpaid, and the rest pays exactly other open invoices of the same customer… */
    remainderExact: 0.9,
    /** …which the text also names, weakly (a bare number, a damaged series). */
    remainderNamed: 0.95,
    /** A bare number fitting the amount as a series invoice's number, not as the number-only invoice. */
    weakOverNumeric: 0.9,
    /** Overpaid, payer unknown: the rest stays unapplied. */
    remainderUnapplied: 0.7,
  },
  referenceSet: { exact: 0.97, settles: 0.95, subset: 0.9, inOrder: 0.9, inOrderWeak: 0.75, ambiguous: 0.6 },
  /** The text names an invoice one keystroke away from one whose balance is exactly the amount… */
  typoWithExactAmount: 0.92,
  /** …while the named one, underpaid, could also be taking a partial payment (rarer than a typo). */
  typoOverPartial: 0.9,
  /** The same, or a bare number, when the amount is round or shared by several open invoices. */
  commonAmount: 0.85,
  /** Two invoices share the referenced key and the amount does not tell them apart. */
  referenceCollision: 0.5,
  payer: {
    singleExact: 0.95,
    /** The same, with the account named by the payment link rather than a tax id. */
    linkExact: 0.97,
    subset: 0.92,
    /** One open invoice settled within tolerance: safe only among few (a window catches by chance). */
    singleSettles: 0.91,
    singleSettlesMany: 0.85,
    /** Pays every open invoice of the customer; the rest is credit. */
    everything: 0.92,
    oldestFirst: 0.8,
    subsetAmbiguous: 0.6,
    twins: 0.5,
    nothingOpen: 0.6,
    /** Their only open invoice of that amount among those the store returned — not all of them. */
    truncated: 0.85,
    noFit: 0.3,
  },
  /** Nobody named, no reference: the only open invoice of exactly that amount. */
  amountOnly: 0.75,
  amountTwins: 0.4,
  /** Caps applied on top of a rule's level. */
  cap: { foreignCurrency: 0.7, otherCustomer: 0.75, severalCustomers: 0.8, cfdiProblem: 0.6, linkMissing: 0.7 },
} as const;

export type ReferenceStrength = 'strong' | 'numeric' | 'weak';
export type ReferenceLevel = keyof typeof CONFIDENCE.reference.exact;

/** The column of the reference table for a key's strength and whether the payer owns the invoice. */
export function referenceLevel(strength: ReferenceStrength, payerOwns: boolean): ReferenceLevel {
  if (strength === 'weak') return payerOwns ? 'weakPayer' : 'weakUnknown';
  return payerOwns ? `${strength}Payer` : strength;
}
