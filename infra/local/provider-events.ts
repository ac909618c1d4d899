/**
 * What the providers would send back, built locally in their own wire formats (the shapes of the
 * documented samples under test/fixtures/channel-events): SES events as EventBridge puts them on the
 * queue, End User Messaging SMS and Social (WhatsApp) events inside SNS notifications. The embedded
 * runtime puts these bodies on the channel-events queue, so the deployed parser and use case run
 * unchanged: a local send is followed by its delivery receipt, and `cobranza reply` / `bounce` are
 * real inbound and failure events.
 */
import { randomUUID } from 'node:crypto';

const ACCOUNT = '000000000000';
const REGION = 'local';
/** The sender's own numbers in the simulation (reserved fictional ranges). */
export const LOCAL_SMS_NUMBER = '+15555550100';
const WABA_ID = '1000000000000001';
const PHONE_NUMBER_ID = '1000000000000002';

export type SesOutcome = 'delivered' | 'bounced' | 'complained';

export function sesEvent(outcome: SesOutcome, messageId: string, address: string, tags: Readonly<Record<string, string>>, at: Date): unknown {
  const time = at.toISOString();
  const eventType = outcome === 'delivered' ? 'Delivery' : outcome === 'bounced' ? 'Bounce' : 'Complaint';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': outcome === 'delivered' ? 'Email Delivered' : outcome === 'bounced' ? 'Email Bounced' : 'Email Complaint Received',
    source: 'aws.ses',
    account: ACCOUNT,
    time,
    region: REGION,
    resources: [],
    detail: {
      eventType,
      mail: {
        timestamp: time,
        source: 'Cobranza <cobranza@example.com>',
        sendingAccountId: ACCOUNT,
        messageId,
        destination: [address],
        tags: { 'ses:configuration-set': ['cobranza-local'], ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])) },
      },
      ...(outcome === 'delivered'
        ? { delivery: { timestamp: time, processingTimeMillis: 900, recipients: [address], smtpResponse: '250 2.0.0 OK (local)', reportingMTA: 'local' } }
        : outcome === 'bounced'
          ? {
              bounce: {
                bounceType: 'Permanent',
                bounceSubType: 'General',
                bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown (simulated)' }],
                timestamp: time,
                feedbackId: randomUUID(),
              },
            }
          : { complaint: { complainedRecipients: [{ emailAddress: address }], timestamp: time, feedbackId: randomUUID(), complaintFeedbackType: 'abuse' } }),
    },
  };
}

export type SmsOutcome = 'TEXT_DELIVERED' | 'TEXT_INVALID' | 'TEXT_UNREACHABLE' | 'TEXT_OPTED_OUT';

const SMS_STATUS: Record<SmsOutcome, [string, string]> = {
  TEXT_DELIVERED: ['DELIVERED', 'Message has been delivered'],
  TEXT_INVALID: ['INVALID', 'Invalid destination phone number'],
  TEXT_UNREACHABLE: ['UNREACHABLE', 'Destination phone number unreachable'],
  TEXT_OPTED_OUT: ['OPTED_OUT', 'Destination phone number opted out'],
};

export function smsStatusEvent(outcome: SmsOutcome, messageId: string, to: string, tags: Readonly<Record<string, string>>, at: Date): unknown {
  const [messageStatus, messageStatusDescription] = SMS_STATUS[outcome];
  return sns('cobranza-channel-events', at, {
    eventType: outcome,
    eventVersion: '1.0',
    eventTimestamp: at.getTime(),
    isFinal: true,
    originationPhoneNumber: LOCAL_SMS_NUMBER,
    destinationPhoneNumber: to,
    messageId,
    messageRequestTimestamp: at.getTime() - 2000,
    messageEncoding: 'GSM',
    messageType: 'TRANSACTIONAL',
    messageStatus,
    messageStatusDescription,
    context: tags,
    totalMessageParts: 1,
  });
}

export function smsInboundEvent(from: string, text: string, at: Date): unknown {
  return sns('cobranza-channel-events', at, {
    originationNumber: from,
    destinationNumber: LOCAL_SMS_NUMBER,
    messageKeyword: 'KEYWORD_LOCAL',
    messageBody: text,
    inboundMessageId: randomUUID(),
  });
}

export type WhatsAppOutcome = 'delivered' | 'read' | 'failed';

export function whatsappStatusEvent(outcome: WhatsAppOutcome, messageId: string, to: string, at: Date, errorCode = 131026): unknown {
  return whatsapp(at, {
    statuses: [
      {
        id: messageId,
        status: outcome,
        timestamp: String(Math.floor(at.getTime() / 1000)),
        recipient_id: to.replace(/^\+/, ''),
        ...(outcome === 'failed' ? { errors: [{ code: errorCode, title: 'Message undeliverable', message: 'Message undeliverable (simulated)' }] } : {}),
      },
    ],
  });
}

export function whatsappInboundEvent(from: string, text: string, at: Date): unknown {
  const waId = from.replace(/^\+/, '');
  return whatsapp(at, {
    contacts: [{ profile: { name: 'Debtor' }, wa_id: waId }],
    messages: [{ from: waId, id: `wamid.local-${randomUUID()}`, timestamp: String(Math.floor(at.getTime() / 1000)), text: { body: text }, type: 'text' }],
  });
}

function whatsapp(at: Date, value: Record<string, unknown>): unknown {
  const entry = {
    id: WABA_ID,
    changes: [{ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: LOCAL_SMS_NUMBER.slice(1), phone_number_id: PHONE_NUMBER_ID }, ...value }, field: 'messages' }],
  };
  return sns('cobranza-channel-events', at, {
    context: {
      MetaWabaIds: [{ wabaId: WABA_ID, arn: `arn:aws:social-messaging:${REGION}:${ACCOUNT}:waba/local` }],
      MetaPhoneNumberIds: [{ metaPhoneNumberId: PHONE_NUMBER_ID, arn: `arn:aws:social-messaging:${REGION}:${ACCOUNT}:phone-number-id/local` }],
    },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: ACCOUNT,
    message_timestamp: at.toISOString(),
  });
}

function sns(topic: string, at: Date, message: unknown): unknown {
  return {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:${topic}`,
    Message: JSON.stringify(message),
    Timestamp: at.toISOString(),
    SignatureVersion: '1',
    Signature: 'local',
    SigningCertURL: 'https://sns.local/cert.pem',
    UnsubscribeURL: 'https://sns.local/unsubscribe',
  };
}
