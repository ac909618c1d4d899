import { z } from 'zod';

/**
 * `escalation` in the policy: when a delinquent account moves from stage to stage, what each stage
 * does, when it is handed off or written off, the transparent recovery score, and how promises,
 * disputes, payment plans, agent tasks and silence are handled. Documented in examples/policy.md.
 *
 * Amounts are integer minor units per ISO 4217 currency (`{ "MXN": 5000000 }` = MXN 50,000.00). A
 * currency a table does not list never qualifies for what the table allows (no automatic hand-off or
 * write-off in it): a person decides instead, which is the safe way round.
 */

const currencyAmounts = z.record(
  z.string().regex(/^[A-Z]{3}$/),
  z.int().min(0),
  { error: (issue) => (issue.code === 'invalid_key' ? 'expected ISO 4217 currency codes in capitals as keys, e.g. "MXN"' : undefined) },
);

/** Reference amounts divide by these, so they must be positive. */
const positiveCurrencyAmounts = z.record(
  z.string().regex(/^[A-Z]{3}$/),
  z.int().min(1),
  { error: (issue) => (issue.code === 'invalid_key' ? 'expected ISO 4217 currency codes in capitals as keys, e.g. "MXN"' : undefined) },
);

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a 24-hour time "HH:MM" between "00:00" and "23:59"' });

const daysPastDue = z.int().min(1).max(3650);

/** Days past due of the oldest open, undisputed invoice at which each stage starts (inclusive). */
const stagesSchema = z
  .strictObject({
    earlyFromDays: daysPastDue.default(1),
    midFromDays: daysPastDue.default(31),
    advancedFromDays: daysPastDue.default(61),
    preLegalFromDays: daysPastDue.default(91),
  })
  .superRefine((stages, ctx) => {
    const order = ['earlyFromDays', 'midFromDays', 'advancedFromDays', 'preLegalFromDays'] as const;
    for (let i = 1; i < order.length; i++) {
      const before = order[i - 1]!;
      const field = order[i]!;
      if (stages[field] <= stages[before]) {
        ctx.addIssue({ code: 'custom', path: [field], message: `must be later than ${before} (${stages[before]})` });
      }
    }
  })
  .prefault({});

const handOffSchema = z
  .strictObject({
    /** Hand off only when the open, undisputed balance in some currency is at least this. */
    minBalance: currencyAmounts.default({ MXN: 5_000_000, COP: 1_000_000_000, PEN: 1_000_000, CLP: 2_500_000, USD: 250_000 }),
    /** …and the recovery score is at most this (likely enough to pay by itself: keep it). */
    maxScore: z.number().min(0).max(1).default(0.5),
    /** `legal` when the balance in some currency is at least this, otherwise `agency`. */
    legalMinBalance: currencyAmounts.default({ MXN: 50_000_000, COP: 10_000_000_000, PEN: 10_000_000, CLP: 25_000_000, USD: 2_500_000 }),
  })
  .prefault({});

const writeOffSchema = z
  .strictObject({
    /** Write off when the open, undisputed balance is below this in every currency it is in… */
    maxBalance: currencyAmounts.default({ MXN: 100_000, COP: 20_000_000, PEN: 20_000, CLP: 50_000, USD: 5_000 }),
    /** …and the oldest open invoice is at least this many days past due. */
    minDaysPastDue: daysPastDue.default(120),
    /** A hand-off the agency gave back (recalled) is written off when the score is at most this. */
    maxScoreAfterRecall: z.number().min(0).max(1).default(0.15),
  })
  .prefault({});

const weight = z.number().min(-10).max(10);

/**
 * The recovery score: a logistic model whose every number is here, so anyone can recompute it.
 * logit = intercept + Σ weight × feature; score = 1 / (1 + e^−logit). See score.ts for the features.
 */
const scoreSchema = z
  .strictObject({
    intercept: z.number().min(-20).max(20).default(1.5),
    weights: z
      .strictObject({
        /** Per 30 days past due (capped at 12). */
        daysPastDue: weight.default(-0.4),
        /** Per promise broken. */
        brokenPromises: weight.default(-0.8),
        /** Per promise kept. */
        keptPromises: weight.default(0.5),
        /** Per partial payment in the last 90 days. */
        partialPayments: weight.default(0.3),
        /** Per payment reversed in the last 90 days. */
        paymentReversals: weight.default(-0.5),
        /** Per open dispute. */
        disputesOpen: weight.default(-0.3),
        /** Per message since the debtor last replied (capped at 10). */
        contactAttemptsWithoutReply: weight.default(-0.15),
        /** Per unit of ln(1 + balance / balanceReference). */
        balance: weight.default(-0.3),
      })
      .prefault({}),
    /** A typical balance per currency: the balance feature is ln(1 + balance / reference). */
    balanceReference: positiveCurrencyAmounts.default({ MXN: 10_000_000, COP: 2_000_000_000, PEN: 2_000_000, CLP: 5_000_000, USD: 500_000 }),
  })
  .prefault({});

const discountPercent = z.number().min(0).max(10);

