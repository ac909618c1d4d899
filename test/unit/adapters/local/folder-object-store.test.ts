import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidObjectKeyError } from '../../../../shared/adapters/local/errors.js';
import { FolderObjectStore } from '../../../../shared/adapters/local/folder-object-store.js';

let dir: string;
let store: FolderObjectStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-bucket-'));
  store = new FolderObjectStore(join(dir, 'bucket'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FolderObjectStore', () => {
  it('writes text atomically under the key’s folders and reads it back as text and as a stream', async () => {
    await store.putText('reports/2026/cartera.csv.json', '{"rows":4}\n', 'application/json');

    expect(await readFile(join(dir, 'bucket', 'reports', '2026', 'cartera.csv.json'), 'utf8')).toBe('{"rows":4}\n');
    expect(await store.getText('reports/2026/cartera.csv.json')).toBe('{"rows":4}\n');
    expect(await text(store.open('reports/2026/cartera.csv.json'))).toBe('{"rows":4}\n');
    // A fresh stream each time.
    expect(await text(store.open('reports/2026/cartera.csv.json'))).toBe('{"rows":4}\n');
    expect((await readdir(join(dir, 'bucket', 'reports', '2026'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('answers undefined for a missing key, and a stream of a missing key errors when read', async () => {
    expect(await store.getText('invoices/none.csv')).toBeUndefined();
    await expect(text(store.open('invoices/none.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each(['../outside.txt', 'a/../../outside.txt', 'a/./b', '/etc/passwd', '', 'a//b', 'a\\..\\b', 'a/\0'])('rejects the key %j', async (key) => {
    await writeFile(join(dir, 'outside.txt'), 'secret');
    expect(() => store.open(key)).toThrow(InvalidObjectKeyError);
    await expect(store.getText(key)).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.putText(key, 'x', 'text/plain')).rejects.toThrow(InvalidObjectKeyError);
    expect(await readFile(join(dir, 'outside.txt'), 'utf8')).toBe('secret');
  });

  it('accepts keys with dots and spaces that stay inside', async () => {
    await store.putText('invoices/cartera ..v2.csv', 'x', 'text/csv');
    expect(await store.getText('invoices/cartera ..v2.csv')).toBe('x');
  });
});
