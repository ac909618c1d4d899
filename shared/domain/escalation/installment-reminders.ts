import { createHash } from 'node:crypto';
import { nextAllowedByRules } from '../contact-rules/hours.js';
import { contactRulesFor } from '../contact-rules/presets.js';
import { scheduleName } from '../planning/reminder-id.js';
import { effectiveZone } from '../planning/zone.js';
import type { Policy } from '../policy/schema.js';
import type { Account } from '../types.js';
import { addDays, atLocalTime, endOfLocalDay, localDate } from './local-time.js';
import type { PaymentPlan } from './types.js';

/** One reminder of one installment: when its schedule fires and what it is called. */
export interface PlannedInstallmentReminder {
  readonly index: number;
  readonly dueDate: string;
  readonly daysBefore: number;
  readonly reminderId: string;
  readonly scheduleName: string;
  /** UTC instant, inside the debtor's contact rules. */
  readonly sendAt: string;
  readonly timezone: string;
}

/** A reminder the plan's own day needs goes out a little after the plan is made, never at the instant. */
const SOON_MS = 5 * 60 * 1000;

/**
 * The reminders a payment plan's unpaid installments get from now on (`plans.reminderDaysBefore`,
 * default 3 days before and on the due date), sorted by `sendAt`:
 * - each at `sendTime` on its day in the debtor's zone, moved to the next instant the debtor's contact
 *   rules allow (legal hours, weekdays, holidays), like the invoice reminders;
 * - only while it still speaks of the future or of today: one that would go out after the due day
 *   (a due date on a Sunday pushes the day's reminder to Monday) or before `now` is dropped;
 * - the down payment due the day the plan is made gets one soon after (it lists the whole plan, a
 *   written confirmation of what was agreed) when its `sendTime` has already passed;
 * - at most one per local day (two landing on one day keep the one nearer the due date).
 * Ids are deterministic (plan, installment, due date, days before): planning again schedules nothing twice.
 *
 * @example
 * planInstallmentReminders({ plan, account, policy, now: new Date('2026-12-01T15:00:00Z') })
 * // [{ index: 0, daysBefore: 0, sendAt: '2026-12-01T15:05:00.000Z', … }, { index: 1, daysBefore: 3, sendAt: '2026-12-28T15:00:00.000Z', … }, …]
 */
export function planInstallmentReminders(input: {
  readonly plan: PaymentPlan;
  readonly account: Pick<Account, 'timezone' | 'country' | 'debtorType' | 'zoneCandidates'>;
  readonly policy: Policy;
  readonly now: Date;
}): PlannedInstallmentReminder[] {
  const { plan, account, policy, now } = input;
  if (plan.status !== 'active') return [];
  const zone = effectiveZone(account.timezone);
  const rules = contactRulesFor(policy, account.country, account.debtorType);
  const today = localDate(now, zone);
  const out: PlannedInstallmentReminder[] = [];
  plan.installments.forEach((installment, index) => {
    if (installment.status !== 'due' || installment.amount <= 0) return;
    const dayEnds = endOfLocalDay(installment.dueDate, 0, zone).getTime();
    const byDay = new Map<string, PlannedInstallmentReminder>();
    for (const daysBefore of policy.escalation.plans.reminderDaysBefore) {
      let at = nextAllowedByRules(atLocalTime(addDays(installment.dueDate, -daysBefore), policy.sendTime, zone), rules, zone, account.country, account.zoneCandidates);
      if (at.getTime() <= now.getTime() && installment.dueDate === today && daysBefore === 0) {
        at = nextAllowedByRules(new Date(Math.ceil((now.getTime() + SOON_MS) / 60_000) * 60_000), rules, zone, account.country, account.zoneCandidates);
      }
      if (at.getTime() <= now.getTime() || at.getTime() >= dayEnds) continue;
      const reminderId = installmentReminderId(plan.planId, index, installment.dueDate, daysBefore);
      const planned: PlannedInstallmentReminder = {
        index,
        dueDate: installment.dueDate,
        daysBefore,
        reminderId,
        scheduleName: scheduleName(reminderId),
        sendAt: at.toISOString(),
        timezone: zone,
      };
      const day = localDate(at, zone);
      const kept = byDay.get(day);
      if (!kept || daysBefore < kept.daysBefore) byDay.set(day, planned);
    }
    out.push(...byDay.values());
  });
  return out.sort((a, b) => a.sendAt.localeCompare(b.sendAt) || a.index - b.index);
}

/** `i` + 31 hex of a SHA-256 over the plan, the installment, its due date and the day: 32 characters like a reminder id. */
export function installmentReminderId(planId: string, index: number, dueDate: string, daysBefore: number): string {
  return `i${createHash('sha256').update([planId, String(index), dueDate, String(daysBefore)].join('\u0000'), 'utf8').digest('hex').slice(0, 31)}`;
}
