/**
 * One SQS message body from the channel-events queue → the channel events it carries. The queue is
 * fed by:
 * - an EventBridge rule: SES v2 configuration-set events (`source: aws.ses`) and End User Messaging
 *   SMS events sent straight to EventBridge (`source: aws.sms-voice`); the record is `detail`;
 * - SNS subscriptions: End User Messaging SMS event destinations and two-way numbers, End User
 *   Messaging Social event destinations, SES SNS destinations; the record is the JSON in `Message`
 *   (or, with raw message delivery, the body itself).
 *
 * Pure: no I/O; the only clock is `receivedAt`, the time used when neither the record nor its envelope
 * says when it happened.
 *
 * Not accepted (ChannelEventError): SES identity feedback notifications (`notificationType`; events come
 * from the configuration set instead), End User Messaging Social events sent straight to EventBridge
 * (`aws.social-messaging`: they lack the recipient and Meta's error codes; use its SNS destination),
 * voice and MMS events.
 */
import { ChannelEventError } from './errors.js';
import { isObject, isoFromText, parseJson, short, type JsonObject } from './read.js';
import { parseSesRecord, SES_DETAIL_TYPES } from './ses-events.js';
import { isInboundSmsRecord, isSmsStatusRecord, parseInboundSmsRecord, parseSmsStatusRecord } from './sms-events.js';
import type { ChannelEvent } from './types.js';
import { isWhatsAppRecord, parseWhatsAppRecord } from './whatsapp-events.js';

/** SES publishes this text once to a new SNS destination; it is not an event. */
const SES_SNS_VALIDATION = 'Successfully validated SNS topic for Amazon SES event publishing.';

/**
 * Parses an SQS message body into channel events. An empty list means "understood, nothing to record"
 * (a WhatsApp template review, an SES subscription event). Anything else throws ChannelEventError.
 *
 * @example
 * const events = parseChannelEventBody(record.body, new Date(Number(record.attributes.SentTimestamp)));
 * for (const event of events) if (event.kind === 'status' && event.permanent) await markInvalid(event);
 */
export function parseChannelEventBody(body: string, receivedAt: Date): ChannelEvent[] {
  const fallbackAt = Number.isNaN(receivedAt.getTime()) ? undefined : receivedAt.toISOString();
  if (fallbackAt === undefined) throw new ChannelEventError('receivedAt is not a valid date');
  return parseValue(parseJson(body, 'the SQS message body'), fallbackAt, true);
}

function parseValue(value: unknown, fallbackAt: string, envelopeAllowed: boolean): ChannelEvent[] {
  if (!isObject(value)) throw new ChannelEventError(`expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  if (envelopeAllowed && isSnsNotification(value)) return parseSns(value, fallbackAt);
  if (envelopeAllowed && isEventBridgeEvent(value)) return parseEventBridge(value, fallbackAt);
  if (isWhatsAppRecord(value)) return parseWhatsAppRecord(value, fallbackAt);
  if (isSmsStatusRecord(value)) return [parseSmsStatusRecord(value, fallbackAt)];
  if (isInboundSmsRecord(value)) return [parseInboundSmsRecord(value, fallbackAt)];
  if ('mail' in value && 'eventType' in value) return parseSesRecord(value, fallbackAt);
  throw new ChannelEventError(`unknown record with fields ${describeKeys(value)}`);
}

function isSnsNotification(value: JsonObject): boolean {
  return typeof value.Type === 'string' && 'Message' in value && ('TopicArn' in value || 'MessageId' in value);
}

function isEventBridgeEvent(value: JsonObject): boolean {
  return typeof value.source === 'string' && 'detail-type' in value && 'detail' in value;
}

function parseSns(envelope: JsonObject, fallbackAt: string): ChannelEvent[] {
  if (envelope.Type !== 'Notification') {
    // A SubscriptionConfirmation lands here when a subscription was never confirmed: a person must
    // confirm it (its SubscribeURL), so it is dead-lettered where they will see it.
    throw new ChannelEventError(`SNS message of type '${short(String(envelope.Type), 40)}', not a Notification`);
  }
  if (typeof envelope.Message !== 'string') throw new ChannelEventError('SNS Notification without a Message string');
  if (envelope.Message.trim() === SES_SNS_VALIDATION) return [];
  const at = isoFromText(envelope.Timestamp) ?? fallbackAt;
  return parseValue(parseJson(envelope.Message, 'the SNS Message'), at, false);
}

function parseEventBridge(event: JsonObject, fallbackAt: string): ChannelEvent[] {
  const at = isoFromText(event.time) ?? fallbackAt;
  const detailType = typeof event['detail-type'] === 'string' ? event['detail-type'] : '';
  switch (event.source) {
    case 'aws.ses': {
      const detail = event.detail;
      // The detail is the SES record; if a detail ever lacks eventType, the detail-type names it.
      const eventType = SES_DETAIL_TYPES[detailType];
      const record = isObject(detail) && !('eventType' in detail) && eventType ? { ...detail, eventType } : detail;
      return parseSesRecord(record, at);
    }
    case 'aws.sms-voice':
      if (detailType !== 'Text Message Delivery Status Updated') {
        throw new ChannelEventError(`EventBridge aws.sms-voice event '${short(detailType, 60)}' is not an SMS delivery status`);
      }
      return [parseSmsStatusRecord(event.detail, at)];
    default:
      throw new ChannelEventError(`EventBridge event from source '${short(String(event.source), 60)}' is not a channel event`);
  }
}

/** Field names only (never values: they may hold addresses or message text). */
function describeKeys(value: JsonObject): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return '(none)';
  const shown = keys.slice(0, 8).map((key) => short(key, 30));
  return `${shown.join(', ')}${keys.length > shown.length ? `, … (${keys.length})` : ''}`;
}
