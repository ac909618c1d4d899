/**
 * When a payment short of a balance still closes the invoice: a bank fee or rounding within the
 * policy's tolerance, or exactly the early-payment discount the policy offers.
 */
import type { MatchSettings } from './types.js';

/** How a payment amount fits one balance. */
export type Fit = 'exact' | 'tolerance' | 'discount' | 'partial' | 'over';

/**
 * The larger of the absolute and the percentage tolerance, but never more than a tenth of the
 * balance: a token payment must not close a small invoice because the fixed allowance dwarfs it.
 */
export function shortfallTolerance(balance: number, settings: MatchSettings): number {
  const { absoluteMinor, percent } = settings.shortfallTolerance;
  return Math.min(Math.max(absoluteMinor, Math.floor((balance * percent) / 100)), Math.floor(balance / 10));
}

/**
 * True when `amount` is the balance less the early-payment discount, rounded either way (payers
 * round as they please), and the payment is on or before the due date.
 */
export function isEarlyDiscount(balance: number, amount: number, settings: MatchSettings, early: boolean): boolean {
  const percent = settings.earlyPaymentDiscountPercent;
  if (!early || percent <= 0) return false;
  const discounted = (balance * (100 - percent)) / 100;
  return amount === Math.floor(discounted) || amount === Math.ceil(discounted);
}

export function fitOf(balance: number, amount: number, settings: MatchSettings, early: boolean): Fit {
  if (amount === balance) return 'exact';
  if (amount > balance) return 'over';
  if (balance - amount <= shortfallTolerance(balance, settings)) return 'tolerance';
  if (isEarlyDiscount(balance, amount, settings, early)) return 'discount';
  return 'partial';
}

/** A fit that closes the invoice. */
export function settlesFit(fit: Fit): boolean {
  return fit === 'exact' || fit === 'tolerance' || fit === 'discount';
}