const plansSchema = z
  .strictObject({
    /** Share of the balance paid up front (installment 0, due the day the plan is made). */
    downPaymentPercent: z.number().min(0).max(90).default(30),
    /** The other installments, in days after the plan is made; the rest is split evenly over them. */
    installmentDays: z
      .array(z.int().min(1).max(730))
      .min(1)
      .max(24)
      .refine((days) => days.every((day, i) => i === 0 || day > days[i - 1]!), { error: 'expected increasing days, e.g. [30, 60, 90]' })
      .default([30, 60, 90]),
    /** An installment still unpaid this many days after the end of its due day is missed: the plan breaks. */
    installmentGraceDays: z.int().min(0).max(30).default(2),
    /**
     * Each unpaid installment's own reminders, in days before its due date (0 = on the day), at
     * `sendTime` inside the debtor's contact rules; the down payment due the day the plan is made
     * gets one soon after, with the whole schedule. [] = none.
     */
    reminderDaysBefore: z
      .array(z.int().min(0).max(30))
      .max(5)
      .refine((days) => new Set(days).size === days.length, { error: 'expected distinct days, e.g. [3, 0]' })
      .default([3, 0]),
    /** A plan has at most this many installments after the down payment (collector's or debtor's terms). */
    maxInstallments: z.int().min(1).max(60).default(12),
    /** The largest discount (percent) a collector may grant on a plan. */
    maxDiscountPercent: discountPercent.default(10),
    /** The plan offer says interest is waived. */
    waiveInterest: z.boolean().default(false),
    /** Early-payment discount (percent) offered for paying in full, per stage; 0 = none. */
    discountPercent: z
      .strictObject({
        early: discountPercent.default(0),
        mid: discountPercent.default(2),
        advanced: discountPercent.default(3),
        preLegal: discountPercent.default(5),
      })
      .prefault({}),
  })
  .prefault({});

const cadenceChoice = (tone: 'friendly' | 'firm' | 'formal') =>
  z
    .strictObject({
      tone: z.enum(['friendly', 'firm', 'formal']).default(tone),
      /** Absent: the account's own channel order, else `channels.preference`. */
      channels: z.array(z.enum(['email', 'sms', 'whatsapp'])).min(1).optional(),
    })
    .prefault({});

const hours = z.int().min(1).max(24 * 60);

export const escalationSchema = z
  .strictObject({
    stages: stagesSchema,
    /**
     * The collection history the pre-legal stage needs besides the days past due: a letter is never
     * the first contact. An old debt loaded with no history walks a compressed ladder first
     * (friendly → firm → formal reminders, `catchUpStepDays` apart).
     */
    ladder: z
      .strictObject({
        /** Collection messages delivered (sent and not bounced) before the pre-legal letter. */
        minDeliveredReminders: z.int().min(0).max(20).default(3),
        /** Days since the first delivered collection message before the pre-legal letter. */
        minDaysSinceFirstContact: z.int().min(0).max(365).default(21),
        /** Days between the steps of the compressed ladder of an old debt loaded fresh. */
        catchUpStepDays: z.int().min(1).max(30).default(7),
      })
      .prefault({}),
    /** Days after the pre-legal letter before hand-off or write-off. */
    preLegalGraceDays: z.int().min(0).max(90).default(10),
    handOff: handOffSchema,
    writeOff: writeOffSchema,
    score: scoreSchema,
    /** A promise is checked at the end of its day plus this many days (in the debtor's zone). */
    promiseGraceDays: z.int().min(0).max(30).default(2),
    /** A dispute unresolved this many hours after it was opened raises an alert. */
    disputeSlaHours: hours.default(72),
    plans: plansSchema,
    /** The reminder tone (and optionally channels) each stage switches to when it is entered. */
    cadence: z
      .strictObject({
        early: cadenceChoice('friendly'),
        mid: cadenceChoice('firm'),
        advanced: cadenceChoice('formal'),
        preLegal: cadenceChoice('formal'),
      })
      .prefault({}),
    /** Hours an agent has for each kind of task. */
    taskDeadlineHours: z
      .strictObject({
        'personal-contact': hours.default(48),
        'manager-review': hours.default(72),
        'plan-offer': hours.default(48),
        'hand-off-review': hours.default(120),
        'broken-promise': hours.default(24),
        'dispute-sla': hours.default(24),
      })
      .prefault({}),
    silence: z
      .strictObject({
        /** Alert (once per stage) after this many messages without a reply. */
        alertAfterAttempts: z.int().min(1).max(50).default(3),
      })
      .prefault({}),
    evaluation: z
      .strictObject({
        /** Scheduled evaluations happen at this local time of the debtor. */
        time: clockTime.default('09:00'),
        /** A delinquent account is looked at again at least this often, even with no stage date ahead. */
        reviewEveryDays: z.int().min(1).max(90).default(7),
      })
      .prefault({}),
  })
  .prefault({});

export type PolicyEscalation = z.infer<typeof escalationSchema>;
export type PolicyEscalationScore = PolicyEscalation['score'];
