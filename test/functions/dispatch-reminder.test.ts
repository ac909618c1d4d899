import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { signUnsubscribe, verifyUnsubscribe } from '../../shared/domain/channels/unsubscribe-token.js';
import { signPortalToken, verifyPortalToken } from '../../shared/domain/portal/portal-token.js';
import { contactWindowKey } from '../../shared/domain/contact-rules/gate.js';
import type { CadenceStep, DispatchMessage, EmailMessage, ReminderRecord, SmsMessage, WhatsAppMessage } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { contactMessageId } from '../../shared/usecases/dispatch-reminder.js';
import {
  acceptAll,
  account,
  channelHarness,
  channelQueues,
  context,
  debtor,
  firedMessage,
  fixedClock,
  invoice,
  observability,
  openInvoice,
  QUEUE_URLS,
  queued,
  reminderRecord,
  reminderScheduler,
  SCHEDULER,
  scheduledReminder,
  sqsEvent,
  stored,
  type ChannelHarness,
} from './harness.js';

const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
const UNSUBSCRIBE_KEY = 'test-contact-key';
const ZONE = 'America/Mexico_City';
let h: ChannelHarness;

/** Friday 2026-12-04 09:00 in Mexico City, three days after the sample invoices fell due. */
const FRIDAY_9 = '2026-12-04T15:00:00.000Z';
const D3: CadenceStep = { id: 'd+3', offsetDays: 3, channel: 'email', template: 'overdue', tone: 'friendly' };
const SMS_D3: CadenceStep = { ...D3, channel: 'sms' };
const WHATSAPP_D3: CadenceStep = { ...D3, channel: 'whatsapp' };

/** The dispatch function as deployed, its clock at `now` (with the escalation store when given). */
function dispatcher(now: string, escalation?: DynamoDbEscalationStore) {
  const clock = fixedClock(now);
  return createDispatchReminderHandler({
    ...(escalation ? { escalation } : {}),
    store: h.store,
    log: h.log,
    queues: channelQueues(),
    consents: h.consents,
    ledger: h.ledger,
    scheduler: reminderScheduler(clock),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    unsubscribeLink: (accountId, address) =>
      `https://cobranza.example.com/unsubscribe?t=${signUnsubscribe({ accountId, channel: 'email', address }, UNSUBSCRIBE_KEY)}`,
    selfServiceLink: (accountId, issuedAt) => `https://cobranza.example.com/portal?t=${signPortalToken(accountId, issuedAt, UNSUBSCRIBE_KEY)}`,
    observability,
  });
}

/** Fires `record`'s schedule a few seconds after it was due (or at `now`). */
async function fire(record: ReminderRecord, now = new Date(Date.parse(record.sendAt) + 5_000).toISOString(), message: DispatchMessage = firedMessage(record)) {
  return dispatcher(now)(sqsEvent(message), context);
}

async function reminderStatus(record: ReminderRecord) {
  return (await h.store.getReminder(record, record.reminderId))?.status;
}

async function logOf(accountId: string, type?: string) {
  return (await h.log.listForAccount(accountId)).filter((i) => type === undefined || i.type === type);
}

beforeAll(async () => {
  h = await channelHarness();
  await h.store.putAccounts([stored(account)]);
  await h.store.putInvoices([stored(invoice), stored({ ...invoice, invoiceNumber: 'F-2', status: 'paid' as const, balance: 0 })]);
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/cobranza-reminders/x' });
});

const record = (reminderId: string, invoiceNumber: string) => ({ ...reminderRecord(reminderId, invoiceNumber, D3), sendAt: FRIDAY_9 });

