import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decideContact, type GateDecision, type GateInput } from '../../../shared/domain/contact-rules/gate.js';
import { contactRulesFor } from '../../../shared/domain/contact-rules/presets.js';
import type { Policy } from '../../../shared/domain/policy/schema.js';
import type { ContactState } from '../../../shared/ports.js';
import type { Channel } from '../../../shared/domain/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { nowArb } from '../planning/arbitraries.js';
import { windowArb } from './arbitraries.js';
import { oracleAllowed, oraclePresetAllows, PRESET_COUNTRIES, ZONES, type PresetCountry } from './oracle.js';

const RUNS = { numRuns: 200 };
const MINUTE = 60_000;
const DAY = 86_400_000;
const INVOICES = ['F-1', 'F-2', 'F-3', 'F-4'] as const;

type Step =
  | { readonly kind: 'request'; readonly gapMs: number; readonly invoices: readonly string[]; readonly channel: Channel; readonly redeliver: boolean; readonly notAfterMs?: number }
  | { readonly kind: 'pause'; readonly gapMs: number; readonly hours: number };

interface Scenario {
  readonly country: PresetCountry;
  readonly zone: string;
  readonly policy: Policy;
  readonly start: Date;
  readonly maxDeferralDays: number;
  readonly steps: readonly Step[];
}

/** Mostly minutes apart (the caps bite), sometimes hours or days. */
const gapArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 120 * MINUTE }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 2 * DAY }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 10 * DAY }), weight: 1 },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      gapMs: gapArb,
      invoices: fc.subarray([...INVOICES], { minLength: 1 }),
      channel: fc.constantFrom<Channel>('email', 'sms', 'whatsapp'),
      redeliver: fc.integer({ min: 0, max: 3 }).map((n) => n === 0), // a quarter of them: at-least-once delivery
      notAfterMs: fc.option(fc.integer({ min: 0, max: 6 * DAY }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), gapMs: gapArb, hours: fc.integer({ min: 1, max: 120 }) }) },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    country: fc.constantFrom(...PRESET_COUNTRIES),
    zonePick: fc.nat(),
    window: windowArb,
    preset: fc.constantFrom('auto', 'fixed'),
    businessHoursOnly: fc.boolean(),
    perDay: fc.integer({ min: 1, max: 3 }),
    per7Days: fc.integer({ min: 1, max: 6 }),
    start: nowArb,
    maxDeferralDays: fc.integer({ min: 0, max: 7 }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 25 }),
  })
  .map(({ country, zonePick, window, preset, businessHoursOnly, perDay, per7Days, start, maxDeferralDays, steps }) => {
    const contactRules = { ...defaultPolicy.contactRules, preset: preset === 'auto' ? ('auto' as const) : country, businessHoursOnly, caps: { perDay, per7Days } };
    return { country, zone: ZONES[country][zonePick % ZONES[country].length]!, policy: { ...defaultPolicy, contactWindow: window, contactRules }, start, maxDeferralDays, steps };
  });

interface Sent {
  readonly at: Date;
  readonly invoiceNumbers: readonly string[];
}

interface Observed {
  readonly sends: Sent[];
  /** Each defer, with the decision the gate gives at `until` for the same state and request. */
  readonly deferrals: Array<{ readonly until: Date; readonly then: GateDecision }>;
  /** Each request made while a pause was on, and what the gate said. */
  readonly whilePaused: Array<{ readonly at: Date; readonly decision: GateDecision }>;
  readonly redeliveries: Array<{ readonly decision: GateDecision; readonly messageId: string; readonly state: ContactState }>;
}

/**
 * Plays a scenario forward in time as the dispatcher would: each 'send' state is written back (the
 * version bumped), each 'defer' comes back at its `until`, interleaved in time order with new requests.
 */
