/**
 * What to look up before matching a payment: every key its data could point at. Explicit links and
 * CFDI documents first (they are the strongest evidence), then what the free text yields.
 */
import type { Payment } from '../types.js';
import { MAX_REFERENCE_KEYS, normaliseInvoiceRef, scanReferences } from './references.js';
import { normaliseTaxId, taxIdsInText } from './tax-ids.js';
import type { CandidateQuery } from './types.js';

/** Upper bounds on what one payment may ask for (a hostile or broken payload must not fan out). */
const MAX_UUIDS = 50;
const MAX_TAX_IDS = 10;

function pushUnique(into: string[], seen: Set<string>, value: string, max: number): void {
  if (value === '' || seen.has(value) || into.length >= max) return;
  seen.add(value);
  into.push(value);
}

/**
 * The invoice keys of a payment — links, CFDI series+folio (and the bare folio), then the text — and
 * which of them are announced as invoice numbers (all those from links and CFDI documents).
 */
export function paymentReferences(payment: Payment): PaymentReferences {
  if (last.payment !== payment) last = { payment };
  return (last.references ??= readReferences(payment));
}

export interface PaymentReferences {
  readonly keys: readonly string[];
  readonly introduced: ReadonlySet<string>;
}

/**
 * The use case asks `candidateQuery(payment)` and then `matchPayment(payment, …)`, which needs the
 * same keys: the last payment object's readings are kept (one entry — a pure function's cache that
 * cannot grow; a WeakMap cost more in garbage collection than it saved).
 */
let last: { readonly payment: Payment | undefined; references?: PaymentReferences; taxIds?: readonly string[] } = { payment: undefined };

function readReferences(payment: Payment): PaymentReferences {
  const refs: string[] = [];
  const seen = new Set<string>();
  for (const number of payment.links?.invoiceNumbers ?? []) pushUnique(refs, seen, normaliseInvoiceRef(number), MAX_REFERENCE_KEYS);
  for (const doc of payment.cfdiDocuments ?? []) {
    if (doc.folio === undefined) continue;
    pushUnique(refs, seen, normaliseInvoiceRef(`${doc.series ?? ''}${doc.folio}`), MAX_REFERENCE_KEYS);
    pushUnique(refs, seen, normaliseInvoiceRef(doc.folio), MAX_REFERENCE_KEYS);
  }
  const introduced = new Set(refs);
  const text = scanReferences(payment.reference ?? '');
  for (const key of text.keys) pushUnique(refs, seen, key, MAX_REFERENCE_KEYS);
  for (const key of text.introduced) introduced.add(key);
  return { keys: refs, introduced };
}

/** The invoice keys of a payment (see `paymentReferences`). */
export function paymentReferenceKeys(payment: Payment): string[] {
  return [...paymentReferences(payment).keys];
}

/** The payer's tax ids: the one given (as is, and read like free text for NIT/RUT forms), then the text. */
export function paymentTaxIds(payment: Payment): readonly string[] {
  if (last.payment !== payment) last = { payment };
  return (last.taxIds ??= readTaxIds(payment));
}

function readTaxIds(payment: Payment): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  if (payment.payerTaxId !== undefined) {
    pushUnique(ids, seen, normaliseTaxId(payment.payerTaxId), MAX_TAX_IDS);
    for (const id of taxIdsInText(payment.payerTaxId)) pushUnique(ids, seen, id, MAX_TAX_IDS);
  }
  for (const id of taxIdsInText(payment.reference ?? '')) pushUnique(ids, seen, id, MAX_TAX_IDS);
  return ids;
}

export function candidateQuery(payment: Payment): CandidateQuery {
  const fiscalUuids: string[] = [];
  const seen = new Set<string>();
  for (const doc of payment.cfdiDocuments ?? []) pushUnique(fiscalUuids, seen, doc.uuid.trim().toUpperCase(), MAX_UUIDS);
  const accountId = payment.links?.accountId;
  return {
    invoiceRefs: paymentReferenceKeys(payment),
    taxIds: [...paymentTaxIds(payment)],
    fiscalUuids,
    accountIds: accountId !== undefined && accountId !== '' ? [accountId] : [],
    ...(payment.kind === 'payment' && payment.amount > 0 ? { exactAmount: { currency: payment.currency, amount: payment.amount } } : {}),
  };
}
