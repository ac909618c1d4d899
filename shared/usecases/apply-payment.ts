import { randomUUID } from 'node:crypto';
import { contentHash } from '../domain/content-hash.js';
import { candidateQuery } from '../domain/payments/matching/candidate-query.js';
import { DEFAULT_MATCH_SETTINGS, matchPayment } from '../domain/payments/matching/matcher.js';
import type { MatchSettings } from '../domain/payments/matching/types.js';
import type { Payment } from '../domain/payments/types.js';
import type { PolicyPayments } from '../domain/policy/schema.js';
import { formatMinorUnits } from '../domain/ingest/money.js';
import { renderReceipt } from '../domain/templates/receipt.js';
import type { EmailMessage, Interaction, InvoiceKey, PlanRequest } from '../domain/types.js';
import type {
  AccountStore,
  AlertPublisher,
  Clock,
  InteractionLog,
  MessageQueue,
  PaymentApplication,
  PaymentRecord,
  PaymentStatus,
  PaymentStore,
  ReversalSlice,
} from '../ports.js';
import type { ActivePolicy } from './active-policy.js';
import type { EvaluationRequest } from '../config/escalation.js';
import { requestEvaluation } from './escalation-requests.js';
import { claimPayment, freshClaim, releaseClaim, writeClaimed, type ClaimDeps } from './payment-claim.js';

export interface ApplyPaymentDeps extends ClaimDeps {
  readonly store: AccountStore;
  readonly payments: PaymentStore;
  readonly log: InteractionLog;
  /** Paid or reopened invoices are planned again: the planner cancels (or recreates) their reminders. */
  readonly planning: MessageQueue<PlanRequest>;
  /** Receipts go out through the email queue, like reminders. */
  readonly emailQueue: MessageQueue<EmailMessage>;
  readonly alerts: AlertPublisher;
  readonly policy: ActivePolicy;
  readonly clock: Clock;
  /** Each account a payment or reversal touched is evaluated again (escalation closes, steps back or resumes). */
  readonly evaluations?: MessageQueue<EvaluationRequest>;
}

/**
 * `duplicate`: this payment was decided before (nothing done now). `in-progress`: another delivery
 * of it holds the claim and finishes it (nothing done now; if that delivery dies, its own retry —
 * SQS redelivers after the visibility timeout, longer than the lease — takes over).
 */
export type PaymentOutcome = PaymentStatus | 'duplicate' | 'in-progress';

export interface ReceiveOptions {
  /**
   * `each` (default): a payment held for a person raises its own finance alert. `digest`: the caller
   * (a statement file) collects the exceptions and raises one digest alert for all of them.
   */
  readonly alert?: 'each' | 'digest';
  /** Who is delivering (the SQS message id…), recorded on the claim for people reading the record. */
  readonly claimant?: string;
}

export interface ApplyPaymentResult {
  readonly outcome: PaymentOutcome;
  readonly record: PaymentRecord;
}

/** The matcher's settings from the policy's `payments` section (bounds of the search stay ours). */
export function matchSettings(payments: PolicyPayments): MatchSettings {
  return {
    ...DEFAULT_MATCH_SETTINGS,
    autoApplyThreshold: payments.autoApplyThreshold,
    shortfallTolerance: payments.shortfallTolerance,
    earlyPaymentDiscountPercent: payments.earlyPaymentDiscountPercent,
    allowOldestFirst: payments.allowOldestFirst,
  };
}

/**
 * One payment in, from any source: stored once under its deterministic id (a replayed webhook, the
 * same statement dropped twice → `duplicate`), matched, and applied when the matcher is sure enough;
 * otherwise it waits in the exception list with the matcher's suggestions and finance is alerted.
 * A refund or chargeback puts back what the payment it reverses had applied.
 *
 * Exactly once, by construction: the delivery that creates the record holds its claim (a lease);
 * any other delivery meanwhile stops (`in-progress`). The decision — the plan, or holding it for a
 * person — is written to the record (conditionally, by the claim holder) before any invoice is
 * touched, and nothing ever decides a payment again once it has a decision: a retry, or a delivery
 * taking over an expired claim, finishes the recorded plan. Invoice writes are conditional on the
 * payment not being applied there yet, the credit is keyed by the payment id, and the log lines of a
 * decision carry the decision's instant (same keys on a retry). Only the claim holder queues the
 * receipt and raises the alert.
 */
