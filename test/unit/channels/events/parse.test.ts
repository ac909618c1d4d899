import { describe, expect, it } from 'vitest';
import { ChannelEventError, parseChannelEventBody, type ChannelEvent } from '../../../../shared/domain/channels/events/index.js';
import { allFixtures, fixture } from './fixtures.js';

const receivedAt = new Date('2026-12-01T00:00:00Z');
const RECEIVED = '2026-12-01T00:00:00.000Z';
const parse = (body: string) => parseChannelEventBody(body, receivedAt);
const sesId = '0100018c3f4e5a6b-7c8d9e0f-1a2b-4c3d-8e9f-0a1b2c3d4e5f-000000';
const ourTags = { account: 'MX-100', invoice: 'F-1', reminder: 'r-MX-100-F-1-d-5' };

/** Expects `run` to throw a ChannelEventError whose reason matches `reason`. */
function expectEventError(run: () => unknown, reason: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ChannelEventError);
  expect((thrown as ChannelEventError).reason).toMatch(reason);
}

describe('parseChannelEventBody: SES v2 events (EventBridge and SNS)', () => {
  it('reads a delivery: message id, recipient, event time, our tags without the ses:* ones', () => {
    expect(parse(fixture('ses/eventbridge-delivery.json'))).toEqual<ChannelEvent[]>([
      {
        kind: 'status',
        channel: 'email',
        providerMessageId: sesId,
        status: 'delivered',
        permanent: false,
        at: '2026-11-26T15:00:02.870Z',
        detail: '250 2.6.0 Message received',
        address: 'pagos@ferreteria.example.com',
        tags: ourTags,
      },
    ]);
  });

  it('a hard bounce is permanent, with bounce type, sub-type and diagnostic as detail', () => {
    const [event] = parse(fixture('ses/eventbridge-bounce-permanent.json'));
    expect(event).toMatchObject({
      status: 'bounced',
      permanent: true,
      at: '2026-11-26T15:00:03.669Z',
      detail: 'Permanent/General: smtp; 550 5.1.1 user unknown',
      address: 'pagos@ferreteria.example.com',
    });
  });

  it('an address on the account suppression list bounces permanently', () => {
    const [event] = parse(fixture('ses/eventbridge-bounce-suppressed.json'));
    expect(event).toMatchObject({ status: 'bounced', permanent: true });
    expect(event?.kind === 'status' && event.detail).toMatch(/^Permanent\/OnAccountSuppressionList/);
  });

  it('a soft bounce is not permanent', () => {
    expect(parse(fixture('ses/eventbridge-bounce-transient.json'))[0]).toMatchObject({ status: 'bounced', permanent: false });
  });

  it('the same bounce arrives identically through SNS (Message is a JSON string)', () => {
    expect(parse(fixture('ses/sns-bounce-permanent.json'))).toEqual(parse(fixture('ses/eventbridge-bounce-permanent.json')));
  });

  it.each([
    ['ses/eventbridge-send.json', 'sent', false, '2026-11-26T15:00:00.512Z'],
    ['ses/eventbridge-complaint.json', 'complained', true, '2026-11-26T18:11:58.000Z'],
    ['ses/eventbridge-open.json', 'opened', false, '2026-11-26T16:30:19.652Z'],
    ['ses/eventbridge-click.json', 'clicked', false, '2026-11-26T16:31:25.570Z'],
    ['ses/eventbridge-delivery-delay.json', 'delayed', false, '2026-11-26T15:10:40.095Z'],
    ['ses/eventbridge-reject.json', 'rejected', false, '2026-11-26T15:00:00.512Z'],
    ['ses/eventbridge-rendering-failure.json', 'failed', false, '2026-11-26T15:00:00.512Z'],
  ] as const)('%s → %s (permanent %s) at %s', (name, status, permanent, at) => {
    const events = parse(fixture(name));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'status', channel: 'email', providerMessageId: sesId, status, permanent, at, tags: ourTags });
  });

  it('keeps the clicked link (it may carry a signed token) out of the detail', () => {
    expect(JSON.stringify(parse(fixture('ses/eventbridge-click.json')))).not.toContain('pay.example.com');
  });

  it('ignores the validation text SES publishes to a new SNS topic', () => {
    expect(parse(fixture('ses/sns-topic-validation.json'))).toEqual([]);
  });

  it('a complaint the recipient withdrew (not-spam) records nothing; Subscription events are ignored', () => {
    const complaint = JSON.parse(fixture('ses/eventbridge-complaint.json')) as { detail: { complaint: Record<string, unknown> } };
    complaint.detail.complaint.complaintFeedbackType = 'not-spam';
    expect(parse(JSON.stringify(complaint))).toEqual([]);

    const subscription = JSON.parse(fixture('ses/eventbridge-send.json')) as { detail: Record<string, unknown> };
    subscription.detail.eventType = 'Subscription';
    expect(parse(JSON.stringify(subscription))).toEqual([]);
  });

  it('takes the eventType from the detail-type when a detail lacks it', () => {
    const event = JSON.parse(fixture('ses/eventbridge-open.json')) as { detail: Record<string, unknown> };
    delete event.detail.eventType;
    expect(parse(JSON.stringify(event))[0]).toMatchObject({ status: 'opened' });
  });

  it('falls back to the mail time, then the envelope time, then receivedAt', () => {
    const noEventTime = JSON.parse(fixture('ses/eventbridge-open.json')) as { detail: { open: Record<string, unknown>; mail: Record<string, unknown> } };
    delete noEventTime.detail.open.timestamp;
    expect(parse(JSON.stringify(noEventTime))[0]?.at).toBe('2026-11-26T15:00:00.512Z');
    delete noEventTime.detail.mail.timestamp;
    expect(parse(JSON.stringify(noEventTime))[0]?.at).toBe('2026-11-26T16:30:20.000Z');
    delete (noEventTime as Record<string, unknown>).time;
    expect(parse(JSON.stringify(noEventTime))[0]?.at).toBe(RECEIVED);
  });

  it('rejects an unknown SES eventType and a Bounce without its bounce object', () => {
    const unknown = JSON.parse(fixture('ses/eventbridge-send.json')) as { detail: Record<string, unknown> };
    unknown.detail.eventType = 'Teleported';
    expectEventError(() => parse(JSON.stringify(unknown)), /unknown SES eventType 'Teleported'/);

    const bounce = JSON.parse(fixture('ses/eventbridge-bounce-permanent.json')) as { detail: Record<string, unknown> };
    delete bounce.detail.bounce;
    expectEventError(() => parse(JSON.stringify(bounce)), /Bounce event without a bounce object/);
  });

  it('rejects an SES record without mail.messageId, naming the path', () => {
    const event = JSON.parse(fixture('ses/eventbridge-delivery.json')) as { detail: { mail: Record<string, unknown> } };
    delete event.detail.mail.messageId;
    expectEventError(() => parse(JSON.stringify(event)), /SES event has an unexpected shape \(mail\.messageId/);
  });
});

