import { DateTime } from 'luxon';
import { ANY_ADDRESS } from '../domain/channels/choose-channel.js';
import { PermanentDeliveryError } from '../domain/channels/errors.js';
import { metaPermanentReason, statusToInteraction, type ChannelEvent, type ChannelInboundEvent, type ChannelStatusEvent } from '../domain/channels/events/index.js';
import { composeReply, type ReplyKind } from '../domain/messages/compose.js';
import { effectiveZone } from '../domain/planning/zone.js';
import { classifyReply, type ReplyClassification } from '../domain/replies/classify-reply.js';
import { optOutScope, optOutTargets, sameAddress } from '../domain/replies/opt-out-scope.js';
import { textHash } from '../domain/content-hash.js';
import type { ChannelEnvelope, DispatchQueueMessage, Interaction } from '../domain/types.js';
import type { AccountStore, Clock, ConsentStore, ContactLedger, EscalationStore, InteractionLog, MessageQueue, SentMessageIndex, StoredAccount, TaskStore } from '../ports.js';
import type { ActivePolicy } from './active-policy.js';
import type { EvaluationRequest } from '../config/escalation.js';
import { EscalationNotFoundError, EscalationRequestError, openDispute, recordPromise, type EscalationRequestDeps } from './escalation-requests.js';
import { queueComposed, type ChannelQueues } from './dispatch-reminder.js';
import { failPermanently } from './send-channel-message.js';

export interface HandleChannelEventDeps {
  readonly store: AccountStore;
  readonly log: InteractionLog;
  readonly clock: Clock;
  readonly consents: ConsentStore;
  readonly ledger: ContactLedger;
  readonly sent: SentMessageIndex;
  readonly tasks: TaskStore;
  readonly dispatchQueue: MessageQueue<DispatchQueueMessage>;
  /** Answers to replies (ask for the receipt, acknowledge a promise) go out on the channel the debtor used. */
  readonly queues: ChannelQueues;
  readonly policy: ActivePolicy;
  /**
   * Escalation (issue #5): a promise in a reply becomes a promise to pay that the escalation tracks,
   * a dispute an open dispute (that invoice's reminders pause, its SLA starts). Without it, both go
   * to a person as a review task.
   */
  readonly escalation?: EscalationStore;
  readonly evaluations?: MessageQueue<EvaluationRequest>;
}

export type ChannelEventOutcome =
  | { readonly result: 'logged'; readonly type?: Interaction['type'] }
  | { readonly result: 'fallback' | 'invalid' | 'opted-out' }
  | { readonly result: 'unknown-message' | 'unknown-sender' }
  | { readonly result: 'reply'; readonly kinds: readonly ReplyClassification['kind'][] };

const DAY_MS = 86_400_000;
/**
 * How long reminders are held when a reply may be a request to stop that no rule recognised: long
 * enough for a person to read it (its task is due in a day) across a weekend.
 */
const HOLD_DAYS_FOR_POSSIBLE_OPT_OUT = 3;

/**
 * One event a channel reported back. Delivery outcomes go into the interaction log against the message
 * they are about; a permanent failure marks the address invalid and sends the reminder on the next
 * channel (the same path as a synchronous failure); a complaint is an opt-out. Inbound replies are
 * classified (shared/domain/replies, which also says which intent wins when a reply says several
 * things: opt-out > dispute > paid > promise > help > other) and acted on:
 * - opt-out → an opted-out consent for every automated channel of the account (policy
 *   `optOut.scope: account`, the default) or only the one it came on (`channel`, or when the reply
 *   says the address is not the debtor's or asks for another channel); a reply that only asks for the
 *   channel it came on opts nothing out (a task to record the preference); the channel asked for is
 *   logged with the reply; nothing is answered; a task when the reply says more (a dispute, a payment:
 *   then, when other channels are still open, reminders held until a person has read it) or the
 *   address is not the debtor's; when it says the
 *   debtor has died, every reminder is held too until a person has decided; when it gives another
 *   address to write to, only the address it came from is opted out and a person records the new one;
 * - dispute → an open dispute on the invoice it names, or on the only open one (pause, SLA, evaluation),
 *   and an acknowledgement; several open and none named → a task listing them, never a guess;
 * - "ya pagué" → pause and ask for the receipt;
 * - a promise → pause until its date plus grace, acknowledge; a date beyond `promises.maxDaysAhead`
 *   or refused by the escalation → a task, no pause;
 * - help → a call-back task and an acknowledgement; anything else → a task with the text, and, when
 *   it may be a request to stop in words no rule knows, or only limits when or where to write ("don't
 *   text me before 9am"), reminders held until a person reads it; one asking for no messages only
 *   until a day ("stop the reminders until Friday") holds them until that day (a task, nothing opted out).
 * Every reply is logged. Redelivered events change nothing twice (deterministic ids everywhere).
 */
