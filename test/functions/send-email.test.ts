import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { createSendEmailHandler } from '../../functions/send-email/app.js';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import type { DispatchMessage, EmailMessage, ReminderRecord, SmsMessage } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import {
  acceptAll,
  account,
  channelHarness,
  channelQueues,
  context,
  debtor,
  dispatchQueue,
  firedMessage,
  fixedClock,
  invoice,
  observability,
  openInvoice,
  QUEUE_URLS,
  queued,
  reminderRecord,
  reminderScheduler,
  scheduledReminder,
  sqsEvent,
  stored,
  type ChannelHarness,
} from './harness.js';

const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
const NOW = '2026-11-26T15:00:00.000Z';
let h: ChannelHarness;
let handler: ReturnType<typeof createSendEmailHandler>;

const reminder = (reminderId: string, invoiceNumber = 'F-1') => reminderRecord(reminderId, invoiceNumber);

const message = (reminderId: string, invoiceNumber = 'F-1'): EmailMessage => ({
  accountId: 'MX-100',
  invoiceNumber,
  reminderId,
  to: 'pagos@ferreteria.example.com',
  subject: 'Recordatorio: factura F-1',
  text: 'Hola',
  html: '<p>Hola</p>',
  locale: 'es-MX',
});

/** A reminder message as the dispatcher queues it: its own id, the reminders it speaks for, the fallback and the dispatch. */
function reminderMessage(records: readonly ReminderRecord[], messageId: string, extra: Partial<EmailMessage> = {}): EmailMessage {
  const first = records[0]!;
  return {
    accountId: first.accountId,
    invoiceNumber: first.invoiceNumber,
    reminderId: messageId,
    locale: 'es-MX',
    kind: 'reminder',
    reminders: records.map((r) => ({ invoiceNumber: r.invoiceNumber, reminderId: r.reminderId })),
    fallback: [],
    cost: { currency: 'USD', micros: 100 },
    template: 'upcoming',
    tone: 'friendly',
    dispatch: firedMessage(first),
    to: 'pagos@ferreteria.example.com',
    subject: `Recordatorio: factura ${first.invoiceNumber}`,
    text: 'Hola',
    html: '<p>Hola</p>',
    ...extra,
  };
}

async function status(record: ReminderRecord) {
  return (await h.store.getReminder(record, record.reminderId))?.status;
}

beforeAll(async () => {
  h = await channelHarness();
  handler = createSendEmailHandler({
    store: h.store,
    log: h.log,
    consents: h.consents,
    ledger: h.ledger,
    sent: h.sent,
    dispatchQueue: dispatchQueue(),
    policy: new ActivePolicy(h.policies, fixedClock(NOW)),
    senders: { email: new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), { from: 'cobranza@example.com', configurationSetName: 'cobranza' }) },
    idempotencyStore: h.idempotencyStore,
    clock: fixedClock(NOW),
    observability,
  });
  await h.store.putAccounts([stored(account)]);
  await h.store.putInvoices([stored(invoice), stored({ ...invoice, invoiceNumber: 'F-9', status: 'paid' as const, balance: 0 })]);
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({});
});

