import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { InProcessQueue, type DrainResult, type InProcessQueueOptions, type SqsHandler } from '../../shared/adapters/local/in-process-queue.js';
import type { Channel } from '../../shared/domain/types.js';
import type { ReminderScheduler } from '../../shared/ports.js';
import type { LocalChannels } from './local-channels.js';

/**
 * What the fault injector can break, one count each:
 *   store            a DynamoDB call fails before it reaches the table (throttling or a 5xx)
 *   crash            a DynamoDB write lands, then the caller sees an error: the process "died"
 *                    between that effect and the next one
 *   queue-send       an in-process queue's send throws (nothing is enqueued)
 *   duplicate        a queue delivers a message a second time, concurrently with the first
 *   scheduler        the local scheduler's create or delete throws (nothing changes)
 *   sender-before    a channel sender throws before the provider got the message
 *   sender-after     the provider accepted the message (outbox file written), then the call fails:
 *                    the nasty one, the send happened but nobody recorded it yet
 */
export const FAULT_KINDS = ['store', 'crash', 'queue-send', 'duplicate', 'scheduler', 'sender-before', 'sender-after'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** PRNG seed: the same seed and the same sequence of calls break the same calls. */
  readonly seed: number;
  /** Probability of a fault at each port call. @default 0.1 */
  readonly rate?: number;
  /** Kinds to inject. @default every kind */
  readonly kinds?: readonly FaultKind[];
}

/** The error every injected fault throws (a throttling / 5xx look-alike for the store). */
export class InjectedFault extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  readonly $retryable = { throttling: true };

  constructor(
    readonly kind: FaultKind,
    what: string,
    name = 'InjectedFault',
    status = 500,
  ) {
    super(`injected ${kind} fault: ${what}`);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
  }
}

/** DynamoDB operations that change the table (a crash after one leaves its effect behind). */
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/**
 * Deterministic, countable faults at the embedded runtime's ports (`Runtime.open({ faults })`).
 * Each port call draws from one seeded PRNG (mulberry32), so a run is reproducible as long as the
 * calls come in the same order (concurrent calls within a batch may interleave differently).
 * `enabled = false` turns every injector off (the settle phase and the oracle's reads).
 *
 * Store faults are thrown from a middleware at the `initialize` step, outside the SDK's retry
 * layer: every injected store fault reaches our code (the SDK never retries it away), which is
 * the harsher case — and the one a burst of throttling longer than the SDK's retries produces.
 *
 * The injector also keeps the provider's side of the story: every call a channel sender accepted,
 * by idempotency key. The outbox folder is idempotent on the key, but SES, End User Messaging SMS
 * and WhatsApp are not: a second accepted call with one key is a second message to the debtor.
 */
export class FaultInjector {
  enabled = true;
  readonly rate: number;
  readonly injected: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  /** Provider-accepted sends: idempotency key → how many times, and on which channel. */
  readonly accepted = new Map<string, { channel: Channel; calls: number }>();
  private readonly kinds: ReadonlySet<FaultKind>;
  private state: number;

  constructor(options: FaultOptions) {
    this.rate = options.rate ?? 0.1;
    this.kinds = new Set(options.kinds ?? FAULT_KINDS);
    this.state = options.seed >>> 0;
  }

