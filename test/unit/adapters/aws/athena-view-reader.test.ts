import 'aws-sdk-client-mock-vitest/extend';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type ColumnInfo } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaQueryError, AthenaViewReader, sqlString } from '../../../../shared/adapters/aws/athena-view-reader.js';

const athena = mockClient(AthenaClient);
const sleeps: number[] = [];
const reader = (extra: Partial<ConstructorParameters<typeof AthenaViewReader>[1]> = {}) =>
  new AthenaViewReader(new AthenaClient({ region: 'us-east-1' }), {
    workGroup: 'cobranza-kpis',
    database: 'cobranza_lake',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });

const col = (Name: string, Type: string): ColumnInfo => ({ Name, Label: Name, Type });
const row = (...values: (string | undefined)[]) => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });
const header = (columns: ColumnInfo[]) => row(...columns.map((c) => c.Name));

const SUMMARY_COLUMNS = [
  col('as_of', 'date'),
  col('currency', 'varchar'),
  col('country', 'varchar'),
  col('days', 'integer'),
  col('open_ar', 'bigint'),
  col('dso', 'double'),
  col('cei', 'double'),
  col('exceeds_history', 'boolean'),
];

function succeedWith(pages: { rows: ReturnType<typeof row>[]; next?: string }[], columns = SUMMARY_COLUMNS) {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
  pages.forEach((page, i) => {
    const input = i === 0 ? { QueryExecutionId: 'q-1', NextToken: undefined } : { QueryExecutionId: 'q-1', NextToken: pages[i - 1]!.next };
    athena.on(GetQueryResultsCommand, input).resolves({
      ResultSet: { ResultSetMetadata: { ColumnInfo: columns }, Rows: page.rows },
      ...(page.next ? { NextToken: page.next } : {}),
    });
  });
}

afterEach(() => {
  athena.reset();
  sleeps.length = 0;
});

