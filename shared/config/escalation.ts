/**
 * The contract between the escalation state machine (one ASL definition: shared/config/
 * escalation-state-machine.ts) and the `escalation-step` function that runs its Task states, used by
 * the CDK app, the embedded runtime (aws-local-stepfunctions) and the tests alike.
 */
import type { EscalationDecision, Stage } from '../domain/escalation/types.js';

/** What starts an evaluation. */
export const EVALUATION_TRIGGERS = ['schedule', 'invoice', 'payment', 'promise', 'dispute', 'plan', 'task', 'policy', 'manual'] as const;
export type EvaluationTrigger = (typeof EVALUATION_TRIGGERS)[number];

/** The execution input (also the message on the escalation queue that starts it). */
export interface EvaluationRequest {
  readonly accountId: string;
  /** Deterministic: the execution name, so a repeated trigger starts nothing twice. */
  readonly evaluationId: string;
  readonly trigger: { readonly kind: EvaluationTrigger; readonly at: string; readonly detail?: string };
}

/** The Task steps of the state machine, each one call of `escalation-step` with `{ step, … }`. */
export const ESCALATION_STEPS = [
  'load',
  'close',
  'decide',
  'create-task',
  'send-letter',
  'prepare-hand-off',
  'write-off',
  'switch-cadence',
  'alert',
  'record',
  'schedule',
] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

/** `load`'s result, at `$.load`: the Choice states branch on it. */
export interface LoadResult {
  /** Nothing is owed: close the escalation and cancel its schedule. */
  readonly settled: boolean;
  /** An active promise or an open dispute holds every open invoice: re-check at `pausedUntil`. */
  readonly paused: boolean;
  readonly pausedUntil?: string;
  readonly pauseReason?: string;
  readonly stage: Stage;
  /** The escalation record's version read (the `record` step writes conditionally on it). */
  readonly version: number;
}

/**
 * The input of every Task: the execution state so far. `decide` puts its decision at `$.decision`;
 * the action steps read it; `record` and `schedule` finish.
 */
export interface StepRequest extends EvaluationRequest {
  readonly step: EscalationStep;
  readonly load?: LoadResult;
  readonly decision?: EscalationDecision;
  /** The action steps' results (`$.acted`, one key per DecisionRunFlags flag), for Record and ScheduleNext. */
  readonly acted?: { readonly sendLetter?: unknown };
}

/** Flags the Parallel branches' Choice states test (`$.decision.run.createTask == true`, …). */
export interface DecisionRunFlags {
  readonly createTask: boolean;
  readonly sendLetter: boolean;
  readonly prepareHandOff: boolean;
  readonly writeOff: boolean;
  readonly switchCadence: boolean;
  readonly alert: boolean;
}

/**
 * The execution name of an evaluation: `<account>-<trigger>-<key>`, limited to what Step Functions
 * allows (80 characters of letters, digits, `-` and `_`). A hash keeps long ids unique.
 */
export function evaluationName(accountId: string, kind: EvaluationTrigger, key: string): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  const name = `${clean(accountId)}-${kind}-${clean(key)}`;
  if (name.length <= 80) return name;
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return `${name.slice(0, 71)}-${hash.toString(16).padStart(8, '0')}`;
}
