import { randomUUID } from 'node:crypto';
import { formatMinorUnits } from '../domain/ingest/money.js';
import { effectiveZone } from '../domain/planning/zone.js';
import { evaluationName, type EvaluationRequest, type EvaluationTrigger } from '../config/escalation.js';
import { localDate } from '../domain/escalation/local-time.js';
import { proposePlan, type PlanProposal } from '../domain/escalation/plan-schedule.js';
import { describeLeftOut, planScope } from '../domain/escalation/plan-scope.js';
import { PlanTermsError, type PlanTerms } from '../domain/escalation/plan-terms.js';
import { checkPromiseDate, promiseWindow } from '../domain/escalation/promise-window.js';
import { staleTaskReason } from '../domain/escalation/task-relevance.js';
import { formatAmounts } from '../domain/escalation/delinquency.js';
import { textHash } from '../domain/content-hash.js';
import { loadAccountCase } from './account-case.js';
import { closeTasksOf } from './close-tasks.js';
import { scheduleInstallmentReminders } from './remind-installment.js';
import type { Dispute, DisputeReason, DisputeResolution, EscalationRecord, PaymentPlan, PromiseSource, PromiseToPay } from '../domain/escalation/types.js';
import type { Interaction } from '../domain/types.js';
import type { AccountStore, AgentTask, Clock, EscalationStore, InteractionLog, MessageQueue, ReminderScheduler, TaskStore } from '../ports.js';
import type { ActivePolicy } from './active-policy.js';

/**
 * What people (and replies) tell the escalation: promises, disputes, plans, task outcomes. Each one
 * is stored, logged, and followed by an evaluation request on the escalation queue — the state
 * machine decides what it means, so the rules live in one place.
 */
export interface EscalationRequestDeps {
  readonly store: AccountStore;
  readonly escalation: EscalationStore;
  readonly tasks: TaskStore;
  readonly log: InteractionLog;
  readonly clock: Clock;
  readonly policy: ActivePolicy;
  readonly evaluations: MessageQueue<EvaluationRequest>;
}

/** Making a plan also schedules its installments' own reminders (one-time schedules on the dispatch queue). */
export interface PlanRequestDeps extends EscalationRequestDeps {
  readonly scheduler: ReminderScheduler;
}

export class EscalationRequestError extends Error {
  override readonly name: string = 'EscalationRequestError';
}

/** What the request names does not exist (an account, invoice, dispute or task): the API answers 404. */
export class EscalationNotFoundError extends EscalationRequestError {
  override readonly name = 'EscalationNotFoundError';
}

/**
 * One field of the request is outside what is allowed (a plan term, a promise date): the API answers
 * 422 naming `field` (the request's name for it), the CLI exits 1 with the message. The message says
 * the allowed range.
 */