describe('AthenaViewReader', () => {
  it('asks the view in the workgroup and database with the filter as execution parameters, never in the SQL', async () => {
    succeedWith([{ rows: [header(SUMMARY_COLUMNS)] }]);
    await reader().rows('kpi_summary', { asOf: '2026-12-06', from: '2026-11-07', currency: 'MXN', country: 'ALL' });

    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 1);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.WorkGroup).toBe('cobranza-kpis');
    expect(input.QueryExecutionContext).toEqual({ Database: 'cobranza_lake' });
    expect(input.ExecutionParameters).toEqual(["'2026-12-06'", "'2026-11-07'", "'MXN'", "'ALL'"]);
    expect(input.QueryString).toMatch(/FROM kpi_summary WHERE/);
    expect(input.QueryString!.match(/\?/g)).toHaveLength(4);
    for (const value of ['2026-12-06', '2026-11-07', 'MXN', 'ALL']) expect(input.QueryString).not.toContain(value);
  });

  it('leaves out the currency and country a view does not have', async () => {
    succeedWith([{ rows: [header(SUMMARY_COLUMNS)] }]);
    await reader().rows('kpi_collectors', { asOf: '2026-12-06', from: '2026-11-07' });
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.ExecutionParameters).toEqual(["'2026-12-06'", "'2026-11-07'"]);
    expect(input.QueryString).not.toMatch(/currency|country/);
  });

  it('skips the header row and converts each value by its column type; a NULL is null', async () => {
    succeedWith([
      {
        rows: [
          header(SUMMARY_COLUMNS),
          row('2026-12-06', 'MXN', 'ALL', '30', '485000', '107.39', undefined, 'false'),
          row('2026-12-06', 'MXN', 'MX', '30', '9007199254740991', '0.5', '55.93', 'true'),
        ],
      },
    ]);
    const rows = await reader().rows('kpi_summary', { asOf: '2026-12-06', from: '2026-11-07', currency: 'MXN' });
    expect(rows).toEqual([
      { as_of: '2026-12-06', currency: 'MXN', country: 'ALL', days: 30, open_ar: 485000, dso: 107.39, cei: null, exceeds_history: false },
      { as_of: '2026-12-06', currency: 'MXN', country: 'MX', days: 30, open_ar: 9007199254740991, dso: 0.5, cei: 55.93, exceeds_history: true },
    ]);
  });

  it('an empty string is text, not NULL', async () => {
    const columns = [col('name', 'varchar'), col('country', 'varchar')];
    succeedWith([{ rows: [header(columns), row('', undefined)] }], columns);
    expect(await reader().query('SELECT name, country FROM accounts')).toEqual([{ name: '', country: null }]);
  });

  it('reads every page; only the first starts with the header', async () => {
    const columns = [col('debtor_rank', 'bigint'), col('account_id', 'varchar')];
    succeedWith(
      [
        { rows: [header(columns), row('1', 'A1'), row('2', 'A2')], next: 'page-2' },
        { rows: [row('3', 'A3')], next: 'page-3' },
        { rows: [row('4', 'debtor_rank')] },
      ],
      columns,
    );
    const rows = await reader().rows('kpi_top_debtors', { asOf: '2026-12-06', from: '2026-11-07', currency: 'MXN', country: 'ALL' });
    expect(rows.map((r) => r.account_id)).toEqual(['A1', 'A2', 'A3', 'debtor_rank']);
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 3);
  });

  it('polls until the query is done, waiting longer each time', async () => {
    succeedWith([{ rows: [header(SUMMARY_COLUMNS)] }]);
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    await reader({ firstPollMs: 100, maxPollMs: 300 }).rows('kpi_summary', { asOf: '2026-12-06', from: '2026-11-07' });
    expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 4);
    expect(sleeps).toEqual([100, 200, 300]);
  });

  it("a FAILED query throws with Athena's reason and reads no results", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-9' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'FAILED', StateChangeReason: "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.cobranza_lake.kpi_summary' does not exist" } },
    });
    const error = await reader()
      .rows('kpi_summary', { asOf: '2026-12-06', from: '2026-11-07' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as Error).message).toContain('q-9 FAILED');
    expect((error as Error).message).toContain("Table 'awsdatacatalog.cobranza_lake.kpi_summary' does not exist");
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 0);
  });

  it('a cancelled query throws too, and so does one still running past the timeout', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-c' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' } } });
    await expect(reader().query('SELECT 1')).rejects.toThrow('q-c CANCELLED: Query cancelled by user');

    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    await expect(reader({ firstPollMs: 1000, maxPollMs: 1000, timeoutMs: 5000 }).query('SELECT 1')).rejects.toThrow('q-c RUNNING: still RUNNING after 5 s');
  });

  it('refuses a view name or filter values that are not what they claim, before asking Athena', async () => {
    const r = reader();
    await expect(r.rows('kpi_summary; DROP TABLE invoices', { asOf: '2026-12-06', from: '2026-11-07' })).rejects.toThrow('not a view name');
    await expect(r.rows('kpi_summary', { asOf: "2026-12-06' OR '1'='1", from: '2026-11-07' })).rejects.toThrow('asOf must be a date');
    await expect(r.rows('kpi_summary', { asOf: '2026-12-06', from: '2026-11-07', currency: "MXN' OR 'a'='a" })).rejects.toThrow('not a currency code');
    await expect(r.rows('kpi_summary', { asOf: '2026-12-06', from: '2026-11-07', country: 'mx' })).rejects.toThrow('not a country code');
    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 0);
  });

  it('quotes parameter values as SQL strings', () => {
    expect(sqlString("O'Brien")).toBe("'O''Brien'");
  });

  it('keeps at most maxConcurrent queries in flight', async () => {
    let inFlight = 0;
    let most = 0;
    let next = 0;
    athena.on(StartQueryExecutionCommand).callsFake(() => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      return { QueryExecutionId: `q-${(next += 1)}` };
    });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { ResultSet: { ResultSetMetadata: { ColumnInfo: [col('n', 'bigint')] }, Rows: [row('n'), row('1')] } };
    });
    const r = reader({ maxConcurrent: 3 });
    const results = await Promise.all(Array.from({ length: 13 }, () => r.query('SELECT 1 AS n')));
    expect(results).toHaveLength(13);
    expect(results.every((rows) => rows[0]?.n === 1)).toBe(true);
    expect(most).toBe(3);
  });

  it('lists the currencies with invoices and tells whether the report dates are in the lake', async () => {
    const columns = [col('currency', 'varchar')];
    succeedWith([{ rows: [header(columns), row('COP'), row('MXN')] }], columns);
    expect(await reader().currencies()).toEqual(['COP', 'MXN']);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString).toMatch(/SELECT DISTINCT currency FROM invoices/);

    athena.reset();
    const dates = [col('as_of', 'date'), col('period_from', 'date')];
    succeedWith([{ rows: [header(dates), row('2026-12-06', '2026-11-07')] }], dates);
    const periods = [
      { asOf: '2026-12-06', from: '2026-11-07' },
      { asOf: '2026-11-06', from: '2026-10-08' },
    ];
    expect(await reader().hasPeriods(periods)).toBe(false);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.ExecutionParameters).toEqual(["'2026-12-06'", "'2026-11-07'", "'2026-11-06'", "'2026-10-08'"]);
    expect(await reader().hasPeriods(periods.slice(0, 1))).toBe(true);
  });
});
