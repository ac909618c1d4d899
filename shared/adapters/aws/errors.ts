/**
 * Failures of the AWS adapters. Each adapter turns only the SDK exception it expects into a result
 * (ConditionalCheckFailed → `false`, ConflictException → `exists`, …) and rethrows everything else;
 * these classes are for the failures the adapters detect themselves.
 */

/** A batch call kept returning unprocessed items (throttling) after every allowed attempt. */
export class BatchIncompleteError extends Error {
  override readonly name = 'BatchIncompleteError';

  constructor(
    readonly operation: 'BatchGetItem' | 'BatchWriteItem',
    readonly tableName: string,
    readonly unprocessed: number,
    readonly attempts: number,
  ) {
    super(`${operation} on ${tableName}: ${unprocessed} items still unprocessed after ${attempts} attempts`);
  }
}

/** One entry SQS refused in a SendMessageBatch. */
export interface FailedQueueEntry {
  readonly id: string;
  readonly code: string;
  readonly message: string;
  readonly senderFault: boolean;
}

/** Some messages were not accepted by SQS, even after one retry of the failed entries. */
export class QueueSendError extends Error {
  override readonly name = 'QueueSendError';

  constructor(
    readonly queueUrl: string,
    readonly failed: readonly FailedQueueEntry[],
  ) {
    super(
      `SQS refused ${failed.length} message(s) on ${queueUrl}: ${failed
        .map((f) => `${f.id} ${f.code}${f.senderFault ? ' (sender fault)' : ''}: ${f.message}`)
        .join('; ')}`,
    );
  }
}

/** True when `error` is the named AWS service exception (by name, so duplicate SDK copies still match). */
export function isAwsError(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
