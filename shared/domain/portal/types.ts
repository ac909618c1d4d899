import type { PlanProposal } from '../escalation/plan-schedule.js';
import type { PlanLeftOut } from '../escalation/plan-scope.js';
import type { PromiseWindow } from '../escalation/promise-window.js';
import type { DisputeReason, PaymentPlan, PromiseToPay } from '../escalation/types.js';
import type { Account } from '../types.js';

/** What the debtor's self-service page shows (shared/domain/portal/portal-page.ts renders it). */
export interface PortalView {
  readonly account: Pick<Account, 'accountId' | 'name' | 'timezone'>;
  readonly language: 'es' | 'en';
  readonly locale: string;
  readonly companyName: string;
  /** The debtor's calendar day (a promise cannot be for an earlier one). */
  readonly today: string;
  /** The days a promise may name: the date input's min and max, and what a refusal says. */
  readonly promiseWindow: PromiseWindow;
  /** Open invoices, oldest due first. */
  readonly invoices: readonly PortalInvoice[];
  readonly promises: readonly PromiseToPay[];
  /** The plan on track, if any. */
  readonly plan?: PaymentPlan;
  /** Plans a newer one replaced, oldest first (said on the page, so the debtor knows which one counts). */
  readonly supersededPlans: readonly PaymentPlan[];
  /**
   * The policy's plan, when there is none yet and what a plan may settle (open invoices not in
   * dispute, with sound dates: escalation/plan-scope.ts) is in one currency: the plan accepting it makes.
   */
  readonly offer?: PlanOffer;
  readonly disputeReasons: readonly DisputeReason[];
}

/** The plan the page offers: the proposal, the invoices it settles, the ones it leaves out, and its key. */
export interface PlanOffer extends PlanProposal {
  /** The invoices the plan settles, sorted by number. */
  readonly invoiceNumbers: readonly string[];
  /** Open invoices of its currency it does not settle (in dispute, or dates to check). */
  readonly leftOut: readonly PlanLeftOut[];
  /** Identifies this offer (currency, balance, invoices): the form posts it, so the plan made is the one shown. */
  readonly key: string;
}

export interface PortalInvoice {
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly balance: number;
  readonly dueDate: string;
  readonly daysPastDue: number;
  readonly disputed: boolean;
  readonly payUrl: string;
}

/** Why the page refused a form, in words the page says in the debtor's language (portal-page.ts). */
export type PortalProblem =
  | 'form'
  | 'date-invalid'
  | 'date-past'
  | 'date-too-far'
  | 'amount-invalid'
  | 'amount-decimals'
  | 'amount-currencies'
  | 'invoice-not-open'
  | 'reason-unknown'
  | 'plan-exists'
  | 'plan-unavailable'
  /** The offer shown is no longer the plan the account would get (an invoice, a dispute or a payment changed). */
  | 'plan-changed';
