/**
 * Escalation (issue #5): every delinquent account walks policy stages; each evaluation is a short
 * Step Functions execution and waiting lives in DynamoDB and the scheduler. Pure data here.
 * Money: integer minor units + currency. Instants: UTC ISO-8601. Dates: YYYY-MM-DD.
 */
import type { Channel } from '../types.js';
import type { PlanLeftOut } from './plan-scope.js';

/**
 * current: nothing past due · early 1–30 days past due (automated, friendly) · mid 31–60 (personal
 * contact, plan offer) · advanced 61–90 (manager review) · pre-legal (formal letter, grace period) ·
 * hand-off (agency or legal) · write-off · closed (settled: nothing owed).
 */
export const STAGES = ['current', 'early', 'mid', 'advanced', 'pre-legal', 'hand-off', 'write-off', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageChange {
  readonly at: string;
  readonly from: Stage;
  readonly to: Stage;
  /** Why, in words (goes to the log and the account view). */
  readonly reason: string;
  readonly score?: number;
}

/** One per account (`ESCALATION` item): where it stands and when it is looked at next. */
export interface EscalationRecord {
  readonly accountId: string;
  readonly stage: Stage;
  /** When the account entered `stage`. */
  readonly since: string;
  /** The next scheduled evaluation (UTC), if any. */
  readonly nextEvaluationAt?: string;
  readonly lastEvaluatedAt?: string;
  /** Newest last, at most 50 kept. */
  readonly history: readonly StageChange[];
  /** When the pre-legal letter went out (the grace period counts from here). */
  readonly preLegalLetterAt?: string;
  /** The last day to pay the letter printed (YYYY-MM-DD, a business day): nothing happens before it is over. */
  readonly preLegalDeadline?: string;
  readonly handOff?: { readonly at: string; readonly to: 'agency' | 'legal'; readonly packageKey: string; readonly recalledAt?: string };
  readonly writtenOffAt?: string;
  /** The recovery score of the latest evaluation (0..1): the worklist's recovery probability. */
  readonly lastScore?: number;
  /** The stage's cadence: reminders switch to this tone (and channel order) while it lasts. */
  readonly cadence?: { readonly tone: 'friendly' | 'firm' | 'formal'; readonly channels: readonly Channel[] };
  /** Optimistic concurrency: 0 = never stored. */
  readonly version: number;
}

export type PromiseSource = Channel | 'portal' | 'agent' | 'cli';

export interface PromiseToPay {
  readonly promiseId: string;
  readonly accountId: string;
  /** The promised day in the debtor's zone. */
  readonly date: string;
  /** Minor units; absent = "the balance". */
  readonly amount?: number;
  readonly currency?: string;
  readonly source: PromiseSource;
  readonly createdAt: string;
  /** `superseded`: a later promise replaced it (a collector corrected the date): neither kept nor broken. */
  readonly status: 'open' | 'kept' | 'broken' | 'superseded';
  readonly closedAt?: string;
  /** What the debtor said, or who recorded it. */
  readonly note?: string;
  /** The collector who recorded it (the API caller, `cobranza promise --by`): the KPIs count it for them. */
  readonly recordedBy?: string;
}

export const DISPUTE_REASONS = ['price-difference', 'not-delivered', 'damaged', 'duplicate-invoice', 'credit-note-pending', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export const DISPUTE_RESOLUTIONS = ['credit-note', 'corrected-amount', 'rejected'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];

export interface Dispute {
  readonly disputeId: string;
  readonly accountId: string;
  readonly invoiceNumber: string;
  readonly reason: DisputeReason;
  readonly note?: string;
  readonly openedAt: string;
  /** openedAt + the policy's SLA (default 72 h). */
  readonly slaDueAt: string;
  readonly status: 'open' | 'resolved';
  readonly resolution?: DisputeResolution;
  readonly resolvedAt?: string;
  /** Set once the SLA alert went out (so it goes out once). */
  readonly slaAlertedAt?: string;
}

export interface PlanInstallment {
  readonly dueDate: string;
  /** Minor units. */
  readonly amount: number;
  readonly status: 'due' | 'paid' | 'missed';
}

export interface PaymentPlan {
  readonly planId: string;
  readonly accountId: string;
  readonly currency: string;
  /** What the plan settles, minor units (after any discount). */
  readonly total: number;
  /** The down payment is installment 0. */
  readonly installments: readonly PlanInstallment[];
  /**
   * The open invoices the plan settles (absent on plans made before this was recorded). While the
   * plan is on track their own reminders pause: the installments' reminders speak instead.
   */
  readonly invoiceNumbers?: readonly string[];
  /**
   * Open invoices of the plan's currency it does not settle when it was agreed: held by an open
   * dispute, or with dates to check (escalation/plan-scope.ts). Absent when none (and on older plans).
   */
  readonly leftOut?: readonly PlanLeftOut[];
  readonly discountPercent: number;
  readonly interestWaived: boolean;
  readonly createdAt: string;
  /**
   * `superseded`: a newer plan replaced this one (`supersededBy`); like a completed or broken plan it
   * holds nothing and its installment reminders are skipped.
   */
  readonly status: 'active' | 'completed' | 'broken' | 'superseded';
  /** The plan that replaced this one, and when (status `superseded`). */
  readonly supersededBy?: string;
  readonly supersededAt?: string;
}

/** What a stage's actions are, decided by the pure evaluation and carried out by the state machine. */
export interface EscalationActions {
  /** The account's reminders switch to this tone and these channels (cadence of the stage). */
  readonly switchCadence?: { readonly tone: 'friendly' | 'firm' | 'formal'; readonly channels: readonly Channel[] };
  readonly createTask?: { readonly type: 'personal-contact' | 'manager-review' | 'plan-offer' | 'hand-off-review' | 'broken-promise' | 'dispute-sla'; readonly deadlineHours: number; readonly text: string };
  readonly sendPreLegalLetter?: boolean;
  readonly prepareHandOff?: { readonly to: 'agency' | 'legal' };
  readonly writeOff?: boolean;
  readonly alerts?: readonly { readonly kind: 'broken-promise' | 'dispute-past-sla' | 'silence' | 'payment-reversed' | 'task-overdue'; readonly message: string }[];
}

/** The pure evaluation's verdict (shared/domain/escalation/evaluate.ts). */
export interface EscalationDecision {
  /** closed: settled; paused: an active promise or open dispute holds it; staged: a stage was decided. */
  readonly outcome: 'closed' | 'paused' | 'staged';
  readonly stage: Stage;
  readonly previousStage: Stage;
  readonly changed: boolean;
  readonly reasons: readonly string[];
  /** The transparent recovery score 0..1 and each feature's contribution (weights from the policy). */
  readonly score: { readonly value: number; readonly contributions: Readonly<Record<string, number>> };
  readonly actions: EscalationActions;
  readonly promisesToClose: readonly { readonly promiseId: string; readonly status: 'kept' | 'broken' }[];
  readonly disputesPastSla: readonly string[];
  /** When to look again (UTC): stage dates, promise date + grace, dispute SLA, installment, task deadline. */
  readonly nextEvaluationAt?: string;
}
