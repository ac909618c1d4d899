/**
 * Webhook provider configs: what a deployment keeps in Secrets Manager (JSON), validated here so a
 * typo fails at start-up with its path instead of rejecting every webhook later.
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { describeIssues } from './issues.js';

/** Stripe's own default (stripe-node `DEFAULT_TOLERANCE`); the same for every provider with a timestamp. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface StripeWebhookConfig {
  readonly kind: 'stripe';
  /** Every secret currently valid: during a rotation Stripe signs with both the old and the new one. */
  readonly signingSecrets: readonly string[];
  /** How far `t=` may be from now, either way. Default 300. */
  readonly toleranceSeconds?: number;
}

export interface MercadoPagoWebhookConfig {
  readonly kind: 'mercadopago';
  readonly secret: string;
  /** Mercado Pago documents no tolerance; ours bounds replays of a captured request. Default 300. */
  readonly toleranceSeconds?: number;
}

export interface ConektaWebhookConfig {
  readonly kind: 'conekta';
  /** The PEM `public_key` Conekta returned from `POST /webhook_keys`. */
  readonly publicKeyPem: string;
}

export interface GenericWebhookConfig {
  readonly kind: 'generic';
  /** The URL's provider name (`/webhooks/<name>`) and the `generic:<name>:` payment-id prefix. */
  readonly name: string;
  readonly secret: string;
  /** Lower-case header name carrying the signature, e.g. `x-signature`. */
  readonly signatureHeader: string;
  readonly algorithm: 'sha256' | 'sha512';
  readonly encoding: 'hex' | 'base64';
  /** Text before the signature in the header, e.g. `sha256=`. */
  readonly prefix?: string;
  /** Lower-case header with the Unix time (seconds or milliseconds); then `timestamp.body` is signed. */
  readonly timestampHeader?: string;
  /** Used only with `timestampHeader`. Default 300. */
  readonly toleranceSeconds?: number;
}

export type WebhookProviderConfig =
  | StripeWebhookConfig
  | MercadoPagoWebhookConfig
  | ConektaWebhookConfig
  | GenericWebhookConfig;

/** Provider names the URL can never give to a generic config: they belong to the built-in providers. */
const BUILT_IN = ['stripe', 'mercadopago', 'conekta', 'generic'] as const;

// A secret pasted with a trailing newline verifies nothing and fails silently; refuse it up front.
const secret = z
  .string()
  .min(1, 'must not be empty')
  .refine((value) => value === value.trim(), 'has leading or trailing whitespace (a pasted newline?)');

const tolerance = z.number().int().min(1).max(86_400).optional();

// RFC 7230 token, lower case: the adapter lower-cases the names it receives.
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9a-zA-Z-]+$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());

const publicKeyPem = z.string().refine(isRsaPublicKey, 'must be a PEM RSA public key (-----BEGIN PUBLIC KEY-----)');

const configSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('stripe'),
    signingSecrets: z.array(secret).min(1, 'needs at least one secret').max(10),
    toleranceSeconds: tolerance,
  }),
  z.strictObject({ kind: z.literal('mercadopago'), secret, toleranceSeconds: tolerance }),
  z.strictObject({ kind: z.literal('conekta'), publicKeyPem }),
  z.strictObject({
    kind: z.literal('generic'),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, _ or - (it is a URL segment)')
      .refine((name) => !(BUILT_IN as readonly string[]).includes(name), 'is the name of a built-in provider'),
    secret,
    signatureHeader: headerName,
    algorithm: z.enum(['sha256', 'sha512']),
    encoding: z.enum(['hex', 'base64']),
    prefix: z.string().min(1).max(32).optional(),
    timestampHeader: headerName.optional(),
    toleranceSeconds: tolerance,
  }),
]);

// The schema and the documented interfaces must not drift apart.
type Parsed = z.output<typeof configSchema>;
const _parsedIsConfig = (parsed: Parsed): WebhookProviderConfig => parsed;

export type WebhookConfigParseResult =
  | { readonly ok: true; readonly config: WebhookProviderConfig }
  | { readonly ok: false; readonly error: string };

export type WebhookConfigsParseResult =
  | { readonly ok: true; readonly configs: readonly WebhookProviderConfig[] }
  | { readonly ok: false; readonly error: string };

/**
 * Validates one provider config: JSON text (the secret's string value) or an already parsed value.
 * Errors name the field (`signingSecrets[0]: must not be empty`) and never echo a value.
 *
 * @example parseWebhookConfig('{"kind":"stripe","signingSecrets":["whsec_…"]}')
 */
export function parseWebhookConfig(json: unknown): WebhookConfigParseResult {
  const value = readJson(json);
  if (!value.ok) return value;
  const kindError = unknownKind(value.value, 'config');
  if (kindError) return { ok: false, error: kindError };
  const result = configSchema.safeParse(value.value);
  if (!result.success) return { ok: false, error: describeIssues(result.error.issues, 'config') };
  return { ok: true, config: result.data };
}

/** Validates a list of configs (one per provider the deployment accepts); provider names must be unique. */
export function parseWebhookConfigs(json: unknown): WebhookConfigsParseResult {
  const value = readJson(json);
  if (!value.ok) return value;
  if (!Array.isArray(value.value) || value.value.length === 0) {
    return { ok: false, error: 'configs: expected a non-empty array of provider configs' };
  }
  const configs: WebhookProviderConfig[] = [];
  for (const [index, item] of value.value.entries()) {
    const kindError = unknownKind(item, `[${index}]`);
    if (kindError) return { ok: false, error: kindError };
    const result = configSchema.safeParse(item);
    if (!result.success) {
      return { ok: false, error: `[${index}]: ${describeIssues(result.error.issues, 'config')}` };
    }
    const name = webhookProviderName(result.data);
    if (configs.some((config) => webhookProviderName(config) === name)) {
      return { ok: false, error: `[${index}]: provider "${name}" is configured twice` };
    }
    configs.push(result.data);
  }
  return { ok: true, configs };
}

/** The name a request's `provider` must carry to reach this config. */
export function webhookProviderName(config: WebhookProviderConfig): string {
  return config.kind === 'generic' ? config.name : config.kind;
}

function readJson(json: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof json !== 'string') return { ok: true, value: json };
  try {
    return { ok: true, value: JSON.parse(json.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a secret.
    return { ok: false, error: 'config is not valid JSON' };
  }
}

/** zod's "no matching discriminator" says little; name the field and the choices instead. */
function unknownKind(value: unknown, where: string): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${where}: expected an object`;
  const kind = (value as Record<string, unknown>)['kind'];
  if (typeof kind === 'string' && (BUILT_IN as readonly string[]).includes(kind)) return undefined;
  return `${where === 'config' ? '' : `${where}.`}kind: expected one of ${BUILT_IN.map((k) => `"${k}"`).join(', ')}`;
}

function isRsaPublicKey(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}
