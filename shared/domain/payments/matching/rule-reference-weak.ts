/**
 * Weak readings of a reference, trusted only when the amount agrees exactly: a bare number that is
 * some invoice's number part, a number one keystroke from an invoice of exactly the amount.
 */
import { currencyExponent } from '../../ingest/money.js';
import { CONFIDENCE } from './confidence.js';
import { accountName, isEarly, type Candidate, type MatchContext } from './context.js';
import { allocation, allocateInOrder, payInFull, suggestion, type Draft } from './decision.js';
import { sentences } from './explain.js';
import { typoNear } from './near-keys.js';
import type { Hit } from './reference-hits.js';
import { fitOf } from './tolerance.js';

/**
 * A round amount (whole hundreds) or one several open invoices share says little: an exact balance
 * is then no corroboration for a typo or a bare number (ten invoices of MXN 10,000.00 are common).
 */
export function commonAmount(ctx: MatchContext): boolean {
  const hundreds = 100 * 10 ** (currencyExponent(ctx.currency) ?? 2);
  if (ctx.amount % hundreds === 0) return true;
  let same = 0;
  for (const c of ctx.invoices) if (c.invoice.balance === ctx.amount && (same += 1) >= 3) return true;
  return false;
}

/** The one other open invoice, one keystroke from a named key, whose balance is exactly the amount. */
export function nearExact(ctx: MatchContext, named: readonly string[], except?: Candidate): Candidate | undefined {
  const near = ctx.invoices.filter(
    (c) =>
      c !== except &&
      c.invoice.balance === ctx.amount &&
      (ctx.payer === undefined || c.invoice.accountId === ctx.payer) &&
      named.some((key) => typoNear(key, c.key)),
  );
  return near.length === 1 ? near[0] : undefined;
}

/**
 * The named invoice read as a typo of `nearExact`, at `confidence` (or below the threshold when the
 * amount is too common to corroborate anything).
 */
export function typoAlternative(ctx: MatchContext, named: readonly string[], except?: Candidate, confidence: number = CONFIDENCE.typoWithExactAmount): Draft | undefined {
  const typo = nearExact(ctx, named, except);
  if (typo === undefined) return undefined;
  const written = except?.invoice.invoiceNumber ?? named.find((key) => typoNear(key, typo.key))!;
  const literal = except ? [suggestion('reference', CONFIDENCE.reference.partial.numeric, `As written: ${except.invoice.invoiceNumber}`, allocateInOrder(ctx, [except], ctx.amount).allocations)] : [];
  return {
    rule: 'reference',
    confidence: commonAmount(ctx) ? Math.min(confidence, CONFIDENCE.commonAmount) : confidence,
    explanation: `The text names ${written}, one keystroke away from ${typo.invoice.invoiceNumber}, whose balance is exactly the amount paid: read as a typo`,
    allocations: [payInFull(typo)],
    suggestions: literal,
  };
}

/**
 * Bare numbers, payer unknown: only an exact (or settling) amount makes them count. A settling fit
 * is trusted more when an invoice word announces the number ("FACTURA 63606"): then it is surely an
 * invoice number, only the series is missing.
 */
export function weakUnknownPayer(ctx: MatchContext, pool: readonly Hit[]): Draft | undefined {
  const exact = pool.filter((h) => h.candidate.invoice.balance === ctx.amount);
  const unique = [...new Set(exact.map((h) => h.candidate))];
  if (unique.length === 1) {
    const [c] = unique as [Candidate];
    return {
      rule: 'reference',
      // A round amount is shared by many invoices, but few of them also carry this number: still
      // good evidence, unless the number is short (`426` is the number of many invoices).
      confidence: !commonAmount(ctx) ? CONFIDENCE.reference.exact.weakUnknown : (c.tail ?? c.key).length >= 4 ? CONFIDENCE.reference.weakExactCommonAmount : CONFIDENCE.commonAmount,
      explanation: `The number ${c.tail ?? c.key} in the text is ${c.invoice.invoiceNumber}'s (${accountName(ctx, c.invoice.accountId)}), and its balance is exactly the amount`,
      allocations: [payInFull(c)],
    };
  }
  const settling = [...new Set(pool.map((h) => h.candidate))].filter((c) => {
    const fit = fitOf(c.invoice.balance, ctx.amount, ctx.settings, isEarly(ctx, c.invoice));
    return fit === 'tolerance' || fit === 'discount';
  });
  const set = weakSetOfOneCustomer(ctx, pool);
  if (set) return set;
  if (unique.length === 0 && settling.length === 1) {
    const [c] = settling as [Candidate];
    const announced = c.tail !== undefined && ctx.introduced.has(c.tail);
    return {
      rule: 'reference',
      confidence: announced ? CONFIDENCE.reference.weakAnnouncedSettles : CONFIDENCE.reference.settles.weakUnknown,
      explanation: `The number ${c.tail ?? c.key} in the text is ${c.invoice.invoiceNumber}'s, and the amount settles it within tolerance`,
      allocations: [allocation(c, ctx.amount, true)],
    };
  }
  return undefined;
}

