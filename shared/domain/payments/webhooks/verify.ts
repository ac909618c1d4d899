/**
 * The registry: one entry point for every provider. The HTTP adapter passes the request, the config
 * (or the deployment's list of configs) and the time; no I/O, no clock, no environment here.
 */
import { webhookProviderName, type WebhookProviderConfig } from './config.js';
import { verifyConekta } from './conekta.js';
import { verifyGeneric } from './generic.js';
import { verifyMercadoPago } from './mercadopago.js';
import { reject } from './normalise.js';
import { verifyStripe } from './stripe.js';
import type { WebhookRequest, WebhookResult } from './types.js';

/**
 * Verifies a webhook call (signature, timestamp) and normalises what it says into payments, or into
 * lookups when the provider only notified. `request.provider` must name one of the configs: the
 * built-in kind (`stripe`, `mercadopago`, `conekta`) or a generic config's `name`; else 404.
 *
 * Never throws: every outcome is a result with a reason (fuzzed in the tests).
 *
 * @example
 * const result = verifyWebhook({ provider: 'stripe', headers, rawBody }, config, new Date());
 * if (!result.ok) return { statusCode: result.status, body: result.error };
 */
export function verifyWebhook(
  request: WebhookRequest,
  config: WebhookProviderConfig | readonly WebhookProviderConfig[],
  now: Date,
): WebhookResult {
  const configs: readonly WebhookProviderConfig[] = Array.isArray(config) ? config : [config as WebhookProviderConfig];
  const match = configs.find((candidate) => webhookProviderName(candidate) === request.provider);
  if (match === undefined) return reject(404, `unknown provider ${JSON.stringify(String(request.provider).slice(0, 64))}`);
  try {
    return dispatch(request, match, now);
  } catch {
    // Unreachable by design (the fuzz tests assert it never happens); a defect must still not become
    // a 500 that makes the provider retry the same poison delivery for days.
    return reject(400, 'the webhook could not be read (internal error while verifying)');
  }
}

function dispatch(request: WebhookRequest, config: WebhookProviderConfig, now: Date): WebhookResult {
  switch (config.kind) {
    case 'stripe':
      return verifyStripe(request, config, now);
    case 'mercadopago':
      return verifyMercadoPago(request, config, now);
    case 'conekta':
      return verifyConekta(request, config, now);
    case 'generic':
      return verifyGeneric(request, config, now);
  }
}
