import { describe, expect, it } from 'vitest';
import {
  parseWebhookConfig,
  parseWebhookConfigs,
  signStripe,
  verifyWebhook,
  webhookProviderName,
  type WebhookProviderConfig,
} from '../../../../shared/domain/payments/webhooks/index.js';
import { NOW, NOW_SECONDS, fixture, request } from './support.js';

describe('webhook provider configs (JSON from Secrets Manager)', () => {
  it('one example per provider parses, with the documented fields', () => {
    const examples = [
      '{"kind":"stripe","signingSecrets":["whsec_new","whsec_old"],"toleranceSeconds":300}',
      '{"kind":"mercadopago","secret":"a1b2c3"}',
      '{"kind":"generic","name":"banorte","secret":"s3cr3t","signatureHeader":"X-Signature","algorithm":"sha256","encoding":"hex","prefix":"sha256=","timestampHeader":"X-Timestamp","toleranceSeconds":120}',
    ];
    const parsed = examples.map((json) => parseWebhookConfig(json));
    expect(parsed).toEqual([
      { ok: true, config: { kind: 'stripe', signingSecrets: ['whsec_new', 'whsec_old'], toleranceSeconds: 300 } },
      { ok: true, config: { kind: 'mercadopago', secret: 'a1b2c3' } },
      {
        ok: true,
        config: {
          kind: 'generic',
          name: 'banorte',
          secret: 's3cr3t',
          // Header names are lower-cased: that is how requests deliver them.
          signatureHeader: 'x-signature',
          algorithm: 'sha256',
          encoding: 'hex',
          prefix: 'sha256=',
          timestampHeader: 'x-timestamp',
          toleranceSeconds: 120,
        },
      },
    ]);
  });

  it.each([
    [{ kind: 'paypal' }, 'kind: expected one of "stripe", "mercadopago", "conekta", "generic"'],
    [[], 'config: expected an object'],
    [{ kind: 'stripe', signingSecrets: [] }, 'signingSecrets: needs at least one secret'],
    [{ kind: 'stripe', signingSecrets: ['whsec_abc\n'] }, 'signingSecrets[0]: has leading or trailing whitespace (a pasted newline?)'],
    [{ kind: 'stripe', signingSecret: 'whsec_abc', signingSecrets: ['whsec_abc'] }, 'Unrecognized key: "signingSecret"'],
    [{ kind: 'stripe', signingSecrets: ['whsec_abc'], toleranceSeconds: 0 }, 'toleranceSeconds: Too small'],
    [{ kind: 'mercadopago', secret: '' }, 'secret: must not be empty'],
    [{ kind: 'generic', name: 'stripe', secret: 's', signatureHeader: 'x-sig', algorithm: 'sha256', encoding: 'hex' }, 'name: is the name of a built-in provider'],
    [{ kind: 'generic', name: 'Bank/1', secret: 's', signatureHeader: 'x-sig', algorithm: 'md5', encoding: 'hex' }, 'name: must be lower-case'],
    [{ kind: 'generic', name: 'bank', secret: 's', signatureHeader: 'x sig', algorithm: 'sha256', encoding: 'hex' }, 'signatureHeader: must be an HTTP header name'],
  ])('%j is refused: %s', (json, message) => {
    const result = parseWebhookConfig(json);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('errors never echo a secret, even a wrongly typed or unparseable one', () => {
    const wrongType = parseWebhookConfig({ kind: 'mercadopago', secret: 12345678901 });
    expect(!wrongType.ok && wrongType.error).toBe('secret: Invalid input: expected string, received number');
    const broken = parseWebhookConfig('{"kind":"stripe","signingSecrets":["whsec_TOPSECRET"');
    expect(broken).toEqual({ ok: false, error: 'config is not valid JSON' });
  });

  it('a list of configs: unique provider names, each error prefixed with its index', () => {
    const list = [
      { kind: 'stripe', signingSecrets: ['whsec_a'] },
      { kind: 'generic', name: 'bank', secret: 's', signatureHeader: 'x-sig', algorithm: 'sha256', encoding: 'hex' },
    ];
    const result = parseWebhookConfigs(JSON.stringify(list));
    expect(result.ok && result.configs.map(webhookProviderName)).toEqual(['stripe', 'bank']);
    expect(parseWebhookConfigs([...list, { kind: 'stripe', signingSecrets: ['whsec_b'] }])).toEqual({
      ok: false,
      error: '[2]: provider "stripe" is configured twice',
    });
    expect(parseWebhookConfigs([list[0], { kind: 'mercadopago' }])).toEqual({
      ok: false,
      error: '[1]: secret: Invalid input: expected string, received undefined',
    });
    expect(parseWebhookConfigs([])).toMatchObject({ ok: false });
  });
});

describe('the registry', () => {
  const stripe: WebhookProviderConfig = { kind: 'stripe', signingSecrets: ['whsec_a'] };
  const bank: WebhookProviderConfig = { kind: 'generic', name: 'bank', secret: 's', signatureHeader: 'x-sig', algorithm: 'sha256', encoding: 'hex' };
  const payload = fixture('stripe-ruby-mock_payment_intent.succeeded.json');
  const headers = { 'stripe-signature': signStripe(payload, 'whsec_a', NOW_SECONDS) };

  it('routes by provider name, among a list of configs', () => {
    expect(verifyWebhook(request('stripe', payload, headers), [bank, stripe], NOW).ok).toBe(true);
  });

  it('an unknown provider, or one the given config is not for, is a 404', () => {
    expect(verifyWebhook(request('paypal', payload, headers), [bank, stripe], NOW)).toEqual({ ok: false, status: 404, error: 'unknown provider "paypal"' });
    expect(verifyWebhook(request('stripe', payload, headers), bank, NOW)).toEqual({ ok: false, status: 404, error: 'unknown provider "stripe"' });
    expect(verifyWebhook(request('generic', payload, headers), bank, NOW)).toMatchObject({ status: 404 });
  });

  it('header names are matched without regard to case, in case an adapter forgets to lower-case them', () => {
    expect(verifyWebhook(request('stripe', payload, { 'Stripe-Signature': headers['stripe-signature'] }), stripe, NOW).ok).toBe(true);
  });
});
