import 'aws-sdk-client-mock-vitest/extend';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../../shared/adapters/aws/s3-object-store.js';

const s3Mock = mockClient(S3Client);
/** A GetObject Body as the SDK returns it in Node: a Readable with the transform helpers mixed in. */
function body(content: string): GetObjectCommandOutput['Body'] {
  const stream = Readable.from([Buffer.from(content)], { objectMode: false });
  return Object.assign(stream, {
    transformToString: async () => content,
    transformToByteArray: async () => new Uint8Array(Buffer.from(content)),
    transformToWebStream: () => Readable.toWeb(stream) as unknown as ReadableStream,
  });
}

afterEach(() => {
  s3Mock.reset();
});

describe('S3ObjectStore', () => {
  it('returns undefined for a missing key', async () => {
    s3Mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    await expect(new S3ObjectStore(new S3Client({}), 'bucket').getText('config/policy.json')).resolves.toBeUndefined();
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'bucket', Key: 'config/policy.json' });
  });

  it('rethrows other errors (access denied is not "missing")', async () => {
    s3Mock.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: {} }));

    await expect(new S3ObjectStore(new S3Client({}), 'bucket').getText('k')).rejects.toThrow('Access Denied');
  });

  it('reads text as UTF-8', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body('Razón Social;Importe\n') });

    await expect(new S3ObjectStore(new S3Client({}), 'bucket').getText('invoices/a.csv')).resolves.toBe('Razón Social;Importe\n');
  });

  it('opens a byte stream lazily: GetObject is sent on first read, once per open', async () => {
    s3Mock.on(GetObjectCommand).callsFake(() => ({ Body: body('a;b\n1;2\n') }));
    const store = new S3ObjectStore(new S3Client({}), 'bucket');

    const stream = store.open('invoices/a.csv');
    expect(s3Mock).not.toHaveReceivedCommand(GetObjectCommand);
    await expect(text(stream)).resolves.toBe('a;b\n1;2\n');
    await expect(text(store.open('invoices/a.csv'))).resolves.toBe('a;b\n1;2\n');

    expect(s3Mock).toHaveReceivedCommandTimes(GetObjectCommand, 2);
    expect(stream.readableObjectMode).toBe(false);
  });

  it('puts text with its content type and no per-request encryption settings', async () => {
    s3Mock.on(PutObjectCommand).resolves({});

    await new S3ObjectStore(new S3Client({}), 'bucket').putText('reports/a.csv.json', '{}', 'application/json');

    expect(s3Mock.commandCalls(PutObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'bucket',
      Key: 'reports/a.csv.json',
      Body: '{}',
      ContentType: 'application/json',
    });
  });
});
