import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakePartWriter } from '../../../shared/analytics/parquet.js';
import { LAKE_TABLES, type LakeColumnType } from '../../../shared/analytics/lake-schema.js';

const DUCKDB_TYPE: Record<LakeColumnType, string> = {
  varchar: 'VARCHAR',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

let dir: string;
let parts: Record<string, string[]>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lake-parquet-'));
  const writer = new LakePartWriter(async (table, part, bytes) => {
    await mkdir(join(dir, table), { recursive: true });
    await writeFile(join(dir, table, part), bytes);
  }, 2);
  const message = (id: string, cost: number | null, sentAt: string) => ({
    message_id: id, account_id: 'C-1', currency: 'MXN', country: 'MX', channel: 'sms', kind: 'reminder', template: null, tone: 'firm',
    step_id: null, policy_version: 3, sent_at: sentAt, sent_date: sentAt.slice(0, 10), cost_micros: cost, cost_currency: cost === null ? null : 'USD',
  });
  await writer.sink('messages', message('m-1', 16_600, '2026-12-03T15:00:00.123Z'));
  await writer.sink('messages', message('m-2', null, '2026-12-04T16:30:00.000Z'));
  await writer.sink('messages', message('m-3', 9_007_199_254_740_991, '2027-01-01T00:00:00.000Z'));
  await writer.sink('invoice_events', { account_id: 'C-1', invoice_number: 'F-1', currency: 'MXN', event_date: '2026-11-20', kind: 'payment', amount: -60_000, payment_id: 'p1' });
  await writer.sink('exchange_rates', { from_currency: 'USD', to_currency: 'MXN', rate: 17.25 });
  parts = await writer.finish();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('lake Parquet read by DuckDB', () => {
  it('every table exists with the declared column names and types, even with no rows', async () => {
    for (const table of LAKE_TABLES) {
      const described = await query(`DESCRIBE SELECT * FROM read_parquet('${join(dir, table.name)}/*.parquet')`);
      expect(described.map((c) => [c.column_name, c.column_type]), table.name).toEqual(table.columns.map((c) => [c.name, DUCKDB_TYPE[c.type]]));
    }
  });

  it('splits a table into parts of at most the part size and keeps every value, nulls included', async () => {
    expect(parts.messages).toEqual(['part-00000.parquet', 'part-00001.parquet']);
    expect((await readdir(join(dir, 'messages'))).sort()).toEqual(['part-00000.parquet', 'part-00001.parquet']);
    const rows = await query(
      `SELECT message_id, CAST(sent_at AS VARCHAR) AS sent_at, CAST(sent_date AS VARCHAR) AS sent_date, cost_micros, cost_currency, template, policy_version
       FROM read_parquet('${join(dir, 'messages')}/*.parquet') ORDER BY message_id`,
    );
    expect(rows).toEqual([
      { message_id: 'm-1', sent_at: '2026-12-03 15:00:00.123', sent_date: '2026-12-03', cost_micros: '16600', cost_currency: 'USD', template: null, policy_version: 3 },
      { message_id: 'm-2', sent_at: '2026-12-04 16:30:00', sent_date: '2026-12-04', cost_micros: null, cost_currency: null, template: null, policy_version: 3 },
      { message_id: 'm-3', sent_at: '2027-01-01 00:00:00', sent_date: '2027-01-01', cost_micros: '9007199254740991', cost_currency: 'USD', template: null, policy_version: 3 },
    ]);
    const events = await query(`SELECT CAST(event_date AS VARCHAR) AS d, amount FROM read_parquet('${join(dir, 'invoice_events')}/*.parquet')`);
    expect(events).toEqual([{ d: '2026-11-20', amount: '-60000' }]);
    expect(await query(`SELECT rate FROM read_parquet('${join(dir, 'exchange_rates')}/*.parquet')`)).toEqual([{ rate: 17.25 }]);
    expect(await query(`SELECT count(*) AS n FROM read_parquet('${join(dir, 'promises')}/*.parquet')`)).toEqual([{ n: '0' }]);
  });
});
