import { Buffer } from 'node:buffer';
import {
  FileRejectedError,
  readInvoiceFile,
  type ReadOptions,
  type ReaderLimits,
  type RowOutcome,
} from '../../../shared/domain/ingest/index.js';

export type Accepted = Extract<RowOutcome, { kind: 'accepted' }>;
export type Rejected = Extract<RowOutcome, { kind: 'rejected' }>;

export interface ReadResult {
  readonly warnings: string[];
  readonly rows: RowOutcome[];
  readonly accepted: Accepted[];
  readonly rejected: Rejected[];
}

/** A file as its byte chunks (strings are UTF-8 encoded), opened afresh on every call like S3. */
export function opener(content: string | Uint8Array | readonly (string | Uint8Array)[]): () => AsyncIterable<Uint8Array> {
  const chunks = (Array.isArray(content) ? content : [content]) as readonly (string | Uint8Array)[];
  return async function* () {
    for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  };
}

/** Reads a whole file and collects every outcome. */
export async function read(
  content: string | Uint8Array | readonly (string | Uint8Array)[],
  fileName = 'invoices.csv',
  options: Partial<Omit<ReadOptions, 'fileName'>> = {},
  limits?: ReaderLimits,
): Promise<ReadResult> {
  const file = await readInvoiceFile(opener(content), { fileName, ...options }, limits);
  const rows: RowOutcome[] = [];
  for await (const row of file.rows) rows.push(row);
  return {
    warnings: file.fileWarnings.map((warning) => {
      if (warning.line !== null) throw new Error('file warnings have no line');
      return warning.reason;
    }),
    rows,
    accepted: rows.filter((row): row is Accepted => row.kind === 'accepted'),
    rejected: rows.filter((row): row is Rejected => row.kind === 'rejected'),
  };
}

/** The FileRejectedError a read throws (fails the test when it does not throw one). */
export async function rejection(
  content: string | Uint8Array | readonly (string | Uint8Array)[],
  fileName = 'invoices.csv',
  options: Partial<Omit<ReadOptions, 'fileName'>> = {},
  limits?: ReaderLimits,
): Promise<FileRejectedError> {
  try {
    await read(content, fileName, options, limits);
  } catch (error) {
    if (error instanceof FileRejectedError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

/** CSV text from lines (with a trailing newline, like most exports). */
export function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

/** The smallest complete header, comma separated. */
export const HEADER = 'invoice_number,customer_id,customer_name,country,currency,amount,due_date';

/** A row for HEADER; amounts with a comma must be quoted by the caller. */
export function row(invoice: string, amount: string, extra: { customer?: string; country?: string; currency?: string; due?: string } = {}): string {
  return [invoice, extra.customer ?? 'C-1', 'ACME SA de CV', extra.country ?? 'MX', extra.currency ?? 'MXN', amount, extra.due ?? '2026-12-15'].join(',');
}
