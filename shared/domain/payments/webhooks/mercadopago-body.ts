/**
 * What a verified Mercado Pago body says. Fetch-free: a body that carries the payment resource (as
 * `GET /v1/payments/{id}` returns it, on its own or inside the notification's `data`) becomes payments;
 * a bare notification (`{ action, type: 'payment', data: { id } }`) becomes a lookup for the caller.
 *
 * Ids: `mercadopago:<payment id>` for the payment, `mercadopago:<payment id>:refund:<refund id>` per
 * refund, `mercadopago:<payment id>:chargeback`. A refunded payment's body repeats the payment itself
 * too (same id, applied once), so a refund never arrives for a payment we never saw.
 */
import { z } from 'zod';
import type { Payment } from '../types.js';
import { accept, definedOnly, fromMajor, linksFromMetadata, metadataOf, reject, shapeProblem, utcDate, writtenDate } from './normalise.js';
import type { WebhookResult } from './types.js';

export interface MercadoPagoContext {
  /** The `data.id` the signature covers (query string, else body). */
  readonly signedId: string | undefined;
  readonly requestId: string | undefined;
  readonly now: Date;
}

const text = z.string().nullish();
const id = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(100)]).transform(String);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const notificationSchema = z.looseObject({
  id: id.nullish(),
  action: text,
  type: text,
  topic: text,
  data: z.looseObject({ id: id.nullish() }),
});

const refundSchema = z.looseObject({ id, amount: z.number().nonnegative(), status: text, date_created: text });

const paymentSchema = z.looseObject({
  id,
  status: z.string().min(1),
  status_detail: text,
  transaction_amount: z.number().nonnegative().nullish(),
  transaction_amount_refunded: z.number().nonnegative().nullish(),
  currency_id: text,
  date_created: text,
  date_approved: text,
  date_last_updated: text,
  external_reference: text,
  description: text,
  payment_method_id: text,
  payer: z
    .looseObject({
      email: text,
      first_name: text,
      last_name: text,
      identification: z.looseObject({ type: text, number: text }).nullish(),
    })
    .nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  refunds: z.array(refundSchema).nullish(),
});
type MercadoPagoPayment = z.output<typeof paymentSchema>;

/** Statuses of a payment whose money arrived (later refunds and chargebacks do not undo that it did). */
const PAID = new Set(['approved', 'refunded', 'charged_back', 'in_mediation']);

/** Notification topics that name something to look up; the lookup's `resource`. */
const LOOKUP_TOPICS: Readonly<Record<string, string>> = { payment: 'payment', order: 'order', chargebacks: 'chargeback' };

export function normaliseMercadoPagoBody(value: unknown, context: MercadoPagoContext): WebhookResult {
  if (!isObject(value)) return reject(422, 'body: expected a JSON object (a Mercado Pago notification or payment)');
  if (isObject(value['data'])) return notification(value, context);
  // Orders API order (`transactions`): its payments and currency are only in the API.
  if (isObject(value['transactions'])) return resource(value, context, 'order');
  // A merchant order groups payments that are each notified on their own.
  if ('order_status' in value || 'preference_id' in value) {
    return accept(String(value['id'] ?? context.requestId ?? 'merchant_order'), 'merchant_order', [], [], 'a merchant order is not a payment; each of its payments is notified on its own');
  }
  // A refund resource (`POST /v1/payments/{id}/refunds`) lacks the currency: look its payment up.
  if ('payment_id' in value && !('transaction_amount' in value)) return refundResource(value, context);
  return payment(value, context, [], undefined);
}

function notification(value: Record<string, unknown>, context: MercadoPagoContext): WebhookResult {
  const parsed = notificationSchema.safeParse(value);
  if (!parsed.success) return shapeProblem(parsed.error, 'not a Mercado Pago notification');
  const body = parsed.data;
  const eventType = firstText(body.action, body.type, body.topic) ?? 'notification';
  const eventId = body.id ?? context.requestId ?? `${eventType}:${body.data.id ?? ''}`;
  // Some senders (our simulator, a forwarder that already fetched) put the resource itself in `data`.
  if ('status' in body.data || 'transaction_amount' in body.data) return payment(body.data, context, ['data'], { eventId, eventType });
  const topic = firstText(body.type, body.topic, body.action?.split('.')[0]) ?? '';
  const resourceName = LOOKUP_TOPICS[topic];
  if (resourceName === undefined) return accept(eventId, eventType, [], [], `notification type "${topic.slice(0, 40)}" is not a payment`);
  const dataId = context.signedId ?? body.data.id;
  if (dataId == null) return reject(422, 'not a Mercado Pago notification: data.id: required');
  return accept(eventId, eventType, [], [{ resource: resourceName, id: dataId }]);
}

function resource(value: Record<string, unknown>, context: MercadoPagoContext, name: string): WebhookResult {
  const parsed = z.looseObject({ id, status: text }).safeParse(value);
  if (!parsed.success) return shapeProblem(parsed.error, `not a Mercado Pago ${name}`);
  const conflict = idConflict(parsed.data.id, context);
  if (conflict) return conflict;
  return accept(context.requestId ?? `${name}:${parsed.data.id}`, `${name}.${parsed.data.status ?? 'unknown'}`, [], [{ resource: name, id: parsed.data.id }]);
}

function refundResource(value: Record<string, unknown>, context: MercadoPagoContext): WebhookResult {
  const parsed = z.looseObject({ id, payment_id: id }).safeParse(value);
  if (!parsed.success) return shapeProblem(parsed.error, 'not a Mercado Pago refund');
  const { id: refundId, payment_id: paymentId } = parsed.data;
  if (context.signedId !== undefined && !sameId(context.signedId, paymentId) && !sameId(context.signedId, refundId)) {
    return reject(409, `refund ${refundId} of payment ${paymentId} is not the signed data.id "${context.signedId.slice(0, 64)}"`);
  }
  return accept(context.requestId ?? `refund:${refundId}`, 'refund', [], [{ resource: 'payment', id: paymentId }]);
}

