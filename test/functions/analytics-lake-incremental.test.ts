import { gzipSync } from 'node:zlib';
import { DescribeTableCommand, DynamoDBClient, ExportTableToPointInTimeCommand, type ExportTableToPointInTimeCommandInput } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { parquetReadObjects } from 'hyparquet';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCurateLakeHandler } from '../../functions/curate-lake/app.js';
import { createExportTablesHandler } from '../../functions/export-tables/app.js';
import { context, fixedClock, observability } from './harness.js';
import { fakeBucket } from './support/fake-bucket.js';

/**
 * Incremental exports (issue #13, "daily full, incremental when the table grows"): export-tables
 * picks full or incremental per table and keeps the chain manifest; curate-lake rebuilds a day from
 * the chain. DynamoDB and S3 are aws-sdk-client-mock mocks; the bucket is a map behind the S3 mock.
 */
const dynamo = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const BUCKET = 'files';
const GiB = 1024 ** 3;
const ARNS = { accounts: 'arn:aws:dynamodb:us-east-1:1:table/Accounts', interactions: 'arn:aws:dynamodb:us-east-1:1:table/Interactions' };
let bucket: Map<string, { body: Uint8Array; at: Date }>;
/** Exports put so far in a test (each gets its own id). */
let exportsPut: number;
let put: (key: string, body: string | Uint8Array) => void;

beforeEach(() => {
  dynamo.reset();
  s3.reset();
  ({ objects: bucket, put } = fakeBucket(s3, (n) => new Date(Date.UTC(2027, 0, 1) + n * 1000)));
  exportsPut = 0;
});

