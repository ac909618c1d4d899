import { chooseChannel } from '../domain/channels/choose-channel.js';
import { channelOptionsFor } from '../domain/contact-rules/channel-options.js';
import { channelUsedThisWeek, contactWindowKey } from '../domain/contact-rules/gate.js';
import { contactRulesFor } from '../domain/contact-rules/presets.js';
import { planInstallmentReminders } from '../domain/escalation/installment-reminders.js';
import { endOfLocalDay, localDate } from '../domain/escalation/local-time.js';
import { planStatus } from '../domain/escalation/plan-schedule.js';
import type { PaymentPlan } from '../domain/escalation/types.js';
import { composeInstallmentReminder } from '../domain/messages/installment.js';
import { messageCost } from '../domain/messages/cost.js';
import type { Policy } from '../domain/policy/schema.js';
import { effectiveZone } from '../domain/planning/zone.js';
import type { Account, Channel, ChannelEnvelope, InstallmentReminderMessage, Interaction } from '../domain/types.js';
import type { InteractionLog, ReminderScheduler } from '../ports.js';
import { gate, gateDebtor } from './contact-gate.js';
import { contactMessageId, MAX_DEFERRALS, queueComposed, STALE_AFTER_MS, type DispatchOutcome, type DispatchReminderDeps } from './dispatch-reminder.js';

/**
 * Schedules the reminders of a plan's unpaid installments (`plans.reminderDaysBefore`), one one-time
 * schedule each on the dispatch queue, as invoice reminders are. Deterministic names: a retry, or
 * planning the same plan again, creates nothing twice. Returns how many it scheduled.
 */
export async function scheduleInstallmentReminders(
  deps: { readonly scheduler: ReminderScheduler; readonly log: InteractionLog },
  plan: PaymentPlan,
  account: Account,
  policy: Policy,
  now: Date,
): Promise<number> {
  const planned = planInstallmentReminders({ plan, account, policy, now });
  for (const reminder of planned) {
    await deps.scheduler.schedule({
      name: reminder.scheduleName,
      target: 'dispatch',
      at: reminder.sendAt,
      timezone: reminder.timezone,
      payload: {
        kind: 'installment',
        accountId: plan.accountId,
        planId: plan.planId,
        index: reminder.index,
        dueDate: reminder.dueDate,
        reminderId: reminder.reminderId,
        scheduleName: reminder.scheduleName,
        scheduledFor: reminder.sendAt,
      } satisfies InstallmentReminderMessage,
    });
  }
  if (planned.length > 0) {
    await deps.log.append(
      planned.map(
        (r): Interaction => ({
          interactionId: `installment.scheduled#${r.reminderId}`,
          accountId: plan.accountId,
          at: now.toISOString(),
          type: 'installment.scheduled',
          reminderId: r.reminderId,
          detail: `${ordinal(r.index)} of plan ${plan.planId} (due ${r.dueDate}): reminder at ${r.sendAt}`,
          data: { planId: plan.planId, index: r.index, sendAt: r.sendAt },
        }),
      ),
    );
  }
  return planned.length;
}

/**
 * Runs when an installment reminder's schedule fires (or a fallback re-dispatches it). Like an invoice
 * reminder: re-read the plan and the account; an installment paid or no longer in the plan, a plan
 * completed or broken, a handed-off or written-off account, a stale schedule → skipped, with why.
 * Then choose the channel (the account's preference; opt-outs and invalid addresses never used), pass
 * the contact-rule gate (legal hours, caps, pauses after replies — an installment reminder is a contact
 * like any other), compose it (`upcoming` before the due day, `due-today` on it) and queue it. A
 * reminder the gate defers past the due day is dropped: the plan's own check follows.
 */
