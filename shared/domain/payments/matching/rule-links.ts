/**
 * Explicit links: the invoice numbers a provider hands back from the payment link we created. The
 * strongest evidence after a CFDI complement; what is left over is the linked customer's credit.
 */
import { CONFIDENCE } from './confidence.js';
import { caution, oldestFirst, type Candidate, type MatchContext } from './context.js';
import { allocateInOrder, type Draft } from './decision.js';
import { invoiceList, money, sentences } from './explain.js';
import { normaliseInvoiceRef } from './references.js';

export function linksRule(ctx: MatchContext): Draft | undefined {
  const numbers = ctx.payment.links?.invoiceNumbers ?? [];
  if (numbers.length === 0) return undefined;
  const linked: Candidate[] = [];
  const missing: string[] = [];
  for (const number of numbers) {
    const key = normaliseInvoiceRef(number);
    let hits = oldestFirst(ctx.invoices.filter((c) => c.key === key));
    if (ctx.payer !== undefined && hits.some((c) => c.invoice.accountId === ctx.payer)) hits = hits.filter((c) => c.invoice.accountId === ctx.payer);
    if (hits.length === 1 && !linked.includes(hits[0]!)) linked.push(hits[0]!);
    else if (hits.length !== 1) missing.push(number);
  }
  if (linked.length === 0) {
    caution(ctx, CONFIDENCE.cap.linkMissing, `The payment link names ${numbers.join(', ')}, not open in ${ctx.currency}`);
    return undefined;
  }
  const { allocations, remainder } = allocateInOrder(ctx, linked, ctx.amount);
  const owners = [...new Set(linked.map((c) => c.invoice.accountId))];
  const creditTo = ctx.payer ?? (owners.length === 1 ? owners[0] : undefined);
  const fullyPaid = allocations.every((a, i) => a.settles || a.amount === linked[i]!.invoice.balance) && allocations.length === linked.length;
  let confidence: number = remainder === 0 && fullyPaid ? CONFIDENCE.linkExact : CONFIDENCE.linkPartialOrCredit;
  if (missing.length > 0 || (remainder > 0 && creditTo === undefined)) confidence = Math.min(confidence, CONFIDENCE.cap.linkMissing);
  const paidText = `The payment link names ${invoiceList(linked.map((c) => c.invoice))}; ${fullyPaid ? 'paid in full' : `${money(ctx.amount, ctx.currency)} applied in that order`}`;
  return {
    rule: 'explicit-link',
    confidence,
    explanation: sentences(
      paidText,
      remainder > 0 ? `${money(remainder, ctx.currency)} more ${creditTo ? 'is kept as a credit' : 'stays unapplied'}` : undefined,
      missing.length > 0 ? `Not open in ${ctx.currency}: ${missing.join(', ')}` : undefined,
    ),
    allocations,
    ...(remainder > 0 && creditTo !== undefined ? { credit: { accountId: creditTo, amount: remainder } } : {}),
  };
}
