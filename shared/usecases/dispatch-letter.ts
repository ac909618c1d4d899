import { contactWindowKey } from '../domain/contact-rules/gate.js';
import { emailMessageSchema } from '../schemas/messages.js';
import { effectiveZone } from '../domain/planning/zone.js';
import type { EmailMessage, Interaction, LetterDispatchMessage } from '../domain/types.js';
import type { ObjectStore } from '../ports.js';
import { gate, gateDebtor } from './contact-gate.js';
import { MAX_DEFERRALS, type DispatchOutcome, type DispatchReminderDeps } from './dispatch-reminder.js';

export interface DispatchLetterDeps extends DispatchReminderDeps {
  /** Where the escalation kept the letter's email beside its evidence (only held letters need it). */
  readonly files?: Pick<ObjectStore, 'getText'>;
}

/**
 * A pre-legal letter a sender held back at send time (a retry or redrive outside contact hours),
 * back on the dispatch queue. The letter goes out exactly as composed and kept (its text is the
 * evidence; its deadline was printed for the day it was written), once the contact-rule gate allows
 * a collection message again: deferred by a one-time schedule otherwise. Nothing is sent for an
 * account that settled, was handed off or written off meanwhile.
 */
export async function dispatchLetter(deps: DispatchLetterDeps, message: LetterDispatchMessage): Promise<DispatchOutcome> {
  const now = deps.clock.now();
  if (!deps.files) throw new Error('this dispatcher has no object store: it cannot send a held letter');
  const [account, invoices, escalation, stored] = await Promise.all([
    deps.store.getAccount(message.accountId),
    deps.store.listAccountInvoices(message.accountId),
    deps.escalation?.getEscalation(message.accountId),
    deps.files.getText(message.emailKey),
  ]);
  const email = stored === undefined ? undefined : emailMessageSchema.safeParse(JSON.parse(stored));
  const reason =
    !account ? 'account no longer on file'
    : !email?.success ? `letter ${message.emailKey} not found or unreadable`
    : !invoices.some((i) => i.status === 'open' && i.balance > 0) ? 'nothing is owed any more'
    : escalation && escalation.stage !== 'pre-legal' ? `the account is in ${escalation.stage} now`
    : undefined;
  if (reason !== undefined || !account || !email?.success) return skip(deps, message, now, reason ?? 'unreadable');

  const policy = await deps.policy.get();
  const zone = effectiveZone(account.timezone);
  // A new id for each time the letter was held: the sender's idempotency remembers the held attempt.
  const messageId = `${message.reminderId}-h${message.held ?? 0}`;
  const decision = await gate(deps, {
    ...gateDebtor(account),
    now,
    policy,
    messageId,
    channel: 'email',
    invoiceNumbers: [`letter#${contactWindowKey(now, zone)}`],
    // A letter is never dropped for waiting: it is the step the escalation is waiting on.
    maxDeferralDays: 30,
  });
  if (decision.decision === 'drop' || decision.decision === 'defer') {
    const deferrals = (message.deferrals ?? 0) + 1;
    if (decision.decision === 'drop' || deferrals > MAX_DEFERRALS) return skip(deps, message, now, `${decision.reason}; the next evaluation decides again`);
    const at = decision.until.toISOString();
    await deps.scheduler.schedule({ name: `${messageId}-d${deferrals}`.slice(0, 64), target: 'dispatch', at, timezone: zone, payload: { ...message, scheduledFor: at, deferrals } satisfies LetterDispatchMessage });
    await deps.log.append([line(message, now, 'letter.deferred', decision.reason, { until: at })]);
    return { result: 'deferred', until: at, reason: decision.reason };
  }
  const letter: EmailMessage = { ...email.data, reminderId: messageId, dispatch: message };
  await deps.queues.email.send([letter]);
  await deps.log.append([line(message, now, 'letter.queued', `pre-legal letter queued again after being held (${message.emailKey})`)]);
  return { result: 'queued', channel: 'email', invoices: 0 };
}

async function skip(deps: Pick<DispatchReminderDeps, 'log'>, message: LetterDispatchMessage, now: Date, why: string): Promise<DispatchOutcome> {
  await deps.log.append([line(message, now, 'letter.skipped', why)]);
  return { result: 'skipped', reason: why };
}

function line(message: LetterDispatchMessage, now: Date, type: Interaction['type'], detail: string, data?: Interaction['data']): Interaction {
  return {
    interactionId: `${type}#${message.reminderId}#h${message.held ?? 0}#d${message.deferrals ?? 0}`,
    accountId: message.accountId,
    at: now.toISOString(),
    type,
    reminderId: message.reminderId,
    channel: 'email',
    detail,
    ...(data ? { data } : {}),
  };
}
