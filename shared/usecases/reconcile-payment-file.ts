import { contentHash } from '../domain/content-hash.js';
import { FileRejectedError } from '../domain/ingest/errors.js';
import { CollectingSink, readCamtStream, streamableCamt } from '../domain/payments/files/camt-stream.js';
import { ExceptionDigest, type HeldPayment } from '../domain/payments/files/exception-digest.js';
import { readPaymentFile, type InFileDuplicate } from '../domain/payments/files/read-payment-file.js';
import { TOTALS_MISMATCH } from '../domain/payments/files/totals.js';
import type { Payment, PaymentFile } from '../domain/payments/types.js';
import type { LineIssue } from '../domain/types.js';
import type { ObjectStore } from '../ports.js';
import { receivePayment, type ApplyPaymentDeps } from './apply-payment.js';
import { reportKeyFor } from './report-key.js';

export interface ReconcileDeps extends ApplyPaymentDeps {
  readonly files: ObjectStore;
}

/**
 * The report of one statement or payment file (a stable contract: the CLI prints it as its last
 * line). `applied`: payments fully applied (to invoices and/or as credit); `partial`: applied but an
 * invoice still owes; `exceptions`: waiting for a person; `duplicates`: seen before, or repeated
 * within the file (those also in `duplicatesInFile`, with both lines; not counted in `payments`).
 */
export interface ReconcileReport {
  readonly file: string;
  readonly format: PaymentFile['format'] | null;
  readonly lines: number;
  readonly payments: number;
  readonly applied: number;
  readonly partial: number;
  readonly exceptions: number;
  readonly duplicates: number;
  readonly reversals: number;
  readonly rejected: LineIssue[];
  readonly warnings: LineIssue[];
  /** Entries the file repeats (same bank reference): each with the line it repeats; counted in `duplicates`. */
  readonly duplicatesInFile: readonly InFileDuplicate[];
  /**
   * Every payment this run newly held for a person, and those an earlier run of this file held and
   * stopped before alerting (the digest alert lists the first 20 and points here).
   */
  readonly exceptionPayments: readonly HeldPayment[];
}

/**
 * camt.053 / camt.054 in UTF-8 are read streaming: memory does not follow the file (a 20 MB,
 * 33,000-entry statement peaked at 363 MB in test/bench/statement.ts), so their cap is about time:
 * a run lasts as long as its payments' DynamoDB calls, and the Lambda stops at 15 minutes (its retry
 * then finds the applied ones duplicates and goes on). Every other file (MT940, CSV, CFDI, other
 * encodings) is read whole.
 */
export const MAX_STREAMED_BYTES = 100 * 1024 * 1024;
export const MAX_BYTES = 25 * 1024 * 1024;

/**
 * Payments of one file applied at once. Order does not decide where money goes: two lines paying the
 * same invoice at the same time meet at its conditional write (on the balance read and on the payment
 * not being applied there yet), so the invoice is never paid twice nor below zero; the later one
 * gets what is left (the rest as the payer's credit) or, when the invoice is already paid, waits for
 * a person. One at a time, 33,000 lines at ~6 DynamoDB calls each would not fit in a Lambda's 15 minutes.
 */
export const APPLY_CONCURRENCY = 8;

/** What the start of a file is read from: enough to see an XML root and its namespace. */
const HEAD_BYTES = 64 * 1024;

/**
 * A bank statement (camt.053/054, MT940, CSV export) or CFDI payment complement dropped under
 * `statements/`: every credit line becomes a payment and goes through the same path as a webhook's.
 * Safe to run twice: payment ids are deterministic, so the second run reports every line a duplicate.
 *
 * Nothing is applied from a file that does not read to its end: a streamed camt is read twice, once
 * to check it (well-formed to the last tag, its totals), once to apply it. Payments are applied
 * APPLY_CONCURRENCY at a time (see there). Payments a person must look at become ONE finance alert for the file
 * (`payment.exceptions`), listing those newly held by this run (and those an earlier run of the same
 * file held before it stopped short of its alert): a re-run of a finished file finds them
 * duplicates and raises none.
 */
