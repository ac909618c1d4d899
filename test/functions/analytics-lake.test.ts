import { gzipSync } from 'node:zlib';
import { DescribeTableCommand, DynamoDBClient, ExportTableToPointInTimeCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { parquetReadObjects } from 'hyparquet';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCurateLakeHandler, CURATED_KEY } from '../../functions/curate-lake/app.js';
import { createExportTablesHandler } from '../../functions/export-tables/app.js';
import { context, fixedClock, observability } from './harness.js';
import { fakeBucket } from './support/fake-bucket.js';

const dynamo = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const BUCKET = 'files';
/** A fake bucket behind the S3 mock: key → bytes (and when it was written). */
let bucket: Map<string, { body: Uint8Array; at: Date }>;
/** Keys whose next PutObject fails (once). */
let failingPuts: Set<string>;

beforeEach(() => {
  dynamo.reset();
  s3.reset();
  ({ objects: bucket, failingPuts } = fakeBucket(s3, (n) => new Date(Date.UTC(2027, 0, 22, 5, 0, n))));
});

describe('export-tables', () => {
  it('small tables: asks for a full DynamoDB JSON export of both under exports/<day>/, with a token per table, day and kind', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableSizeBytes: 1024 } });
    // The first attempt dies after starting the exports, before recording them in the chain.
    failingPuts.add('exports/chain/accounts.json');
    dynamo.on(ExportTableToPointInTimeCommand).resolves({ ExportDescription: { ExportArn: 'arn:export', ExportStatus: 'IN_PROGRESS' } });
    const handler = createExportTablesHandler({
      dynamo: new DynamoDBClient({ region: 'us-east-1' }),
      s3: new S3Client({ region: 'us-east-1' }),
      bucketName: BUCKET,
      tableArns: { accounts: 'arn:aws:dynamodb:us-east-1:1:table/Accounts', interactions: 'arn:aws:dynamodb:us-east-1:1:table/Interactions' },
      clock: fixedClock('2027-01-22T05:00:00Z'),
      observability,
    });
    await expect(handler({}, context)).rejects.toThrow('S3 unavailable');
    await handler({}, context); // the retry (the first table's attempt failed)
    await handler({}, context); // a second firing the same day
    const calls = dynamo.commandCalls(ExportTableToPointInTimeCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { TableArn: 'arn:aws:dynamodb:us-east-1:1:table/Accounts', S3Bucket: BUCKET, S3Prefix: 'exports/2027-01-22/accounts', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: 'cobranza-accounts-2027-01-22-full' },
      // The retry asks with the same token: DynamoDB answers with the export already running.
      { TableArn: 'arn:aws:dynamodb:us-east-1:1:table/Accounts', S3Bucket: BUCKET, S3Prefix: 'exports/2027-01-22/accounts', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: 'cobranza-accounts-2027-01-22-full' },
      { TableArn: 'arn:aws:dynamodb:us-east-1:1:table/Interactions', S3Bucket: BUCKET, S3Prefix: 'exports/2027-01-22/interactions', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: 'cobranza-interactions-2027-01-22-full' },
    ]);
    // Once the chain lists the day's exports, a further firing starts nothing.
    expect(JSON.parse(bucket.get('exports/chain/accounts.json')!.body.toString())).toMatchObject({ full: { day: '2027-01-22', prefix: 'exports/2027-01-22/accounts' }, incrementals: [] });
  });
});

const ACCOUNTS = [
  { pk: 'ACCOUNT#C-1', sk: 'PROFILE', accountId: 'C-1', name: 'Constructora', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' },
  { pk: 'ACCOUNT#C-1', sk: 'INVOICE#F-1', accountId: 'C-1', invoiceNumber: 'F-1', currency: 'MXN', amount: 100_000, balance: 40_000, dueDate: '2026-12-15', issueDate: '2026-11-15', status: 'open', updatedAt: '2026-12-20T15:00:00Z', appliedPaymentIds: new Set(['p1']), appliedAmounts: [{ paymentId: 'p1', amount: 60_000, writtenOff: 0 }] },
  { pk: 'PAYMENT#p1', sk: 'PAYMENT', payment: { paymentId: 'p1', kind: 'payment', amount: 60_000, currency: 'MXN', valueDate: '2026-12-18' }, status: 'partial' },
  { pk: 'CONFIG', sk: 'POLICY#active', policy: JSON.stringify({ version: 2, reports: { timezone: 'America/Bogota', agingBuckets: [30, 60, 90], fixedMonthlyCost: {}, exchangeRates: {} } }) },
];
const INTERACTIONS = [
  { pk: 'ACCOUNT#C-1', sk: '2026-12-20T15:00:00Z#message.sent#m-1', accountId: 'C-1', at: '2026-12-20T15:00:00.000Z', type: 'message.sent', channel: 'email', data: { messageId: 'm-1', kind: 'reminder', template: 'overdue', tone: 'firm', costMicros: 100, costCurrency: 'USD' } },
  { pk: 'ACCOUNT#C-1', sk: '2026-12-21T04:30:00Z#message.delivered#m-1', accountId: 'C-1', at: '2026-12-21T04:30:00.000Z', type: 'message.delivered', channel: 'email', reminderId: 'm-1' },
];

/** Puts one table's export as DynamoDB writes it: gzipped data files, manifest-files.json, then manifest-summary.json. */
function putExport(day: string, table: 'accounts' | 'interactions', items: Record<string, unknown>[]): string {
  const base = `exports/${day}/${table}/AWSDynamoDB/01700000000000-abc${table}`;
  const at = new Date(Date.UTC(2027, 0, 22, 5));
  const files = [items.slice(0, 1), items.slice(1)].map((chunk, i) => {
    const key = `${base}/data/file${i}.json.gz`;
    const lines = chunk.map((item) => JSON.stringify({ Item: marshall(item, { removeUndefinedValues: true }) })).join('\n');
    bucket.set(key, { body: gzipSync(`${lines}\n`), at });
    return { itemCount: chunk.length, dataFileS3Key: key };
  });
  bucket.set(`${base}/manifest-files.json`, { body: Buffer.from(files.map((f) => JSON.stringify(f)).join('\n')), at });
  const summaryKey = `${base}/manifest-summary.json`;
  const summary = { exportTime: `${day}T05:00:00.000Z`, manifestFilesS3Key: `${base}/manifest-files.json`, itemCount: items.length, outputFormat: 'DYNAMODB_JSON' };
  bucket.set(summaryKey, { body: Buffer.from(JSON.stringify(summary)), at });
  return summaryKey;
}

const s3Event = (key: string) => ({ Records: [{ s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } } }] });
const bridgeEvent = (key: string) => ({ 'detail-type': 'Object Created', source: 'aws.s3', detail: { bucket: { name: BUCKET }, object: { key } } });
const lakeKeys = () => [...bucket.keys()].filter((k) => k.startsWith('lake/')).sort();

