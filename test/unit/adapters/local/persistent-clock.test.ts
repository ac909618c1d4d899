import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClockBackwardsError, CorruptStateFileError } from '../../../../shared/adapters/local/errors.js';
import { PersistentClock } from '../../../../shared/adapters/local/persistent-clock.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-clock-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PersistentClock', () => {
  it('starts fresh at the initial instant and continues from the file afterwards', async () => {
    const file = join(dir, 'clock.json');
    const clock = await PersistentClock.open(file, new Date('2026-11-23T14:00:00Z'));
    expect(clock.fresh).toBe(true);
    expect(clock.now().toISOString()).toBe('2026-11-23T14:00:00.000Z');

    await clock.advanceTo(new Date('2026-11-24T14:00:00Z'));
    const reopened = await PersistentClock.open(file, new Date('2030-01-01T00:00:00Z'));

    expect(reopened.fresh).toBe(false);
    expect(reopened.now().toISOString()).toBe('2026-11-24T14:00:00.000Z');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ now: '2026-11-24T14:00:00.000Z' });
  });

  it('never moves backwards with advanceTo, while set may', async () => {
    const clock = await PersistentClock.open(join(dir, 'back.json'), new Date('2026-11-23T14:00:00Z'));

    await expect(clock.advanceTo(new Date('2026-11-23T13:59:59Z'))).rejects.toThrow(ClockBackwardsError);
    await clock.advanceTo(new Date('2026-11-23T14:00:00Z'));
    await clock.set(new Date('2026-01-01T00:00:00Z'));

    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('hands out copies, so callers cannot move the clock by mutating a Date', async () => {
    const clock = await PersistentClock.open(join(dir, 'copy.json'), new Date('2026-11-23T14:00:00Z'));
    clock.now().setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-23T14:00:00.000Z');
  });

  it('reports a corrupt clock file', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"now":"yesterday"}');
    await expect(PersistentClock.open(file)).rejects.toThrow(CorruptStateFileError);
  });
});
