/**
 * The KPI views stay inside the SQL that Athena (Trino) and DuckDB run alike, declare their columns
 * truthfully, and read only the lake's tables and each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { orderedViews, stripComments } from '../../shared/analytics/kpi-views.js';
import { subsetProblems } from '../../shared/analytics/sql-subset.js';
import { LAKE_TABLES } from '../../shared/analytics/lake-schema.js';

const views = orderedViews();

describe('the lint', () => {
  it.each([
    ['SELECT a::INTEGER FROM t', '::'],
    ['SELECT a FROM t QUALIFY ROW_NUMBER() OVER (ORDER BY a) = 1', 'QUALIFY'],
    ['SELECT a, COUNT(*) FROM t GROUP BY ALL', 'GROUP/ORDER BY ALL'],
    ["SELECT CAST(d + INTERVAL '1' MONTH AS DATE) FROM t", "only INTERVAL 'n' DAY"],
    ["SELECT date_diff('month', a, b) FROM t", "only 'day'"],
    ['SELECT a FROM generate_series(1, 3)', 'generate_series() is not in the portable subset'],
    ["SELECT strftime(d, '%Y') FROM t", 'strftime()'],
    ['SELECT last_day(d) FROM t', 'last_day()'],
    ['SELECT a FROM t WHERE d <= current_date', 'no clock'],
    ['SELECT open_ar / sales FROM t', 'a division without a DOUBLE operand'],
    ['SELECT a FROM t LIMIT 10', 'no LIMIT'],
    ['SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a)', 'no EXISTS'],
    ['SELECT "Open AR" FROM t', 'double-quoted'],
  ])('refuses %s', (sql, why) => {
    expect(subsetProblems('v', sql).map((p) => p.problem).join('\n')).toContain(why);
  });

  it.each([
    'SELECT CAST(a AS DOUBLE) / NULLIF(CAST(b AS DOUBLE), 0) FROM t',
    'SELECT x / NULLIF(CAST(b AS DOUBLE), 0) FROM t',
    "SELECT CAST(d + INTERVAL '7' DAY AS DATE), date_diff('day', a, b) FROM t",
    'WITH w AS (SELECT 1 AS a) SELECT COALESCE(SUM(a), 0) FROM w',
  ])('accepts %s', (sql) => {
    expect(subsetProblems('v', sql)).toEqual([]);
  });
});

describe('sql/views', () => {
  it('has one view per KPI the issue names', () => {
    expect(views.map((v) => v.name)).toEqual(
      expect.arrayContaining([
        'kpi_aging', 'kpi_summary', 'kpi_countback_dso', 'kpi_roll_rates', 'kpi_promises', 'kpi_channels', 'kpi_channel_detail',
        'kpi_attribution', 'kpi_recovered_by_channel', 'kpi_recovery_cost', 'kpi_recovery_by_stage', 'kpi_top_debtors', 'kpi_collectors',
      ]),
    );
  });

  it.each(views.map((v) => [v.name, v.sql]))('%s stays inside the shared subset', (name, sql) => {
    expect(subsetProblems(name, sql)).toEqual([]);
  });

  it.each(views.map((v) => [v.name, v.sql]))('%s reads only lake tables, its own CTEs and other views', (name, sql) => {
    const code = stripComments(sql);
    const known = new Set([...LAKE_TABLES.map((t) => t.name), ...views.map((v) => v.name)]);
    const ctes = new Set([...code.matchAll(/\b([a-z_][a-z0-9_]*)\s+AS\s*\(/gi)].map((m) => m[1]!.toLowerCase()));
    const read = [...code.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]!.toLowerCase());
    expect(read.filter((t) => !known.has(t) && !ctes.has(t))).toEqual([]);
  });
});

describe('declared columns', () => {
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    conn = await db.connect();
    const duck: Record<string, string> = { varchar: 'VARCHAR', bigint: 'BIGINT', integer: 'INTEGER', double: 'DOUBLE', date: 'DATE', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP' };
    for (const t of LAKE_TABLES) await conn.run(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${duck[c.type]}`).join(', ')})`);
    for (const v of views) await conn.run(`CREATE VIEW ${v.name} AS ${stripComments(v.sql)}`);
  });
  afterAll(() => {
    conn?.closeSync();
    db?.closeSync();
  });

  it.each(views.map((v) => [v.name]))('%s declares exactly what DuckDB says it returns', async (name) => {
    const view = views.find((v) => v.name === name)!;
    const described = (await conn.runAndReadAll(`DESCRIBE ${name}`)).getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type).toLowerCase() }));
    expect(described).toEqual(view.columns);
  });
});
