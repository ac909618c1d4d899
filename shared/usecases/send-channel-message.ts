import { latestConsent } from '../domain/channels/choose-channel.js';
import { PermanentDeliveryError } from '../domain/channels/errors.js';
import { sendTimeBlocker } from '../domain/contact-rules/send-time.js';
import { contactRulesFor } from '../domain/contact-rules/presets.js';
import type { Channel, ChannelMessage, DispatchMessage, DispatchQueueMessage, Interaction, MessageReminder } from '../domain/types.js';
import type {
  AccountStore,
  Clock,
  ConsentStore,
  ContactLedger,
  EmailSender,
  InteractionLog,
  MessageQueue,
  SentMessageIndex,
  SmsSender,
  WhatsAppSender,
} from '../ports.js';
import type { ContactPolicy } from '../domain/policy/contact-window-section.js';

export interface SendChannelMessageDeps {
  readonly store: AccountStore;
  readonly log: InteractionLog;
  readonly clock: Clock;
  readonly consents: ConsentStore;
  readonly ledger: ContactLedger;
  readonly sent: SentMessageIndex;
  /** A permanent failure puts the reminder back here for the next channel. */
  readonly dispatchQueue: MessageQueue<DispatchQueueMessage>;
  readonly senders: {
    readonly email?: EmailSender;
    readonly sms?: SmsSender;
    readonly whatsapp?: WhatsAppSender;
  };
  /** The contact rules are checked again at send time (hours, days, holidays, a pause). */
  readonly policy: { get(): Promise<ContactPolicy> };
}

export type SendOutcome =
  | { readonly result: 'sent'; readonly messageId: string }
  | { readonly result: 'skipped'; readonly reason: string }
  /** Not now: the contact rules no longer allow it; back on the dispatch queue, which defers it. */
  | { readonly result: 'held'; readonly reason: string }
  | { readonly result: 'failed'; readonly reason: string; readonly fallback?: Channel };

/**
 * Sends one rendered message on its channel. The Lambda wraps this in Powertools idempotency keyed by
 * the message id; the checks here are the second line of defence and catch what changed since
 * dispatch: a payment (every invoice closed → nothing to say), an opt-out, an address found invalid.
 *
 * A permanent failure (hard bounce, invalid number, no WhatsApp) marks the address invalid in the
 * consent record, takes the contact off the ledger (it never reached the debtor) and re-dispatches
 * the reminder, which then goes out on the next usable channel of the account's preference. Any other
 * error is logged and rethrown: the queue retries, then dead-letters.
 */
export async function sendChannelMessage(deps: SendChannelMessageDeps, message: ChannelMessage): Promise<SendOutcome> {
  const now = deps.clock.now();
  const kind = message.kind ?? 'reminder';
  const reminders: readonly MessageReminder[] = message.reminders ?? [{ invoiceNumber: message.invoiceNumber, reminderId: message.dispatch?.reminderId ?? message.reminderId }];

  // A retry of a send a provider already accepted (the function died before it finished recording
  // it): finish the record, never call the provider again (SES, SMS and WhatsApp have no
  // idempotency key: a second call is a second message to the debtor).
  const recorded = await deps.sent.getSentByMessageId(message.reminderId);
  if (recorded) return recordSent(deps, message, kind, reminders, recorded.providerMessageId, new Date(recorded.sentAt));

  const skipReason = await reasonNotToSend(deps, message, kind, reminders);
  if (skipReason) {
    if (kind === 'reminder') {
      for (const r of reminders) await deps.store.transitionReminder({ accountId: message.accountId, invoiceNumber: r.invoiceNumber }, r.reminderId, ['scheduled', 'merged'], 'skipped', now.toISOString());
      // Nothing goes out under this id: the contact the dispatcher recorded must not count against the caps
      // (unless an earlier copy of this very message did go out).
      if (skipReason !== ALREADY_SENT) await releaseContact(deps.ledger, message.accountId, message.reminderId);
    }
    await deps.log.append([logLine(message, now, 'reminder.skipped', `not sent: ${skipReason}`)]);
    return { result: 'skipped', reason: skipReason };
  }

  const held = await holdReason(deps, message, kind, now);
  if (held) return hold(deps, message, reminders, now, held);

  let providerMessageId: string;
  try {
    providerMessageId = (await deliver(deps, message, now)).messageId;
  } catch (error) {
    if (error instanceof PermanentDeliveryError) return failPermanently(deps, message, now, error, reminders);
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await deps.log.append([{ ...logLine(message, now, 'message.failed', why), interactionId: `message.failed#${message.reminderId}#${now.toISOString()}` }]);
    throw error;
  }

  return recordSent(deps, message, kind, reminders, providerMessageId, now);
}