/**
 * "FACTURAS 0990 Y 1125" from a payer we cannot name: each number is the number part of exactly one
 * open invoice of one and the same customer, and together their balances are exactly the amount.
 * Several independent numbers agreeing with one customer and an exact total are as good evidence as
 * one bare number with an exact balance; any other customer that fits too makes it ambiguous.
 */
function weakSetOfOneCustomer(ctx: MatchContext, pool: readonly Hit[]): Draft | undefined {
  const numbers = [...new Set(pool.map((h) => h.candidate.tail ?? h.candidate.key))];
  if (numbers.length < 2) return undefined;
  const byAccount = new Map<string, Candidate[]>();
  for (const { candidate } of pool) {
    const list = byAccount.get(candidate.invoice.accountId) ?? [];
    if (!list.includes(candidate)) list.push(candidate);
    byAccount.set(candidate.invoice.accountId, list);
  }
  const fits: Candidate[][] = [];
  for (const candidates of byAccount.values()) {
    const picked = numbers.map((n) => candidates.filter((c) => (c.tail ?? c.key) === n));
    if (picked.some((p) => p.length !== 1)) continue;
    const invoices = picked.map((p) => p[0]!);
    if (invoices.reduce((sum, c) => sum + c.invoice.balance, 0) === ctx.amount) fits.push(invoices);
  }
  if (fits.length !== 1) return undefined;
  const paid = fits[0]!;
  return {
    rule: 'reference-set',
    confidence: CONFIDENCE.reference.exact.weakUnknown,
    explanation: `The numbers ${numbers.join(', ')} in the text are ${paid.map((c) => c.invoice.invoiceNumber).join(', ')} of ${accountName(ctx, paid[0]!.invoice.accountId)}, and their balances add up exactly to the amount`,
    allocations: paid.map(payInFull),
  };
}

/**
 * `72665` read two ways: number-only invoice `0072665`, or `FAC-2026-72665` without its series. When
 * the number-only reading does not fit the amount and the other fits it exactly (or settles it),
 * the amount decides — a notch below a plain exact match, with the other reading as a suggestion.
 */
export function weakFitsBetter(ctx: MatchContext, named: readonly Hit[], numeric: readonly Hit[]): Draft | undefined {
  const fits = (c: Candidate) => {
    const fit = fitOf(c.invoice.balance, ctx.amount, ctx.settings, isEarly(ctx, c.invoice));
    return fit === 'exact' || fit === 'tolerance' || fit === 'discount';
  };
  if (numeric.some((h) => fits(h.candidate))) return undefined;
  const keys = new Set(numeric.map((h) => h.candidate.key));
  // With the payer known, only their own invoices may win this way.
  const weak = named.filter(
    (h) => h.strength === 'weak' && h.candidate.tail !== undefined && keys.has(h.candidate.tail) && (ctx.payer === undefined || h.candidate.invoice.accountId === ctx.payer),
  );
  const draft = weakUnknownPayer(ctx, weak);
  if (!draft) return undefined;
  const other = numeric[0]!.candidate;
  return {
    ...draft,
    confidence: Math.min(draft.confidence, CONFIDENCE.reference.weakOverNumeric),
    explanation: sentences(draft.explanation, `Not ${other.invoice.invoiceNumber}, whose balance does not fit`),
    suggestions: [suggestion('reference', CONFIDENCE.reference.partial.numeric, `As ${other.invoice.invoiceNumber}`, allocateInOrder(ctx, [other], ctx.amount).allocations)],
  };
}