describe('export-tables: full or incremental', () => {
  /** Table sizes as DescribeTable reports them; each export started answers with its request time as ExportTime. */
  function tables(sizes: { accounts: number; interactions: number }) {
    dynamo.on(DescribeTableCommand).callsFake((input: { TableName: string }) => ({
      Table: { TableArn: input.TableName, TableSizeBytes: input.TableName === ARNS.accounts ? sizes.accounts : sizes.interactions },
    }));
    dynamo.on(ExportTableToPointInTimeCommand).callsFake((input: ExportTableToPointInTimeCommandInput) => ({
      ExportDescription: {
        ExportArn: `${input.TableArn}/export/${input.ClientToken}`,
        ExportStatus: 'IN_PROGRESS',
        ...(input.ExportType === 'FULL_EXPORT' ? { ExportTime: new Date(Date.parse(lastRun) + 3000) } : {}),
      },
    }));
  }
  let lastRun = '';
  const run = async (iso: string) => {
    lastRun = iso;
    const handler = createExportTablesHandler({
      dynamo: new DynamoDBClient({ region: 'us-east-1' }),
      s3: new S3Client({ region: 'us-east-1' }),
      bucketName: BUCKET,
      tableArns: ARNS,
      clock: fixedClock('2000-01-01T00:00:00Z'),
      observability,
    });
    // The scheduled event's time, as the daily EventBridge rule sends it.
    return handler({ time: iso }, context);
  };
  const requests = () => dynamo.commandCalls(ExportTableToPointInTimeCommand).map((c) => c.args[0].input);
  const chainOf = (table: string) => JSON.parse(Buffer.from(bucket.get(`exports/chain/${table}.json`)!.body).toString()) as Record<string, unknown>;

  it('small table → a full export every day; the size is asked of DynamoDB for each table', async () => {
    tables({ accounts: 5 * GiB - 1, interactions: 10 });
    await run('2027-01-22T02:00:00Z');
    await run('2027-01-23T02:00:00Z');
    expect(requests().map((r) => [r.TableArn, r.ExportType, r.S3Prefix, r.ClientToken, r.IncrementalExportSpecification])).toEqual([
      [ARNS.accounts, 'FULL_EXPORT', 'exports/2027-01-22/accounts', 'cobranza-accounts-2027-01-22-full', undefined],
      [ARNS.interactions, 'FULL_EXPORT', 'exports/2027-01-22/interactions', 'cobranza-interactions-2027-01-22-full', undefined],
      [ARNS.accounts, 'FULL_EXPORT', 'exports/2027-01-23/accounts', 'cobranza-accounts-2027-01-23-full', undefined],
      [ARNS.interactions, 'FULL_EXPORT', 'exports/2027-01-23/interactions', 'cobranza-interactions-2027-01-23-full', undefined],
    ]);
    expect(dynamo.commandCalls(DescribeTableCommand).map((c) => c.args[0].input.TableName)).toEqual([ARNS.accounts, ARNS.interactions, ARNS.accounts, ARNS.interactions]);
    expect(chainOf('accounts')).toMatchObject({ full: { day: '2027-01-23', prefix: 'exports/2027-01-23/accounts', exportTime: '2027-01-23T02:00:03.000Z' }, incrementals: [] });
  });

  it('big table with no full base → a full export first, then incremental exports from the previous export time to now', async () => {
    tables({ accounts: 5 * GiB, interactions: 1 });
    await run('2027-01-22T02:00:00Z');
    await run('2027-01-23T02:00:00Z');
    await run('2027-01-24T02:00:00.400Z');
    const accounts = requests().filter((r) => r.TableArn === ARNS.accounts);
    expect(accounts.map((r) => [r.ExportType, r.S3Prefix, r.ClientToken, r.ExportFormat])).toEqual([
      ['FULL_EXPORT', 'exports/2027-01-22/accounts', 'cobranza-accounts-2027-01-22-full', 'DYNAMODB_JSON'],
      ['INCREMENTAL_EXPORT', 'exports/2027-01-23/accounts', 'cobranza-accounts-2027-01-23-incremental', 'DYNAMODB_JSON'],
      ['INCREMENTAL_EXPORT', 'exports/2027-01-24/accounts', 'cobranza-accounts-2027-01-24-incremental', 'DYNAMODB_JSON'],
    ]);
    // From the full export's own time (DynamoDB's ExportTime), then from the previous incremental export's end.
    expect(accounts[1]!.IncrementalExportSpecification).toEqual({ ExportFromTime: new Date('2027-01-22T02:00:03Z'), ExportToTime: new Date('2027-01-23T02:00:00Z'), ExportViewType: 'NEW_AND_OLD_IMAGES' });
    expect(accounts[2]!.IncrementalExportSpecification).toEqual({ ExportFromTime: new Date('2027-01-23T02:00:00Z'), ExportToTime: new Date('2027-01-24T02:00:00Z'), ExportViewType: 'NEW_AND_OLD_IMAGES' });
    // The small table next to it stays on daily full exports.
    expect(requests().filter((r) => r.TableArn === ARNS.interactions).map((r) => r.ExportType)).toEqual(['FULL_EXPORT', 'FULL_EXPORT', 'FULL_EXPORT']);
    expect(chainOf('accounts')).toEqual({
      table: 'accounts',
      full: { kind: 'full', day: '2027-01-22', prefix: 'exports/2027-01-22/accounts', exportTime: '2027-01-22T02:00:03.000Z', exportArn: `${ARNS.accounts}/export/cobranza-accounts-2027-01-22-full` },
      incrementals: [
        { kind: 'incremental', day: '2027-01-23', prefix: 'exports/2027-01-23/accounts', from: '2027-01-22T02:00:03.000Z', to: '2027-01-23T02:00:00.000Z', exportArn: `${ARNS.accounts}/export/cobranza-accounts-2027-01-23-incremental` },
        { kind: 'incremental', day: '2027-01-24', prefix: 'exports/2027-01-24/accounts', from: '2027-01-23T02:00:00.000Z', to: '2027-01-24T02:00:00.000Z', exportArn: `${ARNS.accounts}/export/cobranza-accounts-2027-01-24-incremental` },
      ],
    });
  });

  it('7th day after the full export → a full export again, and the chain starts over', async () => {
    tables({ accounts: 8 * GiB, interactions: 8 * GiB });
    for (let d = 22; d <= 29; d++) await run(`2027-01-${d}T02:00:00Z`);
    expect(requests().filter((r) => r.TableArn === ARNS.accounts).map((r) => `${r.S3Prefix?.slice(8, 18)} ${r.ExportType}`)).toEqual([
      '2027-01-22 FULL_EXPORT',
      '2027-01-23 INCREMENTAL_EXPORT',
      '2027-01-24 INCREMENTAL_EXPORT',
      '2027-01-25 INCREMENTAL_EXPORT',
      '2027-01-26 INCREMENTAL_EXPORT',
      '2027-01-27 INCREMENTAL_EXPORT',
      '2027-01-28 INCREMENTAL_EXPORT',
      '2027-01-29 FULL_EXPORT',
    ]);
    expect(chainOf('interactions')).toMatchObject({ full: { day: '2027-01-29' }, incrementals: [] });
  });

  it('a missed day (more than 24 h to cover) → a full export instead of a chain with a hole', async () => {
    tables({ accounts: 8 * GiB, interactions: 1 });
    await run('2027-01-22T02:00:00Z');
    await run('2027-01-24T02:00:00Z');
    expect(requests().filter((r) => r.TableArn === ARNS.accounts).map((r) => r.ExportType)).toEqual(['FULL_EXPORT', 'FULL_EXPORT']);
  });

  it('a second firing the same day starts nothing once the chain lists the export', async () => {
    tables({ accounts: 8 * GiB, interactions: 8 * GiB });
    await run('2027-01-22T02:00:00Z');
    await run('2027-01-23T02:00:00Z');
    const result = await run('2027-01-23T02:05:00Z');
    expect(requests()).toHaveLength(4);
    expect(result.exports.map((e) => [e.kind, e.reason])).toEqual([
      ['incremental', 'existing'],
      ['incremental', 'existing'],
    ]);
  });
});