/** The first value that is not blank: senders leave fields empty as often as they leave them out. */
function firstText(...values: (string | null | undefined)[]): string | undefined {
  return values.map((value) => value?.trim()).find((value): value is string => value !== undefined && value !== '');
}

/** Ids as Mercado Pago compares them for signing: alphanumeric ids are lower-cased. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function idConflict(resourceId: string, context: MercadoPagoContext): WebhookResult | undefined {
  if (context.signedId === undefined || sameId(context.signedId, resourceId)) return undefined;
  return reject(409, `body is resource ${resourceId.slice(0, 64)}, not the signed data.id "${context.signedId.slice(0, 64)}"`);
}

function payment(
  value: unknown,
  context: MercadoPagoContext,
  within: readonly string[],
  event: { eventId: string; eventType: string } | undefined,
): WebhookResult {
  const parsed = paymentSchema.safeParse(value);
  if (!parsed.success) return shapeProblem(parsed.error, 'not a Mercado Pago payment', within);
  const resource = parsed.data;
  const conflict = idConflict(resource.id, context);
  if (conflict) return conflict;
  const eventId = event?.eventId ?? context.requestId ?? `payment:${resource.id}:${resource.status}`;
  const eventType = event?.eventType ?? `payment.${resource.status}`;
  if (!PAID.has(resource.status)) {
    const detail = resource.status_detail ? ` (${resource.status_detail})` : '';
    return accept(eventId, eventType, [], [], `payment ${resource.id} is ${resource.status}${detail}, not approved`);
  }
  // A thin resource (a search result: id and status only) says paid but not how much: fetch it.
  if (resource.transaction_amount == null || !resource.currency_id) {
    return accept(eventId, eventType, [], [{ resource: 'payment', id: resource.id }]);
  }
  const built = paymentsOf(resource, resource.transaction_amount, resource.currency_id, context.now);
  if (typeof built === 'string') return reject(422, `Mercado Pago payment ${resource.id}: ${built}`);
  return accept(eventId, eventType, built);
}

/** The payment, each approved refund, and the chargeback, or why an amount cannot be read. */
function paymentsOf(resource: MercadoPagoPayment, amount: number, currency: string, now: Date): Payment[] | string {
  const paymentId = `mercadopago:${resource.id}`;
  const today = utcDate(now.getTime() / 1000);
  const money = fromMajor(amount, currency);
  if (!money.ok) return money.reason;
  const payer = resource.payer;
  const payerName = [payer?.first_name, payer?.last_name].filter((part) => part && part.trim() !== '').join(' ') || undefined;
  const reference = resource.external_reference?.trim() || undefined;
  const fromMetadata = linksFromMetadata(resource.metadata);
  // external_reference is what we set when creating the preference: the invoice number(s) it pays.
  const invoiceNumbers = reference?.split(',').map((part) => part.trim()).filter(Boolean);
  const links = fromMetadata?.invoiceNumbers || !invoiceNumbers?.length ? fromMetadata : { ...fromMetadata, invoiceNumbers };
  const common = { status: resource.status, statusDetail: resource.status_detail, paymentMethod: resource.payment_method_id };
  const payments: Payment[] = [
    definedOnly<Payment>({
      paymentId,
      source: 'mercadopago',
      kind: 'payment',
      amount: money.minor,
      currency: money.currency,
      valueDate: writtenDate(resource.date_approved ?? '') ?? writtenDate(resource.date_created ?? '') ?? today,
      payerName,
      payerTaxId: payer?.identification?.number?.trim() || undefined,
      reference: reference ?? resource.description ?? undefined,
      links,
      metadata: metadataOf({ ...common, payerEmail: payer?.email, payerTaxIdType: payer?.identification?.type }),
    }),
  ];
  const refunds = (resource.refunds ?? []).filter((refund) => (refund.status ?? 'approved') === 'approved' && refund.amount > 0);
  for (const refund of refunds) {
    const refunded = fromMajor(refund.amount, currency);
    if (!refunded.ok) return `refund ${refund.id}: ${refunded.reason}`;
    payments.push(reversal(`${paymentId}:refund:${refund.id}`, 'refund', refunded.minor, money.currency, writtenDate(refund.date_created ?? '') ?? today, paymentId, { ...common, refund: refund.id }));
  }
  if (resource.status === 'refunded' && refunds.length === 0) {
    // Refunded in full, but the list did not come with the body: the refunded total is one refund.
    const total = resource.transaction_amount_refunded || amount;
    const refunded = fromMajor(total, currency);
    if (!refunded.ok) return `refund: ${refunded.reason}`;
    payments.push(reversal(`${paymentId}:refund`, 'refund', refunded.minor, money.currency, writtenDate(resource.date_last_updated ?? '') ?? today, paymentId, common));
  }
  if (resource.status === 'charged_back') {
    payments.push(reversal(`${paymentId}:chargeback`, 'chargeback', money.minor, money.currency, writtenDate(resource.date_last_updated ?? '') ?? today, paymentId, common));
  }
  return payments;
}

function reversal(
  paymentId: string,
  kind: 'refund' | 'chargeback',
  amount: number,
  currency: string,
  valueDate: string,
  reverses: string,
  extra: Readonly<Record<string, string | null | undefined>>,
): Payment {
  return definedOnly<Payment>({
    paymentId,
    source: 'mercadopago',
    kind,
    amount,
    currency,
    valueDate,
    reversesPaymentId: reverses,
    metadata: metadataOf(extra),
  });
}
