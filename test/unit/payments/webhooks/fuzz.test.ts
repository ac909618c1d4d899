import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  signConekta,
  signGeneric,
  signMercadoPago,
  signStripe,
  verifyWebhook,
  type GenericWebhookConfig,
  type WebhookProviderConfig,
  type WebhookRequest,
  type WebhookResult,
} from '../../../../shared/domain/payments/webhooks/index.js';
import { fixtureJson, NOW, NOW_SECONDS } from './support.js';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const SECRETS = ['whsec_fuzz_secret', 'mp_fuzz_secret', 'generic_fuzz_secret'];
const generic: GenericWebhookConfig = {
  kind: 'generic',
  name: 'bank',
  secret: 'generic_fuzz_secret',
  signatureHeader: 'x-signature',
  algorithm: 'sha256',
  encoding: 'base64',
  timestampHeader: 'x-timestamp',
};
const CONFIGS: readonly WebhookProviderConfig[] = [
  { kind: 'stripe', signingSecrets: ['whsec_fuzz_secret'] },
  { kind: 'mercadopago', secret: 'mp_fuzz_secret' },
  { kind: 'conekta', publicKeyPem: keys.publicKey },
  generic,
];

const STATUSES = new Set([400, 401, 404, 409, 422]);

/** Every result is well formed: a reason when refused or when nothing came of it, and valid payments. */
function expectWellFormed(result: WebhookResult): void {
  if (!result.ok) {
    expect(STATUSES.has(result.status)).toBe(true);
    expect(result.error.length).toBeGreaterThan(0);
    expect(result.error).not.toMatch(/internal error/);
    for (const secret of SECRETS) expect(result.error).not.toContain(secret);
    return;
  }
  expect(result.eventId.length).toBeGreaterThan(0);
  expect(result.eventType.length).toBeGreaterThan(0);
  if (result.payments.length === 0 && result.lookups.length === 0) expect(result.ignored?.length).toBeGreaterThan(0);
  for (const payment of result.payments) {
    expect(Number.isSafeInteger(payment.amount) && payment.amount > 0).toBe(true);
    expect(payment.currency).toMatch(/^[A-Z]{3}$/);
    expect(payment.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(payment.paymentId.startsWith(`${payment.source}:`)).toBe(true);
    expect(payment.paymentId.length).toBeLessThanOrEqual(300);
    expect(payment.kind === 'payment' || payment.reversesPaymentId !== undefined).toBe(true);
    for (const value of Object.values(payment.metadata ?? {})) expect(typeof value).toBe('string');
  }
  for (const lookup of result.lookups) expect(lookup.id.length).toBeGreaterThan(0);
}

const headerNames = fc.constantFrom('stripe-signature', 'x-signature', 'x-request-id', 'digest', 'x-timestamp', 'content-type');
const headerValues = fc.oneof(
  fc.string(),
  fc.constant(undefined),
  fc.stringMatching(/^t=\d{1,13},v1=[0-9a-f]{0,64}(,v1=[0-9a-z]{0,64})?$/),
  fc.stringMatching(/^ts=\d{1,14},v1=[0-9a-f]{64}$/),
  fc.base64String(),
);
const anyHeaders = fc.dictionary(headerNames, headerValues) as fc.Arbitrary<Record<string, string | undefined>>;
const anyBody = fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((value) => JSON.stringify(value)));
const anyQuery = fc.option(fc.dictionary(fc.constantFrom('data.id', 'type', 'id'), fc.string()), { nil: undefined });

