/**
 * Payment-provider webhooks: verify the signature, normalise the event into `Payment`s (or lookups).
 * Pure: node:crypto, no I/O, no clock of its own.
 */
export { verifyWebhook } from './verify.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  parseWebhookConfig,
  parseWebhookConfigs,
  webhookProviderName,
  type ConektaWebhookConfig,
  type GenericWebhookConfig,
  type MercadoPagoWebhookConfig,
  type StripeWebhookConfig,
  type WebhookConfigParseResult,
  type WebhookConfigsParseResult,
  type WebhookProviderConfig,
} from './config.js';
export { signStripe } from './stripe.js';
export { signMercadoPago, mercadoPagoManifest, type MercadoPagoSignatureInput } from './mercadopago.js';
export { signConekta } from './conekta.js';
export { signGeneric, genericBodySchema } from './generic.js';
export type { WebhookAccepted, WebhookLookup, WebhookRejected, WebhookRequest, WebhookResult } from './types.js';
