/**
 * Mercado Pago webhooks. From their docs ("Webhooks › validate origin", and the Orders notifications
 * page), confirmed:
 * - `x-signature: ts=<timestamp>,v1=<hex>` and `x-request-id: <uuid>` headers;
 * - v1 = HMAC-SHA256 (hex) under the application's secret of the manifest
 *   `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` — trailing `;` included, and a pair whose value
 *   the notification lacks is left out of the manifest;
 * - `data.id` is the one from the QUERY STRING (`?data.id=…&type=payment`), lower-cased when it is
 *   alphanumeric (Orders API ids such as `ORD01…`);
 * - `ts` has been documented in seconds (examples) and is sent in milliseconds (Orders): both are read;
 *   the manifest always uses the text as sent. No tolerance is documented; ours bounds replays.
 *
 * What the signature does NOT cover: the body. A payment built from a body that carries the payment
 * resource is only as trustworthy as the transport; its id must at least be the signed `data.id`
 * (else 409). A bare notification becomes a lookup of the signed id, which is always safe.
 */
import type { MercadoPagoWebhookConfig } from './config.js';
import { DEFAULT_TOLERANCE_SECONDS } from './config.js';
import { normaliseMercadoPagoBody, sameId } from './mercadopago-body.js';
import { headerValue, parseBody, reject } from './normalise.js';
import { decodeSignature, equalBytes, hmac, parseKeyValueHeader, timestampProblem, timestampSeconds } from './signing.js';
import type { WebhookRequest, WebhookResult } from './types.js';

export interface MercadoPagoSignatureInput {
  readonly secret: string;
  /** The resource id (`data.id` of the query string). */
  readonly dataId?: string;
  /** The `x-request-id` header. */
  readonly requestId?: string;
  /** Unix time in seconds or milliseconds, as it will appear in `ts=`. */
  readonly ts: number | string;
}

/** The `x-signature` header Mercado Pago would send. For the local simulator and tests. */
export function signMercadoPago(input: MercadoPagoSignatureInput): string {
  const ts = String(input.ts);
  const manifest = mercadoPagoManifest(input.dataId, input.requestId, ts);
  return `ts=${ts},v1=${hmac('sha256', input.secret, manifest).toString('hex')}`;
}

/** `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, leaving out the pairs that are missing. */
export function mercadoPagoManifest(dataId: string | undefined, requestId: string | undefined, ts: string): string {
  const id = dataId !== undefined && /^[A-Za-z0-9]+$/.test(dataId) ? dataId.toLowerCase() : dataId;
  return `${id ? `id:${id};` : ''}${requestId ? `request-id:${requestId};` : ''}ts:${ts};`;
}

export function verifyMercadoPago(request: WebhookRequest, config: MercadoPagoWebhookConfig, now: Date): WebhookResult {
  const header = headerValue(request, 'x-signature');
  if (header === undefined) return reject(401, 'x-signature header is missing');
  const fields = parseKeyValueHeader(header);
  const ts = fields.get('ts')?.[0];
  const seconds = ts === undefined ? undefined : timestampSeconds(ts);
  if (ts === undefined || seconds === undefined) return reject(401, 'x-signature header has no valid timestamp (expected ts=<unix time>)');
  const signature = decodeSignature(fields.get('v1')?.[0] ?? '', 'hex');
  if (signature?.length !== 32) return reject(401, 'x-signature header has no v1 signature (expected v1=<64 hex digits>)');

  // The body is read before the signature is checked only to find data.id when the query lacks it.
  const body = parseBody(request.rawBody);
  const queryId = request.query?.['data.id']?.trim() || undefined;
  const bodyId = body.ok ? notificationDataId(body.value) : undefined;
  const signedId = queryId ?? bodyId;
  const requestId = headerValue(request, 'x-request-id');
  const expected = hmac('sha256', config.secret, mercadoPagoManifest(signedId, requestId, ts));
  if (!equalBytes(signature, expected)) {
    return reject(
      401,
      `x-signature does not match data.id ${signedId === undefined ? '(none)' : `"${signedId.slice(0, 64)}"`}` +
        `${queryId === undefined ? ' (taken from the body: pass the query string)' : ''}, the x-request-id and ts under the configured secret`,
    );
  }
  const problem = timestampProblem(seconds, now, config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
  if (problem !== undefined) return reject(401, `x-signature: ${problem}`);

  if (!body.ok) return body;
  if (queryId !== undefined && bodyId !== undefined && !sameId(queryId, bodyId)) {
    return reject(409, `body data.id "${bodyId.slice(0, 64)}" is not the signed data.id "${queryId.slice(0, 64)}"`);
  }
  return normaliseMercadoPagoBody(body.value, { signedId, requestId, now });
}

/** `data.id` of a notification body (`{ action, type, data: { id } }`), as text. */
function notificationDataId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const data = (value as Record<string, unknown>)['data'];
  if (data === null || typeof data !== 'object') return undefined;
  const id = (data as Record<string, unknown>)['id'];
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}
