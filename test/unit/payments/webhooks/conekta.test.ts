import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseWebhookConfig,
  signConekta,
  verifyWebhook,
  type ConektaWebhookConfig,
  type WebhookResult,
} from '../../../../shared/domain/payments/webhooks/index.js';
import { NOW, request } from './support.js';

function pemKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
const keys = pemKeyPair();
const otherKeys = pemKeyPair();
const config: ConektaWebhookConfig = { kind: 'conekta', publicKeyPem: keys.publicKey };

function deliver(body: string, digest: string | undefined = signConekta(body, keys.privateKey)): WebhookResult {
  return verifyWebhook(request('conekta', body, { digest }), config, NOW);
}

function accepted(result: WebhookResult) {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.status}: ${result.error}`);
  return result;
}

/** An order.paid event shaped as Conekta's docs show it (order object with its charges). */
function orderEvent(type: string, order: Record<string, unknown> = {}, previous?: Record<string, unknown>): string {
  return JSON.stringify({
    data: {
      object: {
        livemode: false,
        amount: 1766900,
        currency: 'MXN',
        amount_refunded: 0,
        payment_status: 'paid',
        customer_info: { email: 'soporte@conekta.com', phone: '5555555555', name: 'Soporte Conekta', object: 'customer_info' },
        object: 'order',
        id: 'ord_2iUN',
        metadata: { invoice_number: 'F-1001', account_id: 'acme' },
        created_at: 1599496065,
        charges: {
          object: 'list',
          has_more: false,
          total: 1,
          data: [
            {
              id: '5f567a8a7e7e5d0f8b3f9b1a',
              livemode: false,
              created_at: 1599496066,
              currency: 'MXN',
              payment_method: { clabe: '646180111812345678', bank: 'STP', object: 'bank_transfer_payment', type: 'spei' },
              object: 'charge',
              description: 'Payment from order',
              status: 'paid',
              amount: 1766900,
              paid_at: 1599500000,
              fee: 928,
              order_id: 'ord_2iUN',
            },
          ],
        },
        ...order,
      },
      ...(previous ? { previous_attributes: previous } : {}),
    },
    livemode: false,
    webhook_status: 'pending',
    id: '5f567a8b7e7e5d0f8b3f9b1c',
    object: 'event',
    type,
    created_at: 1599500001,
  });
}

describe('Conekta: RSA signature in the digest header', () => {
  it('order.paid → the order\'s payment in MXN cents, with payer, links and payment method', () => {
    const result = accepted(deliver(orderEvent('order.paid')));
    expect(result.eventId).toBe('5f567a8b7e7e5d0f8b3f9b1c');
    expect(result.payments).toEqual([
      {
        paymentId: 'conekta:ord_2iUN',
        source: 'conekta',
        kind: 'payment',
        amount: 1766900,
        currency: 'MXN',
        valueDate: '2020-09-07',
        payerName: 'Soporte Conekta',
        reference: 'Payment from order',
        links: { invoiceNumbers: ['F-1001'], accountId: 'acme' },
        metadata: {
          event: '5f567a8b7e7e5d0f8b3f9b1c',
          eventType: 'order.paid',
          livemode: 'false',
          order: 'ord_2iUN',
          charge: '5f567a8a7e7e5d0f8b3f9b1a',
          paymentMethod: 'spei',
          payerEmail: 'soporte@conekta.com',
        },
      },
    ]);
  });

  it('the signature is RSA-SHA256 of the raw body, base64 (what crypto.sign produces independently)', () => {
    const body = orderEvent('order.paid');
    const digest = sign('sha256', Buffer.from(body, 'utf8'), keys.privateKey).toString('base64');
    expect(signConekta(body, keys.privateKey)).toBe(digest);
    expect(deliver(body, digest).ok).toBe(true);
  });

  it('a charge event carries the charge: the payment is still keyed by its order', () => {
    const body = JSON.stringify({
      id: 'evt_charge_paid',
      type: 'charge.paid',
      created_at: 1599500001,
      data: { object: { id: 'chg_1', object: 'charge', amount: 50000, currency: 'MXN', status: 'paid', paid_at: 1599500000, order_id: 'ord_2iUN' } },
    });
    expect(accepted(deliver(body)).payments[0]).toMatchObject({ paymentId: 'conekta:ord_2iUN', amount: 50000, currency: 'MXN' });
  });

  it('order.partially_refunded with the refunds listed → each refund (amounts are negative in Conekta)', () => {
    const body = orderEvent('order.partially_refunded', {
      amount_refunded: 20000,
      payment_status: 'partially_refunded',
      charges: { data: [{ id: 'chg_1', amount: 1766900, currency: 'MXN', status: 'partially_refunded', refunds: { data: [{ id: 'ref_1', amount: -20000, created_at: 1599600000, object: 'refund' }] } }] },
    });
    expect(accepted(deliver(body)).payments).toEqual([
      {
        paymentId: 'conekta:ord_2iUN:refund:ref_1',
        source: 'conekta',
        kind: 'refund',
        amount: 20000,
        currency: 'MXN',
        valueDate: '2020-09-08',
        reversesPaymentId: 'conekta:ord_2iUN',
        metadata: { event: '5f567a8b7e7e5d0f8b3f9b1c', eventType: 'order.partially_refunded', livemode: 'false', order: 'ord_2iUN', refund: 'ref_1' },
      },
    ]);
  });

  it('order.refunded without a refund list → the increase of amount_refunded', () => {
    const body = orderEvent('order.refunded', { amount_refunded: 1766900, payment_status: 'refunded', charges: null }, { amount_refunded: 20000 });
    expect(accepted(deliver(body)).payments.map((p) => [p.paymentId, p.kind, p.amount])).toEqual([
      ['conekta:ord_2iUN:refunded-to:1766900', 'refund', 1746900],
    ]);
  });

  it('order.charged_back → a chargeback of the order', () => {
    expect(accepted(deliver(orderEvent('order.charged_back'))).payments.map((p) => [p.paymentId, p.kind, p.amount, p.reversesPaymentId])).toEqual([
      ['conekta:ord_2iUN:chargeback', 'chargeback', 1766900, 'conekta:ord_2iUN'],
    ]);
  });

  it('other events are accepted and ignored', () => {
    expect(accepted(deliver(orderEvent('order.pending_payment'))).ignored).toBe('event type order.pending_payment is not a payment');
  });

  it('a body changed after signing is refused (401)', () => {
    const body = orderEvent('order.paid');
    const digest = signConekta(body, keys.privateKey);
    expect(deliver(body.replace('1766900', '9766900'), digest)).toMatchObject({ ok: false, status: 401 });
  });

  it('a signature by another key is refused (401)', () => {
    const body = orderEvent('order.paid');
    const result = deliver(body, signConekta(body, otherKeys.privateKey));
    expect(result).toEqual({ ok: false, status: 401, error: 'digest does not verify against the body with the configured Conekta public key' });
  });

  it.each([
    ['missing', undefined, 'digest header is missing'],
    ['not base64', 'this is *not* base64!', 'not a base64 signature'],
    ['an RFC 3230 body digest', 'SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=', 'not a base64 signature'],
    ['base64 of the wrong length', 'AAAA', 'does not verify'],
  ])('a digest header that is %s is refused (401)', (_, digest, message) => {
    const result = verifyWebhook(request('conekta', orderEvent('order.paid'), { digest }), config, NOW);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.error).toContain(message);
  });

  it('an authentic body of the wrong shape is a 422 with its path; not JSON a 400', () => {
    const body = orderEvent('order.paid', { amount: '17669.00' });
    const result = deliver(body);
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(!result.ok && result.error).toContain('data.object.amount');
    expect(deliver('not json')).toMatchObject({ ok: false, status: 400 });
  });

  it('the config takes the PEM Conekta returns and refuses anything else', () => {
    expect(parseWebhookConfig({ kind: 'conekta', publicKeyPem: keys.publicKey })).toEqual({ ok: true, config });
    expect(parseWebhookConfig({ kind: 'conekta', publicKeyPem: 'MIIBIjANBgkq' })).toEqual({
      ok: false,
      error: 'publicKeyPem: must be a PEM RSA public key (-----BEGIN PUBLIC KEY-----)',
    });
  });
});
