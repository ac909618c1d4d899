import type { Invoice } from '../domain/types.js';
import type { StoredInvoice } from '../ports.js';

/**
 * A newer invoice file meets payments we applied ourselves. The ERP export is the authority on the
 * invoice (amount, due date, cancellation), but it often lags our cash application by days: a file
 * that still shows the old balance must not reopen an invoice a payment settled, nor bring back the
 * reminders. So the lower of the two balances wins while we have applied payments to it, and the
 * payment bookkeeping (which payments, which reversals) is carried over so none is applied twice.
 */
export function keepAppliedPayments(fromFile: Invoice, stored: StoredInvoice | undefined): Partial<StoredInvoice> & Invoice {
  if (!stored?.appliedPaymentIds?.length && !stored?.reversalIds?.length) return fromFile;
  const bookkeeping = {
    ...(stored.appliedPaymentIds ? { appliedPaymentIds: stored.appliedPaymentIds } : {}),
    ...(stored.appliedAmounts ? { appliedAmounts: stored.appliedAmounts } : {}),
    ...(stored.reversalIds ? { reversalIds: stored.reversalIds } : {}),
  };
  if (fromFile.status !== 'open' || stored.balance >= fromFile.balance) return { ...fromFile, ...bookkeeping };
  return { ...fromFile, ...bookkeeping, balance: stored.balance, status: stored.balance === 0 ? 'paid' : 'open' };
}
