import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import type { Payment } from '../../shared/domain/payments/types.js';
import type { EmailMessage } from '../../shared/domain/types.js';
import type { AlertPublisher, MessageQueue } from '../../shared/ports.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { ReversalTooEarlyError, receivePayment, type ApplyPaymentDeps } from '../../shared/usecases/apply-payment.js';
import { ManualApplyError, applyPaymentByHand } from '../../shared/usecases/apply-payment-by-hand.js';
import { CLAIM_LEASE_MS } from '../../shared/usecases/payment-claim.js';
import { dynamoHarness, fixedClock, stored } from './harness.js';

type Alert = Parameters<AlertPublisher['publish']>[0];
let h: Awaited<ReturnType<typeof dynamoHarness>>;
beforeAll(async () => { h = await dynamoHarness(); });
afterAll(async () => { await h.dynamo.close(); });

let n = 0;
async function setup(invoices: Array<[string, number]>) {
  n += 1;
  const accountId = `AT${n}`;
  const taxId = `ATX${String(n).padStart(6, '0')}Z1`;
  await h.store.putAccounts([stored({ accountId, name: `Cliente ${n}`, taxId, email: `c${n}@example.com`, timezone: 'America/Mexico_City', locale: 'es-MX', country: 'MX' })]);
  await h.store.putInvoices(invoices.map(([num, amt]) => stored({ accountId, invoiceNumber: `${accountId}-${num}`, currency: 'MXN', amount: amt, balance: amt, issueDate: '2026-10-01', dueDate: '2026-10-31', status: 'open' as const })));
  const wall = { t: Date.parse('2026-12-03T16:00:00Z') };
  const receipts: EmailMessage[] = [];
  const alerts: Alert[] = [];
  const clock = fixedClock('2026-12-03T16:00:00Z');
  const payments = new DynamoDbPaymentStore(h.dynamo.client, h.dynamo.tableNames.Accounts);
  const deps: ApplyPaymentDeps = {
    store: h.store, payments, log: h.log,
    planning: { send: async () => undefined } as MessageQueue<never>,
    emailQueue: { send: async (m: EmailMessage[]) => void receipts.push(...m) } as MessageQueue<EmailMessage>,
    alerts: { publish: async (a: Alert) => void alerts.push(a) },
    policy: new ActivePolicy(h.policies, clock), clock, leaseNow: () => wall.t,
  };
  return { accountId, taxId, deps, wall, receipts, alerts, payments };
}
const pay = (id: string, amount: number, accountId: string, inv: string[]): Payment => ({ paymentId: id, source: 'stripe', kind: 'payment', amount, currency: 'MXN', valueDate: '2026-12-03', links: { invoiceNumbers: inv, accountId } });

/**
 * Races and crashes an attacker found (review of the exactly-once change), each with its oracle worked
 * out by hand: what the invoices owe, what the records say was applied or credited, what finance hears.
 */
