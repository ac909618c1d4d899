/**
 * Stripe webhooks: the `stripe-signature` header is `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, each v1 an
 * HMAC-SHA256 of `${t}.${rawBody}` under one of the endpoint's signing secrets (several while a secret
 * is being rotated). Same scheme as stripe-node's `webhooks.constructEvent`, which the tests check
 * against; unlike it, a timestamp too far in the FUTURE is refused as well.
 */
import type { StripeWebhookConfig } from './config.js';
import { DEFAULT_TOLERANCE_SECONDS } from './config.js';
import { headerValue, parseBody, reject, shapeProblem } from './normalise.js';
import { decodeSignature, equalBytes, hmac, parseKeyValueHeader, timestampProblem } from './signing.js';
import { normaliseStripeEvent } from './stripe-events.js';
import { stripeEventSchema } from './stripe-schemas.js';
import type { WebhookRequest, WebhookResult } from './types.js';

/**
 * The `stripe-signature` header Stripe would send for `payload` at `timestamp` (Unix seconds). For the
 * local payment simulator; tests sign with the official `stripe` library instead.
 */
export function signStripe(payload: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac('sha256', secret, `${timestamp}.${payload}`).toString('hex')}`;
}

export function verifyStripe(request: WebhookRequest, config: StripeWebhookConfig, now: Date): WebhookResult {
  const header = headerValue(request, 'stripe-signature');
  if (header === undefined) return reject(401, 'stripe-signature header is missing');
  const fields = parseKeyValueHeader(header);
  const timestamps = fields.get('t') ?? [];
  const timestamp = timestamps[0];
  if (timestamps.length !== 1 || timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return reject(401, 'stripe-signature header has no valid timestamp (expected one t=<unix seconds>)');
  }
  // Other schemes (v0 is Stripe's test-mode-only scheme) are ignored, as stripe-node does.
  const signatures = (fields.get('v1') ?? [])
    .map((text) => decodeSignature(text, 'hex'))
    .filter((bytes): bytes is Buffer => bytes?.length === 32);
  if (signatures.length === 0) {
    return reject(401, 'stripe-signature header has no v1 signature (expected v1=<64 hex digits>)');
  }
  const signed = `${timestamp}.${request.rawBody}`;
  const matched = config.signingSecrets.some((secret) => {
    const expected = hmac('sha256', secret, signed);
    return signatures.some((signature) => equalBytes(signature, expected));
  });
  if (!matched) {
    const secrets = config.signingSecrets.length;
    return reject(
      401,
      `stripe-signature: no v1 signature matches the body under the ${secrets} configured signing secret${secrets === 1 ? '' : 's'} ` +
        '(is the raw body passed through unmodified, and is this endpoint\'s secret configured?)',
    );
  }
  // Checked after the signature so that only an authentic but old request hears about its age.
  const problem = timestampProblem(Number(timestamp), now, config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
  if (problem !== undefined) return reject(401, `stripe-signature: ${problem}`);

  const body = parseBody(request.rawBody);
  if (!body.ok) return body;
  const event = stripeEventSchema.safeParse(body.value);
  if (!event.success) return shapeProblem(event.error, 'not a Stripe event');
  return normaliseStripeEvent(event.data);
}
