import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from '../curate/curate.js';

/**
 * A table's items from a chain of DynamoDB exports: the last full export, then each incremental
 * export after it, in order. Pure: no I/O; the callers read the export files.
 *
 * Line formats (DYNAMODB_JSON, one JSON object per line, gzipped data files):
 * - full export: `{"Item":{…}}`;
 * - incremental export: `{"Metadata":{"WriteTimestampMicros":{"N":"…"}},"Keys":{…},"NewImage":{…}?,"OldImage":{…}?}`.
 *   An incremental export is compacted to the final state of each changed item in its period, so a
 *   line with `NewImage` is the item as it stood at the end of the period (inserted or updated) and a
 *   line without it (keys only, or keys + `OldImage`) is a delete. An item put and deleted within one
 *   period may appear as a delete or not at all; both mean "absent".
 *   Sources: the DynamoDB Developer Guide "DynamoDB table export output format" (incremental export
 *   output) and the AWS Database Blog post "Introducing incremental export from Amazon DynamoDB to
 *   Amazon S3" (2023).
 */

/** One line of an incremental export, unmarshalled: the item's key and, unless it was deleted, its new image. */
export interface ExportChange {
  readonly keys: Item;
  readonly newImage?: Item;
}

export type KeyOf = (item: Item) => string;

/** The identity of an item by its key attributes (`pk`, `sk` for both exported tables). */
export function keyOf(attributes: readonly string[]): KeyOf {
  return (item) => JSON.stringify(attributes.map((name) => item[name] ?? null));
}

type Source<T> = AsyncIterable<T> | Iterable<T>;

/**
 * The changes of the incremental exports, in chain order, as one map: key → the item's image at the
 * end of the chain, or `null` when it was deleted. A later export wins over an earlier one.
 * This is the only thing held in memory: the changed items, not the table.
 */
export async function collectChanges(incrementals: Iterable<Source<ExportChange>>, key: KeyOf): Promise<Map<string, Item | null>> {
  const changes = new Map<string, Item | null>();
  for (const incremental of incrementals) {
    for await (const change of incremental) {
      changes.set(key(change.keys), change.newImage ?? null);
    }
  }
  return changes;
}

/**
 * Streams the full export's items with the changes applied on the fly: a changed item is replaced by
 * its new image, a deleted one dropped; then the items the chain created (absent from the base).
 * `changes` is consumed: what remains after the call is nothing.
 */
export async function* applyChanges(base: Source<Item>, changes: Map<string, Item | null>, key: KeyOf): AsyncGenerator<Item> {
  for await (const item of base) {
    const k = key(item);
    if (!changes.has(k)) {
      yield item;
      continue;
    }
    const image = changes.get(k)!;
    changes.delete(k);
    if (image !== null) yield image;
  }
  for (const image of changes.values()) if (image !== null) yield image;
  changes.clear();
}

/** The items of a chain: the full export's items with every incremental export applied in order. */
export async function* mergeExportChain(base: Source<Item>, incrementals: Iterable<Source<ExportChange>>, key: KeyOf): AsyncGenerator<Item> {
  const changes = await collectChanges(incrementals, key);
  yield* applyChanges(base, changes, key);
}

type Marshalled = Record<string, AttributeValue>;
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const image = (value: Marshalled): Item => unmarshall(value, { wrapNumbers: false }) as Item;

/** A full export's line → its item (undefined for a line without `Item`). */
export function fullExportItem(line: unknown): Item | undefined {
  return isObject(line) && isObject(line.Item) ? image(line.Item as Marshalled) : undefined;
}

/** An incremental export's line → the change it records (undefined for a line without `Keys`). */
export function incrementalExportChange(line: unknown): ExportChange | undefined {
  if (!isObject(line) || !isObject(line.Keys)) return undefined;
  const keys = image(line.Keys as Marshalled);
  return isObject(line.NewImage) ? { keys, newImage: image(line.NewImage as Marshalled) } : { keys };
}