describe('payment races found in review (dynalite)', () => {
  it('a retry records what the first write really took when another payment lowered the balance in between: the rest becomes credit, nothing vanishes', async () => {
    const s = await setup([['A', 100_000]]);
    const inv = `${s.accountId}-A`;
    const p1 = pay(`stripe:pi_p1_${s.accountId}`, 100_000, s.accountId, [inv]);
    const p2 = pay(`stripe:pi_p2_${s.accountId}`, 60_000, s.accountId, [inv]);
    let crashed = false;
    const orig = s.payments.applyToInvoice.bind(s.payments);
    s.payments.applyToInvoice = async (key, pid, amount, settle, at) => {
      if (pid === p1.paymentId && !crashed) {
        // another payment lands on the invoice between P1's decision and its write
        await receivePayment({ ...s.deps, payments: Object.assign(Object.create(Object.getPrototypeOf(s.payments)), s.payments, { applyToInvoice: orig }) }, p2);
        await orig(key, pid, amount, settle, at);
        crashed = true;
        throw new Error('crash after applyToInvoice');
      }
      return orig(key, pid, amount, settle, at);
    };
    await expect(receivePayment(s.deps, p1)).rejects.toThrow();
    s.wall.t += CLAIM_LEASE_MS + 1;
    await receivePayment(s.deps, p1);
    const invNow = await h.store.getInvoice({ accountId: s.accountId, invoiceNumber: inv });
    const rec = (await s.payments.getPayment(p1.paymentId))!;
    const credits = await s.payments.creditBalance(s.accountId);
    const p2rec = (await s.payments.getPayment(p2.paymentId))!;
    const totalApplied = rec.applications.reduce((x, a) => x + a.amount, 0) + p2rec.applications.reduce((x, a) => x + a.amount, 0);
    // oracle: invoice amount - balance == what payments say they applied
    expect(100_000 - invNow!.balance).toBe(totalApplied);
    expect((credits.MXN ?? 0) + totalApplied).toBe(160_000);
    expect(rec).toMatchObject({ applications: [{ amount: 40_000 }], credit: { amount: 60_000 }, unapplied: 0 });
  });

  it('a refund that arrives while its payment is being applied waits (a retry), then reopens the invoice; a refund can never be applied by hand', async () => {
    const s = await setup([['A', 100_000], ['B', 50_000]]);
    const p1 = pay(`stripe:pi_r_${s.accountId}`, 100_000, s.accountId, [`${s.accountId}-A`]);
    const refund: Payment = { paymentId: `stripe:re_${s.accountId}`, source: 'stripe', kind: 'refund', amount: 100_000, currency: 'MXN', valueDate: '2026-12-03', reversesPaymentId: p1.paymentId };
    let early: unknown;
    const orig = s.payments.applyToInvoice.bind(s.payments);
    let once = false;
    s.payments.applyToInvoice = async (...args) => {
      if (!once) {
        once = true;
        early = await receivePayment(s.deps, refund).catch((error: unknown) => error);
      }
      return orig(...args);
    };
    expect((await receivePayment(s.deps, p1)).outcome).toBe('applied');
    expect(early).toBeInstanceOf(ReversalTooEarlyError);
    // The queue redelivers the refund: now it finds what to reverse.
    expect((await receivePayment(s.deps, refund)).outcome).toBe('reversed');
    expect((await h.store.getInvoice({ accountId: s.accountId, invoiceNumber: `${s.accountId}-A` }))!.balance).toBe(100_000);
    await expect(applyPaymentByHand(s.deps, { paymentId: refund.paymentId, invoiceNumbers: [`${s.accountId}-B`], by: 'cli' })).rejects.toThrow(ManualApplyError);
    expect((await h.store.getInvoice({ accountId: s.accountId, invoiceNumber: `${s.accountId}-B` }))!.balance).toBe(50_000);
  });

  it('a crash before the alert of a payment whose invoices closed meanwhile is retried: finance is alerted once, the log says it once', async () => {
    const s = await setup([['A', 100_000]]);
    const inv = `${s.accountId}-A`;
    const p1 = pay(`stripe:pi_x1_${s.accountId}`, 100_000, s.accountId, [inv]);
    const p2 = pay(`stripe:pi_x2_${s.accountId}`, 100_000, s.accountId, [inv]);
    const orig = s.payments.applyToInvoice.bind(s.payments);
    let once = false;
    s.payments.applyToInvoice = async (key, pid, ...rest) => {
      if (pid === p1.paymentId && !once) { once = true; await receivePayment({ ...s.deps, payments: Object.assign(Object.create(Object.getPrototypeOf(s.payments)), s.payments, { applyToInvoice: orig }) }, p2); }
      return orig(key, pid, ...rest);
    };
    let crash = true;
    const logAppend = s.deps.log.append.bind(s.deps.log);
    const deps1: ApplyPaymentDeps = { ...s.deps, log: { ...s.deps.log, listForAccount: s.deps.log.listForAccount?.bind(s.deps.log), append: async (lines: Parameters<typeof logAppend>[0]) => { if (crash && lines.some((l) => l.type === 'payment.exception')) { crash = false; throw new Error('crash'); } return logAppend(lines); } } as ApplyPaymentDeps['log'] };
    await expect(receivePayment(deps1, p1)).rejects.toThrow();
    s.wall.t += CLAIM_LEASE_MS + 1;
    await receivePayment(s.deps, p1);
    const lines = (await h.log.listForAccount(s.accountId)).concat(await h.log.listForAccount('SYSTEM')).filter((l) => l.data?.paymentId === p1.paymentId);
    expect(lines.filter((l) => l.type === 'payment.exception')).toHaveLength(1);
    expect(s.alerts.filter((a) => a.kind === 'payment.exception').length).toBe(1);
  });

  it('a refund in another currency than its payment is held for a person, never reversed unit for unit', async () => {
    const s = await setup([['A', 100_000]]);
    const p1 = pay(`stripe:pi_cur_${s.accountId}`, 100_000, s.accountId, [`${s.accountId}-A`]);
    await receivePayment(s.deps, p1);
    const refund: Payment = { paymentId: `generic:bank:re_cur_${s.accountId}`, source: 'generic', kind: 'refund', amount: 50_000, currency: 'CLP', valueDate: '2026-12-03', reversesPaymentId: p1.paymentId };
    const r = await receivePayment(s.deps, refund);
    const a = await h.store.getInvoice({ accountId: s.accountId, invoiceNumber: `${s.accountId}-A` });
    expect(r.outcome).toBe('exception');
    expect(a!.balance).toBe(0);
  });
});
