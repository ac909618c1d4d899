/**
 * fast-check generators and an independent oracle for the planning property tests. The oracle reads
 * date-holidays and Luxon directly, so a bug in the code under test cannot hide behind itself.
 */
import Holidays from 'date-holidays';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { WEEKDAYS, type Policy } from '../../../shared/domain/policy/schema.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';

export const COUNTRIES = ['MX', 'CO', 'PE', 'CL', 'US', 'AR', 'BR'] as const;
export type Country = (typeof COUNTRIES)[number];

export const ZONES_BY_COUNTRY: Readonly<Record<Country, readonly string[]>> = {
  MX: ['America/Mexico_City', 'America/Tijuana', 'America/Cancun'],
  CO: ['America/Bogota'],
  PE: ['America/Lima'],
  CL: ['America/Santiago', 'Pacific/Easter'],
  US: ['America/New_York', 'America/Los_Angeles', 'America/Chicago'],
  AR: ['America/Argentina/Buenos_Aires'],
  BR: ['America/Sao_Paulo', 'America/Manaus'],
};
/** Zones that do odd things: half-hour DST, no DST, and a name that is not a zone (→ UTC). */
export const ODD_ZONES = ['Australia/Lord_Howe', 'Asia/Kolkata', 'UTC', 'Not/A_Zone', ''] as const;

const CURRENCIES = ['MXN', 'COP', 'PEN', 'CLP', 'USD', 'ARS', 'BRL'] as const;
const MS_PER_DAY = 86_400_000;

export const nowArb = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T23:59:59Z'), noInvalidDate: true });

export const accountArb: fc.Arbitrary<Account> = fc
  .record({
    country: fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
    zonePick: fc.nat(),
    oddZone: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 5 },
      { arbitrary: fc.constantFrom(...ODD_ZONES), weight: 1 },
    ),
    locale: fc.constantFrom('es-MX', 'es-CO', 'es', 'en-US', 'pt-BR'),
    id: fc.integer({ min: 1, max: 99_999 }).map((n) => `C-${n}`),
  })
  .map(({ country, zonePick, oddZone, locale, id }) => {
    const zones = country ? ZONES_BY_COUNTRY[country] : Object.values(ZONES_BY_COUNTRY).flat();
    const timezone = oddZone ?? zones[zonePick % zones.length] ?? 'UTC';
    return { accountId: id, name: `Cliente ${id}`, timezone, locale, ...(country ? { country } : {}) };
  });

/** An invoice due within ±200 days of `now`, any status, balance sometimes 0 or huge. */
export function invoiceArb(accountId: string, now: Date): fc.Arbitrary<Invoice> {
  return fc
    .record({
      dueIn: fc.integer({ min: -200, max: 200 }),
      number: fc.tuple(fc.constantFrom('F', 'FAC', 'INV'), fc.nat(999_999)).map(([prefix, n]) => `${prefix}-${n}`),
      currency: fc.constantFrom(...CURRENCIES),
      amount: fc.integer({ min: 1, max: 5_000_000_000_000 }),
      paidShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
      status: fc.constantFrom('open', 'open', 'open', 'open', 'open', 'open', 'paid', 'cancelled'),
    })
    .map(({ dueIn, number, currency, amount, paidShare, status }) => ({
      accountId,
      invoiceNumber: number,
      currency,
      amount,
      balance: Math.round(amount * (1 - paidShare)),
      dueDate: new Date(now.getTime() + dueIn * MS_PER_DAY).toISOString().slice(0, 10),
      status: status as Invoice['status'],
    }));
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The default policy, or a variant with another window, send time and catch-all cadence. */
export const policyArb: fc.Arbitrary<Policy> = fc.oneof(
  fc.constant(defaultPolicy),
  fc
    .record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      start: fc.integer({ min: 0, max: 23 * 60 }),
      length: fc.integer({ min: 1, max: 24 * 60 }),
      sendTime: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      skipPublicHolidays: fc.boolean(),
      catchUp: fc.boolean(),
      offsets: fc.uniqueArray(fc.integer({ min: -30, max: 120 }), { minLength: 0, maxLength: 8 }),
      tone: fc.constantFrom('friendly', 'firm', 'formal'),
    })
    .map(({ days, start, length, sendTime, skipPublicHolidays, catchUp, offsets, tone }) => {
      const end = Math.min(start + length, 24 * 60 - 1);
      // Built valid by construction instead of through parsePolicy: parsing (with its template checks)
      // costs ~20 ms, and a property test builds thousands of these.
      const draft = structuredClone(defaultPolicy) as { -readonly [K in keyof Policy]: Policy[K] };
      draft.contactWindow = { days, start: hhmm(start), end: hhmm(Math.max(end, start + 1)), skipPublicHolidays };
      draft.sendTime = hhmm(sendTime);
      const last = draft.segments.at(-1)!;
      last.catchUp = catchUp;
      last.cadence = offsets.map((offsetDays) => ({
        id: `s${offsetDays}`,
        offsetDays,
        channel: 'email' as const,
        template: offsetDays < 0 ? 'upcoming' : offsetDays === 0 ? 'due-today' : 'overdue',
        tone,
      }));
      return draft as Policy;
    }),
);