describe('fuzzing: verifyWebhook never throws and always says why', () => {
  it('random providers, headers and bodies: refused with a status and a reason, never accepted unsigned', () => {
    fc.assert(
      fc.property(fc.constantFrom('stripe', 'mercadopago', 'conekta', 'bank', 'paypal', ''), anyHeaders, anyBody, anyQuery, (provider, headers, rawBody, query) => {
        const request: WebhookRequest = { provider, headers, rawBody, ...(query ? { query } : {}) };
        const result = verifyWebhook(request, CONFIGS, NOW);
        expectWellFormed(result);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Values that break naive code: signs, fractions, out-of-range times, odd currencies, wrong types. */
const EDGE_VALUES: readonly unknown[] = [
  0, -1, 1.5, 1e21, 9e15, Number.MAX_SAFE_INTEGER, '', ' ', 'JPY', 'isk', 'approved', 'refunded', 'charged_back',
  '0050-01-01T00:00:00Z', '2026-02-30T10:00:00Z', null, [], {}, true,
];

/** Every leaf path of a JSON value, so a mutation can land anywhere in a realistic payload. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
  const nested = entries.flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return nested.length > 0 ? nested : [path];
}

function setAt(root: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = replacement;
  return copy;
}

/**
 * A realistic payload with a few leaves replaced by arbitrary JSON (types, nulls, huge numbers…).
 * Half the picks land on shallow leaves (`created`, `data.object.amount`), where the fields we read
 * live; the rest anywhere.
 */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(base);
  const shallow = paths.filter((path) => path.length <= 3);
  const pick = fc.oneof(
    fc.nat({ max: paths.length - 1 }).map((index) => paths[index] ?? []),
    fc.nat({ max: Math.max(shallow.length - 1, 0) }).map((index) => shallow[index] ?? []),
  );
  const replacement = fc.oneof(fc.jsonValue(), fc.constantFrom(...EDGE_VALUES));
  return fc
    .array(fc.tuple(pick, replacement), { maxLength: 3 })
    .map((changes) => changes.reduce((value, [path, next]) => setAt(value, path, next), base));
}

const STRIPE_FIXTURES = [
  'stripe-ruby-mock_payment_intent.succeeded.json',
  'stripe-ruby-mock_charge.succeeded.json',
  'stripe-ruby-mock_charge.refunded.json',
  'stripe-ruby-mock_invoice.paid.json',
  'stripe-ruby-mock_checkout.session.completed.payment_mode.json',
  'stripe-ruby-mock_payment_intent.payment_failed.json',
].map(fixtureJson);

const MERCADO_PAGO_BODIES: unknown[] = [
  { action: 'payment.updated', type: 'payment', data: { id: '123' } },
  {
    id: 123,
    status: 'approved',
    status_detail: 'accredited',
    currency_id: 'MXN',
    transaction_amount: 100.5,
    date_approved: '2026-03-01T10:00:00.000-06:00',
    external_reference: 'A-1',
    payer: { first_name: 'Ana', last_name: 'Ruiz', identification: { type: 'RFC', number: 'RUAA800101AAA' } },
    refunds: [{ id: 9, amount: 10, status: 'approved', date_created: '2026-03-02T10:00:00.000-06:00' }],
  },
  fixtureJson('mp-sdk-go_refund_response.json'),
  fixtureJson('mp-sdk-go_order_create_full_order_response.json'),
];

const CONEKTA_BODY = {
  id: 'evt_1',
  type: 'order.paid',
  created_at: 1599500001,
  data: {
    object: {
      id: 'ord_1',
      object: 'order',
      amount: 10000,
      currency: 'MXN',
      amount_refunded: 0,
      customer_info: { name: 'Ana' },
      metadata: { invoice_numbers: 'A-1,A-2' },
      charges: { data: [{ id: 'chg_1', amount: 10000, currency: 'MXN', status: 'paid', paid_at: 1599500000, refunds: { data: [{ id: 'r1', amount: -100 }] } }] },
    },
    previous_attributes: { amount_refunded: 0 },
  },
};

const GENERIC_BODY = { id: 'tx-1', type: 'refund', amount: '10.50', currency: 'MXN', value_date: '2026-03-01', reverses: 'tx-0', invoice_numbers: ['A-1'] };

const typeNames = fc.constantFrom(
  'payment_intent.succeeded', 'charge.succeeded', 'charge.refunded', 'invoice.paid', 'checkout.session.completed',
  'charge.dispute.funds_withdrawn', 'order.paid', 'order.refunded', 'charge.paid', 'order.charged_back',
);

describe('fuzzing: correctly signed, randomly mutated payloads', () => {
  it('Stripe: every mutated event is a well-formed result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STRIPE_FIXTURES).chain(mutated), typeNames, fc.boolean(), (event, type, retype) => {
        const body = retype && event !== null && typeof event === 'object' && !Array.isArray(event) ? { ...event, type } : event;
        const rawBody = JSON.stringify(body) ?? 'null';
        const headers = { 'stripe-signature': signStripe(rawBody, 'whsec_fuzz_secret', NOW_SECONDS) };
        expectWellFormed(verifyWebhook({ provider: 'stripe', headers, rawBody }, CONFIGS, NOW));
      }),
      { numRuns: 400 },
    );
  });

  it('Mercado Pago: every mutated body, with or without a query data.id, is a well-formed result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MERCADO_PAGO_BODIES).chain(mutated), fc.option(fc.oneof(fc.constant('123'), fc.string()), { nil: undefined }), (body, dataId) => {
        const rawBody = JSON.stringify(body) ?? 'null';
        const headers = {
          'x-request-id': 'req-1',
          'x-signature': signMercadoPago({ secret: 'mp_fuzz_secret', dataId: dataId ?? readDataId(body), requestId: 'req-1', ts: NOW_SECONDS }),
        };
        const request: WebhookRequest = { provider: 'mercadopago', headers, rawBody, ...(dataId !== undefined ? { query: { 'data.id': dataId } } : {}) };
        const result = verifyWebhook(request, CONFIGS, NOW);
        expectWellFormed(result);
      }),
      { numRuns: 400 },
    );
  });

  it('Conekta: every mutated event is a well-formed result', () => {
    fc.assert(
      fc.property(mutated(CONEKTA_BODY), typeNames, (body, type) => {
        const rawBody = JSON.stringify(body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body, type } : body) ?? 'null';
        const headers = { digest: signConekta(rawBody, keys.privateKey) };
        expectWellFormed(verifyWebhook({ provider: 'conekta', headers, rawBody }, CONFIGS, NOW));
      }),
      { numRuns: 200 },
    );
  });

  it('generic: every mutated body is a well-formed result', () => {
    fc.assert(
      fc.property(mutated(GENERIC_BODY), (body) => {
        const rawBody = JSON.stringify(body) ?? 'null';
        const headers = signGeneric(generic, rawBody, NOW_SECONDS);
        expectWellFormed(verifyWebhook({ provider: 'bank', headers, rawBody }, CONFIGS, NOW));
      }),
      { numRuns: 400 },
    );
  });
});

