import type { Policy } from '../policy/schema.js';
import type { Account, Invoice } from '../types.js';
import { delinquency, formatAmounts, type Delinquency } from './delinquency.js';
import { disputesPastSla, nextSlaDue } from './dispute-sla.js';
import { afterPreLegal, afterRecall } from './hand-off.js';
import { preLegalEarned, type CollectionHistory } from './ladder.js';
import { addDays, atLocalTime, localDate, nextLocalTime } from './local-time.js';
import { planStatus } from './plan-schedule.js';
import type { PolicyEscalation } from './policy-section.js';
import { checkPromise, type PaymentsSummary, type PromiseVerdict } from './promise-check.js';
import { describeScore, recoveryScore, scoreFeatures, type RecoveryScore } from './score.js';
import { nextStageStart, stageForDaysPastDue, stageRank } from './stages.js';
import { caseLine, planOffer, type CaseSummary } from './task-text.js';
import type { Dispute, EscalationActions, EscalationDecision, EscalationRecord, PaymentPlan, PromiseToPay, Stage } from './types.js';

export interface EvaluationInput {
  readonly now: Date;
  /** Uses `policy.escalation` (and `channels.preference` for the cadence's channels). */
  readonly policy: Policy;
  readonly account: Account;
  /** All the account's invoices (open and not). */
  readonly invoices: readonly Invoice[];
  /** `{ stage: 'current', version: 0, history: [] … }` when new. */
  readonly record: EscalationRecord;
  readonly promises: readonly PromiseToPay[];
  readonly disputes: readonly Dispute[];
  readonly plans: readonly PaymentPlan[];
  /** Payments applied to the account in the last 90 days (minor units) and reversals. */
  readonly payments: PaymentsSummary;
  /** Messages sent since the debtor last replied (silence). */
  readonly contactAttemptsWithoutReply: number;
  /** The collection messages that reached the debtor: the pre-legal stage must be earned by them (ladder.ts). */
  readonly collectionHistory: CollectionHistory;
  /** The letter of this stage is stored for a person to post and is not posted yet (letter-status.ts): no other letter. */
  readonly letterAwaitingPost?: boolean;
  readonly openTasks: number;
  /**
   * When the last silence alert went out. The silence alert goes out once per stage: not again while
   * this is at or after the moment the account entered its stage. Absent: never (or not known).
   */
  readonly silenceAlertedAt?: string;
}

type Alert = NonNullable<EscalationActions['alerts']>[number];
type Task = NonNullable<EscalationActions['createTask']>;
type TaskType = Task['type'];

/** The stages whose entry switches the reminders' cadence, and their key in `escalation.cadence`. */
const CADENCE_KEY = { current: 'early', early: 'early', mid: 'mid', advanced: 'advanced', 'pre-legal': 'preLegal' } as const;
/** Which task wins when several want the one task slot of a decision: the stage's own first. */
const TASK_PRIORITY: readonly TaskType[] = ['personal-contact', 'manager-review', 'hand-off-review', 'dispute-sla', 'broken-promise', 'plan-offer'];

