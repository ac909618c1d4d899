/**
 * SES v2 event records (configuration-set event destinations): the `detail` of an EventBridge event
 * (`source: aws.ses`) or the message of an SNS notification; both carry the same record.
 *
 * | eventType          | status     | permanent | why                                                      |
 * | ------------------ | ---------- | --------- | -------------------------------------------------------- |
 * | Send               | sent       | no        | SES accepted it (also for suppressed addresses)          |
 * | Delivery           | delivered  | no        |                                                          |
 * | Open / Click       | opened / clicked | no  |                                                          |
 * | DeliveryDelay      | delayed    | no        | SES keeps retrying                                       |
 * | Bounce Permanent   | bounced    | **yes**   | hard bounce; also `OnAccountSuppressionList`             |
 * | Bounce Transient / Undetermined | bounced | no | mailbox full, too large, …: the address may work later |
 * | Complaint          | complained | **yes**   | marked as spam: treat as opt-out upstream                |
 * | Complaint `not-spam` | —        | —         | the recipient withdrew a complaint: nothing to record    |
 * | Reject             | rejected   | no        | virus in the content, not the address's fault            |
 * | Rendering Failure  | failed     | no        | our template                                             |
 * | Subscription       | —          | —         | SES-managed list preferences: we use our own unsubscribe |
 *
 * @see https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-examples.html
 */
import { z } from 'zod';
import { ChannelEventError } from './errors.js';
import { isoFromText, shaped, short } from './read.js';
import type { ChannelStatusEvent } from './types.js';

/** EventBridge detail-types of SES events → the record's eventType (when a detail lacks it). */
export const SES_DETAIL_TYPES: Readonly<Record<string, string>> = {
  'Email Sent': 'Send',
  'Email Delivered': 'Delivery',
  'Email Bounced': 'Bounce',
  'Email Complaint Received': 'Complaint',
  'Email Rejected': 'Reject',
  'Email Opened': 'Open',
  'Email Clicked': 'Click',
  'Email Rendering Failed': 'Rendering Failure',
  'Email Delivery Delayed': 'DeliveryDelay',
  'Email Subscribed': 'Subscription',
};

const text = z.string().optional();
const recipient = z.looseObject({ emailAddress: z.string(), status: text, diagnosticCode: text });

