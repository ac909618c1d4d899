import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateEscalation, type EvaluationInput } from '../../../shared/domain/escalation/evaluate.js';
import { addDays, localDate } from '../../../shared/domain/escalation/local-time.js';
import { stageRank } from '../../../shared/domain/escalation/stages.js';
import { STAGES, type Dispute, type EscalationDecision, type EscalationRecord, type PromiseToPay } from '../../../shared/domain/escalation/types.js';
import type { Invoice } from '../../../shared/domain/types.js';
import { inputArb, NUMBERS, nowArb, policyArb, ZONES } from './arbitraries.js';

const RUNS = { numRuns: 250 };
const DAY = 86_400_000;

const isSettled = (input: EvaluationInput) => !input.invoices.some((i) => i.status === 'open' && i.balance > 0);
const paidSince = (input: EvaluationInput) => input.payments.lastPaymentAt !== undefined && Date.parse(input.payments.lastPaymentAt) >= Date.parse(input.record.since);

/** The invariants every decision keeps, whatever led to it. */
function checkInvariants(input: EvaluationInput, decision: EscalationDecision): void {
  expect(STAGES).toContain(decision.stage);
  expect(decision.previousStage).toBe(input.record.stage);
  expect(decision.changed).toBe(decision.stage !== input.record.stage);
  // Settled ⇔ closed, and a settled account is never escalated.
  expect(decision.outcome === 'closed').toBe(isSettled(input));
  expect(decision.stage === 'closed').toBe(isSettled(input));
  if (decision.outcome === 'closed') {
    expect(decision.actions).toEqual({});
    expect(decision.nextEvaluationAt).toBeUndefined();
    expect(decision.disputesPastSla).toEqual([]);
  }
  // Never backwards without a payment since the account entered its stage (closed starts afresh).
  if (decision.outcome !== 'closed' && input.record.stage !== 'closed' && !paidSince(input)) {
    expect(stageRank(decision.stage)).toBeGreaterThanOrEqual(stageRank(input.record.stage));
  }
  // A pause holds the stage: no stage actions.
  if (decision.outcome === 'paused') {
    const { alerts: _alerts, createTask, ...stageActions } = decision.actions;
    expect(stageActions).toEqual({});
    if (createTask) expect(['dispute-sla', 'broken-promise']).toContain(createTask.type);
  }
  // Hand-off and write-off only after pre-legal (or a recalled hand-off).
  if (decision.changed && decision.stage === 'hand-off') expect(input.record.stage).toBe('pre-legal');
  if (decision.changed && decision.stage === 'write-off') expect(['pre-legal', 'hand-off']).toContain(input.record.stage);
  // Always a future next look while something is owed, except once written off.
  if (decision.nextEvaluationAt !== undefined) expect(Date.parse(decision.nextEvaluationAt)).toBeGreaterThan(input.now.getTime());
  if (decision.outcome !== 'closed' && decision.stage !== 'write-off') expect(decision.nextEvaluationAt).toBeDefined();
  // The letter is earned by the collection history, never by days past due alone (restated here from
  // the policy's words: so many delivered messages, so many local calendar days since the first).
  if (decision.actions.sendPreLegalLetter || (decision.changed && decision.stage === 'pre-legal')) {
    const { minDeliveredReminders, minDaysSinceFirstContact } = input.policy.escalation.ladder;
    const history = input.collectionHistory;
    expect(history.delivered).toBeGreaterThanOrEqual(minDeliveredReminders);
    if (minDaysSinceFirstContact > 0) {
      expect(history.firstDeliveredAt).toBeDefined();
      // Days in the debtor's zone; a zone that is not one counts in UTC (as the domain documents).
      let timeZone = input.account.timezone;
      try {
        new Intl.DateTimeFormat('en-CA', { timeZone });
      } catch {
        timeZone = 'UTC';
      }
      const day = (at: Date) => Date.parse(new Intl.DateTimeFormat('en-CA', { timeZone }).format(at));
      const days = Math.round((day(input.now) - day(new Date(history.firstDeliveredAt!))) / DAY);
      expect(days).toBeGreaterThanOrEqual(minDaysSinceFirstContact);
    }
  }
  expect(decision.score.value).toBeGreaterThanOrEqual(0);
  expect(decision.score.value).toBeLessThanOrEqual(1);
  expect(decision.reasons.length).toBeGreaterThan(0);
}