/**
 * The escalation verdict for one account at `now`: pure, deterministic, no I/O. The state machine's
 * `decide` step calls it and carries out `actions`; the record step stores the stage and history.
 *
 * In order:
 * 1. **Settled** (no open invoice with a balance): `closed`, no actions, no next evaluation; open
 *    promises close (kept before their deadline, else by the promise rule).
 * 2. **Promises** past their date + `promiseGraceDays` close as kept or broken (promise-check.ts); a
 *    broken one raises a `broken-promise` alert and counts against the score. **Disputes** past their
 *    SLA and not yet alerted raise a `dispute-past-sla` alert (once: the caller stores `slaAlertedAt`).
 * 3. **Paused** while an open promise is within its grace, an open dispute holds every open invoice,
 *    or an active plan has missed no installment: the stage stays, next look at the earliest of those
 *    dates (capped by `evaluation.reviewEveryDays`).
 * 4. Otherwise **staged** by the days past due of the oldest open, undisputed invoice (early, mid,
 *    advanced, pre-legal). Stages never go back, except when a payment applied since the account
 *    entered its stage left an invoice in an earlier bucket as the oldest. Entering a stage runs its
 *    actions: early → friendly cadence; mid → firm cadence + personal-contact task with the plan
 *    offer; advanced → formal cadence + manager-review task; pre-legal → the letter. Once the
 *    letter's `preLegalGraceDays` are over: hand-off or write-off by policy (hand-off.ts), or a
 *    hand-off-review task when no rule decides.
 * 5. **Silence**: `silence.alertAfterAttempts` messages without a reply raise a `silence` alert once
 *    per stage (see `silenceAlertedAt`).
 *
 * Every decision says why in `reasons`, including the score and each feature's contribution.
 * `nextEvaluationAt` is the next stage date (the day the oldest invoice reaches the next stage, or the
 * letter's grace end) at `evaluation.time` in the debtor's zone, or an earlier dispute SLA; while the
 * account is late or paused, at most `evaluation.reviewEveryDays` days away. Always after `now`;
 * absent when closed or written off (only an event wakes those).
 *
 * @example
 * const decision = evaluateEscalation({ now, policy, account, invoices, record, promises: [], disputes: [], plans: [],
 *   payments: { applied90Days: 0, partialPayments90Days: 0, reversals90Days: 0 }, contactAttemptsWithoutReply: 0, openTasks: 0 });
 * decision.stage   // 'advanced'
 * decision.reasons // ['oldest open invoice F-1 is 67 days past due → advanced', 'score 0.63: intercept +1.50, daysPastDue −0.89, balance −0.05']
 */
