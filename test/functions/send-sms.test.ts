import { ConflictException, PinpointSMSVoiceV2Client, SendTextMessageCommand, ThrottlingException } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { createSendSmsHandler } from '../../functions/send-sms/app.js';
import { EndUserMessagingSmsSender } from '../../shared/adapters/aws/sms-sender.js';
import type { CadenceStep, DispatchMessage, EmailMessage, ReminderRecord, SmsMessage } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import {
  acceptAll,
  channelHarness,
  channelQueues,
  context,
  debtor,
  dispatchQueue,
  firedMessage,
  fixedClock,
  observability,
  openInvoice,
  QUEUE_URLS,
  queued,
  reminderScheduler,
  scheduledReminder,
  sqsEvent,
  type ChannelHarness,
} from './harness.js';

const smsClient = mockClient(PinpointSMSVoiceV2Client);
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
let h: ChannelHarness;

/** Friday 2026-12-04 09:00 in Mexico City. */
const FRIDAY_9 = '2026-12-04T15:00:00.000Z';
const SENT_AT = '2026-12-04T15:00:07.000Z';
const SMS_STEP: CadenceStep = { id: 'd+3', offsetDays: 3, channel: 'sms', template: 'overdue', tone: 'friendly' };
const IDENTITIES = { MX: 'pool-mx-0a1b2c3d', CO: 'COBRANZA', default: 'phone-number-default-9f8e' };

function sender(now = SENT_AT) {
  return createSendSmsHandler({
    store: h.store,
    log: h.log,
    consents: h.consents,
    ledger: h.ledger,
    sent: h.sent,
    dispatchQueue: dispatchQueue(),
    policy: new ActivePolicy(h.policies, fixedClock(now)),
    senders: {
      sms: new EndUserMessagingSmsSender({ client: new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), originationIdentities: IDENTITIES, configurationSet: 'cobranza-sms' }),
    },
    idempotencyStore: h.idempotencyStore,
    clock: fixedClock(now),
    observability,
  });
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
    observability,
  });
}

/** An account with one open invoice and an SMS reminder due Friday 09:00, dispatched: the SMS as it sits on the SMS queue. */
async function dispatchedSms(accountId: string, extra: Parameters<typeof debtor>[1] = {}): Promise<{ record: ReminderRecord; sms: SmsMessage }> {
  await h.store.putAccounts([debtor(accountId, extra)]);
  await h.store.putInvoices([openInvoice(accountId, 'F-1')]);
  const record = scheduledReminder(accountId, 'F-1', `r-${accountId}`, FRIDAY_9, SMS_STEP);
  await h.store.putReminder(record);
  await dispatcher('2026-12-04T15:00:05Z')(sqsEvent(firedMessage(record)), context);
  const sms = queued<SmsMessage>(sqs, QUEUE_URLS.sms).find((m) => m.accountId === accountId);
  if (!sms) throw new Error(`no SMS was queued for ${accountId}`);
  return { record, sms };
}

async function status(record: ReminderRecord) {
  return (await h.store.getReminder(record, record.reminderId))?.status;
}

beforeAll(async () => {
  h = await channelHarness();
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  smsClient.reset();
  smsClient.on(SendTextMessageCommand).resolves({ MessageId: 'sms-0001' });
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({});
});