/**
 * Records an accepted send: the sent index (by our message id first), the `message.sent` line, then
 * the reminders' `sent` — in that order, so a retry after a crash in between sees reminders not yet
 * sent and finishes the job (the other way round it took them for already sent and skipped, leaving
 * a sent message with no `message.sent`). Each step is idempotent: a retry comes with the time the
 * provider first accepted the message (from the sent index), since log lines are keyed by their time.
 */
async function recordSent(
  deps: SendChannelMessageDeps,
  message: ChannelMessage,
  kind: NonNullable<ChannelMessage['kind']>,
  reminders: readonly MessageReminder[],
  providerMessageId: string,
  acceptedAt: Date,
): Promise<SendOutcome> {
  // Nothing may come between the provider's answer and this write (each step in between is one
  // more chance to send the message again); a retry finds it and keeps its time.
  const sentAt = acceptedAt;
  await deps.sent.putSent({
    channel: message.channel,
    providerMessageId,
    accountId: message.accountId,
    messageId: message.reminderId,
    address: message.to,
    sentAt: sentAt.toISOString(),
    reminders,
    fallback: message.fallback ?? [],
    kind,
    ...(message.dispatch ? { dispatch: message.dispatch } : {}),
  });
  await deps.log.append([
    logLine(message, sentAt, 'message.sent', providerMessageId, {
      messageId: message.reminderId,
      invoices: reminders.length,
      kind,
      ...(message.cost ? { costMicros: message.cost.micros, costCurrency: message.cost.currency } : {}),
      ...(message.channel === 'sms' ? { segments: message.segments, encoding: message.encoding } : {}),
      ...(message.template ? { template: message.template } : {}),
      ...(message.tone ? { tone: message.tone } : {}),
      ...(message.policyVersion !== undefined ? { policyVersion: message.policyVersion } : {}),
    }),
  ]);
  if (kind === 'reminder') {
    for (const r of reminders) {
      await deps.store.transitionReminder({ accountId: message.accountId, invoiceNumber: r.invoiceNumber }, r.reminderId, ['scheduled', 'merged', 'failed'], 'sent', sentAt.toISOString());
    }
  }
  return { result: 'sent', messageId: providerMessageId };
}

const ALREADY_SENT = 'reminder already sent';

/** Why this message must not go out now, or undefined. */
async function reasonNotToSend(
  deps: SendChannelMessageDeps,
  message: ChannelMessage,
  kind: string,
  reminders: readonly MessageReminder[],
): Promise<string | undefined> {
  const consent = latestConsent(await deps.consents.listConsents(message.accountId), message.channel, message.to);
  if (consent?.status === 'invalid') return `${message.channel} address marked invalid`;
  // Receipts are transactional (the debtor paid and gets proof); everything else honours an opt-out.
  if (consent?.status === 'opted-out' && kind !== 'receipt') return `opted out of ${message.channel}`;
  if (kind !== 'reminder') return undefined;
  const invoices = await deps.store.getInvoices(reminders.map((r) => ({ accountId: message.accountId, invoiceNumber: r.invoiceNumber })));
  const open = [...invoices.values()].filter((invoice) => invoice.status === 'open' && invoice.balance > 0);
  if (open.length === 0) return reminders.length === 1 ? `invoice ${[...invoices.values()][0]?.status ?? 'no longer on file'}` : 'every invoice in it is paid or closed';
  const records = await Promise.all(reminders.map((r) => deps.store.getReminder({ accountId: message.accountId, invoiceNumber: r.invoiceNumber }, r.reminderId)));
  if (records.every((r) => r?.status === 'sent')) return ALREADY_SENT;
  if (records.every((r) => r?.status === 'cancelled')) return 'reminder was cancelled';
  return undefined;
}

/** Collection contacts: the kinds the contact rules govern. Receipts and answers to a debtor's own message are transactional. */
const COLLECTION_KINDS: ReadonlySet<string> = new Set(['reminder', 'installment', 'letter']);

/**
 * Why a collection message must not go out at this instant, though it was allowed when dispatched:
 * an SQS retry or a dead-letter redrive can bring it back after hours, on a Sunday or a holiday, or
 * after the debtor asked for a pause. Caps were counted when it was dispatched (it is in the ledger).
 */
async function holdReason(deps: SendChannelMessageDeps, message: ChannelMessage, kind: string, now: Date): Promise<string | undefined> {
  if (!COLLECTION_KINDS.has(kind)) return undefined;
  const [account, policy, state] = await Promise.all([deps.store.getAccount(message.accountId), deps.policy.get(), deps.ledger.getContactState(message.accountId)]);
  if (!account) return undefined; // nothing to check against; the dispatcher already decided
  return sendTimeBlocker(now, contactRulesFor(policy, account.country, account.debtorType), account, state);
}

