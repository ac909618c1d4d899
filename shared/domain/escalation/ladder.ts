import { addDays, localDate, nextLocalTime } from './local-time.js';
import type { PolicyEscalation } from './policy-section.js';

/** The collection messages that reached the debtor: what the pre-legal stage has to have been earned by. */
export interface CollectionHistory {
  /** Reminders (and "final" notices) sent and not bounced, rejected or failed. */
  readonly delivered: number;
  /** When the first of them went out (UTC); absent when none did. */
  readonly firstDeliveredAt?: string;
}

export type LadderVerdict =
  | { readonly earned: true; readonly reason: string }
  /** `ready`: when the days will have passed (evaluation time in the debtor's zone), if the count is already met. */
  | { readonly earned: false; readonly reason: string; readonly ready?: Date };

/**
 * Whether the collection history allows the pre-legal letter: at least `ladder.minDeliveredReminders`
 * delivered collection messages, and at least `ladder.minDaysSinceFirstContact` local calendar days
 * since the first of them. Days past due alone never earn a letter: an old debt loaded today has never
 * heard from us, and a demand must not be the first thing a customer receives.
 *
 * @example
 * preLegalEarned({ delivered: 3, firstDeliveredAt: '2026-11-02T15:05:00Z' }, policy, now, 'America/Mexico_City')
 * // { earned: true, reason: '3 collection messages delivered since 2026-11-02 (needs 3 and 21 days)' }
 */
export function preLegalEarned(history: CollectionHistory, policy: Pick<PolicyEscalation, 'ladder' | 'evaluation'>, now: Date, timezone: string): LadderVerdict {
  const { minDeliveredReminders: needed, minDaysSinceFirstContact: days } = policy.ladder;
  const first = history.firstDeliveredAt === undefined ? undefined : new Date(history.firstDeliveredAt);
  const firstDay = first && !Number.isNaN(first.getTime()) ? localDate(first, timezone) : undefined;
  const needs = `needs ${needed} and ${days} days`;
  if (needed > 0 && history.delivered < needed) {
    const since = firstDay ? ` since ${firstDay}` : '';
    return { earned: false, reason: `${history.delivered} collection message${history.delivered === 1 ? '' : 's'} delivered${since} (${needs})` };
  }
  if (days > 0) {
    if (firstDay === undefined) return { earned: false, reason: `no collection message delivered yet (${needs})` };
    const earliest = addDays(firstDay, days);
    if (localDate(now, timezone) < earliest) {
      return {
        earned: false,
        reason: `first collection message delivered on ${firstDay}, ${days} days needed before a letter (from ${earliest})`,
        ready: nextLocalTime(earliest, policy.evaluation.time, timezone, now),
      };
    }
  }
  return { earned: true, reason: `${history.delivered} collection messages delivered${firstDay ? ` since ${firstDay}` : ''} (${needs})` };
}

