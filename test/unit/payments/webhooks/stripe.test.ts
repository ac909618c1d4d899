import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  signStripe,
  verifyWebhook,
  type StripeWebhookConfig,
  type WebhookResult,
} from '../../../../shared/domain/payments/webhooks/index.js';
import { fixture, fixtureJson, NOW, NOW_SECONDS, request } from './support.js';

// Signatures come from the official library, so our verifier is checked against Stripe's implementation.
const stripe = new Stripe('sk_test_x');
const SECRET = 'whsec_test_current';
const OLD_SECRET = 'whsec_test_previous';
const config: StripeWebhookConfig = { kind: 'stripe', signingSecrets: [SECRET] };

function officialHeader(payload: string, secret = SECRET, timestamp = NOW_SECONDS): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

function deliver(payload: string, header: string | undefined, cfg: StripeWebhookConfig = config, now = NOW): WebhookResult {
  return verifyWebhook(request('stripe', payload, { 'stripe-signature': header }), cfg, now);
}

function accepted(result: WebhookResult) {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.status}: ${result.error}`);
  return result;
}

describe('Stripe webhooks: normalising the real payloads', () => {
  it('payment_intent.succeeded → one payment under the payment intent id', () => {
    const payload = fixture('stripe-ruby-mock_payment_intent.succeeded.json');
    const result = accepted(deliver(payload, officialHeader(payload)));
    expect(result.eventId).toBe('evt_000000000000000000000000');
    expect(result.eventType).toBe('payment_intent.succeeded');
    expect(result.lookups).toEqual([]);
    expect(result.ignored).toBeUndefined();
    expect(result.payments).toEqual([
      {
        paymentId: 'stripe:pi_000000000000000000000000',
        source: 'stripe',
        kind: 'payment',
        amount: 2000,
        currency: 'USD',
        valueDate: '2022-03-26',
        reference: '(created by Stripe CLI)',
        metadata: {
          event: 'evt_000000000000000000000000',
          eventType: 'payment_intent.succeeded',
          livemode: 'false',
          paymentIntent: 'pi_000000000000000000000000',
          charge: 'ch_000000000000000000000000',
          status: 'succeeded',
        },
      },
    ]);
  });

  it('checkout.session.completed (paid) → amount_total, customer email, under its payment intent', () => {
    const payload = fixture('stripe-ruby-mock_checkout.session.completed.payment_mode.json');
    const [payment] = accepted(deliver(payload, officialHeader(payload))).payments;
    expect(payment).toMatchObject({
      paymentId: 'stripe:pi_00000000000000',
      kind: 'payment',
      amount: 25000,
      currency: 'USD',
      valueDate: '2012-01-18',
      metadata: { checkoutSession: 'cs_00000000000000', payerEmail: 'example@example.com' },
    });
    expect(payment?.links).toBeUndefined();
  });

  it('invoice.paid → amount_paid under the invoice\'s payment intent, Stripe invoice number as reference', () => {
    const payload = fixture('stripe-ruby-mock_invoice.paid.json');
    const [payment] = accepted(deliver(payload, officialHeader(payload))).payments;
    expect(payment).toMatchObject({
      paymentId: 'stripe:pi_000000000000000000000000',
      amount: 2000,
      currency: 'USD',
      valueDate: '2022-03-26',
      reference: 'EE1DF78D-0001 (created by Stripe CLI)',
      metadata: { stripeInvoice: 'in_000000000000000000000000', stripeInvoiceNumber: 'EE1DF78D-0001' },
    });
  });

  it('the same money through payment_intent.succeeded, charge.succeeded and invoice.paid gets ONE payment id', () => {
    const ids = [
      'stripe-ruby-mock_payment_intent.succeeded.json',
      'stripe-ruby-mock_charge.succeeded.json',
      'stripe-ruby-mock_invoice.paid.json',
    ].map((name) => {
      const payload = fixture(name);
      return accepted(deliver(payload, officialHeader(payload))).payments.map((payment) => [payment.paymentId, payment.amount]);
    });
    expect(ids).toEqual([
      [['stripe:pi_000000000000000000000000', 2000]],
      [['stripe:pi_000000000000000000000000', 2000]],
      [['stripe:pi_000000000000000000000000', 2000]],
    ]);
  });

  it('a checkout session is keyed by its payment intent too', () => {
    const event = fixtureJson('stripe-ruby-mock_checkout.session.completed.payment_mode.json');
    const session = (event['data'] as { object: Record<string, unknown> }).object;
    session['payment_intent'] = 'pi_000000000000000000000000';
    const payload = JSON.stringify(event);
    expect(accepted(deliver(payload, officialHeader(payload))).payments[0]?.paymentId).toBe('stripe:pi_000000000000000000000000');
  });

  it('charge.refunded → each listed refund, reversing the charge it refunds', () => {
    const payload = fixture('stripe-ruby-mock_charge.refunded.json');
    const result = accepted(deliver(payload, officialHeader(payload)));
    expect(result.payments).toEqual([
      {
        paymentId: 'stripe:re_000000000000000000000000',
        source: 'stripe',
        kind: 'refund',
        amount: 100,
        currency: 'USD',
        valueDate: '2022-03-26',
        // This charge was made without a payment intent (payment_intent: null), so it is its own id.
        reversesPaymentId: 'stripe:ch_000000000000000000000000',
        metadata: {
          event: 'evt_000000000000000000000000',
          eventType: 'charge.refunded',
          livemode: 'false',
          charge: 'ch_000000000000000000000000',
          refund: 're_000000000000000000000000',
        },
      },
    ]);
  });

  it('a partial refund without a refund list is the increase of amount_refunded, reversing the payment intent', () => {
    const event = fixtureJson('stripe-ruby-mock_charge.refunded.json');
    const data = event['data'] as { object: Record<string, unknown>; previous_attributes: Record<string, unknown> };
    Object.assign(data.object, { payment_intent: 'pi_123', amount: 10000, amount_refunded: 3500, refunds: null });
    data.previous_attributes = { amount_refunded: 1000 };
    const payload = JSON.stringify(event);
    const [refund] = accepted(deliver(payload, officialHeader(payload))).payments;
    expect(refund).toMatchObject({
      paymentId: 'stripe:ch_000000000000000000000000:refunded-to:3500',
      kind: 'refund',
      amount: 2500,
      reversesPaymentId: 'stripe:pi_123',
    });
  });

  it('payment links travel in metadata and client_reference_id', () => {
    const event = fixtureJson('stripe-ruby-mock_checkout.session.completed.payment_mode.json');
    const session = (event['data'] as { object: Record<string, unknown> }).object;
    session['metadata'] = { invoice_numbers: 'A-1, A-2,A-1', account_id: 'acme' };
    session['client_reference_id'] = 'plk_abc';
    session['customer_details'] = { name: 'ACME SA de CV', email: 'pagos@acme.mx' };
    const payload = JSON.stringify(event);
    expect(accepted(deliver(payload, officialHeader(payload))).payments[0]).toMatchObject({
      payerName: 'ACME SA de CV',
      links: { invoiceNumbers: ['A-1', 'A-2'], accountId: 'acme', paymentLinkToken: 'plk_abc' },
      metadata: { payerEmail: 'pagos@acme.mx' },
    });
  });

  it.each([
    ['jpy', 5000, 'JPY', 5000],
    ['clp', 15000, 'CLP', 15000],
    ['mga', 5000, 'MGA', 500000], // zero-decimal at Stripe, two decimals in ISO 4217
    ['isk', 50000, 'ISK', 500], // two decimals at Stripe (always 00), none in ISO 4217
    ['kwd', 12340, 'KWD', 12340],
  ])('amounts in %s: Stripe %i → %s %i minor units', (currency, stripeAmount, iso, minor) => {
    const event = fixtureJson('stripe-ruby-mock_payment_intent.succeeded.json');
    Object.assign((event['data'] as { object: Record<string, unknown> }).object, { currency, amount: stripeAmount, amount_received: stripeAmount });
    const payload = JSON.stringify(event);
    expect(accepted(deliver(payload, officialHeader(payload))).payments[0]).toMatchObject({ currency: iso, amount: minor });
  });

  it('an ISK amount that is not whole krónur is refused, not rounded', () => {
    const event = fixtureJson('stripe-ruby-mock_payment_intent.succeeded.json');
    Object.assign((event['data'] as { object: Record<string, unknown> }).object, { currency: 'isk', amount_received: 50050 });
    const payload = JSON.stringify(event);
    expect(deliver(payload, officialHeader(payload))).toMatchObject({ ok: false, status: 422 });
  });

  it('events that are not money in are accepted and ignored with a reason', () => {
    const failed = fixture('stripe-ruby-mock_payment_intent.payment_failed.json');
    expect(deliver(failed, officialHeader(failed))).toEqual({
      ok: true,
      eventId: 'evt_000000000000000000000000',
      eventType: 'payment_intent.payment_failed',
      payments: [],
      lookups: [],
      ignored: 'event type payment_intent.payment_failed is not a payment',
    });
    const event = fixtureJson('stripe-ruby-mock_checkout.session.completed.payment_mode.json');
    (event['data'] as { object: Record<string, unknown> }).object['payment_status'] = 'unpaid';
    const unpaid = JSON.stringify(event);
    expect(accepted(deliver(unpaid, officialHeader(unpaid))).ignored).toBe('checkout session cs_00000000000000 is not paid (payment_status "unpaid")');
  });

  it('an authentic body that is not an event (only its data part) is a 422 naming the missing fields', () => {
    const payload = fixture('pay-rails_invoice.payment_failed.data-only.json');
    const result = deliver(payload, officialHeader(payload));
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(!result.ok && result.error).toMatch(/^not a Stripe event: id: .*type: /);
  });

  it('a known event type with a wrongly shaped object is a 422 with the path in the body', () => {
    const event = fixtureJson('stripe-ruby-mock_payment_intent.succeeded.json');
    (event['data'] as { object: Record<string, unknown> }).object['amount_received'] = '2000';
    const payload = JSON.stringify(event);
    const result = deliver(payload, officialHeader(payload));
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(!result.ok && result.error).toContain('data.object.amount_received');
  });
});

describe('Stripe webhooks: signatures', () => {
  const payload = fixture('stripe-ruby-mock_payment_intent.succeeded.json');

  it('a tampered body is refused (401)', () => {
    const header = officialHeader(payload);
    const tampered = payload.replace('"amount_received": 2000', '"amount_received": 200000');
    expect(tampered).not.toBe(payload);
    expect(deliver(tampered, header)).toMatchObject({ ok: false, status: 401 });
  });

  it('a body re-serialised after parsing is refused: the raw bytes are what is signed', () => {
    const header = officialHeader(payload);
    expect(deliver(JSON.stringify(JSON.parse(payload)), header)).toMatchObject({ ok: false, status: 401 });
  });

  it('a signature under the wrong secret is refused, and the error reveals no secret or signature', () => {
    const header = officialHeader(payload, 'whsec_attacker');
    const result = deliver(payload, header);
    expect(result).toMatchObject({ ok: false, status: 401 });
    const error = result.ok ? '' : result.error;
    expect(error).toMatch(/no v1 signature matches/);
    for (const secret of [SECRET, 'whsec_attacker']) expect(error).not.toContain(secret);
    const v1 = header.split('v1=')[1] ?? '';
    expect(error).not.toContain(v1);
    expect(error).not.toContain(signStripe(payload, SECRET, NOW_SECONDS).split('v1=')[1]);
  });

  it('rotation: while both secrets are configured, either one verifies', () => {
    const rotating: StripeWebhookConfig = { kind: 'stripe', signingSecrets: [SECRET, OLD_SECRET] };
    expect(deliver(payload, officialHeader(payload, OLD_SECRET), rotating).ok).toBe(true);
    expect(deliver(payload, officialHeader(payload, SECRET), rotating).ok).toBe(true);
    expect(deliver(payload, officialHeader(payload, OLD_SECRET), config)).toMatchObject({ ok: false, status: 401 });
  });

  it('rotation: a header with one v1 per secret (as Stripe sends during a roll) is accepted', () => {
    const v1Old = officialHeader(payload, OLD_SECRET).split(',v1=')[1];
    const header = `${officialHeader(payload, SECRET)},v1=${v1Old}`;
    expect(deliver(payload, header, { kind: 'stripe', signingSecrets: [OLD_SECRET] }).ok).toBe(true);
  });

  it('a stale timestamp is refused with its age; within the tolerance it is accepted', () => {
    const stale = deliver(payload, officialHeader(payload, SECRET, NOW_SECONDS - 301));
    expect(stale).toEqual({
      ok: false,
      status: 401,
      error: 'stripe-signature: signature timestamp is 301 s old, beyond the 300 s tolerance (a replayed or long-delayed delivery)',
    });
    expect(deliver(payload, officialHeader(payload, SECRET, NOW_SECONDS - 299)).ok).toBe(true);
    const patient: StripeWebhookConfig = { kind: 'stripe', signingSecrets: [SECRET], toleranceSeconds: 600 };
    expect(deliver(payload, officialHeader(payload, SECRET, NOW_SECONDS - 599), patient).ok).toBe(true);
  });

  it('a timestamp far in the future is refused too', () => {
    const result = deliver(payload, officialHeader(payload, SECRET, NOW_SECONDS + 3600));
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.error).toContain('3600 s in the future');
  });

  it.each([
    ['missing', undefined, 'stripe-signature header is missing'],
    ['empty', '  ', 'stripe-signature header is missing'],
    ['without t=', `v1=${'a'.repeat(64)}`, 'no valid timestamp'],
    ['with a non-numeric t=', `t=yesterday,v1=${'a'.repeat(64)}`, 'no valid timestamp'],
    ['without v1=', `t=${NOW_SECONDS}`, 'no v1 signature'],
    ['with only a v0 signature', `t=${NOW_SECONDS},v0=${'a'.repeat(64)}`, 'no v1 signature'],
    ['with a v1 that is not hex', `t=${NOW_SECONDS},v1=${'z'.repeat(64)}`, 'no v1 signature'],
    ['garbage', 'hello world', 'no valid timestamp'],
  ])('a header %s is refused (401)', (_, header, message) => {
    const result = deliver(payload, header);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.error).toContain(message);
  });

  it('a body that is not JSON, correctly signed, is a 400', () => {
    const body = 'not json {';
    expect(deliver(body, officialHeader(body))).toMatchObject({ ok: false, status: 400 });
  });

  it('signStripe produces headers the official library accepts (the simulator talks to real Stripe code)', () => {
    const header = signStripe(payload, SECRET, Math.floor(Date.now() / 1000));
    const event = stripe.webhooks.constructEvent(payload, header, SECRET);
    expect(event.id).toBe('evt_000000000000000000000000');
    expect(signStripe(payload, SECRET, NOW_SECONDS)).toBe(officialHeader(payload));
  });
});
