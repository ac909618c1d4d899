import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import type { Payment } from '../../shared/domain/payments/types.js';
import type { AlertPublisher, MessageQueue } from '../../shared/ports.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { receivePayment, type ApplyPaymentDeps } from '../../shared/usecases/apply-payment.js';
import { dynamoHarness, fixedClock, stored } from './harness.js';

/**
 * Money is conserved, whatever arrives: for random portfolios and random streams of payments
 * (referenced, unreferenced, over- and under-paying, refunds of earlier ones, duplicates), on real
 * DynamoDB semantics (dynalite) —
 *   received = applied to invoices + credited + unapplied (+ what refunds took back),
 *   no balance below zero, and the same stream delivered again changes nothing.
 */
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let deps: ApplyPaymentDeps;
let run = 0;

const discard: MessageQueue<never> = { send: async () => undefined };
const silent: AlertPublisher = { publish: async () => undefined };

beforeAll(async () => {
  h = await dynamoHarness();
  const clock = fixedClock('2026-12-03T16:00:00Z');
  deps = {
    store: h.store,
    payments: new DynamoDbPaymentStore(h.dynamo.client, h.dynamo.tableNames.Accounts),
    log: h.log,
    planning: discard,
    emailQueue: discard,
    alerts: silent,
    policy: new ActivePolicy(h.policies, clock),
    clock,
  };
});

afterAll(async () => {
  await h.dynamo.close();
});

const portfolio = fc.array(fc.integer({ min: 1, max: 500_000 }), { minLength: 1, maxLength: 5 });
const streamStep = fc.record({
  invoice: fc.nat(6),
  amount: fc.integer({ min: 1, max: 600_000 }),
  referenced: fc.boolean(),
  refundOf: fc.option(fc.nat(10), { nil: undefined }),
});

describe('payment stream (property, dynalite)', () => {
  it('conserves money, never pushes a balance below zero, and is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(portfolio, fc.array(streamStep, { minLength: 1, maxLength: 8 }), async (balances, steps) => {
        run += 1;
        const accountId = `P${run}`;
        const numbers = balances.map((_, i) => `PR${run}-${i + 1}`);
        await h.store.putAccounts([stored({ accountId, name: `Cliente ${run}`, taxId: `XAX0101${String(run).padStart(5, '0')}`, timezone: 'America/Mexico_City', locale: 'es-MX', country: 'MX' })]);
        await h.store.putInvoices(
          balances.map((balance, i) => stored({ accountId, invoiceNumber: numbers[i]!, currency: 'MXN', amount: balance, balance, dueDate: '2026-11-30', status: 'open' as const })),
        );
        const stream: Payment[] = [];
        for (const [i, step] of steps.entries()) {
          const previous = step.refundOf !== undefined ? stream.filter((p) => p.kind === 'payment')[step.refundOf] : undefined;
          if (previous) {
            stream.push({ ...previous, paymentId: `${previous.paymentId}:refund:${i}`, kind: 'refund', amount: Math.min(previous.amount, step.amount), reversesPaymentId: previous.paymentId, links: {} });
          } else {
            const number = numbers[step.invoice % numbers.length]!;
            stream.push({
              paymentId: `stripe:${accountId}-${i}`,
              source: 'stripe',
              kind: 'payment',
              amount: step.amount,
              currency: 'MXN',
              valueDate: '2026-12-03',
              ...(step.referenced ? { links: { invoiceNumbers: [number], accountId } } : { reference: 'DEPOSITO' }),
            });
          }
        }

        for (const payment of stream) await receivePayment(deps, payment);
        const snapshot = await balancesOf(accountId, numbers);
        for (const payment of stream) expect((await receivePayment(deps, payment)).outcome).toBe('duplicate');
        expect(await balancesOf(accountId, numbers)).toEqual(snapshot);

        let received = 0;
        let applied = 0;
        let credited = 0;
        let unapplied = 0;
        let reversed = 0;
        for (const payment of stream) {
          const record = (await deps.payments.getPayment(payment.paymentId))!;
          if (payment.kind === 'payment') {
            received += payment.amount;
            applied += record.applications.reduce((s, a) => s + a.amount, 0);
            credited += record.credit?.amount ?? 0;
            unapplied += record.unapplied;
            expect(record.applications.reduce((s, a) => s + a.amount, 0) + (record.credit?.amount ?? 0) + record.unapplied).toBe(payment.amount);
          } else if (record.status === 'reversed') {
            reversed += payment.amount - record.unapplied;
          }
        }
        expect(applied + credited + unapplied).toBe(received);
        // What the invoices no longer owe is exactly what was applied, less what refunds put back.
        const owedBefore = balances.reduce((s, b) => s + b, 0);
        const owedNow = Object.values(snapshot).reduce((s, b) => s + b, 0);
        const creditNow = (await deps.payments.creditBalance(accountId)).MXN ?? 0;
        expect(owedBefore - owedNow + creditNow).toBe(applied + credited - reversed);
        for (const balance of Object.values(snapshot)) expect(balance).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 25 },
    );
  });
});

async function balancesOf(accountId: string, numbers: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const invoiceNumber of numbers) out[invoiceNumber] = (await h.store.getInvoice({ accountId, invoiceNumber }))!.balance;
  return out;
}