export async function receivePayment(deps: ApplyPaymentDeps, payment: Payment, options: ReceiveOptions = {}): Promise<ApplyPaymentResult> {
  const alert = options.alert ?? 'each';
  // Unique per attempt: two copies of one message at once must not both think they hold the claim.
  const owner = `${options.claimant ?? 'delivery'}#${randomUUID()}`;
  const at = deps.clock.now().toISOString();
  const fresh: PaymentRecord = { payment, status: 'received', receivedAt: at, updatedAt: at, applications: [], unapplied: payment.amount, version: 1, claim: freshClaim(deps, owner) };
  const created = await deps.payments.createPayment(fresh);
  let record = fresh;
  if (created.created) {
    await deps.log.append([
      line(payment, 'SYSTEM', at, 'payment.received', `${describe(payment)} from ${payment.source}`, {
        amount: payment.amount,
        currency: payment.currency,
        valueDate: payment.valueDate,
      }),
    ]);
  } else {
    // `received`: not finished (a crash, or another delivery at work). `lookup`: we only had the
    // provider's notification; now the details have come. Anything else is decided: the same money again.
    const claim = await claimPayment(
      deps,
      payment.paymentId,
      owner,
      (r) => r.status === 'received' || (r.status === 'lookup' && payment.amount > 0),
      (r) => (r.status === 'lookup' ? { ...fresh, receivedAt: r.receivedAt, version: r.version ?? 0 } : r),
    );
    if (claim.kind === 'done') return { outcome: 'duplicate', record: claim.record };
    if (claim.kind === 'busy') return { outcome: 'in-progress', record: claim.record };
    record = claim.record;
  }
  try {
    record = await decideAndApply(deps, record, alert);
    return { outcome: record.status, record };
  } catch (error) {
    await releaseClaim(deps, payment.paymentId, owner).catch(() => undefined);
    throw error;
  }
}

/** The claim holder's work: finish a recorded decision, or decide now and record it first. */
async function decideAndApply(deps: ApplyPaymentDeps, record: PaymentRecord, alert: ReceiveOptions['alert']): Promise<PaymentRecord> {
  if (record.plan) return commitPlan(deps, record, alert);
  if (record.reversalPlan) return reversePayment(deps, record, alert);
  if (record.decidedAt && record.reason) return holdAsException(deps, record, record.reason, alert);
  const { payment } = record;
  if (payment.kind !== 'payment') return reversePayment(deps, record, alert);

  const policy = await deps.policy.get();
  const settings = matchSettings(policy.payments);
  const candidates = await deps.payments.findCandidates(candidateQuery(payment));
  const decision = matchPayment(payment, candidates, settings, payment.valueDate);
  const summary = { rule: decision.rule, confidence: decision.confidence, explanation: decision.explanation, suggestions: decision.suggestions };
  const sure = decision.confidence >= settings.autoApplyThreshold && (decision.allocations.length > 0 || decision.credit !== undefined);
  if (!sure) return holdAsException(deps, { ...record, decision: summary }, decision.explanation, alert);
  const planned = await recordPlan(deps, { ...record, decision: summary }, {
    allocations: decision.allocations,
    ...(decision.credit ? { creditAccountId: decision.credit.accountId } : {}),
    appliedBy: decision.rule === 'cfdi-complement' ? 'cfdi' : 'auto',
  });
  return commitPlan(deps, planned, alert);
}

/** Payments looked at per sweep: a backlog larger than this is worked through sweep after sweep. */
const SWEEP_LIMIT = 100;

/**
 * The safety net under the claims: a payment whose delivery died holding the claim is finished by
 * that delivery's retry (SQS redelivers after its visibility timeout, longer than the lease). When no
 * retry comes — a statement run that gave up, a local process killed — this finishes it: every
 * payment still `received` whose claim has ended is taken over and its recorded decision finished
 * (or, if none was recorded, decided now). Runs on a schedule on AWS and on every local tick.
 * Returns how many it finished.
 */
export async function finishStalledPayments(deps: ApplyPaymentDeps): Promise<number> {
  const now = (deps.leaseNow ?? Date.now)();
  let finished = 0;
  for (const record of await deps.payments.listPending(SWEEP_LIMIT)) {
    if (record.claim && Date.parse(record.claim.until) > now) continue;
    const { outcome } = await receivePayment(deps, record.payment, { claimant: 'sweep' });
    if (outcome !== 'duplicate' && outcome !== 'in-progress') finished += 1;
  }
  return finished;
}