export async function handleChannelEvent(deps: HandleChannelEventDeps, event: ChannelEvent): Promise<ChannelEventOutcome> {
  return event.kind === 'status' ? handleStatus(deps, event) : handleInbound(deps, event);
}

async function handleStatus(deps: HandleChannelEventDeps, event: ChannelStatusEvent): Promise<ChannelEventOutcome> {
  const ref = await deps.sent.getSent(event.channel, event.providerMessageId);
  if (!ref) return { result: 'unknown-message' };
  const type = statusToInteraction(event.status);
  const base = {
    accountId: ref.accountId,
    at: event.at,
    channel: ref.channel,
    reminderId: ref.messageId,
    ...(ref.reminders[0] ? { invoiceNumber: ref.reminders[0].invoiceNumber } : {}),
  };
  // A permanent `failed` is logged once, by failPermanently below, with what happens next.
  if (type && !(event.permanent && event.status === 'failed')) {
    await deps.log.append([{ ...base, interactionId: `${type}#${event.providerMessageId}`, type, detail: event.detail.slice(0, 300) }]);
  }
  if (!event.permanent) return { result: 'logged', ...(type ? { type } : {}) };

  const now = deps.clock.now();
  if (event.status === 'complained') {
    // The debtor reached the message and said stop: honour it on this channel; no fallback, no argument.
    await deps.consents.recordConsent({
      accountId: ref.accountId,
      channel: ref.channel,
      address: ref.address,
      status: 'opted-out',
      since: event.at,
      source: 'email-complaint',
      detail: event.detail.slice(0, 300),
    });
    await deps.log.append([{ ...base, interactionId: `consent.opted-out#${event.providerMessageId}`, type: 'consent.opted-out', detail: `${ref.channel}: ${event.status}` }]);
    return { result: 'opted-out' };
  }
  const outcome = await failPermanently(
    deps,
    { accountId: ref.accountId, invoiceNumber: base.invoiceNumber ?? '', reminderId: ref.messageId, channel: ref.channel, to: ref.address, fallback: ref.fallback, kind: ref.kind, ...(ref.dispatch ? { dispatch: ref.dispatch } : {}) },
    now,
    new PermanentDeliveryError(event.detail.slice(0, 200), permanentReason(event)),
    ref.reminders,
  );
  if (outcome.result === 'failed' && outcome.fallback) return { result: 'fallback' };
  return { result: outcome.result === 'failed' && outcome.reason === 'opted-out' ? 'opted-out' : 'invalid' };
}

/**
 * A short cause for the consent record: `hard-bounce`, `TEXT_INVALID`, `no-whatsapp`, … An opt-out the
 * provider reports (TEXT_OPTED_OUT, Meta 131050) is `opted-out`, and a Meta code reads as it does when
 * Meta refuses the message at once (meta-errors.ts): the same failure is classified the same way.
 */
function permanentReason(event: ChannelStatusEvent): string {
  if (event.status === 'bounced') return 'hard-bounce';
  if (/OPTED_OUT/i.test(event.detail)) return 'opted-out';
  const code = /^([A-Z_]+|\d{3,6})\b/.exec(event.detail)?.[1];
  const meta = event.channel === 'whatsapp' && code !== undefined ? metaPermanentReason(Number(code)) : undefined;
  return meta ?? code ?? event.status;
}