describe('evaluateEscalation properties', () => {
  it('keeps its invariants over random portfolios, records, promises, disputes, plans and payments', () => {
    fc.assert(
      fc.property(inputArb, (input) => checkInvariants(input, evaluateEscalation(input))),
      RUNS,
    );
  });

  it('never escalates a settled account, whatever its record says', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const settled: EvaluationInput = { ...input, invoices: input.invoices.map((i) => ({ ...i, balance: 0, status: 'paid' as const })) };
        const decision = evaluateEscalation(settled);
        expect(decision).toMatchObject({ outcome: 'closed', stage: 'closed', actions: {} });
        expect(decision.nextEvaluationAt).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('is deterministic and does not depend on the order the inputs were read in', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const shuffle = <T>(items: readonly T[]): T[] => {
          const copy = [...items];
          let state = seed >>> 0;
          for (let i = copy.length - 1; i > 0; i--) {
            state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
            const j = state % (i + 1);
            [copy[i], copy[j]] = [copy[j]!, copy[i]!];
          }
          return copy;
        };
        const first = evaluateEscalation(input);
        expect(evaluateEscalation(structuredClone(input) as EvaluationInput)).toEqual(first);
        const shuffled = { ...input, invoices: shuffle(input.invoices), promises: shuffle(input.promises), disputes: shuffle(input.disputes), plans: shuffle(input.plans) };
        expect(evaluateEscalation(shuffled)).toEqual(first);
      }),
      RUNS,
    );
  });
});

// --- A timeline: random events in random order, each followed by an evaluation whose decision is
// recorded the way the state machine's record step would. ---

type Event =
  | { readonly kind: 'wait'; readonly days: number }
  | { readonly kind: 'scheduled' }
  | { readonly kind: 'pay'; readonly invoice: number; readonly share: number }
  | { readonly kind: 'pay-all' }
  | { readonly kind: 'promise'; readonly inDays: number; readonly amount?: number }
  | { readonly kind: 'dispute'; readonly invoice: number }
  | { readonly kind: 'resolve'; readonly creditNote: boolean }
  | { readonly kind: 'new-invoice'; readonly daysPastDue: number }
  | { readonly kind: 'reverse' }
  | { readonly kind: 'message' }
  | { readonly kind: 'reply' }
  | { readonly kind: 'recall' };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 25 }) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'scheduled' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), invoice: fc.nat(), share: fc.double({ min: 0.05, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pay-all' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('promise' as const), inDays: fc.integer({ min: 0, max: 14 }), amount: fc.option(fc.integer({ min: 1, max: 5_000_000 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dispute' as const), invoice: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), creditNote: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('new-invoice' as const), daysPastDue: fc.integer({ min: -20, max: 120 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reverse' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'message' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reply' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'recall' as const }) },
);

interface World {
  now: Date;
  invoices: Invoice[];
  record: EscalationRecord;
  promises: PromiseToPay[];
  disputes: Dispute[];
  applied: number;
  partials: number;
  reversals: number;
  lastPaymentAt?: string;
  silence: number;
  delivered: number;
  firstDeliveredAt?: string;
  silenceAlertedAt?: string;
  paidInvoices: { invoice: string; amount: number }[];
  next?: string;
}

