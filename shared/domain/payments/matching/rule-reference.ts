/**
 * References in the payment's text. Three strengths of evidence: a series+number key (`F123`), a
 * number-only invoice of at least 4 digits (`0012345`), and a bare number that is only the number
 * part of an invoice (`123` for `F-000123`) — the last trusted only for the known payer's invoices
 * or when the amount agrees exactly.
 */
import { currencyExponent } from '../../ingest/money.js';
import { compareAge } from './age-order.js';
import { CONFIDENCE, referenceLevel, type ReferenceStrength as Strength } from './confidence.js';
import { accountName, caution, isEarly, oldestFirst, type Candidate, type MatchContext } from './context.js';
import { allocation, allocateInOrder, payInFull, suggestion, type Draft } from './decision.js';
import { invoiceList, money, sentences } from './explain.js';
import { oneEditApart } from './near-keys.js';
import { referenceSetRule, remainderOf } from './rule-reference-set.js';
import { fitOf, isEarlyDiscount } from './tolerance.js';


interface Hit {
  readonly candidate: Candidate;
  readonly strength: Strength;
  /** Position in the text of the key that hit. */
  readonly rank: number;
}

const LETTER = /[A-Z]/;

function strengthOfKey(key: string): Strength {
  if (LETTER.test(key)) return 'strong';
  return key.length >= 4 ? 'numeric' : 'weak';
}

/**
 * A number-only invoice is as good as a series+number when an invoice word announces it ("FACTURA
 * 18517") or the text prints it exactly as we do, zero padding and all (`0019233`): a bank's own
 * reference rarely has either.
 */
function announced(ctx: MatchContext, candidate: Candidate, tails: ReadonlySet<string>): boolean {
  if (candidate.invoice.invoiceNumber.length >= 6 && ctx.text.includes(candidate.invoice.invoiceNumber.toUpperCase())) return true;
  // Announced, unless the same digits are also the number of a series invoice (`FACTURA 16637` for
  // `FAC-2026-16637`, a series dropped): then it stays a number-only reading.
  return ctx.introduced.has(candidate.key) && !tails.has(candidate.key);
}

function hitsOf(ctx: MatchContext, candidates: readonly Candidate[]): Hit[] {
  const tails = new Set<string>();
  for (const c of ctx.invoices) if (c.tail !== undefined && ctx.refRank.has(c.tail)) tails.add(c.tail);
  const hits: Hit[] = [];
  for (const candidate of candidates) {
    const rank = ctx.refRank.get(candidate.key);
    if (rank !== undefined) {
      const strength = strengthOfKey(candidate.key);
      hits.push({ candidate, strength: strength === 'numeric' && announced(ctx, candidate, tails) ? 'strong' : strength, rank });
    }
    else if (candidate.tail !== undefined) {
      const tailRank = ctx.refRank.get(candidate.tail);
      if (tailRank !== undefined) hits.push({ candidate, strength: 'weak', rank: tailRank });
    }
  }
  return hits.sort((a, b) => a.rank - b.rank || compareAge(a.candidate.invoice, b.candidate.invoice));
}

/**
 * Named invoices in another currency: said so, and whatever else is found is only a proposal. Only
 * when nothing in the payment's currency is named, or when the payer's own invoice is the foreign one
 * (another customer's `0016274` in COP does not make `F-016274` in PEN doubtful).
 */
function noteForeign(ctx: MatchContext, sameCurrency: readonly Hit[]): void {
  let foreign = hitsOf(ctx, ctx.foreign).filter((h) => h.strength !== 'weak');
  if (sameCurrency.length > 0) {
    const payerNamed = sameCurrency.some((h) => h.candidate.invoice.accountId === ctx.payer);
    foreign = ctx.payer === undefined || payerNamed ? [] : foreign.filter((h) => h.candidate.invoice.accountId === ctx.payer);
  }
  if (foreign.length === 0) return;
  const named = foreign.map((h) => `${h.candidate.invoice.invoiceNumber} is in ${h.candidate.invoice.currency}`);
  // Doubtful: paying that customer (the payer, if it is theirs) anything else from this transfer.
  const accounts = new Set(foreign.map((h) => h.candidate.invoice.accountId));
  caution(ctx, CONFIDENCE.cap.foreignCurrency, `${named.join(', ')}, the payment in ${ctx.currency}: not applied, nothing is converted`, accounts, { alwaysSay: true });
}

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
function nearExact(ctx: MatchContext, named: readonly string[], except?: Candidate): Candidate | undefined {
  const near = ctx.invoices.filter(
    (c) =>
      c !== except &&
      c.invoice.balance === ctx.amount &&
      (ctx.payer === undefined || c.invoice.accountId === ctx.payer) &&
      named.some((key) => oneEditApart(key, c.key)),
  );
  return near.length === 1 ? near[0] : undefined;
}

