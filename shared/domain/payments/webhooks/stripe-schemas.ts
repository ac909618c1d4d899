/** The parts of Stripe's objects we read, validated loosely (Stripe adds fields with every API version). */
import { z } from 'zod';
import { unixSeconds } from './normalise.js';

/** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal): amounts are whole units. */
const ZERO_DECIMAL = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);

/**
 * Decimals in a Stripe amount. Mostly ISO's; MGA is zero-decimal at Stripe but has 2 in ISO, and ISK
 * has none in ISO but Stripe keeps two (always `00`) for backwards compatibility.
 */
export function stripeExponent(currency: string, iso: number): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (currency === 'ISK') return 2;
  return iso;
}

const text = z.string().nullish();
const amount = z.number().int().nonnegative();
const metadata = z.record(z.string(), z.unknown()).nullish();
// Stripe ids are short; bounding them keeps every payment id within the queue's 300 characters.
const stripeId = z.string().min(1).max(200);
/** An id, or the object when the field was expanded. */
const ref = z.union([stripeId, z.looseObject({ id: stripeId })]).nullish();
const person = z.looseObject({ name: text, email: text }).nullish();

const refundSchema = z.looseObject({ id: stripeId, amount, status: text });

export const chargeSchema = z.looseObject({
  id: stripeId,
  amount,
  amount_captured: amount.optional(),
  amount_refunded: amount.optional(),
  currency: z.string(),
  captured: z.boolean().optional(),
  paid: z.boolean().optional(),
  status: text,
  payment_intent: ref,
  billing_details: person,
  receipt_email: text,
  description: text,
  metadata,
  refunds: z.looseObject({ data: z.array(refundSchema) }).nullish(),
});
export type Charge = z.output<typeof chargeSchema>;

export const paymentIntentSchema = z.looseObject({
  id: stripeId,
  amount,
  amount_received: amount.optional(),
  currency: z.string(),
  status: text,
  description: text,
  receipt_email: text,
  metadata,
  latest_charge: z.union([z.string(), chargeSchema]).nullish(),
  charges: z.looseObject({ data: z.array(chargeSchema) }).nullish(),
});

export const checkoutSessionSchema = z.looseObject({
  id: stripeId,
  amount_total: amount.nullish(),
  currency: text,
  payment_status: z.string(),
  payment_intent: ref,
  invoice: ref,
  client_reference_id: text,
  customer_details: person,
  customer_email: text,
  metadata,
});

export const invoiceSchema = z.looseObject({
  id: stripeId,
  amount_paid: amount,
  currency: z.string(),
  number: text,
  description: text,
  customer_name: text,
  customer_email: text,
  metadata,
  // Before API version 2025-03-31 the invoice names its payment intent (and charge) directly…
  payment_intent: ref,
  charge: ref,
  // …since then, through its payments list.
  payments: z
    .looseObject({ data: z.array(z.looseObject({ payment: z.looseObject({ payment_intent: ref }).nullish() })) })
    .nullish(),
});

export const disputeSchema = z.looseObject({ id: stripeId, amount, currency: z.string(), charge: ref, payment_intent: ref, reason: text });

export const stripeEventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created: unixSeconds,
  livemode: z.boolean().optional(),
  data: z.looseObject({
    object: z.looseObject({}),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type StripeEvent = z.output<typeof stripeEventSchema>;
