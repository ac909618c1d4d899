/**
 * References in the payment's text. Three strengths of evidence: a series+number key (`F123`), a
 * number-only invoice of at least 4 digits (`0012345`), and a bare number that is only the number
 * part of an invoice (`123` for `F-000123`) — the last trusted only for the known payer's invoices
 * or when the amount agrees exactly.
 */
import { CONFIDENCE, referenceLevel, type ReferenceStrength as Strength } from './confidence.js';
import { accountName, caution, isEarly, oldestFirst, type Candidate, type MatchContext } from './context.js';
import { allocation, allocateInOrder, payInFull, suggestion, type Draft } from './decision.js';
import { invoiceList, money, sentences } from './explain.js';
import { hitsOf, noteForeign } from './reference-hits.js';
import { referenceSetRule, remainderOf } from './rule-reference-set.js';
import { commonAmount, nearExact, typoAlternative, weakFitsBetter, weakUnknownPayer } from './rule-reference-weak.js';
import { fitOf, isEarlyDiscount } from './tolerance.js';

/** One named invoice: how the amount fits its balance decides the rest. */
function single(ctx: MatchContext, c: Candidate, strength: Strength): Draft {
  const { invoice } = c;
  const payerOwns = ctx.payer === invoice.accountId;
  const fit = fitOf(invoice.balance, ctx.amount, ctx.settings, isEarly(ctx, invoice));
  const named = `Reference ${invoice.invoiceNumber} in the payment`;
  const table = CONFIDENCE.reference;
  const level = referenceLevel(strength, payerOwns);
  if (fit === 'exact') return { rule: 'reference', confidence: table.exact[level], explanation: `${named}; the amount pays it in full`, allocations: [payInFull(c)] };
  if (fit === 'tolerance' || fit === 'discount') {
    const why = isEarlyDiscount(invoice.balance, ctx.amount, ctx.settings, isEarly(ctx, invoice)) && fit === 'discount'
      ? `paid early with the ${ctx.settings.earlyPaymentDiscountPercent}% discount`
      : `${money(invoice.balance - ctx.amount, ctx.currency)} short, within the fee tolerance`;
    return { rule: 'reference', confidence: table.settles[level], explanation: `${named}; ${why}: settled`, allocations: [allocation(c, ctx.amount, true)] };
  }
  // One keystroke from the named invoice, another has exactly the amount: read as a typo. Overpaid
  // as written, or the named invoice is not the known payer's while the near one is: sure enough.
  // Underpaid as written (a partial payment?), a notch lower; with a round amount, held either way.
  const otherThanPayers = ctx.payer !== undefined && !payerOwns;
  const typo = typoAlternative(ctx, [c.key, ...ctx.refs], c, fit === 'over' || otherThanPayers ? CONFIDENCE.typoWithExactAmount : CONFIDENCE.typoOverPartial);
  if (typo && (fit === 'over' || !commonAmount(ctx))) return typo;
  // A related invoice (same customer) of exactly the amount: maybe the reference is wrong.
  const rival = oldestFirst(ctx.invoices.filter((o) => o !== c && o.invoice.balance === ctx.amount && (o.invoice.accountId === invoice.accountId || o.invoice.accountId === ctx.payer)));
  if (fit === 'partial') {
    const draft: Draft = {
      rule: 'reference',
      confidence: table.partial[level],
      explanation: `${named}; partial payment: ${money(ctx.amount, ctx.currency)} of ${money(invoice.balance, ctx.currency)}`,
      allocations: [allocation(c, ctx.amount, false)],
    };
    const typo = nearExact(ctx, [c.key, ...ctx.refs], c);
    const others = typo === undefined || rival.includes(typo) ? rival : [...rival, typo];
    return others.length === 0 ? draft : withRival(draft, others);
  }
  const rest = remainderOf(ctx, [c], ctx.amount - invoice.balance, strength, [payInFull(c)]);
  return rival.length === 0 ? rest : withRival(rest, rival);
}

