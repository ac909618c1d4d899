/**
 * The chunked path in one process (as `npm start` and `cobranza ingest` run it) stores exactly what
 * the single-pass path stores for the same file: the single-pass use case is the oracle, run on its
 * own dynalite. The file is cut into many chunks, with rows of one account on both sides of a
 * boundary, a quoted line break, a duplicate invoice across chunks and a bad row.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAccountStore } from '../../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../../shared/adapters/aws/dynamodb-interaction-log.js';
import { startDynalite, type DynaliteHandle } from '../../../shared/adapters/local/dynalite-server.js';
import { FolderByteRanges } from '../../../shared/adapters/local/folder-byte-ranges.js';
import { FolderObjectStore } from '../../../shared/adapters/local/folder-object-store.js';
import type { IngestReport, PlanRequest } from '../../../shared/domain/types.js';
import { ingestInvoiceFile } from '../../../shared/usecases/ingest-invoice-file.js';
import {
  ingestChunk,
  ingestLargeFile,
  manifestKeyFor,
  type ChunkItem,
  type ChunkProgress,
  type IngestLargeFileDeps,
} from '../../../shared/usecases/ingest-large-file.js';

const KEY = 'invoices/cartera-grande.csv';
const clock = { now: () => new Date('2026-11-23T14:00:00Z') };

/** 240 rows over 12 accounts (20 invoices each, in file order), CRLF, with a few traps. */
function portfolio(): string {
  const lines = ['Folio;Código Cliente;Razón Social;Correo;País;Moneda;Importe;Fecha Vencimiento'];
  for (let i = 1; i <= 240; i += 1) {
    const account = `MX-${Math.ceil(i / 20)}`;
    const name = i % 7 === 0 ? `"Ferretería\r\n${account}; ""Norte"""` : `Cliente ${account}`;
    lines.push(`F-${i};${account};${name};pagos@${account.toLowerCase()}.example.com;MX;MXN;"${i},50";${String((i % 28) + 1).padStart(2, '0')}/12/2026`);
  }
  lines.push('F-1;MX-1;Cliente MX-1;x@example.com;MX;MXN;"9,99";01/12/2026'); // duplicate of line 2, chunks away
  lines.push('F-999;MX-2;Cliente MX-2;x@example.com;MX;MXN;"abc";01/12/2026'); // bad amount
  return `${lines.join('\r\n')}\r\n`;
}

interface Side {
  readonly dynamo: DynaliteHandle;
  readonly deps: IngestLargeFileDeps;
  readonly planned: PlanRequest[];
  writes: number;
}

let dir: string;
let single: Side;
let chunked: Side;

async function side(bucket: string): Promise<Side> {
  const dynamo = await startDynalite({});
  const files = new FolderObjectStore(join(dir, bucket));
  await files.putText(KEY, portfolio(), 'text/csv');
  const store = new DynamoDbAccountStore(dynamo.client, dynamo.tableNames.Accounts);
  const planned: PlanRequest[] = [];
  const result: Side = {
    dynamo,
    planned,
    writes: 0,
    deps: {
      // Counts the batch writes, to see a retried chunk write nothing.
      store: new Proxy(store, {
        get(target, name, receiver) {
          if (name === 'putAccountsAndInvoices') result.writes += 1;
          return Reflect.get(target, name, receiver) as unknown;
        },
      }),
      log: new DynamoDbInteractionLog(dynamo.client, dynamo.tableNames.Interactions),
      files,
      ranges: new FolderByteRanges(files),
      planning: { send: async (requests: readonly PlanRequest[]) => void planned.push(...requests) },
      clock,
    },
  };
  return result;
}

async function accountsTable(s: Side): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await s.dynamo.client.send(new ScanCommand({ TableName: s.dynamo.tableNames.Accounts, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => (JSON.stringify([a.pk, a.sk]) < JSON.stringify([b.pk, b.sk]) ? -1 : 1));
}

const byLine = (report: IngestReport) => [...report.rejected].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

let singleReport: IngestReport;
let progress: ChunkProgress[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-chunks-'));
  single = await side('single');
  chunked = await side('chunked');
  singleReport = await ingestInvoiceFile(single.deps, { key: KEY });
  progress = [];
  // 1,500-byte chunks: about 20 rows each.
  await ingestLargeFile(chunked.deps, { key: KEY, chunkBytes: 1500 }, (p) => void progress.push(p));
}, 60_000);

