import {
  SendTextMessageCommand,
  type PinpointSMSVoiceV2Client,
  type SendTextMessageCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { PermanentDeliveryError } from '../../domain/channels/errors.js';
import type { OutboundSms, SmsSender } from '../../ports.js';
import { isAwsError } from './errors.js';

export interface EndUserMessagingSmsSenderOptions {
  readonly client: PinpointSMSVoiceV2Client;
  /**
   * Destination country (ISO 3166-1 alpha-2, upper case) or `default` → origination identity: a phone
   * number id, pool id, sender id, E.164 number or the ARN of one. A message to a country without an
   * entry uses `default`; without that either, the identity is left out and the service picks one of
   * the account's (any of them: fine for a single number, risky with a sender id per country).
   */
  readonly originationIdentities: Readonly<Record<string, string>>;
  /** Configuration set whose event destinations report delivery (TEXT_DELIVERED, TEXT_INVALID, …). */
  readonly configurationSet?: string;
}

/** SendTextMessage's Context: at most 5 entries, keys 1–100 and values 1–800 characters, no spaces. */
const CONTEXT_MAX_ENTRIES = 5;
const CONTEXT_KEY_MAX = 100;
const CONTEXT_VALUE_MAX = 800;
/** Context key carrying the idempotency key, so delivery events show which send a message was. */
export const SMS_IDEMPOTENCY_CONTEXT_KEY = 'idempotencyKey';

/**
 * Errors that mean "this number can never get our SMS" → PermanentDeliveryError(reason). Everything
 * else (throttling, quotas, 5xx, and configuration mistakes such as an unknown identity or
 * configuration set) is rethrown: the queue retries, then dead-letters and alarms, instead of
 * marking a debtor's good number invalid because of our own setup.
 *
 * | exception           | Reason                                                    | reason            |
 * | ------------------- | --------------------------------------------------------- | ----------------- |
 * | ConflictException   | DESTINATION_PHONE_NUMBER_OPTED_OUT                        | opted-out         |
 * | ConflictException   | DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE | blocked         |
 * | ConflictException   | DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION      | country-blocked   |
 * | ConflictException   | DESTINATION_PHONE_NUMBER_NOT_VERIFIED (sandbox)           | not-permitted     |
 * | ValidationException | DESTINATION_COUNTRY_BLOCKED                               | country-blocked   |
 * | ValidationException | INVALID_IDENTITY_FOR_DESTINATION_COUNTRY, INTERNATIONAL_SENDING_NOT_SUPPORTED | not-permitted |
 * | ValidationException | any other, when a field or the message names DestinationPhoneNumber | invalid-number |
 */
const CONFLICT_REASONS: Readonly<Record<string, string>> = {
  DESTINATION_PHONE_NUMBER_OPTED_OUT: 'opted-out',
  DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE: 'blocked',
  DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION: 'country-blocked',
  DESTINATION_PHONE_NUMBER_NOT_VERIFIED: 'not-permitted',
};
const VALIDATION_REASONS: Readonly<Record<string, string>> = {
  DESTINATION_COUNTRY_BLOCKED: 'country-blocked',
  INVALID_IDENTITY_FOR_DESTINATION_COUNTRY: 'not-permitted',
  INTERNATIONAL_SENDING_NOT_SUPPORTED: 'not-permitted',
};

/**
 * SmsSender on AWS End User Messaging SMS (`SendTextMessage`, pinpoint-sms-voice-v2): TRANSACTIONAL,
 * the origination identity of the destination country, the configuration set, and the tags as
 * message Context (delivery events carry it back), plus the idempotency key.
 *
 * Idempotency: SendTextMessage has no client token, so a repeated call sends a second SMS. The
 * send-sms function guards each message with Powertools idempotency on `idempotencyKey`; the key
 * also rides in the Context, so a duplicate that slipped through (a crash between the send and the
 * idempotency record) can be recognised in the delivery events.
 *
 * @example
 * const sms = new EndUserMessagingSmsSender({
 *   client: new PinpointSMSVoiceV2Client({}),
 *   originationIdentities: EndUserMessagingSmsSender.parseOriginationIdentities(env.smsOriginationIdentities),
 *   configurationSet: env.smsConfigurationSet,
 * });
 * const { messageId } = await sms.send(message);
 */
export class EndUserMessagingSmsSender implements SmsSender {
  constructor(private readonly options: EndUserMessagingSmsSenderOptions) {}

  async send(sms: OutboundSms): Promise<{ messageId: string }> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.options.client.send(new SendTextMessageCommand(this.sendInput(sms))));
    } catch (error) {
      throw permanentSmsError(error) ?? error;
    }
    if (!messageId) throw new Error(`End User Messaging SMS accepted ${sms.idempotencyKey} without a MessageId`);
    return { messageId };
  }

  /** The exact SendTextMessage input for `sms`. */
  sendInput(sms: OutboundSms): SendTextMessageCommandInput {
    const identity = this.identityFor(sms.country);
    const context = smsContext(sms.tags, sms.idempotencyKey);
    return {
      DestinationPhoneNumber: sms.to,
      ...(identity ? { OriginationIdentity: identity } : {}),
      MessageBody: sms.body,
      MessageType: 'TRANSACTIONAL',
      ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
      ...(Object.keys(context).length > 0 ? { Context: context } : {}),
    };
  }

  /** The identity for a destination country: its own, else `default`, else none. */
  identityFor(country: string | undefined): string | undefined {
    const identities = this.options.originationIdentities;
    const own = country ? identities[country.toUpperCase()] : undefined;
    return own ?? identities.default;
  }

  /**
   * Reads the origination identities from their environment variable (JSON object, see
   * {@link EndUserMessagingSmsSenderOptions.originationIdentities}); unset or empty means `{}`.
   * Throws an Error naming the variable and the problem, for a clear cold-start failure.
   *
   * @example
   * EndUserMessagingSmsSender.parseOriginationIdentities('{"MX":"pool-0a1b2c","default":"phone-number-9f8e"}')
   * // { MX: 'pool-0a1b2c', default: 'phone-number-9f8e' }
   */
  static parseOriginationIdentities(text: string | undefined, variable = 'SMS_ORIGINATION_IDENTITIES'): Record<string, string> {
    if (text === undefined || text.trim() === '') return {};
    const problem = (what: string) =>
      new Error(`${variable} must be a JSON object of country code (or "default") → origination identity, e.g. {"MX":"pool-…","default":"phone-number-…"}: ${what}`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw problem('it is not JSON');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw problem('it is not an object');
    const identities: Record<string, string> = {};
    for (const [key, identity] of Object.entries(value)) {
      if (!/^(default|[A-Za-z]{2})$/.test(key)) throw problem(`"${key}" is not a two-letter country code or "default"`);
      if (typeof identity !== 'string' || identity.trim() === '') throw problem(`the identity of "${key}" is not a non-empty string`);
      identities[key === 'default' ? key : key.toUpperCase()] = identity.trim();
    }
    return identities;
  }
}

