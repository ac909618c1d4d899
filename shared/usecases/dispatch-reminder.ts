import { renderEmail } from '../domain/templates/render.js';
import type { DispatchMessage, EmailMessage, Interaction, ReminderRecord } from '../domain/types.js';
import type { AccountStore, Clock, InteractionLog, MessageQueue, StoredAccount, StoredInvoice } from '../ports.js';
import type { ActivePolicy } from './active-policy.js';

export interface DispatchReminderDeps {
  readonly store: AccountStore;
  readonly log: InteractionLog;
  readonly emailQueue: MessageQueue<EmailMessage>;
  readonly policy: ActivePolicy;
  readonly clock: Clock;
}

export type DispatchOutcome = { readonly result: 'queued' } | { readonly result: 'skipped'; readonly reason: string };

/**
 * A reminder that arrives more than this late (a schedule retried for a day, a DLQ redriven a week
 * later) is no longer the message the debtor should get: the next planned step will speak instead.
 */
const STALE_AFTER_MS = 48 * 60 * 60 * 1000;

/**
 * Runs when a reminder's schedule fires. Re-reads the invoice (the schedule may be days old) and
 * skips, with the reason in the log, anything paid, cancelled or no longer due; otherwise renders the
 * email and queues it for the sender. A duplicate delivery queues a duplicate email message, which
 * the sender drops (it is idempotent on the reminder id).
 */
export async function dispatchReminder(deps: DispatchReminderDeps, message: DispatchMessage): Promise<DispatchOutcome> {
  const now = deps.clock.now();
  const [record, invoice, account] = await Promise.all([
    deps.store.getReminder(message, message.reminderId),
    deps.store.getInvoice(message),
    deps.store.getAccount(message.accountId),
  ]);
  const reason = skipReason(record, invoice, account, message, now);
  if (reason !== undefined || !invoice || !account?.email) {
    const why = reason ?? 'no valid email address on file';
    if (record?.status === 'scheduled') {
      await deps.store.transitionReminder(message, message.reminderId, ['scheduled'], 'skipped', now.toISOString());
    }
    await deps.log.append([interaction(message, now, 'reminder.skipped', why)]);
    return { result: 'skipped', reason: why };
  }

  const email = renderEmail({
    account,
    invoice,
    template: message.template,
    tone: message.tone,
    now,
    policy: await deps.policy.get(),
  });
  await deps.emailQueue.send([
    {
      accountId: message.accountId,
      invoiceNumber: message.invoiceNumber,
      reminderId: message.reminderId,
      to: account.email,
      ...email,
    },
  ]);
  await deps.log.append([interaction(message, now, 'reminder.dispatched', `email queued (${message.template}, ${message.tone})`)]);
  return { result: 'queued' };
}

function skipReason(
  record: ReminderRecord | undefined,
  invoice: StoredInvoice | undefined,
  account: StoredAccount | undefined,
  message: DispatchMessage,
  now: Date,
): string | undefined {
  if (!record) return 'reminder not on file';
  if (record.status === 'cancelled') return 'reminder was cancelled';
  if (record.status === 'sent') return 'reminder already sent';
  if (record.status === 'skipped') return 'reminder already skipped';
  if (!invoice || !account) return 'invoice no longer on file';
  if (invoice.status === 'paid') return 'invoice paid';
  if (invoice.status === 'cancelled') return 'invoice cancelled';
  if (invoice.balance <= 0) return 'nothing left to pay';
  if (now.getTime() - Date.parse(message.scheduledFor) > STALE_AFTER_MS) {
    return `arrived ${Math.round((now.getTime() - Date.parse(message.scheduledFor)) / 3_600_000)} h late; the next step will follow`;
  }
  return undefined;
}

function interaction(message: DispatchMessage, now: Date, type: Interaction['type'], detail: string): Interaction {
  return {
    interactionId: `${type}#${message.reminderId}`,
    accountId: message.accountId,
    at: now.toISOString(),
    type,
    invoiceNumber: message.invoiceNumber,
    reminderId: message.reminderId,
    channel: message.channel,
    detail,
  };
}
