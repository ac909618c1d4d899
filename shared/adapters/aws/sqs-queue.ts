import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SendMessageBatchResultEntry,
  type BatchResultErrorEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { MessageQueue } from '../../ports.js';
import { mapLimit } from './batching.js';
import { QueueSendError, type FailedQueueEntry } from './errors.js';

/** SQS's limits for one SendMessageBatch: 10 entries, 256 KiB of bodies in all. */
export const SQS_BATCH_ENTRIES = 10;
export const SQS_BATCH_BYTES = 256 * 1024;

export interface SqsQueueOptions {
  /** SendMessageBatch calls in flight at once. @default 8 */
  readonly concurrency?: number;
}

/**
 * MessageQueue<T> on a standard SQS queue: each message is one JSON body; sends go out as
 * SendMessageBatch calls of up to 10 entries (fewer when the bodies would pass 256 KiB).
 * Entry ids are the message's position in `send` (`m0`, `m1`, …), so a failure names the message.
 * Entries SQS reports as Failed are retried once; any still failing make `send` throw
 * QueueSendError listing them (the messages that were accepted stay sent: consumers are idempotent).
 *
 * @example
 * const planning = new SqsQueue<PlanRequest>(new SQSClient({}), env.planningQueueUrl);
 * await planning.send(requests);
 */
export class SqsQueue<T> implements MessageQueue<T> {
  private readonly concurrency: number;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    options: SqsQueueOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
  }

  async send(messages: readonly T[]): Promise<void> {
    const entries = messages.map((message, index) => ({ Id: `m${index}`, MessageBody: JSON.stringify(message) }));
    const failedPerBatch = await mapLimit(batches(entries), this.concurrency, async (batch) => {
      const failed = await this.sendBatch(batch);
      if (failed.length === 0) return [];
      const retry = batch.filter((entry) => failed.some((f) => f.Id === entry.Id));
      return (await this.sendBatch(retry)).map(toFailedEntry);
    });
    const failed = failedPerBatch.flat();
    if (failed.length > 0) throw new QueueSendError(this.queueUrl, failed);
  }

  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<BatchResultErrorEntry[]> {
    const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
    const succeeded = new Set((out.Successful ?? []).map((s: SendMessageBatchResultEntry) => s.Id));
    const failed = out.Failed ?? [];
    // An entry in neither list would be lost without a trace: treat it as failed.
    const unaccounted = entries
      .filter((e) => !succeeded.has(e.Id) && !failed.some((f) => f.Id === e.Id))
      .map((e) => ({ Id: e.Id, Code: 'Unaccounted', Message: 'neither Successful nor Failed', SenderFault: false }));
    return [...failed, ...unaccounted];
  }
}

function toFailedEntry(entry: BatchResultErrorEntry): FailedQueueEntry {
  return {
    id: entry.Id ?? '?',
    code: entry.Code ?? 'Unknown',
    message: entry.Message ?? '',
    senderFault: entry.SenderFault ?? false,
  };
}

/** Groups entries into SendMessageBatch calls: at most 10 entries and 256 KiB of bodies each. */
function batches(entries: readonly SendMessageBatchRequestEntry[]): SendMessageBatchRequestEntry[][] {
  const out: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.MessageBody ?? '', 'utf8');
    if (current.length > 0 && (current.length === SQS_BATCH_ENTRIES || bytes + size > SQS_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