/** The body's data.id as the signer would take it when there is no query string. */
function readDataId(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const data = (body as Record<string, unknown>)['data'];
  if (data === null || typeof data !== 'object') return undefined;
  const id = (data as Record<string, unknown>)['id'];
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** Signs a body the way each provider would, so only normalisation is exercised. */
function signedRequest(provider: string, body: unknown): WebhookRequest {
  const rawBody = JSON.stringify(body) ?? 'null';
  switch (provider) {
    case 'stripe':
      return { provider, rawBody, headers: { 'stripe-signature': signStripe(rawBody, 'whsec_fuzz_secret', NOW_SECONDS) } };
    case 'mercadopago': {
      const dataId = readDataId(body);
      return { provider, rawBody, headers: { 'x-request-id': 'req-1', 'x-signature': signMercadoPago({ secret: 'mp_fuzz_secret', dataId, requestId: 'req-1', ts: NOW_SECONDS }) } };
    }
    case 'conekta':
      return { provider, rawBody, headers: { digest: signConekta(rawBody, keys.privateKey) } };
    default:
      return { provider, rawBody, headers: signGeneric(generic, rawBody, NOW_SECONDS) };
  }
}

describe('edge values at every field near the top of each payload (systematic, not random)', () => {
  const payloads: [string, unknown][] = [
    ...STRIPE_FIXTURES.map((event) => ['stripe', event] as [string, unknown]),
    ...MERCADO_PAGO_BODIES.map((body) => ['mercadopago', body] as [string, unknown]),
    ['conekta', CONEKTA_BODY],
    ['bank', GENERIC_BODY],
  ];
  it.each(payloads.map(([provider, body], i) => [i, provider, body] as const))('payload %i (%s)', (_, provider, body) => {
    for (const path of leafPaths(body).filter((leaf) => leaf.length <= 4)) {
      for (const value of EDGE_VALUES) expectWellFormed(verifyWebhook(signedRequest(provider, setAt(body, path, value)), CONFIGS, NOW));
    }
  });
});