const calendars = new Map<string, Set<string>>();
/** First Sundays of June of the Mexican federal election years (LGIPE art. 22), written out. */
const MX_ELECTION_SUNDAYS: Readonly<Record<number, string>> = { 2027: '2027-06-06', 2030: '2030-06-02', 2033: '2033-06-05', 2036: '2036-06-01', 2039: '2039-06-05' };

/**
 * Oracle: the public holidays of a country in a year, from date-holidays with the days the law adds
 * where date-holidays lags (public-holidays-law.test.ts checks them against the laws): CL Sábado Santo
 * (Ley 2.977), MX 1 October instead of 1 December every six years from 2024 (LFT art. 74 VII) and the
 * federal election Sundays (LFT art. 74 IX), the observed US Veterans Day (5 U.S.C. 6103(b)).
 */
export function publicHolidays(country: string, year: number): Set<string> {
  const key = `${country}:${year}`;
  let dates = calendars.get(key);
  if (!dates) {
    const listed = new Holidays(country).getHolidays(year);
    dates = new Set(listed.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    if (country === 'CL') {
      const goodFriday = listed.find((h) => h.rule === 'easter -2');
      if (goodFriday) dates.add(new Date(Date.parse(`${goodFriday.date.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    }
    if (country === 'MX' && year >= 2024 && (year - 2024) % 6 === 0) {
      dates.delete(`${year}-12-01`);
      dates.add(`${year}-10-01`);
    }
    const election = country === 'MX' ? MX_ELECTION_SUNDAYS[year] : undefined;
    if (election) dates.add(election);
    if (country === 'US') {
      const veterans = new Date(Date.UTC(year, 10, 11)).getUTCDay();
      if (veterans === 6) dates.add(`${year}-11-10`);
      if (veterans === 0) dates.add(`${year}-11-12`);
    }
    calendars.set(key, dates);
  }
  return dates;
}

/** Oracle: whether `instant` is an allowed contact moment, computed independently of the planner. */
export function oracleInside(instant: Date, window: Policy['contactWindow'], timezone: string, country?: string): boolean {
  const zone = DateTime.now().setZone(timezone).isValid && timezone !== '' ? timezone : 'UTC';
  const local = DateTime.fromJSDate(instant, { zone });
  const day = WEEKDAYS[local.weekday - 1];
  if (!day || !window.days.includes(day)) return false;
  const minute = local.hour * 60 + local.minute;
  const [sh, sm] = window.start.split(':').map(Number) as [number, number];
  const [eh, em] = window.end.split(':').map(Number) as [number, number];
  if (minute < sh * 60 + sm || minute >= eh * 60 + em) return false;
  return !(window.skipPublicHolidays && country && publicHolidays(country, local.year).has(local.toISODate() ?? ''));
}
