/**
 * The KPIs on one machine: DuckDB over the curated lake (Parquet under `<dataDir>/lake/<table>/`) running
 * the very views Athena runs (sql/views/*.sql). For a report, the requested period and the one before it
 * go into `report_dates`, then each view is computed once, in dependency order, into a table of its own
 * name (what SPICE does for QuickSight), and the report is read from those tables.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LAKE_TABLES, type LakeColumnType, type LakeTableName } from '../../shared/analytics/lake-schema.js';
import { orderedViews, stripComments, type KpiView } from '../../shared/analytics/kpi-views.js';
import type { KpiReport } from '../../shared/analytics/kpi-report.js';
import { assembleReport, previousPeriod, type KpiViewReader, type ViewRow } from '../../shared/analytics/assemble-report.js';
import { monthStart } from '../../shared/analytics/curate/dates.js';

export interface KpiQuery {
  readonly asOf: string;
  /** First day of the period; absent: the first day of the as-of month. */
  readonly from?: string;
  /** Required when the lake holds several currencies. */
  readonly currency?: string;
  /** ISO 3166-1 alpha-2; absent or `ALL`: every country. */
  readonly country?: string;
  /** The period to compare with; absent: the previous month (a period from the 1st) or the same days just before. */
  readonly previous?: { readonly from: string; readonly asOf: string };
}

export interface KpiEngine {
  report(query: KpiQuery): Promise<KpiReport>;
  /** Currencies with invoices, sorted. */
  currencies(): Promise<string[]>;
  /** Countries with invoices, sorted. */
  countries(): Promise<string[]>;
  close(): void;
}

/** A request the data cannot answer as asked (a usage error: bad date, missing currency, no data). */
export class KpiQueryError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'no-data',
  ) {
    super(message);
    this.name = 'KpiQueryError';
  }
}

const DUCK_TYPES: Record<LakeColumnType, string> = {
  varchar: 'VARCHAR',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  double: 'DOUBLE',
  date: 'DATE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

/** Opens the lake folder the curate step wrote (a table without files is empty). */
export async function openKpiEngine(lakeDir: string): Promise<KpiEngine> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  for (const table of LAKE_TABLES) {
    if (table.name === 'report_dates') continue;
    const dir = join(lakeDir, table.name);
    const hasParts = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.parquet'));
    if (!hasParts) {
      await conn.run(createTableSql(table.name));
      continue;
    }
    // Read once into memory: the curate step may replace the folder while this engine still answers.
    const casts = table.columns.map((c) => `CAST(${c.name} AS ${DUCK_TYPES[c.type]}) AS ${c.name}`).join(', ');
    await conn.run(`CREATE TABLE ${table.name} AS SELECT ${casts} FROM read_parquet(${literal(join(dir, '*.parquet'))})`);
  }
  return engine(db, conn);
}

/** An engine over rows given in memory (tests, fixtures): one table per key, the lake's columns. */
export async function engineFromRows(rows: Partial<Record<LakeTableName, readonly Record<string, unknown>[]>>): Promise<KpiEngine> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  for (const table of LAKE_TABLES) {
    if (table.name === 'report_dates') continue;
    await conn.run(createTableSql(table.name));
    const data = rows[table.name] ?? [];
    for (let i = 0; i < data.length; i += 500) {
      const values = data
        .slice(i, i + 500)
        .map((row) => `(${table.columns.map((c) => `CAST(${literal(row[c.name])} AS ${DUCK_TYPES[c.type]})`).join(', ')})`)
        .join(',\n');
      await conn.run(`INSERT INTO ${table.name} VALUES ${values}`);
    }
  }
  return engine(db, conn);
}

function createTableSql(name: LakeTableName): string {
  const table = LAKE_TABLES.find((t) => t.name === name)!;
  return `CREATE TABLE ${name} (${table.columns.map((c) => `${c.name} ${DUCK_TYPES[c.type]}`).join(', ')})`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${String(value).replaceAll("'", "''")}'`;
}

