import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApplyPaymentHandler } from '../../functions/apply-payment/app.js';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { Payment } from '../../shared/domain/payments/types.js';
import type { EmailMessage, PlanRequest } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { acceptAll, account, context, dynamoHarness, fixedClock, invoice, observability, sqsEvent, stored } from './harness.js';

const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const PLANNING_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/planning';
const EMAIL_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/email';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:finance-alerts';

let h: Awaited<ReturnType<typeof dynamoHarness>>;
let payments: DynamoDbPaymentStore;
let handler: ReturnType<typeof createApplyPaymentHandler>;

const card = (id: string, amount: number, invoiceNumbers?: string[]): Payment => ({
  paymentId: `stripe:${id}`,
  source: 'stripe',
  kind: 'payment',
  amount,
  currency: 'MXN',
  valueDate: '2026-12-03',
  payerName: 'Ferretería del Norte',
  ...(invoiceNumbers ? { links: { invoiceNumbers } } : {}),
});

/** Each test works on its own invoice so the shared table never couples them. */
async function openInvoice(invoiceNumber: string, balance = 1_234_567) {
  await h.store.putInvoices([stored({ ...invoice, invoiceNumber, amount: balance, balance })]);
}

function sentTo(queueUrl: string): unknown[] {
  return sqs
    .commandCalls(SendMessageBatchCommand)
    .filter((call) => call.args[0].input.QueueUrl === queueUrl)
    .flatMap((call) => call.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!) as unknown));
}

