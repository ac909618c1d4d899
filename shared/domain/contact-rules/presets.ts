import type { ContactPolicy } from '../policy/contact-window-section.js';
import type { Policy } from '../policy/schema.js';
import type { DebtorType } from '../types.js';
import { LEGAL_BASIS } from './legal-basis.js';
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
  /**
   * CL: at most `count` contacts in any rolling 7 × 24 h, and at least `minDaysApart` days between two
   * contacts, counted both ways: local calendar dates `minDaysApart` apart and `minDaysApart` × 24 h.
   */
  readonly weekly?: { readonly count: number; readonly minDaysApart: number };
  /** CO: once contacted, every contact of any rolling 7 × 24 h goes on one channel. */
  readonly oneChannelPer7Days?: boolean;
  /** CO: only the channels the debtor authorised (the account's `channels`; none on file: email only). */
  readonly authorisedChannelsOnly?: boolean;
  /** Where these rules come from, for logs: e.g. 'CO preset ∩ business hours; law for a consumer'. */
  readonly source: string;
}

/** A preset sets no cap of its own here; the policy's caps still apply (they are always finite). */
const NO_LEGAL_CAP = Number.POSITIVE_INFINITY;

function everyDay(start: string, end: string, days: readonly WeekdayCode[]): Partial<Record<WeekdayCode, DayHours>> {
  return Object.fromEntries(days.map((day) => [day, { start, end }]));
}

/**
 * The legal contact rules of each supported country (docs/contact-law.md has the table and sources).
 * Holidays are those of the debtor's country (shared/domain/planning/public-holidays.json). Where a
 * law speaks of calls and visits only, the preset applies it to every channel: the stricter reading.
 */