describe('parseChannelEventBody: End User Messaging SMS', () => {
  it('reads a status event: message id, number, event time (Unix ms), the context we sent as tags', () => {
    expect(parse(fixture('sms/sns-text-invalid.json'))).toEqual<ChannelEvent[]>([
      {
        kind: 'status',
        channel: 'sms',
        providerMessageId: '862a8790-60c0-4430-9b2b-658bd1a2b3c4',
        status: 'failed',
        permanent: true,
        at: '2026-11-26T15:00:01.000Z',
        detail: 'TEXT_INVALID: Invalid destination phone number',
        address: '+525512345678',
        tags: { ...ourTags, idempotencyKey: 'r-MX-100-F-1-d-5:sms' },
      },
    ]);
  });

  it.each([
    ['sms/sns-text-successful.json', 'delivered', false],
    ['sms/sns-text-delivered.json', 'delivered', false],
    ['sms/eventbridge-text-successful.json', 'delivered', false],
    ['sms/raw-text-blocked.json', 'failed', true],
    ['sms/raw-text-carrier-unreachable.json', 'failed', false],
  ] as const)('%s → %s (permanent %s)', (name, status, permanent) => {
    expect(parse(fixture(name))).toEqual([expect.objectContaining({ kind: 'status', channel: 'sms', status, permanent })]);
  });

  it.each([
    ['TEXT_QUEUED', 'sent', false],
    ['TEXT_PENDING', 'sent', false],
    ['TEXT_OPTED_OUT', 'failed', true],
    ['TEXT_UNREACHABLE', 'failed', false],
    ['TEXT_TTL_EXPIRED', 'failed', false],
    ['TEXT_UNKNOWN', 'failed', false],
    ['TEXT_INVALID_MESSAGE', 'failed', false],
    ['TEXT_SPAM', 'rejected', false],
    ['TEXT_CARRIER_BLOCKED', 'rejected', false],
    ['TEXT_PROTECT_BLOCKED', 'rejected', false],
  ] as const)('eventType %s → %s (permanent %s)', (eventType, status, permanent) => {
    const record = { ...(JSON.parse(fixture('sms/raw-text-blocked.json')) as object), eventType };
    expect(parse(JSON.stringify(record))[0]).toMatchObject({ status, permanent });
  });

  it('reads an inbound two-way SMS; its time is the SNS notification time', () => {
    expect(parse(fixture('sms/sns-inbound.json'))).toEqual<ChannelEvent[]>([
      {
        kind: 'inbound',
        channel: 'sms',
        from: '+525512345678',
        to: '+525555550100',
        text: 'Ya pague la factura F-1, les mando el comprobante',
        at: '2026-11-26T17:42:10.250Z',
        providerMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
      },
    ]);
  });

  it('a raw inbound SMS (raw message delivery) has no time of its own: receivedAt', () => {
    expect(parse(fixture('sms/raw-inbound-stop.json'))).toEqual([expect.objectContaining({ kind: 'inbound', from: '+573001234567', text: 'STOP', at: RECEIVED })]);
  });

  it('rejects an unknown TEXT_ event type, a non-SMS sms-voice event, and an inbound SMS from no number', () => {
    const record = { ...(JSON.parse(fixture('sms/raw-text-blocked.json')) as object), eventType: 'TEXT_TELEPATHY' };
    expectEventError(() => parse(JSON.stringify(record)), /unknown SMS eventType 'TEXT_TELEPATHY'/);

    const voice = JSON.parse(fixture('sms/eventbridge-text-successful.json')) as Record<string, unknown>;
    voice['detail-type'] = 'Voice Message Delivery Status Updated';
    expectEventError(() => parse(JSON.stringify(voice)), /not an SMS delivery status/);

    const inbound = { ...(JSON.parse(fixture('sms/raw-inbound-stop.json')) as object), originationNumber: 'ACME' };
    expectEventError(() => parse(JSON.stringify(inbound)), /originationNumber is not a phone number/);
  });
});

