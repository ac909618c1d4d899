import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPaymentWebhookHandler } from '../../functions/payment-webhook/app.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { WebhookConfigList } from '../../shared/adapters/aws/secrets-webhook-configs.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { PaymentMessage } from '../../shared/schemas/payments.js';
import { acceptAll, context, fixedClock, observability } from './harness.js';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/payments';
const SECRET = 'whsec_test_secret';
const NOW = '2026-12-03T16:00:00Z';
const stripe = new Stripe('sk_test_x');

function handlerWith(configs: unknown) {
  return createPaymentWebhookHandler({
    files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
    paymentsQueue: new SqsQueue<PaymentMessage>(new SQSClient({ region: 'us-east-1' }), QUEUE),
    configs: new WebhookConfigList(async () => configs),
    clock: fixedClock(NOW),
    observability,
  });
}
const handler = handlerWith(JSON.stringify([{ kind: 'stripe', signingSecrets: [SECRET] }]));

function event(provider: string, body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/{provider}',
    rawPath: `/webhooks/${provider}`,
    rawQueryString: '',
    headers,
    pathParameters: { provider },
    body,
    isBase64Encoded: false,
    requestContext: {} as APIGatewayProxyEventV2['requestContext'],
  };
}

/** What API Gateway sends on the deployed API: an explicit route per provider, no path parameter. */
function routedEvent(provider: string, body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    ...event(provider, body, headers),
    routeKey: `POST /webhooks/${provider}`,
    pathParameters: undefined,
    requestContext: { http: { method: 'POST', path: `/webhooks/${provider}`, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' } } as APIGatewayProxyEventV2['requestContext'],
  };
}

interface Archived {
  rawBody: string;
  size: number;
  truncated?: boolean;
  sha256: string | null;
  sourceIp?: string;
  userAgent?: string;
  headers: Record<string, string>;
  outcome: { ok: boolean; status?: number; error?: string };
}
const archivedObjects = () =>
  s3.commandCalls(PutObjectCommand).map((call) => ({ key: call.args[0].input.Key!, text: String(call.args[0].input.Body) }));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const BODY = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  type: 'payment_intent.succeeded',
  created: Date.parse(NOW) / 1000,
  data: { object: { id: 'pi_1', object: 'payment_intent', amount: 123_456, amount_received: 123_456, currency: 'mxn', status: 'succeeded', metadata: { invoice_number: 'F-1' } } },
});
const signed = (body: string, timestamp = Date.parse(NOW) / 1000) => ({
  'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp }),
  authorization: 'Bearer should-not-be-archived',
});

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
});

