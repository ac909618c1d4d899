/**
 * Invoice files too large for one Lambda run (15 minutes) are loaded in chunks: a plan step reads the
 * file's layout once and splits it into byte ranges at record boundaries, one worker per range
 * writes its rows and a partial report, and a finish step merges the parts into the one report. On
 * AWS the ranges run in a Step Functions Distributed Map (infra/aws/constructs/ingestion.ts);
 * locally `ingestLargeFile` runs the same three steps one after another.
 *
 * Files in the bucket, next to the report `reports/<key>.json`:
 *   reports/<key>.parts/plan.json      the reader's plan (layout, header map, number and date conventions) + duplicates
 *   reports/<key>.parts/manifest.json  the chunks, a JSON array (the Distributed Map's ItemReader reads it)
 *   reports/<key>.parts/<n>.json       chunk n's partial report: its checkpoint
 */
import { randomUUID } from 'node:crypto';
import { contentHash } from '../domain/content-hash.js';
import { decodePlan, encodePlan, splitAtRecords, type ChunkRange } from '../domain/ingest/chunks.js';
import { FileRejectedError } from '../domain/ingest/errors.js';
import { duplicateLines, planInvoiceFile, readRowsInRange, type InvoiceFilePlan } from '../domain/ingest/read-invoice-file.js';
import type { IngestReport, LineIssue } from '../domain/types.js';
import { PREFIX } from '../config/functions.js';
import { truncate } from '../domain/ingest/headers.js';
import { MAX_ISSUES_LISTED, MAX_REASON_CHARS, ingestInvoiceRows, type IngestInvoiceFileDeps } from './ingest-invoice-file.js';
import { reportKeyFor } from './report-key.js';

/** Files of this size or more take the chunked path (about 160,000 rows of a typical 130-byte ERP row). */
export const LARGE_FILE_BYTES = 20 * 1024 * 1024;
/** Target chunk size: about 65,000 rows, a few minutes of writes, far from the 15-minute limit. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/** Reads part of an object: S3 GetObject with a Range header, a file read at an offset locally. */
export interface ByteRanges {
  /** Bytes `[start, end)` of the object. */
  openRange(key: string, start: number, end: number): AsyncIterable<Uint8Array>;
}

export interface IngestLargeFileDeps extends IngestInvoiceFileDeps {
  readonly ranges: ByteRanges;
}

/** The plan step reads and writes files only. */
export type PlanDeps = Pick<IngestLargeFileDeps, 'files' | 'clock'>;
/** The finish step reads the parts, writes the report and logs it. */
export type FinishDeps = Pick<IngestLargeFileDeps, 'files' | 'log'>;

/** One item of the manifest: everything a chunk worker needs besides plan.json. */
export interface ChunkItem extends ChunkRange {
  /** The raw file's key. */
  readonly key: string;
}

/** What the plan step returns (the state machine's input to the map and the finish step). */
export interface PlannedFile {
  readonly key: string;
  readonly manifestKey: string;
  readonly chunks: number;
  readonly totalBytes: number;
}

/** The report of a chunked file: today's IngestReport plus how it was cut. */
export interface ChunkedIngestReport extends IngestReport {
  readonly chunks: {
    readonly count: number;
    /** Rows (non-blank data records) of each chunk, in file order; null for a chunk that did not finish. */
    readonly rowsPerChunk: (number | null)[];
    readonly bytesPerChunk: number;
    /** Chunks that failed after their retries: their lines are named in `rejected`. */
    readonly failed: number[];
  };
}

/** What chunk n wrote (its checkpoint): the counts and issues of its rows (at most MAX_ISSUES_LISTED of each listed). */
export interface ChunkPart extends Omit<IngestReport, 'file' | 'accepted'> {
  readonly index: number;
  /** The plan run it belongs to: a part left by an earlier upload of the same key is not reused. */
  readonly run: string;
}

interface PlanDocument {
  readonly run: string;
  readonly startedAt: string;
  readonly chunkBytes: number;
  readonly totalBytes: number;
  /** The whole file was refused before anything was written (same reason as the single-pass path). */
  readonly rejected?: string;
  readonly plan?: InvoiceFilePlan;
  readonly duplicates?: ReadonlyMap<number, string>;
}

export const partsPrefix = (key: string): string => `${PREFIX.reports}${key}.parts/`;
export const planKeyFor = (key: string): string => `${partsPrefix(key)}plan.json`;
export const manifestKeyFor = (key: string): string => `${partsPrefix(key)}manifest.json`;
export const partKeyFor = (key: string, index: number): string => `${partsPrefix(key)}${index}.json`;