async function readLake(table: string): Promise<Record<string, unknown>[]> {
  const body = bucket.get(`lake/${table}/part-00000.parquet`)!.body;
  return parquetReadObjects({ file: new Uint8Array(body).buffer });
}

describe('curate-lake', () => {
  const handler = () => createCurateLakeHandler({ s3: new S3Client({ region: 'us-east-1' }), bucketName: BUCKET, observability });

  it('only one table exported so far: nothing is written', async () => {
    const key = putExport('2027-01-22', 'accounts', ACCOUNTS);
    const result = await handler()(s3Event(key), context);
    expect(result).toEqual([{ exportDay: '2027-01-22', status: 'waiting', missing: ['interactions'] }]);
    expect(lakeKeys()).toEqual([]);
  });

  it('both exports complete: every lake table as Parquet and _curated.json; the same files when run again', async () => {
    putExport('2027-01-22', 'accounts', ACCOUNTS);
    const key = putExport('2027-01-22', 'interactions', INTERACTIONS);
    const [result] = await handler()(bridgeEvent(key), context);
    expect(result?.status).toBe('curated');
    expect(lakeKeys()).toContain('lake/invoices/part-00000.parquet');
    expect(lakeKeys()).toContain(CURATED_KEY);
    expect(lakeKeys().filter((k) => k.endsWith('.parquet'))).toHaveLength(14);
    const curated = JSON.parse(bucket.get(CURATED_KEY)!.body.toString()) as { exportDay: string; rows: Record<string, number> };
    expect(curated.exportDay).toBe('2027-01-22');
    expect(curated.rows).toMatchObject({ accounts: 1, invoices: 1, invoice_events: 1, messages: 1, message_events: 1 });

    expect(await readLake('invoice_events')).toEqual([
      { account_id: 'C-1', invoice_number: 'F-1', currency: 'MXN', event_date: new Date('2026-12-18T00:00:00Z'), kind: 'payment', amount: -60_000n, payment_id: 'p1', due_date: null },
    ]);
    // The policy in the export says Bogotá: delivered at 04:30 UTC on Dec 21 is Dec 20 there.
    expect((await readLake('message_events'))[0]?.event_date).toEqual(new Date('2026-12-20T00:00:00Z'));

    const first = new Map(lakeKeys().map((k) => [k, Buffer.from(bucket.get(k)!.body).toString('base64')]));
    await handler()(s3Event(key), context);
    expect(new Map(lakeKeys().map((k) => [k, Buffer.from(bucket.get(k)!.body).toString('base64')]))).toEqual(first);
  });

  it('deletes parts of the previous run that the new run did not write', async () => {
    bucket.set('lake/messages/part-00007.parquet', { body: Buffer.from('old'), at: new Date() });
    putExport('2027-01-22', 'accounts', ACCOUNTS);
    await handler()(s3Event(putExport('2027-01-22', 'interactions', INTERACTIONS)), context);
    expect(lakeKeys().filter((k) => k.startsWith('lake/messages/'))).toEqual(['lake/messages/part-00000.parquet']);
  });

  it('an older export arriving late does not replace a newer lake', async () => {
    bucket.set(CURATED_KEY, { body: Buffer.from(JSON.stringify({ exportDay: '2027-01-23', rows: {} })), at: new Date() });
    putExport('2027-01-22', 'accounts', ACCOUNTS);
    const result = await handler()(s3Event(putExport('2027-01-22', 'interactions', INTERACTIONS)), context);
    expect(result).toEqual([{ exportDay: '2027-01-22', status: 'stale', lakeDay: '2027-01-23' }]);
    expect(lakeKeys()).toEqual([CURATED_KEY]);
  });

  it('ignores objects that are not a manifest summary', async () => {
    expect(await handler()(s3Event('exports/2027-01-22/accounts/AWSDynamoDB/x/manifest-files.json'), context)).toEqual([]);
  });
});
