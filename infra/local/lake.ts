import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { curate, type Item, type RowCounts } from '../../shared/analytics/curate/curate.js';
import type { ReportDate } from '../../shared/analytics/curate/dates.js';
import { LakePartWriter } from '../../shared/analytics/parquet.js';
import { documentClient } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { startDynalite } from '../../shared/adapters/local/dynalite-server.js';
import type { ReportsPolicy } from '../../shared/domain/policy/reports-section.js';
import { dataDirLayout, lockDataDir } from './data-dir.js';

/** The local tables when this process already has them open (the CLI's runtime holds the data dir). */
export interface OpenTables {
  readonly client: DynamoDBClient;
  readonly tableNames: { readonly Accounts: string; readonly Interactions: string };
}

export interface CurateLocalLakeOptions {
  /** "Today" (in the reporting zone). @default the data dir's test clock (clock.json), else the wall clock */
  readonly now?: Date;
  /** The as-of dates for report_dates. @default reportDates(today): the last 24 month ends and today */
  readonly reportDates?: (today: string) => readonly ReportDate[];
  /** The policy's reports section. @default the active policy's (else the shipped defaults) */
  readonly reports?: ReportsPolicy;
  /**
   * Read through these instead of opening the data dir: a process that already holds it (the data
   * dir lock, dynalite's LevelDB) passes its own. Without them the data dir is locked for the run
   * (DataDirInUseError when `npm start` or another command holds it).
   */
  readonly tables?: OpenTables;
}

export interface LocalLakeResult {
  /** `<dataDir>/lake`: one folder per table of `part-*.parquet`, and `_curated.json`. */
  readonly lakeDir: string;
  readonly now: string;
  readonly rows: RowCounts;
}

/** `<dataDir>/lake`, where the KPI engine (DuckDB) reads. */
export function localLakeDir(dataDir: string): string {
  return join(dataDirLayout(dataDir).root, 'lake');
}


/**
 * The curate step on the local tables: Scan Accounts and Interactions (the same item shapes as an
 * export on AWS), run the pure curate, and write `<dataDir>/lake/<table>/part-*.parquet` plus
 * `_curated.json`. The new lake is built in a temporary folder beside it and swapped in by renames,
 * so a reader never sees half a run and a failed run leaves the previous lake as it was.
 *
 * @example
 * const { lakeDir, rows } = await curateLocalLake('.cobranza');
 */
export async function curateLocalLake(dataDir: string, options: CurateLocalLakeOptions = {}): Promise<LocalLakeResult> {
  const layout = dataDirLayout(dataDir);
  const now = options.now ?? (await clockNow(layout.clockFile)) ?? new Date();
  if (options.tables) return buildLake(layout.root, options.tables, now, options);

  const lock = await lockDataDir(dataDir);
  try {
    const dynamo = await startDynalite({ path: layout.dynamoDir });
    try {
      return await buildLake(layout.root, dynamo, now, options);
    } finally {
      await dynamo.close();
    }
  } finally {
    await lock.release();
  }
}

async function buildLake(root: string, tables: OpenTables, now: Date, options: CurateLocalLakeOptions): Promise<LocalLakeResult> {
  const lakeDir = join(root, 'lake');
  const suffix = `${process.pid}-${Date.now()}`;
  const building = join(root, `lake.building-${suffix}`);
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  try {
    const writer = new LakePartWriter(async (table, part, bytes) => {
      await mkdir(join(building, table), { recursive: true });
      await writeFile(join(building, table, part), bytes);
    });
    const rows = await curate(
      {
        accounts: scanTable(tables.client, tables.tableNames.Accounts),
        interactions: scanTable(tables.client, tables.tableNames.Interactions),
        now,
        ...(options.reports ? { reports: options.reports } : {}),
        ...(options.reportDates ? { reportDates: options.reportDates } : {}),
      },
      writer.sink,
    );
    await writer.finish();
    await writeFile(join(building, '_curated.json'), `${JSON.stringify({ now: now.toISOString(), rows }, null, 2)}\n`);
    const old = join(root, `lake.old-${suffix}`);
    const hadLake = await rename(lakeDir, old).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(building, lakeDir);
    if (hadLake) await rm(old, { recursive: true, force: true });
    return { lakeDir, now: now.toISOString(), rows };
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
}

/** Every item of a table, page by page (a Scan's pages, unmarshalled as the stores read them). */
export async function* scanTable(client: DynamoDBClient, tableName: string): AsyncGenerator<Item> {
  const doc = documentClient(client);
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** The test clock of the data dir, if it has one. */
async function clockNow(clockFile: string): Promise<Date | undefined> {
  try {
    const saved = JSON.parse(await readFile(clockFile, 'utf8')) as { now?: unknown };
    const at = new Date(String(saved.now));
    return Number.isNaN(at.getTime()) ? undefined : at;
  } catch {
    return undefined;
  }
}
