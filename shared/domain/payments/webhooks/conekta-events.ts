/**
 * Conekta events as payments. Ids: `conekta:<order id>` for the order's payment (whether the event
 * carries the order or one of its charges), `conekta:<order id>:refund:<refund id>` per refund,
 * `conekta:<order id>:chargeback`. Amounts are integer cents; `valueDate` is the UTC date of the
 * charge's `paid_at`, else of the event.
 */
import { z } from 'zod';
import type { Payment } from '../types.js';
import { accept, definedOnly, fromProviderMinor, linksFromMetadata, metadataOf, reject, shapeProblem, unixSeconds, utcDate } from './normalise.js';
import type { WebhookResult } from './types.js';

const text = z.string().nullish();
// Bounded so every payment id stays within the queue's 300 characters.
const conektaId = z.string().min(1).max(100);
const seconds = unixSeconds.nullish();
const metadata = z.record(z.string(), z.unknown()).nullish();

// Conekta lists a refund's amount as a negative number of cents; the sign only says "out".
const refundSchema = z.looseObject({ id: conektaId, amount: z.number().int(), created_at: seconds });

const chargeSchema = z.looseObject({
  id: conektaId,
  amount: z.number().int().nonnegative(),
  currency: z.string(),
  status: text,
  paid_at: seconds,
  order_id: conektaId.nullish(),
  description: text,
  payment_method: z.looseObject({ type: text, object: text }).nullish(),
  refunds: z.looseObject({ data: z.array(refundSchema) }).nullish(),
});
type Charge = z.output<typeof chargeSchema>;

const orderSchema = z.looseObject({
  id: conektaId,
  amount: z.number().int().nonnegative(),
  currency: z.string(),
  amount_refunded: z.number().int().nonnegative().nullish(),
  payment_status: text,
  customer_info: z.looseObject({ name: text, email: text }).nullish(),
  metadata,
  charges: z.looseObject({ data: z.array(chargeSchema) }).nullish(),
});
type Order = z.output<typeof orderSchema>;

export const conektaEventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created_at: seconds,
  livemode: z.boolean().nullish(),
  data: z.looseObject({
    object: z.looseObject({ object: text }),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});
type ConektaEvent = z.output<typeof conektaEventSchema>;

/** What a charge or an order event says about the order, in one shape. */
interface Seen {
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly charges: readonly Charge[];
  readonly order?: Order;
  readonly amountRefunded?: number | null;
}

const PAYMENT_EVENTS = new Set(['order.paid', 'charge.paid']);
const REFUND_EVENTS = new Set(['order.refunded', 'order.partially_refunded', 'charge.refunded', 'charge.partially_refunded']);
const CHARGEBACK_EVENTS = new Set(['order.charged_back', 'charge.chargeback.lost']);

export function normaliseConektaEvent(event: ConektaEvent, now: Date): WebhookResult {
  const known = PAYMENT_EVENTS.has(event.type) || REFUND_EVENTS.has(event.type) || CHARGEBACK_EVENTS.has(event.type);
  if (!known) return accept(event.id, event.type, []);
  const seen = readObject(event);
  if ('ok' in seen) return seen;
  const built = PAYMENT_EVENTS.has(event.type) ? paid(event, seen, now) : REFUND_EVENTS.has(event.type) ? refunds(event, seen, now) : chargeback(event, seen, now);
  if (typeof built === 'string') return accept(event.id, event.type, [], [], built);
  if ('ok' in built) return built;
  return accept(event.id, event.type, built);
}

/** `data.object` is the order (order.* events) or one of its charges (charge.* events, some order.paid). */
function readObject(event: ConektaEvent): Seen | WebhookResult {
  if (event.data.object.object === 'charge') {
    const parsed = chargeSchema.safeParse(event.data.object);
    if (!parsed.success) return shapeProblem(parsed.error, `Conekta ${event.type}`, ['data', 'object']);
    const charge = parsed.data;
    if (!charge.order_id) return reject(422, `Conekta ${event.type}: data.object.order_id: required`);
    return { orderId: charge.order_id, amount: charge.amount, currency: charge.currency, charges: [charge] };
  }
  const parsed = orderSchema.safeParse(event.data.object);
  if (!parsed.success) return shapeProblem(parsed.error, `Conekta ${event.type}`, ['data', 'object']);
  const order = parsed.data;
  return {
    orderId: order.id,
    amount: order.amount,
    currency: order.currency,
    charges: order.charges?.data ?? [],
    order,
    amountRefunded: order.amount_refunded,
  };
}

