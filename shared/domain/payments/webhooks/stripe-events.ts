/**
 * Stripe events as payments. One rule above all: the same money gets the same id whichever event
 * reports it — `stripe:<payment intent id>` for payment_intent.succeeded, charge.succeeded,
 * checkout.session.completed and invoice.paid alike (`stripe:<charge id>` only for a charge made
 * without a payment intent, through the legacy Charges API).
 *
 * `valueDate` is the UTC date of the event's `created`: every Stripe timestamp is UTC, and the event
 * time is the one field all these objects share.
 */
import type { z } from 'zod';
import type { Payment } from '../types.js';
import {
  accept,
  definedOnly,
  fromProviderMinor,
  linksFromMetadata,
  metadataOf,
  reject,
  shapeProblem,
  utcDate,
} from './normalise.js';
import {
  chargeSchema,
  checkoutSessionSchema,
  disputeSchema,
  invoiceSchema,
  paymentIntentSchema,
  stripeExponent,
  type Charge,
  type StripeEvent,
} from './stripe-schemas.js';
import type { WebhookRejected, WebhookResult } from './types.js';

export function normaliseStripeEvent(event: StripeEvent): WebhookResult {
  switch (event.type) {
    case 'payment_intent.succeeded':
      return withObject(event, paymentIntentSchema, (intent) => {
        // Stripe lists newest first; the succeeded charge is the one that carried the money.
        const listed = intent.charges?.data ?? [];
        const charge = typeof intent.latest_charge === 'object' && intent.latest_charge !== null
          ? intent.latest_charge
          : (listed.find((item) => item.status === 'succeeded') ?? listed[0]);
        return payment(event, {
          id: intent.id,
          amount: intent.amount_received ?? intent.amount,
          currency: intent.currency,
          payerName: charge?.billing_details?.name,
          payerEmail: charge?.billing_details?.email ?? intent.receipt_email,
          reference: intent.description,
          links: linksFromMetadata(intent.metadata),
          extra: { paymentIntent: intent.id, charge: charge?.id ?? idOf(intent.latest_charge), status: intent.status },
        });
      });
    case 'charge.succeeded':
    case 'charge.captured':
      return withObject(event, chargeSchema, (charge) => {
        if (charge.captured === false) return ignore(event, `charge ${charge.id} is authorised but not captured yet`);
        return payment(event, {
          id: idOf(charge.payment_intent) ?? charge.id,
          amount: charge.amount_captured ?? charge.amount,
          currency: charge.currency,
          payerName: charge.billing_details?.name,
          payerEmail: charge.billing_details?.email ?? charge.receipt_email,
          reference: charge.description,
          links: linksFromMetadata(charge.metadata),
          extra: { paymentIntent: idOf(charge.payment_intent), charge: charge.id, status: charge.status },
        });
      });
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return withObject(event, checkoutSessionSchema, (session) => {
        if (session.payment_status !== 'paid') {
          return ignore(event, `checkout session ${session.id} is not paid (payment_status "${session.payment_status}")`);
        }
        const intent = idOf(session.payment_intent);
        if (intent === undefined) {
          const invoice = idOf(session.invoice);
          return ignore(
            event,
            invoice === undefined
              ? `checkout session ${session.id} has no payment intent`
              : `checkout session ${session.id} is paid through invoice ${invoice}; its invoice.paid event carries the payment`,
          );
        }
        if (session.amount_total == null || session.currency == null) {
          return reject(422, `checkout session ${session.id}: data.object.amount_total and data.object.currency are required`);
        }
        return payment(event, {
          id: intent,
          amount: session.amount_total,
          currency: session.currency,
          payerName: session.customer_details?.name,
          payerEmail: session.customer_details?.email ?? session.customer_email,
          // client_reference_id is how a checkout session is tied back to us: our payment link's token.
          links: linksFromMetadata(session.metadata, session.client_reference_id),
          extra: { paymentIntent: intent, checkoutSession: session.id },
        });
      });
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
      return withObject(event, invoiceSchema, (invoice) => {
        if (invoice.amount_paid === 0) return ignore(event, `invoice ${invoice.id} was settled without money moving (amount_paid 0)`);
        const intent = idOf(invoice.payment_intent) ?? invoice.payments?.data.map((item) => idOf(item.payment?.payment_intent)).find(Boolean);
        const id = intent ?? idOf(invoice.charge);
        if (id === undefined) return ignore(event, `invoice ${invoice.id} has no payment intent or charge (paid out of band?)`);
        return payment(event, {
          id,
          amount: invoice.amount_paid,
          currency: invoice.currency,
          payerName: invoice.customer_name,
          payerEmail: invoice.customer_email,
          reference: [invoice.number, invoice.description].filter(Boolean).join(' ') || undefined,
          links: linksFromMetadata(invoice.metadata),
          extra: { paymentIntent: intent, stripeInvoice: invoice.id, stripeInvoiceNumber: invoice.number },
        });
      });
    case 'charge.refunded':
      return withObject(event, chargeSchema, (charge) => refunds(event, charge));
    case 'charge.dispute.funds_withdrawn':
      return withObject(event, disputeSchema, (dispute) => {
        const chargeback = reversal(event, {
          paymentId: `stripe:${dispute.id}`,
          kind: 'chargeback',
          amount: dispute.amount,
          currency: dispute.currency,
          reverses: `stripe:${idOf(dispute.payment_intent) ?? idOf(dispute.charge) ?? dispute.id}`,
          extra: { dispute: dispute.id, reason: dispute.reason },
        });
        return isRejected(chargeback) ? chargeback : [chargeback];
      });
    default:
      return accept(event.id, event.type, []);
  }
}

