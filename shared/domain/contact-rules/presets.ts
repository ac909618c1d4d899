import type { Policy } from '../policy/schema.js';
import { CONTACT_PRESETS, type ContactPresetCountry } from './policy-section.js';

/** ISO weekdays as the policy spells them, Monday first (Luxon's `weekday` 1…7 indexes this). */
export const WEEKDAY_CODES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** Allowed local hours of one day, `HH:MM`, half-open `[start, end)`: 07:00–22:00 allows 21:59, not 22:00. */
export interface DayHours {
  readonly start: string;
  readonly end: string;
}

/** What may reach one debtor, and when: the legal preset and the policy's business hours, combined. */
export interface ContactRules {
  /** Allowed hours per ISO weekday 'MON'..'SUN'; a missing day = no contact that day. */
  readonly hours: Readonly<Partial<Record<WeekdayCode, DayHours>>>;
  readonly skipPublicHolidays: boolean;
  /** Contacts per local calendar day of the debtor, all channels together. */
  readonly maxPerDay: number;
  /** Contacts per rolling 7 × 24 h, all channels together. */
  readonly maxPer7Days: number;
  /** CL: at most `count` per calendar week (Mon–Sun, local) and at least `minDaysApart` local calendar days between contacts. */
  readonly weekly?: { readonly count: number; readonly minDaysApart: number };
  /** Where these rules come from, for logs: e.g. 'CO preset ∩ business hours'. */
  readonly source: string;
}

/** A preset sets no cap of its own here; the policy's caps still apply (they are always finite). */
const NO_LEGAL_CAP = Number.POSITIVE_INFINITY;

function everyDay(start: string, end: string, days: readonly WeekdayCode[]): Partial<Record<WeekdayCode, DayHours>> {
  return Object.fromEntries(days.map((day) => [day, { start, end }]));
}

/**
 * The legal contact rules of each supported country, as the issue states them. Holidays are those of
 * the debtor's country (shared/domain/planning/public-holidays.json).
 *
 * - MX (CONDUSEF, despachos de cobranza): 07:00–22:00 every day.
 * - CO (Ley 2300 de 2023): Mon–Fri 07:00–19:00, Sat 08:00–15:00, never Sundays or holidays, one contact a day.
 * - PE: Mon–Fri 07:00–20:00, no weekends or holidays.
 * - CL (Ley 19.496 art. 37): Mon–Sat 08:00–20:00, at most two electronic messages a week, two days apart.
 * - US (FDCPA): 08:00–21:00 local.
 */
