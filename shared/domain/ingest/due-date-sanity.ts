import type { Collectability } from '../policy/collectability-section.js';

const MS_PER_DAY = 86_400_000;

/**
 * Why an invoice's due date looks like a typing mistake rather than a debt to chase, or undefined when
 * it looks plausible: before `collectability.earliestDueDate` (a 1900-01-01 typed for "unknown"), more
 * than `maxDaysPastDue` days ago (default five years: too old to collect automatically, and often
 * time-barred), or more than `maxDaysUntilDue` days ahead (default two years). Such an invoice is
 * loaded, flagged for a person, and never drives automated reminders, letters or a hand-off.
 *
 * @example
 * dueDateWarning('1900-01-01', '2026-12-07', defaultPolicy.collectability) // 'due date 1900-01-01 is before 2000-01-01'
 */
export function dueDateWarning(dueDate: string, today: string, collectability: Collectability): string | undefined {
  if (dueDate < collectability.earliestDueDate) return `due date ${dueDate} is before ${collectability.earliestDueDate}`;
  const late = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / MS_PER_DAY);
  if (late > collectability.maxDaysPastDue) return `due date ${dueDate} is ${late} days past, more than the ${collectability.maxDaysPastDue} the policy collects automatically`;
  if (-late > collectability.maxDaysUntilDue) return `due date ${dueDate} is ${-late} days ahead, more than ${collectability.maxDaysUntilDue}`;
  return undefined;
}
