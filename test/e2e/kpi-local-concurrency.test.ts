/**
 * The dashboard's questions arrive in bursts while the clock moves: every one is answered, none on an
 * engine a curate closed under it, and the numbers are those of a quiet run.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../infra/local/runtime.js';

const DAY = 86_400_000;

describe('KPIs under a burst of requests', () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cobranza-kpi-burst-'));
    runtime = await Runtime.open({ dataDir: dir, now: new Date('2026-12-01T15:00:00Z') });
    for (const file of (await readdir('examples/invoices')).filter((f) => f.endsWith('.csv') || f.endsWith('.json'))) await runtime.ingest(join('examples/invoices', file));
    await runtime.advance(3 * DAY);
  }, 300_000);
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a stream of questions in three currencies while the clock moves, each as a quiet run would', async () => {
    const currencies = ['MXN', 'COP', 'USD'];
    const quiet = new Map<string, unknown>();
    for (const currency of currencies) quiet.set(currency, await runtime.kpis.report({ asOf: '2026-12-03', currency }));
    // As a dashboard under load: a question every 10 ms for 6 s, while the clock moves an hour every
    // 300 ms (each move makes the next question curate again and replace the engine the earlier
    // questions may still be queued on).
    const asked: Promise<readonly [string, unknown]>[] = [];
    let moving = true;
    const clock = (async () => {
      while (moving) {
        await runtime.advance(DAY / 24);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    for (let i = 0; i < 600; i += 1) {
      const currency = currencies[i % 3]!;
      asked.push(runtime.kpis.report({ asOf: '2026-12-03', currency }).then((r) => [currency, r] as const));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    moving = false;
    await clock;
    const settled = await Promise.allSettled(asked);
    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason)).slice(0, 3)).toEqual([]);
    // A past as-of date does not change as the clock moves on (nothing is dated before it afterwards).
    for (const s of settled) {
      const [currency, report] = (s as PromiseFulfilledResult<readonly [string, unknown]>).value;
      expect(report).toEqual(quiet.get(currency));
    }
  }, 600_000);
});