beforeAll(async () => {
  h = await dynamoHarness();
  payments = new DynamoDbPaymentStore(h.dynamo.client, h.dynamo.tableNames.Accounts);
  const clock = fixedClock('2026-12-03T16:00:00Z');
  const client = new SQSClient({ region: 'us-east-1' });
  handler = createApplyPaymentHandler({
    store: h.store,
    payments,
    log: h.log,
    planning: new SqsQueue<PlanRequest>(client, PLANNING_QUEUE),
    emailQueue: new SqsQueue<EmailMessage>(client, EMAIL_QUEUE),
    alerts: new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    observability,
  });
  await h.store.putAccounts([stored(account)]);
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

describe('apply-payment handler', () => {
  it('applies a card payment that names its invoice: the invoice is paid, its reminders are re-planned away, a receipt goes out', async () => {
    await openInvoice('A-1');
    const result = await handler(sqsEvent({ payment: card('pi_1', 1_234_567, ['A-1']) }), context);

    expect(result.batchItemFailures).toEqual([]);
    const after = await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-1' });
    expect(after).toMatchObject({ balance: 0, status: 'paid', appliedPaymentIds: ['stripe:pi_1'] });
    expect(sentTo(PLANNING_QUEUE)).toEqual([{ accountId: 'MX-100', invoiceNumber: 'A-1', contentHash: after!.contentHash }]);
    const [receipt] = sentTo(EMAIL_QUEUE) as EmailMessage[];
    expect(receipt).toMatchObject({ kind: 'receipt', to: account.email, accountId: 'MX-100', invoiceNumber: 'A-1' });
    expect(receipt!.text).toContain('$12,345.67');
    expect(receipt!.text).toContain('liquidada');
    const log = await h.log.listForAccount('MX-100');
    expect(log.filter((l) => l.data?.paymentId === 'stripe:pi_1').map((l) => l.type)).toEqual(
      expect.arrayContaining(['payment.applied', 'invoice.paid', 'receipt.queued']),
    );
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('applies a redelivered payment once: the second delivery is a duplicate and the balance does not move again', async () => {
    await openInvoice('A-2', 1_000_000);
    const message = { payment: card('pi_2', 400_000, ['A-2']) };
    await handler(sqsEvent(message), context);
    await handler(sqsEvent(message, message), context);

    const after = await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-2' });
    expect(after).toMatchObject({ balance: 600_000, status: 'open', appliedPaymentIds: ['stripe:pi_2'] });
    expect(await payments.getPayment('stripe:pi_2')).toMatchObject({ status: 'partial', applications: [{ invoiceNumber: 'A-2', amount: 400_000, balanceAfter: 600_000 }] });
  });

  it('keeps an overpayment as the customer credit instead of pushing the balance below zero', async () => {
    await openInvoice('A-3', 500_000);
    await handler(sqsEvent({ payment: card('pi_3', 650_000, ['A-3']) }), context);

    expect(await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-3' })).toMatchObject({ balance: 0, status: 'paid' });
    expect(await payments.getPayment('stripe:pi_3')).toMatchObject({ status: 'applied', credit: { accountId: 'MX-100', amount: 150_000 }, unapplied: 0 });
    expect((await payments.creditBalance('MX-100')).MXN).toBeGreaterThanOrEqual(150_000);
  });

  it('holds a payment nobody can be sure of as an exception and alerts finance', async () => {
    const unknown: Payment = { paymentId: 'stmt:abc', source: 'camt053', kind: 'payment', amount: 777_777, currency: 'MXN', valueDate: '2026-12-03', reference: 'TRANSFERENCIA' };
    await handler(sqsEvent({ payment: unknown }), context);

    const record = await payments.getPayment('stmt:abc');
    expect(record).toMatchObject({ status: 'exception', applications: [], unapplied: 777_777 });
    expect((await payments.listExceptions()).map((r) => r.payment.paymentId)).toContain('stmt:abc');
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC, Subject: expect.stringContaining('stmt:abc') as string });
  });

  it('reopens what a refunded payment had paid and plans its reminders again', async () => {
    await openInvoice('A-4', 300_000);
    await handler(sqsEvent({ payment: card('pi_4', 300_000, ['A-4']) }), context);
    sqs.resetHistory();
    const refund: Payment = { ...card('pi_4:refund:re_1', 100_000), kind: 'refund', reversesPaymentId: 'stripe:pi_4' };
    await handler(sqsEvent({ payment: refund }), context);

    expect(await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-4' })).toMatchObject({ balance: 100_000, status: 'open' });
    expect(sentTo(PLANNING_QUEUE)).toEqual([expect.objectContaining({ invoiceNumber: 'A-4' })]);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: expect.stringContaining('Refund') as string });
    // The same refund again changes nothing.
    await handler(sqsEvent({ payment: refund }), context);
    expect(await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-4' })).toMatchObject({ balance: 100_000 });
  });

  it('conserves money when two payments race for one invoice: one pays it, the other becomes credit', async () => {
    await openInvoice('A-5', 200_000);
    const before = (await payments.creditBalance('MX-100')).MXN ?? 0;
    await Promise.all([
      handler(sqsEvent({ payment: card('pi_5a', 200_000, ['A-5']) }), context),
      handler(sqsEvent({ payment: card('pi_5b', 200_000, ['A-5']) }), context),
    ]);
    const a = (await payments.getPayment('stripe:pi_5a'))!;
    const b = (await payments.getPayment('stripe:pi_5b'))!;
    const applied = [...a.applications, ...b.applications].reduce((s, x) => s + x.amount, 0);
    const credited = (a.credit?.amount ?? 0) + (b.credit?.amount ?? 0);
    const unapplied = a.unapplied + b.unapplied;
    expect(applied).toBe(200_000);
    expect(applied + credited + unapplied).toBe(400_000);
    expect(await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-5' })).toMatchObject({ balance: 0, status: 'paid' });
    expect(((await payments.creditBalance('MX-100')).MXN ?? 0) - before).toBe(credited);
  });

  it('finishes the saved plan of a delivery that crashed half-way, without applying anything twice', async () => {
    await openInvoice('A-7', 300_000);
    await openInvoice('A-8', 200_000);
    const payment = card('pi_7', 500_000, ['A-7', 'A-8']);
    const at = '2026-12-03T15:59:00.000Z';
    // The first attempt saved its plan and paid A-7, then died before A-8.
    await payments.createPayment({
      payment,
      status: 'received',
      receivedAt: at,
      updatedAt: at,
      applications: [],
      unapplied: 500_000,
      plan: {
        allocations: [
          { accountId: 'MX-100', invoiceNumber: 'A-7', amount: 300_000, settles: false },
          { accountId: 'MX-100', invoiceNumber: 'A-8', amount: 200_000, settles: false },
        ],
        appliedBy: 'auto',
      },
    });
    await payments.applyToInvoice({ accountId: 'MX-100', invoiceNumber: 'A-7' }, 'stripe:pi_7', 300_000, false, at);

    await handler(sqsEvent({ payment }), context);

    expect(await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-7' })).toMatchObject({ balance: 0, appliedPaymentIds: ['stripe:pi_7'] });
    expect(await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-8' })).toMatchObject({ balance: 0, appliedPaymentIds: ['stripe:pi_7'] });
    expect(await payments.getPayment('stripe:pi_7')).toMatchObject({ status: 'applied', unapplied: 0, applications: [{ invoiceNumber: 'A-7', amount: 300_000 }, { invoiceNumber: 'A-8', amount: 200_000 }] });
  });

  it('reports a malformed message as a batch item failure and still processes the rest', async () => {
    await openInvoice('A-6', 100_000);
    const result = await handler(sqsEvent({ payment: { paymentId: 'x', amount: -1 } }, { payment: card('pi_6', 100_000, ['A-6']) }), context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect(await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'A-6' })).toMatchObject({ status: 'paid' });
  });
});