const recordSchema = z.looseObject({
  eventType: z.string().min(1),
  mail: z.looseObject({
    messageId: z.string().min(1),
    timestamp: text,
    destination: z.array(z.string()).optional(),
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  bounce: z
    .looseObject({ bounceType: z.string(), bounceSubType: text, bouncedRecipients: z.array(recipient).optional(), timestamp: text })
    .optional(),
  complaint: z
    .looseObject({
      complainedRecipients: z.array(recipient).optional(),
      complaintFeedbackType: text,
      complaintSubType: z.string().nullish(),
      timestamp: text,
    })
    .optional(),
  delivery: z.looseObject({ recipients: z.array(z.string()).optional(), smtpResponse: text, timestamp: text }).optional(),
  deliveryDelay: z
    .looseObject({ delayType: text, delayedRecipients: z.array(recipient).optional(), expirationTime: text, timestamp: text })
    .optional(),
  open: z.looseObject({ timestamp: text }).optional(),
  click: z.looseObject({ link: text, timestamp: text }).optional(),
  reject: z.looseObject({ reason: text }).optional(),
  failure: z.looseObject({ errorMessage: text, templateName: text }).optional(),
});
type SesRecord = z.output<typeof recordSchema>;

/**
 * The status events of one SES record: one per recipient the record names (we send to one address,
 * so normally one), or one without an address. `fallbackAt` is the envelope's time.
 *
 * @example
 * parseSesRecord(detail, '2026-11-26T15:00:05.000Z')
 * // [{ kind: 'status', channel: 'email', providerMessageId: '0100018c…', status: 'bounced', permanent: true, … }]
 */
export function parseSesRecord(value: unknown, fallbackAt: string): ChannelStatusEvent[] {
  const record = shaped(recordSchema, value, 'SES event');
  const outcome = classify(record);
  if (outcome === undefined) return [];
  const tags = customTags(record.mail.tags);
  const base = {
    kind: 'status',
    channel: 'email',
    providerMessageId: record.mail.messageId,
    status: outcome.status,
    permanent: outcome.permanent,
    at: isoFromText(outcome.at) ?? isoFromText(record.mail.timestamp) ?? fallbackAt,
    detail: short(outcome.detail),
    ...(tags ? { tags } : {}),
  } as const;
  const addresses = outcome.recipients.length > 0 ? outcome.recipients : (record.mail.destination ?? []).slice(0, 1);
  if (addresses.length === 0) return [base];
  return addresses.map((address) => ({ ...base, address: address.trim().toLowerCase() }));
}

interface Outcome {
  readonly status: ChannelStatusEvent['status'];
  readonly permanent: boolean;
  readonly detail: string;
  readonly at: string | undefined;
  readonly recipients: readonly string[];
}

function classify(record: SesRecord): Outcome | undefined {
  const { bounce, complaint, delivery, deliveryDelay } = record;
  switch (record.eventType) {
    case 'Send':
      return { status: 'sent', permanent: false, detail: 'Send', at: record.mail.timestamp, recipients: [] };
    case 'Delivery':
      return {
        status: 'delivered',
        permanent: false,
        detail: delivery?.smtpResponse ?? 'Delivery',
        at: delivery?.timestamp,
        recipients: delivery?.recipients ?? [],
      };
    case 'Open':
      return { status: 'opened', permanent: false, detail: 'Open', at: record.open?.timestamp, recipients: [] };
    case 'Click':
      // The link is ours (portal, unsubscribe); it may carry a signed token, so it stays out of detail.
      return { status: 'clicked', permanent: false, detail: 'Click', at: record.click?.timestamp, recipients: [] };
    case 'DeliveryDelay':
      return {
        status: 'delayed',
        permanent: false,
        detail: `DeliveryDelay ${deliveryDelay?.delayType ?? ''}`.trim(),
        at: deliveryDelay?.timestamp,
        recipients: (deliveryDelay?.delayedRecipients ?? []).map((r) => r.emailAddress),
      };
    case 'Bounce': {
      if (!bounce) throw new ChannelEventError('SES Bounce event without a bounce object');
      const diagnostic = bounce.bouncedRecipients?.find((r) => r.diagnosticCode)?.diagnosticCode;
      return {
        status: 'bounced',
        permanent: bounce.bounceType === 'Permanent',
        detail: [`${bounce.bounceType}/${bounce.bounceSubType ?? '-'}`, diagnostic].filter(Boolean).join(': '),
        at: bounce.timestamp,
        recipients: (bounce.bouncedRecipients ?? []).map((r) => r.emailAddress),
      };
    }
    case 'Complaint': {
      if (complaint?.complaintFeedbackType === 'not-spam') return undefined;
      const kind = [complaint?.complaintFeedbackType, complaint?.complaintSubType].filter(Boolean).join('/');
      return {
        status: 'complained',
        permanent: true,
        detail: kind ? `Complaint ${kind}` : 'Complaint',
        at: complaint?.timestamp,
        recipients: (complaint?.complainedRecipients ?? []).map((r) => r.emailAddress),
      };
    }
    case 'Reject':
      return { status: 'rejected', permanent: false, detail: `Reject: ${record.reject?.reason ?? 'unknown'}`, at: undefined, recipients: [] };
    case 'Rendering Failure':
      return {
        status: 'failed',
        permanent: false,
        detail: `Rendering Failure: ${record.failure?.errorMessage ?? 'unknown'}`,
        at: undefined,
        recipients: [],
      };
    case 'Subscription':
      return undefined;
    default:
      throw new ChannelEventError(`unknown SES eventType '${short(record.eventType, 40)}'`);
  }
}

/** Our tags (account, invoice, reminder): SES adds its own `ses:*` ones; each value is a one-item list. */
function customTags(tags: Readonly<Record<string, readonly string[]>> | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  const entries = Object.entries(tags).flatMap(([name, values]) =>
    name.startsWith('ses:') || values[0] === undefined ? [] : [[name, values[0]] as const],
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
