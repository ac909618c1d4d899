/**
 * Conekta webhooks. Confirmed in Conekta's docs ("Verificar firmas" / "Autenticación Webhooks"): the
 * account creates an RSA key pair with `POST /webhook_keys` and keeps the returned PEM `public_key`;
 * Conekta signs the SHA-256 of the raw (UTF-8) body with the private key and sends the signature in the
 * `DIGEST` header (base64, RSA PKCS#1 v1.5 — what `crypto.sign('sha256', …)` produces). The docs give
 * no timestamp in the scheme, so a captured request can be replayed: harmless here, because payment
 * ids are deterministic and a payment seen twice is applied once.
 */
import { sign, verify } from 'node:crypto';
import type { ConektaWebhookConfig } from './config.js';
import { conektaEventSchema, normaliseConektaEvent } from './conekta-events.js';
import { headerValue, parseBody, reject, shapeProblem } from './normalise.js';
import { decodeSignature } from './signing.js';
import type { WebhookRequest, WebhookResult } from './types.js';

/** The `digest` header Conekta would send for `rawBody`. For the local simulator and tests. */
export function signConekta(rawBody: string, privateKeyPem: string): string {
  return sign('sha256', Buffer.from(rawBody, 'utf8'), privateKeyPem).toString('base64');
}

export function verifyConekta(request: WebhookRequest, config: ConektaWebhookConfig, now: Date): WebhookResult {
  const header = headerValue(request, 'digest');
  if (header === undefined) return reject(401, 'digest header is missing (Conekta sends the body\'s RSA signature there)');
  const signature = decodeSignature(header, 'base64');
  if (signature === undefined) return reject(401, 'digest header is not a base64 signature');
  if (!verifies(request.rawBody, config.publicKeyPem, signature)) {
    return reject(401, 'digest does not verify against the body with the configured Conekta public key');
  }
  const body = parseBody(request.rawBody);
  if (!body.ok) return body;
  const event = conektaEventSchema.safeParse(body.value);
  if (!event.success) return shapeProblem(event.error, 'not a Conekta event');
  return normaliseConektaEvent(event.data, now);
}

function verifies(rawBody: string, publicKeyPem: string, signature: Buffer): boolean {
  try {
    return verify('sha256', Buffer.from(rawBody, 'utf8'), publicKeyPem, signature);
  } catch {
    // A key that is not a key (a config built without parseWebhookConfig) verifies nothing.
    return false;
  }
}
