import { ExportTableToPointInTimeCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { PREFIX } from '../../shared/config/functions.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import type { Clock } from '../../shared/ports.js';

/** The two tables the lake is curated from, by the folder their export lands in. */
export const EXPORTED_TABLES = ['accounts', 'interactions'] as const;
export type ExportedTable = (typeof EXPORTED_TABLES)[number];

export interface ExportTablesDeps {
  readonly dynamo: DynamoDBClient;
  readonly bucketName: string;
  readonly tableArns: Readonly<Record<ExportedTable, string>>;
  readonly clock: Clock;
  readonly observability: Observability;
}

export interface ExportStarted {
  readonly table: ExportedTable;
  readonly prefix: string;
  readonly exportArn?: string;
  readonly status?: string;
}

/** `exports/<YYYY-MM-DD>/<table>`: the day is the UTC day the export was asked for. */
export function exportPrefix(day: string, table: ExportedTable): string {
  return `${PREFIX.exports}${day}/${table}`;
}

/**
 * A daily EventBridge rule (input `{}`, or a scheduled event) → a full point-in-time export of both
 * tables to the bucket as DynamoDB JSON. The client token is the table and the day, so a retried
 * invocation (or a second firing the same day) gets the export already running instead of a new one.
 * The curate-lake function picks up from each export's `manifest-summary.json`.
 */
export function createExportTablesHandler(deps: ExportTablesDeps) {
  return observed(deps.observability, async (event: { readonly time?: string } | undefined, _context: Context): Promise<{ readonly day: string; readonly exports: ExportStarted[] }> => {
    const at = event?.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : deps.clock.now();
    const day = at.toISOString().slice(0, 10);
    const exports: ExportStarted[] = [];
    for (const table of EXPORTED_TABLES) {
      const prefix = exportPrefix(day, table);
      const out = await deps.dynamo.send(
        new ExportTableToPointInTimeCommand({
          TableArn: deps.tableArns[table],
          S3Bucket: deps.bucketName,
          S3Prefix: prefix,
          ExportFormat: 'DYNAMODB_JSON',
          ExportType: 'FULL_EXPORT',
          ClientToken: `cobranza-${table}-${day}`,
        }),
      );
      const started: ExportStarted = {
        table,
        prefix,
        ...(out.ExportDescription?.ExportArn ? { exportArn: out.ExportDescription.ExportArn } : {}),
        ...(out.ExportDescription?.ExportStatus ? { status: out.ExportDescription.ExportStatus } : {}),
      };
      deps.observability.logger.info('table export started', { ...started });
      exports.push(started);
    }
    return { day, exports };
  });
}
