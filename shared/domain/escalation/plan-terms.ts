import type { PolicyEscalation } from './policy-section.js';

/**
 * The terms a person agrees for a payment plan (a collector in the API or the CLI), each optional:
 * what is absent follows the policy's offer (`escalation.plans`).
 */
export interface PlanTerms {
  /** Share of the plan total paid up front (installment 0, due the day the plan is made), percent. */
  readonly downPaymentPercent?: number;
  /** How many installments follow the down payment, one every {@link INSTALLMENT_EVERY_DAYS} days. */
  readonly installments?: number;
  /** Taken off the balance before the plan is split, percent. */
  readonly discountPercent?: number;
}

export type PlanTermField = keyof PlanTerms;

/** Days between the installments of a plan whose count a person chose (the first one that many days after today). */
export const INSTALLMENT_EVERY_DAYS = 30;

/**
 * A plan term outside what the product and the policy allow. `field` is the request's name for it,
 * `allowed` the range in words (for a message that tells the person what to type instead).
 */
export class PlanTermsError extends RangeError {
  override readonly name = 'PlanTermsError';
  constructor(
    readonly field: PlanTermField,
    readonly allowed: string,
    readonly value: unknown,
  ) {
    super(`${field} must be ${allowed}, got ${String(value)}`);
  }
}

/**
 * Refuses plan terms that could hurt: a down payment of 100% or more leaves negative installments,
 * zero installments divides by zero, a discount beyond the policy's gives away what nobody approved.
 * Down payment: 0 ≤ p < 100. Installments: a whole number from 1 to `plans.maxInstallments`.
 * Discount: 0 … `plans.maxDiscountPercent`. Percentages may have decimals (12.5% is a real term);
 * a count may not. The first field out of range throws.
 *
 * @example
 * checkPlanTerms({ downPaymentPercent: 150 }, policy.escalation.plans)
 * // throws PlanTermsError: downPaymentPercent must be a percentage of at least 0 and less than 100, got 150
 */
export function checkPlanTerms(terms: PlanTerms, limits: Pick<PolicyEscalation['plans'], 'maxInstallments' | 'maxDiscountPercent'>): void {
  const { downPaymentPercent: down, installments: count, discountPercent: discount } = terms;
  if (down !== undefined && !(Number.isFinite(down) && down >= 0 && down < 100)) {
    throw new PlanTermsError('downPaymentPercent', 'a percentage of at least 0 and less than 100', down);
  }
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= limits.maxInstallments)) {
    throw new PlanTermsError('installments', `a whole number from 1 to ${limits.maxInstallments} (policy escalation.plans.maxInstallments)`, count);
  }
  if (discount !== undefined && !(Number.isFinite(discount) && discount >= 0 && discount <= limits.maxDiscountPercent)) {
    throw new PlanTermsError('discountPercent', `a percentage from 0 to ${limits.maxDiscountPercent} (policy escalation.plans.maxDiscountPercent)`, discount);
  }
}

/** True when a person chose at least one term (the plan is then theirs, not the policy's offer). */
export function hasChosenTerms(terms: PlanTerms): boolean {
  return terms.downPaymentPercent !== undefined || terms.installments !== undefined || terms.discountPercent !== undefined;
}