describe('dispatch-reminder: re-checks before anything goes out', () => {
  it('renders a personalised Spanish email for an open invoice and queues it, with a signed one-click unsubscribe link', async () => {
    const r1 = record('r1', 'F-1');
    await h.store.putReminder(r1);
    const result = await fire(r1);

    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.email });
    const [body] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(body).toEqual({
      accountId: 'MX-100',
      invoiceNumber: 'F-1',
      reminderId: contactMessageId('MX-100', contactWindowKey(new Date(FRIDAY_9), ZONE), 'email', 'r1'),
      locale: 'es-MX',
      kind: 'reminder',
      reminders: [{ invoiceNumber: 'F-1', reminderId: 'r1' }],
      fallback: [],
      cost: { currency: 'USD', micros: 100 },
      template: 'overdue',
      tone: 'friendly',
      policyVersion: 1,
      dispatch: firedMessage(r1),
      to: 'pagos@ferreteria.example.com',
      subject: expect.stringContaining('F-1'),
      text: expect.any(String),
      html: expect.any(String),
      unsubscribeUrl: expect.stringMatching(/^https:\/\/cobranza\.example\.com\/unsubscribe\?t=/),
      // The policy's reply address (company.replyTo): the email says "respondan a este correo" only with one.
      replyTo: 'cobranza@example.com',
    });
    expect(body!.reminderId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(body!.text).toContain('Ferretería del Norte');
    expect(body!.text).toContain('F-1');
    expect(body!.text).toMatch(/12,345\.67/);
    expect(body!.html).toContain('F-1');
    const token = new URL(body!.unsubscribeUrl!).searchParams.get('t')!;
    expect(verifyUnsubscribe(token, UNSUBSCRIBE_KEY)).toEqual({ accountId: 'MX-100', channel: 'email', address: 'pagos@ferreteria.example.com' });
    // The debtor's self-service page (promise a date, report a problem, accept a plan): a signed link in text and HTML.
    const portal = /¿Necesitan más tiempo, un plan de pagos, o hay un problema con una factura\? Díganoslo aquí: (https:\/\/cobranza\.example\.com\/portal\?t=\S+)/.exec(body!.text)?.[1];
    expect(portal).toBeDefined();
    expect(verifyPortalToken(new URL(portal!).searchParams.get('t')!, UNSUBSCRIBE_KEY, new Date(FRIDAY_9))).toBe('MX-100');
    expect(body!.html).toContain(`href="${portal!}"`);
    expect(await logOf('MX-100', 'reminder.dispatched')).toMatchObject([{ reminderId: 'r1', channel: 'email', data: { messageId: body!.reminderId, invoices: 1 } }]);
    // The contact is in the ledger before the message is on the queue.
    expect((await h.ledger.getContactState('MX-100')).entries).toEqual([
      { messageId: body!.reminderId, at: '2026-12-04T15:00:05.000Z', channel: 'email', invoiceNumbers: ['F-1'] },
    ]);
  });

  it('skips an invoice that was paid meanwhile, with the reason in the log', async () => {
    const r2 = record('r2', 'F-2');
    await h.store.putReminder(r2);
    await fire(r2);

    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(await reminderStatus(r2)).toBe('skipped');
    expect((await logOf('MX-100')).find((i) => i.reminderId === 'r2')).toMatchObject({ type: 'reminder.skipped', detail: 'invoice paid' });
  });

  it('skips a reminder that was cancelled before its schedule fired', async () => {
    const r3 = { ...record('r3', 'F-1'), status: 'cancelled' as const };
    await h.store.putReminder(r3);
    await fire(r3);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect((await logOf('MX-100')).find((i) => i.reminderId === 'r3')).toMatchObject({ type: 'reminder.skipped', detail: 'reminder was cancelled' });
  });

  it('skips a reminder that arrives days late instead of sending a stale message', async () => {
    const r4 = record('r4', 'F-1');
    await h.store.putReminder(r4);
    await fire(r4, '2026-12-04T15:00:05Z', { ...firedMessage(r4), scheduledFor: '2026-11-30T15:00:00.000Z' });
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(await reminderStatus(r4)).toBe('skipped');
    const skipped = (await logOf('MX-100')).find((i) => i.reminderId === 'r4');
    expect(skipped?.detail).toMatch(/late/);
  });
});