/**
 * Step 1: reads the file's layout once (the reader's first pass), splits it into byte ranges at
 * record boundaries, finds duplicate rows across the whole file, and writes plan.json and
 * manifest.json. Three streaming reads of the file; memory: one entry per invoice key (duplicates).
 * A file refused as a whole gets an empty manifest and the finish step reports why.
 */
export async function planLargeFile(deps: PlanDeps, input: { readonly key: string; readonly chunkBytes?: number }): Promise<PlannedFile> {
  const { key } = input;
  const chunkBytes = input.chunkBytes ?? CHUNK_BYTES;
  const startedAt = deps.clock.now().toISOString();
  // A new id per plan: parts of an earlier upload of the same key (other ranges) are never taken for this one's.
  const run = randomUUID();
  let document: PlanDocument;
  let chunks: ChunkItem[] = [];
  let totalBytes = 0;
  try {
    const plan = await planInvoiceFile(() => deps.files.open(key), { fileName: key.split('/').pop() ?? key });
    const format = plan.format === 'csv' ? 'csv' : plan.format === 'json-lines' ? 'json-lines' : 'whole';
    const split = await splitAtRecords(deps.files.open(key), {
      format,
      chunkBytes,
      ...(plan.csv ? { delimiter: plan.csv.delimiter, headerRecords: plan.csv.sepLine === undefined ? 1 : 2 } : {}),
    });
    totalBytes = split.totalBytes;
    chunks = split.chunks.map((chunk) => ({ key, ...chunk }));
    const duplicates = await duplicateLines(deps.files.open(key), plan);
    document = { run, startedAt, chunkBytes, totalBytes, plan, duplicates };
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    document = { run, startedAt, chunkBytes, totalBytes, rejected: error.reason };
  }
  await deps.files.putText(planKeyFor(key), encodePlan(document), 'application/json');
  await deps.files.putText(manifestKeyFor(key), JSON.stringify(chunks), 'application/json');
  return { key, manifestKey: manifestKeyFor(key), chunks: chunks.length, totalBytes };
}

/**
 * Step 2, once per chunk (any order, in parallel): reads the chunk's byte range with the plan,
 * writes its rows and asks for their planning as each batch is stored, then writes its part. A
 * retry is cheap and safe: a part already written by this run is returned as is, and rows already
 * stored are unchanged and write nothing.
 */
export async function ingestChunk(deps: IngestLargeFileDeps, item: ChunkItem): Promise<ChunkPart> {
  const document = await readPlan(deps, item.key);
  const partKey = partKeyFor(item.key, item.index);
  const done = await deps.files.getText(partKey);
  if (done !== undefined) {
    const part = JSON.parse(done) as ChunkPart;
    if (part.run === document.run) return part;
  }
  if (!document.plan) throw new Error(`${item.key} was refused as a whole; it has no chunk ${item.index}`);
  const rows = readRowsInRange(deps.ranges.openRange(item.key, item.start, item.end), document.plan, {
    firstLine: item.firstLine,
    header: item.header,
    ...(document.duplicates ? { duplicates: document.duplicates } : {}),
  });
  const report = await ingestInvoiceRows(deps, item.key, rows);
  const part: ChunkPart = {
    index: item.index,
    run: document.run,
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    // Without the part's own "… and K more" line: the finish step counts and lists across parts.
    rejected: report.rejected.filter((issue) => issue.line !== null),
    warnings: report.warnings.filter((issue) => issue.line !== null),
    rejectedCount: report.rejectedCount ?? report.rejected.length,
    warningCount: report.warningCount ?? report.warnings.length,
    fieldsChanged: report.fieldsChanged ?? { account: [], invoice: [] },
  };
  await deps.files.putText(partKey, JSON.stringify(part), 'application/json');
  return part;
}

/**
 * Step 3: merges the parts into ONE report at `reports/<key>.json` (IngestReport + `chunks`), written
 * once, and logs `file.ingested` (or `file.rejected`). A chunk without its part (it failed after its
 * retries) is reported as lines not loaded, so nothing is lost silently.
 */
