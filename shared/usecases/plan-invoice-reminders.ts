import { contentHash } from '../domain/content-hash.js';
import { invoiceKeyString } from '../domain/keys.js';
import { nextBucketStart } from '../domain/planning/aging.js';
import { planReminders } from '../domain/planning/planner.js';
import { scheduleName } from '../domain/planning/reminder-id.js';
import type {
  DispatchMessage,
  Interaction,
  PlannedReminder,
  PlanRequest,
  ReminderRecord,
} from '../domain/types.js';
import type { AccountStore, Clock, InteractionLog, MessageQueue, ReminderScheduler } from '../ports.js';
import type { ActivePolicy } from './active-policy.js';
import type { EvaluationRequest } from '../config/escalation.js';
import { requestEvaluation } from './escalation-requests.js';

export interface PlanInvoiceRemindersDeps {
  readonly store: AccountStore;
  readonly log: InteractionLog;
  readonly scheduler: ReminderScheduler;
  readonly policy: ActivePolicy;
  readonly clock: Clock;
  /** A new or changed invoice from a file asks for an escalation evaluation of its account. */
  readonly evaluations?: MessageQueue<EvaluationRequest>;
}

export interface PlanOutcome {
  readonly scheduled: number;
  readonly cancelled: number;
  readonly kept: number;
  /** When the invoice will be planned again (it enters its next aging bucket), if it will. */
  readonly replanAt?: string;
}

/**
 * Brings an invoice's schedules in line with the policy: creates the reminders the plan wants that do
 * not exist yet and cancels the pending ones it no longer wants (paid, cancelled, due date moved).
 *
 * Retry-safe by ordering: a schedule is created before its record (a retry finds no record and
 * creates again, which the scheduler answers `exists`), and deleted before its record is cancelled.
 */
export async function planInvoiceReminders(
  deps: PlanInvoiceRemindersDeps,
  request: PlanRequest,
): Promise<PlanOutcome> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const [invoice, account, existing] = await Promise.all([
    deps.store.getInvoice(request),
    deps.store.getAccount(request.accountId),
    deps.store.listReminders(request),
  ]);
  const interactions: Interaction[] = [];
  if (request.change && invoice) {
    interactions.push({
      interactionId: `ingested#${request.invoiceNumber}#${request.contentHash}`,
      accountId: request.accountId,
      at,
      type: 'invoice.ingested',
      invoiceNumber: request.invoiceNumber,
      detail: request.source ? `${request.change} from ${request.source.file} line ${request.source.line}` : request.change,
      data: { status: invoice.status, balance: invoice.balance, currency: invoice.currency, dueDate: invoice.dueDate },
    });
  }

  const desired =
    invoice && account
      ? planReminders({
          account,
          invoice,
          policy: await deps.policy.get(),
          now,
          hasHistory: existing.some((r) => r.status === 'sent'),
          history: existing,
        })
      : [];
  const known = new Set(existing.map((r) => r.reminderId));
  const wanted = new Set(desired.map((r) => r.reminderId));

  let scheduled = 0;
  for (const reminder of desired.filter((r) => !known.has(r.reminderId))) {
    const name = scheduleName(reminder.reminderId);
    await deps.scheduler.schedule({ name, at: reminder.sendAt, timezone: reminder.timezone, payload: dispatchMessage(reminder) });
    await deps.store.putReminder({ ...reminder, scheduleName: name, status: 'scheduled', updatedAt: at });
    interactions.push(scheduledInteraction(reminder, at));
    scheduled += 1;
  }

  let cancelled = 0;
  const why = invoice?.dateWarning ? `dates to be checked by a person: ${invoice.dateWarning}` : cancelReason(invoice?.status, invoice === undefined || account === undefined);
  for (const record of existing.filter((r) => r.status === 'scheduled' && !wanted.has(r.reminderId))) {
    await deps.scheduler.cancel(record.scheduleName);
    if (await deps.store.transitionReminder(record, record.reminderId, ['scheduled'], 'cancelled', at)) {
      interactions.push(cancelledInteraction(record, at, why));
      cancelled += 1;
    }
  }

  const replanAt = invoice && account && invoice.status === 'open' && invoice.balance > 0
    ? nextBucketStart(invoice.dueDate, now, account.timezone)
    : undefined;
  if (invoice && account && replanAt) {
    // Planned again when it enters its next aging bucket, so the 31–60 (61–90, 90+) cadence of the
    // policy takes over from the one chosen today. Idempotent by name; a stale one plans nothing.
    await deps.scheduler.schedule({
      name: `cobranza-replan-${contentHash({ key: invoiceKeyString(invoice), at: replanAt.toISOString() })}`,
      at: replanAt.toISOString(),
      timezone: account.timezone,
      target: 'planning',
      payload: { accountId: invoice.accountId, invoiceNumber: invoice.invoiceNumber, contentHash: invoice.contentHash } satisfies PlanRequest,
    });
  }

  if (interactions.length > 0) await deps.log.append(interactions);
  // Without its account the invoice could not be planned: leave the planning owed (plannedHash
  // lags contentHash) so the retried ingest asks again once the account is stored.
  if (invoice && account) await deps.store.markPlanned(request, invoice.contentHash);
  if (request.change && invoice && account && deps.evaluations) {
    await requestEvaluation(deps.evaluations, request.accountId, 'invoice', `${request.invoiceNumber}-${request.contentHash.slice(0, 16)}`, now);
  }
  return { scheduled, cancelled, kept: desired.length - scheduled, ...(replanAt ? { replanAt: replanAt.toISOString() } : {}) };
}

function dispatchMessage(reminder: PlannedReminder): DispatchMessage {
  return {
    accountId: reminder.accountId,
    invoiceNumber: reminder.invoiceNumber,
    reminderId: reminder.reminderId,
    stepId: reminder.step.id,
    channel: reminder.step.channel,
    template: reminder.step.template,
    tone: reminder.step.tone,
    scheduledFor: reminder.sendAt,
  };
}

function cancelReason(status: string | undefined, missing: boolean): string {
  if (missing) return 'invoice or account no longer on file';
  if (status === 'paid') return 'invoice paid';
  if (status === 'cancelled') return 'invoice cancelled';
  return 'no longer in the plan (due date, balance or policy changed)';
}

function scheduledInteraction(reminder: PlannedReminder, at: string): Interaction {
  return {
    interactionId: `scheduled#${reminder.reminderId}`,
    accountId: reminder.accountId,
    at,
    type: 'reminder.scheduled',
    invoiceNumber: reminder.invoiceNumber,
    reminderId: reminder.reminderId,
    channel: reminder.step.channel,
    detail: `${reminder.step.id} (${reminder.step.template}, ${reminder.step.tone}) at ${reminder.sendAt}${reminder.catchUp ? ' (catch-up)' : ''}`,
    data: { sendAt: reminder.sendAt, segment: reminder.segmentId, step: reminder.step.id },
  };
}

function cancelledInteraction(record: ReminderRecord, at: string, reason: string): Interaction {
  return {
    interactionId: `cancelled#${record.reminderId}`,
    accountId: record.accountId,
    at,
    type: 'reminder.cancelled',
    invoiceNumber: record.invoiceNumber,
    reminderId: record.reminderId,
    channel: record.step.channel,
    detail: reason,
  };
}
