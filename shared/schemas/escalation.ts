import { z } from 'zod';
import { ESCALATION_STEPS, EVALUATION_TRIGGERS } from '../config/escalation.js';
import { DISPUTE_REASONS, DISPUTE_RESOLUTIONS } from '../domain/escalation/types.js';

/** The escalation queue's messages and the state machine's Task inputs, validated at each consumer. */
export const evaluationRequestSchema = z.object({
  accountId: z.string().min(1),
  evaluationId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, { error: 'expected an execution name: 1-80 letters, digits, "-" or "_"' }),
  trigger: z.object({ kind: z.enum(EVALUATION_TRIGGERS), at: z.iso.datetime(), detail: z.string().optional() }),
});

/** A Task's input: the execution state (load and decision are checked by the step that needs them). */
export const stepRequestSchema = evaluationRequestSchema.extend({
  step: z.enum(ESCALATION_STEPS),
  load: z.looseObject({ settled: z.boolean(), paused: z.boolean(), version: z.int().min(0) }).optional(),
  decision: z.looseObject({ stage: z.string(), actions: z.looseObject({}) }).optional(),
  /** The action branches' results (Record and ScheduleNext read the letter's). */
  acted: z
    .looseObject({
      sendLetter: z.union([
        z.object({ skipped: z.literal(true) }),
        z.looseObject({ queued: z.boolean(), deferredUntil: z.iso.datetime().optional(), deadline: z.iso.date().optional() }),
      ]).optional(),
    })
    .optional(),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date YYYY-MM-DD' });

export const promiseBodySchema = z.strictObject({
  date: day,
  amount: z.int().positive().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  note: z.string().max(500).optional(),
});
export const disputeBodySchema = z.strictObject({ reason: z.enum(DISPUTE_REASONS), note: z.string().max(1000).optional() });
export const resolveBodySchema = z.strictObject({ resolution: z.enum(DISPUTE_RESOLUTIONS) });
// Shapes only: the ranges that depend on the policy (installments up to plans.maxInstallments, a
// discount up to plans.maxDiscountPercent) are checked by createPlan, as for the CLI (422 naming the field).
export const planBodySchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  downPaymentPercent: z.number().min(0).lt(100).optional(),
  installments: z.int().min(1).optional(),
  discountPercent: z.number().min(0).optional(),
  interestWaived: z.boolean().optional(),
});
export const completeBodySchema = z.strictObject({ outcome: z.string().min(1).max(1000) });
export const recallBodySchema = z.strictObject({ note: z.string().max(1000).optional() });
export const noteBodySchema = z.strictObject({ text: z.string().min(1).max(2000) });
