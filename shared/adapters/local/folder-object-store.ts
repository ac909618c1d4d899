import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { ObjectStore } from '../../ports.js';
import { writeFileAtomic } from './atomic-file.js';
import { InvalidObjectKeyError } from './errors.js';

/**
 * The embedded runtime's S3 bucket: an ObjectStore over a folder, key `a/b/c.csv` ↔ `<root>/a/b/c.csv`.
 * Keys are checked like paths from outside: empty, absolute, `.`/`..` segments, backslashes and NUL
 * are refused, so no key can reach a file outside the root. Content types are not kept (the file
 * extension says enough locally).
 *
 * @example
 * const files = new FolderObjectStore('.cobranza/bucket');
 * await files.putText('reports/cartera.csv.json', json, 'application/json');
 */
export class FolderObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** A byte stream of the file; it is opened when first read, and a missing file errors the stream (ENOENT). */
  open(key: string): Readable {
    return createReadStream(this.pathFor(key));
  }

  async getText(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathFor(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Writes atomically (temporary file + rename), creating folders as needed. */
  async putText(key: string, body: string, _contentType: string): Promise<void> {
    await writeFileAtomic(this.pathFor(key), body);
  }

  /** The file for `key`; throws InvalidObjectKeyError for a key that is not a plain relative path. */
  pathFor(key: string): string {
    if (key === '') throw new InvalidObjectKeyError(key, 'empty');
    if (key.includes('\0')) throw new InvalidObjectKeyError(key, 'contains NUL');
    if (key.includes('\\')) throw new InvalidObjectKeyError(key, 'contains a backslash');
    if (key.startsWith('/')) throw new InvalidObjectKeyError(key, 'absolute');
    const segments = key.split('/');
    if (segments.some((s) => s === '..' || s === '.')) throw new InvalidObjectKeyError(key, "'.' or '..' segment");
    if (segments.some((s) => s === '')) throw new InvalidObjectKeyError(key, 'empty segment');
    const path = join(this.root, ...segments);
    if (!path.startsWith(this.root + sep)) throw new InvalidObjectKeyError(key, 'outside the root');
    return path;
  }
}