/**
 * A Mercado Pago style notification that names a payment without its details: kept as an exception
 * of status `lookup` so nobody forgets it; the full event (or a person) completes it later.
 */
export async function recordLookup(
  deps: ApplyPaymentDeps,
  lookup: { readonly paymentId: string; readonly source: Payment['source']; readonly resource: string; readonly id: string },
): Promise<ApplyPaymentResult> {
  const at = deps.clock.now().toISOString();
  const reason = `${lookup.source} sent a notification for ${lookup.resource} ${lookup.id} without its details: look it up in the provider's dashboard, then apply it by hand`;
  // No amount is known yet: 0 in ISO 4217's "XXX" (no currency), so nothing can be applied from it
  // until the real details arrive (receivePayment then replaces this record) or a person acts.
  const record: PaymentRecord = {
    payment: { paymentId: lookup.paymentId, source: lookup.source, kind: 'payment', amount: 0, currency: 'XXX', valueDate: at.slice(0, 10), metadata: { resource: lookup.resource, id: lookup.id } },
    status: 'lookup',
    receivedAt: at,
    updatedAt: at,
    applications: [],
    unapplied: 0,
    reason,
    version: 1,
  };
  const created = await deps.payments.createPayment(record);
  if (!created.created) return { outcome: 'duplicate', record: created.existing };
  await deps.alerts.publish({ kind: 'payment.lookup', subject: `Payment ${lookup.paymentId} needs a lookup`, message: reason });
  await deps.log.append([line(record.payment, 'SYSTEM', at, 'payment.exception', reason)]);
  return { outcome: 'lookup', record };
}

/**
 * Records the decision on the claimed record — before any invoice is touched — as `received` with a
 * plan: from here on every delivery (and a person applying by hand) finishes this plan, never another.
 */
export async function recordPlan(deps: ApplyPaymentDeps, claimed: PaymentRecord, plan: NonNullable<PaymentRecord['plan']>): Promise<PaymentRecord> {
  const at = deps.clock.now().toISOString();
  const { reason: _reason, ...rest } = claimed;
  return writeClaimed(deps, { ...rest, status: 'received', plan, decidedAt: at, updatedAt: at, applications: [] });
}

/**
 * Applies the recorded plan (the caller holds the claim): each allocation once (conditional on the
 * invoice), the rest as the payer's credit, then the effects — paid invoices planned again (their
 * reminders stop), receipts, the log — and last the outcome, which releases the claim.
 */
export async function commitPlan(deps: ApplyPaymentDeps, start: PaymentRecord, alert: ReceiveOptions['alert'] = 'each'): Promise<PaymentRecord> {
  const { payment } = start;
  const plan = start.plan!;
  const at = start.decidedAt ?? deps.clock.now().toISOString();

  const applications: PaymentApplication[] = [];
  const paid: InvoiceKey[] = [];
  for (const allocation of plan.allocations) {
    const result = await deps.payments.applyToInvoice(allocation, payment.paymentId, allocation.amount, allocation.settles, at);
    if (result.result === 'applied') {
      applications.push({ ...key(allocation), amount: result.amount, writtenOff: result.writtenOff, balanceAfter: result.balanceAfter });
      if (result.paid) paid.push(key(allocation));
    } else if (result.result === 'already') {
      // Applied by an earlier attempt of this same plan: it took the planned amount.
      const invoice = await deps.store.getInvoice(allocation);
      applications.push({ ...key(allocation), amount: allocation.amount, writtenOff: 0, balanceAfter: invoice?.balance ?? 0 });
      if (invoice?.status === 'paid') paid.push(key(allocation));
    }
  }

  const applied = applications.reduce((sum, a) => sum + a.amount, 0);
  const rest = payment.amount - applied;
  const creditAccountId = plan.creditAccountId ?? applications[0]?.accountId;
  const credit = rest > 0 && creditAccountId ? rest : 0;
  if (credit > 0 && creditAccountId) await deps.payments.addCredit(creditAccountId, payment.paymentId, payment.currency, credit, at);

  const status: PaymentStatus =
    applications.length === 0 && credit === 0
      ? 'exception'
      : applications.length === 0
        ? 'credited'
        : applications.some((a) => a.balanceAfter > 0)
          ? 'partial'
          : 'applied';
  const record: PaymentRecord = {
    ...start,
    plan,
    status,
    updatedAt: deps.clock.now().toISOString(),
    applications,
    ...(credit > 0 && creditAccountId ? { credit: { accountId: creditAccountId, amount: credit } } : {}),
    unapplied: rest - credit,
    appliedBy: plan.appliedBy,
  };
  if (status === 'exception') return holdAsException(deps, record, 'every invoice it was meant for is already paid or closed', alert);

  const interactions: Interaction[] = applications.map((a) =>
    line(payment, a.accountId, at, 'payment.applied', `${money(a.amount, payment.currency)} of ${describe(payment)} applied to ${a.invoiceNumber}${a.balanceAfter === 0 ? ' (paid)' : `, ${money(a.balanceAfter, payment.currency)} still owed`}`, {
      amount: a.amount,
      writtenOff: a.writtenOff,
      balanceAfter: a.balanceAfter,
      rule: start.decision?.rule ?? 'manual',
      confidence: start.decision?.confidence ?? 1,
      by: plan.appliedBy,
    }, a.invoiceNumber),
  );
  for (const invoice of paid) interactions.push(line(payment, invoice.accountId, at, 'invoice.paid', `paid by ${payment.paymentId}`, undefined, invoice.invoiceNumber));
  if (credit > 0 && creditAccountId) {
    interactions.push(line(payment, creditAccountId, at, 'payment.credited', `${money(credit, payment.currency)} kept as customer credit (overpayment)`, { amount: credit }));
  }
  await deps.log.append(interactions);
  await replan(deps, paid);
  await queueReceipts(deps, record, at);
  await evaluateAccounts(deps, [...applications.map((a) => a.accountId), ...(credit > 0 && creditAccountId ? [creditAccountId] : [])], payment.paymentId);
  // Last: the outcome, releasing the claim. A crash before it leaves the claim to expire; whoever
  // takes over finishes this same plan and writes the same log lines (same keys).
  return writeClaimed(deps, record, true);
}