describe('parseChannelEventBody: End User Messaging Social (WhatsApp)', () => {
  it('a status uses the AWS message id (what SendWhatsAppMessage returned), Meta seconds as time, +52 without the WhatsApp 1', () => {
    expect(parse(fixture('whatsapp/sns-status-delivered.json'))).toEqual<ChannelEvent[]>([
      {
        kind: 'status',
        channel: 'whatsapp',
        providerMessageId: '6d69f07a-c317-4278-9d5c-6a84078419ec',
        status: 'delivered',
        permanent: false,
        at: '2026-11-26T15:00:03.000Z',
        detail: 'delivered',
        address: '+525512345678',
      },
    ]);
  });

  it.each([
    ['whatsapp/sns-status-sent.json', 'sent', false, 'sent'],
    ['whatsapp/sns-status-read.json', 'opened', false, 'read'],
    ['whatsapp/sns-status-failed-131026.json', 'failed', true, '131026 Message undeliverable'],
    ['whatsapp/sns-status-failed-131049.json', 'failed', false, '131049 This message was not delivered to maintain healthy ecosystem engagement.'],
  ] as const)('%s → %s (permanent %s)', (name, status, permanent, detail) => {
    expect(parse(fixture(name))).toEqual([expect.objectContaining({ status, permanent, detail })]);
  });

  it('reads inbound text, quick-reply buttons and captioned media', () => {
    expect(parse(fixture('whatsapp/sns-inbound-text.json'))).toEqual<ChannelEvent[]>([
      {
        kind: 'inbound',
        channel: 'whatsapp',
        from: '+525512345678',
        to: '+525555550100',
        text: 'Pago el viernes sin falta',
        at: '2026-11-26T18:42:10.000Z',
        providerMessageId: 'wamid.HBgNNTIxNTUxMjM0NTY3OBUCABIYFDNBNkQ0QjdGOTVEQUUzNzhCQTdCAA==',
      },
    ]);
    expect(parse(fixture('whatsapp/raw-inbound-button.json'))[0]).toMatchObject({ kind: 'inbound', text: 'Ya pagué' });
    expect(parse(fixture('whatsapp/sns-inbound-image.json'))[0]).toMatchObject({ kind: 'inbound', text: '[image] Comprobante de transferencia' });
  });

  it('skips other webhook fields (template reviews) and reactions', () => {
    expect(parse(fixture('whatsapp/sns-template-status-update.json'))).toEqual([]);
    const envelope = JSON.parse(fixture('whatsapp/sns-inbound-text.json')) as { Message: string };
    const header = JSON.parse(envelope.Message) as { whatsAppWebhookEntry: string };
    const entry = JSON.parse(header.whatsAppWebhookEntry) as { changes: { value: { messages: Record<string, unknown>[] } }[] };
    entry.changes[0]!.value.messages[0] = { from: '5215512345678', id: 'wamid.R', timestamp: '1795718530', type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } };
    header.whatsAppWebhookEntry = JSON.stringify(entry);
    expect(parse(JSON.stringify(header))).toEqual([]);
  });

  it('with several statuses in one entry, each keeps its own Meta id (the header id names only one message)', () => {
    const header = JSON.parse((JSON.parse(fixture('whatsapp/sns-status-sent.json')) as { Message: string }).Message) as { whatsAppWebhookEntry: string };
    const entry = JSON.parse(header.whatsAppWebhookEntry) as { changes: { value: { statuses: Record<string, unknown>[] } }[] };
    const first = entry.changes[0]!.value.statuses[0]!;
    entry.changes[0]!.value.statuses.push({ ...first, id: 'wamid.SECOND', status: 'delivered' });
    header.whatsAppWebhookEntry = JSON.stringify(entry);
    expect(parse(JSON.stringify(header)).map((event) => event.providerMessageId)).toEqual([first.id, 'wamid.SECOND']);
  });

  it('rejects an entry that is not JSON and an unknown status', () => {
    expectEventError(() => parse(JSON.stringify({ whatsAppWebhookEntry: '{oops' })), /whatsAppWebhookEntry is not JSON/);
    const header = JSON.parse((JSON.parse(fixture('whatsapp/sns-status-sent.json')) as { Message: string }).Message) as { whatsAppWebhookEntry: string };
    header.whatsAppWebhookEntry = header.whatsAppWebhookEntry.replace('"status":"sent"', '"status":"teleported"');
    expectEventError(() => parse(JSON.stringify(header)), /unknown WhatsApp status 'teleported'/);
  });
});

