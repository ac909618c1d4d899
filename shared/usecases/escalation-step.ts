import { DateTime } from 'luxon';
import { textHash } from '../domain/content-hash.js';
import { channelProblem } from '../domain/channels/choose-channel.js';
import { channelOptionsFor } from '../domain/contact-rules/channel-options.js';
import { nextContactInstant } from '../domain/contact-rules/gate.js';
import { contactRulesFor } from '../domain/contact-rules/presets.js';
import { splitForDemand } from '../domain/escalation/demandable.js';
import { letterStatus } from '../domain/escalation/letter-status.js';
import { closeTasksOf } from './close-tasks.js';
import { gate, gateDebtor } from './contact-gate.js';
import { loadAccountCase, type AccountCase } from './account-case.js';
import type { Policy } from '../domain/policy/schema.js';
import type { DecisionRunFlags, EvaluationRequest, LoadResult, StepRequest } from '../config/escalation.js';
import { evaluateEscalation, type EvaluationInput } from '../domain/escalation/evaluate.js';
import type { EscalationDecision, EscalationRecord, PaymentPlan, StageChange } from '../domain/escalation/types.js';
import { composeLetter } from '../domain/messages/pre-legal-letter.js';
import { letterPdf } from '../domain/messages/letter-pdf.js';
import { planStatus } from '../domain/escalation/plan-schedule.js';
import { taskDeadlineEffects } from '../domain/escalation/task-deadlines.js';
import { effectiveZone } from '../domain/planning/zone.js';
import type { EmailMessage, Interaction } from '../domain/types.js';
import type {
  AccountStore,
  AgentTask,
  AlertPublisher,
  Clock,
  ConsentStore,
  ContactLedger,
  EscalationStore,
  InteractionLog,
  MessageQueue,
  ObjectStore,
  ReminderScheduler,
  TaskStore,
} from '../ports.js';
import type { ActivePolicy } from './active-policy.js';

