import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type Row,
} from '@aws-sdk/client-athena';
import type { KpiViewReader, ViewFilter, ViewRow } from '../../analytics/assemble-report.js';

export interface AthenaViewReaderConfig {
  /** The workgroup (env ATHENA_WORKGROUP): it holds the results location and the scan limits. */
  readonly workGroup: string;
  /** The Glue database of the lake's tables and the KPI views (env GLUE_DATABASE, `cobranza_lake`). */
  readonly database: string;
  /** First wait between GetQueryExecution polls; doubles up to `maxPollMs`. @default 250 */
  readonly firstPollMs?: number;
  /** @default 4000 */
  readonly maxPollMs?: number;
  /** A query still queued or running after this long is an error. @default 240000 (4 minutes) */
  readonly timeoutMs?: number;
  /** Queries in flight at once (assembleReport asks for 13 together). @default 5 */
  readonly maxConcurrent?: number;
  /** For tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A query Athena ended as FAILED or CANCELLED (its StateChangeReason), or one that ran past the timeout. */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';

  constructor(
    readonly queryExecutionId: string,
    readonly state: string,
    readonly reason: string,
  ) {
    super(`Athena query ${queryExecutionId} ${state}: ${reason}`);
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^(?:[A-Z]{2}|ALL)$/;
const PAGE_SIZE = 1000;

/**
 * A value for `ExecutionParameters`. Athena puts each one in the query as a SQL literal (that is why
 * strings need their quotes), so every value is quoted here with `'` doubled; the callers also accept
 * only dates, currency and country codes.
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * KpiViewReader on Athena: each `rows(view, filter)` is one SELECT on the view in the lake's Glue
 * database, run in the workgroup, the filter passed as execution parameters (`?` placeholders; the
 * view name, which cannot be a parameter, must be a plain identifier). It polls GetQueryExecution with
 * a doubling wait until the query SUCCEEDED (FAILED or CANCELLED throws with Athena's reason), then
 * pages GetQueryResults (the first row of the first page is the header, skipped) and converts each
 * value by the column's type: integer types and double → number, boolean, date → `YYYY-MM-DD`, the
 * rest as text; a datum without `VarCharValue` is NULL → null.
 *
 * @example
 * const reader = new AthenaViewReader(new AthenaClient({}), { workGroup: env.athenaWorkgroup, database: env.glueDatabase });
 * const report = await assembleReport(reader, { asOf: '2026-12-06', from: '2026-11-07', currency: 'MXN', country: 'ALL' });
 */
export class AthenaViewReader implements KpiViewReader {
  private readonly sleep: (ms: number) => Promise<void>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly client: AthenaClient,
    private readonly config: AthenaViewReaderConfig,
  ) {
    this.sleep = config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async rows(view: string, filter: ViewFilter): Promise<readonly ViewRow[]> {
    if (!IDENTIFIER.test(view)) throw new Error(`not a view name: ${JSON.stringify(view)}`);
    const where = ['as_of = CAST(? AS DATE)', 'period_from = CAST(? AS DATE)'];
    const params = [day(filter.asOf, 'asOf'), day(filter.from, 'from')];
    if (filter.currency !== undefined) {
      if (!CURRENCY.test(filter.currency)) throw new Error(`not a currency code: ${JSON.stringify(filter.currency)}`);
      where.push('currency = ?');
      params.push(sqlString(filter.currency));
    }
    if (filter.country !== undefined) {
      if (!COUNTRY.test(filter.country)) throw new Error(`not a country code or ALL: ${JSON.stringify(filter.country)}`);
      where.push('country = ?');
      params.push(sqlString(filter.country));
    }
    return this.query(`SELECT * FROM ${view} WHERE ${where.join(' AND ')}`, params);
  }

  /** The currencies of the portfolio: every currency an invoice is in. */
  async currencies(): Promise<string[]> {
    const rows = await this.query('SELECT DISTINCT currency FROM invoices WHERE currency IS NOT NULL ORDER BY currency');
    return rows.map((r) => String(r.currency));
  }

  /** Whether the lake's report_dates holds every one of these periods (the curate run has made them). */
  async hasPeriods(periods: readonly { readonly asOf: string; readonly from: string }[]): Promise<boolean> {
    if (periods.length === 0) return true;
    const params = periods.flatMap((p) => [day(p.asOf, 'asOf'), day(p.from, 'from')]);
    const match = periods.map(() => '(as_of = CAST(? AS DATE) AND period_from = CAST(? AS DATE))').join(' OR ');
    const rows = await this.query(`SELECT DISTINCT as_of, period_from FROM report_dates WHERE ${match}`, params);
    return periods.every((p) => rows.some((r) => r.as_of === p.asOf && r.period_from === p.from));
  }

  /**
   * Runs one query (its values only as `?` placeholders with `params`, each a SQL literal) and returns
   * its rows converted by column type.
   */
  async query(sql: string, params: readonly string[] = []): Promise<ViewRow[]> {
    await this.acquire();
    try {
      const id = await this.start(sql, params);
      await this.waitFor(id);
      return await this.results(id);
    } finally {
      this.release();
    }
  }

  private async start(sql: string, params: readonly string[]): Promise<string> {
    const out = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Database: this.config.database },
        WorkGroup: this.config.workGroup,
        ...(params.length > 0 ? { ExecutionParameters: [...params] } : {}),
      }),
    );
    if (!out.QueryExecutionId) throw new Error('Athena StartQueryExecution returned no QueryExecutionId');
    return out.QueryExecutionId;
  }

  private async waitFor(id: string): Promise<void> {
    const timeoutMs = this.config.timeoutMs ?? 240_000;
    let wait = this.config.firstPollMs ?? 250;
    let waited = 0;
    for (;;) {
      const { QueryExecution: execution } = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      if (state === 'FAILED' || state === 'CANCELLED') {
        throw new AthenaQueryError(id, state, execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given');
      }
      if (waited >= timeoutMs) throw new AthenaQueryError(id, state ?? 'UNKNOWN', `still ${state ?? 'not started'} after ${Math.round(waited / 1000)} s`);
      await this.sleep(wait);
      waited += wait;
      wait = Math.min(wait * 2, this.config.maxPollMs ?? 4000);
    }
  }

  private async results(id: string): Promise<ViewRow[]> {
    const rows: ViewRow[] = [];
    let columns: readonly ColumnInfo[] | undefined;
    let nextToken: string | undefined;
    let first = true;
    do {
      const page = await this.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) }));
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const pageRows = page.ResultSet?.Rows ?? [];
      // A SELECT's results start with a row of the column names.
      for (const row of first ? pageRows.slice(1) : pageRows) rows.push(convertRow(row, columns));
      first = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }

  private async acquire(): Promise<void> {
    if (this.running < (this.config.maxConcurrent ?? 5)) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

function day(value: string, name: string): string {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new Error(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return sqlString(value);
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const DECIMAL_TYPES = new Set(['double', 'float', 'real', 'decimal']);

function convertRow(row: Row, columns: readonly ColumnInfo[]): ViewRow {
  const out: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    out[column.Name ?? `_col${i}`] = convertValue(row.Data?.[i]?.VarCharValue, column);
  });
  return out;
}

/** One datum by its column's Athena type (`decimal(10,2)` counts as decimal); undefined (NULL) → null. */
function convertValue(value: string | undefined, column: ColumnInfo): unknown {
  if (value === undefined) return null;
  const type = (column.Type ?? 'varchar').toLowerCase().replace(/\(.*$/, '');
  if (INTEGER_TYPES.has(type)) {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`column ${column.Name}: ${value} is not an integer JavaScript can hold exactly`);
    return n;
  }
  if (DECIMAL_TYPES.has(type)) return Number(value);
  if (type === 'boolean') return value === 'true';
  if (type === 'date') return value.slice(0, 10);
  return value;
}