function apply(world: World, event: Event, zone: string, counter: { n: number }): void {
  const open = world.invoices.filter((i) => i.status === 'open' && i.balance > 0);
  const pay = (invoice: Invoice, amount: number) => {
    const balance = invoice.balance - amount;
    Object.assign(invoice, { balance, status: balance === 0 ? 'paid' : 'open' });
    world.applied += amount;
    if (balance > 0) world.partials += 1;
    world.lastPaymentAt = world.now.toISOString();
    world.paidInvoices.push({ invoice: invoice.invoiceNumber, amount });
  };
  switch (event.kind) {
    case 'wait':
      world.now = new Date(world.now.getTime() + event.days * DAY);
      break;
    case 'scheduled':
      world.now = world.next ? new Date(world.next) : new Date(world.now.getTime() + DAY);
      break;
    case 'pay': {
      const invoice = open[event.invoice % Math.max(open.length, 1)];
      if (invoice) pay(invoice, Math.max(1, Math.round(invoice.balance * event.share)));
      break;
    }
    case 'pay-all':
      for (const invoice of open) pay(invoice, invoice.balance);
      break;
    case 'promise':
      counter.n += 1;
      world.promises.push({
        promiseId: `p-${counter.n}`,
        accountId: 'A-1',
        date: addDays(localDate(world.now, zone), event.inDays),
        ...(event.amount !== undefined ? { amount: event.amount, currency: 'MXN' } : {}),
        source: 'whatsapp',
        createdAt: world.now.toISOString(),
        status: 'open',
      });
      world.silence = 0;
      break;
    case 'dispute': {
      const invoice = open[event.invoice % Math.max(open.length, 1)];
      if (!invoice || world.disputes.some((d) => d.status === 'open' && d.invoiceNumber === invoice.invoiceNumber)) break;
      counter.n += 1;
      world.disputes.push({
        disputeId: `d-${counter.n}`,
        accountId: 'A-1',
        invoiceNumber: invoice.invoiceNumber,
        reason: 'damaged',
        openedAt: world.now.toISOString(),
        slaDueAt: new Date(world.now.getTime() + 72 * 3_600_000).toISOString(),
        status: 'open',
      });
      break;
    }
    case 'resolve': {
      const dispute = world.disputes.find((d) => d.status === 'open');
      if (!dispute) break;
      Object.assign(dispute, { status: 'resolved', resolution: event.creditNote ? 'credit-note' : 'rejected', resolvedAt: world.now.toISOString() });
      const invoice = world.invoices.find((i) => i.invoiceNumber === dispute.invoiceNumber);
      if (event.creditNote && invoice) Object.assign(invoice, { balance: 0, status: 'cancelled' });
      break;
    }
    case 'new-invoice':
      counter.n += 1;
      world.invoices.push({
        accountId: 'A-1',
        invoiceNumber: `N-${counter.n}`,
        currency: 'MXN',
        amount: 3_000_000,
        balance: 3_000_000,
        dueDate: addDays(localDate(world.now, zone), -event.daysPastDue),
        status: 'open',
      });
      break;
    case 'reverse': {
      const last = world.paidInvoices.pop();
      const invoice = last && world.invoices.find((i) => i.invoiceNumber === last.invoice);
      if (!last || !invoice || invoice.status === 'cancelled') break;
      Object.assign(invoice, { balance: invoice.balance + last.amount, status: 'open' });
      world.reversals += 1;
      break;
    }
    case 'message':
      world.silence += 1;
      world.delivered += 1;
      world.firstDeliveredAt ??= world.now.toISOString();
      break;
    case 'reply':
      world.silence = 0;
      break;
    case 'recall':
      if (world.record.stage === 'hand-off' && world.record.handOff && !world.record.handOff.recalledAt) {
        world.record = { ...world.record, handOff: { ...world.record.handOff, recalledAt: world.now.toISOString() } };
      }
      break;
  }
}

