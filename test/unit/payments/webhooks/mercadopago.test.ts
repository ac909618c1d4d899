import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signMercadoPago,
  verifyWebhook,
  type MercadoPagoWebhookConfig,
  type WebhookResult,
} from '../../../../shared/domain/payments/webhooks/index.js';
import { fixture, fixtureJson, NOW, NOW_SECONDS, request } from './support.js';

const SECRET = 'mp-webhook-secret-0123456789';
const config: MercadoPagoWebhookConfig = { kind: 'mercadopago', secret: SECRET };
const REQUEST_ID = 'f7b2a1d4-0b1c-4ec2-aaaa-9e8b1d2f3c4d';

/** The notification Mercado Pago documents for a payment (body of `POST ?data.id=…&type=payment`). */
function notification(dataId: string, action = 'payment.updated', type = 'payment'): string {
  return JSON.stringify({
    id: 112233445566,
    live_mode: true,
    type,
    date_created: '2026-03-02T11:59:58.000-03:00',
    application_id: 1234567890,
    user_id: 987654321,
    version: 1,
    api_version: 'v1',
    action,
    data: { id: dataId },
  });
}

interface Delivery {
  readonly body: string;
  readonly dataId?: string;
  readonly query?: Record<string, string> | null;
  readonly requestId?: string | null;
  readonly ts?: number | string;
  readonly secret?: string;
  readonly header?: string;
}

function deliver(delivery: Delivery, cfg: MercadoPagoWebhookConfig = config, now = NOW): WebhookResult {
  const requestId = delivery.requestId === null ? undefined : (delivery.requestId ?? REQUEST_ID);
  const query = delivery.query === null ? undefined : (delivery.query ?? (delivery.dataId ? { 'data.id': delivery.dataId, type: 'payment' } : undefined));
  const header =
    delivery.header ??
    signMercadoPago({ secret: delivery.secret ?? SECRET, dataId: delivery.dataId, requestId, ts: delivery.ts ?? NOW_SECONDS });
  return verifyWebhook(
    request('mercadopago', delivery.body, { 'x-signature': header, 'x-request-id': requestId, 'content-type': 'application/json' }, query),
    cfg,
    now,
  );
}

