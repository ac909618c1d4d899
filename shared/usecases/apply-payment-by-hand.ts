import { normaliseInvoiceRef } from '../domain/payments/matching/references.js';
import type { Allocation, MatchInvoice } from '../domain/payments/matching/types.js';
import type { PaymentRecord } from '../ports.js';
import { randomUUID } from 'node:crypto';
import { commitPlan, recordPlan, type ApplyPaymentDeps } from './apply-payment.js';
import { claimPayment, releaseClaim } from './payment-claim.js';

/** A hand application that cannot be done, with the reason to show the person who asked. */
export class ManualApplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManualApplyError';
  }
}

export interface ApplyByHandInput {
  readonly paymentId: string;
  /** Invoice numbers as finance writes them; applied in this order, each up to its balance. */
  readonly invoiceNumbers: readonly string[];
  /** Who decided: `cli`, `api:<principal>`. Recorded with the application. */
  readonly by: string;
}

/**
 * Resolves an exception: a person says which invoices a payment pays. The payment goes to them in the
 * order given, each up to its balance; anything left becomes the customer's credit. Only a payment
 * still waiting (exception) can be applied by hand: an applied one is never applied twice.
 */
export async function applyPaymentByHand(deps: ApplyPaymentDeps, input: ApplyByHandInput): Promise<PaymentRecord> {
  const record = await deps.payments.getPayment(input.paymentId);
  if (!record) throw new ManualApplyError(`no payment ${input.paymentId}`);
  if (record.status === 'lookup') {
    throw new ManualApplyError(`payment ${input.paymentId} has no amount yet: ${record.reason ?? 'its details must be looked up first'}`);
  }
  if (record.status !== 'exception') {
    throw new ManualApplyError(`payment ${input.paymentId} is ${record.status}, not waiting in the exception list`);
  }
  if (input.invoiceNumbers.length === 0) throw new ManualApplyError('name at least one invoice number');

  const { payment } = record;
  let remaining = payment.amount;
  const allocations: Allocation[] = [];
  for (const number of input.invoiceNumbers) {
    const invoice = await findOpenInvoice(deps, number, payment.currency);
    if (allocations.some((a) => a.accountId === invoice.accountId && a.invoiceNumber === invoice.invoiceNumber)) continue;
    const amount = Math.min(remaining, invoice.balance);
    if (amount <= 0) break;
    allocations.push({ accountId: invoice.accountId, invoiceNumber: invoice.invoiceNumber, amount, settles: false });
    remaining -= amount;
  }
  const accounts = new Set(allocations.map((a) => a.accountId));
  if (accounts.size > 1) throw new ManualApplyError(`the invoices belong to different customers (${[...accounts].join(', ')}); apply one customer's invoices at a time`);

  // Two people (or one person twice) at once: one claim wins; the other is told, nothing applied twice.
  const owner = `${input.by}#${randomUUID()}`;
  const claim = await claimPayment(deps, payment.paymentId, owner, (r) => r.status === 'exception');
  if (claim.kind === 'busy') throw new ManualApplyError(`payment ${input.paymentId} is being applied right now; look again in a minute`);
  if (claim.kind === 'done') throw new ManualApplyError(`payment ${input.paymentId} is ${claim.record.status}, not waiting in the exception list`);
  try {
    const planned = await recordPlan(
      deps,
      { ...claim.record, decision: { rule: 'none', confidence: 1, explanation: `applied by hand (${input.by})`, suggestions: [] } },
      { allocations, creditAccountId: allocations[0]!.accountId, appliedBy: input.by },
    );
    return await commitPlan(deps, planned);
  } catch (error) {
    await releaseClaim(deps, payment.paymentId, owner).catch(() => undefined);
    throw error;
  }
}

async function findOpenInvoice(deps: ApplyPaymentDeps, number: string, currency: string): Promise<MatchInvoice> {
  const ref = normaliseInvoiceRef(number);
  const { invoices } = await deps.payments.findCandidates({ invoiceRefs: ref ? [ref] : [], taxIds: [], fiscalUuids: [], accountIds: [] });
  const exact = invoices.filter((i) => i.invoiceNumber === number);
  const same = exact.length > 0 ? exact : invoices.filter((i) => normaliseInvoiceRef(i.invoiceNumber) === ref);
  if (same.length === 0) throw new ManualApplyError(`no open invoice ${number}`);
  if (same.length > 1) {
    throw new ManualApplyError(`invoice number ${number} is open for several customers (${same.map((i) => i.accountId).join(', ')})`);
  }
  const invoice = same[0]!;
  if (invoice.currency !== currency) {
    throw new ManualApplyError(`invoice ${number} is in ${invoice.currency}; the payment is in ${currency}`);
  }
  return invoice;
}