/** What the record step, the promise and dispute stores do with a decision. */
function record(world: World, decision: EscalationDecision): void {
  const at = world.now.toISOString();
  const r = world.record;
  world.record = {
    ...r,
    stage: decision.stage,
    since: decision.changed ? at : r.since,
    lastEvaluatedAt: at,
    version: r.version + 1,
    history: decision.changed ? [...r.history, { at, from: r.stage, to: decision.stage, reason: decision.reasons[0] ?? '' }].slice(-50) : r.history,
    ...(decision.actions.sendPreLegalLetter ? { preLegalLetterAt: at } : {}),
    ...(decision.actions.prepareHandOff ? { handOff: { at, to: decision.actions.prepareHandOff.to, packageKey: `hand-off/${at}` } } : {}),
    ...(decision.actions.writeOff ? { writtenOffAt: at } : {}),
  };
  world.next = decision.nextEvaluationAt;
  for (const close of decision.promisesToClose) {
    const promise = world.promises.find((p) => p.promiseId === close.promiseId);
    if (promise) Object.assign(promise, { status: close.status, closedAt: at });
  }
  for (const id of decision.disputesPastSla) {
    const dispute = world.disputes.find((d) => d.disputeId === id);
    if (dispute) Object.assign(dispute, { slaAlertedAt: at });
  }
  if (decision.actions.alerts?.some((a) => a.kind === 'silence')) world.silenceAlertedAt = at;
}

describe('evaluateEscalation over random orders of events', () => {
  it('never escalates a settled account, is in exactly one stage, never steps back without a payment, always looks ahead', () => {
    fc.assert(
      fc.property(
        nowArb,
        fc.constantFrom(...ZONES),
        policyArb,
        fc.array(
          fc.record({
            daysPastDue: fc.integer({ min: -30, max: 150 }),
            // Some small enough to write off, most large enough to hand off.
            balance: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 150_000 }) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 20_000_000 }) }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(eventArb, { minLength: 1, maxLength: 30 }),
        (start, zone, policy, portfolio, events) => {
          const world: World = {
            now: start,
            invoices: portfolio.map((p, i) => ({
              accountId: 'A-1',
              invoiceNumber: NUMBERS[i] ?? `F-${i}`,
              currency: 'MXN',
              amount: p.balance,
              balance: p.balance,
              dueDate: addDays(localDate(start, zone), -p.daysPastDue),
              status: 'open' as const,
            })),
            record: { accountId: 'A-1', stage: 'current', since: start.toISOString(), history: [], version: 0 },
            promises: [],
            disputes: [],
            applied: 0,
            partials: 0,
            reversals: 0,
            silence: 0,
            delivered: 0,
            paidInvoices: [],
          };
          const counter = { n: 0 };
          for (const event of events) {
            apply(world, event, zone, counter);
            const input: EvaluationInput = {
              now: world.now,
              policy,
              account: { accountId: 'A-1', name: 'Cliente', timezone: zone, locale: 'es-MX' },
              invoices: world.invoices.map((i) => ({ ...i })),
              record: world.record,
              promises: world.promises.map((p) => ({ ...p })),
              disputes: world.disputes.map((d) => ({ ...d })),
              plans: [],
              payments: {
                applied90Days: world.applied,
                partialPayments90Days: world.partials,
                reversals90Days: world.reversals,
                ...(world.lastPaymentAt ? { lastPaymentAt: world.lastPaymentAt } : {}),
              },
              contactAttemptsWithoutReply: world.silence,
              collectionHistory: { delivered: world.delivered, ...(world.firstDeliveredAt ? { firstDeliveredAt: world.firstDeliveredAt } : {}) },
              openTasks: 0,
              ...(world.silenceAlertedAt ? { silenceAlertedAt: world.silenceAlertedAt } : {}),
            };
            const decision = evaluateEscalation(input);
            checkInvariants(input, decision);
            // The same evaluation again (an at-least-once trigger) decides the same.
            expect(evaluateEscalation(input)).toEqual(decision);
            record(world, decision);
            // Recorded, a second evaluation at the same instant (a redelivered trigger) changes nothing:
            // no stage change, no second letter, task or alert.
            const again = evaluateEscalation({
              ...input,
              record: world.record,
              promises: world.promises.map((p) => ({ ...p })),
              disputes: world.disputes.map((d) => ({ ...d })),
              ...(world.silenceAlertedAt ? { silenceAlertedAt: world.silenceAlertedAt } : {}),
            });
            expect(again.stage).toBe(decision.stage);
            expect(again.changed).toBe(false);
            expect(again.actions).toEqual({});
            expect(again.promisesToClose).toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
