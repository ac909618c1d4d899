import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ByteRanges } from '../../usecases/ingest-large-file.js';

/**
 * Parts of an object in one S3 bucket: GetObject with `Range: bytes=start-(end-1)`, streamed. An
 * empty range sends nothing (S3 answers 416 to a range it cannot satisfy).
 *
 * @example
 * for await (const bytes of new S3ByteRanges(new S3Client({}), bucket).openRange(key, 0, 8 << 20)) …
 */
export class S3ByteRanges implements ByteRanges {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async *openRange(key: string, start: number, end: number): AsyncGenerator<Uint8Array> {
    if (end <= start) return;
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end - 1}` }));
    if (!out.Body) return;
    yield* out.Body as AsyncIterable<Uint8Array>;
  }
}
