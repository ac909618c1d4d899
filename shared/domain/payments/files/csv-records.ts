import { CsvError, parse, type Options } from 'csv-parse/sync';
import { FileRejectedError } from '../../ingest/errors.js';

/**
 * CSV records, synchronously, with the same csv-parse settings as the ingest reader's `csvRecords`
 * (which is an async stream and so cannot serve a one-shot `readPaymentFile`): trimmed fields,
 * tolerant quotes, the 1-based line where each record starts (right across quoted multi-line fields).
 */
export interface CsvRow {
  readonly fields: readonly string[];
  readonly line: number;
}

/** Parses `text` (with `\n` line endings) whose first line is line `firstLine` of the file. */
export function csvRows(text: string, delimiter: string, firstLine: number): CsvRow[] {
  let lastLine = 0;
  const options = {
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    on_record: (fields: string[], context: { lines: number }): CsvRow => {
      lastLine = context.lines;
      const start = context.lines - fields.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0);
      return { fields, line: start + firstLine - 1 };
    },
  };
  try {
    // The typings only allow on_record to return the record type; the parser passes anything on.
    const rows = parse(text, options as unknown as Options) as unknown as CsvRow[];
    return rows.filter((row) => row.fields.some((field) => field !== ''));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (typeof error['lines'] === 'number' ? error['lines'] : lastLine + 1) + firstLine - 1;
    const reason =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? `broken CSV quoting: a quote opened after line ${lastLine + firstLine - 1} is never closed, so the rest of the file would be one value`
        : `unreadable CSV at line ${line}: ${error.message}`;
    throw new FileRejectedError(reason, { cause: error });
  }
}

/** The fields of one line, for telling a header row from the account details banks put above it. */
export function splitLine(line: string, delimiter: string): readonly string[] | undefined {
  try {
    return (parse(line, { delimiter, relax_column_count: true, relax_quotes: true, trim: true }) as string[][])[0];
  } catch {
    return undefined;
  }
}