/**
 * Puts back what the reversed payment applied: its credit first, then its invoices, newest first —
 * never more than the payment brought in, however many partial refunds arrive. What this reversal
 * takes is decided once and reserved on the original (a versioned write, so two refunds at once
 * cannot both take the same slice), then each slice is put back once (keyed by the reversal's id).
 */
async function reversePayment(deps: ApplyPaymentDeps, claimed: PaymentRecord, alert: ReceiveOptions['alert']): Promise<PaymentRecord> {
  const { payment } = claimed;
  const reserved = await reserveReversal(deps, claimed);
  if (!reserved) {
    return holdAsException(deps, claimed, `${payment.kind} of ${payment.reversesPaymentId ?? 'an unnamed payment'}, which was never applied here`, alert);
  }
  const { record, original } = reserved;
  const at = record.decidedAt!;
  const slices = record.reversalPlan ?? [];

  const interactions: Interaction[] = [];
  const reopened: InvoiceKey[] = [];
  let restoredTotal = 0;
  for (const slice of slices) {
    if (slice.kind === 'credit') {
      await deps.payments.addCredit(slice.accountId, payment.paymentId, payment.currency, -slice.amount, at);
      restoredTotal += slice.amount;
      continue;
    }
    const sliceKey = { accountId: slice.accountId, invoiceNumber: slice.invoiceNumber! };
    const result = await deps.payments.reopenInvoice(sliceKey, payment.paymentId, slice.amount, at);
    // `already`: an earlier attempt of this reversal put it back (the plan is recorded).
    if (result.result === 'missing') continue;
    const restored = result.result === 'reopened' ? result.restored : slice.amount;
    restoredTotal += restored;
    reopened.push(sliceKey);
    const balanceAfter = result.result === 'reopened' ? result.balanceAfter : ((await deps.store.getInvoice(sliceKey))?.balance ?? 0);
    interactions.push(line(payment, slice.accountId, at, 'invoice.reopened', `${payment.kind} of ${original.payment.paymentId}: ${money(restored, payment.currency)} owed again`, { amount: restored, balanceAfter }, slice.invoiceNumber));
  }
  const taken = slices.reduce((sum, s) => sum + s.amount, 0);
  const remaining = payment.amount - taken;
  const accountId = original.applications[0]?.accountId ?? original.credit?.accountId ?? 'SYSTEM';
  interactions.push(line(payment, accountId, at, 'payment.reversed', `${payment.kind} of ${money(payment.amount, payment.currency)} reverses ${original.payment.paymentId}${remaining > 0 ? ` (${money(remaining, payment.currency)} more than was applied here)` : ''}`, { amount: payment.amount, taken: restoredTotal }));
  await deps.log.append(interactions);
  await deps.alerts.publish({
    kind: `payment.${payment.kind}`,
    subject: `${payment.kind === 'chargeback' ? 'Chargeback' : 'Refund'}: ${money(payment.amount, payment.currency)} of ${original.payment.paymentId}`,
    message: `${payment.paymentId} reverses ${original.payment.paymentId}; invoices reopened: ${reopened.map((k) => k.invoiceNumber).join(', ') || 'none'}.`,
    data: { paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency },
  });
  await replan(deps, reopened);
  await evaluateAccounts(deps, [accountId], payment.paymentId);
  return writeClaimed(deps, { ...record, status: 'reversed', updatedAt: deps.clock.now().toISOString(), unapplied: remaining, appliedBy: 'auto' }, true);
}

