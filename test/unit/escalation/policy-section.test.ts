import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escalationSchema } from '../../../shared/domain/escalation/policy-section.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';

const docs = readFileSync(new URL('../../../examples/policy.md', import.meta.url), 'utf8');
const shipped = JSON.parse(readFileSync(new URL('../../../shared/domain/policy/default-policy.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** The shipped policy with `escalation` replaced. */
const withEscalation = (escalation: unknown) => ({ ...shipped, escalation });

describe('the escalation policy section', () => {
  it('ships its defaults explicitly: the JSON says what the schema would fill in', () => {
    expect(escalationSchema.parse(undefined)).toEqual(defaultPolicy.escalation);
    expect(shipped.escalation).toEqual(JSON.parse(JSON.stringify(defaultPolicy.escalation)));
  });

  it('is optional: a policy without it gets the defaults', () => {
    const { escalation: _dropped, ...rest } = shipped;
    const result = parsePolicy(rest);
    expect(result.ok && result.policy.escalation).toEqual(defaultPolicy.escalation);
  });

  it('fills in what a partial section leaves out', () => {
    const result = parsePolicy(withEscalation({ preLegalGraceDays: 15, handOff: { maxScore: 0.4 } }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.escalation.preLegalGraceDays).toBe(15);
    expect(result.policy.escalation.handOff).toEqual({ ...defaultPolicy.escalation.handOff, maxScore: 0.4 });
    expect(result.policy.escalation.stages).toEqual(defaultPolicy.escalation.stages);
  });

  it('refuses stages out of order, misspelt fields, bad currency keys and bad plans, with the path', () => {
    expect(parsePolicy(withEscalation({ stages: { midFromDays: 31, advancedFromDays: 30 } }))).toEqual({
      ok: false,
      error: 'escalation.stages.advancedFromDays: must be later than midFromDays (31)',
    });
    expect(parsePolicy(withEscalation({ preLegalGrace: 10 }))).toEqual({
      ok: false,
      error: 'escalation.preLegalGrace: unknown field (check the spelling; see examples/policy.md)',
    });
    expect(parsePolicy(withEscalation({ handOff: { minBalance: { mxn: 5 } } }))).toEqual({
      ok: false,
      error: 'escalation.handOff.minBalance.mxn: expected ISO 4217 currency codes in capitals as keys, e.g. "MXN"',
    });
    expect(parsePolicy(withEscalation({ plans: { installmentDays: [60, 30] } }))).toEqual({
      ok: false,
      error: 'escalation.plans.installmentDays: expected increasing days, e.g. [30, 60, 90]',
    });
    expect(parsePolicy(withEscalation({ score: { balanceReference: { MXN: 0 } } })).ok).toBe(false);
    expect(parsePolicy(withEscalation({ handOff: { maxScore: 1.5 } }))).toEqual({ ok: false, error: 'escalation.handOff.maxScore: must be at most 1, got 1.5' });
  });

  it('has every field documented in examples/policy.md, after contactRules', () => {
    const section = docs.slice(docs.indexOf('## `escalation`'));
    expect(docs.indexOf('## `escalation`')).toBeGreaterThan(docs.indexOf('## `contactRules`'));
    const fields = [
      'stages.earlyFromDays', 'stages.midFromDays', 'stages.advancedFromDays', 'stages.preLegalFromDays', 'preLegalGraceDays',
      'handOff.minBalance', 'handOff.maxScore', 'handOff.legalMinBalance', 'writeOff.maxBalance', 'writeOff.minDaysPastDue',
      'writeOff.maxScoreAfterRecall', 'score.intercept', 'score.balanceReference', 'promiseGraceDays', 'disputeSlaHours',
      'plans.downPaymentPercent', 'plans.installmentDays', 'plans.installmentGraceDays', 'plans.waiveInterest', 'plans.discountPercent.early',
      'cadence.early', 'taskDeadlineHours', 'silence.alertAfterAttempts', 'evaluation.time', 'evaluation.reviewEveryDays',
      ...Object.keys(defaultPolicy.escalation.score.weights).map((w) => `score.weights.${w}`),
    ];
    for (const field of fields) expect(section, field).toContain(`\`${field}\``);
  });
});
