import { isAllowedByRules, nextAllowedByRules } from '../contact-rules/hours.js';
import { rulesFromWindow } from '../contact-rules/presets.js';
import type { Policy } from '../policy/schema.js';

export { minutesOfDay } from '../contact-rules/hours.js';

type ContactWindow = Policy['contactWindow'];

/*
 * A policy's contact window is the simplest set of contact rules (same hours on each listed day, no
 * caps), so these delegate to shared/domain/contact-rules/hours.ts: one calendar walk for windows and
 * presets. The planner itself uses the per-debtor rules (contactRulesFor).
 */

/**
 * Whether a message may go out at `instant`: an allowed weekday, `start` ≤ local time < `end`, and (when
 * `skipPublicHolidays`) not a public holiday of `country`, all in the debtor's zone (UTC if unknown).
 *
 * @example
 * const window = { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '08:00', end: '19:00', skipPublicHolidays: true };
 * isInsideContactWindow(new Date('2026-12-14T15:00:00Z'), window, 'America/Mexico_City', 'MX') // true, Monday 09:00
 */
export function isInsideContactWindow(instant: Date, window: ContactWindow, timezone: string, country?: string): boolean {
  return isAllowedByRules(instant, rulesFromWindow(window), timezone, country);
}

/**
 * The first instant ≥ `from` inside the contact window: `from` itself when it is already inside,
 * otherwise the window's start on the next allowed day. Built from local wall-clock times with Luxon,
 * so a DST change in between moves nothing (08:00 stays 08:00 local).
 *
 * @example
 * // Friday 20:00 in Mexico City → Monday 08:00
 * nextAllowedInstant(new Date('2026-12-12T02:00:00Z'), window, 'America/Mexico_City', 'MX') // 2026-12-14T14:00:00Z
 */
export function nextAllowedInstant(from: Date, window: ContactWindow, timezone: string, country?: string): Date {
  return nextAllowedByRules(from, rulesFromWindow(window), timezone, country);
}
