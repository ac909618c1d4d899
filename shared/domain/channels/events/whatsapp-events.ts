/**
 * AWS End User Messaging Social (WhatsApp) events, as its event destination publishes them to SNS:
 * an AWS header whose `whatsAppWebhookEntry` is a JSON *string* holding one Meta webhook entry
 * (`{ id, changes: [{ field, value: { metadata, contacts, messages, statuses } }] }`).
 *
 * | Meta status | status    | permanent                                                     |
 * | ----------- | --------- | ------------------------------------------------------------- |
 * | sent        | sent      | no                                                            |
 * | delivered   | delivered | no                                                            |
 * | read        | opened    | no                                                            |
 * | failed      | failed    | when an error code is in META_PERMANENT_ERRORS (131026 …)     |
 * | deleted, warning | —    | not an outcome of our message: skipped                        |
 *
 * Ids: a status event's `providerMessageId` is the header's `messageId` (the id SendWhatsAppMessage
 * returned) when the entry carries exactly one status; otherwise Meta's `wamid.…`. Changes of other
 * webhook fields (template reviews, account updates share the WABA's destination) are skipped, and so
 * are emoji reactions. Inbound media become `[image]`, `[audio]`, … (with the caption when there is
 * one) so a person still sees that the debtor wrote.
 *
 * @see https://docs.aws.amazon.com/social-messaging/latest/userguide/managing-event-destination-dlrs.html
 */
import { z } from 'zod';
import { ChannelEventError } from './errors.js';
import { metaPermanentReason, META_PERMANENT_ERRORS } from './meta-errors.js';
import { isoFromSeconds, isoFromText, parseJson, shaped, short, toE164 } from './read.js';
import type { ChannelEvent, ChannelInboundEvent, ChannelStatusEvent } from './types.js';

const headerSchema = z.looseObject({
  whatsAppWebhookEntry: z.string(),
  message_timestamp: z.string().optional(),
  messageId: z.string().min(1).optional(),
});

const metaError = z.looseObject({ code: z.number(), title: z.string().optional(), message: z.string().optional() });
const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  recipient_id: z.string().optional(),
  errors: z.array(metaError).optional(),
});
const captioned = z.looseObject({ caption: z.string().optional() }).optional();
const messageSchema = z.looseObject({
  from: z.string(),
  id: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ title: z.string() }).optional(),
      list_reply: z.looseObject({ title: z.string() }).optional(),
    })
    .optional(),
  image: captioned,
  video: captioned,
  document: captioned,
});
const entrySchema = z.looseObject({
  changes: z.array(
    z.looseObject({
      field: z.string(),
      value: z.looseObject({
        metadata: z.looseObject({ display_phone_number: z.string().optional() }).optional(),
        statuses: z.array(statusSchema).optional(),
        messages: z.array(messageSchema).optional(),
      }),
    }),
  ),
});
type MetaStatus = z.output<typeof statusSchema>;
type MetaMessage = z.output<typeof messageSchema>;

const SKIPPED_STATUSES = new Set(['deleted', 'warning']);

/** True when `value` is an End User Messaging Social event header. */
export function isWhatsAppRecord(value: Record<string, unknown>): boolean {
  return 'whatsAppWebhookEntry' in value;
}

/**
 * The events of one End User Messaging Social notification. `fallbackAt` is the envelope's time.
 *
 * @example
 * parseWhatsAppRecord({ whatsAppWebhookEntry: '{"id":"…","changes":[…]}', messageId: '6d69…', … }, at)
 * // [{ kind: 'status', channel: 'whatsapp', providerMessageId: '6d69…', status: 'failed', permanent: true, detail: '131026 …' }]
 */
export function parseWhatsAppRecord(value: unknown, fallbackAt: string): ChannelEvent[] {
  const header = shaped(headerSchema, value, 'WhatsApp event');
  const entry = shaped(entrySchema, parseJson(header.whatsAppWebhookEntry, 'whatsAppWebhookEntry'), 'whatsAppWebhookEntry');
  const at = isoFromText(header.message_timestamp) ?? fallbackAt;
  const changes = entry.changes.filter((change) => change.field === 'messages');
  const statuses = changes.flatMap((change) => change.value.statuses ?? []);
  const awsMessageId = statuses.length === 1 ? header.messageId : undefined;

  const events: ChannelEvent[] = [];
  for (const change of changes) {
    const to = toE164(change.value.metadata?.display_phone_number);
    for (const status of change.value.statuses ?? []) {
      const event = statusEvent(status, awsMessageId ?? status.id, at);
      if (event) events.push(event);
    }
    for (const message of change.value.messages ?? []) {
      const event = inboundEvent(message, to, at);
      if (event) events.push(event);
    }
  }
  return events;
}

function statusEvent(status: MetaStatus, providerMessageId: string, fallbackAt: string): ChannelStatusEvent | undefined {
  const at = isoFromSeconds(status.timestamp) ?? fallbackAt;
  const address = toE164(status.recipient_id);
  const base = { kind: 'status', channel: 'whatsapp', providerMessageId, at, ...(address ? { address } : {}) } as const;
  switch (status.status) {
    case 'sent':
      return { ...base, status: 'sent', permanent: false, detail: 'sent' };
    case 'delivered':
      return { ...base, status: 'delivered', permanent: false, detail: 'delivered' };
    case 'read':
      return { ...base, status: 'opened', permanent: false, detail: 'read' };
    case 'failed': {
      const errors = status.errors ?? [];
      const permanentError = errors.find((error) => metaPermanentReason(error.code) !== undefined);
      const shown = permanentError ?? errors[0];
      const words = shown ? (shown.title ?? shown.message ?? META_PERMANENT_ERRORS[shown.code]?.meaning ?? '') : 'no error code';
      return {
        ...base,
        status: 'failed',
        permanent: permanentError !== undefined,
        detail: short(shown ? `${shown.code} ${words}`.trim() : `failed: ${words}`),
      };
    }
    default:
      if (SKIPPED_STATUSES.has(status.status)) return undefined;
      throw new ChannelEventError(`unknown WhatsApp status '${short(status.status, 40)}'`);
  }
}

function inboundEvent(message: MetaMessage, to: string | undefined, fallbackAt: string): ChannelInboundEvent | undefined {
  if (message.type === 'reaction') return undefined;
  const from = toE164(message.from);
  if (!from) throw new ChannelEventError('WhatsApp message `from` is not a phone number');
  return {
    kind: 'inbound',
    channel: 'whatsapp',
    from,
    ...(to ? { to } : {}),
    text: messageText(message),
    at: isoFromSeconds(message.timestamp) ?? fallbackAt,
    providerMessageId: message.id,
  };
}

/** What the debtor said: text, the quick-reply button or list item chosen, else a media marker. */
function messageText(message: MetaMessage): string {
  if (message.text) return message.text.body;
  const reply = message.button?.text ?? message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title;
  if (reply !== undefined) return reply;
  const caption = message.image?.caption ?? message.video?.caption ?? message.document?.caption;
  return caption ? `[${message.type}] ${caption}` : `[${message.type}]`;
}
