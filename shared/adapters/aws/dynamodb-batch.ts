import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, chunk, mapLimit, type RetryOptions } from './batching.js';
import { BatchIncompleteError } from './errors.js';
import type { Item } from './items.js';

/** DynamoDB's own limits per call. */
export const BATCH_GET_LIMIT = 100;
export const BATCH_WRITE_LIMIT = 25;

export interface BatchOptions extends RetryOptions {
  /** Batch calls in flight at once. */
  readonly concurrency: number;
}

/**
 * Reads `keys` (chunks of 100, `concurrency` chunks at a time). Unprocessed keys (throttling) are
 * retried with jittered backoff; after `maxAttempts` the whole read fails with BatchIncompleteError
 * rather than returning a silently partial answer. Missing items are simply absent from the result.
 * Keys must be unique (DynamoDB rejects a batch with duplicates).
 */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  options: BatchOptions,
): Promise<Item[]> {
  const pages = await mapLimit(chunk(keys, BATCH_GET_LIMIT), options.concurrency, async (batch) => {
    const found: Item[] = [];
    let pending: Item[] = batch;
    for (let attempt = 1; ; attempt += 1) {
      const out = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...((out.Responses?.[tableName] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[];
      if (pending.length === 0) return found;
      if (attempt >= options.maxAttempts) {
        throw new BatchIncompleteError('BatchGetItem', tableName, pending.length, attempt);
      }
      await options.sleep(backoffDelay(attempt, options));
    }
  });
  return pages.flat();
}

/**
 * Puts `items` (chunks of 25, `concurrency` chunks at a time), retrying unprocessed items with
 * jittered backoff, then failing with BatchIncompleteError. Puts are unconditional: last writer wins.
 * Items must have unique keys within the call (DynamoDB rejects a batch with duplicates).
 */
export async function batchPutAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  options: BatchOptions,
): Promise<void> {
  await mapLimit(chunk(items, BATCH_WRITE_LIMIT), options.concurrency, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; ; attempt += 1) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      if (pending.length === 0) return;
      if (attempt >= options.maxAttempts) {
        throw new BatchIncompleteError('BatchWriteItem', tableName, pending.length, attempt);
      }
      await options.sleep(backoffDelay(attempt, options));
    }
  });
}

/** Keeps the last item per key (in first-seen order): a batch may not name one key twice. */
export function lastPerKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(keyOf(item), item);
  return [...byKey.values()];
}