/**
 * Puts the message's dispatch back on the dispatch queue as a new try (`held` + 1: a new message id),
 * where the gate defers it to the next allowed moment and renders it again for that day. Its entry
 * stays in the ledger: a retry may come after a first attempt that did reach the provider (and then
 * failed to record it), so the contact is counted as made — the safe side of every cap and of "two
 * days apart" — and the next try waits for another day. The entry no longer speaks for its invoices,
 * so the next try is not taken for a message about them already sent today.
 */
async function hold(deps: SendChannelMessageDeps, message: ChannelMessage, reminders: readonly MessageReminder[], now: Date, reason: string): Promise<SendOutcome> {
  await keepContactOnly(deps.ledger, message.accountId, message.reminderId);
  const dispatch = message.dispatch;
  if (dispatch) {
    const held = (dispatch.held ?? 0) + 1;
    if (dispatch.kind === 'installment' || dispatch.kind === 'letter') {
      await deps.dispatchQueue.send([{ ...dispatch, scheduledFor: now.toISOString(), held }]);
    } else {
      const carried = reminders.filter((r) => r.reminderId !== dispatch.reminderId);
      await deps.dispatchQueue.send([{ ...dispatch, scheduledFor: now.toISOString(), held, ...(carried.length ? { carried } : {}) }]);
    }
  }
  const next = dispatch ? 'back to dispatch, which defers it' : 'not sent (nothing to re-dispatch it from)';
  await deps.log.append([{ ...logLine(message, now, 'message.held', `not sent now: ${reason}; ${next}`), interactionId: `message.held#${message.reminderId}` }]);
  return { result: 'held', reason };
}

async function deliver(deps: SendChannelMessageDeps, message: ChannelMessage, now: Date): Promise<{ messageId: string }> {
  // SES tags and SMS context come back in delivery events; `reminder` is the message id (the idempotency key).
  const tags = { account: message.accountId, invoice: message.invoiceNumber, reminder: message.reminderId };
  const cost: Record<string, string | number> = message.cost ? { costMicros: message.cost.micros, costCurrency: message.cost.currency } : {};
  switch (message.channel) {
    case 'email':
      return required(deps.senders.email, 'email').send({
        idempotencyKey: message.reminderId,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        date: now,
        tags,
        ...(message.unsubscribeUrl ? { unsubscribeUrl: message.unsubscribeUrl } : {}),
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      });
    case 'sms':
      return required(deps.senders.sms, 'sms').send({
        idempotencyKey: message.reminderId,
        to: message.to,
        body: message.body,
        ...(message.country ? { country: message.country } : {}),
        date: now,
        tags,
        details: { segments: message.segments, encoding: message.encoding, ...cost },
      });
    case 'whatsapp':
      return required(deps.senders.whatsapp, 'whatsapp').send({
        idempotencyKey: message.reminderId,
        to: message.to,
        templateName: message.templateName,
        languageCode: message.languageCode,
        parameters: message.parameters,
        preview: message.preview,
        date: now,
        tags,
        details: { ...cost },
      });
  }
}

function required<T>(sender: T | undefined, channel: Channel): T {
  if (!sender) throw new Error(`no ${channel} sender is configured in this function`);
  return sender;
}

/**
 * The address can never work: record it, free the contact slot, and try the next channel. Shared with
 * asynchronous failures (a hard bounce arrives minutes later as a delivery event).
 */