describe('send-email handler', () => {
  it('sends through SES v2 with text and HTML, the configuration set and tags, then records it', async () => {
    await h.store.putReminder(reminder('r1'));
    const result = await handler(sqsEvent(message('r1')), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'cobranza@example.com',
      Destination: { ToAddresses: ['pagos@ferreteria.example.com'] },
      ConfigurationSetName: 'cobranza',
      Content: {
        Simple: {
          Subject: { Data: 'Recordatorio: factura F-1', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Hola', Charset: 'UTF-8' }, Html: { Data: '<p>Hola</p>', Charset: 'UTF-8' } },
        },
      },
      EmailTags: [
        { Name: 'account', Value: 'MX-100' },
        { Name: 'invoice', Value: 'F-1' },
        { Name: 'reminder', Value: 'r1' },
      ],
    });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Headers).toBeUndefined();
    expect(await status(reminder('r1'))).toBe('sent');
    const sent = (await h.log.listForAccount('MX-100')).filter((i) => i.type === 'message.sent');
    expect(sent).toMatchObject([{ reminderId: 'r1', channel: 'email', detail: 'ses-0001', data: { messageId: 'r1', invoices: 1, kind: 'reminder' } }]);
    // A delivery event names only SES's id: the index finds the account and the reminder again.
    expect(await h.sent.getSent('email', 'ses-0001')).toEqual({
      channel: 'email',
      providerMessageId: 'ses-0001',
      accountId: 'MX-100',
      messageId: 'r1',
      address: 'pagos@ferreteria.example.com',
      sentAt: NOW,
      reminders: [{ invoiceNumber: 'F-1', reminderId: 'r1' }],
      fallback: [],
      kind: 'reminder',
    });
  });

  it('adds the RFC 8058 one-click List-Unsubscribe headers when the message has an unsubscribe link', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-unsub' });
    const record = scheduledReminder('MX-100', 'F-1', 'r-unsub', NOW);
    await h.store.putReminder(record);
    const url = 'https://cobranza.example.com/unsubscribe?t=abc.def';

    await handler(sqsEvent(reminderMessage([record], 'm-unsub', { unsubscribeUrl: url })), context);

    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      Content: {
        Simple: expect.objectContaining({
          Headers: [
            { Name: 'List-Unsubscribe', Value: `<${url}>` },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        }),
      },
      EmailTags: expect.arrayContaining([{ Name: 'reminder', Value: 'm-unsub' }]),
    });
  });

  it('sends the pre-legal letter with its PDF attached; a letter whose attachment has a path for a name is refused, not sent', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-letter' });
    const pdf = '%PDF-1.4\n(Carta de cobranza: saldo vencido de su cuenta)\n%%EOF\n';
    const attachment = { filename: 'carta-de-cobranza-2026-11-26.pdf', contentType: 'application/pdf', contentBase64: Buffer.from(pdf, 'latin1').toString('base64') };
    const letter: EmailMessage = { ...message('letter-1'), kind: 'letter', subject: 'Carta de cobranza: saldo vencido de su cuenta – Ejemplo Corp', attachments: [attachment] };

    const result = await handler(sqsEvent(letter, { ...letter, reminderId: 'letter-2', attachments: [{ ...attachment, filename: '../../etc/passwd' }] }), context);

    expect(result.batchItemFailures).toHaveLength(1);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    const [sent] = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Attachments!;
    expect(sent).toMatchObject({ FileName: 'carta-de-cobranza-2026-11-26.pdf', ContentType: 'application/pdf', ContentDisposition: 'ATTACHMENT' });
    expect(Buffer.from(sent!.RawContent!).toString('latin1')).toBe(pdf);
    expect((await h.sent.getSent('email', 'ses-letter'))?.kind).toBe('letter');
  });

  it('accepts a message with a Reply-To address, and refuses, never sends, one whose Reply-To is anything else (a header injection)', async () => {
    await h.store.putReminder(reminder('r-reply'));
    await h.store.putReminder(reminder('r-inject', 'F-2'));

    const result = await handler(
      sqsEvent({ ...message('r-reply'), replyTo: 'cobranza@example.com' }, { ...message('r-inject', 'F-2'), replyTo: 'cobranza@example.com\r\nBcc: x@evil.example' }),
      context,
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, { EmailTags: expect.arrayContaining([{ Name: 'reminder', Value: 'r-reply' }]), ReplyToAddresses: ['cobranza@example.com'] });
  });

  it('never sends twice when SQS delivers the same message again', async () => {
    await h.store.putReminder(reminder('r2'));
    await handler(sqsEvent(message('r2')), context);
    await handler(sqsEvent(message('r2')), context);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('does not send for an invoice paid since the reminder was dispatched', async () => {
    await h.store.putReminder(reminder('r3', 'F-9'));
    const result = await handler(sqsEvent(message('r3', 'F-9')), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(await status(reminder('r3', 'F-9'))).toBe('skipped');
    expect((await h.log.listForAccount('MX-100')).find((i) => i.reminderId === 'r3')).toMatchObject({ type: 'reminder.skipped', detail: 'not sent: invoice paid' });
  });

  it('reports only the failed send for retry, logs why, and leaves the reminder to be retried', async () => {
    ses.on(SendEmailCommand).callsFake((input: { Destination: { ToAddresses: string[] } }) => {
      if (input.Destination.ToAddresses[0]?.startsWith('quota')) {
        throw Object.assign(new Error('Daily sending quota exceeded'), { name: 'LimitExceededException' });
      }
      return { MessageId: 'ses-0002' };
    });
    await h.store.putReminder(reminder('r4'));
    await h.store.putReminder(reminder('r5'));
    const result = await handler(sqsEvent({ ...message('r4'), to: 'quota@ferreteria.example.com' }, message('r5')), context);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    const failed = (await h.log.listForAccount('MX-100')).filter((i) => i.type === 'message.failed');
    expect(failed[0]).toMatchObject({ reminderId: 'r4', detail: expect.stringMatching(/quota/) });
    expect(await status(reminder('r4'))).toBe('scheduled');
    expect(await status(reminder('r5'))).toBe('sent');
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('sends a consolidated message once and marks every reminder in it sent', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-both' });
    await h.store.putAccounts([debtor('MX-110')]);
    await h.store.putInvoices([openInvoice('MX-110', 'F-1'), openInvoice('MX-110', 'F-2')]);
    const a = scheduledReminder('MX-110', 'F-1', 'r110-1', NOW);
    const b = { ...scheduledReminder('MX-110', 'F-2', 'r110-2', NOW), status: 'merged' as const };
    await Promise.all([a, b].map((r) => h.store.putReminder(r)));

    await handler(sqsEvent(reminderMessage([a, b], 'm-110')), context);

    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(await status(a)).toBe('sent');
    expect(await status(b)).toBe('sent');
    expect((await h.sent.getSent('email', 'ses-both'))?.reminders).toEqual([
      { invoiceNumber: 'F-1', reminderId: 'r110-1' },
      { invoiceNumber: 'F-2', reminderId: 'r110-2' },
    ]);
  });

  it('does not email an address that unsubscribed after the message was queued', async () => {
    await h.store.putAccounts([debtor('MX-120')]);
    await h.store.putInvoices([openInvoice('MX-120', 'F-1')]);
    const r = scheduledReminder('MX-120', 'F-1', 'r120', NOW);
    await h.store.putReminder(r);
    await h.consents.recordConsent({ accountId: 'MX-120', channel: 'email', address: 'Pagos@Ferreteria.example.com', status: 'opted-out', since: '2026-11-26T14:59:00.000Z', source: 'email-unsubscribe' });

    await handler(sqsEvent(reminderMessage([r], 'm-120')), context);

    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(await status(r)).toBe('skipped');
    expect((await h.log.listForAccount('MX-120')).find((i) => i.type === 'reminder.skipped')?.detail).toBe('not sent: opted out of email');
  });

  it('frees the contact slot of a message it does not send, so another invoice\'s reminder may go out that day', async () => {
    await h.store.putAccounts([debtor('MX-125')]);
    await h.store.putInvoices([openInvoice('MX-125', 'F-1', { status: 'paid', balance: 0 })]);
    const r = scheduledReminder('MX-125', 'F-1', 'r125', NOW);
    await h.store.putReminder(r);
    expect(await h.ledger.saveContactState({ accountId: 'MX-125', version: 0, entries: [{ messageId: 'm-125', at: NOW, channel: 'email', invoiceNumbers: ['F-1'] }] })).toBe(true);

    await handler(sqsEvent(reminderMessage([r], 'm-125')), context);

    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(await status(r)).toBe('skipped');
    expect((await h.ledger.getContactState('MX-125')).entries).toEqual([]);
  });

  it('keeps the contact of a message that did go out when an old copy of it arrives again', async () => {
    await h.store.putAccounts([debtor('MX-126')]);
    await h.store.putInvoices([openInvoice('MX-126', 'F-1')]);
    const r = { ...scheduledReminder('MX-126', 'F-1', 'r126', NOW), status: 'sent' as const };
    await h.store.putReminder(r);
    const contact = { messageId: 'm-126', at: NOW, channel: 'email' as const, invoiceNumbers: ['F-1'] };
    expect(await h.ledger.saveContactState({ accountId: 'MX-126', version: 0, entries: [contact] })).toBe(true);

    await handler(sqsEvent(reminderMessage([r], 'm-126')), context);

    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(await status(r)).toBe('sent');
    expect((await h.ledger.getContactState('MX-126')).entries).toEqual([contact]);
  });

  it('still sends a payment receipt to an address that opted out of reminders', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-receipt' });
    await h.store.putAccounts([debtor('MX-130')]);
    await h.consents.recordConsent({ accountId: 'MX-130', channel: 'email', address: 'pagos@ferreteria.example.com', status: 'opted-out', since: '2026-11-20T00:00:00.000Z', source: 'email-unsubscribe' });

    await handler(sqsEvent({ ...message('receipt-130'), accountId: 'MX-130', kind: 'receipt' }), context);

    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect((await h.sent.getSent('email', 'ses-receipt'))?.kind).toBe('receipt');
  });

  it('on a suppressed address: marks it invalid, frees the contact, and re-dispatches the reminders for the next channel', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is on the suppression list for your account.', $metadata: {} }));
    await h.store.putAccounts([debtor('MX-140', { channels: ['email', 'sms'] })]);
    await h.store.putInvoices([openInvoice('MX-140', 'F-1'), openInvoice('MX-140', 'F-2')]);
    const a = scheduledReminder('MX-140', 'F-1', 'r140-1', NOW);
    const b = { ...scheduledReminder('MX-140', 'F-2', 'r140-2', NOW), status: 'merged' as const };
    await Promise.all([a, b].map((r) => h.store.putReminder(r)));
    expect(await h.ledger.saveContactState({ accountId: 'MX-140', version: 0, entries: [{ messageId: 'm-140', at: NOW, channel: 'email', invoiceNumbers: ['F-1', 'F-2'] }] })).toBe(true);

    const result = await handler(sqsEvent(reminderMessage([a, b], 'm-140', { fallback: ['sms'] })), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(await h.consents.listConsents('MX-140')).toMatchObject([
      { channel: 'email', address: 'pagos@ferreteria.example.com', status: 'invalid', since: NOW, source: 'email-provider', detail: expect.stringMatching(/^suppressed: /) },
    ]);
    expect((await h.ledger.getContactState('MX-140')).entries).toEqual([]);
    expect(await status(a)).toBe('failed');
    expect(await status(b)).toBe('failed');
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URLS.dispatch });
    expect(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)).toEqual([
      { ...firedMessage(a), scheduledFor: NOW, failedChannels: ['email'], carried: [{ invoiceNumber: 'F-2', reminderId: 'r140-2' }] },
    ]);
    const types = (await h.log.listForAccount('MX-140')).map((i) => i.type).sort();
    expect(types).toEqual(['contact.invalid', 'message.failed', 'message.fallback']);

    // The dispatcher sends the same two invoices by SMS (Thursday 09:00 in Mexico City: inside the hours).
    const clock = fixedClock('2026-11-26T15:00:02Z');
    const dispatch = createDispatchReminderHandler({ store: h.store, log: h.log, queues: channelQueues(), consents: h.consents, ledger: h.ledger, scheduler: reminderScheduler(clock), policy: new ActivePolicy(h.policies, clock), clock, observability });
    await dispatch(sqsEvent(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)[0]), context);
    const [sms] = queued<SmsMessage>(sqs, QUEUE_URLS.sms);
    expect(sms).toMatchObject({ accountId: 'MX-140', to: '+525512345678', reminders: [{ invoiceNumber: 'F-1', reminderId: 'r140-1' }, { invoiceNumber: 'F-2', reminderId: 'r140-2' }], fallback: [] });
    expect(sms!.body).toMatch(/F-1/);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
  });

  it('on a suppressed address with no channel left: marks it invalid and the reminder failed, nothing re-dispatched', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is on the suppression list for your account.', $metadata: {} }));
    await h.store.putAccounts([debtor('MX-150', { phone: undefined })]);
    await h.store.putInvoices([openInvoice('MX-150', 'F-1')]);
    const r = scheduledReminder('MX-150', 'F-1', 'r150', NOW);
    await h.store.putReminder(r);

    const result = await handler(sqsEvent(reminderMessage([r], 'm-150')), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(await status(r)).toBe('failed');
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect((await h.consents.listConsents('MX-150'))[0]?.status).toBe('invalid');
  });
});

