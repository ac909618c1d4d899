import { formatAmounts, type CurrencyAmount } from './delinquency.js';
import type { PolicyEscalation } from './policy-section.js';

/** What happens once the pre-legal grace period is over. */
export type AfterPreLegal =
  | { readonly kind: 'hand-off'; readonly to: 'agency' | 'legal'; readonly reason: string }
  | { readonly kind: 'write-off'; readonly reason: string }
  /** A small balance not yet old enough to write off: look again on the day it is. */
  | { readonly kind: 'wait'; readonly untilDaysPastDue: number; readonly reason: string }
  /** No rule decides: a person does (a `hand-off-review` task). */
  | { readonly kind: 'review'; readonly reason: string };

export interface AfterPreLegalFacts {
  /** Open, undisputed balances per currency. */
  readonly balances: readonly CurrencyAmount[];
  /** Of the oldest open, undisputed invoice. */
  readonly daysPastDue: number;
  readonly score: number;
}

/**
 * The policy's choice once the pre-legal letter's grace period is over, in this order:
 * 1. **write-off** when the balance is below `writeOff.maxBalance` in every currency it is in (a
 *    currency the table does not list is never small) and the oldest invoice is at least
 *    `writeOff.minDaysPastDue` days late — or **wait** for that day when only the age is missing;
 * 2. **hand-off** when the balance reaches `handOff.minBalance` in some currency and the score is at
 *    most `handOff.maxScore` (unlikely to pay by itself): to `legal` when it reaches
 *    `handOff.legalMinBalance` in some currency, else to the `agency`;
 * 3. otherwise **review**: too large to write off, and too small or too likely to pay to hand off.
 *
 * @example
 * afterPreLegal({ balances: [{ currency: 'MXN', minor: 8_000_000 }], daysPastDue: 102, score: 0.3 }, defaultPolicy.escalation)
 * // { kind: 'hand-off', to: 'agency', reason: 'balance MXN 80000.00 ≥ MXN 50000.00 and score 0.30 ≤ 0.50 → hand-off to agency' }
 */
export function afterPreLegal(facts: AfterPreLegalFacts, policy: PolicyEscalation): AfterPreLegal {
  const balance = formatAmounts(facts.balances);
  if (isSmall(facts.balances, policy.writeOff.maxBalance)) {
    const limit = formatAmounts(limits(facts.balances, policy.writeOff.maxBalance));
    if (facts.daysPastDue >= policy.writeOff.minDaysPastDue) {
      return { kind: 'write-off', reason: `balance ${balance} < ${limit} and ${facts.daysPastDue} days past due ≥ ${policy.writeOff.minDaysPastDue} → write-off` };
    }
    return {
      kind: 'wait',
      untilDaysPastDue: policy.writeOff.minDaysPastDue,
      reason: `balance ${balance} < ${limit}: written off at ${policy.writeOff.minDaysPastDue} days past due (now ${facts.daysPastDue})`,
    };
  }
  const large = reaching(facts.balances, policy.handOff.minBalance);
  if (large.length === 0) {
    return { kind: 'review', reason: `balance ${balance} is below the hand-off minimum and above the write-off maximum → a person decides` };
  }
  const minimum = formatAmounts(limits(large, policy.handOff.minBalance));
  if (facts.score > policy.handOff.maxScore) {
    return {
      kind: 'review',
      reason: `score ${facts.score.toFixed(2)} > ${policy.handOff.maxScore.toFixed(2)} (likely to pay by itself), balance ${balance} → a person decides`,
    };
  }
  const legal = reaching(facts.balances, policy.handOff.legalMinBalance);
  const to = legal.length > 0 ? 'legal' : 'agency';
  const why = legal.length > 0 ? `, ≥ ${formatAmounts(limits(legal, policy.handOff.legalMinBalance))} for legal` : '';
  return {
    kind: 'hand-off',
    to,
    reason: `balance ${balance} ≥ ${minimum}${why} and score ${facts.score.toFixed(2)} ≤ ${policy.handOff.maxScore.toFixed(2)} → hand-off to ${to}`,
  };
}

/**
 * After an agency or the lawyers gave an account back (a recall): write it off when the balance is
 * small (as above, regardless of age) or the score is at most `writeOff.maxScoreAfterRecall`;
 * otherwise a person decides.
 *
 * @example
 * afterRecall({ balances, daysPastDue: 200, score: 0.1 }, defaultPolicy.escalation).kind // 'write-off'
 */
export function afterRecall(facts: AfterPreLegalFacts, policy: PolicyEscalation): Extract<AfterPreLegal, { kind: 'write-off' | 'review' }> {
  const balance = formatAmounts(facts.balances);
  if (isSmall(facts.balances, policy.writeOff.maxBalance)) {
    return { kind: 'write-off', reason: `recalled from hand-off; balance ${balance} < ${formatAmounts(limits(facts.balances, policy.writeOff.maxBalance))} → write-off` };
  }
  if (facts.score <= policy.writeOff.maxScoreAfterRecall) {
    return {
      kind: 'write-off',
      reason: `recalled from hand-off; score ${facts.score.toFixed(2)} ≤ ${policy.writeOff.maxScoreAfterRecall.toFixed(2)} → write-off`,
    };
  }
  return { kind: 'review', reason: `recalled from hand-off; score ${facts.score.toFixed(2)}, balance ${balance} → a person decides` };
}

/** Below the limit of its currency in every currency; nothing owed is not "small" (it is settled). */
function isSmall(balances: readonly CurrencyAmount[], maxima: Readonly<Record<string, number>>): boolean {
  return balances.length > 0 && balances.every((b) => maxima[b.currency] !== undefined && b.minor < maxima[b.currency]!);
}

function reaching(balances: readonly CurrencyAmount[], minima: Readonly<Record<string, number>>): CurrencyAmount[] {
  return balances.filter((b) => minima[b.currency] !== undefined && b.minor >= minima[b.currency]!);
}

function limits(balances: readonly CurrencyAmount[], table: Readonly<Record<string, number>>): CurrencyAmount[] {
  return balances.flatMap((b) => (table[b.currency] === undefined ? [] : [{ currency: b.currency, minor: table[b.currency]! }]));
}
