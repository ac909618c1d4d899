import { createHash, randomUUID } from 'node:crypto';
import { PREFIX } from '../config/functions.js';
import { verifyWebhook } from '../domain/payments/webhooks/verify.js';
import type { WebhookProviderConfig } from '../domain/payments/webhooks/config.js';
import type { WebhookRequest, WebhookResult } from '../domain/payments/webhooks/types.js';
import type { Payment } from '../domain/payments/types.js';
import type { Clock, MessageQueue, ObjectStore } from '../ports.js';
import type { PaymentMessage } from '../schemas/payments.js';

/** Where provider secrets come from: Secrets Manager on AWS (read once per cold start), a file locally. */
export interface WebhookConfigSource {
  get(provider: string): Promise<WebhookProviderConfig | undefined>;
}

export interface ReceiveWebhookDeps {
  readonly files: ObjectStore;
  readonly paymentsQueue: MessageQueue<PaymentMessage>;
  readonly configs: WebhookConfigSource;
  readonly clock: Clock;
}

export interface WebhookResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Headers that may carry credentials of our own (not the provider's signature): never archived. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'x-api-key', 'proxy-authorization']);

/**
 * A provider calls `POST /webhooks/{provider}`: verify it (signature, timestamp), keep the raw
 * request in the bucket for audit — accepted or not, never in logs — and put what it says on the
 * payments queue. Fast by design: matching and applying happen behind the queue, so the provider gets
 * its 2xx well inside its timeout. Replays are harmless: payment ids are deterministic.
 */
export async function receiveWebhook(deps: ReceiveWebhookDeps, request: WebhookRequest): Promise<WebhookResponse> {
  const now = deps.clock.now();
  const config = await deps.configs.get(request.provider);
  const result: WebhookResult = config
    ? verifyWebhook(request, config, now)
    : { ok: false, status: 404, error: `unknown provider "${request.provider}"` };

  const day = now.toISOString().slice(0, 10);
  const name = result.ok ? safeName(result.eventId) : `${now.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const archiveKey = `${PREFIX.webhooks}${result.ok ? 'accepted' : 'rejected'}/${safeName(request.provider)}/${day}/${name}.json`;
  await deps.files.putText(
    archiveKey,
    `${JSON.stringify(
      {
        receivedAt: now.toISOString(),
        provider: request.provider,
        headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => !SECRET_HEADERS.has(k.toLowerCase()))),
        query: request.query ?? {},
        rawBody: request.rawBody,
        sha256: createHash('sha256').update(request.rawBody).digest('hex'),
        outcome: result.ok ? { ok: true, eventId: result.eventId, eventType: result.eventType, payments: result.payments.length } : result,
      },
      null,
      2,
    )}\n`,
    'application/json',
  );
  if (!result.ok) return { status: result.status, body: { error: result.error } };

  const messages: PaymentMessage[] = [
    ...result.payments.map((payment) => ({ payment })),
    ...result.lookups.map((lookup) => ({
      lookup: {
        paymentId: lookup.resource === 'payment' ? `${request.provider}:${lookup.id}` : `${request.provider}:${lookup.resource}:${lookup.id}`,
        source: sourceOf(config!),
        resource: lookup.resource,
        id: lookup.id,
      },
    })),
  ];
  if (messages.length > 0) await deps.paymentsQueue.send(messages);
  return {
    status: 200,
    body: {
      received: result.eventId,
      type: result.eventType,
      payments: result.payments.length,
      lookups: result.lookups.length,
      ...(result.ignored ? { ignored: result.ignored } : {}),
    },
  };
}

function sourceOf(config: WebhookProviderConfig): Payment['source'] {
  return config.kind;
}

/** Event ids and provider names come from outside: keep them to a safe file name. */
function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'unnamed';
}
