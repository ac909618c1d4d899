import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signGeneric,
  verifyWebhook,
  type GenericWebhookConfig,
  type WebhookResult,
} from '../../../../shared/domain/payments/webhooks/index.js';
import { NOW, NOW_SECONDS, request } from './support.js';

const SECRET = 'bank-shared-secret';
const plain: GenericWebhookConfig = {
  kind: 'generic',
  name: 'banorte',
  secret: SECRET,
  signatureHeader: 'x-hub-signature-256',
  algorithm: 'sha256',
  encoding: 'hex',
  prefix: 'sha256=',
};
const timed: GenericWebhookConfig = {
  kind: 'generic',
  name: 'erp',
  secret: SECRET,
  signatureHeader: 'x-signature',
  algorithm: 'sha512',
  encoding: 'base64',
  timestampHeader: 'x-timestamp',
  toleranceSeconds: 120,
};

const PAYMENT = {
  id: 'tx-1',
  type: 'payment',
  amount: '1234.56',
  currency: 'mxn',
  value_date: '2026-03-01',
  reference: 'Factura A-17',
  payer_name: 'ACME SA de CV',
  payer_tax_id: 'AAA010101AAA',
  payer_account: '012180001234567891',
  invoice_numbers: ['A-17', 'A-18'],
  account_id: 'acme',
};

function deliver(cfg: GenericWebhookConfig, body: string, headers = signGeneric(cfg, body, NOW_SECONDS), now = NOW): WebhookResult {
  return verifyWebhook(request(cfg.name, body, headers), cfg, now);
}