function play(scenario: Scenario): Observed {
  const { country, zone, policy, maxDeferralDays } = scenario;
  const rules = contactRulesFor(policy, country);
  const observed: Observed = { sends: [], deferrals: [], whilePaused: [], redeliveries: [] };
  let state: ContactState = { accountId: 'C-1', version: 0, entries: [] };
  const sentIds: string[] = [];
  const retries: Array<Omit<GateInput, 'state'>> = [];

  const decide = (request: Omit<GateInput, 'state'>) => {
    const input: GateInput = { ...request, state };
    const now = input.now.getTime();
    const { messageId } = input.request;
    const decision = decideContact(input);
    if (state.pausedUntil && now < Date.parse(state.pausedUntil)) observed.whilePaused.push({ at: input.now, decision });
    // A redelivery of a message still in the ledger (one pruned after 35 days is a stranger again).
    if (state.entries.some((e) => e.messageId === messageId)) observed.redeliveries.push({ decision, messageId, state });
    if (decision.decision === 'defer') {
      observed.deferrals.push({ until: decision.until, then: decideContact({ ...input, now: decision.until }) });
      retries.push({ ...request, now: decision.until });
      retries.sort((a, b) => a.now.getTime() - b.now.getTime());
    }
    if (decision.decision === 'send') {
      observed.sends.push({ at: input.now, invoiceNumbers: decision.invoiceNumbers });
      expect(decision.state.version).toBe(state.version);
      state = { ...decision.state, version: state.version + 1 }; // the conditional write succeeded
      sentIds.push(messageId);
    }
  };
  const retryUpTo = (time: number) => {
    while (retries.length > 0 && retries[0]!.now.getTime() <= time) decide(retries.shift()!);
  };

  let now = scenario.start.getTime();
  scenario.steps.forEach((step, index) => {
    now += step.gapMs;
    retryUpTo(now);
    if (step.kind === 'pause') {
      state = { ...state, pausedUntil: new Date(now + step.hours * 3_600_000).toISOString(), pauseReason: 'ya pagué' };
      return;
    }
    const messageId = step.redeliver && sentIds.length > 0 ? sentIds[index % sentIds.length]! : `m-${index}`;
    decide({
      now: new Date(now),
      rules,
      timezone: zone,
      country,
      request: { messageId, channel: step.channel, invoiceNumbers: step.invoices },
      maxDeferralDays,
      ...(step.notAfterMs === undefined ? {} : { notAfter: new Date(now + step.notAfterMs) }),
    });
  });
  retryUpTo(Number.POSITIVE_INFINITY);
  return observed;
}

const localDay = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate()!;

describe('decideContact (properties)', () => {
  it("never sends outside the country's preset hours, days and holidays, nor outside the effective rules", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const sent of play(scenario).sends) {
          expect(oraclePresetAllows(sent.at, scenario.country, scenario.zone, scenario.country)).toBe(true);
          expect(oracleAllowed(sent.at, scenario.policy, scenario.zone, scenario.country)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never exceeds the caps: per local day, per rolling 7 days, and for CL per calendar week and 2 days apart', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { sends } = play(scenario);
        const { zone, country } = scenario;
        const { perDay, per7Days } = scenario.policy.contactRules.caps;
        const dayCap = country === 'CO' ? 1 : perDay; // the stricter of the Colombian law and the policy
        const perLocalDay = new Map<string, number>();
        for (const sent of sends) perLocalDay.set(localDay(sent.at, zone), (perLocalDay.get(localDay(sent.at, zone)) ?? 0) + 1);
        for (const count of perLocalDay.values()) expect(count).toBeLessThanOrEqual(dayCap);
        // Any 7 × 24 h window holding several sends can slide to start at one of them.
        for (const first of sends) {
          const inWindow = sends.filter((s) => s.at.getTime() >= first.at.getTime() && s.at.getTime() < first.at.getTime() + 7 * DAY);
          expect(inWindow.length).toBeLessThanOrEqual(per7Days);
        }
        if (country === 'CL') {
          const weeks = new Map<string, number>();
          for (const sent of sends) {
            const monday = DateTime.fromJSDate(sent.at, { zone }).startOf('week').toISODate()!;
            weeks.set(monday, (weeks.get(monday) ?? 0) + 1);
          }
          for (const count of weeks.values()) expect(count).toBeLessThanOrEqual(2);
          for (let i = 1; i < sends.length; i += 1) {
            const apart = DateTime.fromISO(localDay(sends[i]!.at, zone)).diff(DateTime.fromISO(localDay(sends[i - 1]!.at, zone)), 'days').days;
            expect(apart).toBeGreaterThanOrEqual(2);
          }
        }
      }),
      RUNS,
    );
  });

  it("defers only to an instant at which the gate says 'send' for the same state and request", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { deferrals } = play(scenario);
        for (const { then } of deferrals) expect(then.decision).toBe('send');
      }),
      RUNS,
    );
  });

  it('speaks about each invoice at most once per window (local day), and only about invoices asked for', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const seen = new Set<string>();
        for (const sent of play(scenario).sends) {
          expect(sent.invoiceNumbers.length).toBeGreaterThan(0);
          for (const invoice of sent.invoiceNumbers) {
            expect(INVOICES).toContain(invoice);
            const key = `${localDay(sent.at, scenario.zone)}|${invoice}`;
            expect(seen.has(key)).toBe(false);
            seen.add(key);
          }
        }
      }),
      RUNS,
    );
  });

  it('never sends while paused, and answers a redelivery with the recorded entry', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const observed = play(scenario);
        for (const { decision } of observed.whilePaused) expect(['defer', 'drop', 'already']).toContain(decision.decision);
        for (const { decision, messageId, state } of observed.redeliveries) {
          expect(decision).toEqual({ decision: 'already', entry: state.entries.find((e) => e.messageId === messageId) });
        }
      }),
      RUNS,
    );
  });
});