export const COUNTRY_PRESETS: Readonly<Record<ContactPresetCountry, Omit<ContactRules, 'source'>>> = {
  // CONDUSEF, disposiciones en materia de despachos de cobranza (DOF 2014): collection contacts only
  // between 07:00 and 22:00 in the debtor's time zone. No day or holiday rule of its own.
  MX: {
    hours: everyDay('07:00', '22:00', WEEKDAY_CODES),
    skipPublicHolidays: false,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
  },
  // Ley 2300 de 2023 art. 3: Monday–Friday 07:00–19:00, Saturday 08:00–15:00, never on Sundays or
  // holidays; once contact is made, not more than once a day and not by several channels in the same
  // week. Art. 2: only through the channels the debtor authorised.
  CO: {
    hours: { ...everyDay('07:00', '19:00', ['MON', 'TUE', 'WED', 'THU', 'FRI']), SAT: { start: '08:00', end: '15:00' } },
    skipPublicHolidays: true,
    maxPerDay: 1,
    maxPer7Days: NO_LEGAL_CAP,
    // "The same week" read as any rolling 7 × 24 h, not the calendar week: every pair of contacts of
    // one calendar week is also less than 7 days apart, and Saturday email → Monday WhatsApp is not,
    // so the rolling reading forbids all the calendar one does and more (the conservative reading).
    oneChannelPer7Days: true,
    authorisedChannelsOnly: true,
  },
  // Ley 29571 (Código de Protección y Defensa del Consumidor) art. 62 b: no visits or calls between
  // 20:00 and 07:00, nor on Saturdays, Sundays or holidays.
  PE: {
    hours: everyDay('07:00', '20:00', ['MON', 'TUE', 'WED', 'THU', 'FRI']),
    skipPublicHolidays: true,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
  },
  // Ley 19.496 art. 37 as amended by Ley 21.320 (2021): Monday–Saturday 08:00–20:00, not on holidays
  // (the días y horas hábiles of CPC art. 59); messages by mail, email, SMS or messaging at most two a
  // week, at least two days apart.
  CL: {
    hours: everyDay('08:00', '20:00', ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']),
    skipPublicHolidays: true,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
    // "A week" as any rolling 7 × 24 h (a calendar week let Sat → Mon → Wed through); "two days
    // apart" as both two calendar dates (Mon → Wed) and 48 hours, whichever comes later.
    weekly: { count: 2, minDaysApart: 2 },
  },
  // FDCPA §805(a)(1) (15 U.S.C. 1692c(a)(1)) and Regulation F §1006.6(b)(1)(i): before 08:00 and after
  // 21:00 local time at the consumer's location is inconvenient. Where the location is unclear, only a
  // time convenient at every possible location (the account's zone candidates) is used.
  US: {
    hours: everyDay('08:00', '21:00', WEEKDAY_CODES),
    skipPublicHolidays: false,
    maxPerDay: NO_LEGAL_CAP,
    maxPer7Days: NO_LEGAL_CAP,
  },
};

/**
 * The effective rules for one debtor: the preset (`policy.contactRules.preset`; `auto` = the debtor's
 * country's, none for other countries) when `presetAppliesTo` names the debtor's type (absent:
 * `business`), intersected with `policy.contactWindow` when `businessHoursOnly` (or when there is no
 * preset), caps = the stricter of preset and `policy.contactRules.caps`. `source` ends with whether
 * the preset is law or policy for this debtor (see LEGAL_BASIS).
 *
 * When business hours and the preset have no moment in common (a window on Sundays only, and CO), the
 * preset alone applies: the law is the hard limit, business hours a preference that cannot be met,
 * and a debtor who can never be reminded is worse than one reminded at a legal hour. `source` says so.
 *
 * @example
 * contactRulesFor(defaultPolicy, 'CO').hours.SAT         // undefined: business hours are Mon–Fri
 * contactRulesFor(defaultPolicy, 'CO', 'consumer').source // 'CO preset ∩ business hours; law for a consumer (Ley 2300 de 2023 arts. 2-3)'
 * contactRulesFor(defaultPolicy, 'AR').source             // 'business hours (no preset for AR)'
 */
export function contactRulesFor(policy: ContactPolicy, country: string | undefined, debtorType: DebtorType = 'business'): ContactRules {
  const { preset: setting, businessHoursOnly, caps, presetAppliesTo } = policy.contactRules;
  const chosen = presetCountry(setting, country);
  const preset = chosen !== undefined && presetAppliesTo.includes(debtorType) ? chosen : undefined;
  const window = rulesFromWindow(policy.contactWindow, 'business hours');
  const policyCaps = { maxPerDay: caps.perDay, maxPer7Days: caps.per7Days };

  if (preset === undefined) {
    const why =
      setting === 'none' ? 'preset none'
      : chosen !== undefined ? `${chosen} preset not applied to a ${debtorType} debtor by policy`
      : `no preset for ${country?.toUpperCase() || 'an unknown country'}`;
    return { ...window, ...policyCaps, source: `business hours (${why})` };
  }

  const legal = COUNTRY_PRESETS[preset];
  const basis = `${LEGAL_BASIS[preset].status[debtorType]} (${LEGAL_BASIS[preset].citation})`;
  const stricter = {
    maxPerDay: Math.min(legal.maxPerDay, policyCaps.maxPerDay),
    maxPer7Days: Math.min(legal.maxPer7Days, policyCaps.maxPer7Days),
    ...(legal.weekly ? { weekly: legal.weekly } : {}),
    ...(legal.oneChannelPer7Days ? { oneChannelPer7Days: true } : {}),
    ...(legal.authorisedChannelsOnly ? { authorisedChannelsOnly: true } : {}),
  };
  if (!businessHoursOnly) return { hours: legal.hours, skipPublicHolidays: legal.skipPublicHolidays, ...stricter, source: `${preset} preset; ${basis}` };

  const hours = intersectHours(legal.hours, window.hours);
  if (Object.keys(hours).length === 0) {
    return {
      hours: legal.hours,
      skipPublicHolidays: legal.skipPublicHolidays || window.skipPublicHolidays,
      ...stricter,
      source: `${preset} preset (business hours never overlap it); ${basis}`,
    };
  }
  return {
    hours,
    skipPublicHolidays: legal.skipPublicHolidays || window.skipPublicHolidays,
    ...stricter,
    source: `${preset} preset ∩ business hours; ${basis}`,
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
