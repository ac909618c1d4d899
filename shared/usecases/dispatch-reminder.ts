import { createHash } from 'node:crypto';
import { invoiceKeyString } from '../domain/keys.js';
import { chooseChannel } from '../domain/channels/choose-channel.js';
import { channelOptionsFor } from '../domain/contact-rules/channel-options.js';
import { channelUsedThisWeek, contactWindowKey } from '../domain/contact-rules/gate.js';
import { contactRulesFor } from '../domain/contact-rules/presets.js';
import { composeMessage, type ComposedMessage } from '../domain/messages/compose.js';
import { messageCost } from '../domain/messages/cost.js';
import { LADDER_STEP_PREFIX } from '../domain/planning/planner.js';
import { effectiveZone } from '../domain/planning/zone.js';
import { planStatus } from '../domain/escalation/plan-schedule.js';
import { promiseGraceEnd } from '../domain/escalation/promise-check.js';
import type {
  Channel,
  ChannelEnvelope,
  DispatchMessage,
  EmailMessage,
  Interaction,
  MessageReminder,
  ReminderRecord,
  SmsMessage,
  Tone,
  WhatsAppMessage,
} from '../domain/types.js';
import type {
  AccountStore,
  Clock,
  ConsentStore,
  ContactLedger,
  EscalationStore,
  InteractionLog,
  MessageQueue,
  ReminderScheduler,
  StoredAccount,
  StoredInvoice,
} from '../ports.js';
import type { ActivePolicy } from './active-policy.js';
import { gate, gateDebtor } from './contact-gate.js';

export interface ChannelQueues {
  readonly email: MessageQueue<EmailMessage>;
  readonly sms: MessageQueue<SmsMessage>;
  readonly whatsapp: MessageQueue<WhatsAppMessage>;
}

export interface DispatchReminderDeps {
  readonly store: AccountStore;
  readonly log: InteractionLog;
  readonly queues: ChannelQueues;
  readonly consents: ConsentStore;
  readonly ledger: ContactLedger;
  /** Re-schedules a reminder the contact rules defer (a one-time schedule on the dispatch queue). */
  readonly scheduler: ReminderScheduler;
  readonly policy: ActivePolicy;
  readonly clock: Clock;
  /** Escalation (issue #5): a handed-off or written-off account gets no reminders; a stage's cadence sets the tone. */
  readonly escalation?: Pick<EscalationStore, 'getEscalation' | 'listDisputes' | 'listPromises' | 'listPlans'>;
  /** The signed one-click unsubscribe link for an email address (absent: no List-Unsubscribe). */
  readonly unsubscribeLink?: (accountId: string, address: string) => string | Promise<string>;
  /**
   * The signed link to the debtor's self-service page, put in reminder emails (absent: none), valid
   * from `issuedAt`: the reminder's own time, so a redelivered dispatch renders the very same email.
   */
  readonly selfServiceLink?: (accountId: string, issuedAt: Date) => string | Promise<string>;
}

/**
 * Puts a composed message on its channel's queue: the envelope plus the channel's content, the SMS
 * with the debtor's country (it picks the origination identity), the email with its one-click
 * unsubscribe link. Shared by reminders, installment reminders and replies.
 */
export async function queueComposed(
  queues: ChannelQueues,
  envelope: ChannelEnvelope,
  composed: ComposedMessage,
  to: string,
  options: { readonly country?: string | undefined; readonly unsubscribeUrl?: string | undefined } = {},
): Promise<void> {
  const { country, unsubscribeUrl } = options;
  if (composed.channel === 'email') {
    await queues.email.send([
      {
        ...envelope,
        to,
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
        ...(composed.replyTo ? { replyTo: composed.replyTo } : {}),
      },
    ]);
  } else if (composed.channel === 'sms') {
    await queues.sms.send([{ ...envelope, to, body: composed.body, segments: composed.segments, encoding: composed.encoding, ...(country ? { country } : {}) }]);
  } else {
    await queues.whatsapp.send([{ ...envelope, to, templateName: composed.templateName, languageCode: composed.languageCode, parameters: composed.parameters, preview: composed.preview }]);
  }
}