afterAll(async () => {
  await single?.dynamo.close();
  await chunked?.dynamo.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a file loaded in chunks, in process', () => {
  it('stores the same accounts and invoices as the single-pass path', async () => {
    expect(progress.length).toBeGreaterThan(5);
    const expected = await accountsTable(single);
    expect(expected.length).toBeGreaterThan(240);
    expect(await accountsTable(chunked)).toEqual(expected);
  });

  it('writes one report with the same counts and rejections, real line numbers, and how it was cut', async () => {
    const report = JSON.parse((await chunked.deps.files.getText(`reports/${KEY}.json`))!);
    expect(report).toMatchObject({ file: KEY, rows: 242, accepted: 240, created: 240, updated: 0, unchanged: 0 });
    expect({ ...report, rejected: byLine(report), warnings: undefined, chunks: undefined }).toEqual({ ...singleReport, rejected: byLine(singleReport), warnings: undefined });
    // The duplicate is on the file's line 276 (241 records, 34 of them two lines long); the bad row after it.
    expect(report.rejected.map((r: { line: number }) => r.line)).toEqual([276, 277]);
    expect(report.rejected[0].reason).toMatch(/^duplicate of line 2:/);
    expect(report.chunks.count).toBe(progress.length);
    expect(report.chunks.rowsPerChunk.reduce((a: number, b: number) => a + b, 0)).toBe(242);
    expect(report.chunks.failed).toEqual([]);
    const log = await chunked.dynamo.client.send(new ScanCommand({ TableName: chunked.dynamo.tableNames.Interactions }));
    expect(log.Items?.map((i) => i.type?.S)).toEqual(['file.ingested']);
  });

  it('asks for planning of every invoice, chunk by chunk, with each row’s real line', () => {
    const key = (r: PlanRequest) => `${r.accountId}/${r.invoiceNumber}@${r.source?.line}`;
    expect(chunked.planned.map(key).sort()).toEqual(single.planned.map(key).sort());
    // Progress reaches the whole file.
    expect(progress.at(-1)).toMatchObject({ rowsDone: 242, bytesDone: progress.at(-1)!.totalBytes });
  });

  it('a retried chunk returns its checkpoint and writes nothing; a new upload of the same file changes nothing', async () => {
    const manifest = JSON.parse((await chunked.deps.files.getText(manifestKeyFor(KEY)))!) as ChunkItem[];
    const writes = chunked.writes;
    const part = await ingestChunk(chunked.deps, manifest[3]!);
    expect(part.index).toBe(3);
    expect(chunked.writes).toBe(writes);

    const before = await accountsTable(chunked);
    const again = await ingestLargeFile(chunked.deps, { key: KEY, chunkBytes: 4000 });
    expect(again).toMatchObject({ rows: 242, created: 0, updated: 0, unchanged: 240 });
    expect(chunked.writes).toBe(writes);
    expect(await accountsTable(chunked)).toEqual(before);
  });

  it('lists the first 1,000 rejections across chunks and counts them all, as the single pass does', async () => {
    const bad = ['Folio;Código Cliente;Moneda;Importe;Fecha Vencimiento', ...Array.from({ length: 1200 }, (_, i) => `B-${i};MX-9;MXN;"abc";01/12/2026`)].join('\n');
    await writeFile(join(dir, 'chunked', 'invoices', 'malos.csv'), bad);
    await writeFile(join(dir, 'single', 'invoices', 'malos.csv'), bad);
    const report = await ingestLargeFile(chunked.deps, { key: 'invoices/malos.csv', chunkBytes: 2000 });
    const oracle = await ingestInvoiceFile(single.deps, { key: 'invoices/malos.csv' });
    expect(report.chunks.count).toBeGreaterThan(5);
    expect(report.rejectedCount).toBe(1200);
    expect(report.rejected).toHaveLength(1001);
    expect(report.rejected.at(-1)).toEqual({ line: null, reason: '… and 200 more rejected rows (the first 1000 are listed)' });
    expect({ ...report, chunks: undefined }).toEqual({ ...oracle, chunks: undefined });
  });

  it('reports a file refused as a whole, with nothing written', async () => {
    await writeFile(join(dir, 'chunked', 'invoices', 'roto.csv'), 'invoice_number,customer_id,currency,amount,due_date\nF-1,"C-1,MXN,1.00,2026-12-01\nF-2,C-2,MXN,2.00,2026-12-01\n');
    const writes = chunked.writes;
    const report = await ingestLargeFile(chunked.deps, { key: 'invoices/roto.csv', chunkBytes: 1 });
    expect(report).toMatchObject({ rows: 0, accepted: 0, rejected: [{ line: null, reason: expect.stringMatching(/^broken CSV quoting/) }], chunks: { count: 0 } });
    expect(chunked.writes).toBe(writes);
  });
});