function withRival(draft: Draft, rival: readonly Candidate[]): Draft {
  return {
    ...draft,
    confidence: Math.min(draft.confidence, CONFIDENCE.referenceSet.ambiguous),
    explanation: sentences(draft.explanation, `But ${invoiceList(rival.map((c) => c.invoice))} ${rival.length > 1 ? 'have' : 'has'} exactly this balance`),
    suggestions: rival.map((c) => suggestion('single-open-amount', CONFIDENCE.referenceSet.ambiguous, `${c.invoice.invoiceNumber} has exactly this balance`, [payInFull(c)])),
  };
}

export function referenceRule(ctx: MatchContext): Draft | undefined {
  if (ctx.refs.length === 0) return undefined;
  const hits = hitsOf(ctx, ctx.invoices);
  noteForeign(ctx, hits);
  // The payer's own invoices first, even weakly named — a tax id plus `81989` for their F-081989
  // beats another customer's number-only `0081989` — but not against a series+number of someone else.
  let named = hits;
  if (ctx.payer !== undefined) {
    const owned = hits.filter((h) => h.candidate.invoice.accountId === ctx.payer);
    const othersStrong = hits.some((h) => h.strength === 'strong' && h.candidate.invoice.accountId !== ctx.payer);
    if (owned.length > 0 && (!othersStrong || owned.some((h) => h.strength === 'strong'))) named = owned;
  }
  const strength: Strength | undefined = (['strong', 'numeric', 'weak'] as const).find((s) => named.some((h) => h.strength === s));
  if (strength === undefined) return undefined;
  let pool = named.filter((h) => h.strength === strength);
  if (strength === 'strong') {
    // A number-only invoice also named counts only if it belongs to the same customer.
    const owners = new Set(pool.map((h) => h.candidate.invoice.accountId));
    pool = named.filter((h) => h.strength === 'strong' || (h.strength === 'numeric' && owners.has(h.candidate.invoice.accountId)));
  }
  if (ctx.payer !== undefined && !pool.some((h) => h.candidate.invoice.accountId === ctx.payer)) {
    if (strength === 'weak') return undefined;
    const owner = accountName(ctx, pool[0]!.candidate.invoice.accountId);
    const others = new Set(pool.map((h) => h.candidate.invoice.accountId));
    caution(ctx, CONFIDENCE.cap.otherCustomer, `The invoices named belong to ${owner}, not to the payer ${accountName(ctx, ctx.payer)}`, others);
  } else if (ctx.payer === undefined && strength === 'weak') return weakUnknownPayer(ctx, pool);
  if (strength === 'numeric') {
    const better = weakFitsBetter(ctx, named, pool);
    if (better) return better;
  }

  // One candidate per key named; a key naming several invoices is resolved by the amount or not at all.
  const byRank = new Map<number, Candidate[]>();
  for (const h of pool) byRank.set(h.rank, [...(byRank.get(h.rank) ?? []), h.candidate]);
  const resolved: Candidate[] = [];
  const collisions: Candidate[][] = [];
  for (const group of byRank.values()) {
    if (group.length === 1) {
      if (!resolved.includes(group[0]!)) resolved.push(group[0]!);
    } else collisions.push(group);
  }
  if (collisions.length > 0) {
    const exact = collisions.flat().filter((c) => c.invoice.balance === ctx.amount);
    if (resolved.length === 0 && exact.length === 1) resolved.push(exact[0]!);
    else if (resolved.length === 0) return collision(ctx, collisions.flat());
    else caution(ctx, CONFIDENCE.cap.severalCustomers, `${invoiceList(collisions.flat().map((c) => c.invoice))} share a reference and were left aside`, new Set(collisions.flat().map((c) => c.invoice.accountId)));
  }
  return resolved.length === 1 ? single(ctx, resolved[0]!, strength) : referenceSetRule(ctx, resolved, strength);
}

function collision(ctx: MatchContext, candidates: readonly Candidate[]): Draft {
  const unique = [...new Set(candidates)];
  return {
    rule: 'reference',
    confidence: CONFIDENCE.referenceCollision,
    explanation: `The reference matches ${unique.length} open invoices (${invoiceList(unique.map((c) => c.invoice))}): cannot tell which`,
    allocations: [],
    suggestions: unique.map((c) =>
      suggestion('reference', CONFIDENCE.referenceCollision, `${c.invoice.invoiceNumber} of ${accountName(ctx, c.invoice.accountId)}`, allocateInOrder(ctx, [c], ctx.amount).allocations),
    ),
  };
}