export async function reconcilePaymentFile(deps: ReconcileDeps, input: { readonly key: string }): Promise<ReconcileReport> {
  const tally = { lines: 0, payments: 0, applied: 0, partial: 0, exceptions: 0, duplicates: 0, reversals: 0 };
  const rejected: LineIssue[] = [];
  const warnings: LineIssue[] = [];
  const duplicatesInFile: InFileDuplicate[] = [];
  const digest = new ExceptionDigest();
  let format: ReconcileReport['format'] = null;
  const reportKey = reportKeyFor(input.key);
  // A run of this file that finished left its report (written after its alert). Without one, an
  // earlier run stopped half-way (a Lambda timeout): what it held for this file is in no alert yet.
  const finishedBefore = (await deps.files.getText(reportKey)) !== undefined;
  const apply = async (line: number, read: Payment): Promise<void> => {
    tally.payments += 1;
    const payment: Payment = { ...read, metadata: { ...read.metadata, statementFile: input.key } };
    const { outcome, record } = await receivePayment(deps, payment, { alert: 'digest' });
    if (outcome === 'duplicate') {
      tally.duplicates += 1;
      const heldEarlier = record.status === 'exception' && record.payment.metadata?.['statementFile'] === input.key;
      if (heldEarlier && !finishedBefore) digest.add(line, record.payment, record.reason ?? 'exception');
    } else if (outcome === 'exception' || outcome === 'lookup') {
      tally.exceptions += 1;
      digest.add(line, payment, record.reason ?? outcome);
    } else if (outcome === 'partial') tally.partial += 1;
    else if (outcome === 'reversed') tally.reversals += 1;
    else if (outcome === 'applied' || outcome === 'credited') tally.applied += 1;
  };
  try {
    const hints = hintsFromKey(input.key);
    const head = await readHead(deps.files, input.key);
    const camt = streamableCamt(head.bytes);
    if (camt) {
      await head.rest.return?.();
      format = camt.kind;
      const options = { currency: hints.currency, maxBytes: MAX_STREAMED_BYTES };
      // First pass: the whole file must read (a cut or broken file applies nothing).
      await drain(readCamtStream(deps.files.open(input.key), camt, new CollectingSink(false), options));
      const sink = new CollectingSink();
      await forEachLimited(readCamtStream(deps.files.open(input.key), camt, sink, options), APPLY_CONCURRENCY, ({ line, payment }) => apply(line, payment));
      tally.lines = sink.lines;
      rejected.push(...sink.rejected);
      warnings.push(...sink.warnings);
      duplicatesInFile.push(...sink.duplicates);
    } else {
      const file = readPaymentFile(await readAll(head), { fileName: input.key.split('/').pop() ?? input.key, ...hints });
      format = file.format;
      tally.lines = file.lines;
      rejected.push(...file.rejected);
      warnings.push(...file.warnings);
      duplicatesInFile.push(...file.duplicates);
      await forEachLimited(file.payments, APPLY_CONCURRENCY, ({ line, payment }) => apply(line, payment));
    }
    tally.duplicates += duplicatesInFile.length;
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    rejected.push({ line: null, reason: error.reason });
  }
  const report: ReconcileReport = { file: input.key, format, ...tally, rejected, warnings, duplicatesInFile, exceptionPayments: digest.held };
  const mismatches = warnings.filter((warning) => warning.reason.startsWith(TOTALS_MISMATCH)).map((warning) => `line ${warning.line ?? '?'}: ${warning.reason}`);
  const newPayments = tally.payments - (tally.duplicates - duplicatesInFile.length) + (finishedBefore ? 0 : digest.held.length);
  const alert = digest.alert({ key: input.key, reportKey, mismatches, newPayments });
  // The alert before the report: a stop between the two alerts again on the retry, rather than never.
  if (alert) await deps.alerts.publish(alert);
  await deps.files.putText(reportKey, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  const at = deps.clock.now().toISOString();
  await deps.log.append([
    {
      interactionId: `statement#${contentHash({ key: input.key, at })}`,
      accountId: 'SYSTEM',
      at,
      type: 'statement.reconciled',
      detail: input.key,
      data: { format: format ?? 'unrecognised', ...tally, rejected: rejected.length },
    },
  ]);
  return report;
}

/**
 * Most bank CSV exports do not say their currency on each line: the folder says it for them.
 * `statements/MXN/estado.csv` → currency MXN; `statements/CO/extracto.csv` → country CO (its
 * currency and number convention). XML statements carry their own and ignore these.
 */
export function hintsFromKey(key: string): { currency?: string; country?: string } {
  const folders = key.split('/').slice(1, -1);
  const currency = folders.find((f) => /^[A-Z]{3}$/.test(f));
  const country = folders.find((f) => /^[A-Z]{2}$/.test(f));
  return { ...(currency ? { currency } : {}), ...(country ? { country } : {}) };
}

/** `work` on each item, at most `limit` at once; the first failure is thrown once all started ones have settled. */
async function forEachLimited<T>(items: AsyncIterable<T> | Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of items) {
    if (failure) break;
    const task: Promise<void> = work(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(task));
    running.add(task);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}

async function drain(items: AsyncIterable<unknown>): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  while (!(await iterator.next()).done);
}

/** The first bytes of the file (up to HEAD_BYTES), and the rest of its stream to go on reading. */
async function readHead(files: ObjectStore, key: string): Promise<{ readonly bytes: Buffer; readonly rest: AsyncIterator<unknown> }> {
  const rest = files.open(key)[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < HEAD_BYTES) {
    const next = await rest.next();
    if (next.done) break;
    const buffer = toBuffer(next.value);
    chunks.push(buffer);
    size += buffer.length;
  }
  return { bytes: Buffer.concat(chunks), rest };
}

/** A file that is not streamed: read whole, bounded. */
async function readAll(head: { readonly bytes: Buffer; readonly rest: AsyncIterator<unknown> }): Promise<Uint8Array> {
  const chunks: Buffer[] = [head.bytes];
  let size = head.bytes.length;
  const tooBig = (): FileRejectedError => new FileRejectedError(`file is larger than ${MAX_BYTES / 1024 / 1024} MB; split the statement`);
  if (size > MAX_BYTES) throw tooBig();
  for (let next = await head.rest.next(); !next.done; next = await head.rest.next()) {
    const buffer = toBuffer(next.value);
    size += buffer.length;
    if (size > MAX_BYTES) {
      await head.rest.return?.();
      throw tooBig();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
}
