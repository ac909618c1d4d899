import 'aws-sdk-client-mock-vitest/extend';
import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  PinpointSMSVoiceV2Client,
  ResourceNotFoundException,
  SendTextMessageCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SendTextMessageCommandInput } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EndUserMessagingSmsSender, smsContext } from '../../../../shared/adapters/aws/sms-sender.js';
import { PermanentDeliveryError } from '../../../../shared/domain/channels/errors.js';
import type { OutboundSms } from '../../../../shared/ports.js';

const smsMock = mockClient(PinpointSMSVoiceV2Client);
const sms: OutboundSms = {
  idempotencyKey: 'r-MX-100-F-1-d-5:sms',
  to: '+525512345678',
  body: 'Ferreteria del Norte: su factura F-1 por $12,345.67 vence el 1/12. Pague en https://pay.example.com/p/abc',
  country: 'MX',
  date: new Date('2026-11-26T15:00:00Z'),
  tags: { account: 'MX-100', invoice: 'F 1', reminder: 'r-MX-100-F-1-d-5' },
};
const identities = { MX: 'pool-0a1b2c3d4e5f', CO: 'COBRANZA', default: 'phone-number-9f8e7d6c' };

function sender(options: Partial<ConstructorParameters<typeof EndUserMessagingSmsSender>[0]> = {}) {
  return new EndUserMessagingSmsSender({ client: new PinpointSMSVoiceV2Client({}), originationIdentities: identities, configurationSet: 'cobranza-sms', ...options });
}

