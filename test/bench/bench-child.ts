/**
 * One measured run of the benchmark, in its own process so its peak RSS is its own:
 *   ingest   FILE   the real ingest use case into dynalite (planning requests are counted, not planned)
 *   baseline ITEMS  raw BatchWriteItem of the same items (JSON Lines of marshalled items), 25 per call
 *   chunked  FILE   the chunked path of large files (plan, chunks one after another, finish), in process
 * Prints one JSON line: { seconds, peakRssMb, ... }.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename, dirname } from 'node:path';
import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { mapLimit } from '../../shared/adapters/aws/batching.js';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.js';
import type { PlanRequest } from '../../shared/domain/types.js';
import { ingestInvoiceFile } from '../../shared/usecases/ingest-invoice-file.js';
import { FolderByteRanges } from '../../shared/adapters/local/folder-byte-ranges.js';
import { ingestLargeFile } from '../../shared/usecases/ingest-large-file.js';

const [mode, path, endpoint, accountsTable, interactionsTable] = process.argv.slice(2);
if (!mode || !path || !endpoint || !accountsTable) throw new Error('usage: bench-child ingest|baseline PATH ENDPOINT ACCOUNTS_TABLE [INTERACTIONS_TABLE]');

const client = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

// The baseline's items are read before the clock starts: only the writes are timed.
const baselineItems = mode === 'baseline' ? await readItems(path) : [];
const started = performance.now();
let extra: Record<string, number> = {};
if (mode === 'ingest') {
  let planned = 0;
  const report = await ingestInvoiceFile(
    {
      store: new DynamoDbAccountStore(client, accountsTable),
      log: new DynamoDbInteractionLog(client, interactionsTable ?? accountsTable),
      files: new FolderObjectStore(dirname(path)),
      planning: { send: async (messages: readonly PlanRequest[]) => void (planned += messages.length) },
      clock: { now: () => new Date('2026-11-23T14:00:00Z') },
    },
    { key: basename(path) },
  );
  extra = { rows: report.rows, created: report.created, unchanged: report.unchanged, rejected: report.rejected.length, planningRequests: planned };
} else if (mode === 'chunked') {
  let planned = 0;
  const files = new FolderObjectStore(dirname(path));
  const report = await ingestLargeFile(
    {
      store: new DynamoDbAccountStore(client, accountsTable),
      log: new DynamoDbInteractionLog(client, interactionsTable ?? accountsTable),
      files,
      ranges: new FolderByteRanges(files),
      planning: { send: async (messages: readonly PlanRequest[]) => void (planned += messages.length) },
      clock: { now: () => new Date('2026-11-23T14:00:00Z') },
    },
    { key: basename(path) },
    (p) => void process.stderr.write(`  chunk ${p.chunk}/${p.chunks}: ${p.rowsDone} rows, ${Math.floor((100 * p.bytesDone) / p.totalBytes)}% of the bytes, ${Math.round(process.memoryUsage().rss / 1048576)} MB RSS\n`),
  );
  extra = { rows: report.rows, created: report.created, rejected: report.rejected.length, planningRequests: planned, chunks: report.chunks.count };
} else {
  // Same batch size and the same number of batches in flight as the adapter (DynamoDbStoreOptions
  // concurrency, default 4), so the ratio measures the use case, not a difference in parallelism.
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < baselineItems.length; i += 25) {
    batches.push(baselineItems.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
  }
  await mapLimit(batches, 4, async (batch) => {
    let pending: Record<string, WriteRequest[]> | undefined = { [accountsTable]: batch };
    while (pending && Object.keys(pending).length > 0) {
      pending = (await client.send(new BatchWriteItemCommand({ RequestItems: pending }))).UnprocessedItems;
    }
  });
  extra = { items: baselineItems.length };
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ mode, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, ...extra })}\n`);
client.destroy();

async function readItems(file: string): Promise<NonNullable<WriteRequest['PutRequest']>['Item'][]> {
  const items: NonNullable<WriteRequest['PutRequest']>['Item'][] = [];
  for await (const line of createInterface({ input: createReadStream(file) })) if (line) items.push(JSON.parse(line));
  return items;
}
