import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { curate, type Item, type RowCounts } from '../../shared/analytics/curate/curate.js';
import { LakePartWriter } from '../../shared/analytics/parquet.js';
import { LAKE_TABLE_NAMES } from '../../shared/analytics/lake-schema.js';
import { PREFIX } from '../../shared/config/functions.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { decodeS3Key } from '../../shared/schemas/messages.js';
import { EXPORTED_TABLES, exportPrefix, type ExportedTable } from '../export-tables/app.js';

export interface CurateLakeDeps {
  readonly s3: S3Client;
  readonly bucketName: string;
  readonly observability: Observability;
}

export type CurateLakeResult =
  | { readonly exportDay: string; readonly status: 'curated'; readonly rows: RowCounts }
  /** Not every table's export of that day has finished: the other table's manifest will trigger the run. */
  | { readonly exportDay: string; readonly status: 'waiting'; readonly missing: readonly ExportedTable[] }
  /** A newer day is already in the lake: an old export's late event changes nothing. */
  | { readonly exportDay: string; readonly status: 'stale'; readonly lakeDay: string };

/** `lake/_curated.json`: which export the lake holds, and its rows per table. */
export const CURATED_KEY = `${PREFIX.lake}_curated.json`;

/** `exports/<YYYY-MM-DD>/<table>/AWSDynamoDB/<export id>/manifest-summary.json` */
const MANIFEST_SUMMARY = /^exports\/(\d{4}-\d{2}-\d{2})\/(accounts|interactions)\/(?:.*\/)?manifest-summary\.json$/;

const s3NotificationSchema = z.object({
  Records: z.array(z.object({ s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }) })).min(1),
});
const eventBridgeSchema = z.object({
  'detail-type': z.literal('Object Created'),
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
});

/** The object keys an S3 notification or an EventBridge "Object Created" event names. */
export function objectKeys(event: unknown): string[] {
  const notification = s3NotificationSchema.safeParse(event);
  if (notification.success) return notification.data.Records.map((r) => decodeS3Key(r.s3.object.key));
  const bridged = eventBridgeSchema.safeParse(event);
  if (bridged.success) return [decodeS3Key(bridged.data.detail.object.key)];
  throw new Error('expected an S3 event notification (Records[].s3) or an EventBridge "Object Created" event');
}

interface ManifestSummary {
  readonly manifestFilesS3Key?: string;
  readonly exportTime?: string;
  readonly startTime?: string;
  readonly itemCount?: number;
}

/**
 * S3 `ObjectCreated` of an export's `manifest-summary.json` (written when the export completes) →
 * when both tables' exports of that day are complete: stream their DynamoDB JSON data files through
 * the curate step (the same code as `curateLocalLake`), write `lake/<table>/part-*.parquet`, delete
 * the parts of the previous run the new one did not overwrite, then write `lake/_curated.json`.
 * Running it twice on the same exports writes the same files.
 */
export function createCurateLakeHandler(deps: CurateLakeDeps) {
  return observed(deps.observability, async (event: unknown, _context: Context): Promise<CurateLakeResult[]> => {
    const days = new Set<string>();
    for (const key of objectKeys(event)) {
      const match = MANIFEST_SUMMARY.exec(key);
      if (match) days.add(match[1]!);
      else deps.observability.logger.info('not an export manifest summary; ignored', { key });
    }
    const results: CurateLakeResult[] = [];
    for (const day of [...days].sort()) results.push(await curateDay(deps, day));
    return results;
  });
}

