import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** One object of the fake bucket: its bytes and when it was written. */
export interface FakeObject {
  readonly body: Uint8Array;
  readonly at: Date;
}

/**
 * A bucket behind an aws-sdk-client-mock S3 stub (Put, Get, Delete, List by prefix), for the analytics
 * handlers' tests. `writtenAt(n)` dates the n-th write (List reports it as LastModified); `failingPuts`
 * holds keys whose next PutObject fails once.
 */
export function fakeBucket(s3: AwsClientStub<S3Client>, writtenAt: (n: number) => Date): { objects: Map<string, FakeObject>; failingPuts: Set<string>; put: (key: string, body: string | Uint8Array) => void } {
  const objects = new Map<string, FakeObject>();
  const failingPuts = new Set<string>();
  let writes = 0;
  const put = (key: string, body: string | Uint8Array): void => {
    objects.set(key, { body: typeof body === 'string' ? Buffer.from(body) : body, at: writtenAt(writes++) });
  };
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: Uint8Array | string }) => {
    if (failingPuts.delete(input.Key)) throw new Error('S3 unavailable');
    put(input.Key, input.Body);
    return {};
  });
  s3.on(DeleteObjectCommand).callsFake((input: { Key: string }) => {
    objects.delete(input.Key);
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => ({
    Contents: [...objects.entries()].filter(([key]) => key.startsWith(input.Prefix)).map(([Key, o]) => ({ Key, LastModified: o.at })),
    IsTruncated: false,
  }));
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const object = objects.get(input.Key);
    if (!object) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    const body = Buffer.from(object.body);
    return { Body: Object.assign(Readable.from([body]), { transformToString: async () => body.toString('utf8') }) };
  });
  return { objects, failingPuts, put };
}
