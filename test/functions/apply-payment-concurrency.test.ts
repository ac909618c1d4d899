import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
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
import { finishStalledPayments, receivePayment } from '../../shared/usecases/apply-payment.js';
import { CLAIM_LEASE_MS } from '../../shared/usecases/payment-claim.js';
import { acceptAll, context, dynamoHarness, fixedClock, observability, sqsEvent, stored } from './harness.js';

/**
 * The review's finding, as a test: the same payment delivered 30 times at once (30 webhook POSTs →
 * 30 queue messages → concurrent Lambdas) for 20 accounts, half naming their invoice (an explicit
 * link), half carrying only the payer's tax id. Each account owes A = 1,000.00 and B = 300.00 MXN;
 * each payment is 1,000.00. By hand: A is paid, B still owes 300.00, 1,000.00 applied in all — and
 * the payer hears it once (one receipt), the log says it once, finance is not alerted.
 * Real handler, real conditional writes (dynalite); only SQS and SNS are recorded.
 */
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const PLANNING_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/planning';
const EMAIL_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/email';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:finance-alerts';

const ACCOUNTS = 20;
const DELIVERIES = 30;
const A = 100_000;
const B = 30_000;

let h: Awaited<ReturnType<typeof dynamoHarness>>;
let payments: DynamoDbPaymentStore;
let handler: ReturnType<typeof createApplyPaymentHandler>;

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

/** One delivery: its own SQS message id, as each webhook POST becomes its own message. */
function delivery(payment: Payment, n: number): SQSEvent {
  const event = sqsEvent({ payment });
  return { Records: event.Records.map((r) => ({ ...r, messageId: `${payment.paymentId}#${n}`, receiptHandle: `${payment.paymentId}#${n}` })) };
}

async function portfolio(prefix: string): Promise<{ accountId: string; taxId: string }[]> {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ accountId: `${prefix}${i}`, taxId: `CON${prefix}${String(i).padStart(6, '0')}A1` }));
  await h.store.putAccounts(
    accounts.map(({ accountId, taxId }) =>
      stored({ accountId, name: `Cliente ${accountId}`, taxId, email: `${accountId.toLowerCase()}@example.com`, timezone: 'America/Mexico_City', locale: 'es-MX', country: 'MX' }),
    ),
  );
  await h.store.putInvoices(
    accounts.flatMap(({ accountId }) => [
      stored({ accountId, invoiceNumber: `${accountId}-A`, currency: 'MXN', amount: A, balance: A, issueDate: '2026-10-01', dueDate: '2026-10-31', status: 'open' as const }),
      stored({ accountId, invoiceNumber: `${accountId}-B`, currency: 'MXN', amount: B, balance: B, issueDate: '2026-10-15', dueDate: '2026-11-14', status: 'open' as const }),
    ]),
  );
  return accounts;
}

function receiptsFor(accountId: string): EmailMessage[] {
  return sqs
    .commandCalls(SendMessageBatchCommand)
    .filter((call) => call.args[0].input.QueueUrl === EMAIL_QUEUE)
    .flatMap((call) => call.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!) as EmailMessage))
    .filter((m) => m.kind === 'receipt' && m.accountId === accountId);
}

async function expectAppliedOnce(accounts: readonly { accountId: string }[], paymentIdOf: (accountId: string) => string) {
  for (const { accountId } of accounts) {
    const paymentId = paymentIdOf(accountId);
    const a = await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-A` });
    const b = await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-B` });
    expect({ accountId, a: a!.balance, b: b!.balance }).toEqual({ accountId, a: 0, b: B });
    const record = (await payments.getPayment(paymentId))!;
    expect(record.status).toBe('applied');
    expect(record.applications.reduce((s, x) => s + x.amount, 0) + (record.credit?.amount ?? 0)).toBe(A);
    expect(record.claim).toBeUndefined();
    const lines = (await h.log.listForAccount(accountId)).filter((l) => l.data?.paymentId === paymentId);
    expect(lines.filter((l) => l.type === 'payment.applied')).toHaveLength(1);
    expect(lines.filter((l) => l.type === 'receipt.queued')).toHaveLength(1);
    expect(lines.filter((l) => l.type === 'payment.exception')).toHaveLength(0);
    expect(receiptsFor(accountId)).toHaveLength(1);
  }
  expect(sns).not.toHaveReceivedCommand(PublishCommand);
}

async function deliverAll(paymentsToDeliver: readonly Payment[]) {
  const results = await Promise.all(paymentsToDeliver.flatMap((payment) => Array.from({ length: DELIVERIES }, (_, n) => handler(delivery(payment, n), context))));
  // Every delivery is acknowledged: the ones that found another at work stop ("in progress").
  expect(results.flatMap((r) => r.batchItemFailures)).toEqual([]);
}