type Built = Payment[] | WebhookResult;

/** Validates `data.object` for the event type; a wrong shape is a 422 naming the path in the body. */
function withObject<S extends z.ZodType>(event: StripeEvent, schema: S, build: (object: z.output<S>) => Built): WebhookResult {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) return shapeProblem(parsed.error, `Stripe ${event.type}`, ['data', 'object']);
  const built = build(parsed.data);
  return Array.isArray(built) ? accept(event.id, event.type, built) : built;
}

function ignore(event: StripeEvent, why: string): WebhookResult {
  return accept(event.id, event.type, [], [], why);
}

function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : value.id;
}

interface Incoming {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly payerName?: string | null;
  readonly payerEmail?: string | null;
  readonly reference?: string | null;
  readonly links?: Payment['links'];
  readonly extra: Readonly<Record<string, string | null | undefined>>;
}

function payment(event: StripeEvent, incoming: Incoming): Built {
  if (incoming.amount === 0) return ignore(event, `stripe:${incoming.id} moved no money (amount 0)`);
  const money = fromProviderMinor(incoming.amount, incoming.currency, stripeExponent);
  if (!money.ok) return reject(422, `Stripe ${event.type} stripe:${incoming.id}: ${money.reason}`);
  return [
    definedOnly<Payment>({
      paymentId: `stripe:${incoming.id}`,
      source: 'stripe',
      kind: 'payment',
      amount: money.minor,
      currency: money.currency,
      valueDate: utcDate(event.created),
      payerName: incoming.payerName ?? undefined,
      reference: incoming.reference ?? undefined,
      links: incoming.links,
      metadata: metadataOf({ event: event.id, eventType: event.type, livemode: event.livemode, payerEmail: incoming.payerEmail, ...incoming.extra }),
    }),
  ];
}

interface Reversal {
  readonly paymentId: string;
  readonly kind: 'refund' | 'chargeback';
  readonly amount: number;
  readonly currency: string;
  readonly reverses: string;
  readonly extra: Readonly<Record<string, string | null | undefined>>;
}

/** One refund or chargeback, or the 422 explaining why its amount cannot be read. */
function reversal(event: StripeEvent, incoming: Reversal): Payment | WebhookRejected {
  const money = fromProviderMinor(incoming.amount, incoming.currency, stripeExponent);
  if (!money.ok) return reject(422, `Stripe ${event.type} ${incoming.paymentId}: ${money.reason}`);
  return definedOnly<Payment>({
    paymentId: incoming.paymentId,
    source: 'stripe',
    kind: incoming.kind,
    amount: money.minor,
    currency: money.currency,
    valueDate: utcDate(event.created),
    reversesPaymentId: incoming.reverses,
    metadata: metadataOf({ event: event.id, eventType: event.type, livemode: event.livemode, ...incoming.extra }),
  });
}

function isRejected(value: Payment | WebhookRejected): value is WebhookRejected {
  return 'ok' in value;
}

/**
 * charge.refunded → one refund per money movement, each with its own id so a refund seen again (in a
 * later event for the same charge) is applied once:
 * - the refunds Stripe lists on the charge (API versions before 2022-11-15, or when expanded), each
 *   `stripe:<refund id>` for its own amount; pending and failed ones are left out;
 * - otherwise the LATEST refund, as the increase of `amount_refunded` over `previous_attributes`
 *   (a partial refund's own amount, not the cumulative total), `stripe:<charge>:refunded-to:<total>`;
 * - otherwise, with nothing better, the cumulative `amount_refunded` under that same id — right for a
 *   first or full refund, an over-count if earlier partial refunds were applied from events we lost.
 */
function refunds(event: StripeEvent, charge: Charge): Built {
  const reverses = `stripe:${idOf(charge.payment_intent) ?? charge.id}`;
  const extra = { charge: charge.id, paymentIntent: idOf(charge.payment_intent) };
  const listed = charge.refunds?.data ?? [];
  const built: Payment[] = [];
  if (listed.length > 0) {
    for (const refund of listed.filter((item) => (item.status ?? 'succeeded') === 'succeeded' && item.amount > 0)) {
      const one = reversal(event, {
        paymentId: `stripe:${refund.id}`,
        kind: 'refund',
        amount: refund.amount,
        currency: charge.currency,
        reverses,
        extra: { ...extra, refund: refund.id },
      });
      if (isRejected(one)) return one;
      built.push(one);
    }
    return built.length > 0 ? built : ignore(event, `charge ${charge.id} has no succeeded refund yet`);
  }
  const total = charge.amount_refunded ?? 0;
  const before = event.data.previous_attributes?.['amount_refunded'];
  const latest = typeof before === 'number' && Number.isSafeInteger(before) ? total - before : total;
  if (latest <= 0) return ignore(event, `charge ${charge.id} shows no new refunded amount`);
  const refund = reversal(event, {
    paymentId: `stripe:${charge.id}:refunded-to:${total}`,
    kind: 'refund',
    amount: latest,
    currency: charge.currency,
    reverses,
    extra,
  });
  return isRejected(refund) ? refund : [refund];
}
