import type { ContactState } from '../../ports.js';
import { gateContext, searchAllowed, type GateSubject } from './blockers.js';
import { MAX_DAYS_AHEAD } from './hours.js';
import type { ContactRules } from './presets.js';

const MS_PER_DAY = 86_400_000;

/**
 * The earliest instant ≥ `from` at which rules + history + pause allow one more contact (used for
 * defer): inside the allowed hours of a non-holiday day, after the pause, with room under the daily,
 * rolling 7-day and (CL) weekly caps, and far enough from every recorded contact. Throws a RangeError
 * when there is none within 800 days (rules that allow no day at all).
 *
 * @example
 * // Sunday 10:15 in Bogotá, nothing sent yet, CO preset → Monday 07:00 local
 * nextContactInstant(new Date('2026-12-13T15:15:00Z'), contactRulesFor(policy, 'CO'), 'America/Bogota', 'CO', emptyState)
 */
export function nextContactInstant(
  from: Date,
  rules: ContactRules,
  timezone: string,
  country: string | undefined,
  state: ContactState,
  subject: GateSubject = {},
): Date {
  const found = searchAllowed(from.getTime(), gateContext(rules, timezone, country, state, subject), from.getTime() + MAX_DAYS_AHEAD * MS_PER_DAY);
  if (found === undefined) throw new RangeError(`no allowed contact time within ${MAX_DAYS_AHEAD} days of ${from.toISOString()}`);
  return new Date(found);
}
