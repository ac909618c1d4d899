import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInvoices, judge, planPayments, runWithFaults, type FaultVerdict, type RunOutcome } from './support/fault-run.js';

/**
 * Issue #12: the embedded runtime with 10% injected failures at every port (store throttling and
 * 5xx, crashes between effects, queue send errors, duplicate concurrent deliveries, scheduler
 * errors, channel senders failing before and after the provider accepted) loses no reminder or
 * payment, sends nothing twice, applies no payment twice and logs every send. The oracle comes from
 * the generated inputs (amounts, payments) and from what reached the debtors (outbox files, the
 * providers' accepted calls), compared with the same inputs run without faults.
 *
 * Small on purpose (the embedded runtime takes ~1 s per invoice-month here; the bigger run is
 * `npm run bench`, `faults` key).
 */
const INVOICES = 16;
const DAYS = 12;
let dir: string;
let control: RunOutcome;
let run: RunOutcome;
let verdict: FaultVerdict;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-faults-'));
  const common = { invoices: INVOICES, days: DAYS, seed: 12 };
  control = await runWithFaults({ ...common, dir: join(dir, 'control'), rate: 0 });
  run = await runWithFaults({ ...common, dir: join(dir, 'faulty'), rate: 0.1 });
  const invoices = generateInvoices(INVOICES);
  verdict = judge(run, control, invoices, planPayments(invoices, DAYS), DAYS);
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('10% faults at every port of the embedded runtime', () => {
  it('injected faults of every kind, counted', () => {
    expect(control.injectedTotal).toBe(0);
    for (const kind of ['store', 'crash', 'queue-send', 'duplicate', 'scheduler'] as const) expect(run.injected[kind], kind).toBeGreaterThan(0);
    expect(run.injectedTotal).toBe(Object.values(run.injected).reduce((a, b) => a + b, 0));
  });

  it('the control run sends reminders and applies payments (the oracle has something to compare)', () => {
    expect(control.accepted.size).toBeGreaterThan(INVOICES / 2);
    expect([...control.payments.values()].filter((p) => p.status === 'applied').length).toBeGreaterThan(0);
  });

  it('every payment is applied exactly once: balances are amount − payments, nothing applied twice', () => {
    expect(verdict.balanceMismatches, verdict.examples.join('\n')).toBe(0);
    expect(verdict.doubleApplications, verdict.examples.join('\n')).toBe(0);
  });

  it('no dead letter is left once faults stop and dead letters are redriven', () => {
    expect(run.deadLettersLeft, JSON.stringify(run.deadLetterErrors)).toBe(0);
  });

  it('no message.sent is logged twice, however late a send is retried', () => {
    expect(verdict.duplicateLogLines, verdict.examples.join('\n')).toBe(0);
  });

  it('no reminder or receipt is lost: every invoice the control run named is named, every receipt is there', () => {
    expect(verdict.lost, verdict.examples.join('\n')).toBe(0);
    expect(verdict.unreminded, verdict.examples.join('\n')).toBe(0);
  });

  it('no receipt goes out twice', () => {
    expect(verdict.extra, verdict.examples.join('\n')).toBe(0);
  });

  // Known gap (see the README, "Fault injection"): a provider that accepted a message whose reply
  // was lost, or whose record (one write) then failed, is called again by the retry — about one
  // message in ten at these rates. Only a provider idempotency key, or asking the provider, closes
  // it. This expectation fails until then (it.fails); the bench reports the count.
  it.fails('no provider is called twice for one message id', () => {
    expect(verdict.providerRepeats, verdict.examples.join('\n')).toBe(0);
  });

  // Same window: when that retry finds the message no longer due (paid meanwhile, held), the
  // message the provider accepted has no `message.sent` (0 or 1 in this run; the bench counts it).
  it.todo('every message a provider accepted is logged, even when its retry finds it no longer due');
});