describe('send-sms handler', () => {
  it('sends a transactional SMS from the Mexican origination identity with the configuration set and the context, then records it', async () => {
    const { record, sms } = await dispatchedSms('MX-201');

    const result = await sender()(sqsEvent(sms), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(smsClient).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    expect(smsClient.commandCalls(SendTextMessageCommand)[0]!.args[0].input).toEqual({
      DestinationPhoneNumber: '+525512345678',
      OriginationIdentity: 'pool-mx-0a1b2c3d',
      MessageBody: sms.body,
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'cobranza-sms',
      Context: { account: 'MX-201', invoice: 'F-1', reminder: sms.reminderId, idempotencyKey: sms.reminderId },
    });
    expect(sms.body).toContain('F-1');
    expect(await status(record)).toBe('sent');
    expect((await h.log.listForAccount('MX-201')).filter((i) => i.type === 'message.sent')).toMatchObject([
      {
        channel: 'sms',
        reminderId: sms.reminderId,
        detail: 'sms-0001',
        data: { messageId: sms.reminderId, invoices: 1, segments: sms.segments, encoding: 'GSM-7', costMicros: 20_000 * sms.segments, costCurrency: 'USD', template: 'overdue', tone: 'friendly', policyVersion: 1 },
      },
    ]);
    expect(await h.sent.getSent('sms', 'sms-0001')).toMatchObject({
      accountId: 'MX-201',
      messageId: sms.reminderId,
      address: '+525512345678',
      reminders: [{ invoiceNumber: 'F-1', reminderId: 'r-MX-201' }],
      fallback: ['email'],
      kind: 'reminder',
      dispatch: firedMessage(record),
    });
  });

  it('picks the origination identity of the destination country, else the default one', async () => {
    const base: SmsMessage = { accountId: 'CO-1', invoiceNumber: 'F-1', reminderId: 'receipt-co', locale: 'es-CO', kind: 'receipt', to: '+573001234567', body: 'Gracias por su pago', segments: 1, encoding: 'GSM-7', country: 'CO' };
    await sender()(sqsEvent(base, { ...base, accountId: 'US-1', reminderId: 'receipt-us', locale: 'en-US', to: '+12025550123', country: 'US' }), context);

    expect(smsClient).toHaveReceivedCommandWith(SendTextMessageCommand, { DestinationPhoneNumber: '+573001234567', OriginationIdentity: 'COBRANZA' });
    expect(smsClient).toHaveReceivedCommandWith(SendTextMessageCommand, { DestinationPhoneNumber: '+12025550123', OriginationIdentity: 'phone-number-default-9f8e' });
  });

  it('sends once when the dispatch is delivered twice: the same message id is queued again and the sender drops it', async () => {
    const { record, sms } = await dispatchedSms('MX-202');
    await dispatcher('2026-12-04T15:00:31Z')(sqsEvent(firedMessage(record)), context);
    const [first, again] = queued<SmsMessage>(sqs, QUEUE_URLS.sms).filter((m) => m.accountId === 'MX-202');
    expect(again).toEqual(first);

    await sender()(sqsEvent(first), context);
    await sender('2026-12-04T15:00:40Z')(sqsEvent(again), context);

    expect(smsClient).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    expect(smsClient).toHaveReceivedCommandWith(SendTextMessageCommand, { Context: expect.objectContaining({ reminder: sms.reminderId }) });
    expect((await h.log.listForAccount('MX-202')).filter((i) => i.type === 'message.sent')).toHaveLength(1);
    expect(await status(record)).toBe('sent');
  });

  it('on DESTINATION_PHONE_NUMBER_OPTED_OUT: records the opt-out, frees the contact and re-dispatches the reminder, which then goes out by email', async () => {
    smsClient.on(SendTextMessageCommand).rejects(new ConflictException({ message: 'The destination phone number is opted out', $metadata: {}, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT', ResourceType: 'opt-out-list', ResourceId: 'Default' }));
    const { record, sms } = await dispatchedSms('MX-203');
    expect((await h.ledger.getContactState('MX-203')).entries).toHaveLength(1);

    const result = await sender()(sqsEvent(sms), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(await h.consents.listConsents('MX-203')).toEqual([
      { accountId: 'MX-203', channel: 'sms', address: '+525512345678', status: 'opted-out', since: SENT_AT, source: 'sms-provider', detail: expect.stringMatching(/^opted-out: .*DESTINATION_PHONE_NUMBER_OPTED_OUT/) },
    ]);
    expect((await h.ledger.getContactState('MX-203')).entries).toEqual([]);
    expect(await status(record)).toBe('failed');
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.dispatch });
    const [fallback] = queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch);
    expect(fallback).toEqual({ ...firedMessage(record), scheduledFor: SENT_AT, failedChannels: ['sms'] });
    const log = await h.log.listForAccount('MX-203');
    const line = (type: string) => log.find((i) => i.type === type);
    expect(line('message.failed')).toMatchObject({ channel: 'sms', detail: expect.stringMatching(/^permanent: /), data: { reason: 'opted-out' } });
    expect(line('consent.opted-out')).toMatchObject({ channel: 'sms', detail: 'sms opted out (opted-out)' });
    expect(line('message.fallback')).toMatchObject({ channel: 'sms', detail: 'sms failed permanently (opted-out); trying email' });
    expect(line('message.sent')).toBeUndefined();

    // The dispatcher takes the fallback: the next usable channel, a fresh contact in the ledger.
    await dispatcher('2026-12-04T15:00:09Z')(sqsEvent(fallback), context);
    const [email] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(email).toMatchObject({ accountId: 'MX-203', to: 'pagos@ferreteria.example.com', reminders: [{ invoiceNumber: 'F-1', reminderId: 'r-MX-203' }], dispatch: { failedChannels: ['sms'] } });
    expect((await h.ledger.getContactState('MX-203')).entries).toMatchObject([{ channel: 'email', invoiceNumbers: ['F-1'] }]);
  });

  it('retries a throttled send through the queue and sends it once it goes through', async () => {
    smsClient.on(SendTextMessageCommand).rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })).resolves({ MessageId: 'sms-after-throttle' });
    const { record, sms } = await dispatchedSms('MX-204');

    await expect(sender()(sqsEvent(sms), context)).rejects.toThrow(/All records failed processing/);
    expect(await status(record)).toBe('scheduled');
    expect(await h.consents.listConsents('MX-204')).toEqual([]);
    expect(sqs).not.toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.dispatch });
    expect((await h.log.listForAccount('MX-204')).find((i) => i.type === 'message.failed')?.detail).toMatch(/^ThrottlingException: Rate exceeded/);

    const retried = await sender('2026-12-04T15:01:07Z')(sqsEvent(sms), context);
    expect(retried.batchItemFailures).toEqual([]);
    expect(smsClient).toHaveReceivedCommandTimes(SendTextMessageCommand, 2);
    expect(await status(record)).toBe('sent');
  });

  it('does not text a number that said STOP after the message was queued, nor for an invoice paid meanwhile', async () => {
    const stop = await dispatchedSms('MX-205');
    await h.consents.recordConsent({ accountId: 'MX-205', channel: 'sms', address: '+525512345678', status: 'opted-out', since: '2026-12-04T15:00:06.000Z', source: 'sms-keyword', detail: 'STOP' });
    const paid = await dispatchedSms('MX-206');
    await h.store.putInvoices([openInvoice('MX-206', 'F-1', { status: 'paid', balance: 0 })]);

    const result = await sender()(sqsEvent(stop.sms, paid.sms), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(smsClient).not.toHaveReceivedCommand(SendTextMessageCommand);
    expect(await status(stop.record)).toBe('skipped');
    expect(await status(paid.record)).toBe('skipped');
    expect((await h.log.listForAccount('MX-205')).find((i) => i.type === 'reminder.skipped')?.detail).toBe('not sent: opted out of sms');
    expect((await h.log.listForAccount('MX-206')).find((i) => i.type === 'reminder.skipped' && i.channel === 'sms')?.detail).toBe('not sent: invoice paid');
  });
});