function paid(event: ConektaEvent, seen: Seen, now: Date): Payment[] | WebhookResult | string {
  const status = seen.order?.payment_status;
  if (status && status !== 'paid' && status !== 'partially_refunded' && status !== 'refunded') {
    return `order ${seen.orderId} is ${status}, not paid`;
  }
  const charge = seen.charges.find((item) => item.status === 'paid') ?? seen.charges[0];
  const money = fromProviderMinor(seen.amount, seen.currency, () => 2);
  if (!money.ok) return reject(422, `Conekta ${event.type} ${seen.orderId}: ${money.reason}`);
  return [
    definedOnly<Payment>({
      paymentId: `conekta:${seen.orderId}`,
      source: 'conekta',
      kind: 'payment',
      amount: money.minor,
      currency: money.currency,
      valueDate: dateOf(charge?.paid_at, event, now),
      payerName: seen.order?.customer_info?.name?.trim() || undefined,
      reference: charge?.description ?? undefined,
      links: linksFromMetadata(seen.order?.metadata),
      metadata: metadataOf({
        event: event.id,
        eventType: event.type,
        livemode: event.livemode,
        order: seen.orderId,
        charge: charge?.id,
        paymentMethod: charge?.payment_method?.type,
        payerEmail: seen.order?.customer_info?.email,
      }),
    }),
  ];
}

/**
 * One refund per refund Conekta lists on the charges (each by its id, so seeing it again changes
 * nothing); without a list, the latest refund as the increase of `amount_refunded` over
 * `previous_attributes`, else the cumulative `amount_refunded` (same choice as for Stripe).
 */
function refunds(event: ConektaEvent, seen: Seen, now: Date): Payment[] | WebhookResult | string {
  const listed = seen.charges.flatMap((charge) => charge.refunds?.data ?? []).filter((refund) => refund.amount !== 0);
  const built: Payment[] = [];
  for (const refund of listed) {
    const one = reversal(event, seen, `conekta:${seen.orderId}:refund:${refund.id}`, 'refund', Math.abs(refund.amount), refund.created_at, now, { refund: refund.id });
    if ('ok' in one) return one;
    built.push(one);
  }
  if (built.length > 0) return built;
  const total = seen.amountRefunded ?? 0;
  const before = event.data.previous_attributes?.['amount_refunded'];
  const latest = typeof before === 'number' && Number.isSafeInteger(before) ? total - before : total;
  if (latest <= 0) return `order ${seen.orderId} shows no new refunded amount`;
  const one = reversal(event, seen, `conekta:${seen.orderId}:refunded-to:${total}`, 'refund', latest, undefined, now, {});
  return 'ok' in one ? one : [one];
}

function chargeback(event: ConektaEvent, seen: Seen, now: Date): Payment[] | WebhookResult {
  const one = reversal(event, seen, `conekta:${seen.orderId}:chargeback`, 'chargeback', seen.amount, undefined, now, {});
  return 'ok' in one ? one : [one];
}

function reversal(
  event: ConektaEvent,
  seen: Seen,
  paymentId: string,
  kind: 'refund' | 'chargeback',
  amount: number,
  at: number | null | undefined,
  now: Date,
  extra: Readonly<Record<string, string>>,
): Payment | WebhookResult {
  const money = fromProviderMinor(amount, seen.currency, () => 2);
  if (!money.ok) return reject(422, `Conekta ${event.type} ${paymentId}: ${money.reason}`);
  return definedOnly<Payment>({
    paymentId,
    source: 'conekta',
    kind,
    amount: money.minor,
    currency: money.currency,
    valueDate: dateOf(at, event, now),
    reversesPaymentId: `conekta:${seen.orderId}`,
    metadata: metadataOf({ event: event.id, eventType: event.type, livemode: event.livemode, order: seen.orderId, ...extra }),
  });
}

/** A Unix time's UTC date; an event without any time is dated the day it arrived. */
function dateOf(at: number | null | undefined, event: ConektaEvent, now: Date): string {
  return utcDate(at ?? event.created_at ?? now.getTime() / 1000);
}