describe('dispatch-reminder: contact rules', () => {
  it('defers a Sunday 23:00 reminder in Mexico to Monday 08:00 local with a one-time schedule, and sends it then', async () => {
    await h.store.putAccounts([debtor('MX-200', { phone: undefined })]);
    await h.store.putInvoices([openInvoice('MX-200', 'F-1')]);
    const sunday = scheduledReminder('MX-200', 'F-1', 'r-sun', '2026-12-07T05:00:00.000Z', D3); // Sun 2026-12-06 23:00 local
    await h.store.putReminder(sunday);

    const result = await fire(sunday);

    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(scheduler).toHaveReceivedCommandTimes(CreateScheduleCommand, 1);
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: 's-r-sun-d1',
      GroupName: SCHEDULER.groupName,
      ScheduleExpression: 'at(2026-12-07T08:00:00)',
      ScheduleExpressionTimezone: ZONE,
      ActionAfterCompletion: 'DELETE',
      Target: expect.objectContaining({ Arn: SCHEDULER.targetArn, RoleArn: SCHEDULER.roleArn }),
    });
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    const deferred = JSON.parse(input.Target!.Input!) as DispatchMessage;
    expect(deferred).toEqual({ ...firedMessage(sunday), scheduledFor: '2026-12-07T14:00:00.000Z', deferrals: 1 });
    expect(await reminderStatus(sunday)).toBe('scheduled');
    expect(await logOf('MX-200', 'reminder.deferred')).toMatchObject([
      {
        reminderId: 'r-sun',
        detail: expect.stringMatching(/^outside contact hours \(Sun 2026-12-06 23:00 America\/Mexico_City; MX preset ∩ business hours; .+\); deferred to Mon 2026-12-07 08:00/),
        data: { until: '2026-12-07T14:00:00.000Z', deferrals: 1 },
      },
    ]);
    // Nothing counted against the caps for a message that did not go out.
    expect((await h.ledger.getContactState('MX-200')).entries).toEqual([]);

    // Monday 08:00: the new schedule fires and the reminder goes out.
    await dispatcher('2026-12-07T14:00:04Z')(sqsEvent(deferred), context);
    const [email] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(email).toMatchObject({ accountId: 'MX-200', reminders: [{ invoiceNumber: 'F-1', reminderId: 'r-sun' }], dispatch: { deferrals: 1 } });
  });

  it('sends one message for two invoices of an account due the same day; the second reminder is merged and its own dispatch skipped', async () => {
    await h.store.putAccounts([debtor('MX-300', { phone: undefined })]);
    await h.store.putInvoices([
      openInvoice('MX-300', 'F-1', { amount: 1_234_567, balance: 1_234_567 }),
      openInvoice('MX-300', 'F-2', { amount: 250_000, balance: 250_000 }),
      openInvoice('MX-300', 'F-3', { dueDate: '2026-12-08' }),
    ]);
    const first = scheduledReminder('MX-300', 'F-1', 'r300-1', FRIDAY_9, D3);
    const second = scheduledReminder('MX-300', 'F-2', 'r300-2', '2026-12-04T15:00:00.000Z', D3);
    const nextWeek = scheduledReminder('MX-300', 'F-3', 'r300-3', '2026-12-11T15:00:00.000Z', D3);
    await Promise.all([first, second, nextWeek].map((r) => h.store.putReminder(r)));

    await fire(first);

    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    const [message] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(message!.reminders).toEqual([
      { invoiceNumber: 'F-1', reminderId: 'r300-1' },
      { invoiceNumber: 'F-2', reminderId: 'r300-2' },
    ]);
    expect(message!.text).toContain('F-1');
    expect(message!.text).toContain('F-2');
    expect(message!.text).toMatch(/12,345\.67/);
    expect(message!.text).toMatch(/2,500\.00/);
    expect(message!.text).not.toContain('F-3');
    expect(await reminderStatus(second)).toBe('merged');
    expect(await reminderStatus(nextWeek)).toBe('scheduled');
    expect(await logOf('MX-300', 'reminder.merged')).toMatchObject([{ reminderId: 'r300-2', invoiceNumber: 'F-2', data: { messageId: message!.reminderId } }]);
    expect((await logOf('MX-300', 'reminder.dispatched'))[0]!.detail).toMatch(/with 1 more invoice of this account/);
    expect((await h.ledger.getContactState('MX-300')).entries).toMatchObject([{ messageId: message!.reminderId, invoiceNumbers: ['F-1', 'F-2'] }]);

    // F-2's own schedule fires too: it says nothing more.
    await fire(second);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(await reminderStatus(second)).toBe('merged');
    expect((await logOf('MX-300', 'reminder.skipped')).find((i) => i.reminderId === 'r300-2')?.detail).toBe(
      'included in another message of the same contact window',
    );
  });

  it('names the account\'s other overdue invoice apart, never in the message\'s total nor asked for; an invoice not yet due is not mentioned', async () => {
    await h.store.putAccounts([debtor('MX-350', { phone: undefined })]);
    await h.store.putInvoices([
      openInvoice('MX-350', 'F-1', { amount: 1_856_000, balance: 1_856_000 }),
      // 81 days late on Friday 4 December, its own reminders on other days.
      openInvoice('MX-350', 'F-0934', { amount: 928_000, balance: 928_000, dueDate: '2026-09-14' }),
      openInvoice('MX-350', 'F-1102', { dueDate: '2026-12-11' }),
      openInvoice('MX-350', 'F-0800', { dueDate: '2026-08-01', status: 'paid', balance: 0 }),
    ]);
    const own = scheduledReminder('MX-350', 'F-1', 'r350-1', FRIDAY_9, D3);
    await h.store.putReminder(own);

    await fire(own);

    const [message] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(message!.reminders).toEqual([{ invoiceNumber: 'F-1', reminderId: 'r350-1' }]);
    expect(message!.text).toContain('Factura: F-1\nSaldo pendiente: $18,560.00\nFecha de vencimiento: 1 de diciembre de 2026\nDías de atraso: 3\n\n');
    expect(message!.text).toContain(
      'Para su información, su cuenta tiene además 1 factura vencida que no forma parte de este mensaje: F-0934, por $9,280.00.\n\nPagar en línea: https://pay.example.com/MX-350/F-1',
    );
    expect(message!.text).not.toMatch(/F-1102|F-0800|27,840/);
  });

  it('keeps to the daily cap: a second invoice planned later the same day is deferred to the next allowed day', async () => {
    await h.store.putAccounts([debtor('MX-400', { phone: undefined })]);
    await h.store.putInvoices([openInvoice('MX-400', 'F-1')]);
    const morning = scheduledReminder('MX-400', 'F-1', 'r400-1', FRIDAY_9, D3);
    await h.store.putReminder(morning);
    await fire(morning);
    expect(queued(sqs, QUEUE_URLS.email)).toHaveLength(1);

    // Ingested after the morning message: its reminder was planned for 17:00 local the same Friday.
    await h.store.putInvoices([openInvoice('MX-400', 'F-3', { dueDate: '2026-12-04' })]);
    const evening = scheduledReminder('MX-400', 'F-3', 'r400-3', '2026-12-04T23:00:00.000Z', { ...D3, id: 'd0', offsetDays: 0, template: 'due-today' });
    await h.store.putReminder(evening);
    await fire(evening);

    expect(queued(sqs, QUEUE_URLS.email)).toHaveLength(1);
    expect(scheduler).toHaveReceivedCommandExactlyOnceWith(CreateScheduleCommand, {
      Name: 's-r400-3-d1',
      ScheduleExpression: 'at(2026-12-07T08:00:00)',
      ScheduleExpressionTimezone: ZONE,
    });
    expect((await logOf('MX-400', 'reminder.deferred'))[0]!.detail).toMatch(/^daily cap reached \(1 per day\); deferred to Mon 2026-12-07 08:00/);
    expect((await h.ledger.getContactState('MX-400')).entries).toHaveLength(1);
  });

  it('drops a deferral that would land on or after the invoice\'s next planned reminder', async () => {
    await h.store.putAccounts([debtor('MX-410', { phone: undefined })]);
    await h.store.putInvoices([openInvoice('MX-410', 'F-1'), openInvoice('MX-410', 'F-3', { dueDate: '2026-12-04' })]);
    const morning = scheduledReminder('MX-410', 'F-1', 'r410-1', FRIDAY_9, D3);
    await h.store.putReminder(morning);
    await fire(morning);
    const evening = scheduledReminder('MX-410', 'F-3', 'r410-3', '2026-12-04T23:00:00.000Z', { ...D3, id: 'd0', offsetDays: 0 });
    // Its next step is planned for Monday 08:00 local, the very first moment the deferral could use.
    const mondayStep = scheduledReminder('MX-410', 'F-3', 'r410-3b', '2026-12-07T14:00:00.000Z', D3);
    await Promise.all([evening, mondayStep].map((r) => h.store.putReminder(r)));

    await fire(evening);

    expect(scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
    expect(await reminderStatus(evening)).toBe('skipped');
    expect(await reminderStatus(mondayStep)).toBe('scheduled');
    expect((await logOf('MX-410', 'reminder.skipped')).find((i) => i.reminderId === 'r410-3')?.detail).toMatch(
      /^daily cap reached \(1 per day\); the next allowed moment \(Mon 2026-12-07 08:00\) is not before the next reminder \(Mon 2026-12-07 08:00\)/,
    );
  });
});