function accepted(result: WebhookResult) {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.status}: ${result.error}`);
  return result;
}

/**
 * A payment as `GET /v1/payments/{id}` returns it (shape of Mercado Pago's API reference; the SDK
 * fixtures hold no complete payment). The refund is the Go SDK's refund response, unchanged.
 */
function paymentResource(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7186040733,
    date_created: '2024-02-05T15:30:02.000-04:00',
    date_approved: '2024-02-05T15:30:04.000-04:00',
    date_last_updated: '2024-02-05T15:35:49.000-04:00',
    money_release_date: '2024-02-05T15:30:04.000-04:00',
    payment_method_id: 'pix',
    payment_type_id: 'bank_transfer',
    status: 'approved',
    status_detail: 'accredited',
    currency_id: 'BRL',
    description: 'Fatura A-17',
    collector_id: 1340175910,
    payer: {
      id: '123',
      email: 'financeiro@cliente.com.br',
      first_name: 'Test',
      last_name: 'Test',
      identification: { type: 'CNPJ', number: '12345678000195' },
      type: 'customer',
    },
    metadata: {},
    external_reference: 'A-17',
    transaction_amount: 10,
    transaction_amount_refunded: 0,
    refunds: [],
    ...overrides,
  };
}

describe('Mercado Pago: signature (manifest id:<data.id>;request-id:<x-request-id>;ts:<ts>;)', () => {
  it('a documented notification with the query data.id verifies and becomes a lookup of that payment', () => {
    const result = deliver({ body: notification('1234567890'), dataId: '1234567890' });
    expect(result).toEqual({
      ok: true,
      eventId: '112233445566',
      eventType: 'payment.updated',
      payments: [],
      lookups: [{ resource: 'payment', id: '1234567890' }],
    });
  });

  it('the manifest is exactly Mercado Pago\'s template, computed independently here', () => {
    const manifest = `id:1234567890;request-id:${REQUEST_ID};ts:${NOW_SECONDS};`;
    const v1 = createHmac('sha256', SECRET).update(manifest).digest('hex');
    expect(signMercadoPago({ secret: SECRET, dataId: '1234567890', requestId: REQUEST_ID, ts: NOW_SECONDS })).toBe(`ts=${NOW_SECONDS},v1=${v1}`);
    expect(deliver({ body: notification('1234567890'), dataId: '1234567890', header: `ts=${NOW_SECONDS},v1=${v1}` }).ok).toBe(true);
  });

  it('an alphanumeric data.id is signed lower-cased (Orders API ids), and an order notification is a lookup of the order', () => {
    const id = 'ORD01HRYFWNYRE1MR1E60MW3X0T2P';
    const v1 = createHmac('sha256', SECRET).update(`id:${id.toLowerCase()};request-id:${REQUEST_ID};ts:${NOW_SECONDS};`).digest('hex');
    const result = deliver({
      body: notification(id, 'order.processed', 'order'),
      query: { 'data.id': id, type: 'order' },
      header: `ts=${NOW_SECONDS},v1=${v1}`,
    });
    expect(accepted(result).lookups).toEqual([{ resource: 'order', id }]);
  });

  it('without a query string, data.id is taken from the body', () => {
    expect(accepted(deliver({ body: notification('1234567890'), dataId: '1234567890', query: null })).lookups).toEqual([
      { resource: 'payment', id: '1234567890' },
    ]);
  });

  it('a missing x-request-id is left out of the manifest, as the docs say', () => {
    const v1 = createHmac('sha256', SECRET).update(`id:1234567890;ts:${NOW_SECONDS};`).digest('hex');
    const result = deliver({ body: notification('1234567890'), dataId: '1234567890', requestId: null, header: `ts=${NOW_SECONDS},v1=${v1}` });
    expect(result.ok).toBe(true);
  });

  it('ts in milliseconds is read as milliseconds (and signed as sent)', () => {
    expect(deliver({ body: notification('1'), dataId: '1', ts: NOW.getTime() }).ok).toBe(true);
    const stale = deliver({ body: notification('1'), dataId: '1', ts: NOW.getTime() - 600_000 });
    expect(stale).toEqual({
      ok: false,
      status: 401,
      error: 'x-signature: signature timestamp is 600 s old, beyond the 300 s tolerance (a replayed or long-delayed delivery)',
    });
  });

  it('a stale ts in seconds is refused with its age; the tolerance is configurable', () => {
    const result = deliver({ body: notification('1'), dataId: '1', ts: NOW_SECONDS - 400 });
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.error).toContain('400 s old');
    expect(deliver({ body: notification('1'), dataId: '1', ts: NOW_SECONDS - 400 }, { ...config, toleranceSeconds: 900 }).ok).toBe(true);
  });

  it('a wrong secret, another data.id or another request id is refused (401) without revealing the secret', () => {
    const wrongSecret = deliver({ body: notification('1234567890'), dataId: '1234567890', secret: 'not-the-secret' });
    expect(wrongSecret).toMatchObject({ ok: false, status: 401 });
    expect(!wrongSecret.ok && wrongSecret.error).not.toContain(SECRET);
    const header = signMercadoPago({ secret: SECRET, dataId: '1234567890', requestId: REQUEST_ID, ts: NOW_SECONDS });
    expect(deliver({ body: notification('999'), dataId: '999', header })).toMatchObject({ ok: false, status: 401 });
    expect(deliver({ body: notification('1234567890'), dataId: '1234567890', header, requestId: 'another' })).toMatchObject({ ok: false, status: 401 });
  });

  it.each([
    ['missing', undefined, 'x-signature header is missing'],
    ['without ts', `v1=${'a'.repeat(64)}`, 'no valid timestamp'],
    ['with a ts that is not a number', `ts=now,v1=${'a'.repeat(64)}`, 'no valid timestamp'],
    ['without v1', `ts=${NOW_SECONDS}`, 'no v1 signature'],
    ['with a short v1', `ts=${NOW_SECONDS},v1=abcd`, 'no v1 signature'],
  ])('an x-signature %s is refused (401)', (_, header, message) => {
    const result = verifyWebhook(
      request('mercadopago', notification('1'), { 'x-signature': header, 'x-request-id': REQUEST_ID }, { 'data.id': '1' }),
      config,
      NOW,
    );
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.error).toContain(message);
  });

  it('a body whose data.id contradicts the signed query data.id is a 409', () => {
    const result = deliver({ body: notification('666'), dataId: '1234567890' });
    expect(result).toEqual({ ok: false, status: 409, error: 'body data.id "666" is not the signed data.id "1234567890"' });
  });
});

describe('Mercado Pago: bodies carrying the payment resource (fetch-free)', () => {
  it('an approved payment → a payment with payer, tax id and external_reference as the invoice link', () => {
    const result = accepted(deliver({ body: JSON.stringify(paymentResource()), dataId: '7186040733' }));
    expect(result.eventId).toBe(REQUEST_ID);
    expect(result.eventType).toBe('payment.approved');
    expect(result.payments).toEqual([
      {
        paymentId: 'mercadopago:7186040733',
        source: 'mercadopago',
        kind: 'payment',
        amount: 1000,
        currency: 'BRL',
        valueDate: '2024-02-05',
        payerName: 'Test Test',
        payerTaxId: '12345678000195',
        reference: 'A-17',
        links: { invoiceNumbers: ['A-17'] },
        metadata: {
          status: 'approved',
          statusDetail: 'accredited',
          paymentMethod: 'pix',
          payerEmail: 'financeiro@cliente.com.br',
          payerTaxIdType: 'CNPJ',
        },
      },
    ]);
  });

  it('the same payment inside a notification\'s data is read the same way', () => {
    const body = JSON.stringify({ action: 'payment.updated', type: 'payment', data: paymentResource() });
    const result = accepted(deliver({ body, dataId: '7186040733' }));
    expect(result.eventType).toBe('payment.updated');
    expect(result.payments.map((payment) => [payment.paymentId, payment.amount])).toEqual([['mercadopago:7186040733', 1000]]);
  });

  it('a partial refund (the SDK\'s refund response in the payment\'s refunds) → the payment and the refund', () => {
    const refund = fixtureJson('mp-sdk-go_refund_response.json');
    const body = JSON.stringify(paymentResource({ transaction_amount_refunded: 1.5, refunds: [refund] }));
    const [payment, reversal] = accepted(deliver({ body, dataId: '7186040733' })).payments;
    expect(payment).toMatchObject({ paymentId: 'mercadopago:7186040733', kind: 'payment', amount: 1000 });
    expect(reversal).toEqual({
      paymentId: 'mercadopago:7186040733:refund:1622029222',
      source: 'mercadopago',
      kind: 'refund',
      amount: 150,
      currency: 'BRL',
      valueDate: '2024-02-05',
      reversesPaymentId: 'mercadopago:7186040733',
      metadata: { status: 'approved', statusDetail: 'accredited', paymentMethod: 'pix', refund: '1622029222' },
    });
  });

  it('refunded without the refund list → one refund of transaction_amount_refunded', () => {
    const body = JSON.stringify(paymentResource({ status: 'refunded', status_detail: 'refunded', transaction_amount_refunded: 10, refunds: undefined }));
    const payments = accepted(deliver({ body, dataId: '7186040733' })).payments;
    expect(payments.map((p) => [p.paymentId, p.kind, p.amount, p.reversesPaymentId])).toEqual([
      ['mercadopago:7186040733', 'payment', 1000, undefined],
      ['mercadopago:7186040733:refund', 'refund', 1000, 'mercadopago:7186040733'],
    ]);
  });

  it('charged_back → the payment and a chargeback of its amount', () => {
    const body = JSON.stringify(paymentResource({ status: 'charged_back', status_detail: 'reimbursed' }));
    const payments = accepted(deliver({ body, dataId: '7186040733' })).payments;
    expect(payments.map((p) => [p.paymentId, p.kind, p.amount])).toEqual([
      ['mercadopago:7186040733', 'payment', 1000],
      ['mercadopago:7186040733:chargeback', 'chargeback', 1000],
    ]);
  });

  it.each([
    ['MXN', 1500.5, 150050],
    ['CLP', 15000, 15000],
    ['COP', 1234567.89, 123456789],
  ])('%s %d → %i minor units, exactly', (currency, amount, minor) => {
    const body = JSON.stringify(paymentResource({ currency_id: currency, transaction_amount: amount }));
    expect(accepted(deliver({ body, dataId: '7186040733' })).payments[0]).toMatchObject({ currency, amount: minor });
  });

  it('an amount the currency cannot hold (CLP 1500.5) is a 422, never rounded', () => {
    const body = JSON.stringify(paymentResource({ currency_id: 'CLP', transaction_amount: 1500.5 }));
    const result = deliver({ body, dataId: '7186040733' });
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(!result.ok && result.error).toContain('CLP has no decimals');
  });

  it('a payment resource that is not the signed data.id is a 409', () => {
    expect(deliver({ body: JSON.stringify(paymentResource()), dataId: '1' })).toMatchObject({ ok: false, status: 409 });
  });

  it('the SDK\'s payment search results: approved but thin → lookup; pending → ignored with its status', () => {
    const search = fixtureJson('mp-sdk-go_payment_search_response.json');
    const [approved, pending] = search['results'] as Record<string, unknown>[];
    expect(accepted(deliver({ body: JSON.stringify(approved), dataId: '57592046572' })).lookups).toEqual([
      { resource: 'payment', id: '57592046572' },
    ]);
    const ignored = accepted(deliver({ body: JSON.stringify(pending), dataId: '57592038796' }));
    expect(ignored.payments).toEqual([]);
    expect(ignored.ignored).toBe('payment 57592038796 is pending (pending_waiting_transfer), not approved');
  });

  it('the SDK\'s refund response alone has no currency → lookup of the payment it refunds', () => {
    const body = fixture('mp-sdk-go_refund_response.json');
    expect(accepted(deliver({ body, dataId: '7186040733' })).lookups).toEqual([{ resource: 'payment', id: '7186040733' }]);
  });

  it('the SDK\'s Orders API order → lookup of the order; a merchant order → ignored', () => {
    const order = fixture('mp-sdk-go_order_create_full_order_response.json');
    expect(accepted(deliver({ body: order, dataId: '01HRYFWNYRE1MR1E60MW3X0T2P' })).lookups).toEqual([
      { resource: 'order', id: '01HRYFWNYRE1MR1E60MW3X0T2P' },
    ]);
    const merchantOrder = fixture('mp-sdk-go_merchantorder_get_response.json');
    expect(accepted(deliver({ body: merchantOrder, dataId: '1234545454543' })).ignored).toMatch(/merchant order is not a payment/);
  });

  it('notification topics that are not payments are ignored with the topic', () => {
    const result = accepted(deliver({ body: notification('55', 'created', 'subscription_preapproval'), dataId: '55' }));
    expect(result.ignored).toBe('notification type "subscription_preapproval" is not a payment');
  });

  it('a correctly signed body that is not JSON is a 400; JSON of another shape a 422', () => {
    expect(deliver({ body: '<xml/>', dataId: '1' })).toMatchObject({ ok: false, status: 400 });
    expect(deliver({ body: '[1,2]', dataId: '1' })).toMatchObject({ ok: false, status: 422 });
    const result = deliver({ body: JSON.stringify({ id: 1, status: 'approved', transaction_amount: 'ten' }), dataId: '1' });
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(!result.ok && result.error).toContain('transaction_amount');
  });
});