export const COUNTRY_PRESETS: Readonly<Record<ContactPresetCountry, Omit<ContactRules, 'source'>>> = {
  MX: {
    hours: everyDay('07:00', '22:00', WEEKDAY_CODES),
    skipPublicHolidays: false,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
  },
  CO: {
    hours: { ...everyDay('07:00', '19:00', ['MON', 'TUE', 'WED', 'THU', 'FRI']), SAT: { start: '08:00', end: '15:00' } },
    skipPublicHolidays: true,
    maxPerDay: 1,
    maxPer7Days: NO_LEGAL_CAP,
  },
  PE: {
    hours: everyDay('07:00', '20:00', ['MON', 'TUE', 'WED', 'THU', 'FRI']),
    skipPublicHolidays: true,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
  },
  CL: {
    hours: everyDay('08:00', '20:00', ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']),
    skipPublicHolidays: false,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
    // "At least two days apart": the local calendar dates differ by two or more (Monday → Wednesday).
    weekly: { count: 2, minDaysApart: 2 },
  },
  US: {
    hours: everyDay('08:00', '21:00', WEEKDAY_CODES),
    skipPublicHolidays: false,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
  },
};

/**
 * The effective rules for one debtor: the preset (`policy.contactRules.preset`; `auto` = the debtor's
 * country's, none for other countries) intersected with `policy.contactWindow` when
 * `businessHoursOnly` (or when there is no preset), caps = the stricter of preset and
 * `policy.contactRules.caps`.
 *
 * When business hours and the preset have no moment in common (a window on Sundays only, and CO), the
 * preset alone applies: the law is the hard limit, business hours a preference that cannot be met,
 * and a debtor who can never be reminded is worse than one reminded at a legal hour. `source` says so.
 *
 * @example
 * contactRulesFor(defaultPolicy, 'CO').hours.SAT // undefined: business hours are Mon–Fri
 * contactRulesFor(defaultPolicy, 'CO').source    // 'CO preset ∩ business hours'
 * contactRulesFor(defaultPolicy, 'AR').source    // 'business hours (no preset for AR)'
 */
export function contactRulesFor(policy: Policy, country: string | undefined): ContactRules {
  const { preset: setting, businessHoursOnly, caps } = policy.contactRules;
  const preset = presetCountry(setting, country);
  const window = rulesFromWindow(policy.contactWindow, 'business hours');
  const policyCaps = { maxPerDay: caps.perDay, maxPer7Days: caps.per7Days };

  if (preset === undefined) {
    const why = setting === 'none' ? 'preset none' : `no preset for ${country?.toUpperCase() || 'an unknown country'}`;
    return { ...window, ...policyCaps, source: `business hours (${why})` };
  }

  const legal = COUNTRY_PRESETS[preset];
  const stricter = {
    maxPerDay: Math.min(legal.maxPerDay, policyCaps.maxPerDay),
    maxPer7Days: Math.min(legal.maxPer7Days, policyCaps.maxPer7Days),
    ...(legal.weekly ? { weekly: legal.weekly } : {}),
  };
  if (!businessHoursOnly) return { hours: legal.hours, skipPublicHolidays: legal.skipPublicHolidays, ...stricter, source: `${preset} preset` };

  const hours = intersectHours(legal.hours, window.hours);
  if (Object.keys(hours).length === 0) {
    return {
      hours: legal.hours,
      skipPublicHolidays: legal.skipPublicHolidays || window.skipPublicHolidays,
      ...stricter,
      source: `${preset} preset (business hours never overlap it)`,
    };
  }
  return {
    hours,
    skipPublicHolidays: legal.skipPublicHolidays || window.skipPublicHolidays,
    ...stricter,
    source: `${preset} preset ∩ business hours`,
  };
}

/**
 * A policy's contact window as rules: the same hours on each listed day, no caps. Used for preset
 * `none` and by the planning code that speaks in windows (shared/domain/planning/contact-window.ts).
 *
 * @example
 * rulesFromWindow({ days: ['MON'], start: '08:00', end: '19:00', skipPublicHolidays: true }).hours // { MON: { start: '08:00', end: '19:00' } }
 */
export function rulesFromWindow(window: Policy['contactWindow'], source = 'contact window'): ContactRules {
  return {
    hours: everyDay(window.start, window.end, window.days),
    skipPublicHolidays: window.skipPublicHolidays,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
    source,
  };
}

function presetCountry(setting: Policy['contactRules']['preset'], country: string | undefined): ContactPresetCountry | undefined {
  if (setting === 'none') return undefined;
  if (setting !== 'auto') return setting;
  const upper = country?.toUpperCase();
  return CONTACT_PRESETS.find((code) => code === upper);
}

/** Per day: the later start and the earlier end; a day missing on either side, or left empty, is dropped. */
function intersectHours(a: ContactRules['hours'], b: ContactRules['hours']): Partial<Record<WeekdayCode, DayHours>> {
  const result: Partial<Record<WeekdayCode, DayHours>> = {};
  for (const day of WEEKDAY_CODES) {
    const left = a[day];
    const right = b[day];
    if (!left || !right) continue;
    const start = left.start > right.start ? left.start : right.start; // 'HH:MM' compares as text
    const end = left.end < right.end ? left.end : right.end;
    if (start < end) result[day] = { start, end };
  }
  return result;
}
