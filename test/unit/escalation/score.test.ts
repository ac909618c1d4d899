import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeScore, recoveryScore, SCORE_FEATURES, scoreFeatures, type ScoreFacts, type ScoreFeatures } from '../../../shared/domain/escalation/score.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';

const weights = defaultPolicy.escalation.score;
const zero: ScoreFeatures = Object.fromEntries(SCORE_FEATURES.map((f) => [f, 0])) as ScoreFeatures;
const facts: ScoreFacts = {
  daysPastDue: 60,
  brokenPromises: 1,
  keptPromises: 0,
  partialPayments90Days: 0,
  reversals90Days: 0,
  disputesOpen: 0,
  contactAttemptsWithoutReply: 3,
  balances: [{ currency: 'MXN', minor: 10_000_000 }],
};

describe('scoreFeatures', () => {
  it('normalises: months past due, capped counts, log balance against the reference', () => {
    const features = scoreFeatures(facts, weights.balanceReference);
    expect(features).toMatchObject({ daysPastDue: 2, brokenPromises: 1, contactAttemptsWithoutReply: 3 });
    expect(features.balance).toBeCloseTo(Math.log(2), 10);
    const extreme = scoreFeatures({ ...facts, daysPastDue: 5000, contactAttemptsWithoutReply: 99 }, weights.balanceReference);
    expect(extreme).toMatchObject({ daysPastDue: 12, contactAttemptsWithoutReply: 10 });
  });

  it('adds nothing for a currency without a reference, and takes the largest of several', () => {
    expect(scoreFeatures({ ...facts, balances: [{ currency: 'ARS', minor: 10 ** 12 }] }, weights.balanceReference).balance).toBe(0);
    const two = scoreFeatures({ ...facts, balances: [{ currency: 'MXN', minor: 10_000_000 }, { currency: 'USD', minor: 1_500_000 }] }, weights.balanceReference);
    expect(two.balance).toBeCloseTo(Math.log(4), 10);
  });
});

describe('recoveryScore', () => {
  it('is the logistic of the intercept and the weighted features, with every contribution listed', () => {
    const score = recoveryScore({ ...zero, daysPastDue: 2 }, { intercept: 1.5, weights: { ...weights.weights, daysPastDue: -0.4 } });
    expect(score.value).toBe(0.6682);
    expect(score.contributions).toEqual({
      intercept: 1.5,
      daysPastDue: -0.8,
      brokenPromises: 0,
      keptPromises: 0,
      partialPayments: 0,
      paymentReversals: 0,
      disputesOpen: 0,
      contactAttemptsWithoutReply: 0,
      balance: 0,
    });
    expect(Object.is(recoveryScore(zero, weights).contributions.brokenPromises, 0)).toBe(true); // never −0
  });

  it('reads in words, largest effect first', () => {
    expect(describeScore({ value: 0.31, contributions: { intercept: 1.5, daysPastDue: -1.2, brokenPromises: -0.8, keptPromises: 0 } })).toBe(
      'score 0.31: intercept +1.50, daysPastDue −1.20, brokenPromises −0.80',
    );
  });

  const featuresArb = fc.record(Object.fromEntries(SCORE_FEATURES.map((f) => [f, fc.double({ min: 0, max: 20, noNaN: true })])) as Record<keyof ScoreFeatures, fc.Arbitrary<number>>);
  const weightsArb = fc.record({
    intercept: fc.double({ min: -20, max: 20, noNaN: true }),
    weights: fc.record(Object.fromEntries(SCORE_FEATURES.map((f) => [f, fc.double({ min: -10, max: 10, noNaN: true })])) as Record<keyof ScoreFeatures, fc.Arbitrary<number>>),
  });

  it('stays within 0..1, is deterministic, and its contributions add up to its logit', () => {
    fc.assert(
      fc.property(featuresArb, weightsArb, (features, w) => {
        const score = recoveryScore(features, w);
        expect(score.value).toBeGreaterThanOrEqual(0);
        expect(score.value).toBeLessThanOrEqual(1);
        expect(recoveryScore({ ...features }, { ...w })).toEqual(score);
        const logit = Object.values(score.contributions).reduce((a, b) => a + b, 0);
        expect(Math.abs(1 / (1 + Math.exp(-logit)) - score.value)).toBeLessThan(0.002);
      }),
      { numRuns: 300 },
    );
  });

  it('never rises with a feature whose weight is negative (more broken promises, more silence, older debt)', () => {
    fc.assert(
      fc.property(featuresArb, fc.constantFrom('daysPastDue', 'brokenPromises', 'contactAttemptsWithoutReply', 'balance', 'disputesOpen', 'paymentReversals'), fc.double({ min: 0, max: 5, noNaN: true }), (features, feature, more) => {
        const before = recoveryScore(features, weights).value;
        const after = recoveryScore({ ...features, [feature]: features[feature as keyof ScoreFeatures] + more }, weights).value;
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});
