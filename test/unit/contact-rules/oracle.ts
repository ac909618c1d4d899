/**
 * An independent oracle for the contact-rule tests: the legal presets typed again from the issue text,
 * holidays straight from date-holidays (via the planning oracle), Luxon for local time. A bug in
 * shared/domain/contact-rules cannot hide behind itself here.
 */
import { DateTime } from 'luxon';
import type { Policy } from '../../../shared/domain/policy/schema.js';
import { oracleInside, publicHolidays } from '../planning/arbitraries.js';

type Day = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';
type Hours = readonly [start: number, end: number]; // minutes of the local day, half-open
const h = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const span = (start: string, end: string): Hours => [h(start), h(end)];
const week = (hours: Hours, days: readonly Day[]) => Object.fromEntries(days.map((d) => [d, hours])) as Partial<Record<Day, Hours>>;
const WEEK: readonly Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const MON_FRI: readonly Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

export const PRESET_COUNTRIES = ['MX', 'CO', 'PE', 'CL', 'US'] as const;
export type PresetCountry = (typeof PRESET_COUNTRIES)[number];

/**
 * From the laws (docs/contact-law.md): "MX 07:00–22:00 (CONDUSEF); CO Mon–Fri 07:00–19:00, Sat 08:00–15:00,
 * never Sundays or holidays (Ley 2300 art. 3); PE 07:00–20:00 Mon–Fri, no weekends or holidays (CPDC
 * art. 62); CL Mon–Sat 08:00–20:00, not on holidays (Ley 19.496 art. 37); US 08:00–21:00 (FDCPA §805)."
 */
export const ORACLE_PRESETS: Readonly<Record<PresetCountry, { hours: Partial<Record<Day, Hours>>; holidays: boolean }>> = {
  MX: { hours: week(span('07:00', '22:00'), WEEK), holidays: false },
  CO: { hours: { ...week(span('07:00', '19:00'), MON_FRI), SAT: span('08:00', '15:00') }, holidays: true },
  PE: { hours: week(span('07:00', '20:00'), MON_FRI), holidays: true },
  CL: { hours: week(span('08:00', '20:00'), [...MON_FRI, 'SAT']), holidays: true },
  US: { hours: week(span('08:00', '21:00'), WEEK), holidays: false },
};

export const ZONES: Readonly<Record<PresetCountry, readonly string[]>> = {
  MX: ['America/Mexico_City'],
  CO: ['America/Bogota'],
  PE: ['America/Lima'],
  CL: ['America/Santiago'],
  US: ['America/New_York', 'America/Los_Angeles'],
};

export function oracleZone(timezone: string): string {
  return timezone !== '' && DateTime.now().setZone(timezone).isValid ? timezone : 'UTC';
}

/** Whether the country's legal preset allows a contact at `instant`; holidays of `holidayCountry` (the debtor's). */
export function oraclePresetAllows(instant: Date, preset: PresetCountry, timezone: string, holidayCountry: string | undefined): boolean {
  const local = DateTime.fromJSDate(instant, { zone: oracleZone(timezone) });
  const hours = ORACLE_PRESETS[preset].hours[WEEK[local.weekday - 1]!];
  const minute = local.hour * 60 + local.minute;
  if (!hours || minute < hours[0] || minute >= hours[1]) return false;
  return !(ORACLE_PRESETS[preset].holidays && holidayCountry && publicHolidays(holidayCountry, local.year).has(local.toISODate()!));
}

/** The preset a policy applies to a debtor, or undefined. */
export function oraclePreset(policy: Policy, country: string | undefined): PresetCountry | undefined {
  const setting = policy.contactRules.preset;
  if (setting === 'none') return undefined;
  if (setting !== 'auto') return setting;
  return PRESET_COUNTRIES.find((code) => code === country?.toUpperCase());
}

/** Whether business hours and a preset share any minute of any weekday. */
export function oracleOverlaps(window: Policy['contactWindow'], preset: PresetCountry): boolean {
  return window.days.some((day) => {
    const legal = ORACLE_PRESETS[preset].hours[day];
    return legal !== undefined && Math.max(legal[0], h(window.start)) < Math.min(legal[1], h(window.end));
  });
}

/**
 * The effective calendar rule: business hours alone without a preset; the preset alone when
 * businessHoursOnly is off or business hours never overlap it; otherwise both.
 */
export function oracleAllowed(instant: Date, policy: Policy, timezone: string, country: string | undefined): boolean {
  const business = oracleInside(instant, policy.contactWindow, oracleZone(timezone), country);
  const preset = oraclePreset(policy, country);
  if (!preset) return business;
  const legal = oraclePresetAllows(instant, preset, timezone, country);
  if (!policy.contactRules.businessHoursOnly || !oracleOverlaps(policy.contactWindow, preset)) return legal;
  return legal && business;
}

/** A local wall-clock time (`2026-12-14T07:00`) in `zone` as an instant. */
export function local(wallClock: string, zone: string): Date {
  const instant = DateTime.fromISO(wallClock, { zone });
  if (!instant.isValid) throw new Error(`bad wall clock ${wallClock} in ${zone}`);
  return instant.toJSDate();
}