/** The rejection of `promise` (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the send to fail'),
    (error: unknown) => error,
  );
}

afterEach(() => {
  smsMock.reset();
});

describe('EndUserMessagingSmsSender', () => {
  it('sends a TRANSACTIONAL SendTextMessage with the country identity, configuration set and tags + key as Context', async () => {
    smsMock.on(SendTextMessageCommand).resolves({ MessageId: '862a8790-60c0-4430-9b2b-658bd1a2b3c4' });

    const result = await sender().send(sms);

    expect(result).toEqual({ messageId: '862a8790-60c0-4430-9b2b-658bd1a2b3c4' });
    const expected: SendTextMessageCommandInput = {
      DestinationPhoneNumber: '+525512345678',
      OriginationIdentity: 'pool-0a1b2c3d4e5f',
      MessageBody: sms.body,
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'cobranza-sms',
      Context: { account: 'MX-100', invoice: 'F_1', reminder: 'r-MX-100-F-1-d-5', idempotencyKey: 'r-MX-100-F-1-d-5:sms' },
    };
    expect(smsMock).toHaveReceivedCommandExactlyOnceWith(SendTextMessageCommand, expected);
    expect(smsMock.commandCalls(SendTextMessageCommand)[0]!.args[0].input).toEqual(expected);
  });

  it('picks the identity by country (any case), else default, else leaves it to the service', () => {
    expect(sender().sendInput({ ...sms, country: 'co' }).OriginationIdentity).toBe('COBRANZA');
    expect(sender().sendInput({ ...sms, country: 'PE' }).OriginationIdentity).toBe('phone-number-9f8e7d6c');
    expect(sender().sendInput({ ...sms, country: undefined }).OriginationIdentity).toBe('phone-number-9f8e7d6c');
    const bare = sender({ originationIdentities: {}, configurationSet: undefined }).sendInput({ ...sms, tags: {} });
    expect(bare).toEqual({
      DestinationPhoneNumber: '+525512345678',
      MessageBody: sms.body,
      MessageType: 'TRANSACTIONAL',
      Context: { idempotencyKey: 'r-MX-100-F-1-d-5:sms' },
    });
  });

  it.each([
    ['ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT', new ConflictException({ message: 'opted out', $metadata: {}, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' }), 'opted-out'],
    ['ConflictException …BLOCKED_BY_PROTECT_NUMBER_OVERRIDE', new ConflictException({ message: 'blocked', $metadata: {}, Reason: 'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE' }), 'blocked'],
    ['ConflictException …COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION', new ConflictException({ message: 'blocked', $metadata: {}, Reason: 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION' }), 'country-blocked'],
    ['ConflictException DESTINATION_PHONE_NUMBER_NOT_VERIFIED', new ConflictException({ message: 'sandbox', $metadata: {}, Reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED' }), 'not-permitted'],
    ['ValidationException DESTINATION_COUNTRY_BLOCKED', new ValidationException({ message: 'blocked', $metadata: {}, Reason: 'DESTINATION_COUNTRY_BLOCKED' }), 'country-blocked'],
    ['ValidationException INVALID_IDENTITY_FOR_DESTINATION_COUNTRY', new ValidationException({ message: 'no identity', $metadata: {}, Reason: 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY' }), 'not-permitted'],
    [
      'ValidationException on the DestinationPhoneNumber field',
      new ValidationException({ message: 'Invalid', $metadata: {}, Reason: 'INVALID_PARAMETER', Fields: [{ Name: 'DestinationPhoneNumber', Message: 'not E.164' }] }),
      'invalid-number',
    ],
    ['ValidationException CANNOT_PARSE naming the destination', new ValidationException({ message: 'Cannot parse DestinationPhoneNumber', $metadata: {}, Reason: 'CANNOT_PARSE' }), 'invalid-number'],
  ])('%s → PermanentDeliveryError(%s)', async (_, error, reason) => {
    smsMock.on(SendTextMessageCommand).rejects(error);

    const thrown = await rejection(sender().send(sms));

    expect(thrown).toBeInstanceOf(PermanentDeliveryError);
    expect((thrown as PermanentDeliveryError).reason).toBe(reason);
    expect((thrown as Error).message).not.toContain(sms.to);
    expect((thrown as Error).cause).toBe(error);
  });

  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata: {} })],
    ['InternalServerException', new InternalServerException({ message: 'oops', $metadata: {} })],
    ['AccessDeniedException', new AccessDeniedException({ message: 'no', $metadata: {}, Reason: 'ACCOUNT_DISABLED' })],
    ['ResourceNotFoundException (our configuration set)', new ResourceNotFoundException({ message: 'no such configuration set', $metadata: {} })],
    ['ValidationException on another field (our configuration)', new ValidationException({ message: 'bad', $metadata: {}, Reason: 'INVALID_ARN', Fields: [{ Name: 'OriginationIdentity', Message: 'bad arn' }] })],
    ['ConflictException of another reason', new ConflictException({ message: 'mismatch', $metadata: {}, Reason: 'MESSAGE_TYPE_MISMATCH' })],
  ])('rethrows %s as is, so the queue retries', async (_, error) => {
    smsMock.on(SendTextMessageCommand).rejects(error);

    expect(await rejection(sender().send(sms))).toBe(error);
  });

  it('fails loudly when AWS answers without a MessageId', async () => {
    smsMock.on(SendTextMessageCommand).resolves({});

    await expect(sender().send(sms)).rejects.toThrow(/without a MessageId/);
  });
});

describe('smsContext', () => {
  it('replaces whitespace, cuts to the limits, drops empties and keeps at most 5 entries', () => {
    const context = smsContext({ 'a b': 'x y', long: 'v'.repeat(900), ['k'.repeat(120)]: 'k', empty: '', c: '1', d: '2', e: '3' }, 'key');
    expect(Object.keys(context)).toHaveLength(5);
    expect(context['a_b']).toBe('x_y');
    expect(context.long).toHaveLength(800);
    expect(context['k'.repeat(100)]).toBe('k');
    expect(context).not.toHaveProperty('empty');
    expect(context).not.toHaveProperty('idempotencyKey');
  });
});

describe('EndUserMessagingSmsSender.parseOriginationIdentities', () => {
  it('reads a JSON object of country or default → identity (country codes upper-cased)', () => {
    expect(EndUserMessagingSmsSender.parseOriginationIdentities('{"mx":"pool-1","default":" phone-number-2 "}')).toEqual({ MX: 'pool-1', default: 'phone-number-2' });
    expect(EndUserMessagingSmsSender.parseOriginationIdentities(undefined)).toEqual({});
    expect(EndUserMessagingSmsSender.parseOriginationIdentities('  ')).toEqual({});
  });

  it.each([
    ['not JSON', '{MX:pool}', /SMS_ORIGINATION_IDENTITIES must be a JSON object.*: it is not JSON/],
    ['an array', '["pool-1"]', /it is not an object/],
    ['a bad key', '{"Mexico":"pool-1"}', /"Mexico" is not a two-letter country code or "default"/],
    ['an empty identity', '{"MX":""}', /the identity of "MX" is not a non-empty string/],
    ['a non-string identity', '{"MX":1}', /the identity of "MX"/],
  ])('throws a clear error for %s', (_, text, message) => {
    expect(() => EndUserMessagingSmsSender.parseOriginationIdentities(text)).toThrow(message);
  });

  it('names the variable it was given', () => {
    expect(() => EndUserMessagingSmsSender.parseOriginationIdentities('x', 'MY_VAR')).toThrow(/^MY_VAR must be/);
  });
});