/**
 * The slices this reversal takes, recorded on it and reserved on the original (its `reversed` sum
 * and `reversalIds`), or undefined when the original applied nothing here. Resumable: a reversal
 * already counted on the original keeps the slices it recorded.
 */
async function reserveReversal(deps: ApplyPaymentDeps, claimed: PaymentRecord): Promise<{ record: PaymentRecord; original: PaymentRecord } | undefined> {
  const { payment } = claimed;
  let record = claimed;
  for (let attempt = 1; attempt <= 8; attempt += 1) {
    const original = payment.reversesPaymentId ? await deps.payments.getPayment(payment.reversesPaymentId) : undefined;
    if (!original || (original.applications.length === 0 && !original.credit)) return undefined;
    if (record.reversalPlan && (original.reversalIds ?? []).includes(payment.paymentId)) return { record, original };
    const slices = reversalSlices(original, payment.amount);
    const at = deps.clock.now().toISOString();
    record = await writeClaimed(deps, { ...record, reversalPlan: slices, decidedAt: at, updatedAt: at });
    const taken = slices.reduce((sum, s) => sum + s.amount, 0);
    const counted = await deps.payments.replacePayment({
      ...original,
      reversed: (original.reversed ?? 0) + taken,
      reversalIds: [...(original.reversalIds ?? []), payment.paymentId],
      updatedAt: at,
    });
    if (counted) return { record, original: counted };
  }
  throw new Error(`payment ${payment.reversesPaymentId} kept changing: could not reserve reversal ${payment.paymentId}`);
}

/** What is still reversible, in reversal order — credit, then applications newest first — up to `amount`. */
export function reversalSlices(original: PaymentRecord, amount: number): ReversalSlice[] {
  let alreadyReversed = original.reversed ?? 0;
  let remaining = amount;
  const slices: ReversalSlice[] = [];
  for (const slice of [
    ...(original.credit ? [{ kind: 'credit' as const, accountId: original.credit.accountId, amount: original.credit.amount }] : []),
    ...[...original.applications].reverse().map((a) => ({ kind: 'invoice' as const, accountId: a.accountId, invoiceNumber: a.invoiceNumber, amount: a.amount })),
  ]) {
    const skipped = Math.min(alreadyReversed, slice.amount);
    alreadyReversed -= skipped;
    const take = Math.min(remaining, slice.amount - skipped);
    if (take <= 0) continue;
    slices.push({ ...slice, amount: take });
    remaining -= take;
  }
  return slices;
}

/** A payment (or its reversal) changes what an account owes: its escalation is evaluated again. */
async function evaluateAccounts(deps: ApplyPaymentDeps, accountIds: readonly string[], paymentId: string): Promise<void> {
  if (!deps.evaluations) return;
  for (const accountId of new Set(accountIds)) {
    if (accountId !== 'SYSTEM') await requestEvaluation(deps.evaluations, accountId, 'payment', paymentId, deps.clock.now(), paymentId);
  }
}

/**
 * Holds the payment for a person. The decision is recorded first (with its instant), then the log
 * line and the alert, then the outcome, which releases the claim: a retry after a crash repeats the
 * same log line (same key) and, at worst, the alert — never a second decision.
 */