export type DispatchOutcome =
  | { readonly result: 'queued'; readonly channel: Channel; readonly invoices: number }
  | { readonly result: 'deferred'; readonly until: string; readonly reason: string }
  | { readonly result: 'skipped'; readonly reason: string };

/**
 * A reminder that arrives more than this late (a schedule retried for a day, a DLQ redriven a week
 * later) is no longer the message the debtor should get: the next planned step will speak instead.
 */
export const STALE_AFTER_MS = 48 * 60 * 60 * 1000;
/** A reminder deferred this many times is dropped: something keeps it from ever going out. */
export const MAX_DEFERRALS = 10;

const TEMPLATE_RANK = ['upcoming', 'due-today', 'overdue', 'final-notice'];
const TONE_RANK: readonly Tone[] = ['friendly', 'firm', 'formal'];

/**
 * Runs when a reminder's schedule fires (or a fallback re-dispatches it). In order:
 * 1. re-read the reminder, invoice and account: paid, cancelled, merged, stale → skipped, with why;
 * 2. choose the channel (the step's, else the account's preference) among the usable ones — an opt-out
 *    or an invalid address is never used again, WhatsApp only with consent;
 * 3. consolidate: the account's other reminders due in the same contact window (the debtor's local
 *    day) join this message, so the debtor gets one message listing every invoice;
 * 4. the contact-rule gate (legal hours and days of the debtor's country, holidays, caps, a pause
 *    after a reply) decides on the ledger: send, defer (a new one-time schedule), or drop;
 * 5. render for the channel and locale, queue it for the channel's sender.
 * The message id is deterministic, and the ledger remembers it before anything is queued: a
 * redelivered dispatch re-queues the same message, which the idempotent sender drops.
 */
