import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../ports.js';
import { isAwsError } from './errors.js';

/**
 * ObjectStore on one S3 bucket. Encryption at rest is the bucket's default (SSE-S3 or its KMS key),
 * set once in the stack rather than per request.
 *
 * @example
 * const files = new S3ObjectStore(new S3Client({}), env.bucketName);
 * for await (const chunk of files.open('invoices/cartera.csv')) …
 */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /**
   * A byte stream of the object. Lazy: GetObject is sent when the stream is first read, so opening a
   * stream that is never consumed costs nothing, and each call is a fresh GET.
   */
  open(key: string): Readable {
    const { client, bucket } = this;
    async function* body(): AsyncGenerator<Uint8Array> {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!out.Body) return;
      yield* out.Body as AsyncIterable<Uint8Array>;
    }
    return Readable.from(body(), { objectMode: false });
  }

  async getText(key: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToString('utf-8') : '';
    } catch (error) {
      if (isAwsError(error, 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  async putText(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
}