export function evaluateEscalation(input: EvaluationInput): EscalationDecision {
  const { now, account, record } = input;
  const policy = input.policy.escalation;
  const zone = account.timezone;
  const state = delinquency(input.invoices, input.disputes, now, zone, account.country);
  const settled = state.open.length === 0;

  const verdicts = input.promises
    .filter((promise) => promise.status === 'open')
    .sort((a, b) => compare(a.date, b.date) || compare(a.promiseId, b.promiseId))
    .map((promise) => ({
      promise,
      verdict: checkPromise(promise, { now, timezone: zone, graceDays: policy.promiseGraceDays, payments: input.payments, openInvoices: state.open, settled }),
    }));
  const closing = verdicts.filter((v): v is { promise: PromiseToPay; verdict: Exclude<PromiseVerdict, { status: 'open' }> } => v.verdict.status !== 'open');
  const promisesToClose = closing.map((v) => ({ promiseId: v.promise.promiseId, status: v.verdict.status }));
  const brokenNow = closing.filter((v) => v.verdict.status === 'broken');

  const score = recoveryScore(
    scoreFeatures(
      {
        daysPastDue: state.oldest?.daysPastDue ?? 0,
        brokenPromises: input.promises.filter((p) => p.status === 'broken').length + brokenNow.length,
        keptPromises: input.promises.filter((p) => p.status === 'kept').length + closing.length - brokenNow.length,
        partialPayments90Days: input.payments.partialPayments90Days,
        reversals90Days: input.payments.reversals90Days,
        disputesOpen: input.disputes.filter((d) => d.status === 'open' && state.disputed.has(d.invoiceNumber)).length,
        contactAttemptsWithoutReply: input.contactAttemptsWithoutReply,
        balances: state.balances,
      },
      policy.score.balanceReference,
    ),
    policy.score,
  );
  const promiseReasons = closing.map((v) => v.verdict.reason);

  if (settled) {
    return {
      outcome: 'closed',
      stage: 'closed',
      previousStage: record.stage,
      changed: record.stage !== 'closed',
      reasons: ['nothing is owed: no open invoice has a balance → closed', ...promiseReasons, describeScore(score)],
      score,
      actions: {},
      promisesToClose,
      disputesPastSla: [],
    };
  }

  const today = localDate(now, zone);
  const at = (date: string) => nextLocalTime(date, policy.evaluation.time, zone, now);
  const review = at(addDays(today, policy.evaluation.reviewEveryDays));
  const reasons: string[] = [...promiseReasons];
  const alerts: Alert[] = brokenNow.map((v) => ({ kind: 'broken-promise', message: `${account.name} (${account.accountId}): ${v.verdict.reason}` }));
  const tasks: Task[] = [];
  const summary = (): CaseSummary => ({
    account,
    oldestInvoice: state.oldest?.invoice.invoiceNumber ?? state.open[0]?.invoiceNumber ?? '-',
    daysPastDue: state.oldest?.daysPastDue ?? 0,
    balances: state.balances,
    score: score.value,
  });
  const task = (type: TaskType, text: string): Task => ({ type, deadlineHours: policy.taskDeadlineHours[type], text });

  const pastSla = disputesPastSla(input.disputes, now);
  for (const dispute of pastSla) {
    const message = `dispute ${dispute.disputeId} on invoice ${dispute.invoiceNumber} (${dispute.reason}), opened ${dispute.openedAt}, is past its SLA (${dispute.slaDueAt})`;
    reasons.push(message);
    alerts.push({ kind: 'dispute-past-sla', message: `${account.name} (${account.accountId}): ${message}` });
    tasks.push(task('dispute-sla', `Resolve ${message}: credit note, corrected amount or rejected. ${caseLine(summary())}`));
  }
  for (const broken of brokenNow) tasks.push(task('broken-promise', `Call: ${broken.verdict.reason}. ${caseLine(summary())}`));

  const candidates: Date[] = [];
  const slaAhead = nextSlaDue(input.disputes, now);
  if (slaAhead) candidates.push(slaAhead);

  // Plans: an active one holds the escalation; a missed installment breaks it and escalation resumes.
  const holds: string[] = [];
  for (const plan of [...input.plans].filter((p) => p.status === 'active').sort((a, b) => compare(a.planId, b.planId))) {
    const status = planStatus(plan, now, zone, policy.plans.installmentGraceDays);
    if (status.status === 'broken') {
      const missed = status.missed.map((i) => `${i} (due ${plan.installments[i]?.dueDate ?? '?'})`).join(', ');
      reasons.push(`payment plan ${plan.planId} is broken: installment ${missed} missed → escalation resumes`);
    } else if (status.next) {
      holds.push(
        `payment plan ${plan.planId} is on track: next installment ${formatAmounts([{ currency: plan.currency, minor: status.next.amount }])} due ${status.next.dueDate}`,
      );
      candidates.push(status.next.checkAt);
    }
  }
  for (const { promise, verdict } of verdicts) {
    if (verdict.status !== 'open') continue;
    holds.push(`promise ${promise.promiseId} to pay by ${promise.date} is within its grace (checked at ${verdict.checkAt.toISOString()})`);
    candidates.push(verdict.checkAt);
  }
  if (state.undisputed.length === 0) {
    const review = state.review.map((i) => i.invoiceNumber);
    const held = state.open.filter((i) => state.disputed.has(i.invoiceNumber)).map((i) => i.invoiceNumber);
    if (review.length === 0) holds.push(`an open dispute holds every open invoice (${held.join(', ')})`);
    else holds.push(`${held.length ? `an open dispute holds ${held.join(', ')} and ` : ''}a person is to check the dates of ${review.join(', ')} (no other open invoice)`);
  }

  const terminal = record.stage === 'hand-off' || record.stage === 'write-off';
  if (holds.length > 0 && !terminal) {
    const stage: Stage = record.stage === 'closed' ? 'current' : record.stage;
    return {
      outcome: 'paused',
      stage,
      previousStage: record.stage,
      changed: stage !== record.stage,
      reasons: [...holds.map((hold) => `paused: ${hold}`), ...reasons, describeScore(score)],
      score,
      actions: actionsOf({ alerts, tasks }),
      promisesToClose,
      disputesPastSla: pastSla.map((d) => d.disputeId),
      nextEvaluationAt: (earliest([...candidates, review], now) ?? review).toISOString(),
    };
  }

  const staged = decideStage({ input, policy, state, score, today, at, summary, task });
  reasons.unshift(...staged.reasons);
  tasks.unshift(...staged.tasks);
  const changed = staged.stage !== record.stage;

  // Silence: alert once per stage; only while the account is being worked (not before it is late,
  // not once an agency or a write-off has it).
  const working = staged.stage === 'early' || staged.stage === 'mid' || staged.stage === 'advanced' || staged.stage === 'pre-legal';
  const stageSince = changed ? now.getTime() : Date.parse(record.since);
  const alertedThisStage = input.silenceAlertedAt !== undefined && Date.parse(input.silenceAlertedAt) >= stageSince;
  if (working && input.contactAttemptsWithoutReply >= policy.silence.alertAfterAttempts && !alertedThisStage) {
    const message = `${input.contactAttemptsWithoutReply} messages without a reply (alert from ${policy.silence.alertAfterAttempts})`;
    reasons.push(`silence: ${message}`);
    alerts.push({ kind: 'silence', message: `${account.name} (${account.accountId}): ${message}; stage ${staged.stage}` });
  }
  if (input.openTasks > 0) reasons.push(`${input.openTasks} agent task${input.openTasks === 1 ? '' : 's'} open`);

  const next = staged.stage === 'write-off' ? undefined : earliest([...candidates, ...staged.candidates, ...(staged.stage === 'current' ? [] : [review])], now);
  return {
    outcome: 'staged',
    stage: staged.stage,
    previousStage: record.stage,
    changed,
    reasons: [...reasons, describeScore(score)],
    score,
    actions: actionsOf({ ...staged.actions, alerts, tasks }),
    promisesToClose,
    disputesPastSla: pastSla.map((d) => d.disputeId),
    ...(next ? { nextEvaluationAt: next.toISOString() } : {}),
  };
}