export async function dispatchReminder(deps: DispatchReminderDeps, message: DispatchMessage): Promise<DispatchOutcome> {
  const now = deps.clock.now();
  const [record, invoice, account] = await Promise.all([
    deps.store.getReminder(message, message.reminderId),
    deps.store.getInvoice(message),
    deps.store.getAccount(message.accountId),
  ]);
  const reason = skipReason(record, invoice, account, message, now);
  if (reason !== undefined || !record || !invoice || !account) {
    return skip(deps, message, now, reason ?? 'invoice no longer on file', record);
  }

  const policy = await deps.policy.get();
  const escalation = await deps.escalation?.getEscalation(account.accountId);
  if (escalation?.stage === 'hand-off') return skip(deps, message, now, `account handed off to ${escalation.handOff?.to ?? 'an agency'}: no automatic reminders`, record);
  if (escalation?.stage === 'write-off') return skip(deps, message, now, 'account written off: no automatic reminders', record);
  // The pre-legal letter is the next word: reminders must not take the contact slot it waits for (one a
  // day, one channel a week in Colombia), or a weekly WhatsApp reminder would put it off forever.
  if (escalation?.stage === 'pre-legal' && !escalation.preLegalLetterAt) {
    return skip(deps, message, now, 'the pre-legal letter goes first: reminders wait until it has gone out', record);
  }
  // Disputed invoices and running promises to pay hold their reminders (the escalation checks them).
  const [disputes, promises, plans] = deps.escalation
    ? await Promise.all([deps.escalation.listDisputes(account.accountId), deps.escalation.listPromises(account.accountId), deps.escalation.listPlans(account.accountId)])
    : [[], [], []];
  const disputed = new Set(disputes.filter((d) => d.status === 'open').map((d) => d.invoiceNumber));
  if (disputed.has(record.invoiceNumber)) return skip(deps, message, now, 'invoice in dispute: reminders pause until it is resolved', record);
  // A plan on track speaks through its installments' own reminders; its invoices' reminders pause.
  const onTrack = plans.filter((p) => planStatus(p, now, effectiveZone(account.timezone), policy.escalation.plans.installmentGraceDays).status === 'active');
  const inPlan = new Set(onTrack.flatMap((p) => p.invoiceNumbers ?? []));
  const plan = onTrack.find((p) => p.invoiceNumbers?.includes(record.invoiceNumber));
  if (plan) return skip(deps, message, now, `invoice in payment plan ${plan.planId}: its installments have their own reminders`, record);
  const running = promises.find((p) => p.status === 'open' && promiseGraceEnd(p, effectiveZone(account.timezone), policy.escalation.promiseGraceDays).getTime() > now.getTime());
  if (running) {
    // Like the pause of a reply: wait for the promise's grace end when that is near, else leave it to the next step.
    const until = promiseGraceEnd(running, effectiveZone(account.timezone), policy.escalation.promiseGraceDays);
    const reason = `promise to pay on ${running.date}: reminders pause until ${until.toISOString()}`;
    return until.getTime() - now.getTime() <= policy.contactRules.maxDeferralDays * 86_400_000
      ? defer(deps, message, record, until, reason, effectiveZone(account.timezone), now)
      : skip(deps, message, now, reason, record);
  }
  const [consents, contacts] = await Promise.all([deps.consents.listConsents(account.accountId), deps.ledger.getContactState(account.accountId)]);
  // CO: once contacted, one channel a week: the one already used this week comes first.
  const prefer = channelUsedThisWeek(contacts, now, contactRulesFor(policy, account.country, account.debtorType));
  const chosen = chooseChannel(message.channel, account, consents, policy.channels.preference, message.failedChannels ?? [], { ...channelOptionsFor(policy, account), prefer });
  if (!chosen.ok) return skip(deps, message, now, chosen.reason, record);
  const { channel, address, fallback } = chosen.choice;

  const zone = effectiveZone(account.timezone);
  const window = contactWindowKey(now, zone);
  const reminders = await deps.store.listAccountReminders(account.accountId);
  const carried = new Set((message.carried ?? []).map((r) => r.reminderId));
  // `merged` ones too: a redelivered dispatch finds the reminders its first attempt merged, and must
  // queue the same message again. A reminder merged into another message of today never joins a new
  // one: the gate leaves out every invoice already contacted today.
  const siblings = reminders.filter(
    (r) =>
      r.reminderId !== record.reminderId &&
      r.invoiceNumber !== record.invoiceNumber &&
      (carried.has(r.reminderId) || ((r.status === 'scheduled' || r.status === 'merged') && contactWindowKey(new Date(r.sendAt), zone) === window)),
  );
  // The account's invoices, read once: the siblings joining this message and the others named apart.
  const accountInvoices = await deps.store.listAccountInvoices(account.accountId);
  const siblingInvoices = new Map(accountInvoices.map((i) => [invoiceKeyString(i), i]));
  const joining = siblings.filter((r) => {
    const other = siblingInvoices.get(invoiceKeyString(r));
    return other !== undefined && other.status === 'open' && other.balance > 0 && !disputed.has(r.invoiceNumber) && !inPlan.has(r.invoiceNumber);
  });
  // One reminder per invoice in a message (two steps of one invoice on one day cannot both join).
  const byInvoice = new Map<string, ReminderRecord>([[record.invoiceNumber, record]]);
  for (const r of joining) if (!byInvoice.has(r.invoiceNumber)) byInvoice.set(r.invoiceNumber, r);

  // A reminder a sender held back comes again as a new message (the sender remembers the held one).
  const messageId = contactMessageId(account.accountId, window, channel, message.held ? `${record.reminderId}#h${message.held}` : record.reminderId);
  const nextOwnStep = reminders
    .filter((r) => r.invoiceNumber === record.invoiceNumber && r.status === 'scheduled' && r.reminderId !== record.reminderId && Date.parse(r.sendAt) > now.getTime())
    .map((r) => Date.parse(r.sendAt))
    .sort((a, b) => a - b)[0];

  const decision = await gate(deps, {
    ...gateDebtor(account),
    now,
    policy,
    messageId,
    channel,
    invoiceNumbers: [...byInvoice.keys()],
    ...(nextOwnStep !== undefined ? { notAfter: new Date(nextOwnStep) } : {}),
  });
  if (decision.decision === 'drop') return skip(deps, message, now, decision.reason, record);
  if (decision.decision === 'defer') return defer(deps, message, record, decision.until, decision.reason, zone, now);

  const invoiceNumbers = decision.decision === 'send' ? decision.invoiceNumbers : decision.entry.invoiceNumbers;
  const included = [...byInvoice.values()].filter((r) => invoiceNumbers.includes(r.invoiceNumber));
  const invoices = [invoice, ...included.filter((r) => r !== record).flatMap((r) => siblingInvoices.get(invoiceKeyString(r)) ?? [])]
    .filter((inv) => invoiceNumbers.includes(inv.invoiceNumber))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const steps = included.map((r) => r.step);
  const template = strongest(steps.map((s) => s.template), TEMPLATE_RANK) ?? message.template;
  // The escalation stage's cadence can only make the tone firmer, never softer than the step's — except
  // on a catch-up ladder, whose whole point is to start friendly with a debtor who never heard from us.
  const onLadder = steps.some((s) => s.id.startsWith(LADDER_STEP_PREFIX));
  const cadenceTone = escalation?.cadence && !onLadder ? [escalation.cadence.tone] : [];
  const tone = strongest([...steps.map((s) => s.tone), ...cadenceTone], TONE_RANK) ?? message.tone;

  for (const r of included) {
    if (r !== record) await deps.store.transitionReminder(r, r.reminderId, ['scheduled'], 'merged', now.toISOString());
  }

  const unsubscribeUrl = channel === 'email' ? await deps.unsubscribeLink?.(account.accountId, address) : undefined;
  const selfServiceUrl = channel === 'email' ? await deps.selfServiceLink?.(account.accountId, new Date(message.scheduledFor)) : undefined;
  // The account's other overdue invoices are named apart, never asked for, so this message's total is
  // not read as the whole overdue balance; an invoice under dispute or in a plan on track is not owed
  // today, and one whose dates a person must check is never spoken of.
  const otherInvoices = accountInvoices.filter(
    (other) => !invoiceNumbers.includes(other.invoiceNumber) && !disputed.has(other.invoiceNumber) && !inPlan.has(other.invoiceNumber) && !other.dateWarning,
  );
  const composed = composeMessage({
    account,
    invoices,
    otherInvoices,
    template,
    tone,
    channel,
    now,
    policy,
    ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
    ...(selfServiceUrl ? { selfServiceUrl } : {}),
  });
  const envelope: ChannelEnvelope = {
    accountId: account.accountId,
    invoiceNumber: record.invoiceNumber,
    reminderId: messageId,
    locale: composed.locale,
    kind: 'reminder',
    reminders: included.map((r): MessageReminder => ({ invoiceNumber: r.invoiceNumber, reminderId: r.reminderId })),
    fallback,
    cost: messageCost(channel, account.country, composed.channel === 'sms' ? composed.segments : 1, policy.channels.prices),
    policyVersion: policy.version,
    template,
    tone,
    dispatch: message,
  };
  await queueComposed(deps.queues, envelope, composed, address, { country: account.country, unsubscribeUrl });

  const others = included.length - 1;
  await deps.log.append([
    line(message, now, 'reminder.dispatched', `${channel} queued (${template}, ${tone})${others > 0 ? ` with ${others} more invoice${others === 1 ? '' : 's'} of this account` : ''}`, channel, {
      messageId,
      invoices: included.length,
      ...(message.failedChannels?.length ? { fallbackFrom: message.failedChannels.join(',') } : {}),
    }),
    ...included
      .filter((r) => r !== record)
      .map(
        (r): Interaction => ({
          interactionId: `reminder.merged#${r.reminderId}#${messageId}`,
          accountId: r.accountId,
          at: now.toISOString(),
          type: 'reminder.merged',
          invoiceNumber: r.invoiceNumber,
          reminderId: r.reminderId,
          channel,
          detail: `included in the ${channel} message about ${record.invoiceNumber} (same contact window ${window})`,
          data: { messageId },
        }),
      ),
  ]);
  return { result: 'queued', channel, invoices: included.length };
}

