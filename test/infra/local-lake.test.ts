import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curateLocalLake } from '../../infra/local/lake.js';
import { Runtime } from '../../infra/local/runtime.js';
import { LAKE_TABLE_NAMES } from '../../shared/analytics/lake-schema.js';

let dir: string;
let dataDir: string;
let openBalance: Record<string, number>;
let now: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-lake-'));
  dataDir = join(dir, 'data');
  const runtime = await Runtime.open({ dataDir, now: new Date('2026-11-23T14:00:00Z') });
  try {
    for (const file of ['cartera-mx.csv', 'cartera-co.csv', 'portfolio-us.json']) await runtime.ingest(join('examples', 'invoices', file));
    await runtime.reconcile(join('examples', 'statements', 'estado-cuenta-2026-11.csv'));
    await runtime.advance(21 * 86_400_000);
    const status = await runtime.status();
    openBalance = status.summary.openBalance;
    now = status.now;
  } finally {
    await runtime.close();
  }
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('curateLocalLake', () => {
  it('writes every table of the local data dir as Parquet, dated by the data dir clock', async () => {
    const result = await curateLocalLake(dataDir);
    expect(result.now).toBe(now);
    expect((await readdir(result.lakeDir)).sort()).toEqual([...LAKE_TABLE_NAMES, '_curated.json'].sort());
    for (const table of ['accounts', 'invoices', 'invoice_events', 'messages', 'message_events', 'calendar', 'report_dates', 'aging_buckets', 'currencies'] as const) {
      expect(result.rows[table], table).toBeGreaterThan(0);
    }
    const curated = JSON.parse(await readFile(join(result.lakeDir, '_curated.json'), 'utf8')) as { rows: Record<string, number> };
    expect(curated.rows).toEqual(result.rows);
  });

  it('rebuilds, per currency, the open balance the store reports today (cobranza status)', async () => {
    const { lakeDir } = await curateLocalLake(dataDir);
    const today = now.slice(0, 10);
    const rows = await query(`
      WITH events AS (
        SELECT account_id, invoice_number, sum(amount) AS change FROM read_parquet('${lakeDir}/invoice_events/*.parquet')
        WHERE event_date <= DATE '${today}' GROUP BY account_id, invoice_number)
      SELECT i.currency, CAST(sum(i.amount + COALESCE(e.change, 0)) AS DOUBLE) AS balance
      FROM read_parquet('${lakeDir}/invoices/*.parquet') i LEFT JOIN events e USING (account_id, invoice_number)
      GROUP BY i.currency HAVING sum(i.amount + COALESCE(e.change, 0)) <> 0`);
    expect(Object.fromEntries(rows.map((r) => [r.currency, r.balance]))).toEqual(openBalance);
    expect(Object.keys(openBalance).length).toBeGreaterThan(1);
  });

  it('replaces the previous run: nothing of an earlier lake is left beside the new one', async () => {
    await curateLocalLake(dataDir);
    const second = await curateLocalLake(dataDir);
    const entries = await readdir(dataDir);
    expect(entries.filter((e) => e.startsWith('lake'))).toEqual(['lake']);
    expect(await readdir(join(second.lakeDir, 'invoices'))).toEqual(['part-00000.parquet']);
  });
});
