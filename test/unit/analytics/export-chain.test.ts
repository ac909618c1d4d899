import { marshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../../shared/analytics/curate/curate.js';
import { chainForDay, extendChain, parseChain, planExport, type ExportChain } from '../../../shared/analytics/exports/chain.js';
import { fullExportItem, incrementalExportChange, keyOf, mergeExportChain } from '../../../shared/analytics/exports/merge.js';

const GiB = 1024 ** 3;
const chain = (fullDay: string, fullTime: string, incrementals: { day: string; from: string; to: string }[] = []): ExportChain => ({
  table: 'accounts',
  full: { kind: 'full', day: fullDay, prefix: `exports/${fullDay}/accounts`, exportTime: fullTime },
  incrementals: incrementals.map((i) => ({ kind: 'incremental', prefix: `exports/${i.day}/accounts`, ...i })),
});
const plan = (day: string, time: string, sizeBytes: number, c: ExportChain | undefined) =>
  planExport({ day, at: new Date(`${day}T${time}Z`), tableSizeBytes: sizeBytes, fullMaxBytes: 5 * GiB, chain: c });

describe('planExport', () => {
  it('a table below the threshold is exported in full every day, even with a chain', () => {
    expect(plan('2027-01-23', '02:00:00', 5 * GiB - 1, chain('2027-01-22', '2027-01-22T02:00:03Z'))).toEqual({ kind: 'full', reason: 'small-table' });
  });
  it('a big table with no full export yet gets one', () => {
    expect(plan('2027-01-23', '02:00:00', 5 * GiB, undefined)).toEqual({ kind: 'full', reason: 'no-base' });
  });
  it('a big table: the changes from the end of the chain to the run', () => {
    const c = chain('2027-01-22', '2027-01-22T02:00:03Z', [{ day: '2027-01-23', from: '2027-01-22T02:00:03.000Z', to: '2027-01-23T02:00:00.000Z' }]);
    expect(plan('2027-01-24', '02:00:00.750', 6 * GiB, c)).toEqual({ kind: 'incremental', from: '2027-01-23T02:00:00.000Z', to: '2027-01-24T02:00:00.000Z' });
  });
  it('the 7th day after the full export: a new full export', () => {
    const c = chain('2027-01-22', '2027-01-22T02:00:03Z');
    expect(plan('2027-01-28', '02:00:00', 6 * GiB, { ...c, incrementals: [] }).kind).toBe('full');
    // (a chain that skipped days would take a full for the period anyway; here: weekly)
    const daily = ['23', '24', '25', '26', '27', '28'].map((d, i, all) => ({ day: `2027-01-${d}`, from: i === 0 ? '2027-01-22T02:00:03.000Z' : `2027-01-${all[i - 1]}T02:00:00.000Z`, to: `2027-01-${d}T02:00:00.000Z` }));
    expect(plan('2027-01-29', '02:00:00', 6 * GiB, chain('2027-01-22', '2027-01-22T02:00:03Z', daily))).toEqual({ kind: 'full', reason: 'weekly' });
    expect(plan('2027-01-28', '02:00:00', 6 * GiB, chain('2027-01-22', '2027-01-22T02:00:03Z', daily.slice(0, 5))).kind).toBe('incremental');
  });
  it('more than 24 h since the chain ended (a missed day) or under 15 minutes: a full export', () => {
    expect(plan('2027-01-24', '02:00:00', 6 * GiB, chain('2027-01-22', '2027-01-22T02:00:00Z'))).toEqual({ kind: 'full', reason: 'period-too-long' });
    expect(plan('2027-01-23', '00:10:00', 6 * GiB, chain('2027-01-22', '2027-01-22T23:59:00Z'))).toEqual({ kind: 'full', reason: 'period-too-short' });
  });
  it('an export already in the chain for the day is not started again', () => {
    const c = chain('2027-01-22', '2027-01-22T02:00:03Z');
    expect(plan('2027-01-22', '09:00:00', 6 * GiB, c)).toEqual({ kind: 'existing', link: c.full });
  });
});

describe('the chain manifest', () => {
  it('a full export starts a new chain; incremental ones are appended; a day is its full export and the incrementals up to it', () => {
    let c = extendChain('accounts', undefined, { kind: 'full', day: '2027-01-22', prefix: 'p/22', exportTime: '2027-01-22T02:00:03.000Z' });
    c = extendChain('accounts', c, { kind: 'incremental', day: '2027-01-23', prefix: 'p/23', from: '2027-01-22T02:00:03.000Z', to: '2027-01-23T02:00:00.000Z' });
    c = extendChain('accounts', c, { kind: 'incremental', day: '2027-01-24', prefix: 'p/24', from: '2027-01-23T02:00:00.000Z', to: '2027-01-24T02:00:00.000Z' });
    const parsed = parseChain(JSON.stringify(c));
    expect(parsed).toEqual(c);
    const day23 = chainForDay(parsed, '2027-01-23');
    expect(day23.status === 'links' ? day23.links.map((l) => l.prefix) : day23).toEqual(['p/22', 'p/23']);
    expect(chainForDay(parsed, '2027-01-25')).toEqual({ status: 'unlisted' });
    expect(chainForDay(parsed, '2027-01-21')).toEqual({ status: 'superseded', by: '2027-01-22' });
    const restarted = extendChain('accounts', c, { kind: 'full', day: '2027-01-29', prefix: 'p/29', exportTime: '2027-01-29T02:00:02.000Z' });
    expect(restarted.incrementals).toEqual([]);
  });
  it('an incremental export without a base is refused; a malformed manifest is an error', () => {
    expect(() => extendChain('accounts', undefined, { kind: 'incremental', day: '2027-01-23', prefix: 'p', from: '2027-01-22T02:00:00Z', to: '2027-01-23T02:00:00Z' })).toThrow(/full export as its base/);
    expect(() => parseChain('{"table":"accounts","full":{"day":"2027-01-22","prefix":"p"},"incrementals":[]}')).toThrow(/exportTime/);
  });
});

describe('mergeExportChain', () => {
  const key = keyOf(['pk', 'sk']);
  const collect = async (items: AsyncIterable<Item>) => {
    const out: Item[] = [];
    for await (const item of items) out.push(item);
    return out;
  };
  const sorted = (items: Item[]) => [...items].sort((a, b) => key(a).localeCompare(key(b)));

  it('reads the export lines as DynamoDB writes them: a changed item, a deleted one (with or without its old image), a new one', async () => {
    const base = [{ Item: marshall({ pk: 'A', sk: '1', v: 1 }) }, { Item: marshall({ pk: 'A', sk: '2', v: 2 }) }, { Item: marshall({ pk: 'B', sk: '1', v: 3 }) }];
    const day1 = [
      { Metadata: { WriteTimestampMicros: { N: '1769047200000000' } }, Keys: marshall({ pk: 'A', sk: '1' }), OldImage: marshall({ pk: 'A', sk: '1', v: 1 }), NewImage: marshall({ pk: 'A', sk: '1', v: 10 }) },
      { Metadata: { WriteTimestampMicros: { N: '1769047200000001' } }, Keys: marshall({ pk: 'A', sk: '2' }), OldImage: marshall({ pk: 'A', sk: '2', v: 2 }) },
    ];
    const day2 = [
      { Metadata: { WriteTimestampMicros: { N: '1769133600000000' } }, Keys: marshall({ pk: 'C', sk: '1' }), NewImage: marshall({ pk: 'C', sk: '1', v: 4 }) },
      { Metadata: { WriteTimestampMicros: { N: '1769133600000001' } }, Keys: marshall({ pk: 'B', sk: '1' }) },
    ];
    const items = await collect(
      mergeExportChain(
        base.map((l) => fullExportItem(l)!),
        [day1, day2].map((lines) => lines.map((l) => incrementalExportChange(l)!)),
        key,
      ),
    );
    expect(sorted(items)).toEqual([
      { pk: 'A', sk: '1', v: 10 },
      { pk: 'C', sk: '1', v: 4 },
    ]);
  });

  it('property: applying random put/delete histories as incremental exports gives the items of a full export of the final state', async () => {
    const op = fc.record({ pk: fc.constantFrom('A', 'B', 'C'), sk: fc.constantFrom('1', '2', '3'), put: fc.boolean(), v: fc.integer() });
    const scenario = fc.record({
      initial: fc.array(op, { maxLength: 12 }),
      periods: fc.array(fc.record({ ops: fc.array(op, { maxLength: 12 }), seed: fc.integer(), withOld: fc.boolean(), ghostDeletes: fc.boolean() }), { maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ initial, periods }) => {
        type State = Map<string, Item>;
        const apply = (state: State, ops: typeof initial) => {
          for (const o of ops) {
            const k = key(o);
            if (o.put) state.set(k, { pk: o.pk, sk: o.sk, v: o.v });
            else state.delete(k);
          }
        };
        const state: State = new Map();
        apply(state, initial);
        // The full export: the table's items as DynamoDB JSON lines.
        const fullLines = [...state.values()].map((item) => ({ Item: marshall(item) }));
        // Each period's incremental export, compacted to each changed key's final state, in any order.
        const incrementals = periods.map(({ ops, seed, withOld, ghostDeletes }) => {
          const before = new Map(state);
          apply(state, ops);
          const touched = [...new Map(ops.map((o) => [key(o), o])).values()];
          const lines = touched.flatMap((o) => {
            const k = key(o);
            const after = state.get(k);
            const old = before.get(k);
            const Keys = marshall({ pk: o.pk, sk: o.sk });
            if (after) return [{ Keys, NewImage: marshall(after), ...(withOld && old ? { OldImage: marshall(old) } : {}) }];
            // Deleted; an item created and deleted within the period may or may not be listed.
            if (!old && !ghostDeletes) return [];
            return [{ Keys, ...(withOld && old ? { OldImage: marshall(old) } : {}) }];
          });
          const shuffled = lines.map((l, i) => ({ l, r: (i * 7919 + seed) % 101 })).sort((a, b) => a.r - b.r).map((x) => x.l);
          return shuffled.map((l) => incrementalExportChange(JSON.parse(JSON.stringify(l)))!);
        });
        const merged = await collect(mergeExportChain(fullLines.map((l) => fullExportItem(l)!), incrementals, key));
        expect(merged.length).toBe(new Set(merged.map(key)).size);
        expect(sorted(merged)).toEqual(sorted([...state.values()]));
      }),
      { numRuns: 300 },
    );
  });
});
