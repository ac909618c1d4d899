import { z } from 'zod';

/** Queue message bodies, validated at every consumer (a queue is a trust boundary between deploys). */

const invoiceKey = {
  accountId: z.string().min(1),
  invoiceNumber: z.string().min(1),
};

export const planRequestSchema = z.object({
  ...invoiceKey,
  contentHash: z.string().min(1),
  change: z.enum(['created', 'updated']).optional(),
  source: z.object({ file: z.string(), line: z.number().int() }).optional(),
});

export const dispatchMessageSchema = z.object({
  ...invoiceKey,
  reminderId: z.string().min(1),
  stepId: z.string().min(1),
  channel: z.enum(['email', 'sms', 'whatsapp', 'preferred']),
  template: z.string().min(1),
  tone: z.enum(['friendly', 'firm', 'formal']),
  scheduledFor: z.iso.datetime(),
  deferrals: z.int().min(0).optional(),
  failedChannels: z.array(z.enum(['email', 'sms', 'whatsapp'])).optional(),
});

export const emailMessageSchema = z.object({
  ...invoiceKey,
  reminderId: z.string().min(1),
  to: z.email(),
  subject: z.string().min(1),
  text: z.string().min(1),
  html: z.string().min(1),
  locale: z.string().min(2),
  kind: z.enum(['reminder', 'receipt']).optional(),
});

/** S3 → EventBridge "Object Created" (only the fields we use). */
export const objectCreatedSchema = z.object({
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), size: z.number().optional() }),
  }),
});

/**
 * S3 event keys arrive URL-encoded (a space as `+`); the object must be read under its real key.
 */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, '%20'));
}
