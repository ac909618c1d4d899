/**
 * The payment matcher: which open invoices a payment pays, how sure we are, and why. Pure and
 * deterministic (the candidates are put in a canonical order first). Rules in order of the strength
 * of their evidence; the first that claims the payment decides, with the caps and notes earlier rules
 * left behind (an invoice named in another currency, a reference to another customer's invoice).
 *
 *   CFDI complement (fiscal UUID) → payment link (invoice numbers) → references in the text →
 *   known payer (tax id / linked account: exact balance, exact combination, tolerance, everything,
 *   oldest first) → unknown payer (the only open invoice of exactly the amount: a proposal).
 */
import type { Payment } from '../types.js';
import { CONFIDENCE } from './confidence.js';
import { accountName, buildContext, caution } from './context.js';
import { finish } from './decision.js';
import { amountRule } from './rule-amount.js';
import { cfdiRule } from './rule-cfdi.js';
import { linksRule } from './rule-links.js';
import { payerRule } from './rule-payer.js';
import { referenceRule } from './rule-reference.js';
import type { MatchCandidates, MatchDecision, MatchSettings } from './types.js';

/**
 * Out of the box, like the policy's defaults: nothing is written off (no tolerance, no discount) and
 * no payment is spread oldest-first — those are the customer's choices. The subset-sum bounds are
 * ours: four invoices out of the 24 oldest keeps the worst case near ten thousand steps.
 */
export const DEFAULT_MATCH_SETTINGS: MatchSettings = {
  autoApplyThreshold: 0.9,
  shortfallTolerance: { absoluteMinor: 0, percent: 0 },
  earlyPaymentDiscountPercent: 0,
  allowOldestFirst: false,
  maxSubsetSize: 4,
  maxSubsetPool: 24,
};

function none(explanation: string): MatchDecision {
  return { rule: 'none', confidence: 0, explanation, allocations: [], suggestions: [] };
}

/**
 * Decides what `payment` pays among `candidates` (what the store found for `candidateQuery(payment)`).
 * `asOf` (YYYY-MM-DD) stands in for the payment's value date when that is missing or malformed; it
 * decides whether the early-payment discount applies.
 */
export function matchPayment(payment: Payment, candidates: MatchCandidates, settings: MatchSettings, asOf: string): MatchDecision {
  if (payment.kind !== 'payment') return none('Not matched: reversals are applied to the payment they reverse.');
  if (!Number.isSafeInteger(payment.amount) || payment.amount <= 0) return none('Not matched: the amount is not a positive whole number of minor units.');
  const ctx = buildContext(payment, candidates, settings, asOf);
  if (ctx.invoices.length === 0 && ctx.foreign.length > 0) {
    const currencies = [...new Set(ctx.foreign.map((c) => c.invoice.currency))].sort().join(', ');
    caution(ctx, CONFIDENCE.cap.foreignCurrency, `The open invoices found are in ${currencies}, the payment in ${ctx.currency}: nothing is converted`);
  }
  const draft = cfdiRule(ctx) ?? linksRule(ctx) ?? referenceRule(ctx) ?? payerRule(ctx) ?? amountRule(ctx);
  // Whatever the rule, money from a known payer going to another customer's invoices is a question
  // for a person (a group paying for a subsidiary happens; a misread reference happens more).
  const payer = ctx.payer;
  if (payer !== undefined) {
    const others = new Set(draft.allocations.map((a) => a.accountId).filter((id) => id !== payer));
    const covered = ctx.cautions.some((c) => c.accounts !== undefined && [...others].every((id) => c.accounts!.has(id)));
    if (others.size > 0 && !covered) {
      const names = [...others].sort().map((id) => accountName(ctx, id)).join(', ');
      caution(ctx, CONFIDENCE.cap.otherCustomer, `The money goes to ${names}, not to the payer ${accountName(ctx, payer)}`, others);
    }
  }
  return finish(ctx, draft);
}