export class EscalationInputError extends EscalationRequestError {
  override readonly name = 'EscalationInputError';
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The plan a person accepted (the portal's offer) is no longer what a plan would settle: an invoice,
 * a dispute or a payment changed in between. Nothing was stored; the person should look again.
 */
export class PlanOfferChangedError extends EscalationRequestError {
  override readonly name = 'PlanOfferChangedError';
}

/** Queues an evaluation of the account, named after what triggered it (a repeat starts nothing). */
export async function requestEvaluation(queue: MessageQueue<EvaluationRequest>, accountId: string, kind: EvaluationTrigger, key: string, at: Date, detail?: string): Promise<void> {
  await queue.send([{ accountId, evaluationId: evaluationName(accountId, kind, key), trigger: { kind, at: at.toISOString(), ...(detail ? { detail } : {}) } }]);
}

export async function recordPromise(
  deps: EscalationRequestDeps,
  input: { accountId: string; date: string; amount?: number; currency?: string; source: PromiseSource; note?: string; key?: string; recordedBy?: string },
): Promise<PromiseToPay> {
  const now = deps.clock.now();
  const [account, policy] = await Promise.all([deps.store.getAccount(input.accountId), deps.policy.get()]);
  if (!account) throw new EscalationNotFoundError(`no account ${input.accountId}`);
  // A real calendar day from today through promises.maxDaysAhead, whoever records it: a promise
  // pauses the account until its date. A reply's date is the classifier's, read on the day the
  // debtor wrote it (never in the past then): only its upper bound is checked, so a retry after
  // midnight does not refuse "pago hoy".
  const window = promiseWindow(now, effectiveZone(account.timezone), policy.promises.maxDaysAhead);
  const typed = input.source === 'agent' || input.source === 'cli' || input.source === 'portal';
  const check = checkPromiseDate(input.date, window, { notBefore: typed });
  if (!check.ok) throw new EscalationInputError('date', check.message);
  if (input.amount !== undefined && !(Number.isInteger(input.amount) && input.amount > 0)) throw new EscalationInputError('amount', 'promise amount must be a positive whole number of minor units');
  // An amount means nothing without its currency: the one the account owes in, or say which.
  const owed = [...new Set((await deps.store.listAccountInvoices(input.accountId)).filter((i) => i.status === 'open' && i.balance > 0).map((i) => i.currency))].sort();
  const currency = input.amount === undefined ? input.currency : (input.currency ?? (owed.length === 1 ? owed[0] : undefined));
  if (input.amount !== undefined && currency === undefined) throw new EscalationInputError('currency', `say the promise's currency: the account owes in ${owed.join(' and ') || 'no currency'}`);
  if (currency !== undefined && owed.length > 0 && !owed.includes(currency)) throw new EscalationInputError('currency', `the account owes nothing in ${currency} (it owes in ${owed.join(' and ')})`);
  // A retry (same key, or the same terms at the same instant) is the same promise; other terms are a new one.
  const terms = input.key ?? [input.date, now.toISOString(), input.amount ?? '', currency ?? '', input.note ?? ''].join('\u0000');
  const promiseId = `p-${hash(`${input.accountId}\u0000${terms}`)}`;
  const promise: PromiseToPay = {
    promiseId,
    accountId: input.accountId,
    date: input.date,
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    ...(currency ? { currency } : {}),
    source: input.source,
    createdAt: now.toISOString(),
    status: 'open',
    ...(input.note ? { note: input.note.slice(0, 500) } : {}),
    ...(input.recordedBy ? { recordedBy: input.recordedBy.slice(0, 200) } : {}),
  };
  const promises = await deps.escalation.listPromises(input.accountId);
  const existing = promises.find((p) => p.promiseId === promiseId);
  if (existing) return existing;
  // One promise stands at a time: a new one (a corrected date, a reply naming another day) replaces
  // the open ones, which close as superseded — neither kept nor broken, so the score does not count
  // a correction against the debtor. Written after the new one, so a crash leaves two, never none.
  await deps.escalation.putPromise(promise);
  const replaced = promises.filter((p) => p.status === 'open');
  for (const old of replaced) await deps.escalation.putPromise({ ...old, status: 'superseded', closedAt: now.toISOString() });
  const amount = input.amount !== undefined && currency ? ` (${currency} ${formatMinorUnits(input.amount, currency)})` : '';
  const supersedes = replaced.length ? `; replaces ${replaced.map((p) => `the promise of ${p.date}`).join(', ')}` : '';
  await deps.log.append([
    line(input.accountId, now, 'promise.recorded', `promise to pay on ${input.date}${amount} by ${input.source}${supersedes}`, promiseId, {
      promiseId,
      date: input.date,
      ...(replaced.length ? { supersedes: replaced.map((p) => p.promiseId).join(',') } : {}),
    }),
  ]);
  await requestEvaluation(deps.evaluations, input.accountId, 'promise', promiseId, now);
  return promise;
}

export async function openDispute(
  deps: EscalationRequestDeps,
  input: { accountId: string; invoiceNumber: string; reason: DisputeReason; note?: string; by: string },
): Promise<Dispute> {
  const now = deps.clock.now();
  const invoice = await deps.store.getInvoice(input);
  if (!invoice) throw new EscalationNotFoundError(`no invoice ${input.invoiceNumber} of account ${input.accountId}`);
  const open = (await deps.escalation.listDisputes(input.accountId)).find((d) => d.invoiceNumber === input.invoiceNumber && d.status === 'open');
  if (open) return open;
  const policy = await deps.policy.get();
  const dispute: Dispute = {
    disputeId: `d-${hash(`${input.accountId}\u0000${input.invoiceNumber}\u0000${now.toISOString()}`)}`,
    accountId: input.accountId,
    invoiceNumber: input.invoiceNumber,
    reason: input.reason,
    ...(input.note ? { note: input.note.slice(0, 1000) } : {}),
    openedAt: now.toISOString(),
    slaDueAt: new Date(now.getTime() + policy.escalation.disputeSlaHours * 3_600_000).toISOString(),
    status: 'open',
  };
  await deps.escalation.putDispute(dispute);
  await deps.log.append([
    { ...line(input.accountId, now, 'dispute.opened', `${input.reason}${input.note ? `: ${input.note}` : ''} (by ${input.by}); reminders for it pause, SLA ${dispute.slaDueAt}`, dispute.disputeId, { disputeId: dispute.disputeId }), invoiceNumber: input.invoiceNumber },
  ]);
  await requestEvaluation(deps.evaluations, input.accountId, 'dispute', dispute.disputeId, now);
  return dispute;
}

export async function resolveDispute(
  deps: EscalationRequestDeps,
  input: { accountId: string; disputeId: string; resolution: DisputeResolution; by: string },
): Promise<Dispute> {
  const now = deps.clock.now();
  const dispute = (await deps.escalation.listDisputes(input.accountId)).find((d) => d.disputeId === input.disputeId);
  if (!dispute) throw new EscalationNotFoundError(`no dispute ${input.disputeId} on account ${input.accountId}`);
  // Resolved already (a repeat, or a retry after a failure): its tasks may still be open.
  if (dispute.status === 'resolved') {
    await closeDisputeTasks(deps, dispute);
    return dispute;
  }
  const resolved: Dispute = { ...dispute, status: 'resolved', resolution: input.resolution, resolvedAt: now.toISOString() };
  await deps.escalation.putDispute(resolved);
  await deps.log.append([
    { ...line(input.accountId, now, 'dispute.resolved', `${input.resolution} (by ${input.by})`, dispute.disputeId, { disputeId: dispute.disputeId }), invoiceNumber: dispute.invoiceNumber },
  ]);
  await closeDisputeTasks(deps, resolved);
  await requestEvaluation(deps.evaluations, input.accountId, 'dispute', `${dispute.disputeId}-resolved`, now);
  return resolved;
}

/**
 * Agrees a payment plan for what the account owes and may be asked for (one currency): its open
 * invoices that no open dispute holds and whose dates are sound (escalation/plan-scope.ts: the same
 * invoices the debtor portal offers a plan over). Disputed invoices and invoices with dates to check
 * are left out — recorded on the plan (`leftOut`) and said in its log line — so neither the plan
 * nor its installment reminders ever ask for them. The terms are the policy's offer, or the ones a
 * collector chose (`downPaymentPercent` 0 ≤ p < 100, `installments` 1 … the policy's
 * `plans.maxInstallments`, `discountPercent` up to `plans.maxDiscountPercent`; a term outside throws
 * EscalationInputError naming it). The plan gets a new id every time; an active plan the account
 * already had is marked `superseded` by it (its installment reminders are then skipped, it holds
 * nothing), and both are logged. The new plan's installment reminders are scheduled and an
 * evaluation is asked for. Nothing a plan may settle, or several currencies and none chosen, throws
 * EscalationRequestError.
 */
export async function createPlan(
  deps: PlanRequestDeps,
  input: {
    accountId: string;
    currency?: string;
    downPaymentPercent?: number;
    installments?: number;
    discountPercent?: number;
    interestWaived?: boolean;
    /** The balance and invoices of the offer the debtor accepted: the plan must be over exactly these, else PlanOfferChangedError. */
    accepted?: { readonly balance: number; readonly invoiceNumbers: readonly string[] };
    by: string;
  },
): Promise<PaymentPlan> {
  const now = deps.clock.now();
  const [account, invoices, disputes, plans, policy] = await Promise.all([
    deps.store.getAccount(input.accountId),
    deps.store.listAccountInvoices(input.accountId),
    deps.escalation.listDisputes(input.accountId),
    deps.escalation.listPlans(input.accountId),
    deps.policy.get(),
  ]);
  if (!account) throw new EscalationNotFoundError(`no account ${input.accountId}`);
  const scope = planScope(invoices, disputes, input.currency);
  const inCurrency = input.currency ? ` in ${input.currency}` : '';
  if (scope.kind === 'nothing') {
    if (scope.leftOut.length === 0) throw new EscalationRequestError(`account ${input.accountId} owes nothing${inCurrency}: no plan needed`);
    throw new EscalationRequestError(`account ${input.accountId} owes nothing a plan may settle${inCurrency}: ${describeLeftOut(scope.leftOut)} left out`);
  }
  if (scope.kind === 'currencies') throw new EscalationRequestError(`account ${input.accountId} owes in ${scope.currencies.join(' and ')}: give --currency`);
  const { currency, balance } = scope;
  if (input.accepted && (input.accepted.balance !== balance || input.accepted.invoiceNumbers.join('\u0000') !== scope.invoiceNumbers.join('\u0000'))) {
    throw new PlanOfferChangedError(`account ${input.accountId} now owes ${balance} ${currency} over ${scope.invoiceNumbers.join(', ')}, not the ${input.accepted.balance} over ${input.accepted.invoiceNumbers.join(', ')} accepted`);
  }
  const terms: PlanTerms = {
    ...(input.downPaymentPercent !== undefined ? { downPaymentPercent: input.downPaymentPercent } : {}),
    ...(input.installments !== undefined ? { installments: input.installments } : {}),
    ...(input.discountPercent !== undefined ? { discountPercent: input.discountPercent } : {}),
  };
  // The waiver is a collector's word, not a number to check: it overrides the policy's.
  const waiver = input.interestWaived !== undefined ? { escalation: { ...policy.escalation, plans: { ...policy.escalation.plans, waiveInterest: input.interestWaived } } } : policy;
  const proposal = namingRefusedTerm(() => proposePlan(balance, currency, waiver, localDate(now, effectiveZone(account.timezone)), terms));
  const plan: PaymentPlan = {
    // Random, not derived from the clock: two plans agreed at the same instant are two plans.
    planId: `plan-${hash(`${input.accountId}\u0000${now.toISOString()}\u0000${randomUUID()}`)}`,
    accountId: input.accountId,
    currency,
    total: proposal.total,
    installments: proposal.installments,
    invoiceNumbers: scope.invoiceNumbers,
    ...(scope.leftOut.length > 0 ? { leftOut: scope.leftOut } : {}),
    discountPercent: proposal.discountPercent,
    interestWaived: proposal.interestWaived,
    createdAt: now.toISOString(),
    status: 'active',
  };
  const replaced = plans.filter((p) => p.status === 'active');
  // The new plan first, then the old ones marked: a failure in between leaves two active plans (the
  // debtor keeps the hold they agreed to), never an account with none.
  await deps.escalation.putPlan(plan);
  for (const old of replaced) await deps.escalation.putPlan({ ...old, status: 'superseded', supersededBy: plan.planId, supersededAt: now.toISOString() });
  await deps.log.append([
    line(
      input.accountId,
      now,
      'plan.created',
      `payment plan of ${plan.total} ${currency} in ${plan.installments.length} payments (by ${input.by})${scope.leftOut.length ? `; settles ${scope.invoiceNumbers.join(', ')}, leaves out ${describeLeftOut(scope.leftOut)}` : ''}${replaced.length ? `; supersedes ${replaced.map((p) => p.planId).join(', ')}` : ''}`,
      plan.planId,
      { planId: plan.planId },
    ),
    ...replaced.map((old) =>
      line(input.accountId, now, 'plan.superseded', `payment plan ${old.planId} (${describePlan(old)}) superseded by ${plan.planId} (by ${input.by}): its installment reminders are skipped`, old.planId, {
        planId: old.planId,
        supersededBy: plan.planId,
      }),
    ),
  ]);
  await scheduleInstallmentReminders(deps, plan, account, policy, now);
  await requestEvaluation(deps.evaluations, input.accountId, 'plan', plan.planId, now);
  return plan;
}

/**
 * The agency or the lawyers give a handed-off account back (a recall): the record says when, and the
 * evaluation decides what follows (write-off for a small balance or a hopeless score, else a person
 * reviews it). The account stays in `hand-off` until that evaluation moves it.
 */
export async function recallHandOff(deps: EscalationRequestDeps, input: { accountId: string; by: string; note?: string }): Promise<EscalationRecord> {
  const now = deps.clock.now();
  const record = await deps.escalation.getEscalation(input.accountId);
  if (record.stage !== 'hand-off' || !record.handOff) throw new EscalationRequestError(`account ${input.accountId} is not handed off (stage ${record.stage})`);
  if (record.handOff.recalledAt) return record;
  const recalled: EscalationRecord = { ...record, handOff: { ...record.handOff, recalledAt: now.toISOString() } };
  if (!(await deps.escalation.saveEscalation(recalled))) throw new EscalationRequestError(`account ${input.accountId} changed meanwhile; try again`);
  await deps.log.append([line(input.accountId, now, 'escalation.evaluated', `hand-off to ${record.handOff.to} recalled by ${input.by}${input.note ? `: ${input.note}` : ''}`, `recall-${now.toISOString()}`, { recalledAt: now.toISOString() })]);
  await requestEvaluation(deps.evaluations, input.accountId, 'manual', `recall-${now.toISOString()}`, now, 'hand-off recalled');
  return { ...recalled, version: recalled.version + 1 };
}

export async function claimTask(deps: EscalationRequestDeps, taskId: string, by: string): Promise<AgentTask> {
  const task = await openTask(deps, taskId);
  if (task.owner && task.owner !== by) throw new EscalationRequestError(`task ${taskId} is already claimed by ${task.owner}`);
  const claimed: AgentTask = { ...task, owner: by };
  await deps.tasks.saveTask(claimed);
  await deps.log.append([line(task.accountId, deps.clock.now(), 'task.claimed', `${task.type} claimed by ${by}`, `${taskId}-${by}`, { taskId })]);
  return claimed;
}

export async function addTaskNote(deps: EscalationRequestDeps, taskId: string, by: string, text: string): Promise<AgentTask> {
  if (!text.trim()) throw new EscalationRequestError('a note needs some text');
  const task = await deps.tasks.findTask(taskId);
  if (!task) throw new EscalationNotFoundError(`no task ${taskId}`);
  const now = deps.clock.now();
  const noted: AgentTask = { ...task, notes: [...(task.notes ?? []), { at: now.toISOString(), by, text: text.slice(0, 2000) }] };
  await deps.tasks.saveTask(noted);
  await deps.log.append([line(task.accountId, now, 'task.note', `${by}: ${text}`.slice(0, 300), `${taskId}-${now.toISOString()}`, { taskId })]);
  return noted;
}

export async function completeTask(deps: EscalationRequestDeps, taskId: string, by: string, outcome: string): Promise<AgentTask> {
  const task = await deps.tasks.findTask(taskId);
  if (!task) throw new EscalationNotFoundError(`no task ${taskId}`);
  if (task.status === 'done') return task;
  if (!outcome.trim()) throw new EscalationRequestError('say the outcome (what happened, what was agreed)');
  const now = deps.clock.now();
  const done: AgentTask = { ...task, status: 'done', owner: task.owner ?? by, outcome: outcome.slice(0, 1000), completedAt: now.toISOString() };
  // A posted pre-legal letter starts its grace period now (letter-status.ts). Logged before the task is
  // saved: a retry after a crash in between finds the task open and writes the same line again.
  if (task.type === 'post-letter') {
    await deps.log.append([line(task.accountId, now, 'letter.posted', `pre-legal letter posted (by ${by}): ${outcome}`.slice(0, 300), `${taskId}-posted`, { taskId })]);
  }
  await deps.tasks.saveTask(done);
  await deps.log.append([line(task.accountId, now, 'task.completed', `${task.type} done by ${by}: ${outcome}`.slice(0, 300), taskId, { taskId })]);
  await requestEvaluation(deps.evaluations, task.accountId, 'task', taskId, now);
  return done;
}

export interface WorklistItem {
  readonly task: AgentTask;
  readonly balance: Readonly<Record<string, number>>;
  readonly stage: string;
  /** Recovery probability from the last evaluation's score (0.5 when never evaluated). */
  readonly recoveryProbability: number;
  readonly urgency: number;
  /**
   * balance × recovery probability × urgency: the order of the list. The balance is counted in units
   * of the policy's `escalation.score.balanceReference` of its currency (a "typical" balance), so
   * pesos, soles and dollars compare fairly without exchange rates.
   */
  readonly expectedValue: number;
}

/**
 * Open tasks ordered by expected recovered value: balance × recovery probability × urgency (a task
 * past its deadline counts double; one due within a day half again). Ties: earlier deadline first.
 * Tasks of closed or written-off accounts and of resolved disputes are left out.
 */
export async function worklist(deps: Pick<EscalationRequestDeps, 'store' | 'escalation' | 'tasks' | 'clock' | 'policy'>): Promise<WorklistItem[]> {
  const now = deps.clock.now().getTime();
  const references: Readonly<Record<string, number>> = (await deps.policy.get()).escalation.score.balanceReference;
  const tasks = await deps.tasks.listOpenTasks();
  const items: WorklistItem[] = [];
  for (const task of tasks) {
    const [invoices, record, disputes] = await Promise.all([deps.store.listAccountInvoices(task.accountId), deps.escalation.getEscalation(task.accountId), deps.escalation.listDisputes(task.accountId)]);
    // A task of a closed or written-off account, or of a resolved dispute, needs nobody: hidden even
    // when nothing closed it (tasks made before they were closed automatically).
    if (staleTaskReason(task, { stage: record.stage, disputes }) !== undefined) continue;
    const balance: Record<string, number> = {};
    // What may be collected: an invoice whose dates a person must still check is not (Invoice.dateWarning).
    for (const i of invoices) if (i.status === 'open' && i.balance > 0 && !i.dateWarning) balance[i.currency] = (balance[i.currency] ?? 0) + i.balance;
    // A currency the policy has no reference for counts at 1 unit per 100,000 minor units.
    const size = Object.entries(balance).reduce((sum, [currency, minor]) => sum + minor / (references[currency] ?? 100_000), 0);
    const recoveryProbability = record.lastScore ?? record.history.at(-1)?.score ?? 0.5;
    const hoursLeft = (Date.parse(task.deadline) - now) / 3_600_000;
    const urgency = hoursLeft < 0 ? 2 : hoursLeft < 24 ? 1.5 : 1;
    items.push({ task, balance, stage: record.stage, recoveryProbability, urgency, expectedValue: Math.round(size * recoveryProbability * urgency * 1000) / 1000 });
  }
  return items.sort((a, b) => b.expectedValue - a.expectedValue || (a.task.deadline < b.task.deadline ? -1 : 1));
}

export async function accountView(deps: Pick<EscalationRequestDeps, 'store' | 'escalation' | 'tasks' | 'log'>, accountId: string) {
  const { account, invoices, record: escalation, promises, disputes, plans, openTasks: tasks, history } = await loadAccountCase(deps, accountId);
  if (!account) throw new EscalationNotFoundError(`no account ${accountId}`);
  const { contentHash: _h, updatedAt: _u, ...profile } = account;
  return {
    account: profile,
    stage: escalation.stage,
    since: escalation.since,
    nextEvaluationAt: escalation.nextEvaluationAt ?? null,
    stages: escalation.history,
    invoices: invoices.map(({ contentHash: _c, plannedHash: _p, ...invoice }) => invoice),
    promises,
    disputes,
    // Oldest first: a superseded plan reads before the one that replaced it.
    plans: [...plans].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(b.status === 'superseded') - Number(a.status === 'superseded')),
    openTasks: tasks,
    history,
  };
}

async function openTask(deps: EscalationRequestDeps, taskId: string): Promise<AgentTask> {
  const task = await deps.tasks.findTask(taskId);
  if (!task) throw new EscalationNotFoundError(`no task ${taskId}`);
  if (task.status !== 'open') throw new EscalationRequestError(`task ${taskId} is already done`);
  return task;
}

/** The tasks about a resolved dispute (its SLA task, any task made for it) are done with it. */
async function closeDisputeTasks(deps: EscalationRequestDeps, dispute: Dispute): Promise<void> {
  await closeTasksOf(deps, dispute.accountId, { reason: `dispute ${dispute.disputeId} on ${dispute.invoiceNumber} resolved${dispute.resolution ? ` (${dispute.resolution})` : ''}`, disputeId: dispute.disputeId });
}

/** Runs the plan proposal, turning a refused term into the request's error that names it. */
function namingRefusedTerm(propose: () => PlanProposal): PlanProposal {
  try {
    return propose();
  } catch (error) {
    if (error instanceof PlanTermsError) throw new EscalationInputError(error.field, error.message, { cause: error });
    throw error;
  }
}

/** `MXN 42000.00 in 3 payments from 2026-12-01`: a plan in the log's words. */
function describePlan(plan: PaymentPlan): string {
  return `${formatAmounts([{ currency: plan.currency, minor: plan.total }])} in ${plan.installments.length} payments from ${plan.installments[0]?.dueDate ?? plan.createdAt.slice(0, 10)}`;
}

function line(accountId: string, now: Date, type: Interaction['type'], detail: string, key: string, data?: Interaction['data']): Interaction {
  return { interactionId: `${type}#${key}`, accountId, at: now.toISOString(), type, detail, ...(data ? { data } : {}) };
}


/** Ids here are 24 hex characters. */
const hash = (text: string): string => textHash(text, 24);