describe('payment-webhook handler', () => {
  it('verifies a Stripe event, archives it under webhooks/accepted/ and queues the normalised payment', async () => {
    const result = await handler(event('stripe', BODY, signed(BODY)), context);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toMatchObject({ received: 'evt_1', payments: 1 });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'files', Key: 'webhooks/accepted/stripe/2026-12-03/evt_1.json', ContentType: 'application/json' });
    const archived = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body)) as { rawBody: string; headers: Record<string, string> };
    expect(archived.rawBody).toBe(BODY);
    expect(archived.headers.authorization).toBeUndefined();
    const [entry] = sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries!;
    expect(JSON.parse(entry!.MessageBody!)).toEqual({
      payment: expect.objectContaining({ paymentId: 'stripe:pi_1', source: 'stripe', kind: 'payment', amount: 123_456, currency: 'MXN', valueDate: '2026-12-03', links: expect.objectContaining({ invoiceNumbers: ['F-1'] }) as unknown }),
    });
  });

  it('answers 401 to a tampered body, archives it under webhooks/rejected/ and queues nothing', async () => {
    const result = await handler(event('stripe', BODY.replace('123456', '1'), signed(BODY)), context);
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body!).error).toMatch(/signature/i);
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Key).toMatch(/^webhooks\/rejected\/stripe\/2026-12-03\//);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('answers 401 to a signature older than the tolerance', async () => {
    const result = await handler(event('stripe', BODY, signed(BODY, Date.parse(NOW) / 1000 - 301)), context);
    expect(result.statusCode).toBe(401);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('answers 404 to a provider that is not configured, 404 to a malformed provider name', async () => {
    expect((await handler(event('conekta', BODY, {}), context)).statusCode).toBe(404);
    expect((await handler(event('../etc', BODY, {}), context)).statusCode).toBe(404);
  });

  it('answers a bare 500 (and logs) when the provider configuration is broken, never a verified 200', async () => {
    const broken = handlerWith('[{"kind":"stripe"}]');
    const result = await broken(event('stripe', BODY, signed(BODY)), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('signingSecrets');
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  describe('what the bucket keeps', () => {
    // 1 MB of junk, as the review sent it 50 times (287 MB archived in 4 s before the fix).
    const JUNK = `{"pad":"${'x'.repeat(1_000_000 - 10)}"}`;

    it('keeps a 1 MB unsigned body as metadata and its first 4 KB only', async () => {
      expect(Buffer.byteLength(JUNK)).toBe(1_000_000);
      const result = await handler(routedEvent('stripe', JUNK, { 'content-type': 'application/json' }), context);

      expect(result.statusCode).toBe(401);
      const [object, ...more] = archivedObjects();
      expect(more).toHaveLength(0);
      expect(object!.key).toMatch(/^webhooks\/rejected\/stripe\/2026-12-03\//);
      // 4 KB of body plus a few hundred bytes of metadata, not 1 MB.
      expect(Buffer.byteLength(object!.text)).toBeLessThan(4096 + 2048);
      const archived = JSON.parse(object!.text) as Archived;
      expect(archived.rawBody).toBe(JUNK.slice(0, 4096));
      expect(archived).toMatchObject({ size: 1_000_000, truncated: true, sha256: sha256(JUNK), sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' });
      expect(archived.outcome).toMatchObject({ ok: false, status: 401 });
      expect(archived.outcome.error).toMatch(/signature/i);
      expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    });

    it('keeps an unknown provider\'s junk bounded the same way', async () => {
      const result = await handler(routedEvent('paypal', JUNK, {}), context);
      expect(result.statusCode).toBe(404);
      const [object] = archivedObjects();
      // One folder for every unknown name (the name is the sender's choice; it stays in the record).
      expect(object!.key).toMatch(/^webhooks\/rejected\/_unknown\//);
      expect(JSON.parse(object!.text)).toMatchObject({ provider: 'paypal' });
      expect(Buffer.byteLength(object!.text)).toBeLessThan(4096 + 2048);
    });

    it('cuts the kept prefix at 4096 bytes, not characters, and never in the middle of a character', async () => {
      const accented = 'ñ'.repeat(5000); // 2 bytes each: 10 000 bytes
      await handler(routedEvent('stripe', accented, {}), context);
      const archived = JSON.parse(archivedObjects()[0]!.text) as Archived;
      expect(archived.rawBody).toBe('ñ'.repeat(2048));
      expect(archived).toMatchObject({ size: 10_000, truncated: true });
    });

    it('keeps a small rejected body whole (truncated: false)', async () => {
      const tampered = BODY.replace('123456', '1');
      await handler(routedEvent('stripe', tampered, signed(BODY)), context);
      const archived = JSON.parse(archivedObjects()[0]!.text) as Archived;
      expect(archived).toMatchObject({ rawBody: tampered, size: Buffer.byteLength(tampered), truncated: false, sha256: sha256(tampered) });
      expect(archived.headers.authorization).toBeUndefined();
    });

    it('answers 413 to a body over 1 MiB and keeps only its size and first 4 KB (never hashed)', async () => {
      const huge = 'x'.repeat(1024 * 1024 + 1);
      const result = await handler(routedEvent('stripe', huge, signed(huge)), context);
      expect(result.statusCode).toBe(413);
      const [object] = archivedObjects();
      expect(Buffer.byteLength(object!.text)).toBeLessThan(4096 + 2048);
      expect(JSON.parse(object!.text)).toMatchObject({ size: 1024 * 1024 + 1, truncated: true, sha256: null, outcome: { status: 413 } });
      expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    });

    it('keeps an accepted body in full, however long, on the per-provider route', async () => {
      // A signed event of about 200 KB (a long metadata note): authentic, so every byte is kept.
      const big = JSON.stringify({ ...(JSON.parse(BODY) as object), id: 'evt_big', note: 'n'.repeat(200_000) });
      const result = await handler(routedEvent('stripe', big, signed(big)), context);
      expect(result.statusCode).toBe(200);
      const [object] = archivedObjects();
      expect(object!.key).toBe('webhooks/accepted/stripe/2026-12-03/evt_big.json');
      const archived = JSON.parse(object!.text) as Archived;
      expect(archived.rawBody).toBe(big);
      expect(archived).toMatchObject({ size: Buffer.byteLength(big), sha256: sha256(big), sourceIp: '203.0.113.7' });
      expect(sqs).toHaveReceivedCommand(SendMessageBatchCommand);
    });
  });
});
