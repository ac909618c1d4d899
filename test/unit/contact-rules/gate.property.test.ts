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
/** Zones a debtor of unknown state may be in (a few of each country, typed here, not read from ingest). */
const CANDIDATES_OF = {
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'Pacific/Honolulu'],
  MX: ['America/Tijuana', 'America/Hermosillo', 'America/Mexico_City', 'America/Cancun', 'America/Matamoros'],
} as const;
const CANDIDATE_ZONES = [...CANDIDATES_OF.US, ...CANDIDATES_OF.MX];

type Step =
  | { readonly kind: 'request'; readonly gapMs: number; readonly invoices: readonly string[]; readonly channel: Channel; readonly redeliver: boolean; readonly notAfterMs?: number }
  | { readonly kind: 'pause'; readonly gapMs: number; readonly hours: number };

interface Scenario {
  readonly country: PresetCountry;
  readonly zone: string;
  /** Account.zoneCandidates: sometimes set for the multi-zone countries. */
  readonly zoneCandidates: readonly string[] | undefined;
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
    per7Days: fc.integer({ min: 1, max: 6 }),
    start: nowArb,
    maxDeferralDays: fc.integer({ min: 0, max: 7 }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 25 }),
    candidates: fc.option(fc.subarray([...CANDIDATE_ZONES], { minLength: 1 }), { nil: undefined }),
  })
  .map(({ country, zonePick, window, preset, businessHoursOnly, per7Days, start, maxDeferralDays, steps, candidates }) => {
    // caps.perDay is 1 by the policy schema: one collection message a day.
    const contactRules = { ...defaultPolicy.contactRules, preset: preset === 'auto' ? ('auto' as const) : country, businessHoursOnly, caps: { perDay: 1, per7Days } };
    const zoneCandidates = country === 'US' || country === 'MX' ? candidates?.filter((zone) => (CANDIDATES_OF[country] as readonly string[]).includes(zone)) : undefined;
    return {
      country,
      zone: ZONES[country][zonePick % ZONES[country].length]!,
      zoneCandidates: zoneCandidates && zoneCandidates.length > 0 ? zoneCandidates : undefined,
      policy: { ...defaultPolicy, contactWindow: window, contactRules },
      start,
      maxDeferralDays,
      steps,
    };
  });

interface Sent {
  readonly at: Date;
  readonly channel: Channel;
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
      observed.sends.push({ at: input.now, channel: input.request.channel, invoiceNumbers: decision.invoiceNumbers });
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
      ...(scenario.zoneCandidates ? { zoneCandidates: scenario.zoneCandidates } : {}),
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
  it("never sends outside the country's preset hours, days and holidays, in the debtor's zone and every candidate zone", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const sent of play(scenario).sends) {
          for (const zone of [scenario.zone, ...(scenario.zoneCandidates ?? [])]) {
            expect(oraclePresetAllows(sent.at, scenario.country, zone, scenario.country)).toBe(true);
            expect(oracleAllowed(sent.at, scenario.policy, zone, scenario.country)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('never sends twice on a local day, nor more than the policy allows in any 7 × 24 h', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { sends } = play(scenario);
        const days = sends.map((sent) => localDay(sent.at, scenario.zone));
        expect(new Set(days).size).toBe(days.length);
        // For each send t: the sends whose instant lies in (t − 7 days, t].
        for (const t of sends) {
          const window = sends.filter((s) => s.at.getTime() > t.at.getTime() - 7 * DAY && s.at.getTime() <= t.at.getTime());
          expect(window.length).toBeLessThanOrEqual(scenario.policy.contactRules.caps.per7Days);
        }
      }),
      RUNS,
    );
  });

  it('CL (Ley 19.496 art. 37): at most two in any 7 days, each two calendar days and 48 hours after the one before', () => {
    fc.assert(
      fc.property(scenarioArb.filter((s) => s.country === 'CL'), (scenario) => {
        const { sends } = play(scenario);
        for (const t of sends) {
          expect(sends.filter((s) => s.at.getTime() > t.at.getTime() - 7 * DAY && s.at.getTime() <= t.at.getTime()).length).toBeLessThanOrEqual(2);
        }
        for (let i = 1; i < sends.length; i += 1) {
          const [before, after] = [sends[i - 1]!, sends[i]!];
          const dates = DateTime.fromISO(localDay(after.at, scenario.zone)).diff(DateTime.fromISO(localDay(before.at, scenario.zone)), 'days').days;
          expect(dates).toBeGreaterThanOrEqual(2);
          expect(after.at.getTime() - before.at.getTime()).toBeGreaterThanOrEqual(2 * DAY);
        }
      }),
      RUNS,
    );
  });

  it('CO (Ley 2300 de 2023 art. 3): any two contacts less than 7 days apart went on the same channel', () => {
    fc.assert(
      fc.property(scenarioArb.filter((s) => s.country === 'CO'), (scenario) => {
        const { sends } = play(scenario);
        for (const a of sends) {
          for (const b of sends) {
            if (Math.abs(a.at.getTime() - b.at.getTime()) < 7 * DAY) expect({ a: a.channel, b: b.channel }).toEqual({ a: a.channel, b: a.channel });
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