describe('dispatch-reminder: channel choice', () => {
  it('renders an SMS within the segment budget for an SMS step and queues it on the SMS queue, email as its fallback', async () => {
    await h.store.putAccounts([debtor('MX-510')]);
    await h.store.putInvoices([openInvoice('MX-510', 'F-1')]);
    const r = scheduledReminder('MX-510', 'F-1', 'r510', FRIDAY_9, SMS_D3);
    await h.store.putReminder(r);

    await fire(r);

    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.sms });
    const [sms] = queued<SmsMessage>(sqs, QUEUE_URLS.sms);
    expect(sms).toEqual({
      accountId: 'MX-510',
      invoiceNumber: 'F-1',
      reminderId: contactMessageId('MX-510', '2026-12-04', 'sms', 'r510'),
      locale: 'es-MX',
      kind: 'reminder',
      reminders: [{ invoiceNumber: 'F-1', reminderId: 'r510' }],
      fallback: ['email'],
      cost: { currency: 'USD', micros: 20_000 * sms!.segments },
      template: 'overdue',
      tone: 'friendly',
      policyVersion: 1,
      dispatch: firedMessage(r),
      to: '+525512345678',
      body: expect.stringContaining('F-1'),
      segments: expect.any(Number),
      encoding: 'GSM-7',
      country: 'MX',
    });
    expect(sms!.segments).toBeGreaterThanOrEqual(1);
    expect(sms!.segments).toBeLessThanOrEqual(2);
  });

  it('never texts a number that opted out of SMS: the next channel of the account\'s preference takes the reminder', async () => {
    await h.store.putAccounts([debtor('MX-500', { channels: ['sms', 'whatsapp', 'email'] })]);
    await h.store.putInvoices([openInvoice('MX-500', 'F-1')]);
    await h.consents.recordConsent({ accountId: 'MX-500', channel: 'sms', address: '+525512345678', status: 'opted-out', since: '2026-12-01T10:00:00.000Z', source: 'sms-keyword', detail: 'BAJA' });
    const r = scheduledReminder('MX-500', 'F-1', 'r500', FRIDAY_9, SMS_D3);
    await h.store.putReminder(r);

    await fire(r);

    expect(sqs).not.toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.sms });
    expect(sqs).not.toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.whatsapp });
    const [email] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(email).toMatchObject({ to: 'pagos@ferreteria.example.com', fallback: [], reminders: [{ invoiceNumber: 'F-1', reminderId: 'r500' }] });
    expect(await logOf('MX-500', 'reminder.dispatched')).toMatchObject([{ channel: 'email', detail: expect.stringMatching(/^email queued/) }]);
  });

  it('never uses WhatsApp without the debtor\'s consent, even when the step or the preference asks for it', async () => {
    await h.store.putAccounts([debtor('MX-600', { channels: ['whatsapp', 'sms'] })]);
    await h.store.putInvoices([openInvoice('MX-600', 'F-1')]);
    const r = scheduledReminder('MX-600', 'F-1', 'r600', FRIDAY_9, WHATSAPP_D3);
    await h.store.putReminder(r);

    await fire(r);

    expect(sqs).not.toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.whatsapp });
    expect(queued<SmsMessage>(sqs, QUEUE_URLS.sms)).toMatchObject([{ to: '+525512345678', fallback: [] }]);
  });

  it('uses WhatsApp with consent (the ingest flag or a later opt-in): an approved template with its parameters', async () => {
    await h.store.putAccounts([debtor('MX-610', { channels: ['whatsapp', 'sms'], whatsappOptIn: true })]);
    await h.store.putInvoices([openInvoice('MX-610', 'F-1')]);
    const r = scheduledReminder('MX-610', 'F-1', 'r610', FRIDAY_9, WHATSAPP_D3);
    await h.store.putReminder(r);

    await fire(r);

    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.whatsapp });
    const [whatsapp] = queued<WhatsAppMessage>(sqs, QUEUE_URLS.whatsapp);
    expect(whatsapp).toEqual({
      accountId: 'MX-610',
      invoiceNumber: 'F-1',
      reminderId: contactMessageId('MX-610', '2026-12-04', 'whatsapp', 'r610'),
      locale: 'es-MX',
      kind: 'reminder',
      reminders: [{ invoiceNumber: 'F-1', reminderId: 'r610' }],
      fallback: ['sms'],
      cost: { currency: 'USD', micros: 13_500 },
      template: 'overdue',
      tone: 'friendly',
      policyVersion: 1,
      dispatch: firedMessage(r),
      to: '+525512345678',
      templateName: expect.stringMatching(/^[a-z0-9_]+$/),
      languageCode: 'es_MX',
      parameters: expect.arrayContaining([expect.stringContaining('F-1')]),
      preview: expect.stringContaining('F-1'),
    });

    // A consent recorded later (the portal) counts as much as the ingest flag…
    await h.store.putAccounts([debtor('MX-620', { channels: ['whatsapp', 'sms'] })]);
    await h.store.putInvoices([openInvoice('MX-620', 'F-1')]);
    await h.consents.recordConsent({ accountId: 'MX-620', channel: 'whatsapp', address: '+525512345678', status: 'opted-in', since: '2026-12-01T00:00:00.000Z', source: 'portal' });
    const opted = scheduledReminder('MX-620', 'F-1', 'r620', FRIDAY_9, WHATSAPP_D3);
    await h.store.putReminder(opted);
    await fire(opted);
    expect(queued(sqs, QUEUE_URLS.whatsapp)).toHaveLength(2);

    // …and an opt-out after the ingest flag wins over it.
    await h.store.putAccounts([debtor('MX-630', { channels: ['whatsapp', 'sms'], whatsappOptIn: true })]);
    await h.store.putInvoices([openInvoice('MX-630', 'F-1')]);
    await h.consents.recordConsent({ accountId: 'MX-630', channel: 'whatsapp', address: '+525512345678', status: 'opted-out', since: '2026-12-02T00:00:00.000Z', source: 'whatsapp-reply' });
    const out = scheduledReminder('MX-630', 'F-1', 'r630', FRIDAY_9, WHATSAPP_D3);
    await h.store.putReminder(out);
    await fire(out);
    expect(queued(sqs, QUEUE_URLS.whatsapp)).toHaveLength(2);
    expect(queued<SmsMessage>(sqs, QUEUE_URLS.sms)).toMatchObject([{ accountId: 'MX-630' }]);
  });
});

