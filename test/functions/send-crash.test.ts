import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendEmailHandler } from '../../functions/send-email/app.js';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import type { EmailMessage, ReminderRecord } from '../../shared/domain/types.js';
import type { AccountStore } from '../../shared/ports.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { account, channelHarness, context, dispatchQueue, firedMessage, fixedClock, invoice, observability, reminderRecord, sqsEvent, stored, type ChannelHarness } from './harness.js';

/**
 * A send interrupted between two of its effects (the process dies, a write's reply is lost) is
 * retried by SQS. Whatever step it died after, the debtor got the message once and the log ends
 * with exactly one `message.sent` for it (issue #12: after kill -9 mid-batch, a sent email had none).
 */
const ses = mockClient(SESv2Client);
const NOW = '2026-11-26T15:00:00.000Z';
let h: ChannelHarness;

beforeAll(async () => {
  h = await channelHarness();
  await h.store.putAccounts([stored(account)]);
  await h.store.putInvoices([stored(invoice)]);
});

afterAll(async () => {
  await h.dynamo.close();
});

function handlerWith(store: AccountStore, now = NOW) {
  return createSendEmailHandler({
    store,
    log: h.log,
    consents: h.consents,
    ledger: h.ledger,
    sent: h.sent,
    dispatchQueue: dispatchQueue(),
    policy: new ActivePolicy(h.policies, fixedClock(now)),
    senders: { email: new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), { from: 'cobranza@example.com', configurationSetName: 'cobranza' }) },
    idempotencyStore: h.idempotencyStore,
    clock: fixedClock(now),
    observability,
  });
}

function emailFor(record: ReminderRecord, messageId: string): EmailMessage {
  return {
    accountId: record.accountId,
    invoiceNumber: record.invoiceNumber,
    reminderId: messageId,
    locale: 'es-MX',
    kind: 'reminder',
    reminders: [{ invoiceNumber: record.invoiceNumber, reminderId: record.reminderId }],
    fallback: [],
    template: 'upcoming',
    tone: 'friendly',
    dispatch: firedMessage(record),
    to: 'pagos@ferreteria.example.com',
    subject: `Recordatorio: factura ${record.invoiceNumber}`,
    text: 'Hola',
    html: '<p>Hola</p>',
  };
}

/** The store as the function sees it: the first reminder transition lands, then the process "dies". */
function dyingAfterTransition(): AccountStore {
  let crashed = false;
  return new Proxy(h.store, {
    get(target, property, receiver) {
      if (property !== 'transitionReminder') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<AccountStore['transitionReminder']>) => {
        const result = await target.transitionReminder(...args);
        if (!crashed) {
          crashed = true;
          throw new Error('process died after the reminder was marked sent');
        }
        return result;
      };
    },
  }) as AccountStore;
}

describe('a send that dies between its effects', () => {
  it('dies right after the reminder was marked sent: the retry still logs message.sent, once', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-crash-1' });
    const record = reminderRecord('crash-1');
    await h.store.putReminder(record);
    let crashed = false;
    // The store as the function sees it: the reminder's transition lands, then the process "dies".
    const dying = new Proxy(h.store, {
      get(target, property, receiver) {
        if (property !== 'transitionReminder') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<AccountStore['transitionReminder']>) => {
          const result = await target.transitionReminder(...args);
          if (!crashed) {
            crashed = true;
            throw new Error('process died after the reminder was marked sent');
          }
          return result;
        };
      },
    }) as AccountStore;
    const event = sqsEvent(emailFor(record, 'msg-crash-1'));

    // A batch whose every record failed is thrown (FullBatchFailureError): SQS redelivers it.
    await expect(handlerWith(dying)(event, context)).rejects.toThrow();
    const retry = await handlerWith(dying)(event, context);
    expect(retry.batchItemFailures).toEqual([]);

    const lines = (await h.log.listForAccount(record.accountId)).filter((l) => l.reminderId === 'msg-crash-1');
    expect(lines.filter((l) => l.type === 'message.sent')).toHaveLength(1);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('is retried hours later (a redrive): still one message.sent, at the time the provider first accepted it', async () => {
    ses.reset();
    // The provider answers the retry with the same message id (the outbox and an idempotent provider do).
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-crash-2' });
    const record = reminderRecord('crash-2');
    await h.store.putReminder(record);
    const dying = dyingAfterTransition();
    // It died after its reminder transition; the first transition this store makes is the last step of the send.
    const event = sqsEvent(emailFor(record, 'msg-crash-2'));
    await expect(handlerWith(dying, NOW)(event, context)).rejects.toThrow();
    await h.store.putReminder(record); // as if the crash came before the transition (the reminder still scheduled)
    const retry = await handlerWith(dying, '2026-11-26T19:30:00.000Z')(event, context);
    expect(retry.batchItemFailures).toEqual([]);

    const sent = (await h.log.listForAccount(record.accountId)).filter((l) => l.reminderId === 'msg-crash-2' && l.type === 'message.sent');
    expect(sent.map((l) => l.at)).toEqual([NOW]);
  });

  it('dies after the send was recorded: the retry does not call the provider again, and still logs message.sent once', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-crash-3' });
    const record = reminderRecord('crash-3');
    await h.store.putReminder(record);
    let crashed = false;
    // The log as the function sees it: the process dies right after the provider's answer was recorded.
    const dyingLog = {
      ...h.log,
      append: async (lines: Parameters<typeof h.log.append>[0]) => {
        if (!crashed && lines.some((l) => l.type === 'message.sent')) {
          crashed = true;
          throw new Error('process died before the log line');
        }
        return h.log.append(lines);
      },
      listForAccount: (id: string) => h.log.listForAccount(id),
    };
    const handler = createSendEmailHandler({
      store: h.store,
      log: dyingLog as typeof h.log,
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
    const event = sqsEvent(emailFor(record, 'msg-crash-3'));
    await expect(handler(event, context)).rejects.toThrow();
    const retry = await handler(event, context);
    expect(retry.batchItemFailures).toEqual([]);

    // SES has no idempotency key: a second SendEmail would be a second email to the debtor.
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    const lines = (await h.log.listForAccount(record.accountId)).filter((l) => l.reminderId === 'msg-crash-3');
    expect(lines.filter((l) => l.type === 'message.sent')).toHaveLength(1);
    expect((await h.store.getReminder(record, record.reminderId))?.status).toBe('sent');
  });
});
