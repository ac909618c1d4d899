/**
 * The three functions of a large file's state machine, run as Step Functions would: plan on the S3
 * event, one chunk per manifest item, finish. S3 is an aws-sdk-client-mock bucket held in a Map
 * (GetObject honours Range, as S3 does); DynamoDB is dynalite; SQS is mocked.
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client, type GetObjectCommandInput } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIngestChunkHandler } from '../../functions/ingest-chunk/app.js';
import { createIngestFinishHandler } from '../../functions/ingest-finish/app.js';
import { createIngestPlanHandler } from '../../functions/ingest-plan/app.js';
import { S3ByteRanges } from '../../shared/adapters/aws/s3-byte-ranges.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { PlanRequest } from '../../shared/domain/types.js';
import { acceptAll, context, dynamoHarness, fixedClock, objectCreated, observability } from './harness.js';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/planning';
const KEY = 'invoices/cartera grande.csv';

/** 60 invoices of 3 accounts; line 31's customer name holds a quoted line break. */
const CSV = [
  'Folio;Código Cliente;Razón Social;Moneda;Importe;Fecha Vencimiento',
  ...Array.from({ length: 60 }, (_, i) => {
    const n = i + 1;
    const name = n === 30 ? '"Ferretería\nNorte"' : `Cliente ${Math.ceil(n / 20)}`;
    return `F-${n};MX-${Math.ceil(n / 20)};${name};MXN;"${n}.00";15/12/2026`;
  }),
  'F-61;MX-1;Cliente 1;MXN;"mil";15/12/2026',
].join('\n');

let bucket: Map<string, Buffer>;
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let plan: ReturnType<typeof createIngestPlanHandler>;
let chunk: ReturnType<typeof createIngestChunkHandler>;
let finish: ReturnType<typeof createIngestFinishHandler>;

function getObject(input: GetObjectCommandInput) {
  const body = bucket.get(input.Key!);
  if (!body) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
  const range = /^bytes=(\d+)-(\d+)$/.exec(input.Range ?? '');
  const bytes = range ? body.subarray(Number(range[1]), Number(range[2]) + 1) : body;
  return { Body: Object.assign(Readable.from([bytes]), { transformToString: async () => bytes.toString('utf8') }) };
}

beforeAll(async () => {
  h = await dynamoHarness();
  const s3Client = new S3Client({ region: 'us-east-1' });
  const files = new S3ObjectStore(s3Client, 'files');
  const clock = fixedClock('2026-11-23T14:00:00Z');
  // 400-byte chunks: several, so the map has work to spread.
  plan = createIngestPlanHandler({ files, clock, observability, chunkBytes: 400 });
  chunk = createIngestChunkHandler({
    store: h.store,
    log: h.log,
    files,
    ranges: new S3ByteRanges(s3Client, 'files'),
    planning: new SqsQueue<PlanRequest>(new SQSClient({ region: 'us-east-1' }), QUEUE_URL),
    clock,
    observability,
  });
  finish = createIngestFinishHandler({ files, log: h.log, observability });
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  s3.reset();
  sqs.reset();
  bucket = new Map([[KEY, Buffer.from(CSV, 'utf8')]]);
  s3.on(GetObjectCommand).callsFake(getObject);
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
    bucket.set(input.Key, Buffer.from(input.Body, 'utf8'));
    return {};
  });
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
});

describe('large file: plan → chunks → finish', () => {
  it('plans the file, loads each chunk from its byte range and writes one merged report', async () => {
    const planned = await plan(objectCreated('invoices/cartera+grande.csv'), context);
    expect(planned).toMatchObject({ bucket: 'files', key: KEY, manifestKey: `reports/${KEY}.parts/manifest.json`, totalBytes: Buffer.byteLength(CSV) });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'files', Key: `reports/${KEY}.parts/plan.json`, ContentType: 'application/json' });

    // The manifest is the S3 JSON array the Distributed Map's ItemReader reads.
    const manifest = JSON.parse(bucket.get(planned.manifestKey)!.toString('utf8')) as Record<string, unknown>[];
    expect(manifest.length).toBe(planned.chunks);
    expect(manifest.length).toBeGreaterThan(3);
    expect(manifest[0]).toMatchObject({ key: KEY, index: 0, start: 0, firstLine: 1, header: true });

    s3.resetHistory();
    const outputs = [];
    for (const item of [...manifest].reverse()) outputs.push(await chunk(item, context)); // any order
    // Each chunk read only its own range.
    const ranges = s3.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Key === KEY).map((c) => c.args[0].input.Range);
    expect(ranges.sort()).toEqual(manifest.map((m) => `bytes=${String(m.start)}-${Number(m.end) - 1}`).sort());
    expect(outputs.reduce((sum, o) => sum + o.rows, 0)).toBe(61);
    for (const item of manifest) {
      expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: `reports/${KEY}.parts/${String(item.index)}.json` });
    }
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(sent).toHaveLength(60);

    const done = await finish(planned, context);
    expect(done).toEqual({
      key: KEY,
      report: `reports/${KEY}.json`,
      rows: 61,
      accepted: 60,
      created: 60,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      warnings: expect.any(Number),
      chunks: manifest.length,
      failedChunks: 0,
    });
    const report = JSON.parse(bucket.get(`reports/${KEY}.json`)!.toString('utf8'));
    // F-61 is on line 63: 61 records after the header, F-30's name takes two lines.
    expect(report.rejected).toEqual([{ line: 63, reason: expect.stringMatching(/mil/) }]);
    expect(report.chunks).toMatchObject({ count: manifest.length, bytesPerChunk: 400, failed: [] });
    expect(await h.store.getInvoice({ accountId: 'MX-2', invoiceNumber: 'F-30' })).toMatchObject({ amount: 3000, currency: 'MXN' });
  });

  it('names the lines of a chunk that never finished, instead of losing them', async () => {
    const planned = await plan(objectCreated('invoices/cartera+grande.csv'), context);
    const manifest = JSON.parse(bucket.get(planned.manifestKey)!.toString('utf8')) as { index: number; firstLine: number; lastLine: number }[];
    for (const item of manifest.slice(1)) await chunk(item, context); // chunk 0 failed after its retries
    await finish(planned, context);
    const report = JSON.parse(bucket.get(`reports/${KEY}.json`)!.toString('utf8'));
    expect(report.chunks.failed).toEqual([0]);
    expect(report.rejected[0]).toEqual({
      line: 1,
      reason: expect.stringMatching(new RegExp(`^lines 1–${manifest[0]!.lastLine} were not loaded`)),
    });
  });

  it('refuses a manifest item that is not a chunk', async () => {
    await expect(chunk({ key: KEY, index: -1 }, context)).rejects.toThrow();
  });
});
