import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Clock, MessageQueue } from '../../ports.js';

export interface InProcessQueueOptions {
  /** Where `<name>.jsonl` dead letters are appended; without it they are kept in memory only. */
  readonly deadLetterDir?: string;
  /** Records per handler call (the Lambda event source's BatchSize). @default 10 */
  readonly batchSize?: number;
  /** Deliveries before a message is dead-lettered (the redrive policy's maxReceiveCount). @default 5 */
  readonly maxReceiveCount?: number;
  /** Stamps dead letters. @default the system clock */
  readonly clock?: Clock;
}

/** A message that failed `maxReceiveCount` deliveries, as written to `<queue>.jsonl`. */
export interface DeadLetter {
  readonly queue: string;
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly lastError: string;
  readonly at: string;
}

export interface DrainResult {
  /** Handler calls. */
  readonly batches: number;
  /** Records delivered, redeliveries included. */
  readonly delivered: number;
  /** Messages processed successfully (deleted from the queue). */
  readonly succeeded: number;
  /** Failed deliveries put back for another try. */
  readonly retried: number;
  /** Messages moved to the dead-letter list. */
  readonly deadLettered: number;
}

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

interface Message {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
}

/**
 * The embedded runtime's SQS: MessageQueue<T> held in memory and delivered to a Lambda-style handler
 * as real SQS events, with SQS + Lambda's failure semantics:
 *   - `batchItemFailures` redelivers only the records it names (ReportBatchItemFailures);
 *   - a thrown error, or a failure naming an id that is not in the batch, redelivers the whole batch;
 *   - after `maxReceiveCount` deliveries a message moves to the dead-letter list
 *     (`<deadLetterDir>/<name>.jsonl`, one JSON line each, with the last error).
 * Redeliveries go to the back of the queue, as after a visibility timeout.
 *
 * @example
 * const planning = new InProcessQueue<PlanRequest>('planning', { deadLetterDir: '.cobranza/dead-letters' });
 * await planning.send(requests);
 * const result = await planning.drain(planHandler);
 */
export class InProcessQueue<T> implements MessageQueue<T> {
  private readonly queue: Message[] = [];
  private readonly memoryDeadLetters: DeadLetter[] = [];
  private deadLetterCount: number;
  private readonly batchSize: number;
  private readonly maxReceiveCount: number;
  private readonly clock: Clock;
  readonly arn: string;

  constructor(
    readonly name: string,
    private readonly options: InProcessQueueOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 10;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.clock = options.clock ?? { now: () => new Date() };
    this.arn = `arn:aws:sqs:local:000000000000:${name}`;
    this.deadLetterCount = this.deadLetterFile ? countLines(this.deadLetterFile) : 0;
  }

  async send(messages: readonly T[]): Promise<void> {
    const sentAt = Date.now();
    for (const message of messages) {
      this.queue.push({ messageId: randomUUID(), body: JSON.stringify(message), sentAt, receiveCount: 0 });
    }
  }

  /** Messages waiting (redeliveries included). */
  size(): number {
    return this.queue.length;
  }

  /** Messages dead-lettered so far, earlier runs on the same data dir included. */
  deadLetters(): number {
    return this.deadLetterCount;
  }

  /** The dead letters themselves (from the file when there is one). */
  async deadLetterList(): Promise<DeadLetter[]> {
    if (!this.deadLetterFile) return [...this.memoryDeadLetters];
    const text = await readFile(this.deadLetterFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as DeadLetter);
  }

  /**
   * SQS's dead-letter redrive: puts every dead letter back on this queue as a new message (receive
   * count 0) and returns how many. The dead-letter list is left as is until `forgetDeadLetters`, so
   * a crash before the redriven messages were processed loses nothing (they are redriven again).
   */
  async redrive(): Promise<number> {
    const letters = await this.deadLetterList();
    const sentAt = Date.now();
    for (const letter of letters) this.queue.push({ messageId: randomUUID(), body: letter.body, sentAt, receiveCount: 0 });
    return letters.length;
  }

  /** Drops the first `count` dead letters (the ones a `redrive` put back and that were then processed). */
  async forgetDeadLetters(count: number): Promise<void> {
    if (count <= 0) return;
    if (!this.deadLetterFile) {
      this.memoryDeadLetters.splice(0, count);
    } else {
      const rest = (await this.deadLetterList()).slice(count);
      await writeFile(this.deadLetterFile, rest.map((letter) => `${JSON.stringify(letter)}\n`).join(''));
    }
    this.deadLetterCount = Math.max(0, this.deadLetterCount - count);
  }

  /**
   * Delivers every waiting message to `handler`, `batchSize` at a time, until the queue is empty
   * (messages the handler sends to this queue meanwhile included). Never throws for a handler
   * failure: failed messages are retried and, in the end, dead-lettered.
   */
  async drain(handler: SqsHandler): Promise<DrainResult> {
    let batches = 0;
    let delivered = 0;
    let succeeded = 0;
    let retried = 0;
    let deadLettered = 0;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      const now = Date.now();
      for (const message of batch) {
        message.receiveCount += 1;
        message.firstReceiveAt ??= now;
      }
      batches += 1;
      delivered += batch.length;

      const failures = await this.deliver(handler, batch);
      for (const message of batch) {
        const error = failures.get(message.messageId);
        if (error === undefined) {
          succeeded += 1;
        } else if (message.receiveCount >= this.maxReceiveCount) {
          await this.deadLetter(message, error);
          deadLettered += 1;
        } else {
          this.queue.push(message);
          retried += 1;
        }
      }
    }
    return { batches, delivered, succeeded, retried, deadLettered };
  }

  /** Calls the handler; returns the failed message ids with the reason. */
  private async deliver(handler: SqsHandler, batch: readonly Message[]): Promise<Map<string, string>> {
    const all = (reason: string) => new Map(batch.map((m) => [m.messageId, reason]));
    let response: SQSBatchResponse | void;
    try {
      response = await handler({ Records: batch.map((m) => this.record(m)) });
    } catch (error) {
      return all(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    const failed = response?.batchItemFailures ?? [];
    const ids = new Set(batch.map((m) => m.messageId));
    // Lambda fails the whole batch when a reported id is empty or not in the batch.
    if (failed.some((f) => !f.itemIdentifier || !ids.has(f.itemIdentifier))) {
      return all('batchItemFailures named a message that is not in the batch');
    }
    return new Map(failed.map((f) => [f.itemIdentifier, 'reported in batchItemFailures']));
  }

  private record(message: Message): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt ?? message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: 'local',
    };
  }

  private get deadLetterFile(): string | undefined {
    return this.options.deadLetterDir === undefined ? undefined : join(this.options.deadLetterDir, `${this.name}.jsonl`);
  }

  private async deadLetter(message: Message, lastError: string): Promise<void> {
    const letter: DeadLetter = {
      queue: this.name,
      messageId: message.messageId,
      body: message.body,
      receiveCount: message.receiveCount,
      lastError,
      at: this.clock.now().toISOString(),
    };
    if (this.options.deadLetterDir !== undefined && this.deadLetterFile) {
      await mkdir(this.options.deadLetterDir, { recursive: true });
      await appendFile(this.deadLetterFile, `${JSON.stringify(letter)}\n`);
    } else {
      this.memoryDeadLetters.push(letter);
    }
    this.deadLetterCount += 1;
  }
}

/** Lines in a JSON Lines file, 0 when it does not exist (read once, at construction). */
function countLines(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
