import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planReminders, selectSegment, type PlanInput } from '../../../shared/domain/planning/planner.js';
import { oracleAllowed, oracleOverlaps, oraclePreset } from '../contact-rules/oracle.js';
import { accountArb, invoiceArb, nowArb, oracleInside, policyArb } from './arbitraries.js';

/** A random planning problem: debtor, invoice due within ±200 days of now, policy, history. */
const inputArb: fc.Arbitrary<PlanInput> = fc
  .tuple(accountArb, nowArb, policyArb, fc.boolean())
  .chain(([account, now, policy, hasHistory]) =>
    invoiceArb(account.accountId, now).map((invoice) => ({ account, invoice, policy, now, hasHistory })),
  );

const RUNS = { numRuns: 400 };

function zoneOf(input: PlanInput): string {
  return DateTime.now().setZone(input.account.timezone).isValid && input.account.timezone !== '' ? input.account.timezone : 'UTC';
}

describe('planReminders (properties)', () => {
  it("sends only inside the contact window and the country's legal preset, in the debtor's zone, never on a public holiday", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { policy, account } = input;
        const preset = oraclePreset(policy, account.country);
        // Business hours that never overlap the legal preset give way to it (see contactRulesFor).
        const keepsWindow = !preset || oracleOverlaps(policy.contactWindow, preset);
        for (const reminder of planReminders(input)) {
          const at = new Date(reminder.sendAt);
          expect(oracleAllowed(at, policy, zoneOf(input), account.country)).toBe(true);
          if (keepsWindow) expect(oracleInside(at, policy.contactWindow, zoneOf(input), account.country)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never plans for a paid or cancelled invoice, or one with nothing left to pay', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        if (input.invoice.status !== 'open' || input.invoice.balance === 0) expect(planReminders(input)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('never plans at or before now, and returns the plan sorted by sendAt', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const times = planReminders(input).map((r) => Date.parse(r.sendAt));
        for (const time of times) expect(time).toBeGreaterThan(input.now.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it('gives unique ids and at most one reminder per local day', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planReminders(input);
        expect(new Set(plan.map((r) => r.reminderId)).size).toBe(plan.length);
        const days = plan.map((r) => DateTime.fromISO(r.sendAt, { zone: r.timezone }).toISODate());
        expect(new Set(days).size).toBe(plan.length);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same input gives the same plan', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const copy: PlanInput = { ...structuredClone({ ...input, policy: undefined }), policy: input.policy, now: new Date(input.now.getTime()) };
        expect(planReminders(copy)).toEqual(planReminders(input));
      }),
      RUNS,
    );
  });

  it('uses the cadence of the selected segment; catches up only without history, as a ladder that starts friendly and only gets firmer', () => {
    const tones = ['friendly', 'firm', 'formal'];
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planReminders(input);
        const segment = selectSegment(input.account, input.invoice, input.policy, input.now);
        const catchUps = plan.filter((r) => r.catchUp);
        expect(catchUps.length).toBeLessThanOrEqual(3);
        if (input.hasHistory || !segment.catchUp) expect(catchUps).toEqual([]);
        if (catchUps.length > 1) {
          // A ladder: friendly first, each rung firmer than the one before, at least the policy's step apart.
          expect(catchUps.map((r) => tones.indexOf(r.step.tone))).toEqual(catchUps.map((_, i) => i));
          const spacing = input.policy.escalation.ladder.catchUpStepDays;
          for (let i = 1; i < catchUps.length; i += 1) {
            const days = DateTime.fromISO(catchUps[i]!.sendAt, { zone: catchUps[i]!.timezone }).startOf('day').diff(DateTime.fromISO(catchUps[i - 1]!.sendAt, { zone: catchUps[i]!.timezone }).startOf('day'), 'days').days;
            expect(days).toBeGreaterThanOrEqual(spacing);
          }
          // Nothing from the cadence goes out before the ladder's last rung.
          const lastRung = Math.max(...catchUps.map((r) => Date.parse(r.sendAt)));
          expect(plan.filter((r) => !r.catchUp).every((r) => Date.parse(r.sendAt) > lastRung)).toBe(true);
        }
        for (const reminder of plan) {
          expect(reminder.segmentId).toBe(segment.id);
          if (!reminder.step.id.startsWith('ladder-')) expect(segment.cadence).toContainEqual(reminder.step);
          expect(reminder.reminderId).toMatch(/^[0-9a-f]{32}$/);
        }
      }),
      RUNS,
    );
  });

  it('gives a newly loaded open invoice with a past step at least one reminder when its segment catches up', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { invoice, policy, now, account } = input;
        if (input.hasHistory || invoice.status !== 'open' || invoice.balance === 0) return;
        const segment = selectSegment(account, invoice, policy, now);
        const firstOffset = Math.min(...segment.cadence.map((s) => s.offsetDays));
        // A step at least two days in the past is certainly past whatever the window did to it.
        const dueMs = Date.parse(`${invoice.dueDate}T00:00:00Z`);
        if (!segment.catchUp || segment.cadence.length === 0 || dueMs + (firstOffset + 2) * 86_400_000 > now.getTime()) return;
        expect(planReminders(input).length).toBeGreaterThanOrEqual(1);
      }),
      RUNS,
    );
  });
});
