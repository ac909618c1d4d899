import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client, type _Object } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { curate, type Item, type RowCounts } from '../../shared/analytics/curate/curate.js';
import { chainForDay, chainKey, parseChain, type ChainLink, type DayChain } from '../../shared/analytics/exports/chain.js';
import { fullExportItem, incrementalExportChange, keyOf, mergeExportChain, type ExportChange } from '../../shared/analytics/exports/merge.js';
import { accountsTable, interactionsTable } from '../../shared/config/tables.js';
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
  /** Not every export of that day's chains has finished: the last one's manifest will trigger the run. */
  | { readonly exportDay: string; readonly status: 'waiting'; readonly missing: readonly ExportedTable[] }
  /** A newer day is already in the lake: an old export's late event changes nothing. */
  | { readonly exportDay: string; readonly status: 'stale'; readonly lakeDay: string }
  /** A newer full export started a new chain for a table: that day can no longer be rebuilt (a newer day will be). */
  | { readonly exportDay: string; readonly status: 'superseded'; readonly by: string };

/** `lake/_curated.json`: which export the lake holds, and its rows per table. */
export const CURATED_KEY = `${PREFIX.lake}_curated.json`;

/** Each exported table's item identity (its key attributes), to apply incremental exports to a full one. */
const TABLE_KEYS: Readonly<Record<ExportedTable, (item: Item) => string>> = {
  accounts: keyOf([accountsTable.partitionKey.name, ...(accountsTable.sortKey ? [accountsTable.sortKey.name] : [])]),
  interactions: keyOf([interactionsTable.partitionKey.name, ...(interactionsTable.sortKey ? [interactionsTable.sortKey.name] : [])]),
};

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
 * when every export that makes up that day for both tables is complete (per table: the chain
 * manifest's full export and the incremental exports after it up to that day, see export-tables):
 * stream their DynamoDB JSON data files, the incremental changes applied to the full export, through
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

interface ChainExport {
  readonly link: ChainLink;
  readonly summary: ManifestSummary;
}

async function curateDay(deps: CurateLakeDeps, exportDay: string): Promise<CurateLakeResult> {
  const { logger } = deps.observability;
  const chains = new Map<ExportedTable, ChainExport[]>();
  const missing: ExportedTable[] = [];
  for (const table of EXPORTED_TABLES) {
    const links = await dayLinks(deps, table, exportDay);
    if (links.status === 'superseded') {
      logger.info('a newer full export started a new chain; this day is not rebuilt', { exportDay, table, by: links.by });
      return { exportDay, status: 'superseded', by: links.by };
    }
    if (links.status === 'unlisted') {
      missing.push(table);
      continue;
    }
    const exports: ChainExport[] = [];
    for (const link of links.links) {
      const key = await latestSummaryKey(deps, `${link.prefix}/`);
      const text = key ? await getText(deps, key) : undefined;
      if (text === undefined) break;
      exports.push({ link, summary: JSON.parse(text) as ManifestSummary });
    }
    if (exports.length === links.links.length) chains.set(table, exports);
    else missing.push(table);
  }
  if (missing.length > 0) {
    logger.info('waiting for the exports of the day to complete', { exportDay, missing });
    return { exportDay, status: 'waiting', missing };
  }

  const previous = await getText(deps, CURATED_KEY);
  const lakeDay = previous ? (JSON.parse(previous) as { exportDay?: string }).exportDay : undefined;
  if (lakeDay && lakeDay > exportDay) {
    logger.info('the lake already holds a newer export', { exportDay, lakeDay });
    return { exportDay, status: 'stale', lakeDay };
  }

  const now = chainTime(chains.get('accounts')!) ?? new Date(`${exportDay}T00:00:00Z`);
  const written = new Set<string>();
  const writer = new LakePartWriter(async (table, part, bytes) => {
    const key = `${PREFIX.lake}${table}/${part}`;
    await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucketName, Key: key, Body: bytes, ContentType: 'application/vnd.apache.parquet' }));
    written.add(key);
  });
  const rows = await curate(
    { accounts: tableItems(deps, 'accounts', chains.get('accounts')!), interactions: tableItems(deps, 'interactions', chains.get('interactions')!), now },
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
 * The exports of a table that make up `day`: from the chain manifest export-tables keeps, or, when
 * there is none (exports from before the chain existed), the day's export taken as a full one.
 */
async function dayLinks(deps: CurateLakeDeps, table: ExportedTable, day: string): Promise<DayChain> {
  const text = await getText(deps, chainKey(table));
  if (text === undefined) return { status: 'links', links: [{ kind: 'full', day, prefix: exportPrefix(day, table), exportTime: `${day}T00:00:00.000Z` }] };
  return chainForDay(parseChain(text), day);
}

/** The instant the chain's items stand at: the last incremental export's end, else the full export's time. */
function chainTime(chain: readonly ChainExport[]): Date | undefined {
  const last = chain.at(-1)!;
  const candidates = last.link.kind === 'incremental' ? [last.link.to] : [last.summary.exportTime, last.summary.startTime];
  const at = candidates.find((value) => value !== undefined && !Number.isNaN(Date.parse(value)));
  return at ? new Date(at) : undefined;
}

/**
 * A table's items on the day: its full export streamed, with the incremental exports after it
 * applied on the fly (only their changes are held in memory; see mergeExportChain).
 */
function tableItems(deps: CurateLakeDeps, table: ExportedTable, chain: readonly ChainExport[]): AsyncIterable<Item> {
  const [full, ...incrementals] = chain;
  const base = mapDefined(exportLines(deps, full!.summary), fullExportItem);
  if (incrementals.length === 0) return base;
  return mergeExportChain(
    base,
    incrementals.map((e) => mapDefined(exportLines(deps, e.summary), incrementalExportChange) as AsyncIterable<ExportChange>),
    TABLE_KEYS[table],
  );
}

async function* mapDefined<T>(lines: AsyncIterable<unknown>, map: (line: unknown) => T | undefined): AsyncGenerator<T> {
  for await (const line of lines) {
    const value = map(line);
    if (value !== undefined) yield value;
  }
}

/**
 * The lines of one export: `manifest-files.json` (one JSON line per data file) → each gzipped data
 * file → one JSON object per line (`{"Item":…}` in a full export, `{"Keys":…,"NewImage":…}` in an
 * incremental one).
 */
async function* exportLines(deps: CurateLakeDeps, summary: ManifestSummary): AsyncGenerator<unknown> {
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
      yield JSON.parse(text) as unknown;
    }
  }
}