export async function remindInstallment(deps: DispatchReminderDeps, message: InstallmentReminderMessage): Promise<DispatchOutcome> {
  const now = deps.clock.now();
  const [account, plans, escalation, policy] = await Promise.all([
    deps.store.getAccount(message.accountId),
    deps.escalation?.listPlans(message.accountId) ?? Promise.resolve([]),
    deps.escalation?.getEscalation(message.accountId),
    deps.policy.get(),
  ]);
  const plan = plans.find((p) => p.planId === message.planId);
  if (!account || !plan) return skip(deps, message, now, account ? `plan ${message.planId} not on file` : 'account no longer on file');
  const zone = effectiveZone(account.timezone);
  const installment = plan.installments[message.index];
  const state = planStatus(plan, now, zone, policy.escalation.plans.installmentGraceDays);
  const reason =
    escalation?.stage === 'hand-off' ? 'account handed off: no automatic reminders'
    : escalation?.stage === 'write-off' ? 'account written off: no automatic reminders'
    : state.status === 'completed' ? 'plan completed'
    : state.status === 'broken' ? 'plan broken'
    : state.status === 'superseded' ? `plan superseded by ${plan.supersededBy ?? 'a newer plan'}`
    : !installment || installment.dueDate !== message.dueDate ? 'installment no longer in the plan'
    : installment.status === 'paid' ? `${ordinal(message.index)} already paid`
    : installment.status !== 'due' ? `${ordinal(message.index)} ${installment.status}`
    : now.getTime() - Date.parse(message.scheduledFor) > STALE_AFTER_MS ? `arrived ${Math.round((now.getTime() - Date.parse(message.scheduledFor)) / 3_600_000)} h late`
    : localDate(now, zone) > installment.dueDate ? `its due day ${installment.dueDate} has passed`
    : undefined;
  if (reason !== undefined || !installment) return skip(deps, message, now, reason ?? 'installment no longer in the plan');

  const [consents, contacts] = await Promise.all([deps.consents.listConsents(account.accountId), deps.ledger.getContactState(account.accountId)]);
  const prefer = channelUsedThisWeek(contacts, now, contactRulesFor(policy, account.country, account.debtorType));
  const chosen = chooseChannel('preferred', account, consents, policy.channels.preference, message.failedChannels ?? [], { ...channelOptionsFor(policy, account), prefer });
  if (!chosen.ok) return skip(deps, message, now, chosen.reason);
  const { channel, address, fallback } = chosen.choice;

  const window = contactWindowKey(now, zone);
  const messageId = contactMessageId(account.accountId, window, channel, message.held ? `${message.reminderId}#h${message.held}` : message.reminderId);
  const decision = await gate(deps, {
    ...gateDebtor(account),
    now,
    policy,
    messageId,
    channel,
    // The gate keeps each subject to one message per window; an installment is its own subject.
    invoiceNumbers: [`${plan.planId}#${message.index}`],
    // Deferred past its due day, an installment reminder has nothing left to say (the plan's check follows).
    notAfter: endOfLocalDay(installment.dueDate, 0, zone),
  });
  if (decision.decision === 'drop') return skip(deps, message, now, decision.reason);
  if (decision.decision === 'defer') return defer(deps, message, decision.until, decision.reason, zone, now);

  const moment = localDate(now, zone) === installment.dueDate ? 'due-today' : 'upcoming';
  const unsubscribeUrl = channel === 'email' ? await deps.unsubscribeLink?.(account.accountId, address) : undefined;
  // The payment link names the plan's oldest open invoice, so a payment made through it is matched.
  const payInvoiceNumber = plan.invoiceNumbers?.length ? await oldestOpen(deps, account.accountId, plan.invoiceNumbers) : undefined;
  const composed = composeInstallmentReminder({
    account,
    channel,
    plan,
    index: message.index,
    moment,
    policy,
    now,
    ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
    ...(payInvoiceNumber ? { payInvoiceNumber } : {}),
  });
  const envelope: ChannelEnvelope = {
    accountId: account.accountId,
    // No invoice: the installment's plan stands in (tags, log lines).
    invoiceNumber: plan.planId,
    reminderId: messageId,
    locale: composed.locale,
    kind: 'installment',
    fallback,
    cost: messageCost(channel, account.country, composed.channel === 'sms' ? composed.segments : 1, policy.channels.prices),
    policyVersion: policy.version,
    template: `installment-${moment}`,
    tone: 'friendly',
    dispatch: message,
  };
  await queueComposed(deps.queues, envelope, composed, address, { country: account.country, unsubscribeUrl });
  await deps.log.append([line(message, now, 'installment.dispatched', `${channel} queued (${moment}, ${ordinal(message.index)} of plan ${plan.planId}: ${installment.amount} ${plan.currency} due ${installment.dueDate})`, channel, { messageId, planId: plan.planId, index: message.index })]);
  return { result: 'queued', channel, invoices: 0 };
}

/** The open invoice of `invoiceNumbers` due first (then by number), if any is still open. */
async function oldestOpen(deps: Pick<DispatchReminderDeps, 'store'>, accountId: string, invoiceNumbers: readonly string[]): Promise<string | undefined> {
  const invoices = await deps.store.getInvoices(invoiceNumbers.map((invoiceNumber) => ({ accountId, invoiceNumber })));
  return [...invoices.values()]
    .filter((i) => i.status === 'open' && i.balance > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNumber.localeCompare(b.invoiceNumber))[0]?.invoiceNumber;
}

async function defer(deps: DispatchReminderDeps, message: InstallmentReminderMessage, until: Date, reason: string, zone: string, now: Date): Promise<DispatchOutcome> {
  const deferrals = (message.deferrals ?? 0) + 1;
  if (deferrals > MAX_DEFERRALS) return skip(deps, message, now, `deferred ${MAX_DEFERRALS} times already (${reason})`);
  const at = until.toISOString();
  await deps.scheduler.schedule({
    name: `${message.scheduleName}-d${deferrals}`,
    target: 'dispatch',
    at,
    timezone: zone,
    payload: { ...message, scheduledFor: at, deferrals } satisfies InstallmentReminderMessage,
  });
  await deps.log.append([line(message, now, 'installment.deferred', reason, undefined, { until: at, deferrals })]);
  return { result: 'deferred', until: at, reason };
}

async function skip(deps: Pick<DispatchReminderDeps, 'log'>, message: InstallmentReminderMessage, now: Date, why: string): Promise<DispatchOutcome> {
  await deps.log.append([line(message, now, 'installment.skipped', why)]);
  return { result: 'skipped', reason: why };
}

/** `the down payment`, `installment 2`: how the log names an installment. */
function ordinal(index: number): string {
  return index === 0 ? 'the down payment' : `installment ${index}`;
}

function line(message: InstallmentReminderMessage, now: Date, type: Interaction['type'], detail: string, channel?: Channel, data?: Interaction['data']): Interaction {
  return {
    interactionId: `${type}#${message.reminderId}${message.deferrals ? `#d${message.deferrals}` : ''}${message.failedChannels?.length ? `#f${message.failedChannels.length}` : ''}`,
    accountId: message.accountId,
    at: now.toISOString(),
    type,
    reminderId: message.reminderId,
    ...(channel ? { channel } : {}),
    detail,
    data: { planId: message.planId, index: message.index, ...data },
  };
}
