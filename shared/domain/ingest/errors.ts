/**
 * The whole file cannot be read as invoices. Thrown by `readInvoiceFile` before any row is yielded,
 * so nothing from the file has been applied. `reason` is written for a finance clerk and goes into the
 * ingest report as is.
 *
 * @example
 * try { await readInvoiceFile(open, { fileName }) }
 * catch (error) { if (error instanceof FileRejectedError) report(error.reason); else throw error; }
 */
export class FileRejectedError extends Error {
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'FileRejectedError';
    this.reason = reason;
  }
}

/**
 * Internal: the bytes are not valid UTF-8. The reader catches it and reads the file again as
 * Windows-1252 (what Excel writes for "CSV" on a Spanish Windows), with a file warning.
 */
export class NotUtf8Error extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the file is not valid UTF-8', options);
    this.name = 'NotUtf8Error';
  }
}