export async function failPermanently(
  deps: Pick<SendChannelMessageDeps, 'store' | 'log' | 'consents' | 'ledger' | 'dispatchQueue'>,
  message: Pick<ChannelMessage, 'accountId' | 'invoiceNumber' | 'reminderId' | 'channel' | 'to' | 'fallback' | 'dispatch' | 'kind'>,
  now: Date,
  error: PermanentDeliveryError,
  reminders: readonly MessageReminder[],
): Promise<SendOutcome> {
  const optedOut = error.reason === 'opted-out' || error.reason === 'complaint';
  // Our own mistakes (a bad template parameter, WhatsApp not set up) say nothing about the address.
  const aboutAddress = !NOT_ABOUT_THE_ADDRESS.has(error.reason);
  if (aboutAddress) {
    await deps.consents.recordConsent({
      accountId: message.accountId,
      channel: message.channel,
      address: message.to,
      status: optedOut ? 'opted-out' : 'invalid',
      since: now.toISOString(),
      source: `${message.channel}-provider`,
      detail: `${error.reason}: ${error.message}`.slice(0, 300),
    });
  }
  await releaseContact(deps.ledger, message.accountId, message.reminderId);
  const next = (message.fallback ?? [])[0];
  const lines: Interaction[] = [
    { ...logLine(message, now, 'message.failed', `permanent: ${error.message}`, { reason: error.reason }), interactionId: `message.failed#${message.reminderId}#permanent` },
  ];
  if (aboutAddress) {
    lines.push({
      ...logLine(message, now, optedOut ? 'consent.opted-out' : 'contact.invalid', `${message.channel} ${optedOut ? 'opted out' : 'address can never receive'} (${error.reason})`),
      interactionId: `${optedOut ? 'consent.opted-out' : 'contact.invalid'}#${message.reminderId}`,
    });
  }
  if (message.kind === 'installment' && message.dispatch?.kind === 'installment' && next) {
    // An installment's reminder has no reminder records: the re-dispatch just skips the failed channels.
    const failedChannels = [...new Set([...(message.dispatch.failedChannels ?? []), message.channel])];
    await deps.dispatchQueue.send([{ ...message.dispatch, scheduledFor: now.toISOString(), failedChannels }]);
    lines.push({ ...logLine(message, now, 'message.fallback', `${message.channel} failed permanently (${error.reason}); trying ${next}`), interactionId: `message.fallback#${message.reminderId}` });
  } else if ((message.kind ?? 'reminder') === 'reminder' && message.dispatch && (message.dispatch.kind ?? 'reminder') === 'reminder' && next) {
    // They did not reach the debtor: `failed` (not `sent`) lets the re-dispatch carry them on.
    for (const r of reminders) {
      await deps.store.transitionReminder({ accountId: message.accountId, invoiceNumber: r.invoiceNumber }, r.reminderId, ['scheduled', 'merged', 'sent'], 'failed', now.toISOString());
    }
    const dispatch = message.dispatch as DispatchMessage;
    const failedChannels = [...new Set([...(dispatch.failedChannels ?? []), message.channel])];
    const carried = reminders.filter((r) => r.reminderId !== dispatch.reminderId);
    await deps.dispatchQueue.send([{ ...dispatch, scheduledFor: now.toISOString(), failedChannels, ...(carried.length ? { carried } : {}) }]);
    lines.push({ ...logLine(message, now, 'message.fallback', `${message.channel} failed permanently (${error.reason}); trying ${next}`), interactionId: `message.fallback#${message.reminderId}` });
  } else if ((message.kind ?? 'reminder') === 'reminder') {
    for (const r of reminders) {
      await deps.store.transitionReminder({ accountId: message.accountId, invoiceNumber: r.invoiceNumber }, r.reminderId, ['scheduled', 'merged', 'sent'], 'failed', now.toISOString());
    }
  }
  await deps.log.append(lines);
  return { result: 'failed', reason: error.reason, ...(next ? { fallback: next } : {}) };
}

/** Permanent failures caused by our side (template parameters, configuration), not by the debtor's address. */
const NOT_ABOUT_THE_ADDRESS: ReadonlySet<string> = new Set(['invalid-parameter', 'not-configured']);

/** Leaves a held message in the ledger as a contact (for the caps) that speaks for no invoice. */
async function keepContactOnly(ledger: ContactLedger, accountId: string, messageId: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const state = await ledger.getContactState(accountId);
    const entry = state.entries.find((e) => e.messageId === messageId);
    if (!entry || entry.invoiceNumbers.length === 0) return;
    const entries = state.entries.map((e) => (e === entry ? { ...e, invoiceNumbers: [] } : e));
    if (await ledger.saveContactState({ ...state, entries })) return;
  }
  throw new Error(`contact ledger of ${accountId} kept changing; retrying later`);
}

/** Takes a message that never reached the debtor off the ledger, so it counts against no cap. */
async function releaseContact(ledger: ContactLedger, accountId: string, messageId: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const state = await ledger.getContactState(accountId);
    if (!state.entries.some((e) => e.messageId === messageId)) return;
    if (await ledger.saveContactState({ ...state, entries: state.entries.filter((e) => e.messageId !== messageId) })) return;
  }
  throw new Error(`contact ledger of ${accountId} kept changing; retrying later`);
}

function logLine(
  message: Pick<ChannelMessage, 'accountId' | 'invoiceNumber' | 'reminderId' | 'channel'>,
  now: Date,
  type: Interaction['type'],
  detail: string,
  data?: Interaction['data'],
): Interaction {
  return {
    interactionId: `${type}#${message.reminderId}`,
    accountId: message.accountId,
    at: now.toISOString(),
    type,
    invoiceNumber: message.invoiceNumber,
    reminderId: message.reminderId,
    channel: message.channel,
    detail,
    ...(data ? { data } : {}),
  };
}
