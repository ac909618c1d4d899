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
} from '../ports.js';
import type { ActivePolicy } from './active-policy.js';
import type { EvaluationRequest } from '../config/escalation.js';
import { requestEvaluation } from './escalation-requests.js';

export interface ApplyPaymentDeps {
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

export type PaymentOutcome = PaymentStatus | 'duplicate';

export interface ReceiveOptions {
  /**
   * `each` (default): a payment held for a person raises its own finance alert. `digest`: the caller
   * (a statement file) collects the exceptions and raises one digest alert for all of them.
   */
  readonly alert?: 'each' | 'digest';
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
 * Retry-safe: the record is created first; the plan is saved before any invoice is touched; each
 * invoice write is conditional on the payment not being applied there yet; the credit is keyed by the
 * payment id. A retry after a crash at any point finishes the same plan.
 */
export async function receivePayment(deps: ApplyPaymentDeps, payment: Payment, options: ReceiveOptions = {}): Promise<ApplyPaymentResult> {
  const alert = options.alert ?? 'each';
  const at = deps.clock.now().toISOString();
  const fresh: PaymentRecord = { payment, status: 'received', receivedAt: at, updatedAt: at, applications: [], unapplied: payment.amount };
  const created = await deps.payments.createPayment(fresh);
  let record = fresh;
  if (!created.created) {
    const { existing } = created;
    // `received`: an earlier attempt stopped half-way. `lookup`: we only had the provider's
    // notification; now the details have come. Anything else is done: the same money again.
    if (existing.status !== 'received' && !(existing.status === 'lookup' && payment.amount > 0)) {
      return { outcome: 'duplicate', record: existing };
    }
    record = existing.status === 'lookup' ? { ...fresh, receivedAt: existing.receivedAt } : existing;
    if (existing.plan) {
      // Decided and partly applied before a crash: finish that plan, do not match again.
      const finished = await commitPlan(deps, record, existing.plan, alert);
      return { outcome: finished.status, record: finished };
    }
  } else {
    await deps.log.append([
      line(payment, 'SYSTEM', at, 'payment.received', `${describe(payment)} from ${payment.source}`, {
        amount: payment.amount,
        currency: payment.currency,
        valueDate: payment.valueDate,
      }),
    ]);
  }

  if (payment.kind !== 'payment') {
    record = await reversePayment(deps, record, alert);
    return { outcome: record.status, record };
  }

  const policy = await deps.policy.get();
  const settings = matchSettings(policy.payments);
  const candidates = await deps.payments.findCandidates(candidateQuery(payment));
  const decision = matchPayment(payment, candidates, settings, payment.valueDate);
  const summary = { rule: decision.rule, confidence: decision.confidence, explanation: decision.explanation, suggestions: decision.suggestions };
  const sure = decision.confidence >= settings.autoApplyThreshold && (decision.allocations.length > 0 || decision.credit !== undefined);
  if (!sure) {
    record = await holdAsException(deps, { ...record, decision: summary }, decision.explanation, alert);
    return { outcome: record.status, record };
  }
  record = await commitPlan(deps, { ...record, decision: summary }, {
    allocations: decision.allocations,
    ...(decision.credit ? { creditAccountId: decision.credit.accountId } : {}),
    appliedBy: decision.rule === 'cfdi-complement' ? 'cfdi' : 'auto',
  }, alert);
  return { outcome: record.status, record };
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
  };
  const created = await deps.payments.createPayment(record);
  if (!created.created) return { outcome: 'duplicate', record: created.existing };
  await deps.alerts.publish({ kind: 'payment.lookup', subject: `Payment ${lookup.paymentId} needs a lookup`, message: reason });
  await deps.log.append([line(record.payment, 'SYSTEM', at, 'payment.exception', reason)]);
  return { outcome: 'lookup', record };
}

/**
 * Applies the plan: each allocation once (conditional on the invoice), the rest as the payer's
 * credit, then the effects — paid invoices planned again (their reminders stop), receipts, the log.
 */
export async function commitPlan(
  deps: ApplyPaymentDeps,
  start: PaymentRecord,
  plan: NonNullable<PaymentRecord['plan']>,
  alert: ReceiveOptions['alert'] = 'each',
): Promise<PaymentRecord> {
  const { payment } = start;
  const at = deps.clock.now().toISOString();
  await deps.payments.savePayment({ ...start, status: 'received', plan, updatedAt: at });

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
    updatedAt: at,
    applications,
    ...(credit > 0 && creditAccountId ? { credit: { accountId: creditAccountId, amount: credit } } : {}),
    unapplied: rest - credit,
    appliedBy: plan.appliedBy,
    ...(status === 'exception' ? { reason: 'every invoice it was meant for is already paid or closed' } : {}),
  };
  if (status === 'exception') return holdAsException(deps, record, record.reason!, alert);
  await deps.payments.savePayment(record);

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
  await queueReceipts(deps, record);
  await evaluateAccounts(deps, [...applications.map((a) => a.accountId), ...(credit > 0 && creditAccountId ? [creditAccountId] : [])], payment.paymentId);
  return record;
}

