import type { Policy } from '../policy/schema.js';
import { formatAmounts } from './delinquency.js';
import { addDays, endOfLocalDay } from './local-time.js';
import { checkPlanTerms, hasChosenTerms, INSTALLMENT_EVERY_DAYS, PlanTermsError, type PlanTerms } from './plan-terms.js';
import type { PaymentPlan, PlanInstallment } from './types.js';

/** A plan as the policy proposes it: a PaymentPlan without the ids and status it gets when agreed. */
export interface PlanProposal {
  readonly currency: string;
  /** The balance the plan is for, minor units. */
  readonly balance: number;
  /** What the plan settles: the balance less the discount. The installments add up to it exactly. */
  readonly total: number;
  readonly discountPercent: number;
  readonly interestWaived: boolean;
  /** Installment 0 is the down payment, due `today`; then one per `plans.installmentDays`. */
  readonly installments: readonly PlanInstallment[];
}

/**
 * The payment plan for a balance: the down payment (a percentage of the total, rounded to the minor
 * unit) due today, then the rest split evenly over the installments, the odd minor units on the last
 * one so the sum is exact. A discount, when given, comes off the total first. A down payment of 0 is
 * installment 0 already `paid`, so installment 0 is always the down payment.
 *
 * The terms are the policy's (`plans.downPaymentPercent`, `plans.installmentDays`, 30/60/90 by
 * default, `plans.waiveInterest`) unless a person chose some (`terms`): a chosen count means one
 * installment every {@link INSTALLMENT_EVERY_DAYS} days. Chosen terms are checked first
 * ({@link checkPlanTerms}); a plan a person chose must also leave every installment at least one minor
 * unit, else it is refused on `installments` (the policy's own offer keeps a zero installment as
 * `paid`, so a residue of a few cents never stops an evaluation).
 *
 * @example
 * proposePlan(1_000_000, 'MXN', defaultPolicy, '2026-12-01').installments
 * // [{ dueDate: '2026-12-01', amount: 300000, status: 'due' }, { dueDate: '2026-12-31', amount: 233333, … },
 * //  { dueDate: '2027-01-30', amount: 233333, … }, { dueDate: '2027-03-01', amount: 233334, … }]
 * proposePlan(1_000_000, 'MXN', defaultPolicy, '2026-12-01', { downPaymentPercent: 150 })
 * // throws PlanTermsError (downPaymentPercent)
 */
export function proposePlan(balance: number, currency: string, policy: Pick<Policy, 'escalation'>, today: string, terms: PlanTerms = {}): PlanProposal {
  if (!Number.isSafeInteger(balance) || balance <= 0) throw new RangeError(`a plan needs a positive balance in minor units, got ${balance}`);
  const plans = policy.escalation.plans;
  checkPlanTerms(terms, plans);
  const discountPercent = terms.discountPercent ?? 0;
  const downPaymentPercent = terms.downPaymentPercent ?? plans.downPaymentPercent;
  const installmentDays = terms.installments !== undefined ? Array.from({ length: terms.installments }, (_, i) => (i + 1) * INSTALLMENT_EVERY_DAYS) : plans.installmentDays;
  const total = balance - Math.round((balance * discountPercent) / 100);
  const down = Math.round((total * downPaymentPercent) / 100);
  const rest = total - down;
  const count = installmentDays.length;
  if (rest < count && hasChosenTerms(terms)) {
    throw new PlanTermsError('installments', `at most ${rest}: ${formatAmounts([{ currency, minor: rest }])} is left after the down payment, and each installment needs at least one minor unit`, count);
  }
  const each = Math.floor(rest / count);
  const installments: PlanInstallment[] = [
    { dueDate: today, amount: down, status: down === 0 ? 'paid' : 'due' },
    ...installmentDays.map((days, i): PlanInstallment => {
      const amount = i === count - 1 ? rest - each * (count - 1) : each;
      return { dueDate: addDays(today, days), amount, status: amount === 0 ? 'paid' : 'due' };
    }),
  ];
  return { currency, balance, total, discountPercent, interestWaived: plans.waiveInterest, installments };
}

export interface PlanState {
  /**
   * `broken` as soon as one installment is missed; `completed` when every installment is paid;
   * `superseded` once a newer plan replaced it.
   */
  readonly status: PaymentPlan['status'];
  /** Indexes of the installments missed (marked `missed`, or still `due` past their grace). */
  readonly missed: readonly number[];
  /** The next installment to pay and when it would count as missed (while the plan is active). */
  readonly next?: { readonly index: number; readonly dueDate: string; readonly amount: number; readonly checkAt: Date };
}

/**
 * Where a plan stands now. An installment is missed when it is marked so, or when it is still `due`
 * after the end of its due day plus `graceDays` in the debtor's zone; one missed installment breaks
 * the plan (and the escalation resumes). Payments are matched to installments where they are
 * applied, so only the installments' statuses are read here.
 *
 * @example
 * planStatus(plan, new Date('2027-01-03T12:00:00Z'), 'America/Mexico_City', 2)
 * // { status: 'broken', missed: [1] } when installment 1 (due 2026-12-31) is still due
 */
export function planStatus(plan: PaymentPlan, now: Date, timezone: string, graceDays: number): PlanState {
  // Replaced by a newer plan: ended, whatever its installments say (a missed one breaks nothing now).
  if (plan.status === 'superseded') return { status: 'superseded', missed: [] };
  const checkAt = (installment: PlanInstallment) => endOfLocalDay(installment.dueDate, graceDays, timezone);
  const missed = plan.installments.flatMap((installment, index) =>
    installment.status === 'missed' || (installment.status === 'due' && installment.amount > 0 && now.getTime() >= checkAt(installment).getTime()) ? [index] : [],
  );
  if (plan.status === 'broken' || missed.length > 0) return { status: 'broken', missed };
  const index = plan.installments.findIndex((installment) => installment.status === 'due' && installment.amount > 0);
  const installment = plan.installments[index];
  if (plan.status === 'completed' || !installment) return { status: 'completed', missed };
  return { status: 'active', missed, next: { index, dueDate: installment.dueDate, amount: installment.amount, checkAt: checkAt(installment) } };
}
