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
 * The largest body we read (1 MiB, the local server's limit too). Provider events are a few KB
 * (Stripe's biggest objects stay well under 100 KB); the HTTP API itself lets up to 10 MB through.
 * Larger bodies answer 413 before anything hashes or stores them.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** What a rejected request keeps of its body: enough to see what it was, never enough to fill the bucket. */
export const REJECTED_BODY_PREFIX_BYTES = 4096;
/** Header values of a rejected request are cut to this many characters, and at most this many headers kept. */
const REJECTED_HEADER_CHARS = 256;
const REJECTED_HEADER_COUNT = 32;

/** Who called, as the gateway saw it (API Gateway's `requestContext.http`); for the audit record only. */
export interface WebhookCaller {
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

export interface ReceivedWebhook extends WebhookRequest {
  readonly caller?: WebhookCaller;
}

/**
 * A provider calls `POST /webhooks/<provider>`: verify it (signature, timestamp), keep the request in
 * the bucket for audit — never in logs — and put what it says on the payments queue. Fast by design:
 * matching and applying happen behind the queue, so the provider gets its 2xx well inside its
 * timeout. Replays are harmless: payment ids are deterministic.
 *
 * What is archived depends on trust. An accepted request keeps its raw body in full (the signature
 * covers those bytes). A rejected one (unsigned, bad signature, stale timestamp, unknown provider,
 * malformed, too large) was sent by anyone: it keeps metadata (provider, status and reason, size,
 * time, source IP and user agent, SHA-256 of the body) and at most the first
 * {@link REJECTED_BODY_PREFIX_BYTES} bytes of the body, so junk costs us 4 KB, not its own size.
 */
export async function receiveWebhook(deps: ReceiveWebhookDeps, request: ReceivedWebhook): Promise<WebhookResponse> {
  const now = deps.clock.now();
  // Linear and allocation-free: the size is known before anything reads the body for real.
  const size = Buffer.byteLength(request.rawBody, 'utf8');
  if (size > MAX_WEBHOOK_BODY_BYTES) {
    const error = `body of ${size} bytes is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`;
    await archiveRejected(deps, request, now, size, { status: 413, error });
    return { status: 413, body: { error } };
  }
  const config = await deps.configs.get(request.provider);
  const result: WebhookResult = config
    ? verifyWebhook(request, config, now)
    : { ok: false, status: 404, error: `unknown provider "${request.provider}"` };
  if (!result.ok) {
    await archiveRejected(deps, request, now, size, result);
    return { status: result.status, body: { error: result.error } };
  }

  const day = now.toISOString().slice(0, 10);
  await deps.files.putText(
    `${PREFIX.webhooks}accepted/${safeName(request.provider)}/${day}/${safeName(result.eventId)}.json`,
    `${JSON.stringify(
      {
        receivedAt: now.toISOString(),
        provider: request.provider,
        headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => !SECRET_HEADERS.has(k.toLowerCase()))),
        query: request.query ?? {},
        ...callerOf(request),
        size,
        rawBody: request.rawBody,
        sha256: createHash('sha256').update(request.rawBody).digest('hex'),
        outcome: { ok: true, eventId: result.eventId, eventType: result.eventType, payments: result.payments.length },
      },
      null,
      2,
    )}\n`,
    'application/json',
  );

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

/**
 * The audit record of a refused request: bounded whatever was sent. `rawBody` holds only the first
 * 4 KB (`truncated` says when there was more); `sha256` covers the whole body, except for a body
 * over the size limit, which is never hashed (`null`). Header values are cut too: the gateway allows
 * 10 KB of headers, the local server 16 KB.
 */
async function archiveRejected(
  deps: ReceiveWebhookDeps,
  request: ReceivedWebhook,
  now: Date,
  size: number,
  outcome: { readonly status: number; readonly error: string },
): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const name = `${now.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const prefix = bodyPrefix(request.rawBody);
  await deps.files.putText(
    // An unknown provider's name is the sender's choice: one folder for all of them, not one each.
    `${PREFIX.webhooks}rejected/${outcome.status === 404 ? '_unknown' : safeName(request.provider)}/${day}/${name}.json`,
    `${JSON.stringify(
      {
        receivedAt: now.toISOString(),
        provider: request.provider.slice(0, 120),
        headers: Object.fromEntries(
          Object.entries(request.headers)
            .filter(([k]) => !SECRET_HEADERS.has(k.toLowerCase()))
            .slice(0, REJECTED_HEADER_COUNT)
            .map(([k, v]) => [k.slice(0, 64), v?.slice(0, REJECTED_HEADER_CHARS)]),
        ),
        query: Object.fromEntries(Object.entries(request.query ?? {}).slice(0, REJECTED_HEADER_COUNT).map(([k, v]) => [k.slice(0, 64), v.slice(0, REJECTED_HEADER_CHARS)])),
        ...callerOf(request),
        size,
        truncated: size > Buffer.byteLength(prefix, 'utf8'),
        rawBody: prefix,
        sha256: size > MAX_WEBHOOK_BODY_BYTES ? null : createHash('sha256').update(request.rawBody).digest('hex'),
        outcome: { ok: false, status: outcome.status, error: outcome.error },
      },
      null,
      2,
    )}\n`,
    'application/json',
  );
}

/** The first REJECTED_BODY_PREFIX_BYTES bytes as text (a character cut in half at the end is dropped). */
function bodyPrefix(body: string): string {
  // A UTF-16 unit is at least one UTF-8 byte: this many units always cover the prefix, whatever the body's size.
  const bytes = Buffer.from(body.slice(0, REJECTED_BODY_PREFIX_BYTES), 'utf8').subarray(0, REJECTED_BODY_PREFIX_BYTES);
  return bytes.toString('utf8').replace(/\uFFFD$/, '');
}

function callerOf(request: ReceivedWebhook): { sourceIp?: string; userAgent?: string } {
  return {
    ...(request.caller?.sourceIp ? { sourceIp: request.caller.sourceIp.slice(0, 64) } : {}),
    ...(request.caller?.userAgent ? { userAgent: request.caller.userAgent.slice(0, REJECTED_HEADER_CHARS) } : {}),
  };
}

function sourceOf(config: WebhookProviderConfig): Payment['source'] {
  return config.kind;
}

/** Event ids and provider names come from outside: keep them to a safe file name. */
function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'unnamed';
}
