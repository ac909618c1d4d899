import type { EmailMessage, Interaction, ReminderRecord } from '../domain/types.js';
import type { AccountStore, Clock, EmailSender, InteractionLog, StoredInvoice } from '../ports.js';

export interface SendReminderEmailDeps {
  readonly store: AccountStore;
  readonly log: InteractionLog;
  readonly email: EmailSender;
  readonly clock: Clock;
}

export type SendOutcome =
  | { readonly result: 'sent'; readonly messageId: string }
  | { readonly result: 'skipped'; readonly reason: string };

/**
 * Sends one rendered reminder. The Lambda wraps this in Powertools idempotency keyed by the reminder
 * id; the status check here is the second line of defence for a record whose idempotency entry has
 * expired. The invoice is read once more because a payment may have landed since dispatch.
 * A failed send is logged and rethrown so the queue retries it (and dead-letters it in the end).
 */
export async function sendReminderEmail(deps: SendReminderEmailDeps, message: EmailMessage): Promise<SendOutcome> {
  const now = deps.clock.now();
  const [record, invoice] = await Promise.all([
    deps.store.getReminder(message, message.reminderId),
    deps.store.getInvoice(message),
  ]);
  const reason = message.kind === 'receipt' ? undefined : reminderSkipReason(record, invoice);
  if (reason) {
    await deps.log.append([logLine(message, now, 'reminder.skipped', `not sent: ${reason}`)]);
    return { result: 'skipped', reason };
  }

  let messageId: string;
  try {
    ({ messageId } = await deps.email.send({
      idempotencyKey: message.reminderId,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      date: now,
      tags: { account: message.accountId, invoice: message.invoiceNumber, reminder: message.reminderId },
    }));
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await deps.log.append([logLine(message, now, 'message.failed', why, `${now.toISOString()}`)]);
    throw error;
  }
  if (message.kind !== 'receipt') {
    await deps.store.transitionReminder(message, message.reminderId, ['scheduled', 'failed'], 'sent', now.toISOString());
  }
  await deps.log.append([logLine(message, now, 'message.sent', messageId)]);
  return { result: 'sent', messageId };
}

function reminderSkipReason(record: ReminderRecord | undefined, invoice: StoredInvoice | undefined): string | undefined {
  if (record?.status === 'sent') return 'reminder already sent';
  if (record?.status === 'cancelled') return 'reminder was cancelled';
  if (invoice === undefined || invoice.status !== 'open' || invoice.balance <= 0) return `invoice ${invoice?.status ?? 'no longer on file'}`;
  return undefined;
}

function logLine(message: EmailMessage, now: Date, type: Interaction['type'], detail: string, attempt = ''): Interaction {
  return {
    interactionId: `${type}#${message.reminderId}${attempt ? `#${attempt}` : ''}`,
    accountId: message.accountId,
    at: now.toISOString(),
    type,
    invoiceNumber: message.invoiceNumber,
    reminderId: message.reminderId,
    channel: 'email',
    detail,
  };
}