/**
 * The tags as SendTextMessage Context: whitespace becomes `_` (the API's pattern is `\S+`), keys and
 * values are cut to their limits, empty ones dropped; the idempotency key is added when there is room.
 */
export function smsContext(tags: Readonly<Record<string, string>>, idempotencyKey?: string): Record<string, string> {
  const clean = (text: string, max: number) => text.replace(/\s+/g, '_').slice(0, max);
  const entries = Object.entries(tags)
    .map(([key, value]) => [clean(key, CONTEXT_KEY_MAX), clean(value, CONTEXT_VALUE_MAX)] as const)
    .filter(([key, value]) => key.length > 0 && value.length > 0)
    .slice(0, CONTEXT_MAX_ENTRIES);
  const context = Object.fromEntries(entries);
  const key = idempotencyKey === undefined ? '' : clean(idempotencyKey, CONTEXT_VALUE_MAX);
  if (key && Object.keys(context).length < CONTEXT_MAX_ENTRIES && !(SMS_IDEMPOTENCY_CONTEXT_KEY in context)) {
    context[SMS_IDEMPOTENCY_CONTEXT_KEY] = key;
  }
  return context;
}

/** The PermanentDeliveryError for an SDK error that condemns the number, or undefined (see the table above). */
export function permanentSmsError(error: unknown): PermanentDeliveryError | undefined {
  const reasonField = (error as { Reason?: unknown } | null)?.Reason;
  const awsReason = typeof reasonField === 'string' ? reasonField : undefined;
  let reason: string | undefined;
  if (isAwsError(error, 'ConflictException') && awsReason) reason = CONFLICT_REASONS[awsReason];
  if (isAwsError(error, 'ValidationException')) {
    reason = (awsReason ? VALIDATION_REASONS[awsReason] : undefined) ?? (namesDestination(error) ? 'invalid-number' : undefined);
  }
  if (!reason) return undefined;
  const name = (error as Error).name;
  return Object.assign(new PermanentDeliveryError(`SMS cannot be sent to this number: ${name} ${awsReason ?? ''}`.trim(), reason), {
    cause: error,
  });
}

function namesDestination(error: unknown): boolean {
  const fields = (error as { Fields?: unknown }).Fields;
  const named = Array.isArray(fields) && fields.some((field) => (field as { Name?: unknown } | null)?.Name === 'DestinationPhoneNumber');
  return named || /DestinationPhoneNumber|destination phone number/i.test((error as Error).message);
}
