/**
 * CFDI "Pagos 2.0" complement: the issuer's own statement of which invoices the payment paid and how
 * much of each (`ImpPagado`). Authoritative, so allocated as stated — but never converted: a document
 * is applied only when its currency, the invoice's and the payment's are the same.
 */
import type { CfdiPaidDocument } from '../types.js';
import { CONFIDENCE } from './confidence.js';
import { caution, oldestFirst, type Candidate, type MatchContext } from './context.js';
import { allocation, total, type Draft } from './decision.js';
import { invoiceList, money, sentences } from './explain.js';
import { normaliseInvoiceRef } from './references.js';
import { shortfallTolerance } from './tolerance.js';
import type { Allocation } from './types.js';

function label(doc: CfdiPaidDocument): string {
  return doc.folio !== undefined ? `${doc.series ?? ''}${doc.folio}` : doc.uuid;
}

/** The invoice a document names: by fiscal UUID, else by series+folio (then less sure). */
function findDocument(ctx: MatchContext, doc: CfdiPaidDocument): { candidate: Candidate; byUuid: boolean } | undefined {
  const all = [...ctx.invoices, ...ctx.foreign];
  const uuid = doc.uuid.trim().toUpperCase();
  const byUuid = oldestFirst(all.filter((c) => c.invoice.fiscalUuid?.toUpperCase() === uuid))[0];
  if (byUuid) return { candidate: byUuid, byUuid: true };
  if (doc.folio === undefined) return undefined;
  const key = normaliseInvoiceRef(`${doc.series ?? ''}${doc.folio}`);
  const byFolio = all.filter((c) => c.key === key && c.invoice.fiscalUuid === undefined);
  return byFolio.length === 1 ? { candidate: byFolio[0]!, byUuid: false } : undefined;
}

export function cfdiRule(ctx: MatchContext): Draft | undefined {
  const docs = ctx.payment.cfdiDocuments ?? [];
  if (docs.length === 0) return undefined;
  const allocations: Allocation[] = [];
  const paid: Candidate[] = [];
  const problems: string[] = [];
  let left = ctx.amount;
  let allByUuid = true;
  for (const doc of docs) {
    const found = findDocument(ctx, doc);
    if (!found) {
      problems.push(`${label(doc)} is not among the open invoices`);
      continue;
    }
    const { candidate } = found;
    const { invoice } = candidate;
    if (doc.currency !== invoice.currency || invoice.currency !== ctx.currency) {
      problems.push(`${invoice.invoiceNumber} is in ${invoice.currency}, the complement says ${doc.currency} and the payment is ${ctx.currency}: nothing is converted`);
      continue;
    }
    if (paid.includes(candidate)) continue;
    if (!Number.isSafeInteger(doc.amountPaid) || doc.amountPaid <= 0) {
      problems.push(`the complement pays nothing on ${invoice.invoiceNumber}`);
      continue;
    }
    if (doc.amountPaid > invoice.balance) problems.push(`the complement pays ${money(doc.amountPaid, ctx.currency)} on ${invoice.invoiceNumber}, whose balance is ${money(invoice.balance, ctx.currency)}`);
    const amount = Math.min(doc.amountPaid, invoice.balance, left);
    if (amount < Math.min(doc.amountPaid, invoice.balance)) problems.push('the complement pays more than the transfer brought');
    if (amount <= 0) continue;
    const short = invoice.balance - amount;
    // Closed only when the complement itself says nothing is left and the gap is a tolerated fee.
    const settles = short > 0 && doc.remainingBalance === 0 && short <= shortfallTolerance(invoice.balance, ctx.settings);
    allocations.push(allocation(candidate, amount, settles));
    paid.push(candidate);
    allByUuid &&= found.byUuid;
    left -= amount;
  }
  if (allocations.length === 0) {
    caution(ctx, CONFIDENCE.cap.cfdiProblem, `CFDI complement: ${problems.join('; ')}`);
    return undefined;
  }
  const owners = [...new Set(paid.map((c) => c.invoice.accountId))];
  // The complement is issued to the payer: what it does not allocate is that customer's credit.
  const credit = left > 0 && owners.length === 1 ? { accountId: owners[0]!, amount: left } : undefined;
  const confidence = problems.length > 0 ? CONFIDENCE.cap.cfdiProblem : allByUuid ? CONFIDENCE.cfdi : CONFIDENCE.cfdiBySeriesFolio;
  const paidText = `CFDI payment complement pays ${invoiceList(paid.map((c) => c.invoice))} (${money(total(allocations), ctx.currency)})${allByUuid ? ' by fiscal UUID' : ' by series and folio'}`;
  const rest = left > 0 ? (credit ? `${money(left, ctx.currency)} left over is kept as a credit` : `${money(left, ctx.currency)} left over stays unapplied`) : undefined;
  return {
    rule: 'cfdi-complement',
    confidence,
    explanation: sentences(paidText, rest, problems.length > 0 ? `Check: ${problems.join('; ')}` : undefined),
    allocations,
    ...(credit ? { credit } : {}),
  };
}