describe('one payment delivered 30 times at once (dynalite, real handler)', () => {
  it('a Stripe payment naming its invoice pays that invoice once: one application, one log line, one receipt, no alert', async () => {
    const accounts = await portfolio('LNK');
    const stripe = (accountId: string): Payment => ({
      paymentId: `stripe:pi_${accountId}`,
      source: 'stripe',
      kind: 'payment',
      amount: A,
      currency: 'MXN',
      valueDate: '2026-12-03',
      payerName: `Cliente ${accountId}`,
      links: { invoiceNumbers: [`${accountId}-A`], accountId },
    });
    await deliverAll(accounts.map(({ accountId }) => stripe(accountId)));
    await expectAppliedOnce(accounts, (accountId) => `stripe:pi_${accountId}`);
  });

  it('a bank transfer known only by the payer tax id pays the invoice of that exact amount once, never B with the same money', async () => {
    const accounts = await portfolio('TAX');
    const transfer = (accountId: string, taxId: string): Payment => ({
      paymentId: `generic:bank:${accountId}`,
      source: 'generic',
      kind: 'payment',
      amount: A,
      currency: 'MXN',
      valueDate: '2026-12-03',
      payerTaxId: taxId,
      reference: 'PAGO PROVEEDOR',
    });
    await deliverAll(accounts.map(({ accountId, taxId }) => transfer(accountId, taxId)));
    await expectAppliedOnce(accounts, (accountId) => `generic:bank:${accountId}`);
  });

  it('a refund delivered 30 times at once puts its amount back once; two different refunds at once never put back more than was paid', async () => {
    const accounts = (await portfolio('REF')).slice(0, 5);
    const paid = (accountId: string): Payment => ({
      paymentId: `stripe:pi_${accountId}`, source: 'stripe', kind: 'payment', amount: A, currency: 'MXN', valueDate: '2026-12-03',
      links: { invoiceNumbers: [`${accountId}-A`], accountId },
    });
    for (const { accountId } of accounts) await handler(delivery(paid(accountId), 0), context);
    const refund = (accountId: string, n: number, amount: number): Payment => ({
      ...paid(accountId), paymentId: `stripe:pi_${accountId}:refund:re_${n}`, kind: 'refund', amount, reversesPaymentId: `stripe:pi_${accountId}`, links: {},
    });
    // Account 0: one refund of 400.00, 30 copies. Others: two refunds of 600.00 each, 15 copies each, all at once.
    const [first, ...rest] = accounts;
    await deliverAll([refund(first!.accountId, 1, 40_000)]);
    const results = await Promise.all(
      rest.flatMap(({ accountId }) => [1, 2].flatMap((n) => Array.from({ length: 15 }, (_, i) => handler(delivery(refund(accountId, n, 60_000), i), context)))),
    );
    expect(results.flatMap((r) => r.batchItemFailures)).toEqual([]);

    expect((await h.store.getInvoice({ accountId: first!.accountId, invoiceNumber: `${first!.accountId}-A` }))!.balance).toBe(40_000);
    expect((await payments.getPayment(`stripe:pi_${first!.accountId}`))!.reversed).toBe(40_000);
    for (const { accountId } of rest) {
      // 1,000.00 was paid; 1,200.00 of refunds can put back 1,000.00 at most: A owes its full amount again.
      expect((await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-A` }))!.balance).toBe(A);
      const original = (await payments.getPayment(`stripe:pi_${accountId}`))!;
      expect(original.reversed).toBe(A);
      const [r1, r2] = await Promise.all([1, 2].map((n) => payments.getPayment(`stripe:pi_${accountId}:refund:re_${n}`)));
      expect([r1!.status, r2!.status]).toEqual(['reversed', 'reversed']);
      // What the two refunds took adds up to what was paid; the rest is "more than was applied here".
      expect(120_000 - r1!.unapplied - r2!.unapplied).toBe(A);
      const lines = (await h.log.listForAccount(accountId)).filter((l) => l.type === 'payment.reversed');
      expect(lines).toHaveLength(2);
    }
  });

  it('a delivery that dies holding the claim (no retry comes) is finished by the sweep once the lease has ended, from its recorded plan', async () => {
    const { accountId } = (await portfolio('SWP'))[0]!;
    const payment: Payment = {
      paymentId: `stripe:pi_${accountId}`, source: 'stripe', kind: 'payment', amount: A, currency: 'MXN', valueDate: '2026-12-03',
      links: { invoiceNumbers: [`${accountId}-A`], accountId },
    };
    let wall = Date.parse('2026-12-03T16:00:00Z');
    const clock = fixedClock('2026-12-03T16:00:00Z');
    const client = new SQSClient({ region: 'us-east-1' });
    const base = {
      store: h.store,
      log: h.log,
      planning: new SqsQueue<PlanRequest>(client, PLANNING_QUEUE),
      emailQueue: new SqsQueue<EmailMessage>(client, EMAIL_QUEUE),
      alerts: new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC),
      policy: new ActivePolicy(h.policies, clock),
      clock,
      leaseNow: () => wall,
    };
    // The process dies right after the plan is recorded: the invoice write and the claim release never happen.
    let dead = false;
    const dying = new Proxy(payments, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (dead) return Promise.reject(new Error('process killed'));
          if (prop === 'applyToInvoice') {
            dead = true;
            return Promise.reject(new Error('process killed'));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    await expect(receivePayment({ ...base, payments: dying }, payment)).rejects.toThrow('process killed');
    expect(await payments.getPayment(payment.paymentId)).toMatchObject({ status: 'received', plan: { allocations: [{ invoiceNumber: `${accountId}-A` }] } });

    const deps = { ...base, payments };
    // Another copy arriving while the lease runs stops; so does the sweep.
    expect((await receivePayment(deps, payment)).outcome).toBe('in-progress');
    expect(await finishStalledPayments(deps)).toBe(0);
    wall += CLAIM_LEASE_MS + 1;
    expect(await finishStalledPayments(deps)).toBe(1);
    expect(await finishStalledPayments(deps)).toBe(0);
    expect((await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-A` }))!.balance).toBe(0);
    expect((await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-B` }))!.balance).toBe(B);
    expect(await payments.getPayment(payment.paymentId)).toMatchObject({ status: 'applied', unapplied: 0 });
    expect(receiptsFor(accountId)).toHaveLength(1);
  });
});