function accepted(result: WebhookResult) {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.status}: ${result.error}`);
  return result;
}

describe('generic HMAC webhooks', () => {
  it('our documented JSON → one payment with every field, id scoped by the provider name', () => {
    const result = accepted(deliver(plain, JSON.stringify(PAYMENT)));
    expect(result).toEqual({
      ok: true,
      eventId: 'tx-1',
      eventType: 'payment',
      lookups: [],
      payments: [
        {
          paymentId: 'generic:banorte:tx-1',
          source: 'generic',
          kind: 'payment',
          amount: 123456,
          currency: 'MXN',
          valueDate: '2026-03-01',
          payerName: 'ACME SA de CV',
          payerTaxId: 'AAA010101AAA',
          payerAccount: '012180001234567891',
          reference: 'Factura A-17',
          links: { invoiceNumbers: ['A-17', 'A-18'], accountId: 'acme' },
          metadata: { provider: 'banorte' },
        },
      ],
    });
  });

  it('the signature is `prefix + hex HMAC` of the body, as GitHub-style senders compute it', () => {
    const body = JSON.stringify(PAYMENT);
    const header = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    expect(signGeneric(plain, body)).toEqual({ 'x-hub-signature-256': header });
    expect(deliver(plain, body, { 'x-hub-signature-256': header }).ok).toBe(true);
  });

  it('with a timestamp header, `timestamp.body` is signed (sha512, base64) and the age is checked', () => {
    const body = JSON.stringify(PAYMENT);
    const expected = createHmac('sha512', SECRET).update(`${NOW_SECONDS}.${body}`).digest('base64');
    expect(signGeneric(timed, body, NOW_SECONDS)).toEqual({ 'x-signature': expected, 'x-timestamp': String(NOW_SECONDS) });
    expect(deliver(timed, body).ok).toBe(true);
    const stale = deliver(timed, body, signGeneric(timed, body, NOW_SECONDS - 121));
    expect(stale).toEqual({
      ok: false,
      status: 401,
      error: 'x-timestamp: signature timestamp is 121 s old, beyond the 120 s tolerance (a replayed or long-delayed delivery)',
    });
    expect(() => signGeneric(timed, body)).toThrow(/pass one/);
  });

  it('a timestamp moved without re-signing is refused (401): it is part of what is signed', () => {
    const body = JSON.stringify(PAYMENT);
    const headers = { ...signGeneric(timed, body, NOW_SECONDS - 1000), 'x-timestamp': String(NOW_SECONDS) };
    expect(deliver(timed, body, headers)).toMatchObject({ ok: false, status: 401 });
  });

  it('amount_minor, a zero-decimal currency, a refund reversing a payment', () => {
    const refund = { id: 'tx-2', type: 'refund', amount_minor: 15000, currency: 'CLP', value_date: '2026-03-02', reverses: 'tx-1' };
    expect(accepted(deliver(plain, JSON.stringify(refund))).payments).toEqual([
      {
        paymentId: 'generic:banorte:tx-2',
        source: 'generic',
        kind: 'refund',
        amount: 15000,
        currency: 'CLP',
        valueDate: '2026-03-02',
        reversesPaymentId: 'generic:banorte:tx-1',
        metadata: { provider: 'banorte' },
      },
    ]);
  });

  it.each([
    [{ ...PAYMENT, amount: '1234.567' }, 'amount: amount 1234.567 has 3 decimals but MXN allows 2'],
    [{ ...PAYMENT, amount: '1,234.56' }, 'amount: must be a decimal string such as "1234.56"'],
    [{ ...PAYMENT, amount: 1234.56 }, 'amount: Invalid input: expected string, received number'],
    [{ ...PAYMENT, amount_minor: 5 }, 'amount: give exactly one of amount (decimal string) or amount_minor (integer)'],
    [{ ...PAYMENT, value_date: '2026-02-30' }, 'value_date: must be a calendar date YYYY-MM-DD'],
    [{ ...PAYMENT, currency: 'XXX' }, 'amount: unknown currency "XXX"'],
    [{ ...PAYMENT, type: 'refund' }, 'reverses: a refund needs the id of the payment it reverses'],
    [{ ...PAYMENT, invoice_number: 'A-17' }, 'Unrecognized key: "invoice_number"'],
    [{ ...PAYMENT, id: undefined }, 'id: Invalid input: expected string, received undefined'],
  ])('an authentic body of the wrong shape is a 422 naming the field: %j', (body, message) => {
    const result = deliver(plain, JSON.stringify(body));
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(!result.ok && result.error).toContain(message);
  });

  it.each([
    ['missing', {}, 'x-hub-signature-256 header is missing'],
    ['without the prefix', { 'x-hub-signature-256': 'a'.repeat(64) }, 'does not start with "sha256="'],
    ['not hex', { 'x-hub-signature-256': `sha256=${'g'.repeat(64)}` }, 'is not a hex HMAC-SHA256'],
    ['too short', { 'x-hub-signature-256': 'sha256=abcd' }, 'is not a hex HMAC-SHA256'],
    ['under another secret', { 'x-hub-signature-256': `sha256=${createHmac('sha256', 'x').update('{}').digest('hex')}` }, 'does not match the body'],
  ])('a signature header %s is refused (401)', (_, headers, message) => {
    const result = deliver(plain, JSON.stringify(PAYMENT), headers);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.error).toContain(message);
    expect(!result.ok && result.error).not.toContain(SECRET);
  });

  it('a tampered body is refused (401); an unsigned timestamp header missing too', () => {
    const body = JSON.stringify(PAYMENT);
    expect(deliver(plain, body.replace('1234.56', '9234.56'), signGeneric(plain, body))).toMatchObject({ ok: false, status: 401 });
    const { 'x-signature': signature } = signGeneric(timed, body, NOW_SECONDS);
    expect(deliver(timed, body, { 'x-signature': signature ?? '' })).toEqual({ ok: false, status: 401, error: 'x-timestamp header is missing' });
  });

  it('a body that is not JSON, correctly signed, is a 400', () => {
    expect(deliver(plain, 'amount=12')).toMatchObject({ ok: false, status: 400 });
  });
});
