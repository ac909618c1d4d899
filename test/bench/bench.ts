/**
 * `npm run bench` — speed and memory, measured against a baseline in the same run (never asserted
 * by timed tests). Last stdout line:
 *   {"ingest":{"invoices":100000,"seconds":…,"baselineSeconds":…,"ratio":…,"peakRssMb":…},"bundles":{"<function>":bytes,…}}
 *   … ,"matching":{"payments":…,"autoMatchRate":…,"wrongRate":…,"seconds":…,"peakRssMb":…,"tenthSize":{…}}, …
 *   "replies":{"replies":…,"accuracy":…,"optOutRecall":…,"perIntent":{"opt-out":{"precision":…,"recall":…},…},"holdout":{…}}}
 * (the reply classifier on its labelled corpus; its per-intent table goes to stderr).
 * Targets: ratio ≤ 2.0, peak RSS ≤ 256 MB, each bundle ≤ 1 MB; matching auto-match ≥ 97%, wrong ≤ 0.1%,
 * 100k payments × 1M invoices ≤ 30 s and ≤ 1 GB. `--invoices N --match-invoices N --match-payments N`
 * for a quicker run.
 * Also reported: the same file ingested again (reingestSeconds), where every invoice is read back.
 * `--large-rows N` (opt-in: 1,000,000 takes about LARGE_MINUTES minutes) adds the chunked path of large
 * files (plan, chunks one after another, finish, into its own dynalite) in a child process:
 *   "ingestChunked":{"rows":…,"bytes":…,"chunks":…,"seconds":…,"rowsPerSecond":…,"peakRssMb":…}
 * Target: peak RSS ≤ 512 MB (one worker), flat whatever the file size.
 *   … ,"faults":{"invoices":…,"days":…,"injected":…,"byKind":{…},"lost":…,"duplicates":…,"missingLogLines":…,
 *   "balanceMismatches":…,"doubleApplications":…,"seconds":…} — the embedded runtime with 10% faults at
 * every port against a control run of the same inputs (test/bench/faults-child.ts);
 * `--fault-invoices N --fault-days N` (default 100 invoices, 20 days: the embedded runtime's speed,
 * issue #14, keeps 10,000 out of reach).
 *   … ,"kpis":{"invoices","items","rows":{…},"baselineSeconds","curateSeconds","curateRatio","kpiSeconds",
 *   "seconds","peakRssMb","curatePeakRssMb","lakeBytes","reports":{…},…} — the KPI lake (issue #13) in its
 * own process (test/bench/kpis-child.ts): `--kpi-invoices N` invoices' worth of Accounts and Interactions
 * items (~18.5 per invoice: profiles, invoices, reminders, sent messages, payments for ~40%, log lines
 * with ~3.2 messages per invoice) through the pure curate to Parquet parts (curateSeconds), then
 * DuckDB's report for each of the 3 currencies (kpiSeconds); `seconds` is both; baselineSeconds only
 * iterates the same generated items (curateRatio = curate / baseline). The *CpuSeconds beside them
 * are CPU time, which a busy machine does not inflate.
 * Targets, 1,000,000 invoices on 2 cores: seconds ≤ 360 and peak RSS ≤ 4 GB.
 * Measured 2026-12-07 on 2 cores shared with other jobs (wall times vary with the load; CPU does not):
 *   100k: curate 15.9 s CPU (25.5 s wall; baseline 6.6 s CPU, ratio 2.4), KPIs 5.1 s CPU (5.2 s wall),
 *         8 MB of Parquet, curate peak RSS 1.0 GB, peak RSS 1.4 GB.
 *   1M:   18.5M items; curate 203 s wall (201 s CPU; baseline 65 s CPU, CPU ratio 3.1), KPIs 26 s wall
 *         (49 s CPU), seconds 229, 84 MB of Parquet, curate peak RSS 3.9 GB, peak RSS 5.8 GB: the time
 *         target holds, the memory one does not. Curate's live heap at 1M is ~1.3 GB (10× the 125 MB
 *         left after a full GC at 100k: per invoice its record and ingest times, per message its step
 *         id); V8 lets the heap grow to ~3.9 GB and keeps it while DuckDB adds ~2 GB. Under
 *         --max-old-space-size=2048 curate still finishes, in 493 s CPU (GC). Those KPI times rebuilt
 *         every view for every currency; the engine now computes them once per set of periods: 100k
 *         then took 1.3 s for the 3 currencies (2.2 s CPU) instead of 5.2 s.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { CreateTableCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { accountsTable } from '../../shared/config/tables.js';
import { createTableInput, startDynalite } from '../../shared/adapters/local/dynalite-server.js';
import { bundleSizes } from './bundle-sizes.js';
import { generatePortfolioCsv } from './generate-portfolio.js';
import { repliesBench } from './replies.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '100000' },
    'match-invoices': { type: 'string', default: '1000000' },
    'match-payments': { type: 'string', default: '100000' },
    'large-rows': { type: 'string', default: '0' },
    'fault-invoices': { type: 'string', default: '100' },
    'fault-days': { type: 'string', default: '20' },
    'kpi-invoices': { type: 'string', default: '1000000' },
  },
});
const invoices = Number(values.invoices);
const matchInvoices = Number(values['match-invoices']);
const matchPayments = Number(values['match-payments']);
const largeRows = Number(values['large-rows']);
const faultInvoices = Number(values['fault-invoices']);
const faultDays = Number(values['fault-days']);
const kpiInvoices = Number(values['kpi-invoices']);
const progress = (line: string) => process.stderr.write(`${line}\n`);

const dir = await mkdtemp(join(tmpdir(), 'cobranza-bench-'));
try {
  const csv = join(dir, 'portfolio.csv');
  progress(`generating ${invoices} invoices …`);
  await generatePortfolioCsv(csv, invoices);

  const dynamo = await startDynalite({ path: join(dir, 'dynamodb') });
  try {
    progress('ingest through the use case …');
    const ingest = await child('ingest', csv, dynamo.endpoint, dynamo.tableNames.Accounts, dynamo.tableNames.Interactions);
    // A first load of new customers writes without reading first; the same file again must read
    // every invoice to find it unchanged. Both are reported so neither hides behind the other.
    progress('the same file again (every row unchanged) …');
    const reingest = await child('ingest', csv, dynamo.endpoint, dynamo.tableNames.Accounts, dynamo.tableNames.Interactions);

    // The baseline writes exactly the items the use case wrote, read back (untimed) from the table.
    const itemsFile = join(dir, 'items.jsonl');
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.client.send(new ScanCommand({ TableName: dynamo.tableNames.Accounts, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    await writeFile(itemsFile, items.map((i) => JSON.stringify(i)).join('\n'));
    // The baseline table has the Accounts table's own keys and indexes: the ratio measures the use
    // case's overhead, not the cost of the GSIs every write maintains.
    await dynamo.client.send(new CreateTableCommand(createTableInput(accountsTable, 'baseline')));
    progress(`baseline: raw BatchWriteItem of the same ${items.length} items …`);
    const baseline = await child('baseline', itemsFile, dynamo.endpoint, 'baseline');

    progress('bundling the Lambda functions …');
    const bundles = await bundleSizes();
    // Matching runs in its own process (its peak RSS is its own); the tenth-size run beside it shows
    // whether time grows linearly with the portfolio and the stream.
    progress(`matching ${matchPayments} messy payments against ${matchInvoices} open invoices …`);
    const matching = await matchingChild(matchInvoices, matchPayments);
    const matchingTenth = await matchingChild(Math.round(matchInvoices / 10), Math.round(matchPayments / 10));
    progress('reply classifier on the labelled corpus …');
    const replies = repliesBench();
    progress(replies.table);
    const ingestChunked = largeRows > 0 ? await chunkedBench(largeRows) : undefined;
    progress(`fault injection: ${faultInvoices} invoices, ${faultDays} days, 10% faults at every port (and a control run without) …`);
    const faults = await faultsChild(faultInvoices, faultDays);
    progress(`KPIs: curate ${kpiInvoices} invoices' items to Parquet, then DuckDB's report per currency …`);
    const kpis = await kpisChild(kpiInvoices);
    const result = {
      ingest: {
        invoices,
        seconds: round(ingest.seconds),
        baselineSeconds: round(baseline.seconds),
        ratio: round((ingest.seconds ?? 0) / (baseline.seconds ?? 1)),
        peakRssMb: round(ingest.peakRssMb),
        reingestSeconds: round(reingest.seconds),
        reingestRatio: round((reingest.seconds ?? 0) / (baseline.seconds ?? 1)),
        reingestUnchanged: reingest.unchanged,
        rows: ingest.rows,
        created: ingest.created,
        rejected: ingest.rejected,
        itemsWritten: items.length,
      },
      bundles,
      matching: { ...matching, tenthSize: { invoices: matchingTenth.invoices, payments: matchingTenth.payments, seconds: matchingTenth.seconds } },
      targets: { ratio: 2.0, peakRssMb: 256, bundleBytes: 1_048_576, autoMatchRate: 0.97, wrongRate: 0.001, matchingSeconds: 30, matchingPeakRssMb: 1024, chunkedPeakRssMb: 512, kpisSeconds: 360, kpisPeakRssMb: 4096 },
      replies: replies.summary,
      ...(ingestChunked ? { ingestChunked } : {}),
      faults,
      kpis,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await dynamo.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** A `rows`-row file through the chunked path, into a dynalite of its own (on disk: a million invoices). */
