import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextAllowedInstant } from '../../../shared/domain/planning/contact-window.js';
import { planReminders, type PlanInput } from '../../../shared/domain/planning/planner.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy, PolicyInput } from '../../../shared/domain/policy/schema.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import { oracleAllowed, oraclePresetAllows, PRESET_COUNTRIES, ZONES } from '../contact-rules/oracle.js';
import { policyArb } from '../contact-rules/arbitraries.js';
import { invoiceArb, nowArb } from './arbitraries.js';

const colombian: Account = { accountId: 'C-CO', name: 'Distribuidora Andina', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO' };
const invoice: Invoice = {
  accountId: 'C-CO',
  invoiceNumber: 'F-2001',
  currency: 'COP',
  amount: 150_000_000,
  balance: 150_000_000,
  dueDate: '2026-12-12',
  status: 'open',
};

function withPolicy(base: Policy, change: (draft: PolicyInput) => void): Policy {
  const draft: PolicyInput = structuredClone(base);
  change(draft);
  const parsed = parsePolicy(draft);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
}

/** Only the due-date step, so one reminder shows where the rules put it. */
const dueDateOnly = withPolicy(defaultPolicy, (p) => {
  p.segments = [{ id: 'only', match: {}, cadence: [{ id: 'd0', offsetDays: 0, template: 'due-today', tone: 'friendly' }] }];
});
const coLegalHours = withPolicy(dueDateOnly, (p) => (p.contactRules = { preset: 'CO', businessHoursOnly: false }));

function sendAt(policy: Policy, dueDate: string, account: Account = colombian): string | undefined {
  const plan = planReminders({ account, invoice: { ...invoice, dueDate }, policy, now: new Date('2026-11-01T00:00:00Z'), hasHistory: true });
  return plan[0]?.sendAt;
}

describe('planReminders with contact-rule presets', () => {
  it.each([
    ['Saturday 09:00 stays (CO allows Sat 08:00–15:00)', '2026-12-12', '09:00', '2026-12-12T14:00:00.000Z'],
    ['Saturday 16:00 waits for Monday 07:00 (never Sundays)', '2026-12-12', '16:00', '2026-12-14T12:00:00.000Z'],
    ['Sunday moves to Monday 07:00', '2026-12-13', '09:00', '2026-12-14T12:00:00.000Z'],
    ['Monday 06:30 moves to the legal opening, 07:00', '2026-12-14', '06:30', '2026-12-14T12:00:00.000Z'],
    ['Inmaculada Concepción (Tue 8 Dec) moves to Wednesday 07:00', '2026-12-08', '09:00', '2026-12-09T12:00:00.000Z'],
    ['Navidad (Fri 25 Dec) moves to Saturday 08:00', '2026-12-25', '09:00', '2026-12-26T13:00:00.000Z'],
  ])('preset CO without business hours: %s', (_case, dueDate, sendTime, expected) => {
    expect(sendAt(withPolicy(coLegalHours, (p) => (p.sendTime = sendTime)), dueDate)).toBe(expected);
  });

  it('keeps business hours inside the preset by default: a Saturday step waits for Monday 08:00', () => {
    expect(sendAt(dueDateOnly, '2026-12-12')).toBe('2026-12-14T13:00:00.000Z');
  });

  it('keeps business hours inside the preset: a weekend window gives Saturday 09:00–15:00 only in Colombia', () => {
    const weekends = withPolicy(dueDateOnly, (p) => {
      p.contactWindow = { days: ['SAT', 'SUN'], start: '09:00', end: '17:00' };
      p.sendTime = '14:00';
    });
    expect(sendAt(weekends, '2026-12-12')).toBe('2026-12-12T19:00:00.000Z'); // Sat 14:00
    expect(sendAt(withPolicy(weekends, (p) => (p.sendTime = '16:00')), '2026-12-12')).toBe('2026-12-19T14:00:00.000Z'); // next Sat 09:00
  });

  it('with preset none keeps the business hours alone: Sunday 06:00 is fine when the window says so', () => {
    const always = withPolicy(dueDateOnly, (p) => {
      p.contactWindow = { days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], start: '06:00', end: '23:00', skipPublicHolidays: false };
      p.sendTime = '06:00';
      p.contactRules = { preset: 'none' };
    });
    expect(sendAt(always, '2026-12-13')).toBe('2026-12-13T11:00:00.000Z'); // Sunday 06:00 in Bogotá
    expect(sendAt(always, '2026-12-08')).toBe('2026-12-08T11:00:00.000Z'); // Inmaculada, holidays not skipped
    // The same window under the automatic preset: CO forbids Sundays and opens at 07:00.
    const auto = withPolicy(always, (p) => (p.contactRules = { preset: 'auto' }));
    expect(sendAt(auto, '2026-12-13')).toBe('2026-12-14T12:00:00.000Z');
  });

  it('applies the debtor country preset with auto: 21:30 is fine in New York, not in Lima', () => {
    const late = withPolicy(dueDateOnly, (p) => {
      p.contactWindow = { days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], start: '06:00', end: '23:00', skipPublicHolidays: false };
      p.sendTime = '20:30';
    });
    const american: Account = { ...colombian, country: 'US', timezone: 'America/New_York' };
    const peruvian: Account = { ...colombian, country: 'PE', timezone: 'America/Lima' };
    expect(sendAt(late, '2026-12-14', american)).toBe('2026-12-15T01:30:00.000Z'); // Mon 20:30 EST
    expect(sendAt(late, '2026-12-14', peruvian)).toBe('2026-12-15T12:00:00.000Z'); // Tue 07:00
  });

  it('never plans outside the preset, never on a Sunday or holiday for CO, whatever the policy (property)', () => {
    const debtorArb = fc
      .tuple(fc.constantFrom(...PRESET_COUNTRIES), fc.nat())
      .map(([country, pick]): Account => ({ accountId: 'C-1', name: 'Cliente', country, timezone: ZONES[country][pick % ZONES[country].length]!, locale: 'es' }));
    const inputArb: fc.Arbitrary<PlanInput> = fc
      .tuple(debtorArb, nowArb, policyArb, fc.boolean())
      .chain(([account, now, policy, hasHistory]) => invoiceArb(account.accountId, now).map((inv) => ({ account, invoice: inv, policy, now, hasHistory })));
    fc.assert(
      fc.property(inputArb, (input) => {
        const { account, policy } = input;
        const preset = policy.contactRules.preset;
        for (const reminder of planReminders(input)) {
          const at = new Date(reminder.sendAt);
          expect(oracleAllowed(at, policy, account.timezone, account.country)).toBe(true);
          if (preset !== 'none') {
            const legal = preset === 'auto' ? (account.country as (typeof PRESET_COUNTRIES)[number]) : preset;
            expect(oraclePresetAllows(at, legal, account.timezone, account.country)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with preset none, moves each step exactly as the contact window did (property)', () => {
    const noneArb = policyArb.map((policy): Policy => ({ ...policy, contactRules: { ...policy.contactRules, preset: 'none' } }));
    const inputArb = fc
      .tuple(fc.constantFrom(...PRESET_COUNTRIES), nowArb, noneArb)
      .chain(([country, now, policy]) =>
        invoiceArb('C-1', now).map((inv) => ({
          account: { accountId: 'C-1', name: 'Cliente', country, timezone: ZONES[country][0]!, locale: 'es' },
          invoice: inv,
          policy,
          now,
          hasHistory: true, // no catch-up: every reminder is a step at its nominal moment, moved
        })),
      );
    fc.assert(
      fc.property(inputArb, (input) => {
        const { account, policy } = input;
        for (const reminder of planReminders(input)) {
          const day = DateTime.fromISO(input.invoice.dueDate, { zone: 'utc' }).plus({ days: reminder.step.offsetDays });
          const [hour, minute] = policy.sendTime.split(':').map(Number);
          const nominal = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: account.timezone });
          expect(reminder.sendAt).toBe(nextAllowedInstant(nominal.toJSDate(), policy.contactWindow, account.timezone, account.country).toISOString());
        }
      }),
      { numRuns: 300 },
    );
  });
});