// ---- curate-lake over a chain: one full export + 2 incremental exports ----

/** Puts one export as DynamoDB writes it: gzipped data files, manifest-files.json, then manifest-summary.json. */
function putExport(prefix: string, lines: object[], exportTime: string): string {
  const base = `${prefix}/AWSDynamoDB/0170000000${exportsPut++}-abc`;
  const dataKey = `${base}/data/file0.json.gz`;
  put(dataKey, gzipSync(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  put(`${base}/manifest-files.json`, JSON.stringify({ itemCount: lines.length, dataFileS3Key: dataKey }));
  const summaryKey = `${base}/manifest-summary.json`;
  put(summaryKey, JSON.stringify({ exportTime, manifestFilesS3Key: `${base}/manifest-files.json`, itemCount: lines.length, outputFormat: 'DYNAMODB_JSON' }));
  return summaryKey;
}
const fullLines = (items: Record<string, unknown>[]) => items.map((item) => ({ Item: marshall(item, { removeUndefinedValues: true }) }));
const changed = (item: Record<string, unknown>, old?: Record<string, unknown>) => ({
  Metadata: { WriteTimestampMicros: { N: '1769133600000000' } },
  Keys: marshall({ pk: item.pk, sk: item.sk }),
  NewImage: marshall(item, { removeUndefinedValues: true }),
  ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) } : {}),
});
const deleted = (old: Record<string, unknown>) => ({ Metadata: { WriteTimestampMicros: { N: '1769133600000001' } }, Keys: marshall({ pk: old.pk, sk: old.sk }), OldImage: marshall(old, { removeUndefinedValues: true }) });

const POLICY = { pk: 'CONFIG', sk: 'POLICY#active', policy: JSON.stringify({ version: 2, reports: { timezone: 'UTC', agingBuckets: [30, 60, 90], fixedMonthlyCost: {}, exchangeRates: {} } }) };
const PROFILE = (id: string) => ({ pk: `ACCOUNT#${id}`, sk: 'PROFILE', accountId: id, name: `Cliente ${id}`, country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' });
const INVOICE = (id: string, number: string, amount: number, balance: number, status = 'open') => ({
  pk: `ACCOUNT#${id}`, sk: `INVOICE#${number}`, accountId: id, invoiceNumber: number, currency: 'MXN', amount, balance, dueDate: '2027-01-30', issueDate: '2027-01-01', status, updatedAt: '2027-01-20T10:00:00Z',
});
const SENT = (id: string, messageId: string, at: string) => ({ pk: `ACCOUNT#${id}`, sk: `${at}#message.sent#${messageId}`, accountId: id, at, type: 'message.sent', channel: 'email', data: { messageId, kind: 'reminder', template: 'due', tone: 'friendly', costMicros: 100, costCurrency: 'USD' } });

/** Day 22: the full exports. Day 23: F-1 is partly paid, F-2 deleted. Day 24: a new account C-3 with F-3, and a message. */
const FULL_ACCOUNTS = [POLICY, PROFILE('C-1'), INVOICE('C-1', 'F-1', 100_000, 100_000), PROFILE('C-2'), INVOICE('C-2', 'F-2', 50_000, 50_000)];
const FINAL_ACCOUNTS = [POLICY, PROFILE('C-1'), INVOICE('C-1', 'F-1', 100_000, 70_000), PROFILE('C-2'), PROFILE('C-3'), INVOICE('C-3', 'F-3', 20_000, 20_000)];
const FULL_INTERACTIONS = [SENT('C-1', 'm-1', '2027-01-21T15:00:00.000Z')];
const FINAL_INTERACTIONS = [...FULL_INTERACTIONS, SENT('C-3', 'm-2', '2027-01-23T15:00:00.000Z')];

function putChain(table: string, links: { full: { day: string; exportTime: string }; incrementals: { day: string; from: string; to: string }[] }) {
  put(
    `exports/chain/${table}.json`,
    JSON.stringify({
      table,
      full: { kind: 'full', prefix: `exports/${links.full.day}/${table}`, ...links.full },
      incrementals: links.incrementals.map((i) => ({ kind: 'incremental', prefix: `exports/${i.day}/${table}`, ...i })),
    }),
  );
}

const CHAIN = {
  full: { day: '2027-01-22', exportTime: '2027-01-22T02:00:03.000Z' },
  incrementals: [
    { day: '2027-01-23', from: '2027-01-22T02:00:03.000Z', to: '2027-01-23T02:00:00.000Z' },
    { day: '2027-01-24', from: '2027-01-23T02:00:00.000Z', to: '2027-01-24T02:00:00.000Z' },
  ],
};

async function lakeRows(table: string): Promise<Record<string, unknown>[]> {
  const body = bucket.get(`lake/${table}/part-00000.parquet`)?.body;
  if (!body) return [];
  return parquetReadObjects({ file: new Uint8Array(body).buffer });
}
const snapshotLake = async () => {
  const out: Record<string, unknown[]> = {};
  for (const table of ['accounts', 'invoices', 'invoice_events', 'messages', 'report_dates']) {
    out[table] = (await lakeRows(table)).map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))).sort();
  }
  return out;
};
const curateHandler = () => createCurateLakeHandler({ s3: new S3Client({ region: 'us-east-1' }), bucketName: BUCKET, observability });
const s3Event = (key: string) => ({ Records: [{ s3: { bucket: { name: BUCKET }, object: { key } } }] });

