/**
 * AWS End User Messaging SMS: delivery events of a configuration set's event destination (SNS, or
 * EventBridge `source: aws.sms-voice` whose detail is the same record) and inbound two-way messages.
 *
 * | eventType                        | status    | permanent | why (AWS's description)                              |
 * | -------------------------------- | --------- | --------- | ---------------------------------------------------- |
 * | TEXT_QUEUED, TEXT_PENDING        | sent      | no        | accepted, on its way                                 |
 * | TEXT_SUCCESSFUL, TEXT_DELIVERED  | delivered | no        | interchangeable by country: SUCCESSFUL is often final |
 * | TEXT_INVALID                     | failed    | **yes**   | the destination number is not valid                  |
 * | TEXT_BLOCKED                     | failed    | **yes**   | the handset or carrier blocks messages to this number |
 * | TEXT_OPTED_OUT                   | failed    | **yes**   | the number opted out (not in today's list; kept for older destinations) |
 * | TEXT_UNREACHABLE                 | failed    | no        | the handset is off or out of coverage: may come back  |
 * | TEXT_CARRIER_UNREACHABLE         | failed    | no        | a temporary carrier network error                    |
 * | TEXT_TTL_EXPIRED, TEXT_UNKNOWN   | failed    | no        | not delivered in time / unknown, maybe temporary     |
 * | TEXT_INVALID_MESSAGE             | failed    | no        | our message body                                      |
 * | TEXT_CARRIER_BLOCKED, TEXT_SPAM  | rejected  | no        | the carrier's filter refused the content             |
 * | TEXT_PROTECT_BLOCKED             | rejected  | no        | our own protect configuration                        |
 *
 * @see https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-types.html
 * @see https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-format.html
 * @see https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
 */
import { z } from 'zod';
import { ChannelEventError } from './errors.js';
import { isoFromMillis, shaped, short, toE164 } from './read.js';
import type { ChannelInboundEvent, ChannelStatusEvent } from './types.js';

type Outcome = Pick<ChannelStatusEvent, 'status' | 'permanent'>;

export const SMS_EVENT_TYPES: Readonly<Record<string, Outcome>> = {
  TEXT_QUEUED: { status: 'sent', permanent: false },
  TEXT_PENDING: { status: 'sent', permanent: false },
  TEXT_SUCCESSFUL: { status: 'delivered', permanent: false },
  TEXT_DELIVERED: { status: 'delivered', permanent: false },
  TEXT_INVALID: { status: 'failed', permanent: true },
  TEXT_BLOCKED: { status: 'failed', permanent: true },
  TEXT_OPTED_OUT: { status: 'failed', permanent: true },
  TEXT_UNREACHABLE: { status: 'failed', permanent: false },
  TEXT_CARRIER_UNREACHABLE: { status: 'failed', permanent: false },
  TEXT_TTL_EXPIRED: { status: 'failed', permanent: false },
  TEXT_UNKNOWN: { status: 'failed', permanent: false },
  TEXT_INVALID_MESSAGE: { status: 'failed', permanent: false },
  TEXT_CARRIER_BLOCKED: { status: 'rejected', permanent: false },
  TEXT_SPAM: { status: 'rejected', permanent: false },
  TEXT_PROTECT_BLOCKED: { status: 'rejected', permanent: false },
};

const statusSchema = z.looseObject({
  eventType: z.string(),
  messageId: z.string().min(1),
  eventTimestamp: z.number().optional(),
  destinationPhoneNumber: z.string().optional(),
  messageStatus: z.string().optional(),
  messageStatusDescription: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

const inboundSchema = z.looseObject({
  originationNumber: z.string(),
  destinationNumber: z.string().optional(),
  messageBody: z.string(),
  inboundMessageId: z.string().min(1),
});

/** True when `value` looks like an SMS delivery record (its eventType names a text message). */
export function isSmsStatusRecord(value: Record<string, unknown>): boolean {
  return typeof value.eventType === 'string' && value.eventType.startsWith('TEXT_') && 'messageId' in value;
}

/** True when `value` looks like an inbound two-way SMS. */
export function isInboundSmsRecord(value: Record<string, unknown>): boolean {
  return 'inboundMessageId' in value && 'originationNumber' in value;
}

/**
 * One SMS delivery event.
 *
 * @example
 * parseSmsStatusRecord({ eventType: 'TEXT_INVALID', messageId: 'abc', destinationPhoneNumber: '+52…', … }, fallbackAt)
 * // { kind: 'status', channel: 'sms', status: 'failed', permanent: true, detail: 'TEXT_INVALID: …', … }
 */
export function parseSmsStatusRecord(value: unknown, fallbackAt: string): ChannelStatusEvent {
  const record = shaped(statusSchema, value, 'SMS event');
  const outcome = SMS_EVENT_TYPES[record.eventType];
  if (!outcome) throw new ChannelEventError(`unknown SMS eventType '${short(record.eventType, 40)}'`);
  const address = toE164(record.destinationPhoneNumber);
  const tags = contextTags(record.context);
  const description = record.messageStatusDescription ?? record.messageStatus;
  return {
    kind: 'status',
    channel: 'sms',
    providerMessageId: record.messageId,
    status: outcome.status,
    permanent: outcome.permanent,
    at: isoFromMillis(record.eventTimestamp) ?? fallbackAt,
    detail: short(description ? `${record.eventType}: ${description}` : record.eventType),
    ...(address ? { address } : {}),
    ...(tags ? { tags } : {}),
  };
}

/**
 * One inbound SMS. The payload has no time of its own: `at` is the SNS notification's (or receipt's).
 *
 * @example
 * parseInboundSmsRecord({ originationNumber: '+5215512345678', messageBody: 'BAJA', inboundMessageId: 'cae1…', … }, at)
 * // { kind: 'inbound', channel: 'sms', from: '+525512345678', text: 'BAJA', … }
 */
export function parseInboundSmsRecord(value: unknown, at: string): ChannelInboundEvent {
  const record = shaped(inboundSchema, value, 'inbound SMS');
  const from = toE164(record.originationNumber);
  if (!from) throw new ChannelEventError('inbound SMS originationNumber is not a phone number');
  const to = toE164(record.destinationNumber);
  return {
    kind: 'inbound',
    channel: 'sms',
    from,
    ...(to ? { to } : {}),
    text: record.messageBody,
    at,
    providerMessageId: record.inboundMessageId,
  };
}

/** The context we sent (string values only: a sender never puts anything else there). */
function contextTags(context: Readonly<Record<string, unknown>> | undefined): Record<string, string> | undefined {
  if (!context) return undefined;
  const entries = Object.entries(context).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
