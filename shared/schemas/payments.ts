import { z } from 'zod';
import type { Payment } from '../domain/payments/types.js';

/** Payment queue bodies, validated by the consumer (the queue is a trust boundary between deploys). */

const text = z.string().max(2000);

export const paymentSchema = z.object({
  paymentId: z.string().min(1).max(300),
  source: z.enum(['stripe', 'mercadopago', 'conekta', 'generic', 'camt053', 'camt054', 'mt940', 'csv', 'cfdi', 'manual']),
  kind: z.enum(['payment', 'refund', 'chargeback']),
  amount: z.int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  valueDate: z.iso.date(),
  payerName: text.optional(),
  payerTaxId: text.optional(),
  payerAccount: text.optional(),
  reference: text.optional(),
  links: z
    .object({
      invoiceNumbers: z.array(z.string()).optional(),
      accountId: z.string().optional(),
      paymentLinkToken: z.string().optional(),
    })
    .optional(),
  cfdiDocuments: z
    .array(
      z.object({
        uuid: z.string(),
        series: z.string().optional(),
        folio: z.string().optional(),
        currency: z.string(),
        amountPaid: z.int().nonnegative(),
        previousBalance: z.int().optional(),
        remainingBalance: z.int().optional(),
        installment: z.int().optional(),
      }),
    )
    .optional(),
  reversesPaymentId: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
}) satisfies z.ZodType<Payment>;

export const paymentMessageSchema = z.union([
  z.object({ payment: paymentSchema }),
  z.object({
    lookup: z.object({
      paymentId: z.string().min(1),
      source: paymentSchema.shape.source,
      resource: z.string().min(1),
      id: z.string().min(1),
    }),
  }),
  // Sent by a schedule: finish the payments whose delivery died half-way (finishStalledPayments).
  z.object({ sweep: z.literal(true) }),
]);

/** What the webhook function puts on the payments queue: a payment, or a notification to look up. */
export type PaymentMessage =
  | { readonly payment: Payment }
  | { readonly lookup: { readonly paymentId: string; readonly source: Payment['source']; readonly resource: string; readonly id: string } }
  | { readonly sweep: true };

// The schema's output must be a PaymentMessage (a compile-time check; zod's arrays are mutable).
const _schemaFits: (m: z.infer<typeof paymentMessageSchema>) => PaymentMessage = (m) => m;
void _schemaFits;
