import { businessDaysPastDue } from '../domain/planning/business-day.js';
import { effectiveZone } from '../domain/planning/zone.js';
import { localDate } from '../domain/escalation/local-time.js';
import { planStatus, proposePlan } from '../domain/escalation/plan-schedule.js';
import { planScope } from '../domain/escalation/plan-scope.js';
import { textHash } from '../domain/content-hash.js';
import { checkPromiseDate, promiseWindow } from '../domain/escalation/promise-window.js';
import { DISPUTE_REASONS, type DisputeReason } from '../domain/escalation/types.js';
import { paymentLink } from '../domain/templates/links.js';
import { currencyMinorDigits, messageLocale } from '../domain/templates/format.js';
import type { PlanOffer, PortalInvoice, PortalProblem, PortalView } from '../domain/portal/types.js';
import { createPlan, EscalationNotFoundError, EscalationRequestError, openDispute, PlanOfferChangedError, recordPromise, type PlanRequestDeps } from './escalation-requests.js';

/** A request the page cannot honour; `problem` is said to the debtor in their language. */
export class PortalRequestError extends EscalationRequestError {
  override readonly name = 'PortalRequestError';
  constructor(
    readonly problem: PortalProblem,
    message: string,
  ) {
    super(message);
  }
}

/** A form the page posts. Field values come straight from the browser: checked here. */
export type PortalAction =
  | { readonly action: 'promise'; readonly date: string; readonly amount?: string }
  | { readonly action: 'dispute'; readonly invoiceNumber: string; readonly reason: string; readonly note?: string }
  /** `offer`: the key of the offer the page showed (PortalView.offer.key); absent, the offer of now. */
  | { readonly action: 'plan'; readonly offer?: string };

/**
 * The debtor's view of the account, for the self-service page they open from a message's signed link:
 * open invoices (with their payment links and which are in dispute), open promises, the plan on
 * track or the plan the policy offers.
 */
export async function portalView(deps: PlanRequestDeps, accountId: string): Promise<PortalView> {
  const now = deps.clock.now();
  const [account, invoices, disputes, promises, plans, policy] = await Promise.all([
    deps.store.getAccount(accountId),
    deps.store.listAccountInvoices(accountId),
    deps.escalation.listDisputes(accountId),
    deps.escalation.listPromises(accountId),
    deps.escalation.listPlans(accountId),
    deps.policy.get(),
  ]);
  if (!account) throw new EscalationNotFoundError(`no account ${accountId}`);
  const zone = effectiveZone(account.timezone);
  const { language, locale } = messageLocale(account.locale, account.country);
  const disputed = new Set(disputes.filter((d) => d.status === 'open').map((d) => d.invoiceNumber));
  const open = invoices
    .filter((i) => i.status === 'open' && i.balance > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNumber.localeCompare(b.invoiceNumber))
    .map(
      (i): PortalInvoice => ({
        invoiceNumber: i.invoiceNumber,
        currency: i.currency,
        balance: i.balance,
        dueDate: i.dueDate,
        // Counted from the business day a weekend or holiday due date rolls to, as the messages count.
        daysPastDue: Math.max(0, businessDaysPastDue(i.dueDate, now, zone, account.country)),
        disputed: disputed.has(i.invoiceNumber),
        payUrl: paymentLink(policy.company.paymentLinkTemplate, { accountId, invoiceNumber: i.invoiceNumber }),
      }),
    );
  const plan = plans.find((p) => planStatus(p, now, zone, policy.escalation.plans.installmentGraceDays).status === 'active');
  const superseded = plans.filter((p) => p.status === 'superseded').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const today = localDate(now, zone);
  // The same invoices createPlan settles (undisputed, sound dates, one currency): the offer is the plan.
  const scope = planScope(invoices, disputes);
  const offer: PlanOffer | undefined =
    !plan && scope.kind === 'plan'
      ? { ...proposePlan(scope.balance, scope.currency, policy, today), invoiceNumbers: scope.invoiceNumbers, leftOut: scope.leftOut, key: offerKey(scope.currency, scope.balance, scope.invoiceNumbers) }
      : undefined;
  return {
    account: { accountId, name: account.name, timezone: zone },
    language,
    locale,
    companyName: policy.company.name,
    today,
    promiseWindow: promiseWindow(now, zone, policy.promises.maxDaysAhead),
    invoices: open,
    promises: promises.filter((p) => p.status === 'open'),
    ...(plan ? { plan } : {}),
    supersededPlans: superseded,
    ...(offer ? { offer } : {}),
    disputeReasons: DISPUTE_REASONS,
  };
}