async function holdAsException(deps: ApplyPaymentDeps, claimed: PaymentRecord, reason: string, alert: ReceiveOptions['alert'] = 'each'): Promise<PaymentRecord> {
  const unapplied = claimed.payment.amount - claimed.applications.reduce((s, a) => s + a.amount, 0);
  const record =
    claimed.decidedAt && claimed.reason === reason
      ? claimed
      : await writeClaimed(deps, { ...claimed, reason, decidedAt: deps.clock.now().toISOString(), updatedAt: deps.clock.now().toISOString() });
  const at = record.decidedAt!;
  const { payment } = record;
  const suggested = record.decision?.suggestions[0]?.allocations[0]?.accountId;
  await deps.log.append([line(payment, suggested ?? 'SYSTEM', at, 'payment.exception', reason, { amount: payment.amount, currency: payment.currency })]);
  if (alert !== 'digest') {
    const hints = (record.decision?.suggestions ?? [])
      .map((s, i) => `  ${i + 1}. ${s.allocations.map((a) => `${a.accountId}/${a.invoiceNumber} ${money(a.amount, payment.currency)}`).join(' + ')} (${Math.round(s.confidence * 100)}%: ${s.explanation})`)
      .join('\n');
    await deps.alerts.publish({
      kind: 'payment.exception',
      subject: `Payment to review: ${money(payment.amount, payment.currency)} (${payment.paymentId})`,
      message: `${describe(payment)}\n${reason}${hints ? `\nSuggestions:\n${hints}` : ''}\nApply it with: cobranza apply ${payment.paymentId} INVOICE_NUMBER…`,
      data: { paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency },
    });
  }
  return writeClaimed(deps, { ...record, status: 'exception', updatedAt: deps.clock.now().toISOString(), unapplied }, true);
}

async function replan(deps: ApplyPaymentDeps, keys: readonly InvoiceKey[]): Promise<void> {
  const requests: PlanRequest[] = [];
  for (const k of keys) {
    const invoice = await deps.store.getInvoice(k);
    if (invoice) requests.push({ accountId: k.accountId, invoiceNumber: k.invoiceNumber, contentHash: invoice.contentHash });
  }
  if (requests.length > 0) await deps.planning.send(requests);
}

/** One thank-you per account the payment touched, when the policy wants receipts and we have an email. */
async function queueReceipts(deps: ApplyPaymentDeps, record: PaymentRecord, at: string): Promise<void> {
  const policy = await deps.policy.get();
  if (!policy.payments.sendReceipts) return;
  const byAccount = new Map<string, PaymentApplication[]>();
  for (const a of record.applications) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a]);
  if (record.credit && !byAccount.has(record.credit.accountId)) byAccount.set(record.credit.accountId, []);
  for (const [accountId, applications] of byAccount) {
    const account = await deps.store.getAccount(accountId);
    if (!account?.email) continue;
    const credit = record.credit?.accountId === accountId ? record.credit.amount : 0;
    const email = renderReceipt({
      account,
      currency: record.payment.currency,
      amount: applications.reduce((s, a) => s + a.amount, 0) + credit,
      valueDate: record.payment.valueDate,
      lines: applications,
      credit,
      policy,
    });
    const receiptId = `receipt-${contentHash({ paymentId: record.payment.paymentId, accountId })}`;
    await deps.emailQueue.send([
      { kind: 'receipt', accountId, invoiceNumber: applications[0]?.invoiceNumber ?? '-', reminderId: receiptId, to: account.email, ...email },
    ]);
    await deps.log.append([line(record.payment, accountId, at, 'receipt.queued', `receipt for ${record.payment.paymentId} to ${account.email}`)]);
  }
}

function key(k: InvoiceKey): InvoiceKey {
  return { accountId: k.accountId, invoiceNumber: k.invoiceNumber };
}

function money(minor: number, currency: string): string {
  return `${formatMinorUnits(minor, currency)} ${currency}`;
}

function describe(payment: Payment): string {
  const who = payment.payerName ? ` from ${payment.payerName}` : '';
  const ref = payment.reference ? ` "${payment.reference.slice(0, 60)}"` : '';
  return `${money(payment.amount, payment.currency)}${who} on ${payment.valueDate}${ref}`;
}

function line(
  payment: Payment,
  accountId: string,
  at: string,
  type: Interaction['type'],
  detail: string,
  data?: Interaction['data'],
  invoiceNumber?: string,
): Interaction {
  return {
    interactionId: `${type}#${payment.paymentId}${invoiceNumber ? `#${invoiceNumber}` : ''}`,
    accountId,
    at,
    type,
    ...(invoiceNumber ? { invoiceNumber } : {}),
    detail,
    data: { paymentId: payment.paymentId, ...data },
  };
}

