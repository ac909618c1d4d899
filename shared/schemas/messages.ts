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
  kind: z.literal('reminder').optional(),
  ...invoiceKey,
  reminderId: z.string().min(1),
  stepId: z.string().min(1),
  channel: z.enum(['email', 'sms', 'whatsapp', 'preferred']),
  template: z.string().min(1),
  tone: z.enum(['friendly', 'firm', 'formal']),
  scheduledFor: z.iso.datetime(),
  deferrals: z.int().min(0).optional(),
  failedChannels: z.array(z.enum(['email', 'sms', 'whatsapp'])).optional(),
  carried: z.array(z.object({ invoiceNumber: z.string().min(1), reminderId: z.string().min(1) })).optional(),
  held: z.int().min(0).optional(),
});

/** A payment plan's installment reminder (InstallmentReminderMessage): the dispatch queue's other kind. */
export const installmentReminderSchema = z.object({
  kind: z.literal('installment'),
  accountId: z.string().min(1),
  planId: z.string().min(1),
  index: z.int().min(0),
  dueDate: z.iso.date(),
  reminderId: z.string().min(1),
  scheduleName: z.string().regex(/^[0-9a-zA-Z\-_.]{1,60}$/),
  scheduledFor: z.iso.datetime(),
  deferrals: z.int().min(0).optional(),
  failedChannels: z.array(z.enum(['email', 'sms', 'whatsapp'])).optional(),
  held: z.int().min(0).optional(),
});

/** A pre-legal letter a sender held back (LetterDispatchMessage). */
export const letterDispatchSchema = z.object({
  kind: z.literal('letter'),
  accountId: z.string().min(1),
  reminderId: z.string().min(1),
  // Only the letters' own prefix: a queue message never makes the dispatcher read anything else.
  emailKey: z.string().regex(/^escalation\/letters\/[^\s]+\.email\.json$/),
  scheduledFor: z.iso.datetime(),
  deferrals: z.int().min(0).optional(),
  held: z.int().min(0).optional(),
});

/** What the dispatch queue carries: an invoice's reminder (no `kind`), an installment's, or a held letter. */
export const dispatchQueueMessageSchema = z.union([installmentReminderSchema, letterDispatchSchema, dispatchMessageSchema]);

const channel = z.enum(['email', 'sms', 'whatsapp']);
const messageReminder = z.object({ invoiceNumber: z.string().min(1), reminderId: z.string().min(1) });

/** What every channel message carries besides its content (ChannelEnvelope). */
const envelope = {
  ...invoiceKey,
  reminderId: z.string().min(1),
  locale: z.string().min(2),
  kind: z.enum(['reminder', 'receipt', 'reply', 'letter', 'installment']).optional(),
  reminders: z.array(messageReminder).min(1).optional(),
  fallback: z.array(channel).optional(),
  cost: z.object({ currency: z.string().regex(/^[A-Z]{3}$/), micros: z.int().min(0) }).optional(),
  template: z.string().min(1).optional(),
  tone: z.enum(['friendly', 'firm', 'formal']).optional(),
  policyVersion: z.int().min(1).optional(),
  dispatch: dispatchQueueMessageSchema.optional(),
};

export const emailMessageSchema = z.object({
  ...envelope,
  to: z.email(),
  subject: z.string().min(1),
  text: z.string().min(1),
  html: z.string().min(1),
  unsubscribeUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The policy's `company.replyTo` ?? `company.email`: sent as the Reply-To header. */
  replyTo: z.email().optional(),
  attachments: z
    .array(
      z.object({
        // A plain file name: no path, no line breaks (it becomes a MIME header parameter).
        filename: z.string().regex(/^[^\\/\r\n"]{1,200}$/, { error: 'expected a plain file name' }),
        contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, { error: 'expected a MIME type, e.g. application/pdf' }),
        contentBase64: z.base64(),
      }),
    )
    .max(10)
    .optional(),
});

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'expected an E.164 number, e.g. +525512345678' });

export const smsMessageSchema = z.object({
  ...envelope,
  to: e164,
  body: z.string().min(1),
  segments: z.int().min(1),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
});

export const whatsappMessageSchema = z.object({
  ...envelope,
  to: e164,
  templateName: z.string().min(1),
  languageCode: z.string().min(2),
  parameters: z.array(z.string()),
  preview: z.string().min(1),
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