export async function finishLargeFile(deps: FinishDeps, input: { readonly key: string }): Promise<ChunkedIngestReport> {
  const { key } = input;
  const document = await readPlan(deps, key);
  const manifest = JSON.parse((await deps.files.getText(manifestKeyFor(key))) ?? '[]') as ChunkItem[];
  let rows = 0;
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  // The same bounds as a small file's report: the first MAX_ISSUES_LISTED of each list, exact counts.
  const rejected = new BoundedIssues();
  const warnings = new BoundedIssues();
  warnings.add((document.plan?.warnings ?? []).map((reason) => ({ line: null, reason })));
  const accountFields = new Set<string>();
  const invoiceFields = new Set<string>();
  const rowsPerChunk: (number | null)[] = [];
  const failed: number[] = [];
  if (document.rejected !== undefined) rejected.add([{ line: null, reason: document.rejected }]);
  for (const item of manifest) {
    const text = await deps.files.getText(partKeyFor(key, item.index));
    const part = text === undefined ? undefined : (JSON.parse(text) as ChunkPart);
    if (!part || part.run !== document.run) {
      failed.push(item.index);
      rowsPerChunk.push(null);
      rejected.add([
        {
          line: item.firstLine,
          reason: `lines ${item.firstLine}–${item.lastLine} were not loaded: that part of the file failed after its retries; upload the file again (rows already loaded are unchanged and write nothing)`,
        },
      ]);
      continue;
    }
    rows += part.rows;
    created += part.created;
    updated += part.updated;
    unchanged += part.unchanged;
    rejected.add(part.rejected, part.rejectedCount);
    warnings.add(part.warnings, part.warningCount);
    for (const field of part.fieldsChanged?.account ?? []) accountFields.add(field);
    for (const field of part.fieldsChanged?.invoice ?? []) invoiceFields.add(field);
    rowsPerChunk.push(part.rows);
  }
  const report: ChunkedIngestReport = {
    file: key,
    rows,
    accepted: created + updated + unchanged,
    created,
    updated,
    unchanged,
    rejected: rejected.report('rejected rows'),
    warnings: warnings.report('warnings'),
    rejectedCount: rejected.count,
    warningCount: warnings.count,
    fieldsChanged: { account: [...accountFields].sort(), invoice: [...invoiceFields].sort() },
    chunks: { count: manifest.length, rowsPerChunk, bytesPerChunk: document.chunkBytes, failed },
  };
  await deps.files.putText(reportKeyFor(key), `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  await deps.log.append([
    {
      interactionId: `file#${contentHash({ key, startedAt: document.startedAt })}`,
      accountId: 'SYSTEM',
      at: document.startedAt,
      type: report.rows === 0 && rejected.count > 0 ? 'file.rejected' : 'file.ingested',
      detail: key,
      data: {
        rows: report.rows,
        accepted: report.accepted,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: rejected.count,
        warnings: warnings.count,
        chunks: manifest.length,
        failedChunks: failed.length,
      },
    },
  ]);
  return report;
}

/** Progress of an in-process run, after each chunk. */
export interface ChunkProgress {
  readonly chunk: number;
  readonly chunks: number;
  readonly rowsDone: number;
  readonly bytesDone: number;
  readonly totalBytes: number;
}

/**
 * The three steps in one process, chunks one after another (the embedded runtime, the bench).
 * `afterChunk` runs after each chunk: the runtime drains the planning queue there, so the first
 * chunk's reminders are planned before the last chunk is read.
 */
export async function ingestLargeFile(
  deps: IngestLargeFileDeps,
  input: { readonly key: string; readonly chunkBytes?: number },
  afterChunk: (progress: ChunkProgress) => Promise<void> | void = () => undefined,
): Promise<ChunkedIngestReport> {
  const planned = await planLargeFile(deps, input);
  const manifest = JSON.parse((await deps.files.getText(planned.manifestKey)) ?? '[]') as ChunkItem[];
  let rowsDone = 0;
  for (const item of manifest) {
    rowsDone += (await ingestChunk(deps, item)).rows;
    await afterChunk({ chunk: item.index + 1, chunks: manifest.length, rowsDone, bytesDone: item.end, totalBytes: planned.totalBytes });
  }
  return finishLargeFile(deps, input);
}

/** Issues across parts: the first MAX_ISSUES_LISTED listed (as ingest-invoice-file's report), every one counted. */
class BoundedIssues {
  readonly listed: LineIssue[] = [];
  count = 0;

  /** `issues` as listed by a part, `count` how many it had in all. */
  add(issues: readonly LineIssue[], count = issues.length): void {
    this.count += count;
    for (const issue of issues) {
      if (this.listed.length >= MAX_ISSUES_LISTED) break;
      this.listed.push({ line: issue.line, reason: truncate(issue.reason, MAX_REASON_CHARS) });
    }
  }

  report(noun: string): LineIssue[] {
    const more = this.count - this.listed.length;
    return more > 0 ? [...this.listed, { line: null, reason: `… and ${more} more ${noun} (the first ${this.listed.length} are listed)` }] : this.listed;
  }
}

async function readPlan(deps: Pick<IngestLargeFileDeps, 'files'>, key: string): Promise<PlanDocument> {
  const text = await deps.files.getText(planKeyFor(key));
  if (text === undefined) throw new Error(`no plan for ${key} (${planKeyFor(key)}): the plan step must run first`);
  return decodePlan<PlanDocument>(text);
}