describe('dispatch-reminder: at-least-once delivery', () => {
  it('re-queues the very same consolidated message when the dispatch is delivered again', async () => {
    await h.store.putAccounts([debtor('MX-700', { phone: undefined })]);
    await h.store.putInvoices([openInvoice('MX-700', 'F-1'), openInvoice('MX-700', 'F-2', { amount: 250_000, balance: 250_000 })]);
    const first = scheduledReminder('MX-700', 'F-1', 'r700-1', FRIDAY_9, D3);
    const second = scheduledReminder('MX-700', 'F-2', 'r700-2', FRIDAY_9, D3);
    await Promise.all([first, second].map((r) => h.store.putReminder(r)));

    await fire(first);
    await fire(first, '2026-12-04T15:00:40Z');

    const bodies = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[1]!.reminders).toEqual([
      { invoiceNumber: 'F-1', reminderId: 'r700-1' },
      { invoiceNumber: 'F-2', reminderId: 'r700-2' },
    ]);
    expect((await h.ledger.getContactState('MX-700')).entries).toHaveLength(1);
  });

  it('lists every invoice again when the first attempt failed to reach the channel queue', async () => {
    await h.store.putAccounts([debtor('MX-710', { phone: undefined })]);
    await h.store.putInvoices([openInvoice('MX-710', 'F-1'), openInvoice('MX-710', 'F-2', { amount: 250_000, balance: 250_000 })]);
    const first = scheduledReminder('MX-710', 'F-1', 'r710-1', FRIDAY_9, D3);
    const second = scheduledReminder('MX-710', 'F-2', 'r710-2', FRIDAY_9, D3);
    await Promise.all([first, second].map((r) => h.store.putReminder(r)));
    sqs.on(SendMessageBatchCommand).rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' })).callsFake(acceptAll);

    // The whole batch failed: the Lambda fails and SQS delivers the dispatch again.
    await expect(fire(first)).rejects.toThrow(/All records failed processing/);
    const retried = await fire(first, '2026-12-04T15:01:05Z');
    expect(retried.batchItemFailures).toEqual([]);

    const bodies = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[1]!.text).toContain('F-2');
  });
});

