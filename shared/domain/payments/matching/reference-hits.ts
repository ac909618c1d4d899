/**
 * Which candidate invoices the payment's text names, and how strongly: a series+number key (`F123`),
 * a number-only invoice (`0012345`, as good as a series when announced or printed exactly), or a
 * bare number that is only an invoice's number part (`123` for `F-000123`).
 */
import { compareAge } from './age-order.js';
import { CONFIDENCE, type ReferenceStrength as Strength } from './confidence.js';
import { caution, type Candidate, type MatchContext } from './context.js';

export interface Hit {
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

export function hitsOf(ctx: MatchContext, candidates: readonly Candidate[]): Hit[] {
  const tails = new Set<string>();
  for (const c of ctx.invoices) if (c.mayBeNamed(ctx.refSuffixes) && c.tail !== undefined && ctx.refRank.has(c.tail)) tails.add(c.tail);
  const hits: Hit[] = [];
  for (const candidate of candidates) {
    if (!candidate.mayBeNamed(ctx.refSuffixes)) continue;
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
export function noteForeign(ctx: MatchContext, sameCurrency: readonly Hit[]): void {
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

