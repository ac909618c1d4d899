import type { CurrencyAmount } from './delinquency.js';
import type { PolicyEscalationScore } from './policy-section.js';

/**
 * The transparent recovery score: how likely an account is to pay without a third party, 0..1. A
 * logistic model whose features are plain counts and whose weights live in the policy, so a
 * collector can read why an account scored what it did and a manager can change it without code.
 */

export const SCORE_FEATURES = [
  'daysPastDue',
  'brokenPromises',
  'keptPromises',
  'partialPayments',
  'paymentReversals',
  'disputesOpen',
  'contactAttemptsWithoutReply',
  'balance',
] as const;
export type ScoreFeature = (typeof SCORE_FEATURES)[number];

/** Feature values, already normalised (see `scoreFeatures`). */
export type ScoreFeatures = Readonly<Record<ScoreFeature, number>>;

/** The policy's `escalation.score` (only the intercept and the weights are read). */
export type ScoreWeights = Pick<PolicyEscalationScore, 'intercept' | 'weights'>;

export interface RecoveryScore {
  /** 1 / (1 + e^−logit), rounded to 4 decimals. */
  readonly value: number;
  /**
   * What each feature adds to the logit (weight × value), and `intercept`; rounded to 4 decimals.
   * They add up to the logit, so the score can be recomputed by hand.
   */
  readonly contributions: Readonly<Record<string, number>>;
}

/** The facts a score is computed from, before normalisation. */
export interface ScoreFacts {
  /** Of the oldest open, undisputed invoice (0 when nothing is late). */
  readonly daysPastDue: number;
  readonly brokenPromises: number;
  readonly keptPromises: number;
  readonly partialPayments90Days: number;
  readonly reversals90Days: number;
  readonly disputesOpen: number;
  readonly contactAttemptsWithoutReply: number;
  /** Open, undisputed balances per currency. */
  readonly balances: readonly CurrencyAmount[];
}

/** Months beyond a year, or messages beyond ten, say nothing new: the caps keep one fact from drowning the rest. */
const MAX_MONTHS = 12;
const MAX_SILENT_ATTEMPTS = 10;

/**
 * Normalises the facts into feature values: `daysPastDue` in months (days / 30, 0..12), counts as they
 * are, `contactAttemptsWithoutReply` capped at 10, and `balance` as ln(1 + balance / reference) with
 * the policy's reference balance of its currency — 0 for a balance in a currency without one; with
 * several currencies, the largest. Logarithmic, because twice the balance is not twice the risk.
 *
 * @example
 * scoreFeatures({ daysPastDue: 60, brokenPromises: 1, keptPromises: 0, partialPayments90Days: 0, reversals90Days: 0,
 *   disputesOpen: 0, contactAttemptsWithoutReply: 3, balances: [{ currency: 'MXN', minor: 10_000_000 }] },
 *   { MXN: 10_000_000 }) // { daysPastDue: 2, brokenPromises: 1, …, contactAttemptsWithoutReply: 3, balance: 0.6931… }
 */
export function scoreFeatures(facts: ScoreFacts, balanceReference: Readonly<Record<string, number>>): ScoreFeatures {
  let balance = 0;
  for (const amount of facts.balances) {
    const reference = balanceReference[amount.currency];
    if (reference !== undefined && reference > 0) balance = Math.max(balance, Math.log1p(Math.max(amount.minor, 0) / reference));
  }
  return {
    daysPastDue: Math.min(Math.max(facts.daysPastDue, 0) / 30, MAX_MONTHS),
    brokenPromises: Math.max(facts.brokenPromises, 0),
    keptPromises: Math.max(facts.keptPromises, 0),
    partialPayments: Math.max(facts.partialPayments90Days, 0),
    paymentReversals: Math.max(facts.reversals90Days, 0),
    disputesOpen: Math.max(facts.disputesOpen, 0),
    contactAttemptsWithoutReply: Math.min(Math.max(facts.contactAttemptsWithoutReply, 0), MAX_SILENT_ATTEMPTS),
    balance,
  };
}

/**
 * The recovery score of normalised features: logit = intercept + Σ weight × feature, value =
 * 1 / (1 + e^−logit). Pure arithmetic in a fixed feature order, so the same inputs give the same
 * bits everywhere.
 *
 * @example
 * recoveryScore({ ...zeroFeatures, daysPastDue: 2 }, { intercept: 1.5, weights: { ...weights, daysPastDue: -0.4 } })
 * // { value: 0.6682, contributions: { intercept: 1.5, daysPastDue: -0.8, brokenPromises: 0, … } }
 */
export function recoveryScore(features: ScoreFeatures, weights: ScoreWeights): RecoveryScore {
  let logit = weights.intercept;
  const contributions: Record<string, number> = { intercept: round(weights.intercept) };
  for (const feature of SCORE_FEATURES) {
    const contribution = weights.weights[feature] * features[feature];
    logit += contribution;
    contributions[feature] = round(contribution);
  }
  return { value: round(1 / (1 + Math.exp(-logit))), contributions };
}

/**
 * The score in words for the decision's reasons: the value, then every contribution that is not
 * zero, largest effect first (ties in feature order).
 *
 * @example
 * describeScore({ value: 0.31, contributions: { intercept: 1.5, daysPastDue: -1.2, brokenPromises: -0.8 } })
 * // 'score 0.31: intercept +1.50, daysPastDue −1.20, brokenPromises −0.80'
 */
export function describeScore(score: RecoveryScore): string {
  const parts = Object.entries(score.contributions)
    .filter(([, value]) => value !== 0)
    .map(([name, value], order) => ({ name, value, order }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.order - b.order)
    .map(({ name, value }) => `${name} ${signed(value)}`);
  return `score ${score.value.toFixed(2)}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

function signed(value: number): string {
  return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)}`;
}

/** 4 decimals, and never −0 (which would print as "−0.00" and compare unequal to 0 in tests). */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000 + 0;
}
