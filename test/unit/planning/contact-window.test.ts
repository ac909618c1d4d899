import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInsideContactWindow, nextAllowedInstant } from '../../../shared/domain/planning/contact-window.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy } from '../../../shared/domain/policy/schema.js';
import { COUNTRIES, ODD_ZONES, ZONES_BY_COUNTRY, nowArb, oracleInside, policyArb } from './arbitraries.js';

const window = defaultPolicy.contactWindow;
const CDMX = 'America/Mexico_City'; // UTC-6 all year since 2022

describe('isInsideContactWindow', () => {
  it('allows a weekday between start (inclusive) and end (exclusive) in the debtor zone', () => {
    expect(isInsideContactWindow(new Date('2026-12-14T14:00:00Z'), window, CDMX, 'MX')).toBe(true); // Mon 08:00
    expect(isInsideContactWindow(new Date('2026-12-14T13:59:59Z'), window, CDMX, 'MX')).toBe(false); // 07:59:59
    expect(isInsideContactWindow(new Date('2026-12-15T00:59:59Z'), window, CDMX, 'MX')).toBe(true); // 18:59:59
    expect(isInsideContactWindow(new Date('2026-12-15T01:00:00Z'), window, CDMX, 'MX')).toBe(false); // 19:00
  });

  it('refuses weekends and public holidays of the country, but not of another country', () => {
    expect(isInsideContactWindow(new Date('2026-12-12T16:00:00Z'), window, CDMX, 'MX')).toBe(false); // Saturday
    expect(isInsideContactWindow(new Date('2026-09-16T16:00:00Z'), window, CDMX, 'MX')).toBe(false); // Independencia
    expect(isInsideContactWindow(new Date('2026-09-16T16:00:00Z'), window, CDMX, 'CO')).toBe(true);
    expect(isInsideContactWindow(new Date('2026-09-16T16:00:00Z'), window, CDMX)).toBe(true);
  });

  it('ignores holidays when the policy says so', () => {
    const always = { ...window, skipPublicHolidays: false };
    expect(isInsideContactWindow(new Date('2026-09-16T16:00:00Z'), always, CDMX, 'MX')).toBe(true);
  });
});

describe('nextAllowedInstant', () => {
  it('returns the instant itself when it is inside the window', () => {
    const from = new Date('2026-12-14T16:23:45.678Z');
    expect(nextAllowedInstant(from, window, CDMX, 'MX')).toEqual(from);
  });

  it('moves Friday 20:00 to Monday 08:00', () => {
    // Friday 2026-12-11 20:00 in Mexico City is 2026-12-12T02:00Z.
    expect(nextAllowedInstant(new Date('2026-12-12T02:00:00Z'), window, CDMX, 'MX').toISOString()).toBe('2026-12-14T14:00:00.000Z');
  });

  it('moves an early morning to the opening of the same day', () => {
    expect(nextAllowedInstant(new Date('2026-12-14T12:10:00Z'), window, CDMX, 'MX').toISOString()).toBe('2026-12-14T14:00:00.000Z');
  });

  it.each([
    ['Independencia (Wed 16 Sep)', '2026-09-16T15:00:00Z', '2026-09-17T14:00:00.000Z'],
    ['Navidad (Fri 25 Dec) → Monday', '2026-12-25T15:00:00Z', '2026-12-28T14:00:00.000Z'],
    ['Año Nuevo (Fri 1 Jan 2027) → Monday', '2027-01-01T15:00:00Z', '2027-01-04T14:00:00.000Z'],
    ['Benito Juárez (Mon 16 Mar)', '2026-03-16T15:00:00Z', '2026-03-17T14:00:00.000Z'],
    ['Revolución (Mon 16 Nov)', '2026-11-16T15:00:00Z', '2026-11-17T14:00:00.000Z'],
  ])('skips the Mexican holiday %s to the next business day', (_name, from, expected) => {
    expect(nextAllowedInstant(new Date(from), window, CDMX, 'MX').toISOString()).toBe(expected);
  });

  it('keeps local wall-clock time across the Chilean DST change (America/Santiago)', () => {
    // Chile springs forward at midnight on Sunday 2026-09-06: Friday 20:00 (UTC-4) → Monday 08:00 (UTC-3).
    expect(nextAllowedInstant(new Date('2026-09-05T00:00:00Z'), window, 'America/Santiago', 'CL').toISOString()).toBe(
      '2026-09-07T11:00:00.000Z',
    );
    // A window opening at midnight, on the day midnight does not exist, opens at 01:00.
    const sundays: Policy['contactWindow'] = { days: ['SUN'], start: '00:00', end: '12:00', skipPublicHolidays: true };
    expect(nextAllowedInstant(new Date('2026-09-05T12:00:00Z'), sundays, 'America/Santiago', 'CL').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('opens at the end of a clock change that skips the window\'s first minutes, not the gap\'s length later', () => {
    // Easter Island jumps from 22:00 to 23:00 (UTC−6 → UTC−5) on Saturday 2025-09-06: 22:01 never
    // happens there; the window 22:01–23:02 opens when the clock shows 23:00 (04:00 UTC), not at 23:01.
    const saturdayNight: Policy['contactWindow'] = { days: ['SAT'], start: '22:01', end: '23:02', skipPublicHolidays: false };
    expect(nextAllowedInstant(new Date('2025-08-31T05:02:00Z'), saturdayNight, 'Pacific/Easter').toISOString()).toBe('2025-09-07T04:00:00.000Z');
  });

  it('computes in UTC for an unknown zone', () => {
    expect(nextAllowedInstant(new Date('2026-12-12T02:00:00Z'), window, 'Not/A_Zone').toISOString()).toBe('2026-12-14T08:00:00.000Z');
  });

  it('is ≥ from, inside the window, and the earliest such instant (property)', () => {
    const zones = [...Object.values(ZONES_BY_COUNTRY).flat(), ...ODD_ZONES];
    fc.assert(
      fc.property(
        nowArb,
        policyArb,
        fc.constantFrom(...zones),
        fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
        (from, policy, zone, country) => {
          const w = policy.contactWindow;
          const next = nextAllowedInstant(from, w, zone, country);
          expect(next.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(oracleInside(next, w, zone, country)).toBe(true);
          expect(isInsideContactWindow(next, w, zone, country)).toBe(true);
          if (next.getTime() > from.getTime()) {
            // Not inside at `from`, and the minute before the answer is not an allowed moment after `from`.
            expect(oracleInside(from, w, zone, country)).toBe(false);
            const before = new Date(next.getTime() - 60_000);
            expect(before.getTime() < from.getTime() || !oracleInside(before, w, zone, country)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