describe('curate-lake over an export chain', () => {
  function putChainExports(options: { lastAccountsIncremental: boolean }) {
    putChain('accounts', CHAIN);
    putChain('interactions', CHAIN);
    putExport('exports/2027-01-22/accounts', fullLines(FULL_ACCOUNTS), '2027-01-22T02:00:03.000Z');
    putExport('exports/2027-01-22/interactions', fullLines(FULL_INTERACTIONS), '2027-01-22T02:00:03.000Z');
    putExport('exports/2027-01-23/accounts', [changed(INVOICE('C-1', 'F-1', 100_000, 70_000), INVOICE('C-1', 'F-1', 100_000, 100_000)), deleted(INVOICE('C-2', 'F-2', 50_000, 50_000))], '2027-01-23T02:00:05.000Z');
    putExport('exports/2027-01-23/interactions', [], '2027-01-23T02:00:05.000Z');
    const last = putExport('exports/2027-01-24/interactions', [changed(SENT('C-3', 'm-2', '2027-01-23T15:00:00.000Z'))], '2027-01-24T02:00:05.000Z');
    if (!options.lastAccountsIncremental) return last;
    return putExport('exports/2027-01-24/accounts', [changed(PROFILE('C-3')), changed(INVOICE('C-3', 'F-3', 20_000, 20_000))], '2027-01-24T02:00:05.000Z');
  }

  it('waits until every export of the chain for the day is complete', async () => {
    const key = putChainExports({ lastAccountsIncremental: false });
    expect(await curateHandler()(s3Event(key), context)).toEqual([{ exportDay: '2027-01-24', status: 'waiting', missing: ['accounts'] }]);
    expect([...bucket.keys()].filter((k) => k.startsWith('lake/'))).toEqual([]);
  });

  it('a full export + 2 incremental exports (a changed item, a deleted item, new items) give exactly the final state\'s lake rows', async () => {
    const key = putChainExports({ lastAccountsIncremental: true });
    const [result] = await curateHandler()(s3Event(key), context);
    expect(result).toMatchObject({ exportDay: '2027-01-24', status: 'curated' });
    const fromChain = await snapshotLake();

    // The same day curated from a full export of the final state.
    bucket.clear();
    putExport('exports/2027-01-24/accounts', fullLines(FINAL_ACCOUNTS), '2027-01-24T02:00:00.000Z');
    const fullKey = putExport('exports/2027-01-24/interactions', fullLines(FINAL_INTERACTIONS), '2027-01-24T02:00:00.000Z');
    await curateHandler()(s3Event(fullKey), context);
    const fromFull = await snapshotLake();

    expect(fromChain).toEqual(fromFull);
    // And what a manager sees: F-1 open at 70,000, F-2 gone, F-3 new; C-3's message counted.
    expect((await lakeRows('invoices')).map((r) => `${String(r.invoice_number)} ${String(r.amount)}`).sort()).toEqual(['F-1 100000', 'F-3 20000']);
    expect((await lakeRows('invoice_events')).map((r) => `${String(r.invoice_number)} ${String(r.kind)} ${String(r.amount)}`)).toEqual(['F-1 adjustment -30000']);
    expect((await lakeRows('accounts')).map((r) => r.account_id).sort()).toEqual(['C-1', 'C-2', 'C-3']);
    expect((await lakeRows('messages')).map((r) => r.message_id).sort()).toEqual(['m-1', 'm-2']);
  });

  it('a day from before the chain\'s full export can no longer be rebuilt', async () => {
    putChainExports({ lastAccountsIncremental: true });
    const key = putExport('exports/2027-01-21/accounts', fullLines(FULL_ACCOUNTS), '2027-01-21T02:00:03.000Z');
    expect(await curateHandler()(s3Event(key), context)).toEqual([{ exportDay: '2027-01-21', status: 'superseded', by: '2027-01-22' }]);
  });
});