/** Reschedules the reminder at `until` (a new one-time schedule) and logs why. */
async function defer(
  deps: DispatchReminderDeps,
  message: DispatchMessage,
  record: ReminderRecord,
  until: Date,
  reason: string,
  zone: string,
  now: Date,
): Promise<DispatchOutcome> {
  const deferrals = (message.deferrals ?? 0) + 1;
  if (deferrals > MAX_DEFERRALS) return skip(deps, message, now, `deferred ${MAX_DEFERRALS} times already (${reason})`, record);
  const at = until.toISOString();
  await deps.scheduler.schedule({
    name: `${record.scheduleName}-d${deferrals}`,
    target: 'dispatch',
    at,
    timezone: zone,
    payload: { ...message, scheduledFor: at, deferrals } satisfies DispatchMessage,
  });
  await deps.log.append([
    {
      ...line(message, now, 'reminder.deferred', reason, undefined, { until: at, deferrals }),
      interactionId: `reminder.deferred#${message.reminderId}#${deferrals}`,
    },
  ]);
  return { result: 'deferred', until: at, reason };
}

async function skip(deps: DispatchReminderDeps, message: DispatchMessage, now: Date, why: string, record: ReminderRecord | undefined): Promise<DispatchOutcome> {
  if (record?.status === 'scheduled') {
    await deps.store.transitionReminder(message, message.reminderId, ['scheduled'], 'skipped', now.toISOString());
  }
  await deps.log.append([line(message, now, 'reminder.skipped', why)]);
  return { result: 'skipped', reason: why };
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
  // A fallback re-dispatch carries a reminder that an earlier message of its window merged: it may go on.
  if (record.status === 'merged' && !(message.failedChannels?.length)) return 'included in another message of the same contact window';
  if (!invoice || !account) return 'invoice no longer on file';
  if (invoice.status === 'paid') return 'invoice paid';
  if (invoice.status === 'cancelled') return 'invoice cancelled';
  if (invoice.balance <= 0) return 'nothing left to pay';
  if (now.getTime() - Date.parse(message.scheduledFor) > STALE_AFTER_MS) {
    return `arrived ${Math.round((now.getTime() - Date.parse(message.scheduledFor)) / 3_600_000)} h late; the next step will follow`;
  }
  return undefined;
}

/** One message per account, contact window, channel and triggering reminder: the idempotency key. */
export function contactMessageId(accountId: string, window: string, channel: Channel, reminderId: string): string {
  const hash = createHash('sha256').update([accountId, window, channel, reminderId].join('\u0000'), 'utf8').digest('hex');
  return `m-${hash.slice(0, 32)}`;
}

/** The most advanced value (a consolidated message speaks as its most overdue invoice's step). */
function strongest<T extends string>(values: readonly T[], rank: readonly string[]): T | undefined {
  return [...values].sort((a, b) => rank.indexOf(b) - rank.indexOf(a))[0];
}

function line(
  message: DispatchMessage,
  now: Date,
  type: Interaction['type'],
  detail: string,
  channel?: Channel,
  data?: Interaction['data'],
): Interaction {
  return {
    interactionId: `${type}#${message.reminderId}${message.deferrals ? `#d${message.deferrals}` : ''}${message.failedChannels?.length ? `#f${message.failedChannels.length}` : ''}`,
    accountId: message.accountId,
    at: now.toISOString(),
    type,
    invoiceNumber: message.invoiceNumber,
    reminderId: message.reminderId,
    channel: channel ?? message.channel,
    detail,
    ...(data ? { data } : {}),
  };
}