function engine(db: DuckDBInstance, conn: DuckDBConnection): KpiEngine {
  const views = orderedViews();
  // One report at a time: report_dates and the materialised views are shared state.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  // The periods the views were last computed for: every currency and country of the same periods is
  // read from the same tables (the lake does not change under an engine), so a dashboard switching
  // currency does not compute them again.
  const built = { periods: '' };
  const list = async (sql: string): Promise<string[]> => (await select(conn, sql)).map((r) => String(Object.values(r)[0]));
  const currencies = (): Promise<string[]> => serial(() => list('SELECT DISTINCT currency FROM invoices ORDER BY 1'));
  const countries = (): Promise<string[]> => serial(() => list('SELECT DISTINCT country FROM invoices ORDER BY 1'));
  return {
    currencies,
    countries,
    report: (query) =>
      serial(async () => {
        const known = await list('SELECT DISTINCT currency FROM invoices ORDER BY 1');
        return buildReport(conn, views, query, known, built);
      }),
    close: () => {
      conn.closeSync();
      db.closeSync();
    },
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string, flag: string): string {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new KpiQueryError(`${flag} must be a calendar date YYYY-MM-DD (got "${value}")`, 'usage');
  }
  return value;
}

async function buildReport(conn: DuckDBConnection, views: readonly KpiView[], query: KpiQuery, known: readonly string[], built: { periods: string }): Promise<KpiReport> {
  const asOf = validDate(query.asOf, '--as-of');
  const from = validDate(query.from ?? monthStart(asOf), '--from');
  if (from > asOf) throw new KpiQueryError(`--from ${from} is after --as-of ${asOf}`, 'usage');
  if (known.length === 0) throw new KpiQueryError('no invoices in the lake yet: ingest an invoice file first', 'no-data');
  const currency = query.currency?.toUpperCase() ?? (known.length === 1 ? known[0]! : undefined);
  if (!currency) throw new KpiQueryError(`the portfolio has several currencies (${known.join(', ')}): say which with --currency`, 'usage');
  if (!known.includes(currency)) throw new KpiQueryError(`no invoices in ${currency} (the portfolio has ${known.join(', ')})`, 'usage');
  const country = query.country?.toUpperCase() ?? 'ALL';
  const previous = query.previous ?? previousPeriod(from, asOf);
  // The calendar covers the data and 400 days around it: a period outside it would walk months that
  // are not there (countback, fixed costs) and answer wrongly instead of not at all.
  const [range] = await select(conn, 'SELECT MIN(day) AS first, MAX(day) AS last FROM calendar');
  const first = String(range?.first ?? '');
  const last = String(range?.last ?? '');
  if (asOf > last) throw new KpiQueryError(`--as-of ${asOf} is after the last day the KPIs can answer for (${last}: 400 days after the latest date in the data)`, 'usage');
  if (previous.from < first) throw new KpiQueryError(`--from ${from} reaches before the first day the KPIs can answer for (${first}, with the period before it)`, 'usage');

  const periods = [asOf, from, previous.asOf, previous.from].join(' ');
  if (built.periods !== periods) {
    built.periods = '';
    await conn.run('CREATE OR REPLACE TABLE report_dates (as_of DATE, period_from DATE)');
    await conn.run(`INSERT INTO report_dates VALUES (DATE ${literal(asOf)}, DATE ${literal(from)}), (DATE ${literal(previous.asOf)}, DATE ${literal(previous.from)})`);
    for (const view of views) {
      await conn.run(`CREATE OR REPLACE TABLE ${view.name} AS ${stripComments(view.sql)}`);
    }
    built.periods = periods;
  }
  const reader: KpiViewReader = {
    rows: (view, filter) => {
      const where = [
        `as_of = DATE ${literal(filter.asOf)}`,
        `period_from = DATE ${literal(filter.from)}`,
        ...(filter.currency ? [`currency = ${literal(filter.currency)}`] : []),
        ...(filter.country ? [`country = ${literal(filter.country)}`] : []),
      ];
      return select(conn, `SELECT * FROM ${view} WHERE ${where.join(' AND ')}`);
    },
  };
  const report = await assembleReport(reader, { asOf, from, currency, country, previous });
  // No invoice of this currency (and country) issued by the as-of date: say so rather than print a
  // report of empty tables.
  if (Object.keys(report.aging).length === 0) throw new KpiQueryError(`no ${currency} invoices${country === 'ALL' ? '' : ` in ${country}`} issued by ${asOf}`, 'no-data');
  return report;
}


/** Rows as plain JS: BIGINT → number (money stays far below 2^53), DATE → `YYYY-MM-DD`. */
async function select(conn: DuckDBConnection, sql: string): Promise<ViewRow[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString().slice(0, 10) : v]),
    ),
  );
}