/**
 * Carries out what the debtor asked on the page, through the same use cases as the collectors' API
 * (source / by `portal`): a promise to pay, a dispute of one invoice, or the policy's payment plan
 * (its installments then get their reminders). Each one asks the escalation for an evaluation. A
 * request that cannot be honoured throws PortalRequestError (what to tell the debtor), or the use
 * cases' EscalationRequestError.
 */
export async function portalAct(deps: PlanRequestDeps, accountId: string, form: PortalAction): Promise<'promise' | 'dispute' | 'plan'> {
  switch (form.action) {
    case 'promise': {
      const account = await deps.store.getAccount(accountId);
      if (!account) throw new EscalationNotFoundError(`no account ${accountId}`);
      // The window the page's date input offers; checked here too (a browser may ignore min / max).
      const window = promiseWindow(deps.clock.now(), effectiveZone(account.timezone), (await deps.policy.get()).promises.maxDaysAhead);
      const check = checkPromiseDate(form.date, window);
      if (!check.ok) throw new PortalRequestError(check.problem, check.message);
      const amount = form.amount?.trim() ? await amountInMinor(deps, accountId, form.amount) : undefined;
      await recordPromise(deps, { accountId, date: form.date, source: 'portal', ...(amount ?? {}) });
      return 'promise';
    }
    case 'dispute': {
      if (!(DISPUTE_REASONS as readonly string[]).includes(form.reason)) throw new PortalRequestError('reason-unknown', `unknown reason '${form.reason}'`);
      const invoices = await deps.store.listAccountInvoices(accountId);
      if (!invoices.some((i) => i.invoiceNumber === form.invoiceNumber && i.status === 'open')) throw new PortalRequestError('invoice-not-open', `invoice ${form.invoiceNumber} is not open on this account`);
      const note = form.note?.trim().slice(0, 1000);
      await openDispute(deps, { accountId, invoiceNumber: form.invoiceNumber, reason: form.reason as DisputeReason, by: 'portal', ...(note ? { note } : {}) });
      return 'dispute';
    }
    case 'plan': {
      const view = await portalView(deps, accountId);
      if (view.plan) throw new PortalRequestError('plan-exists', 'this account already has a payment plan on track');
      if (!view.offer) throw new PortalRequestError('plan-unavailable', 'no plan can be offered here: the balance is in several currencies or nothing is owed');
      // The page posts the key of the offer it showed: the debtor accepts that plan, not another one.
      if (form.offer !== undefined && form.offer !== view.offer.key) throw new PortalRequestError('plan-changed', 'the invoices or balance changed since the page showed the offer');
      try {
        await createPlan(deps, { accountId, currency: view.offer.currency, accepted: { balance: view.offer.balance, invoiceNumbers: view.offer.invoiceNumbers }, by: 'portal' });
      } catch (error) {
        if (error instanceof PlanOfferChangedError) throw new PortalRequestError('plan-changed', error.message);
        throw error;
      }
      return 'plan';
    }
  }
}

/** "1,234.50" or "1234.5" in the account's currency → minor units; a promise's amount is in the open balance's currency. */
async function amountInMinor(deps: PlanRequestDeps, accountId: string, text: string): Promise<{ amount: number; currency: string }> {
  const invoices = (await deps.store.listAccountInvoices(accountId)).filter((i) => i.status === 'open' && i.balance > 0);
  const currencies = [...new Set(invoices.map((i) => i.currency))];
  if (currencies.length !== 1) throw new PortalRequestError('amount-currencies', 'leave the amount empty: the balance is in several currencies');
  const currency = currencies[0]!;
  const digits = currencyMinorDigits(currency);
  const clean = text.trim().replace(/[\s,$]/g, '');
  if (!/^\d+(\.\d+)?$/.test(clean)) throw new PortalRequestError('amount-invalid', `amount '${text}' is not a number like 1500.00`);
  const [whole, fraction = ''] = clean.split('.');
  if (fraction.length > digits) throw new PortalRequestError('amount-decimals', `amount '${text}' has more decimals than ${currency} allows`);
  const amount = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new PortalRequestError('amount-invalid', `amount '${text}' must be more than zero`);
  return { amount, currency };
}

/** What identifies an offer: its currency, balance and invoices (a new invoice, a dispute or a payment changes it). */
function offerKey(currency: string, balance: number, invoiceNumbers: readonly string[]): string {
  return textHash(JSON.stringify([currency, balance, invoiceNumbers]), 16);
}
