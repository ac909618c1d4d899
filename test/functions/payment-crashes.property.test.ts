import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import type { Payment } from '../../shared/domain/payments/types.js';
import type { EmailMessage } from '../../shared/domain/types.js';
import type { AlertPublisher, MessageQueue } from '../../shared/ports.js';

type Alert = Parameters<AlertPublisher['publish']>[0];
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { receivePayment, type ApplyPaymentDeps } from '../../shared/usecases/apply-payment.js';
import { CLAIM_LEASE_MS } from '../../shared/usecases/payment-claim.js';
import { dynamoHarness, fixedClock, stored } from './harness.js';

/**
 * Exactly once under any interleaving (property, dynalite): several deliveries of one payment run at
 * once — some are copies of one message (same claimant label), some their own — while any call
 * to any port may fail, either before it acts or after it acted (a crash between two steps). Every
 * delivery that failed is retried (as SQS does, after its visibility timeout) until it is acknowledged. The oracle, by hand: the
 * account owes A = 1,000.00 and B = 300.00; the payment is 1,000.00 for A (named, or by the payer's
 * tax id and the exact amount). After the dust settles: A is paid, B owes 300.00, the record says
 * applied with 1,000.00 applied, one `payment.applied` and one `invoice.paid` line, every queued
 * receipt is the same receipt (one id: the sender sends it once), and finance got no alert.
 */
const A = 100_000;
const B = 30_000;

let h: Awaited<ReturnType<typeof dynamoHarness>>;
let run = 0;

beforeAll(async () => {
  h = await dynamoHarness();
});

afterAll(async () => {
  await h.dynamo.close();
});

/** Which port calls fail, and how: 'before' (nothing happened) or 'after' (it happened, then the crash). */
type Faults = ReadonlyMap<number, 'before' | 'after'>;

class Injector {
  calls = 0;
  on = true;
  constructor(private readonly faults: Faults) {}

  wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          this.calls += 1;
          const fault = this.on ? this.faults.get(this.calls) : undefined;
          if (fault === 'before') throw new Error(`injected fault before call ${this.calls} (${String(prop)})`);
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
          if (fault === 'after') throw new Error(`injected crash after call ${this.calls} (${String(prop)})`);
          return result;
        };
      },
    });
  }
}

const scenario = fc.record({
  byTaxId: fc.boolean(),
  /** Deliveries of the payment: each its own claimant (a webhook POST each), or a shared one (SQS redelivery). */
  claimants: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 6 }),
  faults: fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.constantFrom('before' as const, 'after' as const)), { maxLength: 12 }),
});

describe('payment deliveries with crashes between steps (property, dynalite)', () => {
  it('applies each payment exactly once whatever fails, in whatever order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ byTaxId, claimants, faults }) => {
        run += 1;
        const accountId = `CR${run}`;
        const taxId = `CRA${String(run).padStart(6, '0')}X1`;
        await h.store.putAccounts([stored({ accountId, name: `Cliente ${run}`, taxId, email: `c${run}@example.com`, timezone: 'America/Mexico_City', locale: 'es-MX', country: 'MX' })]);
        await h.store.putInvoices([
          stored({ accountId, invoiceNumber: `${accountId}-A`, currency: 'MXN', amount: A, balance: A, issueDate: '2026-10-01', dueDate: '2026-10-31', status: 'open' as const }),
          stored({ accountId, invoiceNumber: `${accountId}-B`, currency: 'MXN', amount: B, balance: B, issueDate: '2026-10-15', dueDate: '2026-11-14', status: 'open' as const }),
        ]);
        const payment: Payment = byTaxId
          ? { paymentId: `generic:bank:${accountId}`, source: 'generic', kind: 'payment', amount: A, currency: 'MXN', valueDate: '2026-12-03', payerTaxId: taxId, reference: 'PAGO' }
          : { paymentId: `stripe:pi_${accountId}`, source: 'stripe', kind: 'payment', amount: A, currency: 'MXN', valueDate: '2026-12-03', links: { invoiceNumbers: [`${accountId}-A`], accountId } };

        const injector = new Injector(new Map(faults));
        let wallClock = Date.parse('2026-12-03T16:00:00Z');
        const receipts: EmailMessage[] = [];
        const alerts: Alert[] = [];
        const clock = fixedClock('2026-12-03T16:00:00Z');
        const deps: ApplyPaymentDeps = {
          store: injector.wrap(h.store),
          payments: injector.wrap(new DynamoDbPaymentStore(h.dynamo.client, h.dynamo.tableNames.Accounts)),
          log: injector.wrap(h.log),
          planning: injector.wrap<MessageQueue<never>>({ send: async () => undefined }),
          emailQueue: injector.wrap<MessageQueue<EmailMessage>>({ send: async (messages) => void receipts.push(...messages) }),
          alerts: injector.wrap<AlertPublisher>({ publish: async (alert) => void alerts.push(alert) }),
          policy: new ActivePolicy(h.policies, clock),
          clock,
          leaseNow: () => wallClock,
        };

        // At once: every delivery; the ones that throw are retried afterwards (as SQS does: after the
        // visibility timeout, longer than a claim's lease), faults still on, then off.
        const deliver = (claimant: number) => receivePayment(deps, payment, { claimant: `${accountId}#${claimant}` });
        const settled = await Promise.allSettled(claimants.map(deliver));
        let pending = claimants.filter((_, i) => settled[i]!.status === 'rejected');
        for (let round = 0; pending.length > 0; round += 1) {
          if (round === 3) injector.on = false;
          expect(round).toBeLessThan(10);
          wallClock += CLAIM_LEASE_MS + 1;
          const again = await Promise.allSettled(pending.map(deliver));
          pending = pending.filter((_, i) => again[i]!.status === 'rejected');
        }

        injector.on = false;
        const a = await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-A` });
        const b = await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-B` });
        expect({ a: a!.balance, b: b!.balance }).toEqual({ a: 0, b: B });
        const record = (await h.store.getInvoice({ accountId, invoiceNumber: `${accountId}-A` }))!;
        expect(record.appliedPaymentIds).toEqual([payment.paymentId]);
        const stored_ = (await deps.payments.getPayment(payment.paymentId))!;
        expect(stored_).toMatchObject({ status: 'applied', unapplied: 0 });
        expect(stored_.claim).toBeUndefined();
        expect(stored_.applications.reduce((s, x) => s + x.amount, 0)).toBe(A);
        const lines = (await h.log.listForAccount(accountId)).filter((l) => l.data?.paymentId === payment.paymentId);
        expect(lines.filter((l) => l.type === 'payment.applied')).toHaveLength(1);
        expect(lines.filter((l) => l.type === 'invoice.paid')).toHaveLength(1);
        expect(receipts.length).toBeGreaterThanOrEqual(1);
        expect(new Set(receipts.map((r) => r.reminderId)).size).toBe(1);
        expect(alerts).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
