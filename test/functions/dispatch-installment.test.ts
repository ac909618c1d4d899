import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { createSendEmailHandler } from '../../functions/send-email/app.js';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import { contactWindowKey } from '../../shared/domain/contact-rules/gate.js';
import { planInstallmentReminders } from '../../shared/domain/escalation/installment-reminders.js';
import type { PaymentPlan } from '../../shared/domain/escalation/types.js';
import { defaultPolicy } from '../../shared/domain/policy/parse.js';
import type { CadenceStep, EmailMessage, InstallmentReminderMessage, SmsMessage } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { contactMessageId } from '../../shared/usecases/dispatch-reminder.js';
import {
  acceptAll,
  channelQueues,
  context,
  debtor,
  dispatchQueue,
  firedMessage,
  openInvoice,
  scheduledReminder,
  escalationHarness,
  fixedClock,
  observability,
  QUEUE_URLS,
  queued,
  reminderScheduler,
  SCHEDULER,
  sqsEvent,
  type EscalationHarness,
} from './harness.js';

/**
 * A payment plan's installments get their own reminders through the same scheduler and dispatcher as
 * invoice reminders (issue #5): the dispatch function as deployed, on dynalite, with SQS, Scheduler
 * and SES mocked. The plan: down payment paid on 1 December, 15,000.00 MXN due Thursday 31 December,
 * 15,000.00 MXN due Saturday 30 January (Mexico City).
 */
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
const ses = mockClient(SESv2Client);
const ZONE = 'America/Mexico_City';
const OVERDUE: CadenceStep = { id: 'd+7', offsetDays: 7, channel: 'email', template: 'overdue', tone: 'friendly' };
let h: EscalationHarness;

function plan(accountId: string, extra: Partial<PaymentPlan> = {}): PaymentPlan {
  return {
    planId: `plan-${accountId}`,
    accountId,
    currency: 'MXN',
    total: 5_000_000,
    discountPercent: 0,
    interestWaived: false,
    createdAt: '2026-12-01T15:00:00.000Z',
    status: 'active',
    installments: [
      { dueDate: '2026-12-01', amount: 2_000_000, status: 'paid' },
      { dueDate: '2026-12-31', amount: 1_500_000, status: 'due' },
      { dueDate: '2027-01-30', amount: 1_500_000, status: 'due' },
    ],
    ...extra,
  };
}

/** The reminders the plan's schedules carry (as scheduleInstallmentReminders creates them). */
function messages(p: PaymentPlan): InstallmentReminderMessage[] {
  return planInstallmentReminders({ plan: p, account: { timezone: ZONE, country: 'MX' }, policy: defaultPolicy, now: new Date('2026-12-01T15:00:00Z') }).map((r) => ({
    kind: 'installment',
    accountId: p.accountId,
    planId: p.planId,
    index: r.index,
    dueDate: r.dueDate,
    reminderId: r.reminderId,
    scheduleName: r.scheduleName,
    scheduledFor: r.sendAt,
  }));
}

function dispatcher(now: string) {
  const clock = fixedClock(now);
  return createDispatchReminderHandler({
    store: h.store,
    log: h.log,
    queues: channelQueues(),
    consents: h.consents,
    ledger: h.ledger,
    scheduler: reminderScheduler(clock),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    escalation: h.escalation,
    observability,
  });
}

async function logOf(accountId: string, type: string) {
  return (await h.log.listForAccount(accountId)).filter((i) => i.type === type);
}

async function seed(accountId: string, extra: Partial<PaymentPlan> = {}, phone?: string): Promise<InstallmentReminderMessage[]> {
  await h.store.putAccounts([debtor(accountId, phone ? { phone, channels: ['email', 'sms'] } : {})]);
  const p = plan(accountId, extra);
  await h.escalation.putPlan(p);
  return messages(p);
}

beforeAll(async () => {
  h = await escalationHarness();
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/cobranza-reminders/x' });
  ses.reset();
});