  /** Total faults injected so far. */
  get total(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0);
  }

  /** True (and counted) when this call of `kind` must fail. */
  roll(kind: FaultKind): boolean {
    if (!this.enabled || !this.kinds.has(kind)) return false;
    if (this.random() >= this.rate) return false;
    this.injected[kind] += 1;
    return true;
  }

  /** Adds the store faults to a DynamoDB client (document clients made from it share its stack). */
  instrumentDynamo(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'DynamoDB call';
        if (this.roll('store')) {
          // Half throttling (400, retryable), half a server error (500): both reach the caller.
          throw this.random() < 0.5
            ? new InjectedFault('store', command, 'ProvisionedThroughputExceededException', 400)
            : new InjectedFault('store', command, 'InternalServerError', 500);
        }
        const result = await next(args);
        if (WRITES.has(command) && this.roll('crash')) throw new InjectedFault('crash', `after ${command} landed`);
        return result;
      },
      { step: 'initialize', name: 'cobranzaFaultInjection' },
    );
  }

  /** An in-process queue whose sends may throw and whose deliveries may come twice. */
  queue<T>(name: string, options: InProcessQueueOptions): InProcessQueue<T> {
    return new FaultyQueue<T>(name, options, this);
  }

  /** The scheduler as the use cases see it: create and delete may throw, changing nothing. */
  scheduler(inner: ReminderScheduler): ReminderScheduler {
    return {
      schedule: async (request) => {
        if (this.roll('scheduler')) throw new InjectedFault('scheduler', `create ${request.name}`, 'ThrottlingException');
        return inner.schedule(request);
      },
      cancel: async (name) => {
        if (this.roll('scheduler')) throw new InjectedFault('scheduler', `delete ${name}`, 'ThrottlingException');
        return inner.cancel(name);
      },
    };
  }

  /** The channel senders: a fault before the provider got the message, or after it accepted it. */
  channels(inner: LocalChannels): LocalChannels {
    const wrap = <M extends { readonly idempotencyKey: string }>(channel: Channel, send: (m: M) => Promise<{ messageId: string }>) =>
      async (message: M): Promise<{ messageId: string }> => {
        if (this.roll('sender-before')) throw new InjectedFault('sender-before', `${channel} ${message.idempotencyKey}`, 'ServiceUnavailable', 503);
        const result = await send(message);
        const seen = this.accepted.get(message.idempotencyKey);
        this.accepted.set(message.idempotencyKey, { channel, calls: (seen?.calls ?? 0) + 1 });
        if (this.roll('sender-after')) throw new InjectedFault('sender-after', `${channel} ${message.idempotencyKey} accepted, reply lost`, 'TimeoutError', 504);
        return result;
      };
    return {
      sent: inner.sent,
      email: { send: wrap('email', (m) => inner.email.send(m)) },
      sms: { send: wrap('sms', (m) => inner.sms.send(m)) },
      whatsapp: { send: wrap('whatsapp', (m) => inner.whatsapp.send(m)) },
    };
  }

  /** mulberry32: small, fast, good enough to pick calls to break. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}

/**
 * SQS is at-least-once: a message can reach two consumers at the same time. Here a delivered batch
 * may carry a copy of some of its records to a second, concurrent handler call; a copy that fails
 * goes back on the queue like any failed delivery would.
 */
class FaultyQueue<T> extends InProcessQueue<T> {
  constructor(
    name: string,
    options: InProcessQueueOptions,
    private readonly faults: FaultInjector,
  ) {
    super(name, options);
  }

  override async send(messages: readonly T[]): Promise<void> {
    if (messages.length > 0 && this.faults.roll('queue-send')) throw new InjectedFault('queue-send', `${this.name} send of ${messages.length}`, 'AWS.SimpleQueueService.ServiceUnavailable', 503);
    return super.send(messages);
  }

  override drain(handler: SqsHandler): Promise<DrainResult> {
    return super.drain(async (event: SQSEvent): Promise<SQSBatchResponse | void> => {
      const copies = event.Records.filter(() => this.faults.roll('duplicate'));
      if (copies.length === 0) return handler(event);
      const [response, copy] = await Promise.all([
        handler(event),
        handler({ Records: copies.map((r) => ({ ...r, receiptHandle: `${r.receiptHandle}#copy` })) }).then(
          (answer) => new Set((answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier)),
          () => new Set(copies.map((r) => r.messageId)),
        ),
      ]);
      // A failed copy is redelivered (once more, as a message of its own).
      const failedCopies = copies.filter((r) => copy.has(r.messageId));
      if (failedCopies.length > 0) await super.send(failedCopies.map((r) => JSON.parse(r.body) as T));
      return response;
    });
  }
}
