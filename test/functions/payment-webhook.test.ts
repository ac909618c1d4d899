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
});