describe('dispatch-reminder: a payment plan installment\'s own reminders', () => {
  it('three days before: a friendly email about that installment (amount, date, what remains, the schedule), on the email queue', async () => {
    const [upcoming] = await seed('PI-1');
    expect(upcoming).toMatchObject({ index: 1, scheduledFor: '2026-12-28T15:00:00.000Z' });

    const result = await dispatcher('2026-12-28T15:00:05.000Z')(sqsEvent(upcoming), context);

    expect(result.batchItemFailures).toEqual([]);
    const [email, ...more] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(more).toEqual([]);
    expect(email).toMatchObject({
      accountId: 'PI-1',
      invoiceNumber: 'plan-PI-1',
      kind: 'installment',
      reminderId: contactMessageId('PI-1', contactWindowKey(new Date('2026-12-28T15:00:05.000Z'), ZONE), 'email', upcoming!.reminderId),
      template: 'installment-upcoming',
      tone: 'friendly',
      to: 'pagos@ferreteria.example.com',
      dispatch: upcoming,
    });
    expect(email!.subject).toContain('31 de diciembre de 2026');
    expect(email!.text).toContain('$15,000.00');
    expect(email!.text).toMatch(/Pago inicial .* pagado/);
    expect(email!.text).not.toMatch(/undefined|NaN/);
    expect((await logOf('PI-1', 'installment.dispatched')).map((l) => l.detail)).toEqual([expect.stringMatching(/^email queued \(upcoming, installment 1 of plan plan-PI-1: 1500000 MXN due 2026-12-31\)$/)]);
  });

  it('on the due day it says "today"; a redelivered schedule queues the very same message (the sender drops the copy)', async () => {
    const [, dueToday] = await seed('PI-2');
    expect(dueToday).toMatchObject({ index: 1, scheduledFor: '2026-12-31T15:00:00.000Z' });

    await dispatcher('2026-12-31T15:00:02.000Z')(sqsEvent(dueToday), context);
    await dispatcher('2026-12-31T15:00:40.000Z')(sqsEvent(dueToday), context);

    const emails = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(emails).toHaveLength(2);
    expect(emails[0]!.reminderId).toBe(emails[1]!.reminderId);
    expect(emails[0]!.template).toBe('installment-due-today');
    expect(emails[0]!.subject.toLowerCase()).toContain('hoy');
  });

  it('skips, with why, an installment already paid, a plan broken or completed, and a handed-off account', async () => {
    const [paid] = await seed('PI-3', { installments: [{ dueDate: '2026-12-01', amount: 2_000_000, status: 'paid' }, { dueDate: '2026-12-31', amount: 1_500_000, status: 'due' }, { dueDate: '2027-01-30', amount: 1_500_000, status: 'due' }] });
    await h.escalation.putPlan({ ...plan('PI-3'), installments: [{ dueDate: '2026-12-01', amount: 2_000_000, status: 'paid' }, { dueDate: '2026-12-31', amount: 1_500_000, status: 'paid' }, { dueDate: '2027-01-30', amount: 1_500_000, status: 'due' }] });
    const [broken] = await seed('PI-4');
    await h.escalation.putPlan({ ...plan('PI-4'), status: 'broken' });
    const [completed] = await seed('PI-5');
    await h.escalation.putPlan({ ...plan('PI-5'), status: 'completed' });
    const [handedOff] = await seed('PI-6');
    expect(await h.escalation.saveEscalation({ accountId: 'PI-6', stage: 'hand-off', since: '2026-12-20T15:00:00.000Z', history: [], version: 0, handOff: { to: 'agency', at: '2026-12-20T15:00:00.000Z', packageKey: 'escalation/hand-off/PI-6/x.json' } })).toBe(true);

    const result = await dispatcher('2026-12-28T15:00:05.000Z')(sqsEvent(paid, broken, completed, handedOff), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect((await logOf('PI-3', 'installment.skipped')).map((l) => l.detail)).toEqual(['installment 1 already paid']);
    expect((await logOf('PI-4', 'installment.skipped')).map((l) => l.detail)).toEqual(['plan broken']);
    expect((await logOf('PI-5', 'installment.skipped')).map((l) => l.detail)).toEqual(['plan completed']);
    expect((await logOf('PI-6', 'installment.skipped')).map((l) => l.detail)).toEqual(['account handed off: no automatic reminders']);
  });

  it('obeys the contact rules: fired on a Saturday it is deferred to Monday 08:00 (a new schedule), never past the due day', async () => {
    const [upcoming] = await seed('PI-7');
    const saturday = { ...upcoming!, scheduledFor: '2026-12-26T15:00:00.000Z' };

    const result = await dispatcher('2026-12-26T15:00:05.000Z')(sqsEvent(saturday), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(scheduler).toHaveReceivedCommandTimes(CreateScheduleCommand, 1);
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Name: `${upcoming!.scheduleName}-d1`, GroupName: SCHEDULER.groupName, ScheduleExpression: 'at(2026-12-28T08:00:00)', ScheduleExpressionTimezone: ZONE });
    expect(JSON.parse(input.Target!.Input!)).toEqual({ ...saturday, scheduledFor: '2026-12-28T14:00:00.000Z', deferrals: 1 });

    // The due-day reminder of the Saturday installment (30 January) was never planned; one fired late on
    // Saturday evening would wait for Monday, after its due day: it is dropped instead.
    const [, , lastOne] = messages(plan('PI-7'));
    expect(lastOne).toMatchObject({ index: 2, dueDate: '2027-01-30' });
    scheduler.reset();
    await h.escalation.putPlan({ ...plan('PI-7'), installments: plan('PI-7').installments.map((i, n) => (n === 1 ? { ...i, status: 'paid' as const } : i)) });
    await dispatcher('2027-01-30T15:00:00.000Z')(sqsEvent({ ...lastOne!, scheduledFor: '2027-01-30T15:00:00.000Z' }), context);
    expect(scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    // (Monday 1 February 2027 is a public holiday in Mexico: the next allowed moment is Tuesday.)
    expect((await logOf('PI-7', 'installment.skipped')).map((l) => l.detail)).toEqual([expect.stringMatching(/^outside contact hours \(Sat 2027-01-30 .*the next allowed moment \(Tue 2027-02-02 08:00\) is not before/)]);
  });

  it('honours opt-outs: an account that unsubscribed from email gets it by SMS, within its segment budget', async () => {
    const [upcoming] = await seed('PI-8', {}, '+525512345678');
    await h.consents.recordConsent({ accountId: 'PI-8', channel: 'email', address: 'pagos@ferreteria.example.com', status: 'opted-out', since: '2026-12-10T00:00:00.000Z', source: 'email-unsubscribe' });

    await dispatcher('2026-12-28T15:00:05.000Z')(sqsEvent(upcoming), context);

    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    const [sms] = queued<SmsMessage>(sqs, QUEUE_URLS.sms);
    expect(sms).toMatchObject({ kind: 'installment', to: '+525512345678', encoding: 'GSM-7', country: 'MX' });
    expect(sms!.segments).toBeLessThanOrEqual(defaultPolicy.channels.sms.segmentBudget);
    expect(sms!.body).toContain('$15,000.00');
  });

  it('a hard bounce falls back: the sender re-dispatches the installment reminder with email marked as failed', async () => {
    const [upcoming] = await seed('PI-9', {}, '+525512345679');
    await dispatcher('2026-12-28T15:00:05.000Z')(sqsEvent(upcoming), context);
    const [email] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(email!.fallback).toEqual(['sms']);
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is on the suppression list', $metadata: {} }));
    const clock = fixedClock('2026-12-28T15:01:00.000Z');
    const sender = createSendEmailHandler({
      store: h.store,
      log: h.log,
      clock,
      consents: h.consents,
      ledger: h.ledger,
      sent: h.sent,
      dispatchQueue: dispatchQueue(),
    policy: new ActivePolicy(h.policies, clock),
      senders: { email: new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), { from: 'cobranza@example.com' }) },
      idempotencyStore: h.idempotencyStore,
      observability,
    });

    await sender(sqsEvent(email), context);

    const [again] = queued<InstallmentReminderMessage>(sqs, QUEUE_URLS.dispatch);
    expect(again).toEqual({ ...upcoming, scheduledFor: '2026-12-28T15:01:00.000Z', failedChannels: ['email'] });
    sqs.resetHistory();
    await dispatcher('2026-12-28T15:01:05.000Z')(sqsEvent(again), context);
    expect(queued<SmsMessage>(sqs, QUEUE_URLS.sms)).toEqual([expect.objectContaining({ kind: 'installment', to: '+525512345679' })]);
  });

  it('while the plan is on track, the reminders of the invoices it settles pause; another invoice, or a broken plan, is reminded again', async () => {
    await h.store.putAccounts([debtor('PI-10')]);
    await h.store.putInvoices([
      openInvoice('PI-10', 'P-1', { dueDate: '2026-11-20' }),
      openInvoice('PI-10', 'P-2', { dueDate: '2026-12-20', issueDate: '2026-12-05' }),
    ]);
    await h.escalation.putPlan({ ...plan('PI-10'), invoiceNumbers: ['P-1'] });
    const inPlan = scheduledReminder('PI-10', 'P-1', 'r-p1', '2026-12-28T15:00:00.000Z', OVERDUE);
    const outside = scheduledReminder('PI-10', 'P-2', 'r-p2', '2026-12-28T15:00:00.000Z', OVERDUE);
    await h.store.putReminder(inPlan);
    await h.store.putReminder(outside);

    await dispatcher('2026-12-28T15:00:05.000Z')(sqsEvent(firedMessage(inPlan), firedMessage(outside)), context);

    expect((await logOf('PI-10', 'reminder.skipped')).map((l) => l.detail)).toEqual(['invoice in payment plan plan-PI-10: its installments have their own reminders']);
    // P-2 (not in the plan) goes out alone: P-1 is not merged into its message.
    const [email] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(email!.reminders).toEqual([{ invoiceNumber: 'P-2', reminderId: 'r-p2' }]);

    // Broken plan (installment 1 unpaid past 31 December + 2 days' grace): P-1 is reminded again.
    sqs.resetHistory();
    const later = scheduledReminder('PI-10', 'P-1', 'r-p1-later', '2027-01-05T15:00:00.000Z', OVERDUE);
    await h.store.putReminder(later);
    await dispatcher('2027-01-05T15:00:05.000Z')(sqsEvent(firedMessage(later)), context);
    expect(queued<EmailMessage>(sqs, QUEUE_URLS.email).map((e) => e.invoiceNumber)).toEqual(['P-1']);
  });

  it('the payment link names the plan\'s oldest open invoice, so a payment made through it is matched to the plan', async () => {
    await h.store.putAccounts([debtor('PI-11')]);
    await h.store.putInvoices([
      openInvoice('PI-11', 'Q-0', { dueDate: '2026-09-01', status: 'paid', balance: 0 }),
      openInvoice('PI-11', 'Q-2', { dueDate: '2026-11-10' }),
      openInvoice('PI-11', 'Q-1', { dueDate: '2026-10-15' }),
    ]);
    const p = { ...plan('PI-11'), invoiceNumbers: ['Q-0', 'Q-1', 'Q-2'] };
    await h.escalation.putPlan(p);
    const [upcoming] = messages(p);

    await dispatcher('2026-12-28T15:00:05.000Z')(sqsEvent(upcoming), context);

    const [email] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(email!.text).toContain('https://pay.example.com/PI-11/Q-1');
    expect(email!.text).not.toContain('plan-PI-11');
  });
});
