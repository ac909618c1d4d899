import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalScheduler } from '../../../../shared/adapters/local/local-scheduler.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-scheduler-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tz = 'America/Mexico_City';

describe('LocalScheduler', () => {
  it('persists schedules across instances and lists what is due, earliest first, ties by name', async () => {
    const file = join(dir, 'schedules.json');
    const first = await LocalScheduler.open(file);
    await first.schedule({ name: 'c', at: '2026-11-26T15:00:00Z', timezone: tz, payload: { n: 3 } });
    await first.schedule({ name: 'b', at: '2026-11-25T15:00:00Z', timezone: tz, payload: { n: 2 } });
    await first.schedule({ name: 'a', at: '2026-11-26T15:00:00Z', timezone: tz, payload: { n: 1 } });
    await first.schedule({ name: 'later', at: '2026-12-31T15:00:00Z', timezone: tz, payload: {} });

    const second = await LocalScheduler.open(file);

    expect(second.pending()).toBe(4);
    expect(second.due(new Date('2026-11-26T15:00:00Z'))).toEqual([
      { name: 'b', at: '2026-11-25T15:00:00.000Z', timezone: tz, payload: { n: 2 } },
      { name: 'a', at: '2026-11-26T15:00:00.000Z', timezone: tz, payload: { n: 1 } },
      { name: 'c', at: '2026-11-26T15:00:00.000Z', timezone: tz, payload: { n: 3 } },
    ]);
    expect(second.list().map((e) => e.name)).toEqual(['b', 'a', 'c', 'later']);
  });

  it('remembers which queue a schedule targets (re-plans go to the planning queue)', async () => {
    const file = join(dir, 'targets.json');
    const scheduler = await LocalScheduler.open(file);
    await scheduler.schedule({ name: 'remind', at: '2026-11-26T15:00:00Z', timezone: tz, payload: {} });
    await scheduler.schedule({ name: 'replan', at: '2026-11-26T16:00:00Z', timezone: tz, target: 'planning', payload: {} });

    const reopened = await LocalScheduler.open(file);
    expect(reopened.list().map((e) => [e.name, e.target ?? 'dispatch'])).toEqual([
      ['remind', 'dispatch'],
      ['replan', 'planning'],
    ]);
  });

  it('is idempotent by name, like EventBridge Scheduler', async () => {
    const scheduler = await LocalScheduler.open(join(dir, 'idem.json'));

    expect(await scheduler.schedule({ name: 'r1', at: '2026-11-26T15:00:00Z', timezone: tz, payload: { v: 1 } })).toBe('created');
    expect(await scheduler.schedule({ name: 'r1', at: '2026-11-27T15:00:00Z', timezone: tz, payload: { v: 2 } })).toBe('exists');

    expect(scheduler.list()).toEqual([{ name: 'r1', at: '2026-11-26T15:00:00.000Z', timezone: tz, payload: { v: 1 } }]);
  });

  it('removes fired and cancelled schedules (a missing one is fine) and persists that too', async () => {
    const file = join(dir, 'remove.json');
    const scheduler = await LocalScheduler.open(file);
    await scheduler.schedule({ name: 'r1', at: '2026-11-26T15:00:00Z', timezone: tz, payload: {} });
    await scheduler.schedule({ name: 'r2', at: '2026-11-27T15:00:00Z', timezone: tz, payload: {} });

    await scheduler.remove('r1');
    await scheduler.cancel('r2');
    await scheduler.cancel('never-existed');

    expect(scheduler.pending()).toBe(0);
    expect((await LocalScheduler.open(file)).pending()).toBe(0);
  });

  it('writes the file atomically and coalesces a burst of changes', async () => {
    const file = join(dir, 'burst.json');
    const scheduler = await LocalScheduler.open(file);

    await Promise.all(
      Array.from({ length: 200 }, (_, n) => scheduler.schedule({ name: `r${String(n).padStart(3, '0')}`, at: '2026-11-26T15:00:00Z', timezone: tz, payload: { n } })),
    );

    expect((await LocalScheduler.read(file)).size).toBe(200);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('appends one line per change instead of rewriting every schedule, and compacts when it opens', async () => {
    const file = join(dir, 'journal.json');
    const scheduler = await LocalScheduler.open(file);
    await scheduler.schedule({ name: 'r1', at: '2026-11-26T15:00:00Z', timezone: tz, payload: { big: 'x'.repeat(1000) } });
    const afterOne = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    await scheduler.schedule({ name: 'r2', at: '2026-11-27T15:00:00Z', timezone: tz, payload: {} });
    await scheduler.remove('r1');
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    // the first line is still the first line: nothing was rewritten
    expect(lines[0]).toBe(afterOne[0]);
    expect(lines.map((l) => Object.keys(JSON.parse(l) as object)[0])).toEqual(['put', 'put', 'del']);
    // reopening keeps only what is pending
    const reopened = await LocalScheduler.open(file);
    expect(reopened.list().map((e) => e.name)).toEqual(['r2']);
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('reads a file of the earlier format (one JSON document) and goes on as a journal', async () => {
    const file = join(dir, 'legacy.json');
    const legacy = { version: 1, schedules: [{ name: 'old', at: '2026-11-26T15:00:00.000Z', timezone: tz, target: 'planning', payload: { n: 1 } }] };
    await writeFile(file, `${JSON.stringify(legacy, null, 2)}\n`);
    const scheduler = await LocalScheduler.open(file);
    expect(scheduler.list()).toEqual(legacy.schedules);
    await scheduler.schedule({ name: 'new', at: '2026-11-25T15:00:00Z', timezone: tz, payload: {} });
    expect([...(await LocalScheduler.read(file)).keys()].sort()).toEqual(['new', 'old']);
  });

  it('takes a last line cut short by a crash as a change that did not happen; a broken line before it is refused', async () => {
    const file = join(dir, 'torn.json');
    const put = (name: string) => JSON.stringify({ put: { name, at: '2026-11-26T15:00:00.000Z', timezone: tz, payload: {} } });
    await writeFile(file, `${put('a')}\n${put('b').slice(0, 25)}`);
    expect([...(await LocalScheduler.read(file)).keys()]).toEqual(['a']);
    await writeFile(file, `${put('a')}\n{"put":\n${put('c')}\n`);
    await expect(LocalScheduler.read(file)).rejects.toThrow(/line 2 is not JSON/);
  });

  it('fires in order from a large journal without sorting everything each time', async () => {
    const scheduler = await LocalScheduler.open(join(dir, 'large.json'));
    await Promise.all(Array.from({ length: 5000 }, (_, i) => scheduler.schedule({ name: `r${i}`, at: new Date(Date.UTC(2026, 10, 1) + ((i * 7919) % 5000) * 60_000).toISOString(), timezone: tz, payload: {} })));
    const fired: string[] = [];
    const until = new Date(Date.UTC(2026, 10, 2));
    for (let next = scheduler.next(until); next; next = scheduler.next(until)) {
      fired.push(next.at);
      await scheduler.remove(next.name);
    }
    // minute 0 to minute 1,440 of Nov 1 (`until` itself included: due means at or before), earliest first
    expect(fired).toHaveLength(1441);
    expect([...fired].sort()).toEqual(fired);
    expect(scheduler.pending()).toBe(5000 - 1441);
  });

  it('rejects an invalid instant', async () => {
    const scheduler = await LocalScheduler.open(join(dir, 'invalid.json'));
    await expect(scheduler.schedule({ name: 'x', at: 'soon', timezone: tz, payload: {} })).rejects.toThrow(/invalid instant/);
  });
});