async function chunkedBench(rows: number): Promise<Record<string, number>> {
  const large = join(dir, 'large');
  const csv = join(large, 'portfolio-large.csv');
  progress(`generating ${rows} invoices for the chunked path …`);
  await mkdir(large, { recursive: true });
  await generatePortfolioCsv(csv, rows);
  const bytes = (await stat(csv)).size;
  const dynamo = await startDynalite({ path: join(large, 'dynamodb') });
  try {
    progress(`chunked ingest of ${rows} rows (${Math.round(bytes / 1048576)} MB) …`);
    const run = await child('chunked', csv, dynamo.endpoint, dynamo.tableNames.Accounts, dynamo.tableNames.Interactions);
    return {
      rows: run.rows ?? 0,
      bytes,
      chunks: run.chunks ?? 0,
      created: run.created ?? 0,
      rejected: run.rejected ?? 0,
      seconds: round(run.seconds),
      rowsPerSecond: Math.round((run.rows ?? 0) / (run.seconds ?? 1)),
      peakRssMb: round(run.peakRssMb),
    };
  } finally {
    await dynamo.close();
  }
}

async function child(mode: string, ...args: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/bench/bench-child.ts', mode, ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

async function matchingChild(invoiceCount: number, paymentCount: number): Promise<Record<string, number>> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'test/bench/matching/run-matching-bench.ts', '--invoices', String(invoiceCount), '--payments', String(paymentCount)],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

/** test/bench/faults-child.ts: {"injected","lost","duplicates","missingLogLines",…} (see test/e2e/support/fault-run.ts). */
async function faultsChild(invoiceCount: number, days: number): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/bench/faults-child.ts', '--invoices', String(invoiceCount), '--days', String(days)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

/** test/bench/kpis-child.ts: {"invoices","items","curateSeconds","kpiSeconds","seconds","peakRssMb","lakeBytes",…}. */
async function kpisChild(invoiceCount: number): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/bench/kpis-child.ts', '--invoices', String(invoiceCount)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

function round(n: number | undefined): number {
  return Math.round((n ?? 0) * 1000) / 1000;
}