/**
 * Puts back what the reversed payment applied: its credit first, then its invoices, newest first —
 * never more than the payment brought in, however many partial refunds arrive (earlier reversals
 * are counted on the original's record and skipped over in the same order).
 */
async function reversePayment(deps: ApplyPaymentDeps, record: PaymentRecord, alert: ReceiveOptions['alert']): Promise<PaymentRecord> {
  const { payment } = record;
  const at = deps.clock.now().toISOString();
  const original = payment.reversesPaymentId ? await deps.payments.getPayment(payment.reversesPaymentId) : undefined;
  if (!original || (original.applications.length === 0 && !original.credit)) {
    return holdAsException(deps, record, `${payment.kind} of ${payment.reversesPaymentId ?? 'an unnamed payment'}, which was never applied here`, alert);
  }
  // What is still reversible, in reversal order: [credit, newest application … oldest].
  let alreadyReversed = original.reversed ?? 0;
  const slices: { kind: 'credit' | 'invoice'; key?: InvoiceKey; accountId: string; left: number }[] = [];
  for (const slice of [
    ...(original.credit ? [{ kind: 'credit' as const, accountId: original.credit.accountId, amount: original.credit.amount }] : []),
    ...[...original.applications].reverse().map((a) => ({ kind: 'invoice' as const, key: key(a), accountId: a.accountId, amount: a.amount })),
  ]) {
    const skipped = Math.min(alreadyReversed, slice.amount);
    alreadyReversed -= skipped;
    if (slice.amount - skipped > 0) slices.push({ kind: slice.kind, ...(slice.kind === 'invoice' ? { key: slice.key } : {}), accountId: slice.accountId, left: slice.amount - skipped });
  }

  let remaining = payment.amount;
  let taken = 0;
  const interactions: Interaction[] = [];
  const reopened: InvoiceKey[] = [];
  for (const slice of slices) {
    if (remaining <= 0) break;
    const want = Math.min(remaining, slice.left);
    if (slice.kind === 'credit') {
      await deps.payments.addCredit(slice.accountId, payment.paymentId, payment.currency, -want, at);
      remaining -= want;
      taken += want;
      continue;
    }
    const result = await deps.payments.reopenInvoice(slice.key!, payment.paymentId, want, at);
    // `already`: an earlier attempt of this reversal put it back (the plan is deterministic).
    const restored = result.result === 'reopened' ? result.restored : result.result === 'already' ? want : 0;
    remaining -= restored;
    taken += restored;
    if (result.result === 'reopened') {
      reopened.push(slice.key!);
      interactions.push(line(payment, slice.accountId, at, 'invoice.reopened', `${payment.kind} of ${original.payment.paymentId}: ${money(restored, payment.currency)} owed again`, { amount: restored, balanceAfter: result.balanceAfter }, slice.key!.invoiceNumber));
    }
  }
  await deps.payments.savePayment({ ...original, reversed: (original.reversed ?? 0) + taken, updatedAt: at });
  const done: PaymentRecord = { ...record, status: 'reversed', updatedAt: at, unapplied: remaining, appliedBy: 'auto' };
  await deps.payments.savePayment(done);
  const accountId = original.applications[0]?.accountId ?? original.credit?.accountId ?? 'SYSTEM';
  interactions.push(line(payment, accountId, at, 'payment.reversed', `${payment.kind} of ${money(payment.amount, payment.currency)} reverses ${original.payment.paymentId}${remaining > 0 ? ` (${money(remaining, payment.currency)} more than was applied here)` : ''}`, { amount: payment.amount, taken }));
  await deps.log.append(interactions);
  await deps.alerts.publish({
    kind: `payment.${payment.kind}`,
    subject: `${payment.kind === 'chargeback' ? 'Chargeback' : 'Refund'}: ${money(payment.amount, payment.currency)} of ${original.payment.paymentId}`,
    message: `${payment.paymentId} reverses ${original.payment.paymentId}; invoices reopened: ${reopened.map((k) => k.invoiceNumber).join(', ') || 'none'}.`,
    data: { paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency },
  });
  await replan(deps, reopened);
  await evaluateAccounts(deps, [accountId], payment.paymentId);
  return done;
}

