import { readFileSync } from 'node:fs';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChannelEventsHandler } from '../../functions/channel-events/app.js';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { sesEvent, smsInboundEvent, smsStatusEvent, whatsappInboundEvent, whatsappStatusEvent } from '../../infra/local/provider-events.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import { defaultPolicy } from '../../shared/domain/policy/parse.js';
import type { Policy } from '../../shared/domain/policy/schema.js';
import type { Account, CadenceStep, Channel, DispatchMessage, EmailMessage, ReminderRecord, SmsMessage, WhatsAppMessage } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { EscalationRequestError } from '../../shared/usecases/escalation-requests.js';
import { handleChannelEvent } from '../../shared/usecases/handle-channel-event.js';
import {
  acceptAll,
  ESCALATION_AWS,
  escalationHarness,
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
  sqsEventAt,
  type EscalationHarness,
} from './harness.js';

const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
let h: EscalationHarness;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/channel-events/${name}`, import.meta.url), 'utf8');

function events(now: string) {
  const clock = fixedClock(now);
  return createChannelEventsHandler({
    store: h.store,
    log: h.log,
    clock,
    consents: h.consents,
    ledger: h.ledger,
    sent: h.sent,
    tasks: h.tasks,
    dispatchQueue: dispatchQueue(),
    queues: channelQueues(),
    policy: new ActivePolicy(h.policies, clock),
    observability,
  });
}

/**
 * The channel-events function as it is deployed: with the escalation store and its queue (promises and
 * disputes in replies reach the escalation), and optionally another policy than the shipped default.
 */
function wiredEvents(now: string, policy: Policy = defaultPolicy) {
  const clock = fixedClock(now);
  return createChannelEventsHandler({
    store: h.store,
    log: h.log,
    clock,
    consents: h.consents,
    ledger: h.ledger,
    sent: h.sent,
    tasks: h.tasks,
    dispatchQueue: dispatchQueue(),
    queues: channelQueues(),
    policy: new ActivePolicy({ getActive: () => Promise.resolve(policy), setActive: () => Promise.resolve() }, clock),
    escalation: h.escalation,
    evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({ region: 'us-east-1' }), ESCALATION_AWS.escalationQueueUrl),
    observability,
  });
}

function dispatcher(now: string, withEscalation = false) {
  const clock = fixedClock(now);
  return createDispatchReminderHandler({
    ...(withEscalation ? { escalation: h.escalation } : {}),
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

interface SentSetup {
  readonly accountId: string;
  readonly channel: Channel;
  readonly providerMessageId: string;
  readonly address: string;
  readonly sentAt: string;
  readonly fallback: readonly Channel[];
  readonly account?: Partial<Account>;
}

/**
 * What a successful send leaves behind: the account with an open invoice, its reminder `sent`, the
 * contact in the ledger and the provider's message id in the sent index.
 */
async function sentReminder(setup: SentSetup): Promise<{ record: ReminderRecord; messageId: string }> {
  const { accountId, channel, sentAt } = setup;
  await h.store.putAccounts([debtor(accountId, setup.account)]);
  await h.store.putInvoices([openInvoice(accountId, 'F-1')]);
  const record: ReminderRecord = { ...scheduledReminder(accountId, 'F-1', `r-${accountId}`, sentAt), status: 'sent' };
  await h.store.putReminder(record);
  const messageId = `m-${accountId}`;
  expect(await h.ledger.saveContactState({ accountId, version: 0, entries: [{ messageId, at: sentAt, channel, invoiceNumbers: ['F-1'] }] })).toBe(true);
  await h.sent.putSent({
    channel,
    providerMessageId: setup.providerMessageId,
    accountId,
    messageId,
    address: setup.address,
    sentAt,
    reminders: [{ invoiceNumber: 'F-1', reminderId: record.reminderId }],
    fallback: setup.fallback,
    kind: 'reminder',
    dispatch: firedMessage(record),
  });
  return { record, messageId };
}

async function status(record: ReminderRecord) {
  return (await h.store.getReminder(record, record.reminderId))?.status;
}

async function types(accountId: string) {
  return (await h.log.listForAccount(accountId)).map((i) => i.type).sort();
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
  scheduler.on(CreateScheduleCommand).resolves({});
});

describe('channel-events: delivery outcomes', () => {
  it('logs a delivery against the message it is about', async () => {
    await sentReminder({ accountId: 'MX-120', channel: 'email', providerMessageId: 'ses-delivered-1', address: 'pagos@ferreteria.example.com', sentAt: '2026-11-26T15:00:00.000Z', fallback: [], account: { phone: '+525511110020' } });
    const body = sesEvent('delivered', 'ses-delivered-1', 'pagos@ferreteria.example.com', { account: 'MX-120' }, new Date('2026-11-26T15:00:02Z'));

    const result = await events('2026-11-26T15:00:05Z')(sqsEvent(body), context);

    expect(result.batchItemFailures).toEqual([]);
    expect((await h.log.listForAccount('MX-120')).filter((i) => i.type === 'message.delivered')).toMatchObject([
      { channel: 'email', reminderId: 'm-MX-120', invoiceNumber: 'F-1', at: '2026-11-26T15:00:02.000Z', detail: expect.stringContaining('250 2.0.0 OK') },
    ]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('a hard bounce of a sent email marks the address invalid, frees the contact and sends the reminder on the next channel', async () => {
    // The SES sample (test/fixtures/channel-events) is about MX-100's reminder email.
    const { record } = await sentReminder({
      accountId: 'MX-100',
      channel: 'email',
      providerMessageId: '0100018c3f4e5a6b-7c8d9e0f-1a2b-4c3d-8e9f-0a1b2c3d4e5f-000000',
      address: 'pagos@ferreteria.example.com',
      sentAt: '2026-11-26T15:00:00.000Z',
      fallback: ['sms'],
      account: { phone: '+525511110021', channels: ['email', 'sms'] },
    });
    const NOW = '2026-11-26T15:00:10.000Z';

    const result = await events(NOW)(sqsEvent(fixture('ses/eventbridge-bounce-permanent.json')), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(await h.consents.listConsents('MX-100')).toEqual([
      { accountId: 'MX-100', channel: 'email', address: 'pagos@ferreteria.example.com', status: 'invalid', since: NOW, source: 'email-provider', detail: expect.stringMatching(/^hard-bounce: .*5\.1\.1/) },
    ]);
    expect((await h.ledger.getContactState('MX-100')).entries).toEqual([]);
    expect(await status(record)).toBe('failed');
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.dispatch });
    const [fallback] = queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch);
    expect(fallback).toEqual({ ...firedMessage(record), scheduledFor: NOW, failedChannels: ['email'] });
    expect(await types('MX-100')).toEqual(['contact.invalid', 'message.bounced', 'message.failed', 'message.fallback']);

    // The re-dispatch never uses the bounced address again.
    await dispatcher('2026-11-26T15:00:12Z')(sqsEvent(fallback), context);
    expect(queued<EmailMessage>(sqs, QUEUE_URLS.email)).toEqual([]);
    expect(queued<SmsMessage>(sqs, QUEUE_URLS.sms)).toMatchObject([{ accountId: 'MX-100', to: '+525511110021', reminders: [{ invoiceNumber: 'F-1', reminderId: record.reminderId }], fallback: [] }]);
  });

  it('a complaint is an opt-out from email: recorded, no fallback, the contact still counts', async () => {
    const { record } = await sentReminder({ accountId: 'MX-121', channel: 'email', providerMessageId: 'ses-complaint-1', address: 'pagos@ferreteria.example.com', sentAt: '2026-11-26T15:00:00.000Z', fallback: ['sms'], account: { phone: '+525511110022', channels: ['email', 'sms'] } });
    const body = sesEvent('complained', 'ses-complaint-1', 'pagos@ferreteria.example.com', {}, new Date('2026-11-26T18:12:00Z'));

    await events('2026-11-26T18:12:03Z')(sqsEvent(body), context);

    expect(await h.consents.listConsents('MX-121')).toEqual([
      { accountId: 'MX-121', channel: 'email', address: 'pagos@ferreteria.example.com', status: 'opted-out', since: '2026-11-26T18:12:00.000Z', source: 'email-complaint', detail: expect.any(String) },
    ]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(await status(record)).toBe('sent');
    expect((await h.ledger.getContactState('MX-121')).entries).toHaveLength(1);
    expect(await types('MX-121')).toEqual(['consent.opted-out', 'message.complained']);
  });

  it('an SMS to an invalid number marks it invalid, one to a number on the opt-out list records the opt-out; both reminders go out by email', async () => {
    const invalid = await sentReminder({ accountId: 'MX-122', channel: 'sms', providerMessageId: 'sms-invalid-1', address: '+525511110023', sentAt: '2026-11-26T15:00:00.000Z', fallback: ['email'], account: { phone: '+525511110023', channels: ['sms', 'email'] } });
    const opted = await sentReminder({ accountId: 'MX-123', channel: 'sms', providerMessageId: 'sms-optout-1', address: '+525511110024', sentAt: '2026-11-26T15:00:00.000Z', fallback: ['email'], account: { phone: '+525511110024', channels: ['sms', 'email'] } });
    const at = new Date('2026-11-26T15:00:03Z');
    const NOW = '2026-11-26T15:00:05.000Z';

    await events(NOW)(
      sqsEvent(smsStatusEvent('TEXT_INVALID', 'sms-invalid-1', '+525511110023', { account: 'MX-122' }, at), smsStatusEvent('TEXT_OPTED_OUT', 'sms-optout-1', '+525511110024', { account: 'MX-123' }, at)),
      context,
    );

    expect(await h.consents.listConsents('MX-122')).toMatchObject([{ channel: 'sms', address: '+525511110023', status: 'invalid', source: 'sms-provider', detail: expect.stringMatching(/^TEXT_INVALID: /) }]);
    expect(await h.consents.listConsents('MX-123')).toMatchObject([{ channel: 'sms', address: '+525511110024', status: 'opted-out', source: 'sms-provider', detail: expect.stringMatching(/^opted-out: TEXT_OPTED_OUT/) }]);
    // Neither text reached the debtor: like a synchronous refusal, the reminder takes the next channel and the contact counts for nothing.
    expect(await status(invalid.record)).toBe('failed');
    expect(await status(opted.record)).toBe('failed');
    expect((await h.ledger.getContactState('MX-123')).entries).toEqual([]);
    expect(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)).toEqual([
      { ...firedMessage(invalid.record), scheduledFor: NOW, failedChannels: ['sms'] },
      { ...firedMessage(opted.record), scheduledFor: NOW, failedChannels: ['sms'] },
    ]);
    expect(await types('MX-123')).toEqual(['consent.opted-out', 'message.failed', 'message.fallback']);
  });

  it('a WhatsApp message failing with Meta 131026 marks the number invalid for WhatsApp and falls back to SMS; a read is logged as opened', async () => {
    const failed = await sentReminder({ accountId: 'MX-124', channel: 'whatsapp', providerMessageId: 'wa-fail-1', address: '+525511110025', sentAt: '2026-11-26T15:00:00.000Z', fallback: ['sms'], account: { phone: '+525511110025', channels: ['whatsapp', 'sms'], whatsappOptIn: true } });
    await sentReminder({ accountId: 'MX-125', channel: 'whatsapp', providerMessageId: 'wa-read-1', address: '+525511110026', sentAt: '2026-11-26T15:00:00.000Z', fallback: ['sms'], account: { phone: '+525511110026', whatsappOptIn: true } });
    const at = new Date('2026-11-26T15:00:04Z');

    await events('2026-11-26T15:00:06Z')(
      sqsEvent(whatsappStatusEvent('failed', 'wa-fail-1', '+525511110025', at, 131026), whatsappStatusEvent('read', 'wa-read-1', '+525511110026', at)),
      context,
    );

    expect(await h.consents.listConsents('MX-124')).toMatchObject([{ channel: 'whatsapp', address: '+525511110025', status: 'invalid', source: 'whatsapp-provider', detail: expect.stringMatching(/131026/) }]);
    expect(await h.consents.listConsents('MX-125')).toEqual([]);
    expect(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)).toEqual([{ ...firedMessage(failed.record), scheduledFor: '2026-11-26T15:00:06.000Z', failedChannels: ['whatsapp'] }]);
    expect(await types('MX-125')).toEqual(['message.opened']);
  });

  it('a WhatsApp message failing with Meta 131050 (the user stopped our messages) is an opt-out, as when Meta refuses it at once', async () => {
    const { record } = await sentReminder({ accountId: 'MX-126', channel: 'whatsapp', providerMessageId: 'wa-optout-1', address: '+525511110027', sentAt: '2026-11-26T15:00:00.000Z', fallback: ['sms'], account: { phone: '+525511110027', channels: ['whatsapp', 'sms'], whatsappOptIn: true } });

    await events('2026-11-26T15:00:06Z')(sqsEvent(whatsappStatusEvent('failed', 'wa-optout-1', '+525511110027', new Date('2026-11-26T15:00:04Z'), 131050)), context);

    expect(await h.consents.listConsents('MX-126')).toMatchObject([{ channel: 'whatsapp', address: '+525511110027', status: 'opted-out', source: 'whatsapp-provider', detail: expect.stringMatching(/^opted-out: 131050/) }]);
    expect(await types('MX-126')).toEqual(['consent.opted-out', 'message.failed', 'message.fallback']);
    expect(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)).toEqual([{ ...firedMessage(record), scheduledFor: '2026-11-26T15:00:06.000Z', failedChannels: ['whatsapp'] }]);
  });

  it('ignores an event about a message it never sent', async () => {
    const result = await events('2026-11-26T15:00:06Z')(sqsEvent(sesEvent('bounced', 'ses-never-sent', 'alguien@example.com', {}, new Date('2026-11-26T15:00:04Z'))), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(await h.log.listForAccount('SYSTEM')).toEqual([]);
  });
});

describe('channel-events: replies', () => {
  const FRIDAY_9_BOGOTA = '2026-12-04T14:00:00.000Z';
  const SMS_STEP: CadenceStep = { id: 'd+3', offsetDays: 3, channel: 'sms', template: 'overdue', tone: 'friendly' };

  it('"STOP" by SMS opts the account out of every automated channel (policy optOut.scope: account, the default): recorded and logged per channel, no answer, no later reminder', async () => {
    // The raw two-way SMS sample is from a Colombian number.
    await h.store.putAccounts([debtor('CO-1', { phone: '+573001234567', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO', email: 'Tesoreria@andina.example.co' })]);
    await h.store.putInvoices([openInvoice('CO-1', 'F-1', { currency: 'COP' })]);

    const result = await events('2026-12-03T20:00:02Z')(sqsEventAt('2026-12-03T20:00:00Z', fixture('sms/raw-inbound-stop.json')), context);

    expect(result.batchItemFailures).toEqual([]);
    const since = '2026-12-03T20:00:00.000Z';
    expect(await h.consents.listConsents('CO-1')).toEqual(
      expect.arrayContaining([
        { accountId: 'CO-1', channel: 'sms', address: '+573001234567', status: 'opted-out', since, source: 'sms-keyword', detail: 'STOP' },
        { accountId: 'CO-1', channel: 'email', address: 'tesoreria@andina.example.co', status: 'opted-out', since, source: 'sms-keyword', detail: 'STOP (by sms; optOut.scope account)' },
        { accountId: 'CO-1', channel: 'whatsapp', address: '+573001234567', status: 'opted-out', since, source: 'sms-keyword', detail: 'STOP (by sms; optOut.scope account)' },
      ]),
    );
    // …and one record per channel for any address a later file brings (address "*").
    expect((await h.consents.listConsents('CO-1')).filter((c) => c.address === '*').map((c) => `${c.channel} ${c.status}`).sort()).toEqual(['email opted-out', 'sms opted-out', 'whatsapp opted-out']);
    expect(await h.consents.listConsents('CO-1')).toHaveLength(6);
    const log = await h.log.listForAccount('CO-1');
    expect(log.filter((i) => i.type === 'consent.opted-out').map((i) => `${i.channel} ${i.detail}`).sort()).toEqual([
      'email email: opted out too: the debtor wrote "STOP" by sms (policy optOut.scope: account)',
      'sms sms: the debtor wrote "STOP"',
      'whatsapp whatsapp: opted out too: the debtor wrote "STOP" by sms (policy optOut.scope: account)',
    ]);
    expect(log.find((i) => i.type === 'reply.received')).toMatchObject({ channel: 'sms', data: { kind: 'opt-out', text: 'STOP' } });
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);

    const r = scheduledReminder('CO-1', 'F-1', 'r-co-1', FRIDAY_9_BOGOTA, SMS_STEP);
    await h.store.putReminder(r);
    await dispatcher('2026-12-04T14:00:05Z')(sqsEvent(firedMessage(r)), context);
    expect(queued(sqs, QUEUE_URLS.sms)).toEqual([]);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    expect(queued(sqs, QUEUE_URLS.whatsapp)).toEqual([]);

    // A later file brings a new email address: the account's STOP still holds for it.
    await h.store.putAccounts([debtor('CO-1', { phone: '+573001234567', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO', email: 'nueva@andina.example.co' })]);
    const again = scheduledReminder('CO-1', 'F-1', 'r-co-1b', FRIDAY_9_BOGOTA, SMS_STEP);
    await h.store.putReminder(again);
    await dispatcher('2026-12-04T14:00:05Z')(sqsEvent(firedMessage(again)), context);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
  });

  it('with policy optOut.scope: channel, "STOP" by SMS stops SMS only: the next reminder goes out by email', async () => {
    await h.store.putAccounts([debtor('CO-2', { phone: '+573001234568', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO', email: 'tesoreria@andina.example.co' })]);
    await h.store.putInvoices([openInvoice('CO-2', 'F-1', { currency: 'COP' })]);
    const policy: Policy = { ...defaultPolicy, optOut: { scope: 'channel' } };

    await wiredEvents('2026-12-03T20:00:02Z', policy)(sqsEvent(smsInboundEvent('+573001234568', 'STOP', new Date('2026-12-03T20:00:00Z'))), context);

    expect(await h.consents.listConsents('CO-2')).toMatchObject([{ channel: 'sms', address: '+573001234568', status: 'opted-out', detail: 'STOP' }]);
    const r = scheduledReminder('CO-2', 'F-1', 'r-co-2', FRIDAY_9_BOGOTA, SMS_STEP);
    await h.store.putReminder(r);
    await dispatcher('2026-12-04T14:00:05Z')(sqsEvent(firedMessage(r)), context);
    expect(queued(sqs, QUEUE_URLS.sms)).toEqual([]);
    expect(queued<EmailMessage>(sqs, QUEUE_URLS.email)).toMatchObject([{ accountId: 'CO-2', to: 'tesoreria@andina.example.co' }]);
  });

  it('"favor de no escribir más a este número" by WhatsApp is an opt-out (not a task while messages go on), for every channel of the account', async () => {
    await h.store.putAccounts([debtor('MX-140', { phone: '+525511110040', email: 'pagos@ferreteria.example.com', whatsappOptIn: true })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(whatsappInboundEvent('+525511110040', 'favor de no escribir más a este número', new Date('2026-12-03T16:00:00Z'))), context);

    expect((await h.consents.listConsents('MX-140')).map((c) => `${c.channel} ${c.address} ${c.status}`).sort()).toEqual([
      'email * opted-out',
      'email pagos@ferreteria.example.com opted-out',
      'sms * opted-out',
      'sms +525511110040 opted-out',
      'whatsapp * opted-out',
      'whatsapp +525511110040 opted-out',
    ]);
    expect(await h.tasks.listOpenTasks('MX-140')).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('"número equivocado" stops that channel only, answers nothing, and asks a person to fix the contact', async () => {
    await h.store.putAccounts([debtor('MX-141', { phone: '+525511110041', email: 'pagos@ferreteria.example.com' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+525511110041', 'Número equivocado, no conozco a esa empresa', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('MX-141')).toMatchObject([{ channel: 'sms', address: '+525511110041', status: 'opted-out' }]);
    expect(await h.tasks.listOpenTasks('MX-141')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^opted out: sms address may not be the debtor's; check the contact data\. The debtor wrote: "Número equivocado/) }]);
    expect((await h.log.listForAccount('MX-141')).find((i) => i.type === 'consent.opted-out')?.detail).toMatch(/only here: not the debtor’s address/);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('a third party ("La persona ya no labora aquí") is handled as a wrong number: that address only, and a person fixes the contact', async () => {
    await h.store.putAccounts([debtor('MX-150', { phone: '+525511110050', email: 'pagos@ferreteria.example.com' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+525511110050', 'La persona ya no labora aquí', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('MX-150')).toMatchObject([{ channel: 'sms', address: '+525511110050', status: 'opted-out' }]);
    expect(await h.tasks.listOpenTasks('MX-150')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^opted out: sms address may not be the debtor's; check the contact data/) }]);
    expect((await h.ledger.getContactState('MX-150')).pausedUntil).toBeUndefined();
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('"El titular falleció" stops that address, holds every reminder of the account and asks a person to decide', async () => {
    await h.store.putAccounts([debtor('MX-151', { phone: '+525511110051', email: 'pagos@ferreteria.example.com' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(whatsappInboundEvent('+525511110051', 'El titular falleció', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('MX-151')).toMatchObject([{ channel: 'whatsapp', address: '+525511110051', status: 'opted-out' }]);
    expect(await h.ledger.getContactState('MX-151')).toMatchObject({ pausedUntil: '2026-12-06T16:00:00.000Z', pauseReason: 'the reply says the debtor has died; a person decides' });
    expect(await h.tasks.listOpenTasks('MX-151')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^opted out: whatsapp; the reply says the debtor has died \(reminders held\)/) }]);
    expect((await h.log.listForAccount('MX-151')).find((i) => i.type === 'consent.opted-out')?.detail).toMatch(/only here: the reply says the debtor has died/);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('"No me escriban a este correo, escriban a pagos@empresa.com" stops that address only and asks a person to record the new one', async () => {
    await h.store.putAccounts([debtor('MX-154', { phone: '+525511110054', email: 'contador@empresa.com' })]);

    // Email replies are not parsed from SES yet (README: SES inbound receiving is not set up): the use case, directly.
    const clock = fixedClock('2026-12-03T16:00:02Z');
    await handleChannelEvent(
      { store: h.store, log: h.log, clock, consents: h.consents, ledger: h.ledger, sent: h.sent, tasks: h.tasks, dispatchQueue: dispatchQueue(), queues: channelQueues(), policy: new ActivePolicy(h.policies, clock) },
      { kind: 'inbound', channel: 'email', from: 'contador@empresa.com', text: 'No me escriban a este correo, escriban a pagos@empresa.com', at: '2026-12-03T16:00:00.000Z', providerMessageId: 'ses-in-154' },
    );

    expect(await h.consents.listConsents('MX-154')).toMatchObject([{ channel: 'email', address: 'contador@empresa.com', status: 'opted-out' }]);
    expect(await h.tasks.listOpenTasks('MX-154')).toMatchObject([
      { type: 'review-reply', text: expect.stringMatching(/^opted out: email at this address only; the debtor asks to be written to at pagos@empresa\.com instead: check it and update the contact/) },
    ]);
    expect((await h.log.listForAccount('MX-154')).find((i) => i.type === 'consent.opted-out')?.detail).toMatch(/only here: asks to be written to at pagos@empresa\.com instead/);
  });

  it('"mejor al correo" by SMS stops SMS only, whatever the policy, and keeps the channel asked for with the reply: the next SMS step goes by email', async () => {
    await h.store.putAccounts([debtor('CO-160', { phone: '+573001234560', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO', email: 'tesoreria@andina.example.co' })]);
    await h.store.putInvoices([openInvoice('CO-160', 'F-1', { currency: 'COP' })]);

    await wiredEvents('2026-12-03T20:00:02Z')(sqsEvent(smsInboundEvent('+573001234560', 'mejor al correo', new Date('2026-12-03T20:00:00Z'))), context);

    expect(await h.consents.listConsents('CO-160')).toMatchObject([{ channel: 'sms', address: '+573001234560', status: 'opted-out', detail: 'mejor al correo' }]);
    const log = await h.log.listForAccount('CO-160');
    expect(log.find((i) => i.type === 'reply.received')).toMatchObject({ data: { kind: 'opt-out', prefers: 'email' } });
    expect(log.find((i) => i.type === 'consent.opted-out')?.detail).toBe('sms: the debtor wrote "mejor al correo" (only here: asks for email instead)');
    expect(await h.tasks.listOpenTasks('CO-160')).toEqual([]);
    expect((await h.ledger.getContactState('CO-160')).pausedUntil).toBeUndefined();
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);

    const r = scheduledReminder('CO-160', 'F-1', 'r-co-160', FRIDAY_9_BOGOTA, SMS_STEP);
    await h.store.putReminder(r);
    await dispatcher('2026-12-04T14:00:05Z')(sqsEvent(firedMessage(r)), context);
    expect(queued(sqs, QUEUE_URLS.sms)).toEqual([]);
    expect(queued<EmailMessage>(sqs, QUEUE_URLS.email)).toMatchObject([{ accountId: 'CO-160', to: 'tesoreria@andina.example.co' }]);
  });

  it('"no more texts, email only" by SMS stops SMS, not the email it asks for', async () => {
    await h.store.putAccounts([debtor('US-161', { phone: '+12025550161', email: 'ap@acme.example', locale: 'en-US', country: 'US', timezone: 'America/New_York' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+12025550161', 'no more texts, email only', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('US-161')).toMatchObject([{ channel: 'sms', address: '+12025550161', status: 'opted-out', detail: 'no more texts' }]);
    expect(await h.tasks.listOpenTasks('US-161')).toEqual([]);
  });

  it('"escríbanme por WhatsApp mejor" by WhatsApp opts nothing out: a person records the preference', async () => {
    await h.store.putAccounts([debtor('MX-162', { phone: '+525511110062', email: 'pagos@ferreteria.example.com', whatsappOptIn: true })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(whatsappInboundEvent('+525511110062', 'escríbanme por WhatsApp mejor', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('MX-162')).toEqual([]);
    expect((await h.log.listForAccount('MX-162')).find((i) => i.type === 'reply.received')).toMatchObject({ data: { kind: 'opt-out', prefers: 'whatsapp' } });
    expect(await h.tasks.listOpenTasks('MX-162')).toMatchObject([
      { type: 'review-reply', text: expect.stringMatching(/^asks to be written to by whatsapp, the channel it came on: nothing opted out; record the preference\. The debtor wrote/) },
    ]);
    expect((await h.ledger.getContactState('MX-162')).pausedUntil).toBeUndefined();
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('"Ya pagué, mejor escríbanme al correo" by SMS stops SMS and holds the other channels until a person has read the payment', async () => {
    await h.store.putAccounts([debtor('MX-163', { phone: '+525511110063', email: 'pagos@ferreteria.example.com' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+525511110063', 'Ya pagué, mejor escríbanme al correo', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('MX-163')).toMatchObject([{ channel: 'sms', status: 'opted-out' }]);
    expect(await h.ledger.getContactState('MX-163')).toMatchObject({ pausedUntil: '2026-12-06T16:00:00.000Z', pauseReason: 'the reply also reads as paid; a person reads it' });
    expect(await h.tasks.listOpenTasks('MX-163')).toMatchObject([
      { type: 'review-reply', text: expect.stringMatching(/^opted out: sms only \(asks for email instead\); the reply also reads as paid \(reminders held\)/) },
    ]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('"please don\'t text me before 9am" opts nothing out: reminders are held and a person records the restriction', async () => {
    await h.store.putAccounts([debtor('US-155', { phone: '+12025550155', email: 'ap@acme.example', locale: 'en-US', country: 'US', timezone: 'America/New_York' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+12025550155', "please don't text me before 9am", new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('US-155')).toEqual([]);
    expect(await h.ledger.getContactState('US-155')).toMatchObject({ pausedUntil: '2026-12-06T16:00:00.000Z', pauseReason: 'the debtor limits when or where to be contacted; a person records it' });
    expect(await h.tasks.listOpenTasks('US-155')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^asks not to be contacted "before 9am" \(reminders held, nothing opted out\)/) }]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('"Do not call the office, call my cell" opts nothing out: reminders are held and a person records where not to call', async () => {
    await h.store.putAccounts([debtor('US-164', { phone: '+12025550164', email: 'ap@acme.example', locale: 'en-US', country: 'US', timezone: 'America/New_York' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+12025550164', 'Do not call the office, call my cell', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('US-164')).toEqual([]);
    expect(await h.ledger.getContactState('US-164')).toMatchObject({ pausedUntil: '2026-12-06T16:00:00.000Z' });
    expect(await h.tasks.listOpenTasks('US-164')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^asks not to be contacted "call the office" \(reminders held, nothing opted out\)/) }]);
  });

  it('"stop the reminders until Friday" is a pause asked for, not a revocation: nothing opted out, reminders held until Friday in the debtor\'s zone, a task', async () => {
    await h.store.putAccounts([debtor('US-165', { phone: '+12025550165', email: 'ap@acme.example', locale: 'en-US', country: 'US', timezone: 'America/New_York' })]);

    // Thursday 3 December, 11:00 in New York.
    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+12025550165', 'stop the reminders until Friday', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('US-165')).toEqual([]);
    expect(await h.ledger.getContactState('US-165')).toMatchObject({ pausedUntil: '2026-12-04T05:00:00.000Z', pauseReason: 'the debtor asks for no messages until 2026-12-04' });
    expect(await h.tasks.listOpenTasks('US-165')).toMatchObject([
      { type: 'review-reply', text: expect.stringMatching(/^asks for no messages until 2026-12-04 \(reminders held until then, nothing opted out: a pause asked for, no revocation\)/) },
    ]);
    expect((await h.log.listForAccount('US-165')).find((i) => i.type === 'reply.received')).toMatchObject({ data: { kind: 'other' } });
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('a pause asked for beyond promises.maxDaysAhead holds reminders for a person to agree a nearer date, not for months', async () => {
    await h.store.putAccounts([debtor('MX-166', { phone: '+525511110066' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+525511110066', 'no me manden mensajes hasta el 20 de febrero', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('MX-166')).toEqual([]);
    expect(await h.ledger.getContactState('MX-166')).toMatchObject({ pausedUntil: '2026-12-06T16:00:00.000Z' });
    expect(await h.tasks.listOpenTasks('MX-166')).toMatchObject([
      { type: 'review-reply', text: expect.stringMatching(/^asks for no messages until 2027-02-20, 79 days ahead, beyond promises\.maxDaysAhead \(45\)/) },
    ]);
  });

  it('a reply that may be asking to stop in words no rule knows holds every reminder until a person has read it', async () => {
    await h.store.putAccounts([debtor('MX-148', { phone: '+525511110048' })]);

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+525511110048', 'nunca más sus mensajes', new Date('2026-12-03T16:00:00Z'))), context);

    expect(await h.consents.listConsents('MX-148')).toEqual([]);
    expect(await h.ledger.getContactState('MX-148')).toMatchObject({ pausedUntil: '2026-12-06T16:00:00.000Z', pauseReason: 'the debtor may be asking to stop; a person reads the reply' });
    expect(await h.tasks.listOpenTasks('MX-148')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^may be asking to stop \(reminders held\): record the opt-out or let them resume/) }]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('"no reconozco la factura F-2" opens a dispute on F-2 (other), acknowledges it, asks for an evaluation; F-2\'s reminders pause, F-1\'s go on', async () => {
    await h.store.putAccounts([debtor('MX-142', { phone: '+525511110042', email: 'pagos@ferreteria.example.com' })]);
    await h.store.putInvoices([openInvoice('MX-142', 'F-1'), openInvoice('MX-142', 'F-2')]);
    const NOW = '2026-12-03T16:00:02.000Z';

    await wiredEvents(NOW)(sqsEvent(smsInboundEvent('+525511110042', 'no reconozco la factura F-2', new Date('2026-12-03T16:00:00Z'))), context);

    const disputes = await h.escalation.listDisputes('MX-142');
    expect(disputes).toMatchObject([{ invoiceNumber: 'F-2', reason: 'other', status: 'open', note: 'no reconozco la factura F-2', openedAt: NOW, slaDueAt: '2026-12-06T16:00:02.000Z' }]);
    const log = await h.log.listForAccount('MX-142');
    expect(log.find((i) => i.type === 'reply.received')).toMatchObject({ data: { kind: 'dispute', disputeReason: 'other', invoiceNumber: 'F-2' } });
    expect(log.find((i) => i.type === 'dispute.opened')).toMatchObject({ invoiceNumber: 'F-2', detail: expect.stringMatching(/^other: no reconozco la factura F-2 \(by the debtor, by sms\)/) });
    expect(queued<EvaluationRequest>(sqs, ESCALATION_AWS.escalationQueueUrl)).toMatchObject([{ accountId: 'MX-142', trigger: { kind: 'dispute' } }]);
    expect(queued<SmsMessage>(sqs, QUEUE_URLS.sms)).toMatchObject([{ accountId: 'MX-142', kind: 'reply', to: '+525511110042', body: expect.stringMatching(/recibimos su aclaraci.n sobre la factura/) }]);
    expect(await h.tasks.listOpenTasks('MX-142')).toEqual([]);

    const disputed = scheduledReminder('MX-142', 'F-2', 'r-142-2', '2026-12-04T15:00:00.000Z');
    const other = scheduledReminder('MX-142', 'F-1', 'r-142-1', '2026-12-04T15:00:00.000Z');
    await h.store.putReminder(disputed);
    await h.store.putReminder(other);
    sqs.resetHistory();
    await dispatcher('2026-12-04T15:00:05Z', true)(sqsEvent(firedMessage(disputed), firedMessage(other)), context);
    expect(queued<EmailMessage>(sqs, QUEUE_URLS.email).map((m) => m.reminders?.map((r) => r.invoiceNumber))).toEqual([['F-1']]);
    expect((await h.log.listForAccount('MX-142')).find((i) => i.reminderId === 'r-142-2' && i.type === 'reminder.skipped')?.detail).toMatch(/invoice in dispute/);
  });

  it('"la mercancía llegó dañada" opens a dispute (damaged) on the only open invoice; with several open, a person is told which could be meant and nothing is guessed', async () => {
    await h.store.putAccounts([debtor('MX-143', { phone: '+525511110043' }), debtor('MX-144', { phone: '+525511110044' })]);
    await h.store.putInvoices([openInvoice('MX-143', 'F-7'), openInvoice('MX-144', 'F-1'), openInvoice('MX-144', 'F-2'), openInvoice('MX-144', 'F-3')]);
    const at = new Date('2026-12-03T16:00:00Z');

    await wiredEvents('2026-12-03T16:00:02Z')(sqsEvent(whatsappInboundEvent('+525511110043', 'la mercancía llegó dañada', at), whatsappInboundEvent('+525511110044', 'la mercancía llegó dañada', at)), context);

    expect(await h.escalation.listDisputes('MX-143')).toMatchObject([{ invoiceNumber: 'F-7', reason: 'damaged', status: 'open' }]);
    expect(await h.escalation.listDisputes('MX-144')).toEqual([]);
    expect(await h.tasks.listOpenTasks('MX-144')).toMatchObject([
      { type: 'review-reply', text: 'dispute (damaged) without saying which invoice: it could be F-1, F-2 or F-3; ask the debtor, do not guess. The debtor wrote: "la mercancía llegó dañada"' },
    ]);
    const acks = queued<WhatsAppMessage>(sqs, QUEUE_URLS.whatsapp);
    expect(acks.map((m) => `${m.accountId} ${m.templateName}`).sort()).toEqual(['MX-143 cobranza_reply_dispute_ack', 'MX-144 cobranza_reply_help_ack']);
  });

  it('"la factura 1001 está bien pero la 1002 no la reconozco" opens the dispute on F-1002, never on F-1001; naming both without saying which asks the debtor', async () => {
    await h.store.putAccounts([debtor('MX-152', { phone: '+525511110052' }), debtor('MX-153', { phone: '+525511110053' })]);
    await h.store.putInvoices([openInvoice('MX-152', 'F-1001'), openInvoice('MX-152', 'F-1002'), openInvoice('MX-153', 'F-1001'), openInvoice('MX-153', 'F-1002')]);
    const at = new Date('2026-12-03T16:00:00Z');

    await wiredEvents('2026-12-03T16:00:02Z')(
      sqsEvent(smsInboundEvent('+525511110052', 'la factura 1001 está bien pero la 1002 no la reconozco', at), smsInboundEvent('+525511110053', 'la 1001 y la 1002 no las reconozco', at)),
      context,
    );

    expect(await h.escalation.listDisputes('MX-152')).toMatchObject([{ invoiceNumber: 'F-1002', reason: 'other', status: 'open' }]);
    expect(await h.escalation.listDisputes('MX-153')).toEqual([]);
    expect(await h.tasks.listOpenTasks('MX-153')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^dispute \(other\) without saying which invoice: it could be F-1001 or F-1002; ask the debtor, do not guess/) }]);
  });

  it('a promise further out than promises.maxDaysAhead, or one the escalation refuses, goes to a person: no pause, no promise; one within the window is recorded', async () => {
    await h.store.putAccounts([debtor('MX-145', { phone: '+525511110045' }), debtor('MX-146', { phone: '+525511110046' }), debtor('MX-147', { phone: '+525511110047' })]);
    const at = new Date('2026-12-03T16:00:00Z'); // Thursday 10:00 in Mexico City

    await wiredEvents('2026-12-03T16:00:02Z')(
      sqsEvent(smsInboundEvent('+525511110045', 'Le pago el 15 de marzo', at), smsInboundEvent('+525511110046', 'le pago el 15 de diciembre', at)),
      context,
    );

    expect(await h.tasks.listOpenTasks('MX-145')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^promise for 2027-03-15 is 102 days ahead, beyond promises\.maxDaysAhead \(45\): not recorded, reminders go on/) }]);
    expect((await h.ledger.getContactState('MX-145')).pausedUntil).toBeUndefined();
    expect(await h.escalation.listPromises('MX-145')).toEqual([]);
    expect(await h.escalation.listPromises('MX-146')).toMatchObject([{ date: '2026-12-15', source: 'sms', status: 'open' }]);
    expect((await h.ledger.getContactState('MX-146')).pausedUntil).toBe('2026-12-18T06:00:00.000Z');

    // The escalation refuses the date (recordPromise's window check): the same review task, no pause.
    const refusing = { ...h.escalation, listPromises: () => Promise.reject(new EscalationRequestError('promise date 2026-12-15 is outside the window')) };
    const clock = fixedClock('2026-12-03T16:00:02Z');
    await createChannelEventsHandler({
      store: h.store, log: h.log, clock, consents: h.consents, ledger: h.ledger, sent: h.sent, tasks: h.tasks, dispatchQueue: dispatchQueue(), queues: channelQueues(),
      policy: new ActivePolicy(h.policies, clock), escalation: refusing as unknown as EscalationHarness['escalation'],
      evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({ region: 'us-east-1' }), ESCALATION_AWS.escalationQueueUrl), observability,
    })(sqsEvent(smsInboundEvent('+525511110047', 'le pago el 15 de diciembre', at)), context);
    expect(await h.tasks.listOpenTasks('MX-147')).toMatchObject([{ type: 'review-reply', text: expect.stringMatching(/^promise for 2026-12-15 refused: promise date 2026-12-15 is outside the window/) }]);
    expect((await h.ledger.getContactState('MX-147')).pausedUntil).toBeUndefined();
  });

  it('"ya pagué" pauses the reminders and asks for the receipt on the same channel; the next reminder waits for the pause to end', async () => {
    // The SNS two-way SMS sample: "Ya pague la factura F-1, les mando el comprobante", Thursday 11:42 in Mexico City.
    await h.store.putAccounts([debtor('MX-130', { phone: '+525512345678' })]);
    await h.store.putInvoices([openInvoice('MX-130', 'F-1')]);

    await events('2026-11-26T17:42:15Z')(sqsEvent(fixture('sms/sns-inbound.json')), context);

    const state = await h.ledger.getContactState('MX-130');
    expect(state).toMatchObject({ pausedUntil: '2026-11-29T17:42:10.250Z', pauseReason: 'the debtor says it is paid; waiting for the payment or receipt' });
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    const [reply] = queued<SmsMessage>(sqs, QUEUE_URLS.sms);
    expect(reply).toEqual({
      accountId: 'MX-130',
      invoiceNumber: '-',
      reminderId: expect.stringMatching(/^reply-[0-9a-f]{24}$/),
      locale: 'es-MX',
      kind: 'reply',
      to: '+525512345678',
      body: expect.stringContaining('comprobante'),
      segments: expect.any(Number),
      encoding: 'GSM-7',
      country: 'MX',
    });
    expect(await types('MX-130')).toEqual(['reminders.paused', 'reply.queued', 'reply.received']);
    expect((await h.log.listForAccount('MX-130')).find((i) => i.type === 'reply.received')?.data).toMatchObject({ kind: 'paid' });

    // Friday 09:00 the F-1 reminder fires: deferred to Monday 08:00 (the pause ends on Sunday), with the pause as the reason.
    const r = scheduledReminder('MX-130', 'F-1', 'r-130', '2026-11-27T15:00:00.000Z');
    await h.store.putReminder(r);
    await dispatcher('2026-11-27T15:00:05Z')(sqsEvent(firedMessage(r)), context);

    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    expect(scheduler).toHaveReceivedCommandExactlyOnceWith(CreateScheduleCommand, { Name: 's-r-130-d1', ScheduleExpression: 'at(2026-11-30T08:00:00)', ScheduleExpressionTimezone: 'America/Mexico_City' });
    expect((await h.log.listForAccount('MX-130')).find((i) => i.type === 'reminder.deferred')?.detail).toMatch(
      /^paused until Sun 2026-11-29 11:42 America\/Mexico_City \(the debtor says it is paid; waiting for the payment or receipt\); deferred to Mon 2026-11-30 08:00/,
    );
  });

  it('"pago el viernes" on a Thursday night in Mexico is a promise for that Friday in the debtor\'s zone (not the next one, as UTC would read it)', async () => {
    await h.store.putAccounts([debtor('MX-131', { phone: '+525511110031' })]);
    const at = new Date('2026-12-04T04:00:00Z'); // Thu 2026-12-03 22:00 in Mexico City, already Friday in UTC

    await events('2026-12-04T04:00:05Z')(sqsEvent(whatsappInboundEvent('+525511110031', 'pago el viernes', at)), context);

    const log = await h.log.listForAccount('MX-131');
    expect(log.find((i) => i.type === 'promise.recorded')).toMatchObject({ channel: 'whatsapp', detail: 'promise to pay on 2026-12-04, by whatsapp', data: { date: '2026-12-04' } });
    // Paused until midnight (local) after the promised day plus two days of grace.
    expect(await h.ledger.getContactState('MX-131')).toMatchObject({ pausedUntil: '2026-12-07T06:00:00.000Z', pauseReason: 'promise to pay on 2026-12-04' });
    const [ack] = queued<WhatsAppMessage>(sqs, QUEUE_URLS.whatsapp);
    expect(ack).toMatchObject({ accountId: 'MX-131', kind: 'reply', to: '+525511110031', templateName: 'cobranza_reply_promise_ack', languageCode: 'es_MX', parameters: expect.arrayContaining(['4 de diciembre de 2026']) });
    expect(queued(sqs, QUEUE_URLS.sms)).toEqual([]);
  });

  it('a request for help becomes a call-back task and an acknowledgement; anything else a task for a collector, unanswered', async () => {
    await h.store.putAccounts([debtor('MX-132', { phone: '+525511110032' })]);
    const at = new Date('2026-12-03T16:00:00Z');
    const help = smsInboundEvent('+525511110032', 'Hola, ¿me pueden llamar?', at);
    const other = smsInboundEvent('+525511110032', 'quien es?', new Date('2026-12-03T16:05:00Z'));

    await events('2026-12-03T16:05:02Z')(sqsEvent(help, other), context);

    expect(await h.tasks.listOpenTasks('MX-132')).toMatchObject([
      { type: 'call-back', status: 'open', createdAt: '2026-12-03T16:00:00.000Z', deadline: '2026-12-04T16:00:00.000Z', text: 'Hola, ¿me pueden llamar?', channel: 'sms' },
      { type: 'review-reply', status: 'open', createdAt: '2026-12-03T16:05:00.000Z', deadline: '2026-12-04T16:05:00.000Z', text: 'quien es?', channel: 'sms' },
    ]);
    const replies = queued<SmsMessage>(sqs, QUEUE_URLS.sms);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ kind: 'reply', to: '+525511110032', body: expect.stringContaining('revisar') });
    expect((await h.ledger.getContactState('MX-132')).pausedUntil).toBeUndefined();

    // SNS delivers the help request again: nothing happens twice.
    await events('2026-12-03T16:06:00Z')(sqsEvent(help), context);
    expect(await h.tasks.listOpenTasks('MX-132')).toHaveLength(2);
    const again = queued<SmsMessage>(sqs, QUEUE_URLS.sms);
    expect(again).toHaveLength(2);
    expect(again[1]!.reminderId).toBe(again[0]!.reminderId);
    expect((await h.log.listForAccount('MX-132')).filter((i) => i.type === 'task.created')).toHaveLength(2);
  });

  it('a number no account has is logged to SYSTEM (its last four digits only) and nothing else happens', async () => {
    const before = await h.tasks.listOpenTasks();

    const result = await events('2026-12-03T16:00:02Z')(sqsEvent(smsInboundEvent('+525599998765', 'ya pagué, BAJA', new Date('2026-12-03T16:00:00Z'))), context);

    expect(result.batchItemFailures).toEqual([]);
    const system = await h.log.listForAccount('SYSTEM');
    expect(system).toMatchObject([{ type: 'reply.received', channel: 'sms', detail: 'from a number no account has (…8765); not acted on' }]);
    expect(JSON.stringify(system)).not.toContain('5599998765');
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(await h.tasks.listOpenTasks()).toEqual(before);
    expect(await h.consents.findAccountsByAddress('sms', '+525599998765')).toEqual([]);
  });
});
