import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DependencyException, SendWhatsAppMessageCommand, SocialMessagingClient, ValidationException } from '@aws-sdk/client-socialmessaging';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { createSendWhatsAppHandler } from '../../functions/send-whatsapp/app.js';
import { EndUserMessagingWhatsAppSender, WHATSAPP_NOT_CONFIGURED } from '../../shared/adapters/aws/whatsapp-sender.js';
import type { CadenceStep, DispatchMessage, ReminderRecord, SmsMessage, WhatsAppMessage } from '../../shared/domain/types.js';
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

const social = mockClient(SocialMessagingClient);
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
let h: ChannelHarness;

const FRIDAY_9 = '2026-12-04T15:00:00.000Z';
const SENT_AT = '2026-12-04T15:00:07.000Z';
const PHONE_NUMBER_ID = 'phone-number-id-976c72a700aac43eaf573ae050example';
const WHATSAPP_STEP: CadenceStep = { id: 'd+3', offsetDays: 3, channel: 'whatsapp', template: 'overdue', tone: 'friendly' };

function sender(options: { now?: string; phoneNumberId?: string } = {}) {
  return createSendWhatsAppHandler({
    store: h.store,
    log: h.log,
    consents: h.consents,
    ledger: h.ledger,
    sent: h.sent,
    dispatchQueue: dispatchQueue(),
    policy: new ActivePolicy(h.policies, fixedClock(options.now ?? SENT_AT)),
    senders: {
      whatsapp: new EndUserMessagingWhatsAppSender({ client: new SocialMessagingClient({ region: 'us-east-1' }), originationPhoneNumberId: options.phoneNumberId ?? PHONE_NUMBER_ID }),
    },
    idempotencyStore: h.idempotencyStore,
    clock: fixedClock(options.now ?? SENT_AT),
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

/** A debtor who agreed to WhatsApp (then SMS), one open invoice, a WhatsApp reminder dispatched Friday 09:00. */
async function dispatchedWhatsApp(accountId: string): Promise<{ record: ReminderRecord; message: WhatsAppMessage }> {
  await h.store.putAccounts([debtor(accountId, { channels: ['whatsapp', 'sms'], whatsappOptIn: true })]);
  await h.store.putInvoices([openInvoice(accountId, 'F-1')]);
  const record = scheduledReminder(accountId, 'F-1', `r-${accountId}`, FRIDAY_9, WHATSAPP_STEP);
  await h.store.putReminder(record);
  await dispatcher('2026-12-04T15:00:05Z')(sqsEvent(firedMessage(record)), context);
  const message = queued<WhatsAppMessage>(sqs, QUEUE_URLS.whatsapp).find((m) => m.accountId === accountId);
  if (!message) throw new Error(`no WhatsApp message was queued for ${accountId}`);
  return { record, message };
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
  social.reset();
  social.on(SendWhatsAppMessageCommand).resolves({ messageId: 'wa-0001' });
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({});
});

describe('send-whatsapp handler', () => {
  it('sends the approved utility template as Meta JSON bytes from the linked number, then records it', async () => {
    const { record, message } = await dispatchedWhatsApp('MX-301');

    const result = await sender()(sqsEvent(message), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(social).toHaveReceivedCommandTimes(SendWhatsAppMessageCommand, 1);
    const input = social.commandCalls(SendWhatsAppMessageCommand)[0]!.args[0].input;
    expect(input.originationPhoneNumberId).toBe(PHONE_NUMBER_ID);
    expect(input.metaApiVersion).toBe('v20.0');
    expect(JSON.parse(new TextDecoder().decode(input.message))).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+525512345678',
      type: 'template',
      template: {
        name: message.templateName,
        language: { code: 'es_MX' },
        components: [{ type: 'body', parameters: message.parameters.map((text) => ({ type: 'text', text })) }],
      },
    });
    expect(message.parameters.some((p) => p.includes('F-1'))).toBe(true);
    expect(await status(record)).toBe('sent');
    expect(await h.sent.getSent('whatsapp', 'wa-0001')).toMatchObject({ accountId: 'MX-301', messageId: message.reminderId, address: '+525512345678', fallback: ['sms'] });
    expect((await h.log.listForAccount('MX-301')).filter((i) => i.type === 'message.sent')).toMatchObject([
      { channel: 'whatsapp', detail: 'wa-0001', data: { costMicros: 13_500, costCurrency: 'USD', template: 'overdue' } },
    ]);
  });

  it('sends once when SQS delivers the same message twice', async () => {
    const { message } = await dispatchedWhatsApp('MX-302');
    await sender()(sqsEvent(message), context);
    await sender({ now: '2026-12-04T15:02:00Z' })(sqsEvent(message), context);
    expect(social).toHaveReceivedCommandTimes(SendWhatsAppMessageCommand, 1);
  });

  it('on Meta 131026 (the number has no WhatsApp): marks the number invalid for WhatsApp and the reminder goes out by SMS', async () => {
    social.on(SendWhatsAppMessageCommand).rejects(new ValidationException({ message: 'Message undeliverable (#131026)', $metadata: {} }));
    const { record, message } = await dispatchedWhatsApp('MX-303');

    const result = await sender()(sqsEvent(message), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(await h.consents.listConsents('MX-303')).toMatchObject([{ channel: 'whatsapp', address: '+525512345678', status: 'invalid', source: 'whatsapp-provider', detail: expect.stringMatching(/^no-whatsapp: /) }]);
    expect(await status(record)).toBe('failed');
    const [fallback] = queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch);
    expect(fallback).toEqual({ ...firedMessage(record), scheduledFor: SENT_AT, failedChannels: ['whatsapp'] });

    await dispatcher('2026-12-04T15:00:09Z')(sqsEvent(fallback), context);
    expect(queued<SmsMessage>(sqs, QUEUE_URLS.sms)).toMatchObject([{ accountId: 'MX-303', to: '+525512345678', reminders: [{ invoiceNumber: 'F-1', reminderId: 'r-MX-303' }], fallback: [] }]);
  });

  it('without a linked WhatsApp number: falls back without calling AWS and without blaming the debtor\'s number', async () => {
    const { record, message } = await dispatchedWhatsApp('MX-304');

    await sender({ phoneNumberId: WHATSAPP_NOT_CONFIGURED })(sqsEvent(message), context);

    expect(social).not.toHaveReceivedCommand(SendWhatsAppMessageCommand);
    expect(await h.consents.listConsents('MX-304')).toEqual([]);
    expect(await status(record)).toBe('failed');
    expect(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)).toMatchObject([{ reminderId: record.reminderId, failedChannels: ['whatsapp'] }]);
    const types = (await h.log.listForAccount('MX-304')).map((i) => i.type);
    expect(types).toContain('message.fallback');
    expect(types).not.toContain('contact.invalid');
  });

  it('leaves a Meta outage to the queue\'s retries: no fallback, the number stays good', async () => {
    social.on(SendWhatsAppMessageCommand).rejects(new DependencyException({ message: 'Meta is unavailable', $metadata: {} }));
    const { record, message } = await dispatchedWhatsApp('MX-305');

    await expect(sender()(sqsEvent(message), context)).rejects.toThrow(/All records failed processing/);

    expect(await status(record)).toBe('scheduled');
    expect(await h.consents.listConsents('MX-305')).toEqual([]);
    expect(sqs).not.toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.dispatch });
  });
});
