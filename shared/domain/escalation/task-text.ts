import type { Account } from '../types.js';
import { formatAmounts, type CurrencyAmount } from './delinquency.js';
import type { PolicyEscalation } from './policy-section.js';
import { proposePlan } from './plan-schedule.js';

/**
 * The words of the agent tasks the evaluation creates: who to call, why, and what the policy lets
 * the agent offer, so the task can be worked without opening the policy. English, plain amounts
 * (`MXN 12345.67`): the worklist shows them as they are.
 */

export interface CaseSummary {
  readonly account: Pick<Account, 'accountId' | 'name'>;
  readonly oldestInvoice: string;
  readonly daysPastDue: number;
  /** Open, undisputed balances. */
  readonly balances: readonly CurrencyAmount[];
  readonly score: number;
}

/**
 * One line about the case: `Acme SA (A-1): oldest open invoice F-1 is 35 days past due; open MXN 12000.00; score 0.64.`
 *
 * @example
 * caseLine({ account: { accountId: 'A-1', name: 'Acme SA' }, oldestInvoice: 'F-1', daysPastDue: 35, balances, score: 0.64 })
 */
export function caseLine(summary: CaseSummary): string {
  return (
    `${summary.account.name} (${summary.account.accountId}): oldest open invoice ${summary.oldestInvoice} is ${summary.daysPastDue} days past due; ` +
    `open ${formatAmounts(summary.balances)}; score ${summary.score.toFixed(2)}.`
  );
}

/**
 * The payment plan and discount the policy offers, in words, one plan per currency owed:
 * `plan for MXN 10000.00: MXN 3000.00 down on 2026-12-01, then MXN 2333.33 on 2026-12-31, …; interest
 * waived. Or 2% off (MXN 9800.00) when paid in full now.`
 *
 * @example
 * planOffer(balances, 2, policy.escalation, '2026-12-01')
 */
export function planOffer(balances: readonly CurrencyAmount[], discountPercent: number, policy: PolicyEscalation, today: string): string {
  const plans = balances
    .filter((balance) => balance.minor > 0)
    .map((balance) => {
      const plan = proposePlan(balance.minor, balance.currency, { escalation: policy }, today);
      const [down, ...rest] = plan.installments;
      const money = (minor: number) => formatAmounts([{ currency: plan.currency, minor }]);
      const downText = down && down.amount > 0 ? `${money(down.amount)} down on ${down.dueDate}, then ` : '';
      return `plan for ${money(plan.total)}: ${downText}${rest.map((i) => `${money(i.amount)} on ${i.dueDate}`).join(', ')}`;
    });
  const waiver = policy.plans.waiveInterest ? '; interest waived' : '';
  const discounted = balances.map((b) => ({ currency: b.currency, minor: b.minor - Math.round((b.minor * discountPercent) / 100) }));
  const discount = discountPercent > 0 ? ` Or ${discountPercent}% off (${formatAmounts(discounted)}) when paid in full now.` : '';
  return `Offer a payment plan: ${plans.join('; ')}${waiver}.${discount}`;
}