describe('dispatch-reminder: the pre-legal letter goes first', () => {
  it('holds back reminders while the account is pre-legal and its letter has not gone out, then lets them through', async () => {
    const escalation = new DynamoDbEscalationStore(h.dynamo.client, h.dynamo.tableNames.Accounts);
    await h.store.putAccounts([debtor('PL-1')]);
    await h.store.putInvoices([openInvoice('PL-1', 'F-1')]);
    expect(await escalation.saveEscalation({ accountId: 'PL-1', stage: 'pre-legal', since: '2026-12-01T15:00:00.000Z', history: [], version: 0 })).toBe(true);
    const r1 = { ...scheduledReminder('PL-1', 'F-1', 'r-pl-1', FRIDAY_9), step: D3 };
    await h.store.putReminder(r1);
    await dispatcher(new Date(Date.parse(FRIDAY_9) + 5_000).toISOString(), escalation)(sqsEvent(firedMessage(r1)), context);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    expect((await h.log.listForAccount('PL-1')).filter((l) => l.type === 'reminder.skipped').map((l) => l.detail)).toEqual([
      'the pre-legal letter goes first: reminders wait until it has gone out',
    ]);

    const record = await escalation.getEscalation('PL-1');
    expect(await escalation.saveEscalation({ ...record, preLegalLetterAt: '2026-12-02T15:00:00.000Z' })).toBe(true);
    const r2 = { ...scheduledReminder('PL-1', 'F-1', 'r-pl-2', FRIDAY_9), step: D3 };
    await h.store.putReminder(r2);
    await dispatcher(new Date(Date.parse(FRIDAY_9) + 5_000).toISOString(), escalation)(sqsEvent(firedMessage(r2)), context);
    expect(queued(sqs, QUEUE_URLS.email)).toHaveLength(1);
  });
});
