import { contentHash } from '../domain/content-hash.js';
import { FileRejectedError } from '../domain/ingest/errors.js';
import { readPaymentFile } from '../domain/payments/files/read-payment-file.js';
import type { PaymentFile } from '../domain/payments/types.js';
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
 * invoice still owes; `exceptions`: waiting for a person; `duplicates`: seen before.
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
}

/** Statements are small (a day or a month of one account): read whole, bounded. */
const MAX_BYTES = 25 * 1024 * 1024;

/**
 * A bank statement (camt.053/054, MT940, CSV export) or CFDI payment complement dropped under
 * `statements/`: every credit line becomes a payment and goes through the same path as a webhook's.
 * Safe to run twice: payment ids are deterministic, so the second run reports every line a duplicate.
 */
export async function reconcilePaymentFile(deps: ReconcileDeps, input: { readonly key: string }): Promise<ReconcileReport> {
  const tally = { lines: 0, payments: 0, applied: 0, partial: 0, exceptions: 0, duplicates: 0, reversals: 0 };
  const rejected: LineIssue[] = [];
  const warnings: LineIssue[] = [];
  let format: ReconcileReport['format'] = null;
  try {
    const file = readPaymentFile(await readAll(deps.files, input.key), { fileName: input.key.split('/').pop() ?? input.key, ...hintsFromKey(input.key) });
    format = file.format;
    tally.lines = file.lines;
    rejected.push(...file.rejected);
    warnings.push(...file.warnings);
    for (const { payment } of file.payments) {
      tally.payments += 1;
      const { outcome } = await receivePayment(deps, payment);
      if (outcome === 'duplicate') tally.duplicates += 1;
      else if (outcome === 'exception' || outcome === 'lookup') tally.exceptions += 1;
      else if (outcome === 'partial') tally.partial += 1;
      else if (outcome === 'reversed') tally.reversals += 1;
      else if (outcome === 'applied' || outcome === 'credited') tally.applied += 1;
    }
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    rejected.push({ line: null, reason: error.reason });
  }
  const report: ReconcileReport = { file: input.key, format, ...tally, rejected, warnings };
  await deps.files.putText(reportKeyFor(input.key), `${JSON.stringify(report, null, 2)}\n`, 'application/json');
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

async function readAll(files: ObjectStore, key: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of files.open(key)) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BYTES) throw new FileRejectedError(`file is larger than ${MAX_BYTES / 1024 / 1024} MB; split the statement`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