/** A payment (or its reversal) changes what an account owes: its escalation is evaluated again. */
async function evaluateAccounts(deps: ApplyPaymentDeps, accountIds: readonly string[], paymentId: string): Promise<void> {
  if (!deps.evaluations) return;
  for (const accountId of new Set(accountIds)) {
    if (accountId !== 'SYSTEM') await requestEvaluation(deps.evaluations, accountId, 'payment', paymentId, deps.clock.now(), paymentId);
  }
}

async function holdAsException(deps: ApplyPaymentDeps, record: PaymentRecord, reason: string, alert: ReceiveOptions['alert'] = 'each'): Promise<PaymentRecord> {
  const at = deps.clock.now().toISOString();
  const held: PaymentRecord = { ...record, status: 'exception', updatedAt: at, reason, unapplied: record.payment.amount - record.applications.reduce((s, a) => s + a.amount, 0) };
  await deps.payments.savePayment(held);
  const { payment } = held;
  const suggested = held.decision?.suggestions[0]?.allocations[0]?.accountId;
  await deps.log.append([line(payment, suggested ?? 'SYSTEM', at, 'payment.exception', reason, { amount: payment.amount, currency: payment.currency })]);
  if (alert === 'digest') return held;
  const hints = (held.decision?.suggestions ?? [])
    .map((s, i) => `  ${i + 1}. ${s.allocations.map((a) => `${a.accountId}/${a.invoiceNumber} ${money(a.amount, payment.currency)}`).join(' + ')} (${Math.round(s.confidence * 100)}%: ${s.explanation})`)
    .join('\n');
  await deps.alerts.publish({
    kind: 'payment.exception',
    subject: `Payment to review: ${money(payment.amount, payment.currency)} (${payment.paymentId})`,
    message: `${describe(payment)}\n${reason}${hints ? `\nSuggestions:\n${hints}` : ''}\nApply it with: cobranza apply ${payment.paymentId} INVOICE_NUMBER…`,
    data: { paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency },
  });
  return held;
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
async function queueReceipts(deps: ApplyPaymentDeps, record: PaymentRecord): Promise<void> {
  const policy = await deps.policy.get();
  if (!policy.payments.sendReceipts) return;
  const byAccount = new Map<string, PaymentApplication[]>();
  for (const a of record.applications) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a]);
  if (record.credit && !byAccount.has(record.credit.accountId)) byAccount.set(record.credit.accountId, []);
  const at = deps.clock.now().toISOString();
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

