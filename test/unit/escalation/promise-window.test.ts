import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPromiseDate, isCalendarDate, promiseWindow } from '../../../shared/domain/escalation/promise-window.js';

/**
 * Promise dates: real days of the Gregorian calendar, from the debtor's today through
 * `promises.maxDaysAhead`. The oracle is the calendar's rule (30 days hath September…; a leap year is
 * divisible by 4, and not by 100 unless by 400), written here.
 */
const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) => [31, leap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
const iso = (year: number, month: number, day: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

describe('isCalendarDate', () => {
  it('accepts the days the calendar has and refuses the rest (no rolling into the next month)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
        expect(isCalendarDate(iso(year, month, day))).toBe(day <= daysIn(year, month));
      }),
      { numRuns: 2000 },
    );
  });

  it('knows the hard cases and refuses what is not YYYY-MM-DD', () => {
    expect(isCalendarDate('2027-02-31')).toBe(false);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2027-04-31')).toBe(false);
    for (const text of ['2027-13-01', '2027-00-10', '2027-01-00', '2027-2-3', '15/12/2026', '2026-12-15T00:00:00Z', '', 'mañana']) expect(isCalendarDate(text)).toBe(false);
  });
});

describe('promiseWindow', () => {
  it('runs from the debtor\'s today (in their zone) through maxDaysAhead days later', () => {
    // 05:30 UTC on 2 December: still 1 December (23:30) in Mexico City, already the 2nd (00:30) in Bogotá.
    const now = new Date('2026-12-02T05:30:00Z');
    // 1 December + 45 days: 30 to 31 December, 15 more to 15 January.
    expect(promiseWindow(now, 'America/Mexico_City', 45)).toEqual({ from: '2026-12-01', to: '2027-01-15', maxDaysAhead: 45, zone: 'America/Mexico_City' });
    expect(promiseWindow(now, 'America/Bogota', 45)).toMatchObject({ from: '2026-12-02', to: '2027-01-16' });
    // Across a leap day: 15 February 2028 + 30 days is 16 March (29-day February).
    expect(promiseWindow(new Date('2028-02-15T15:00:00Z'), 'America/Mexico_City', 30)).toMatchObject({ from: '2028-02-15', to: '2028-03-16' });
  });
});

describe('checkPromiseDate', () => {
  const window = promiseWindow(new Date('2026-12-01T15:00:00Z'), 'America/Mexico_City', 45);

  it('accepts today through the last day of the window', () => {
    for (const date of ['2026-12-01', '2026-12-24', '2027-01-15']) expect(checkPromiseDate(date, window)).toEqual({ ok: true });
  });

  it('refuses what issue #11 found: a date that pauses forever, one rolled over, one past', () => {
    expect(checkPromiseDate('9999-12-31', window)).toEqual({
      ok: false,
      problem: 'date-too-far',
      message: 'promise date 9999-12-31 is after the last day a promise may name: from 2026-12-01 to 2027-01-15 (45 days ahead, policy promises.maxDaysAhead, in America/Mexico_City)',
    });
    expect(checkPromiseDate('2027-01-16', window)).toMatchObject({ ok: false, problem: 'date-too-far' });
    expect(checkPromiseDate('2027-02-31', window)).toEqual({ ok: false, problem: 'date-invalid', message: 'promise date 2027-02-31 is not a day of the calendar' });
    expect(checkPromiseDate('10/12/2026', window)).toEqual({ ok: false, problem: 'date-invalid', message: "promise date must be YYYY-MM-DD, got '10/12/2026'" });
    expect(checkPromiseDate('2026-11-30', window)).toEqual({ ok: false, problem: 'date-past', message: 'promise date 2026-11-30 is before today (2026-12-01 in America/Mexico_City)' });
  });

  it('without the lower bound (a reply read yesterday) a past day passes, a day beyond the window still does not', () => {
    expect(checkPromiseDate('2026-11-30', window, { notBefore: false })).toEqual({ ok: true });
    expect(checkPromiseDate('2027-03-01', window, { notBefore: false })).toMatchObject({ ok: false, problem: 'date-too-far' });
  });

  it('for any day: accepted exactly when it is a calendar day between from and to', () => {
    const start = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 1, max: 365 }), fc.integer({ min: -400, max: 800 }), (offset, maxDaysAhead, delta) => {
        const from = new Date(start + offset * 86_400_000);
        const w = promiseWindow(new Date(from.getTime() + 18 * 3_600_000), 'America/Mexico_City', maxDaysAhead); // 12:00 in Mexico City
        const date = new Date(from.getTime() + delta * 86_400_000).toISOString().slice(0, 10);
        expect(checkPromiseDate(date, w).ok).toBe(delta >= 0 && delta <= maxDaysAhead);
      }),
      { numRuns: 1000 },
    );
  });
});
