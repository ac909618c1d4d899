/**
 * Generic HMAC webhooks: any bank, PSP or in-house system that can sign a body with a shared secret
 * and send OUR documented JSON (one payment, refund or chargeback per call):
 *
 *   { "id": "tx-1", "type": "payment", "amount": "1234.56", "currency": "MXN", "value_date": "2026-03-01",
 *     "reference": "Factura A-17", "payer_name": "ACME SA", "payer_tax_id": "AAA010101AAA",
 *     "payer_account": "012180001234567891", "invoice_numbers": ["A-17"], "account_id": "acme" }
 *
 * `amount` is a decimal string in major units, or `amount_minor` an integer of minor units (one of the
 * two); `reverses` (the `id` of the payment taken back) is required for `refund` and `chargeback`.
 * Signature: `<prefix><hmac(secret, payload)>` in `signatureHeader`, where payload is the raw body, or
 * `<timestamp>.<raw body>` when a `timestampHeader` is configured.
 */
import { z } from 'zod';
import type { Payment } from '../types.js';
import type { GenericWebhookConfig } from './config.js';
import { DEFAULT_TOLERANCE_SECONDS } from './config.js';
import { accept, definedOnly, fromMajor, fromProviderMinor, headerValue, isCalendarDate, metadataOf, parseBody, reject, shapeProblem } from './normalise.js';
import { decodeSignature, equalBytes, hmac, timestampProblem, timestampSeconds } from './signing.js';
import type { WebhookRequest, WebhookResult } from './types.js';

const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const genericBodySchema = z
  .strictObject({
    id: z.string().trim().min(1).max(200),
    type: z.enum(['payment', 'refund', 'chargeback']),
    amount: z.string().regex(/^\d+(?:\.\d+)?$/, 'must be a decimal string such as "1234.56"').nullish(),
    amount_minor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish(),
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as "MXN"'),
    value_date: z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD'),
    reference: optionalText(2000),
    payer_name: optionalText(500),
    payer_tax_id: optionalText(50),
    payer_account: optionalText(100),
    invoice_numbers: z.array(z.string().trim().min(1).max(100)).max(100).nullish(),
    account_id: optionalText(200),
    reverses: z.string().trim().min(1).max(200).nullish(),
  })
  .superRefine((body, context) => {
    if ((body.amount == null) === (body.amount_minor == null)) {
      context.addIssue({ code: 'custom', path: ['amount'], message: 'give exactly one of amount (decimal string) or amount_minor (integer)' });
    }
    if (body.type !== 'payment' && body.reverses == null) {
      context.addIssue({ code: 'custom', path: ['reverses'], message: `a ${body.type} needs the id of the payment it reverses` });
    }
    if (body.type === 'payment' && body.reverses != null) {
      context.addIssue({ code: 'custom', path: ['reverses'], message: 'only a refund or a chargeback reverses a payment' });
    }
  });

/**
 * The headers a sender configured like `config` attaches to `rawBody`. `timestamp` (Unix seconds) is
 * required when the config has a `timestampHeader`. For the local simulator, tests and integrators' docs.
 */
export function signGeneric(config: GenericWebhookConfig, rawBody: string, timestamp?: number): Record<string, string> {
  if (config.timestampHeader !== undefined && timestamp === undefined) {
    throw new Error(`signGeneric: provider "${config.name}" signs a timestamp (${config.timestampHeader}); pass one`);
  }
  const payload = config.timestampHeader !== undefined ? `${timestamp}.${rawBody}` : rawBody;
  const signature = hmac(config.algorithm, config.secret, payload).toString(config.encoding);
  return {
    [config.signatureHeader]: `${config.prefix ?? ''}${signature}`,
    ...(config.timestampHeader !== undefined ? { [config.timestampHeader]: String(timestamp) } : {}),
  };
}

const DIGEST_BYTES = { sha256: 32, sha512: 64 } as const;

export function verifyGeneric(request: WebhookRequest, config: GenericWebhookConfig, now: Date): WebhookResult {
  const header = headerValue(request, config.signatureHeader);
  if (header === undefined) return reject(401, `${config.signatureHeader} header is missing`);
  const prefix = config.prefix ?? '';
  if (header.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
    return reject(401, `${config.signatureHeader} header does not start with "${prefix}"`);
  }
  const signature = decodeSignature(header.slice(prefix.length), config.encoding);
  if (signature?.length !== DIGEST_BYTES[config.algorithm]) {
    return reject(401, `${config.signatureHeader} header is not a ${config.encoding} HMAC-${config.algorithm.toUpperCase()}`);
  }
  let payload = request.rawBody;
  let seconds: number | undefined;
  if (config.timestampHeader !== undefined) {
    const timestamp = headerValue(request, config.timestampHeader);
    if (timestamp === undefined) return reject(401, `${config.timestampHeader} header is missing`);
    seconds = timestampSeconds(timestamp);
    if (seconds === undefined) return reject(401, `${config.timestampHeader} header is not a Unix time`);
    payload = `${timestamp}.${request.rawBody}`;
  }
  if (!equalBytes(signature, hmac(config.algorithm, config.secret, payload))) {
    return reject(401, `${config.signatureHeader} does not match the ${config.timestampHeader ? 'timestamp and body' : 'body'} under the configured secret`);
  }
  if (seconds !== undefined) {
    const problem = timestampProblem(seconds, now, config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
    if (problem !== undefined) return reject(401, `${config.timestampHeader}: ${problem}`);
  }

  const body = parseBody(request.rawBody);
  if (!body.ok) return body;
  const parsed = genericBodySchema.safeParse(body.value);
  if (!parsed.success) return shapeProblem(parsed.error, `not a ${config.name} payment (see the generic webhook shape)`);
  const item = parsed.data;
  const money = item.amount != null ? fromMajor(item.amount, item.currency) : fromProviderMinor(item.amount_minor ?? 0, item.currency, (_, iso) => iso);
  if (!money.ok) return reject(422, `amount: ${money.reason}`);
  const prefixId = `generic:${config.name}:`;
  const invoiceNumbers = item.invoice_numbers?.length ? [...new Set(item.invoice_numbers)] : undefined;
  const links = definedOnly({ invoiceNumbers, accountId: item.account_id || undefined });
  const payment = definedOnly<Payment>({
    paymentId: `${prefixId}${item.id}`,
    source: 'generic',
    kind: item.type,
    amount: money.minor,
    currency: money.currency,
    valueDate: item.value_date,
    payerName: item.payer_name || undefined,
    payerTaxId: item.payer_tax_id || undefined,
    payerAccount: item.payer_account || undefined,
    reference: item.reference || undefined,
    links: Object.keys(links).length > 0 ? links : undefined,
    reversesPaymentId: item.reverses != null ? `${prefixId}${item.reverses}` : undefined,
    metadata: metadataOf({ provider: config.name }),
  });
  return accept(item.id, item.type, [payment]);
}