describe('parseChannelEventBody: what it refuses', () => {
  it.each([
    ['not JSON', 'hello', /SQS message body is not JSON/],
    ['a JSON array', '[1,2]', /expected a JSON object, got an array/],
    ['a JSON string', '"x"', /expected a JSON object, got string/],
    ['an unknown record', '{"hello":"world","n":1}', /unknown record with fields hello, n/],
    ['an unknown EventBridge source', '{"source":"aws.s3","detail-type":"Object Created","detail":{}}', /source 'aws.s3' is not a channel event/],
    ['an SNS SubscriptionConfirmation', '{"Type":"SubscriptionConfirmation","MessageId":"m","Message":"You have chosen to subscribe"}', /SNS message of type 'SubscriptionConfirmation'/],
    ['an SNS Message that is not JSON', '{"Type":"Notification","MessageId":"m","Message":"plain text"}', /SNS Message is not JSON/],
    ['an SNS envelope inside an SNS envelope', JSON.stringify({ Type: 'Notification', MessageId: 'a', Message: JSON.stringify({ Type: 'Notification', MessageId: 'b', Message: '{}' }) }), /unknown record with fields Type, MessageId, Message/],
  ])('%s', (_, body, reason) => {
    expectEventError(() => parse(body), reason);
  });

  it('never puts addresses or message text in the reason', () => {
    const body = JSON.stringify({ originationNumber: '+525512345678', messageBody: 'secreto', inboundMessageId: '' });
    expectEventError(() => parse(body), /inbound SMS has an unexpected shape \(inboundMessageId: too_small\)/);
    try {
      parse(body);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/5512345678|secreto/);
    }
  });

  it('refuses an invalid receivedAt instead of inventing a time', () => {
    expect(() => parseChannelEventBody(fixture('sms/raw-inbound-stop.json'), new Date(NaN))).toThrow(ChannelEventError);
  });

  it('every sample parses', () => {
    for (const [name, body] of allFixtures()) expect(() => parse(body), name).not.toThrow();
  });
});