async function handleInbound(deps: HandleChannelEventDeps, event: ChannelInboundEvent): Promise<ChannelEventOutcome> {
  const accountIds = await deps.consents.findAccountsByAddress(event.channel, event.from);
  const accounts = [...(await deps.store.getAccounts(accountIds)).values()];
  if (accounts.length === 0) {
    await deps.log.append([
      {
        interactionId: `reply.received#${event.providerMessageId}`,
        accountId: 'SYSTEM',
        at: event.at,
        type: 'reply.received',
        channel: event.channel,
        detail: `from a number no account has (…${event.from.slice(-4)}); not acted on`,
      },
    ]);
    return { result: 'unknown-sender' };
  }
  const kinds: ReplyClassification['kind'][] = [];
  for (const account of accounts) kinds.push(await actOnReply(deps, account, event));
  return { result: 'reply', kinds };
}

async function actOnReply(deps: HandleChannelEventDeps, account: StoredAccount, event: ChannelInboundEvent): Promise<ReplyClassification['kind']> {
  const policy = await deps.policy.get();
  const zone = effectiveZone(account.timezone);
  const at = new Date(event.at);
  const openInvoices = (await deps.store.listAccountInvoices(account.accountId))
    .filter((i) => i.status === 'open')
    .map((i) => i.invoiceNumber)
    .sort();
  const reply = classifyReply(event.text, { locale: account.locale, timezone: zone, now: at, openInvoices });
  const id = (what: string) => `${what}#${event.providerMessageId}`;
  const line = (type: Interaction['type'], detail: string, data?: Interaction['data']): Interaction => ({
    interactionId: id(type),
    accountId: account.accountId,
    at: event.at,
    type,
    channel: event.channel,
    detail,
    ...(data ? { data } : {}),
  });
  const lines: Interaction[] = [
    line('reply.received', `${reply.kind}: ${reply.reason}`, {
      kind: reply.kind,
      text: event.text.slice(0, 500),
      ...(reply.kind === 'dispute' ? { disputeReason: reply.disputeReason, invoiceNumber: reply.invoiceNumber ?? null } : {}),
      // The channel the debtor asks to be written to: kept with the reply, whatever was opted out.
      ...(reply.kind === 'opt-out' && reply.prefers !== undefined ? { prefers: reply.prefers } : {}),
    }),
  ];
  /** A task for a collector: `why` first, so the worklist says what to do before what was written. */
  const task = async (type: 'call-back' | 'review-reply', why: string | undefined, summary: string) => {
    const taskId = `t-${hash(`${event.providerMessageId}\u0000${account.accountId}`)}`;
    await deps.tasks.createTask({
      taskId,
      accountId: account.accountId,
      type,
      status: 'open',
      createdAt: event.at,
      deadline: new Date(at.getTime() + DAY_MS).toISOString(),
      text: (why ? `${why}. The debtor wrote: "${event.text}"` : event.text).slice(0, 1000),
      channel: event.channel,
    });
    lines.push(line('task.created', `${summary}${why ? `: ${why}` : ''}`.slice(0, 300), { taskId }));
  };
  const escalation: EscalationRequestDeps | undefined = deps.escalation && deps.evaluations ? { ...deps, escalation: deps.escalation, evaluations: deps.evaluations } : undefined;
  let answer: { kind: ReplyKind; promiseDate?: string } | undefined;

  switch (reply.kind) {
    case 'opt-out': {
      // The law asks for the channel it came on; the policy (default `account`) stops the others too.
      const scope = optOutScope(policy.optOut.scope, reply, event.channel, event.from);
      const newAddress = reply.newAddress !== undefined && !sameAddress(reply.newAddress, event.from) ? reply.newAddress : undefined;
      const narrowed =
        scope === 'channel' && policy.optOut.scope === 'account'
          ? reply.deceased
            ? ' (only here: the reply says the debtor has died)'
            : reply.wrongContact
              ? ' (only here: not the debtor’s address)'
              : reply.prefers !== undefined && reply.prefers !== event.channel
                ? ` (only here: asks for ${reply.prefers} instead)`
                : ` (only here: asks to be written to at ${newAddress} instead)`
          : '';
      for (const target of optOutTargets(account, event.channel, event.from, scope)) {
        await deps.consents.recordConsent({
          accountId: account.accountId,
          channel: target.channel,
          address: target.address,
          status: 'opted-out',
          since: event.at,
          source: event.channel === 'sms' ? 'sms-keyword' : `${event.channel}-reply`,
          detail: target.origin ? reply.keyword : `${reply.keyword} (by ${event.channel}; optOut.scope account)`,
        });
        if (target.address === ANY_ADDRESS) continue; // the account-wide record: the per-address lines say it
        lines.push(
          target.origin
            ? line('consent.opted-out', `${event.channel}: the debtor wrote "${reply.keyword}"${narrowed}`)
            : {
                ...line('consent.opted-out', `${target.channel}: opted out too: the debtor wrote "${reply.keyword}" by ${event.channel} (policy optOut.scope: account)`),
                // One line per address: an email from a colleague and the account's own email are both `email`.
                interactionId: `${id('consent.opted-out')}#${target.channel}-${hash(target.address).slice(0, 8)}`,
                channel: target.channel,
              },
        );
      }
      if (reply.alsoSays && scope !== 'account' && !reply.deceased) {
        // Other channels stay open, and the reply says more (a payment, a promise): none of them writes before a person has read it.
        const until = new Date(at.getTime() + HOLD_DAYS_FOR_POSSIBLE_OPT_OUT * DAY_MS);
        await pause(deps.ledger, account.accountId, until, `the reply also reads as ${reply.alsoSays}; a person reads it`);
        lines.push(line('reminders.paused', `until ${until.toISOString()}: the reply also reads as ${reply.alsoSays}`, { until: until.toISOString() }));
      }
      if (scope === 'none') {
        await task(
          'review-reply',
          `asks to be written to by ${reply.prefers ?? event.channel}, the channel it came on: nothing opted out; record the preference${reply.alsoSays ? `; the reply also reads as ${reply.alsoSays} (reminders held)` : ''}`,
          'read it',
        );
      } else if (reply.deceased) {
        // Nothing more goes to the account, by any channel, until a person has read it and decided.
        const until = new Date(at.getTime() + HOLD_DAYS_FOR_POSSIBLE_OPT_OUT * DAY_MS);
        await pause(deps.ledger, account.accountId, until, 'the reply says the debtor has died; a person decides');
        lines.push(line('reminders.paused', `until ${until.toISOString()}: the reply says the debtor has died`, { until: until.toISOString() }));
        await task('review-reply', `opted out: ${event.channel}; the reply says the debtor has died (reminders held): decide what happens to the account before anything more goes out`, 'read it now');
      } else if (reply.wrongContact) await task('review-reply', `opted out: ${event.channel} address may not be the debtor's; check the contact data`, 'read and fix the contact');
      else if (newAddress !== undefined) {
        await task(
          'review-reply',
          `opted out: ${event.channel} at this address only; the debtor asks to be written to at ${newAddress} instead: check it and update the contact${reply.alsoSays ? `; the reply also reads as ${reply.alsoSays}` : ''}`,
          'read and update the contact',
        );
      }
      else if (reply.alsoSays) {
        await task(
          'review-reply',
          scope === 'account'
            ? `opted out (nothing more is sent by any channel); the reply also reads as ${reply.alsoSays}`
            : `opted out: ${event.channel} only${reply.prefers !== undefined && reply.prefers !== event.channel ? ` (asks for ${reply.prefers} instead)` : ''}; the reply also reads as ${reply.alsoSays} (reminders held)`,
          'read it',
        );
      }
      break;
    }
    case 'dispute': {
      const invoiceNumber = reply.invoiceNumber ?? (openInvoices.length === 1 ? openInvoices[0] : undefined);
      if (invoiceNumber !== undefined && escalation) {
        // openDispute pauses that invoice's reminders, starts the SLA, logs `dispute.opened` and asks for an evaluation.
        await openDispute(escalation, { accountId: account.accountId, invoiceNumber, reason: reply.disputeReason, note: event.text, by: `the debtor, by ${event.channel}` });
        answer = { kind: 'dispute-ack' };
        break;
      }
      const why =
        invoiceNumber !== undefined
          ? `dispute (${reply.disputeReason}) on ${invoiceNumber}: open it by hand (the escalation is not wired here)`
          : openInvoices.length === 0
            ? `dispute (${reply.disputeReason}), but the account has no open invoice`
            : `dispute (${reply.disputeReason}) without saying which invoice: it could be ${listed(openInvoices)}; ask the debtor, do not guess`;
      await task('review-reply', why, 'read and answer');
      answer = { kind: 'help-ack' };
      break;
    }
    case 'paid': {
      const until = new Date(at.getTime() + policy.contactRules.pauseDaysAfterPaidReply * DAY_MS);
      await pause(deps.ledger, account.accountId, until, 'the debtor says it is paid; waiting for the payment or receipt');
      lines.push(line('reminders.paused', `until ${until.toISOString()}: the debtor says it is paid`, { until: until.toISOString() }));
      answer = { kind: 'ask-receipt' };
      break;
    }
    case 'promise': {
      const refused = await promiseRefusal(reply.date, policy.promises.maxDaysAhead);
      if (refused !== undefined) {
        await task('review-reply', `${refused}: not recorded, reminders go on; agree a nearer date with the debtor`, 'read and answer');
        answer = { kind: 'help-ack' };
        break;
      }
      const until = endOfLocalDay(reply.date, zone, policy.contactRules.promiseGraceDays);
      await pause(deps.ledger, account.accountId, until, `promise to pay on ${reply.date}`);
      // recordPromise logs `promise.recorded` itself when the escalation is wired; log it here otherwise.
      if (!escalation) {
        lines.push(
          line('promise.recorded', `promise to pay on ${reply.date}${reply.amountText ? ` (${reply.amountText})` : ''}, by ${event.channel}`, {
            date: reply.date,
            ...(reply.amountText ? { amountText: reply.amountText } : {}),
          }),
        );
      }
      lines.push(line('reminders.paused', `until ${until.toISOString()}: promise to pay on ${reply.date}`, { until: until.toISOString() }));
      answer = { kind: 'promise-ack', promiseDate: reply.date };
      break;
    }
    case 'help':
    case 'other': {
      if (reply.kind === 'other' && reply.mayBeOptOut) {
        // Missing an opt-out is the costly mistake: hold everything until a person has read it.
        const until = new Date(at.getTime() + HOLD_DAYS_FOR_POSSIBLE_OPT_OUT * DAY_MS);
        await pause(deps.ledger, account.accountId, until, 'the debtor may be asking to stop; a person reads the reply');
        lines.push(line('reminders.paused', `until ${until.toISOString()}: the debtor may be asking to stop`, { until: until.toISOString() }));
        await task('review-reply', 'may be asking to stop (reminders held): record the opt-out or let them resume', 'read it now');
        break;
      }
      if (reply.kind === 'other' && reply.limitsContact !== undefined) {
        // Not a request to stop, but a reminder at the time or place the debtor refused must not go out first.
        const until = new Date(at.getTime() + HOLD_DAYS_FOR_POSSIBLE_OPT_OUT * DAY_MS);
        await pause(deps.ledger, account.accountId, until, 'the debtor limits when or where to be contacted; a person records it');
        lines.push(line('reminders.paused', `until ${until.toISOString()}: the debtor limits when or where to be contacted`, { until: until.toISOString() }));
        await task('review-reply', `asks not to be contacted "${reply.limitsContact}" (reminders held, nothing opted out): record the restriction, then let them resume`, 'read it now');
        break;
      }
      if (reply.kind === 'other' && reply.holdUntil !== undefined) {
        // A pause asked for, not a revocation: nothing is opted out; reminders wait for that day (at most promises.maxDaysAhead away).
        const today = DateTime.fromJSDate(at, { zone }).startOf('day');
        const ahead = Math.round(DateTime.fromISO(reply.holdUntil, { zone }).diff(today, 'days').days);
        const tooFar = ahead > policy.promises.maxDaysAhead;
        const until = tooFar ? new Date(at.getTime() + HOLD_DAYS_FOR_POSSIBLE_OPT_OUT * DAY_MS) : DateTime.fromISO(reply.holdUntil, { zone }).startOf('day').toJSDate();
        if (until > at) {
          await pause(deps.ledger, account.accountId, until, `the debtor asks for no messages until ${reply.holdUntil}`);
          lines.push(line('reminders.paused', `until ${until.toISOString()}: the debtor asks for no messages until ${reply.holdUntil}`, { until: until.toISOString() }));
        }
        await task(
          'review-reply',
          tooFar
            ? `asks for no messages until ${reply.holdUntil}, ${ahead} days ahead, beyond promises.maxDaysAhead (${policy.promises.maxDaysAhead}) (reminders held ${HOLD_DAYS_FOR_POSSIBLE_OPT_OUT} days, nothing opted out): agree a nearer date, or record an opt-out if that is what the debtor means`
            : `asks for no messages until ${reply.holdUntil} (reminders held until then, nothing opted out: a pause asked for, no revocation)`,
          'read it',
        );
        break;
      }
      await task(reply.kind === 'help' ? 'call-back' : 'review-reply', undefined, `${reply.kind === 'help' ? 'call back' : 'read and answer'}: ${reply.reason}`);
      if (reply.kind === 'help') answer = { kind: 'help-ack' };
      break;
    }
  }

  if (answer) {
    const composed = composeReply({ account, channel: event.channel, kind: answer.kind, policy, now: deps.clock.now(), ...(answer.promiseDate ? { promiseDate: answer.promiseDate } : {}) });
    const envelope: ChannelEnvelope = {
      accountId: account.accountId,
      invoiceNumber: '-',
      reminderId: `reply-${hash(`${event.providerMessageId}\u0000${account.accountId}\u0000${answer.kind}`)}`,
      locale: composed.locale,
      kind: 'reply',
    };
    await queueComposed(deps.queues, envelope, composed, event.from, { country: account.country });
    lines.push(line('reply.queued', `${answer.kind} by ${event.channel}`));
  }
  await deps.log.append(lines);
  return reply.kind;

  /**
   * Why a promise cannot be recorded, or undefined once it is: a date further than the policy's
   * `promises.maxDaysAhead` from the day the debtor wrote (in their zone), or one the escalation
   * refuses (recordPromise applies the same window to every source). Never a pause of months.
   */
  async function promiseRefusal(date: string, maxDaysAhead: number): Promise<string | undefined> {
    const today = DateTime.fromJSDate(at, { zone }).startOf('day');
    const ahead = Math.round(DateTime.fromISO(date, { zone }).diff(today, 'days').days);
    if (ahead > maxDaysAhead) return `promise for ${date} is ${ahead} days ahead, beyond promises.maxDaysAhead (${maxDaysAhead})`;
    if (!escalation) return undefined;
    try {
      await recordPromise(escalation, { accountId: account.accountId, date, source: event.channel, note: event.text, key: event.providerMessageId });
      return undefined;
    } catch (error) {
      if (error instanceof EscalationRequestError && !(error instanceof EscalationNotFoundError)) return `promise for ${date} refused: ${error.message}`;
      throw error;
    }
  }
}

/** "F-1, F-2 or F-3"; at most ten named, then how many more. */
function listed(invoices: readonly string[]): string {
  const shown = invoices.slice(0, 10);
  const more = invoices.length - shown.length;
  if (more > 0) return `${shown.join(', ')} or ${more} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/** Pauses reminders until `until` (never shortens a longer pause), with an optimistic write. */
export async function pause(ledger: ContactLedger, accountId: string, until: Date, reason: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const state = await ledger.getContactState(accountId);
    if (state.pausedUntil && state.pausedUntil >= until.toISOString()) return;
    if (await ledger.saveContactState({ ...state, pausedUntil: until.toISOString(), pauseReason: reason })) return;
  }
  throw new Error(`contact ledger of ${accountId} kept changing; retrying later`);
}

/** Midnight after local day `date` + `graceDays` in `zone` (a promise for the 15th, grace 2 → 18th 00:00 local). */
function endOfLocalDay(date: string, zone: string, graceDays: number): Date {
  return DateTime.fromISO(date, { zone }).plus({ days: graceDays + 1 }).startOf('day').toJSDate();
}



/** Ids here are 24 hex characters. */
const hash = (text: string): string => textHash(text, 24);