interface StageContext {
  readonly input: EvaluationInput;
  readonly policy: PolicyEscalation;
  readonly state: Delinquency;
  readonly score: RecoveryScore;
  readonly today: string;
  /** The evaluation time on a day (or the first later day after now). */
  readonly at: (date: string) => Date;
  readonly summary: () => CaseSummary;
  readonly task: (type: TaskType, text: string) => Task;
}

interface StagedResult {
  readonly stage: Stage;
  readonly reasons: readonly string[];
  readonly actions: Omit<EscalationActions, 'alerts' | 'createTask'>;
  readonly tasks: readonly Task[];
  /** Stage dates to look again at. */
  readonly candidates: readonly Date[];
}

/** Step 4: the stage, its entry actions and its dates. */
function decideStage(ctx: StageContext): StagedResult {
  const { input, policy, state } = ctx;
  const { record, now } = input;
  const facts = { balances: state.balances, daysPastDue: state.oldest?.daysPastDue ?? 0, score: ctx.score.value };

  if (record.stage === 'write-off') {
    return { stage: 'write-off', reasons: [`written off${record.writtenOffAt ? ` on ${record.writtenOffAt}` : ''}; only settling closes it`], actions: {}, tasks: [], candidates: [] };
  }
  if (record.stage === 'hand-off') {
    const handOff = record.handOff;
    if (handOff?.recalledAt) {
      const verdict = afterRecall(facts, policy);
      if (verdict.kind === 'write-off') return { stage: 'write-off', reasons: [verdict.reason], actions: { writeOff: true }, tasks: [], candidates: [] };
      const firstLook = record.lastEvaluatedAt === undefined || Date.parse(record.lastEvaluatedAt) < Date.parse(handOff.recalledAt);
      const tasks = firstLook ? [ctx.task('hand-off-review', `Decide on a recalled case (${verdict.reason}): hand off again, agree a plan, or write off. ${caseLine(ctx.summary())}`)] : [];
      return { stage: 'hand-off', reasons: [verdict.reason], actions: {}, tasks, candidates: [] };
    }
    const who = handOff ? `handed off to ${handOff.to} on ${handOff.at}` : 'handed off';
    return { stage: 'hand-off', reasons: [`${who}; waiting for the outcome or a recall`], actions: {}, tasks: [], candidates: [] };
  }

  const oldest = state.oldest;
  // Unreachable: with no undisputed open invoice the account is paused before this.
  if (!oldest) return { stage: record.stage, reasons: ['no open, undisputed invoice'], actions: {}, tasks: [], candidates: [] };

  const reasons: string[] = [];
  if (record.stage === 'closed') reasons.push('the account owes again: reopened');
  const base: Stage = record.stage === 'closed' ? 'current' : record.stage;
  const number = oldest.invoice.invoiceNumber;
  const byAge = stageForDaysPastDue(oldest.daysPastDue, policy.stages);
  // A letter is earned by the collection history, not by days past due alone: an old debt loaded
  // fresh walks the reminders' ladder first (its cadence is planned by the planner's catch-up ladder).
  const ladder = byAge === 'pre-legal' && stageRank(base) < stageRank('pre-legal') ? preLegalEarned(input.collectionHistory, policy, now, input.account.timezone) : undefined;
  const target: Stage = ladder && !ladder.earned ? 'advanced' : byAge;
  if (ladder && !ladder.earned) reasons.push(`pre-legal not yet earned: ${ladder.reason}`);
  let stage: Stage = target;
  const lastPayment = input.payments.lastPaymentAt;
  if (stageRank(target) >= stageRank(base)) {
    reasons.push(`oldest open invoice ${number} is ${oldest.daysPastDue} days past due → ${target}`);
  } else if (lastPayment !== undefined && Date.parse(lastPayment) >= Date.parse(record.since)) {
    reasons.push(`a payment on ${lastPayment} left ${number} the oldest open invoice, ${oldest.daysPastDue} days past due → back to ${target}`);
  } else {
    stage = base;
    reasons.push(`oldest open invoice ${number} is ${oldest.daysPastDue} days past due (${target}), but no payment since entering ${base} on ${record.since}: stays ${base}`);
  }

  const entering = stage !== record.stage;
  const candidates: Date[] = [];
  const tasks: Task[] = [];
  let actions: StagedResult['actions'] = {};
  const cadence = (key: keyof typeof CADENCE_KEY) => {
    const choice = policy.cadence[CADENCE_KEY[key]];
    return { tone: choice.tone, channels: choice.channels ?? input.account.channels ?? input.policy.channels.preference };
  };

  if (stage !== 'pre-legal') {
    const start = nextStageStart(oldest.daysPastDue, stage, policy.stages);
    if (start !== undefined) candidates.push(ctx.at(addDays(oldest.invoice.dueDate, start)));
    if (ladder && !ladder.earned && ladder.ready) candidates.push(ladder.ready);
    if (entering) {
      actions = { switchCadence: cadence(stage) };
      if (stage === 'mid') {
        const offer = planOffer(state.balances, policy.plans.discountPercent.mid, policy, ctx.today);
        tasks.push(ctx.task('personal-contact', `Call ${caseLine(ctx.summary())} ${offer}`));
      } else if (stage === 'advanced') {
        const offer = planOffer(state.balances, policy.plans.discountPercent.advanced, policy, ctx.today);
        tasks.push(ctx.task('manager-review', `Review ${caseLine(ctx.summary())} Pre-legal at ${policy.stages.preLegalFromDays} days past due unless agreed otherwise. ${offer}`));
      }
    }
    return { stage, reasons, actions, tasks, candidates };
  }

  // Pre-legal: the letter, its grace period, then hand-off or write-off.
  const grace = policy.preLegalGraceDays;
  const letterAt = record.preLegalLetterAt;
  const letterCounts = !entering && letterAt !== undefined && Date.parse(letterAt) >= Date.parse(record.since);
  if (!letterCounts) {
    // A record that reached pre-legal before the ladder existed (or by a policy change) still needs it earned.
    const earned = entering ? undefined : preLegalEarned(input.collectionHistory, policy, now, input.account.timezone);
    if (earned && !earned.earned) {
      reasons.push(`the pre-legal letter waits: ${earned.reason}`);
      return { stage, reasons, actions, tasks, candidates: earned.ready ? [earned.ready] : [] };
    }
    if (!entering && input.letterAwaitingPost) {
      reasons.push('the pre-legal letter cannot go by email and waits for a person to post it (a post-letter task); its grace period starts once it is posted');
      return { stage, reasons, actions, tasks, candidates: [] };
    }
    reasons.push(entering ? `pre-legal letter to send; grace period ${grace} days` : 'the pre-legal letter has not gone out yet → send it');
    return {
      stage,
      reasons,
      actions: { sendPreLegalLetter: true, ...(entering ? { switchCadence: cadence('pre-legal') } : {}) },
      tasks,
      candidates: [ctx.at(addDays(ctx.today, grace))],
    };
  }
  // The letter printed its last day to pay: nothing happens until that day is over (evaluation time
  // the day after). A letter from before deadlines were recorded: its day + the grace days.
  // Never before the letter itself: with a grace of 0 days and an early evaluation time the computed
  // end would lie before the letter, and an evaluation redelivered at the letter's instant would act.
  const graceStart = record.preLegalDeadline ? addDays(record.preLegalDeadline, 1) : addDays(localDate(new Date(letterAt), input.account.timezone), grace);
  const graceEnd = new Date(Math.max(atLocalTime(graceStart, policy.evaluation.time, input.account.timezone).getTime(), Date.parse(letterAt) + 1));
  if (now.getTime() < graceEnd.getTime()) {
    reasons.push(`pre-legal letter sent ${letterAt}; grace period until ${graceEnd.toISOString()}`);
    return { stage, reasons, actions, tasks, candidates: [graceEnd] };
  }
  const verdict = afterPreLegal(facts, policy);
  reasons.push(`pre-legal grace period over (${graceEnd.toISOString()}): ${verdict.reason}`);
  switch (verdict.kind) {
    case 'hand-off':
      return { stage: 'hand-off', reasons, actions: { prepareHandOff: { to: verdict.to } }, tasks, candidates };
    case 'write-off':
      return { stage: 'write-off', reasons, actions: { writeOff: true }, tasks, candidates };
    case 'wait':
      return { stage, reasons, actions, tasks, candidates: [ctx.at(addDays(oldest.invoice.dueDate, verdict.untilDaysPastDue))] };
    case 'review': {
      const firstLook = record.lastEvaluatedAt === undefined || Date.parse(record.lastEvaluatedAt) < graceEnd.getTime();
      if (firstLook) {
        tasks.push(ctx.task('hand-off-review', `Decide after the pre-legal letter (${verdict.reason}): hand off, agree a plan, or write off. ${caseLine(ctx.summary())}`));
      }
      return { stage, reasons, actions, tasks, candidates };
    }
  }
}

/** Drops empty parts; one task per decision, the most important by TASK_PRIORITY. */
function actionsOf(parts: Omit<EscalationActions, 'alerts' | 'createTask'> & { readonly alerts: readonly Alert[]; readonly tasks: readonly Task[] }): EscalationActions {
  const { alerts, tasks, ...rest } = parts;
  const task = [...tasks].sort((a, b) => TASK_PRIORITY.indexOf(a.type) - TASK_PRIORITY.indexOf(b.type))[0];
  return { ...rest, ...(task ? { createTask: task } : {}), ...(alerts.length > 0 ? { alerts } : {}) };
}

/** The earliest instant after `now` (the candidates before it are stale: a stage date already acted on). */
function earliest(candidates: readonly Date[], now: Date): Date | undefined {
  const ahead = candidates.filter((date) => date.getTime() > now.getTime());
  if (ahead.length === 0) return undefined;
  return new Date(Math.min(...ahead.map((date) => date.getTime())));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
