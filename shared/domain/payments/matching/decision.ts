/**
 * Building blocks of decisions: allocations from candidates, suggestions, and the final touch that
 * applies the context's caps and notes. Every allocation goes through here, so "never more than a
 * balance, never more than the payment" holds by construction.
 */
import type { Candidate, MatchContext } from './context.js';
import { isEarly } from './context.js';
import { sentences } from './explain.js';
import { fitOf, settlesFit } from './tolerance.js';
import type { Allocation, MatchDecision, MatchRule, MatchSuggestion } from './types.js';

export const MAX_SUGGESTIONS = 3;

/** A decision before caps: what a rule proposes. */
export interface Draft {
  readonly rule: MatchRule;
  readonly confidence: number;
  readonly explanation: string;
  readonly allocations: readonly Allocation[];
  readonly credit?: { readonly accountId: string; readonly amount: number };
  readonly suggestions?: readonly MatchSuggestion[];
}

export function allocation(candidate: Candidate, amount: number, settles: boolean): Allocation {
  const { accountId, invoiceNumber } = candidate.invoice;
  return { accountId, invoiceNumber, amount, settles };
}

export function payInFull(candidate: Candidate): Allocation {
  return allocation(candidate, candidate.invoice.balance, false);
}

/**
 * Pays `candidates` in the order given, each up to its balance, until `amount` runs out. The last one
 * reached may be paid short; if it is the last of the list and the shortfall is a tolerated fee or
 * the early-payment discount, it is settled.
 */
export function allocateInOrder(
  ctx: MatchContext,
  candidates: readonly Candidate[],
  amount: number,
): { readonly allocations: Allocation[]; readonly remainder: number } {
  const allocations: Allocation[] = [];
  let left = amount;
  candidates.forEach((candidate, i) => {
    if (left <= 0) return;
    const { balance } = candidate.invoice;
    const take = Math.min(left, balance);
    const settles =
      take < balance && i === candidates.length - 1 && settlesFit(fitOf(balance, take, ctx.settings, isEarly(ctx, candidate.invoice)));
    allocations.push(allocation(candidate, take, settles));
    left -= take;
  });
  return { allocations, remainder: left };
}

export function total(allocations: readonly Allocation[]): number {
  return allocations.reduce((sum, a) => sum + a.amount, 0);
}

export function suggestion(rule: MatchRule, confidence: number, explanation: string, allocations: readonly Allocation[]): MatchSuggestion {
  return { rule, confidence: round(confidence), explanation, allocations };
}

function round(confidence: number): number {
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}

function sameAllocations(a: readonly Allocation[], b: readonly Allocation[]): boolean {
  return a.length === b.length && a.every((x, i) => x.accountId === b[i]!.accountId && x.invoiceNumber === b[i]!.invoiceNumber && x.amount === b[i]!.amount);
}

/** The cautions that weigh on these allocations (all of them when nothing is allocated). */
function applying(ctx: MatchContext, allocations: readonly Allocation[]): { cap: number; notes: string[] } {
  let cap = 1;
  const notes: string[] = [];
  for (const c of ctx.cautions) {
    // With accounts: weighs on allocations to those accounts — or, for a caution about several
    // customers, on allocations spread over more than one of them.
    const touched = c.accounts === undefined ? 0 : new Set(allocations.filter((a) => c.accounts!.has(a.accountId)).map((a) => a.accountId)).size;
    const applies = c.accounts === undefined || allocations.length === 0 || (c.spread === true ? touched > 1 : touched > 0);
    if (applies) cap = Math.min(cap, c.cap);
    if (applies || c.alwaysSay === true) notes.push(c.note);
  }
  return { cap, notes };
}

/** The decision: confidence capped, notes appended, suggestions deduplicated and bounded. */
export function finish(ctx: MatchContext, draft: Draft): MatchDecision {
  const { cap, notes } = applying(ctx, draft.allocations);
  const suggestions: MatchSuggestion[] = [];
  for (const s of draft.suggestions ?? []) {
    if (suggestions.length >= MAX_SUGGESTIONS || s.allocations.length === 0) continue;
    if (sameAllocations(s.allocations, draft.allocations) || suggestions.some((t) => sameAllocations(t.allocations, s.allocations))) continue;
    suggestions.push({ ...s, confidence: round(Math.min(s.confidence, applying(ctx, s.allocations).cap)) });
  }
  return {
    rule: draft.rule,
    confidence: round(Math.min(draft.confidence, cap)),
    explanation: sentences(draft.explanation, ...notes),
    allocations: draft.allocations,
    ...(draft.credit !== undefined && draft.credit.amount > 0 ? { credit: draft.credit } : {}),
    suggestions,
  };
}