export interface EscalationStepDeps {
  readonly store: AccountStore;
  readonly escalation: EscalationStore;
  /** The letter passes the same contact-rule gate as every collection message (and counts in it). */
  readonly ledger: ContactLedger;
  /** A letter goes by email only to an address the debtor can be written to (not opted out, invalid, unauthorised). */
  readonly consents: Pick<ConsentStore, 'listConsents'>;
  readonly tasks: TaskStore;
  readonly log: InteractionLog;
  readonly files: ObjectStore;
  readonly emailQueue: MessageQueue<EmailMessage>;
  readonly alerts: AlertPublisher;
  /** One-time schedules on the escalation queue (the next evaluation). */
  readonly scheduler: ReminderScheduler;
  readonly policy: ActivePolicy;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;
const HISTORY_KEPT = 50;

/**
 * One Task state of the escalation state machine (shared/config/escalation-state-machine.ts). Each
 * step is short and idempotent: ids come from the evaluation id, writes are single items, and the
 * `record` step writes the escalation record conditionally on the version `load` read — two
 * evaluations of one account cannot both move it.
 */
export async function runEscalationStep(deps: EscalationStepDeps, request: StepRequest): Promise<unknown> {
  switch (request.step) {
    case 'load':
      return load(deps, request);
    case 'decide':
      return decide(deps, request);
    case 'close':
      return close(deps, request);
    case 'create-task':
      return createTask(deps, request, need(request.decision, 'create-task'));
    case 'send-letter':
      return sendLetter(deps, request);
    case 'prepare-hand-off':
      return prepareHandOff(deps, request, need(request.decision, 'prepare-hand-off'));
    case 'write-off':
      return writeOff(deps, request);
    case 'switch-cadence':
      // The cadence lives on the record (`record` stores the decision's switchCadence); the dispatcher
      // reads it. Nothing else to do here: logged for the history.
      await deps.log.append([line(request, deps.clock.now(), 'escalation.evaluated', `cadence switched to ${need(request.decision, 'switch-cadence').actions.switchCadence?.tone ?? '—'}`, 'cadence')]);
      return { switched: true };
    case 'alert':
      return alert(deps, request, need(request.decision, 'alert'));
    case 'record':
      return record(deps, request, need(request.decision, 'record'));
    case 'schedule':
      return schedule(deps, request);
  }
}

/** Everything the pure evaluation needs, read fresh (an evaluation never trusts an old snapshot). */
async function readCase(deps: EscalationStepDeps, accountId: string): Promise<{ accountCase: AccountCase; policy: Policy }> {
  const [accountCase, policy] = await Promise.all([loadAccountCase(deps, accountId), deps.policy.get()]);
  if (!accountCase.account) throw new Error(`account ${accountId} is not on file`);
  return { accountCase, policy };
}

/** The evaluation's input, derived from the case read once (payments, silence and alerts come from the log). */
function evaluationInput(accountCase: AccountCase, policy: Policy, now: Date): EvaluationInput {
  const { invoices, promises, disputes, plans, history: lines, openTasks: tasks } = accountCase;
  const account = accountCase.account!;
  // The letter counts from when it reached the debtor, as the log tells it (an email that bounced or
  // was held back for an opt-out does not; a posted one counts from the post); the record's own dates
  // stand for letters from before these log lines existed.
  const letter = letterStatus(lines, accountCase.record.since, policy.escalation.preLegalGraceDays, account.timezone, account.country);
  const { preLegalLetterAt: _at, preLegalDeadline: _deadline, ...unlettered } = accountCase.record;
  const record: EscalationRecord = letter.known
    ? { ...unlettered, ...(letter.sentAt ? { preLegalLetterAt: letter.sentAt } : {}), ...(letter.deadline ? { preLegalDeadline: letter.deadline } : {}) }
    : accountCase.record;
  const since = now.getTime() - 90 * DAY_MS;
  const recent = lines.filter((l) => Date.parse(l.at) >= since);
  const applied = recent.filter((l) => l.type === 'payment.applied');
  const lastReply = lines.filter((l) => l.type === 'reply.received').map((l) => l.at).sort().at(-1) ?? '';
  // The silence alert goes out once per stage: the evaluation needs to know when it last went out.
  const silenceAlertedAt = lines.filter((l) => l.type === 'alert.sent' && (l.data?.kind === 'silence' || l.detail?.startsWith('silence:'))).map((l) => l.at).sort().at(-1);
  return {
    now,
    policy,
    account,
    invoices,
    record,
    promises,
    disputes,
    plans,
    payments: {
      applied90Days: applied.reduce((sum, l) => sum + (typeof l.data?.amount === 'number' ? l.data.amount : 0), 0),
      partialPayments90Days: applied.filter((l) => typeof l.data?.balanceAfter === 'number' && l.data.balanceAfter > 0).length,
      reversals90Days: recent.filter((l) => l.type === 'payment.reversed').length,
      ...(applied.length ? { lastPaymentAt: applied.map((l) => l.at).sort().at(-1)! } : {}),
    },
    contactAttemptsWithoutReply: lines.filter((l) => l.type === 'message.sent' && l.at > lastReply && (l.data?.kind ?? 'reminder') === 'reminder').length,
    collectionHistory: collectionHistory(lines),
    ...(letter.awaitingPost ? { letterAwaitingPost: true } : {}),
    openTasks: tasks.length,
    ...(silenceAlertedAt ? { silenceAlertedAt } : {}),
  };
}

/**
 * The collection messages that reached the debtor, from the log: `message.sent` of kind reminder about
 * an overdue debt (template `overdue` or `final-notice`: a courtesy heads-up before the due date earns
 * no letter) whose message (its id is the line's reminderId) was not bounced, rejected or reported
 * failed after it was sent (an SMS that expired undelivered; a failure logged before the send is an
 * attempt that was retried).
 */
export function collectionHistory(lines: readonly Interaction[]): EvaluationInput['collectionHistory'] {
  const failedAt = new Map<string, string>();
  for (const l of lines) {
    if (!l.reminderId || !(l.type === 'message.bounced' || l.type === 'message.rejected' || l.type === 'message.failed')) continue;
    const earliest = failedAt.get(l.reminderId);
    if (earliest === undefined || l.at < earliest) failedAt.set(l.reminderId, l.at);
  }
  const delivered = lines
    .filter((l) => {
      if (l.type !== 'message.sent' || (l.data?.kind ?? 'reminder') !== 'reminder') return false;
      const template = l.data?.template;
      if (template !== undefined && template !== 'overdue' && template !== 'final-notice') return false;
      const failed = l.reminderId ? failedAt.get(l.reminderId) : undefined;
      // A failure at or after the send: the message never arrived (a bounce, an expired SMS).
      return failed === undefined || failed < l.at;
    })
    .map((l) => l.at)
    .sort();
  return { delivered: delivered.length, ...(delivered[0] ? { firstDeliveredAt: delivered[0] } : {}) };
}

/** How long an evaluation may hold the account (an execution times out after 300 s anyway). */
const LEASE_MS = 5 * 60_000;
/** A trigger that finds another evaluation running looks again this much later. */
const BUSY_RETRY_MS = 2 * 60_000;

async function load(deps: EscalationStepDeps, request: StepRequest): Promise<LoadState> {
  const now = deps.clock.now();
  if (!(await deps.escalation.acquireLease(request.accountId, request.evaluationId, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString()))) {
    const record = await deps.escalation.getEscalation(request.accountId);
    return {
      settled: false,
      paused: true,
      pausedUntil: new Date(now.getTime() + BUSY_RETRY_MS).toISOString(),
      pauseReason: 'another evaluation of this account is running; looking again shortly',
      stage: record.stage,
      version: record.version,
      busy: true,
    };
  }
  // Installments are brought up to date with the payments first: the evaluation reads their status.
  const { accountCase, policy } = await readCase(deps, request.accountId);
  const plans = await updatePlans(deps, request, now, accountCase, policy);
  const input = evaluationInput({ ...accountCase, plans }, policy, now);
  const decision = evaluateEscalation(input);
  // A pause that still has something to do (a promise to close as broken and its alert, a dispute past
  // its SLA, a stage to reopen) goes through Decide → Act → Record like any other decision: the
  // ScheduleRecheck path only schedules, so those alerts, tasks and records would never happen.
  const paused = decision.outcome === 'paused' && !pendingWork(decision);
  return {
    settled: decision.outcome === 'closed',
    paused,
    ...(paused && decision.nextEvaluationAt ? { pausedUntil: decision.nextEvaluationAt, pauseReason: decision.reasons.join('; ') } : {}),
    stage: input.record.stage,
    version: input.record.version,
    ...(input.record.nextEvaluationAt ? { scheduledAt: input.record.nextEvaluationAt } : {}),
  };
}

/** What `load` puts at `$.load` beyond the contract: a busy account, and the evaluation already scheduled. */
type LoadState = LoadResult & {
  /** Another evaluation holds the account's lease: this one only schedules a look shortly. */
  readonly busy?: boolean;
  /** The record's pending evaluation (`nextEvaluationAt`) when loaded: replaced once the next one is scheduled. */
  readonly scheduledAt?: string;
};

/** A paused decision that still carries actions or bookkeeping (see load). */
function pendingWork(decision: EscalationDecision): boolean {
  const a = decision.actions;
  return decision.changed || decision.promisesToClose.length > 0 || decision.disputesPastSla.length > 0 || a.createTask !== undefined || (a.alerts?.length ?? 0) > 0;
}

async function decide(deps: EscalationStepDeps, request: StepRequest): Promise<EscalationDecision & { run: DecisionRunFlags }> {
  const now = deps.clock.now();
  const { accountCase, policy } = await readCase(deps, request.accountId);
  const decision = withTaskDeadlines(evaluateEscalation(evaluationInput(accountCase, policy, now)), accountCase, now);
  const a = decision.actions;
  return {
    ...decision,
    run: {
      createTask: a.createTask !== undefined,
      sendLetter: a.sendPreLegalLetter === true,
      prepareHandOff: a.prepareHandOff !== undefined,
      writeOff: a.writeOff === true,
      switchCadence: a.switchCadence !== undefined,
      alert: (a.alerts?.length ?? 0) > 0,
    },
  };
}

/** Open tasks past their deadline alert once each; the next deadline brings the evaluation forward. */
function withTaskDeadlines(decision: EscalationDecision, accountCase: AccountCase, now: Date): EscalationDecision {
  if (decision.outcome === 'closed') return decision;
  const { openTasks: tasks, history: lines } = accountCase;
  const alerted = new Set(lines.filter((l) => l.type === 'alert.sent' && typeof l.data?.taskId === 'string').map((l) => String(l.data!.taskId)));
  const effects = taskDeadlineEffects(tasks, alerted, now);
  const next = [decision.nextEvaluationAt, effects.nextDeadline].filter((d): d is string => d !== undefined).sort()[0];
  if (effects.overdue.length === 0 && next === decision.nextEvaluationAt) return decision;
  return {
    ...decision,
    ...(next ? { nextEvaluationAt: next } : {}),
    actions: {
      ...decision.actions,
      alerts: [...(decision.actions.alerts ?? []), ...effects.overdue.map((o) => ({ kind: 'task-overdue' as const, message: o.message, taskId: o.taskId }))],
    },
  };
}

async function close(deps: EscalationStepDeps, request: StepRequest): Promise<{ closed: boolean }> {
  const now = deps.clock.now();
  const record = await deps.escalation.getEscalation(request.accountId);
  // Open promises close as kept (everything was paid), and say so in the log like any closed promise:
  // the KPIs count promises kept from these lines.
  const kept: Interaction[] = [];
  for (const promise of await deps.escalation.listPromises(request.accountId)) {
    if (promise.status !== 'open') continue;
    await deps.escalation.putPromise({ ...promise, status: 'kept', closedAt: now.toISOString() });
    kept.push(line(request, now, 'promise.kept', `promise of ${promise.date} kept: the account is settled`, `promise-${promise.promiseId}`, { promiseId: promise.promiseId }));
  }
  if (record.nextEvaluationAt) await deps.scheduler.cancel(scheduleName(request.accountId, record.nextEvaluationAt));
  if (record.stage === 'closed') {
    await deps.log.append(kept);
    await deps.escalation.releaseLease(request.accountId, request.evaluationId);
    return { closed: false };
  }
  const change: StageChange = { at: now.toISOString(), from: record.stage, to: 'closed', reason: 'settled: nothing left to pay' };
  const saved = await deps.escalation.saveEscalation(withChange({ ...record, nextEvaluationAt: undefined }, change));
  if (!saved) throw new Error(`escalation of ${request.accountId} changed during the evaluation; the next trigger re-evaluates`);
  // Nothing is owed: no collector should still be chasing it.
  await closeTasksOf(deps, request.accountId, { reason: 'account settled: nothing left to pay' });
  await deps.log.append([...kept, line(request, now, 'escalation.closed', `settled: escalation closed (was ${record.stage})`)]);
  return { closed: true };
}

async function createTask(deps: EscalationStepDeps, request: StepRequest, decision: EscalationDecision): Promise<{ taskId: string }> {
  const now = deps.clock.now();
  const wanted = decision.actions.createTask!;
  const taskId = `t-${hash(`${request.evaluationId}\u0000${wanted.type}`)}`;
  const task: AgentTask = {
    taskId,
    accountId: request.accountId,
    type: wanted.type,
    status: 'open',
    createdAt: now.toISOString(),
    deadline: new Date(now.getTime() + wanted.deadlineHours * 3_600_000).toISOString(),
    text: wanted.text,
  };
  await deps.tasks.createTask(task);
  await deps.log.append([line(request, now, 'task.created', `${wanted.type}: ${wanted.text}`.slice(0, 300), 'task', { taskId })]);
  return { taskId };
}

/** What the send-letter step tells Record and ScheduleNext (at `$.acted.sendLetter`). */
export interface LetterOutcome {
  readonly letterKey?: string;
  /** On the email queue: the grace period runs from now (unless the log later says it never arrived). */
  readonly queued: boolean;
  /** Stored for a person to post (a post-letter task): it counts once posted. */
  readonly byPost?: boolean;
  /** The contact rules do not allow a collection message now: the next evaluation, at this instant, sends it. */
  readonly deferredUntil?: string;
  /** The letter's last day to pay (YYYY-MM-DD, a business day in the debtor's country). */
  readonly deadline?: string;
  readonly reason?: string;
}

/**
 * The pre-legal letter: it demands only what is overdue and undisputed today (demandable.ts), and it
 * is a collection contact like any other: it passes the contact-rule gate (hours, days, holidays, one
 * collection message a day, caps, a pause) and is recorded in the ledger. When the gate says not now,
 * nothing is sent and the evaluation is scheduled for the moment it allows. The email is kept beside
 * the evidence, so a sender that has to hold it back (a retry after hours) can put it back as it was.
 */
async function sendLetter(deps: EscalationStepDeps, request: StepRequest): Promise<LetterOutcome> {
  const now = deps.clock.now();
  const [account, invoices, disputes, policy] = await Promise.all([
    deps.store.getAccount(request.accountId),
    deps.store.listAccountInvoices(request.accountId),
    deps.escalation.listDisputes(request.accountId),
    deps.policy.get(),
  ]);
  if (!account) throw new Error(`account ${request.accountId} is not on file`);
  const zone = effectiveZone(account.timezone);
  const split = splitForDemand(invoices, disputes, now, zone, account.country);
  if (split.overdue.length === 0) {
    const reason = 'no invoice is overdue and undisputed today: there is nothing a letter may demand';
    await deps.log.append([line(request, now, 'letter.skipped', reason, 'letter')]);
    return { queued: false, reason };
  }
  const messageId = `letter-${hash(request.evaluationId)}`;
  // By email only when the debtor can be written to there (an address, authorised — CO Ley 2300
  // art. 2 —, not opted out or invalid); otherwise by post, which a person does.
  const consents = await deps.consents.listConsents(account.accountId);
  const notByEmail = account.email ? channelProblem('email', account, consents, channelOptionsFor(policy, account)) : 'no email address on file';
  if (!notByEmail) {
    const decision = await gate(deps, {
      ...gateDebtor(account),
      now,
      policy,
      messageId,
      channel: 'email',
      invoiceNumbers: split.overdue.map((o) => o.invoice.invoiceNumber),
      maxDeferralDays: 30,
    });
    if (decision.decision === 'defer' || decision.decision === 'drop') {
      // "Already contacted about these invoices today" is a drop for a reminder; a letter waits for the
      // first moment the rules allow from tomorrow on.
      const until =
        decision.decision === 'defer'
          ? decision.until
          : nextContactInstant(nextDayStart(now, zone), contactRulesFor(policy, account.country, account.debtorType), zone, account.country, await deps.ledger.getContactState(account.accountId), {
              zoneCandidates: account.zoneCandidates,
              channel: 'email',
            });
      await deps.log.append([line(request, now, 'letter.deferred', `${decision.reason}; the letter waits until ${until.toISOString()}`, 'letter', { until: until.toISOString() })]);
      return { queued: false, deferredUntil: until.toISOString(), reason: decision.reason };
    }
  }
  const letter = composeLetter({ account, invoices, disputes, policy, now, graceDays: policy.escalation.preLegalGraceDays });
  // Evidence: the letter as sent (text) and as a printable PDF, kept for the hand-off package; the
  // same PDF goes to the debtor attached to the email (a letter they can print, file or forward).
  const letterKey = `escalation/letters/${request.accountId}/${request.evaluationId}.txt`;
  const pdf = letterPdf({ title: letter.subject, text: letter.text });
  await deps.files.putText(letterKey, letter.text, 'text/plain; charset=utf-8');
  await deps.files.putText(letterKey.replace(/\.txt$/, '.pdf'), pdf, 'application/pdf');
  if (notByEmail || !account.email) {
    // A letter counts once it reaches the debtor: a person prints and posts it, and completing the
    // task starts the grace period (letter-status.ts). Until then no other letter is written.
    const taskId = `t-${hash(`${request.evaluationId}\u0000post-letter`)}`;
    await deps.tasks.createTask({
      taskId,
      accountId: account.accountId,
      type: 'post-letter',
      status: 'open',
      createdAt: now.toISOString(),
      deadline: new Date(now.getTime() + 48 * 3_600_000).toISOString(),
      text: `Print and post the pre-legal letter to ${account.name} (${account.accountId}): ${letterKey} (PDF beside it). It cannot go by email: ${notByEmail}. Complete this task once it is in the post; its last day to pay then counts from that day.`,
    });
    await deps.log.append([line(request, now, 'letter.awaiting-post', `pre-legal letter stored as ${letterKey}, to be posted (${notByEmail})`, 'letter', { letterKey, taskId, deadline: letter.deadline })]);
    return { letterKey, queued: false, byPost: true, deadline: letter.deadline };
  }
  const emailKey = letterKey.replace(/\.txt$/, '.email.json');
  const email: EmailMessage = {
    accountId: request.accountId,
    invoiceNumber: letter.demanded[0]?.invoiceNumber ?? split.overdue[0]!.invoice.invoiceNumber,
    reminderId: messageId,
    locale: letter.locale,
    kind: 'letter',
    to: account.email,
    ...(letter.replyTo ? { replyTo: letter.replyTo } : {}),
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    // letterPdf is pure ASCII, so its bytes are the string's: base64 of exactly the stored evidence.
    attachments: [{ filename: letter.fileName, contentType: 'application/pdf', contentBase64: Buffer.from(pdf, 'latin1').toString('base64') }],
    dispatch: { kind: 'letter', accountId: request.accountId, reminderId: messageId, emailKey, scheduledFor: now.toISOString() },
  };
  await deps.files.putText(emailKey, JSON.stringify(email), 'application/json');
  await deps.emailQueue.send([email]);
  await deps.log.append([line(request, now, 'letter.queued', `pre-legal letter to ${account.email}, evidence ${letterKey}`, 'letter', { letterKey, deadline: letter.deadline, messageId })]);
  return { letterKey, queued: true, deadline: letter.deadline };
}

/** The start of the debtor's next local day. */
function nextDayStart(now: Date, zone: string): Date {
  return DateTime.fromJSDate(now, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
}

async function prepareHandOff(deps: EscalationStepDeps, request: StepRequest, decision: EscalationDecision): Promise<{ packageKey: string }> {
  const now = deps.clock.now();
  const to = decision.actions.prepareHandOff!.to;
  const { account, invoices, history: interactions, promises, disputes, plans, record } = await loadAccountCase(deps, request.accountId);
  const packageKey = `escalation/hand-off/${request.accountId}/${request.evaluationId}.json`;
  const split = splitForDemand(invoices, disputes, now, effectiveZone(account?.timezone ?? 'UTC'), account?.country);
  const pack = {
    preparedAt: now.toISOString(),
    to,
    reasons: decision.reasons,
    score: decision.score,
    account,
    // What the agency or the lawyers may collect: overdue and undisputed today, with its days late.
    // Everything else is listed apart and must not be collected: not yet due, under an open dispute
    // (with its dispute below), or with dates a person still has to check.
    invoices: split.overdue.map((o) => ({ ...o.invoice, daysLate: o.daysLate })),
    notYetDueInvoices: split.notYetDue,
    disputedInvoices: split.disputed,
    invoicesToReview: split.review,
    escalation: record,
    promises,
    disputes,
    plans,
    // The letter and its delivery events are in the log (letter.queued, message.sent/delivered).
    interactions,
  };
  await deps.files.putText(packageKey, `${JSON.stringify(pack, null, 2)}\n`, 'application/json');
  await deps.log.append([line(request, now, 'handoff.prepared', `hand-off package for ${to}: ${packageKey}`, 'handoff', { packageKey, to })]);
  return { packageKey };
}

async function writeOff(deps: EscalationStepDeps, request: StepRequest): Promise<{ writtenOff: true }> {
  const now = deps.clock.now();
  await closeTasksOf(deps, request.accountId, { reason: 'account written off' });
  await deps.log.append([line(request, now, 'account.written-off', 'written off by policy: no more automatic contact; the invoices stay on file for accounting')]);
  return { writtenOff: true };
}

async function alert(deps: EscalationStepDeps, request: StepRequest, decision: EscalationDecision): Promise<{ alerts: number }> {
  const now = deps.clock.now();
  const alerts = decision.actions.alerts ?? [];
  for (const a of alerts) {
    await deps.alerts.publish({ subject: `Cobranza: ${a.kind} (${request.accountId})`, message: a.message, kind: a.kind, data: { accountId: request.accountId } });
  }
  await deps.log.append(
    alerts.map((a, i) => {
      const taskId = (a as { taskId?: string }).taskId;
      return line(request, now, 'alert.sent', `${a.kind}: ${a.message}`.slice(0, 300), `alert${i}`, { kind: a.kind, ...(taskId ? { taskId } : {}) });
    }),
  );
  return { alerts: alerts.length };
}

async function record(deps: EscalationStepDeps, request: StepRequest, decision: EscalationDecision): Promise<{ stage: string; changed: boolean }> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const current = await deps.escalation.getEscalation(request.accountId);
  if (request.load && current.version !== request.load.version) {
    throw new Error(`escalation of ${request.accountId} changed during the evaluation (version ${request.load.version} → ${current.version}); the next trigger re-evaluates`);
  }
  const cadence = decision.actions.switchCadence;
  const letter = letterOutcome(request);
  // The grace period runs from the letter's sending; a letter the gate held back did not go out.
  const letterSent = decision.actions.sendPreLegalLetter === true && (letter === undefined || letter.queued);
  const nextAt = nextEvaluationOf(request);
  let next: EscalationRecord = {
    ...current,
    lastEvaluatedAt: at,
    lastScore: decision.score.value,
    ...(nextAt ? { nextEvaluationAt: nextAt } : { nextEvaluationAt: undefined }),
    ...(cadence ? { cadence } : {}),
    ...(letterSent ? { preLegalLetterAt: at, ...(letter?.deadline ? { preLegalDeadline: letter.deadline } : {}) } : {}),
    ...(decision.actions.prepareHandOff ? { handOff: { at, to: decision.actions.prepareHandOff.to, packageKey: `escalation/hand-off/${request.accountId}/${request.evaluationId}.json` } } : {}),
    ...(decision.actions.writeOff ? { writtenOffAt: at } : {}),
  };
  if (decision.changed) {
    next = withChange(next, { at, from: decision.previousStage, to: decision.stage, reason: decision.reasons.join('; ').slice(0, 500), score: decision.score.value });
  }
  if (!(await deps.escalation.saveEscalation(next))) {
    throw new Error(`escalation of ${request.accountId} changed during the evaluation; the next trigger re-evaluates`);
  }
  const promises = await deps.escalation.listPromises(request.accountId);
  const lines: Interaction[] = [];
  for (const closing of decision.promisesToClose) {
    const promise = promises.find((p) => p.promiseId === closing.promiseId);
    if (!promise || promise.status !== 'open') continue;
    await deps.escalation.putPromise({ ...promise, status: closing.status, closedAt: at });
    lines.push(line(request, now, closing.status === 'kept' ? 'promise.kept' : 'promise.broken', `promise of ${promise.date} ${closing.status}`, `promise-${promise.promiseId}`, { promiseId: promise.promiseId }));
  }
  if (decision.disputesPastSla.length) {
    for (const dispute of await deps.escalation.listDisputes(request.accountId)) {
      if (decision.disputesPastSla.includes(dispute.disputeId) && !dispute.slaAlertedAt) await deps.escalation.putDispute({ ...dispute, slaAlertedAt: at });
    }
  }
  lines.push(
    decision.changed
      ? line(request, now, 'escalation.stage', `${decision.previousStage} → ${decision.stage}: ${decision.reasons.join('; ')}`.slice(0, 500), 'stage', { from: decision.previousStage, to: decision.stage, score: decision.score.value })
      : line(request, now, 'escalation.evaluated', `stays ${decision.stage}: ${decision.reasons.join('; ')}`.slice(0, 500), 'evaluated', { stage: decision.stage, score: decision.score.value }),
  );
  await deps.log.append(lines);
  return { stage: decision.stage, changed: decision.changed };
}

/**
 * Payment plans follow the payments: money applied to the account since the plan began pays its
 * installments in order; one installment still unpaid after its due day plus the grace days breaks
 * the plan (the escalation then resumes), all paid completes it.
 */
async function updatePlans(deps: EscalationStepDeps, request: StepRequest, now: Date, accountCase: AccountCase, policy: Policy): Promise<PaymentPlan[]> {
  const { history: lines, account } = accountCase;
  const out: Interaction[] = [];
  const plans: PaymentPlan[] = [];
  for (const plan of accountCase.plans) {
    if (plan.status !== 'active') {
      plans.push(plan);
      continue;
    }
    let paid = lines
      .filter((l) => l.type === 'payment.applied' && l.at >= plan.createdAt)
      .reduce((sum, l) => sum + (typeof l.data?.amount === 'number' ? l.data.amount : 0), 0);
    // Every payment since the plan began, in installment order: those already marked paid use up
    // their share first (this runs at every evaluation, over the same payments).
    const installments = plan.installments.map((installment) => {
      if (installment.status === 'paid') {
        paid = Math.max(0, paid - installment.amount);
        return installment;
      }
      if (paid >= installment.amount) {
        paid -= installment.amount;
        return { ...installment, status: 'paid' as const };
      }
      return installment;
    });
    const updated = { ...plan, installments };
    const state = planStatus(updated, now, effectiveZone(account?.timezone ?? 'UTC'), policy.escalation.plans.installmentGraceDays);
    const changed = state.status !== plan.status || installments.some((i, k) => i.status !== plan.installments[k]?.status);
    if (!changed) {
      plans.push(plan);
      continue;
    }
    plans.push({ ...updated, status: state.status });
    await deps.escalation.putPlan({ ...updated, status: state.status });
    if (state.status !== plan.status) {
      out.push(line(request, now, 'escalation.evaluated', `payment plan ${plan.planId} ${state.status === 'broken' ? `broken: installment ${state.missed.map((i) => i + 1).join(', ')} missed` : 'completed'}`, `plan-${plan.planId}`, { planId: plan.planId, status: state.status }));
    }
  }
  if (out.length) await deps.log.append(out);
  return plans;
}

/** The send-letter step's result, when it ran (a skipped branch leaves `{ skipped: true }`). */
function letterOutcome(request: StepRequest): LetterOutcome | undefined {
  const acted = request.acted?.sendLetter as Partial<LetterOutcome> | undefined;
  return acted && typeof acted.queued === 'boolean' ? (acted as LetterOutcome) : undefined;
}

/** The decision's next look, or sooner: the moment the gate allows a letter it held back. */
function nextEvaluationOf(request: StepRequest): string | undefined {
  const held = letterOutcome(request)?.deferredUntil;
  const planned = request.decision?.nextEvaluationAt;
  if (held === undefined) return planned;
  return planned === undefined || held < planned ? held : planned;
}

/** The next evaluation: one one-time schedule per account and instant (a repeat is `exists`). */
async function schedule(deps: EscalationStepDeps, request: StepRequest): Promise<{ at?: string }> {
  const load = request.load as LoadState | undefined;
  const at = load?.paused ? load.pausedUntil : nextEvaluationOf(request);
  // One pending evaluation per account, the one on its record: the schedule the evaluation found
  // (`scheduledAt`) is replaced by the new one once that exists, or cancelled when there is no next
  // evaluation (write-off). Otherwise every event-triggered evaluation would start one more weekly chain
  // of evaluations, and closing could not cancel them all.
  const replaced = !load?.busy && load?.scheduledAt !== undefined && load.scheduledAt !== at ? load.scheduledAt : undefined;
  if (!at) {
    if (replaced && !load?.paused) await deps.scheduler.cancel(scheduleName(request.accountId, replaced));
    if (!load?.busy) await deps.escalation.releaseLease(request.accountId, request.evaluationId);
    return {};
  }
  const account = await deps.store.getAccount(request.accountId);
  const next: EvaluationRequest = {
    accountId: request.accountId,
    evaluationId: `${request.accountId.replace(/[^A-Za-z0-9_-]/g, '_')}-schedule-${at.replace(/[^0-9]/g, '').slice(0, 12)}`,
    trigger: { kind: 'schedule', at, detail: request.load?.paused ? (request.load.pauseReason ?? 'paused') : 'next evaluation' },
  };
  const result = await deps.scheduler.schedule({
    name: scheduleName(request.accountId, at),
    target: 'escalation',
    at,
    timezone: effectiveZone(account?.timezone ?? 'UTC'),
    payload: next,
  });
  if (result === 'created') {
    await deps.log.append([line(request, deps.clock.now(), 'escalation.scheduled', `next evaluation at ${at}${request.load?.paused ? ` (${request.load.pauseReason ?? 'paused'})` : ''}`, 'scheduled', { at })]);
  }
  let tracked = true;
  if (load?.paused && !load.busy) {
    // A pause skips Record: put the re-check on the record here (the lease is still ours; saving frees it).
    const current = await deps.escalation.getEscalation(request.accountId);
    tracked = current.version === load.version && (current.nextEvaluationAt === at || (await deps.escalation.saveEscalation({ ...current, nextEvaluationAt: at })));
  }
  if (replaced && tracked) await deps.scheduler.cancel(scheduleName(request.accountId, replaced));
  // The last step: free the account for the next evaluation (record/close already did, unless paused).
  if (!load?.busy) await deps.escalation.releaseLease(request.accountId, request.evaluationId);
  return { at };
}

/** `escalation-<hash>`: ≤ 64 characters of the allowed set whatever the account id. */
export function scheduleName(accountId: string, at: string): string {
  return `escalation-${hash(`${accountId}\u0000${at}`)}`;
}

function withChange(record: EscalationRecord, change: StageChange): EscalationRecord {
  return { ...record, stage: change.to, since: change.at, history: [...record.history, change].slice(-HISTORY_KEPT) };
}

function need<T>(value: T | undefined, step: string): T {
  if (value === undefined) throw new Error(`step ${step} needs the decision at $.decision`);
  return value;
}

function line(request: StepRequest, now: Date, type: Interaction['type'], detail: string, suffix = '', data?: Interaction['data']): Interaction {
  return {
    interactionId: `${type}#${request.evaluationId}${suffix ? `#${suffix}` : ''}`,
    accountId: request.accountId,
    at: now.toISOString(),
    type,
    detail,
    ...(data ? { data } : {}),
  };
}


/** Ids here are 32 hex characters. */
const hash = (text: string): string => textHash(text, 32);
