import { DescribeTableCommand, ExportTableToPointInTimeCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import {
  chainKey,
  DEFAULT_FULL_MAX_BYTES,
  extendChain,
  parseChain,
  planExport,
  type ChainLink,
  type ExportChain,
  type ExportPlan,
} from '../../shared/analytics/exports/chain.js';
import { ENV, PREFIX } from '../../shared/config/functions.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import type { Clock } from '../../shared/ports.js';

/** The two tables the lake is curated from, by the folder their export lands in. */
export const EXPORTED_TABLES = ['accounts', 'interactions'] as const;
export type ExportedTable = (typeof EXPORTED_TABLES)[number];

/** The environment variable that overrides the size (bytes) from which a table is exported incrementally. */
export const EXPORT_FULL_MAX_BYTES_ENV = ENV.exportFullMaxBytes;

export interface ExportTablesDeps {
  readonly dynamo: DynamoDBClient;
  readonly s3: S3Client;
  readonly bucketName: string;
  readonly tableArns: Readonly<Record<ExportedTable, string>>;
  readonly clock: Clock;
  readonly observability: Observability;
  /**
   * Tables of at least this many bytes (DescribeTable's TableSizeBytes) are exported incrementally
   * between weekly full exports; smaller ones in full every day. Default 5 GiB.
   *
   * Why the size decides: DynamoDB bills a full export by the size of the table (plus its local
   * secondary indexes) at the export time, and an incremental export by the size of the changed data
   * it processes, with a 10 MB minimum per export (DynamoDB Developer Guide, "DynamoDB data export to
   * Amazon S3: how it works"; both at a per-GB rate on the DynamoDB pricing page). Collections data
   * changes a small share of the table per day, so past a few GB a day's changes cost far less to
   * export than the whole table; below that a daily full export costs little and needs no chain.
   */
  readonly fullMaxBytes?: number;
}

export interface ExportStarted {
  readonly table: ExportedTable;
  readonly kind: 'full' | 'incremental';
  readonly prefix: string;
  /** Why a full export (small table, no base, weekly, period out of bounds) or `existing` when a retry found it in the chain. */
  readonly reason?: string;
  readonly exportArn?: string;
  readonly status?: string;
}

/** `exports/<YYYY-MM-DD>/<table>`: the day is the UTC day the export was asked for (full or incremental). */
export function exportPrefix(day: string, table: ExportedTable): string {
  return `${PREFIX.exports}${day}/${table}`;
}

/**
 * A daily EventBridge rule (a scheduled event, or input `{}`) → per table, a point-in-time export to
 * the bucket as DynamoDB JSON: a full one for a small table, otherwise an incremental one of the
 * changes since the chain's last export (a full one every 7th day, or when there is no base), then
 * the chain manifest `exports/chain/<table>.json` is updated. The client token is the table, the
 * day and the kind, and an incremental period ends at the event's time (whole seconds): a retried
 * invocation asks DynamoDB the very same request and gets the export already running; once the
 * chain lists the day's export, a retry starts nothing.
 * The curate-lake function picks up from each export's `manifest-summary.json`.
 */
export function createExportTablesHandler(deps: ExportTablesDeps) {
  const fullMaxBytes = deps.fullMaxBytes ?? DEFAULT_FULL_MAX_BYTES;
  return observed(deps.observability, async (event: { readonly time?: string } | undefined, _context: Context): Promise<{ readonly day: string; readonly exports: ExportStarted[] }> => {
    const at = event?.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : deps.clock.now();
    const day = at.toISOString().slice(0, 10);
    const exports: ExportStarted[] = [];
    for (const table of EXPORTED_TABLES) exports.push(await exportTable(deps, fullMaxBytes, table, day, at));
    return { day, exports };
  });
}

async function exportTable(deps: ExportTablesDeps, fullMaxBytes: number, table: ExportedTable, day: string, at: Date): Promise<ExportStarted> {
  const { logger } = deps.observability;
  const tableArn = deps.tableArns[table];
  const prefix = exportPrefix(day, table);
  const chain = await readChain(deps, table);
  const described = await deps.dynamo.send(new DescribeTableCommand({ TableName: tableArn }));
  const tableSizeBytes = described.Table?.TableSizeBytes ?? 0;
  const plan: ExportPlan = planExport({ day, at, tableSizeBytes, fullMaxBytes, chain });

  if (plan.kind === 'existing') {
    const found: ExportStarted = { table, kind: plan.link.kind, prefix: plan.link.prefix, reason: 'existing', ...(plan.link.exportArn ? { exportArn: plan.link.exportArn } : {}) };
    logger.info('table export already started today', { ...found });
    return found;
  }

  const out = await deps.dynamo.send(
    new ExportTableToPointInTimeCommand({
      TableArn: tableArn,
      S3Bucket: deps.bucketName,
      S3Prefix: prefix,
      ExportFormat: 'DYNAMODB_JSON',
      ClientToken: `cobranza-${table}-${day}-${plan.kind}`,
      ...(plan.kind === 'full'
        ? { ExportType: 'FULL_EXPORT' as const }
        : {
            ExportType: 'INCREMENTAL_EXPORT' as const,
            IncrementalExportSpecification: { ExportFromTime: new Date(plan.from), ExportToTime: new Date(plan.to), ExportViewType: 'NEW_AND_OLD_IMAGES' as const },
          }),
    }),
  );
  const description = out.ExportDescription;
  const exportArn = description?.ExportArn ? { exportArn: description.ExportArn } : {};
  const link: ChainLink =
    plan.kind === 'full'
      ? // The snapshot's instant as DynamoDB reports it; else the run's (earlier: the next period overlaps, never leaves a hole).
        { kind: 'full', day, prefix, exportTime: (description?.ExportTime ?? at).toISOString(), ...exportArn }
      : { kind: 'incremental', day, prefix, from: plan.from, to: plan.to, ...exportArn };
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucketName,
      Key: chainKey(table),
      Body: `${JSON.stringify(extendChain(table, chain, link), null, 2)}\n`,
      ContentType: 'application/json',
    }),
  );
  const started: ExportStarted = {
    table,
    kind: plan.kind,
    prefix,
    ...(plan.kind === 'full' ? { reason: plan.reason } : {}),
    ...exportArn,
    ...(description?.ExportStatus ? { status: description.ExportStatus } : {}),
  };
  logger.info('table export started', { ...started, tableSizeBytes });
  return started;
}

async function readChain(deps: ExportTablesDeps, table: ExportedTable): Promise<ExportChain | undefined> {
  try {
    const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucketName, Key: chainKey(table) }));
    return out.Body ? parseChain(await out.Body.transformToString()) : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