async function curateDay(deps: CurateLakeDeps, exportDay: string): Promise<CurateLakeResult> {
  const { logger } = deps.observability;
  const summaries = new Map<ExportedTable, ManifestSummary>();
  for (const table of EXPORTED_TABLES) {
    const key = await latestSummaryKey(deps, `${exportPrefix(exportDay, table)}/`);
    if (!key) continue;
    const text = await getText(deps, key);
    if (text !== undefined) summaries.set(table, JSON.parse(text) as ManifestSummary);
  }
  const missing = EXPORTED_TABLES.filter((t) => !summaries.has(t));
  if (missing.length > 0) {
    logger.info('waiting for the other table export of the day', { exportDay, missing });
    return { exportDay, status: 'waiting', missing };
  }

  const previous = await getText(deps, CURATED_KEY);
  const lakeDay = previous ? (JSON.parse(previous) as { exportDay?: string }).exportDay : undefined;
  if (lakeDay && lakeDay > exportDay) {
    logger.info('the lake already holds a newer export', { exportDay, lakeDay });
    return { exportDay, status: 'stale', lakeDay };
  }

  const accounts = summaries.get('accounts')!;
  const exportTime = accounts.exportTime ?? accounts.startTime;
  const now = exportTime && !Number.isNaN(Date.parse(exportTime)) ? new Date(exportTime) : new Date(`${exportDay}T00:00:00Z`);
  const written = new Set<string>();
  const writer = new LakePartWriter(async (table, part, bytes) => {
    const key = `${PREFIX.lake}${table}/${part}`;
    await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucketName, Key: key, Body: bytes, ContentType: 'application/vnd.apache.parquet' }));
    written.add(key);
  });
  const rows = await curate(
    { accounts: exportItems(deps, accounts), interactions: exportItems(deps, summaries.get('interactions')!), now },
    writer.sink,
  );
  await writer.finish();

  for (const table of LAKE_TABLE_NAMES) {
    for (const object of await listAll(deps, `${PREFIX.lake}${table}/`)) {
      if (object.Key && object.Key.endsWith('.parquet') && !written.has(object.Key)) {
        await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.bucketName, Key: object.Key }));
      }
    }
  }
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucketName,
      Key: CURATED_KEY,
      Body: `${JSON.stringify({ exportDay, rows }, null, 2)}\n`,
      ContentType: 'application/json',
    }),
  );
  logger.info('lake curated', { exportDay, rows });
  return { exportDay, status: 'curated', rows };
}

/** The newest `manifest-summary.json` under an export prefix (a day has one export per table; a manual rerun may add one). */
async function latestSummaryKey(deps: CurateLakeDeps, prefix: string): Promise<string | undefined> {
  const summaries = (await listAll(deps, prefix)).filter((o) => o.Key?.endsWith('/manifest-summary.json'));
  summaries.sort((a, b) => (a.LastModified?.getTime() ?? 0) - (b.LastModified?.getTime() ?? 0) || String(a.Key).localeCompare(String(b.Key)));
  return summaries.at(-1)?.Key;
}

async function listAll(deps: CurateLakeDeps, prefix: string): Promise<_Object[]> {
  const objects: _Object[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: deps.bucketName, Prefix: prefix, ContinuationToken }));
    objects.push(...(page.Contents ?? []));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return objects;
}

async function getText(deps: CurateLakeDeps, key: string): Promise<string | undefined> {
  try {
    const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucketName, Key: key }));
    return out.Body ? await out.Body.transformToString() : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * The items of one export: `manifest-files.json` (one JSON line per data file) → each gzipped data
 * file → one `{"Item":{…}}` DynamoDB JSON line per item, unmarshalled as the stores read them.
 */
async function* exportItems(deps: CurateLakeDeps, summary: ManifestSummary): AsyncGenerator<Item> {
  if (!summary.manifestFilesS3Key) throw new Error('manifest-summary.json names no manifestFilesS3Key');
  const manifest = (await getText(deps, summary.manifestFilesS3Key)) ?? '';
  for (const line of manifest.split('\n')) {
    if (line.trim() === '') continue;
    const { dataFileS3Key } = JSON.parse(line) as { dataFileS3Key?: string };
    if (!dataFileS3Key) continue;
    const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucketName, Key: dataFileS3Key }));
    if (!out.Body) continue;
    const body = out.Body instanceof Readable ? out.Body : Readable.fromWeb(out.Body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
    const gunzip = createGunzip();
    body.once('error', (error) => gunzip.destroy(error));
    const lines = createInterface({ input: body.pipe(gunzip), crlfDelay: Infinity });
    for await (const text of lines) {
      if (text.trim() === '') continue;
      const { Item } = JSON.parse(text) as { Item?: Record<string, AttributeValue> };
      if (Item) yield unmarshall(Item, { wrapNumbers: false }) as Item;
    }
  }
}
