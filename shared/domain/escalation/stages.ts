import { STAGES, type Stage } from './types.js';
import type { PolicyEscalation } from './policy-section.js';

/** The stages decided from days past due; the later ones (hand-off, write-off) follow pre-legal. */
export type AgingStage = 'current' | 'early' | 'mid' | 'advanced' | 'pre-legal';

/**
 * The stage of an account whose oldest open, undisputed invoice is `daysPastDue` days late:
 * `current` before `earlyFromDays`, then early, mid, advanced and pre-legal from each start day.
 *
 * @example
 * stageForDaysPastDue(67, defaultPolicy.escalation.stages) // 'advanced'
 */
export function stageForDaysPastDue(daysPastDue: number, stages: PolicyEscalation['stages']): AgingStage {
  if (daysPastDue >= stages.preLegalFromDays) return 'pre-legal';
  if (daysPastDue >= stages.advancedFromDays) return 'advanced';
  if (daysPastDue >= stages.midFromDays) return 'mid';
  if (daysPastDue >= stages.earlyFromDays) return 'early';
  return 'current';
}

/**
 * The order stages are walked in (its index in STAGES): current 0 … write-off 6. `closed` sits
 * outside the walk (−1): a reopened account starts again from wherever its invoices put it.
 *
 * @example
 * stageRank('mid') > stageRank('early') // true
 */
export function stageRank(stage: Stage): number {
  return stage === 'closed' ? -1 : STAGES.indexOf(stage);
}

/**
 * The first day count above `daysPastDue` at which the account would reach a stage later than
 * `stage`, or undefined when no aging stage is later (pre-legal and beyond follow other dates).
 *
 * @example
 * nextStageStart(40, 'mid', defaultPolicy.escalation.stages) // 61
 * nextStageStart(20, 'advanced', defaultPolicy.escalation.stages) // 91 (held at advanced: 31 and 61 change nothing)
 */
export function nextStageStart(daysPastDue: number, stage: Stage, stages: PolicyEscalation['stages']): number | undefined {
  const starts = [stages.earlyFromDays, stages.midFromDays, stages.advancedFromDays, stages.preLegalFromDays];
  return starts.find((start) => start > daysPastDue && stageRank(stageForDaysPastDue(start, stages)) > stageRank(stage));
}