describe('send-email: the contact rules again at send time', () => {
  // Thursday 26 Nov 2026, 19:30 in Mexico City: business hours (08:00–19:00) are over.
  const AFTER_HOURS = '2026-11-27T01:30:00.000Z';
  const lateSender = () =>
    createSendEmailHandler({
      store: h.store,
      log: h.log,
      consents: h.consents,
      ledger: h.ledger,
      sent: h.sent,
      dispatchQueue: dispatchQueue(),
      policy: new ActivePolicy(h.policies, fixedClock(AFTER_HOURS)),
      senders: { email: new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), { from: 'cobranza@example.com', configurationSetName: 'cobranza' }) },
      idempotencyStore: h.idempotencyStore,
      clock: fixedClock(AFTER_HOURS),
      observability,
    });

  it('holds a reminder that arrives after hours (an SQS retry): nothing sent, still counted in the ledger, back to dispatch as a new try', async () => {
    const r = reminder('r-late');
    await h.store.putReminder(r);
    const state = await h.ledger.getContactState('MX-100');
    expect(await h.ledger.saveContactState({ ...state, entries: [...state.entries, { messageId: 'm-late', at: NOW, channel: 'email', invoiceNumbers: ['F-1'] }] })).toBe(true);

    const result = await lateSender()(sqsEvent(reminderMessage([r], 'm-late')), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    // Counted as made (a first attempt may have reached the provider before the retry): the safe side of the caps.
    expect((await h.ledger.getContactState('MX-100')).entries.map((e) => e.messageId)).toContain('m-late');
    expect(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)).toEqual([{ ...firedMessage(r), scheduledFor: AFTER_HOURS, held: 1 }]);
    expect(await status(r)).toBe('scheduled');
    const [held] = (await h.log.listForAccount('MX-100')).filter((l) => l.type === 'message.held');
    expect(held?.detail).toContain('outside contact hours (Thu 2026-11-26 19:30 America/Mexico_City');

    // The dispatcher takes it back and defers it to Friday 08:00 under a new message id.
    const dispatch = createDispatchReminderHandler({ store: h.store, log: h.log, queues: channelQueues(), consents: h.consents, ledger: h.ledger, scheduler: reminderScheduler(fixedClock(AFTER_HOURS)), policy: new ActivePolicy(h.policies, fixedClock(AFTER_HOURS)), clock: fixedClock(AFTER_HOURS), observability });
    await dispatch(sqsEvent(queued<DispatchMessage>(sqs, QUEUE_URLS.dispatch)[0]), context);
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, { ScheduleExpression: 'at(2026-11-27T08:00:00)' });
  });

  it('sends a receipt at any hour: a receipt answers the debtor’s own payment and is not a collection contact', async () => {
    const receipt: EmailMessage = { ...message('rcpt-late'), kind: 'receipt', subject: 'Recibo de pago' };
    const result = await lateSender()(sqsEvent(receipt), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });
});