/** The named invoice read as a typo of `nearExact`. */
export function typoAlternative(ctx: MatchContext, named: readonly string[], except?: Candidate): Draft | undefined {
  const typo = nearExact(ctx, named, except);
  if (typo === undefined) return undefined;
  const written = except?.invoice.invoiceNumber ?? named.find((key) => oneEditApart(key, typo.key))!;
  const literal = except ? [suggestion('reference', CONFIDENCE.reference.partial.numeric, `As written: ${except.invoice.invoiceNumber}`, allocateInOrder(ctx, [except], ctx.amount).allocations)] : [];
  return {
    rule: 'reference',
    confidence: commonAmount(ctx) ? CONFIDENCE.commonAmount : CONFIDENCE.typoWithExactAmount,
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
function weakUnknownPayer(ctx: MatchContext, pool: readonly Hit[]): Draft | undefined {
  const exact = pool.filter((h) => h.candidate.invoice.balance === ctx.amount);
  const unique = [...new Set(exact.map((h) => h.candidate))];
  if (unique.length === 1) {
    const [c] = unique as [Candidate];
    return {
      rule: 'reference',
      confidence: commonAmount(ctx) ? CONFIDENCE.commonAmount : CONFIDENCE.reference.exact.weakUnknown,
      explanation: `The number ${c.tail ?? c.key} in the text is ${c.invoice.invoiceNumber}'s (${accountName(ctx, c.invoice.accountId)}), and its balance is exactly the amount`,
      allocations: [payInFull(c)],
    };
  }
  const settling = [...new Set(pool.map((h) => h.candidate))].filter((c) => {
    const fit = fitOf(c.invoice.balance, ctx.amount, ctx.settings, isEarly(ctx, c.invoice));
    return fit === 'tolerance' || fit === 'discount';
  });
  if (unique.length === 0 && settling.length === 1) {
    const [c] = settling as [Candidate];
    const announced = c.tail !== undefined && ctx.introduced.has(c.tail);
    return {
      rule: 'reference',
      confidence: announced ? CONFIDENCE.reference.settles.weakAnnounced : CONFIDENCE.reference.settles.weakUnknown,
      explanation: `The number ${c.tail ?? c.key} in the text is ${c.invoice.invoiceNumber}'s, and the amount settles it within tolerance`,
      allocations: [allocation(c, ctx.amount, true)],
    };
  }
  return undefined;
}

/**
 * `72665` read two ways: number-only invoice `0072665`, or `FAC-2026-72665` without its series. When
 * the number-only reading does not fit the amount and the other fits it exactly (or settles it),
 * the amount decides — a notch below a plain exact match, with the other reading as a suggestion.
 */
function weakFitsBetter(ctx: MatchContext, named: readonly Hit[], numeric: readonly Hit[]): Draft | undefined {
  const fits = (c: Candidate) => {
    const fit = fitOf(c.invoice.balance, ctx.amount, ctx.settings, isEarly(ctx, c.invoice));
    return fit === 'exact' || fit === 'tolerance' || fit === 'discount';
  };
  if (numeric.some((h) => fits(h.candidate))) return undefined;
  const keys = new Set(numeric.map((h) => h.candidate.key));
  const weak = named.filter((h) => h.strength === 'weak' && h.candidate.tail !== undefined && keys.has(h.candidate.tail));
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
  // One keystroke from the named invoice, another has exactly the amount. Overpaid as written: read
  // as a typo. Underpaid as written: a partial payment is just as plausible — held, both offered.
  if (fit === 'over') {
    const typo = typoAlternative(ctx, [c.key, ...ctx.refs], c);
    if (typo) return typo;
  }
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
