import { createReadStream } from 'node:fs';
import type { ByteRanges } from '../../usecases/ingest-large-file.js';
import type { FolderObjectStore } from './folder-object-store.js';

/** Parts of a file of the embedded runtime's bucket folder (the same key checks as FolderObjectStore). */
export class FolderByteRanges implements ByteRanges {
  constructor(private readonly files: FolderObjectStore) {}

  async *openRange(key: string, start: number, end: number): AsyncGenerator<Uint8Array> {
    if (end <= start) return;
    // createReadStream's `end` is inclusive.
    yield* createReadStream(this.files.pathFor(key), { start, end: end - 1 }) as AsyncIterable<Uint8Array>;
  }
}
