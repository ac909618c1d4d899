import { Readable, pipeline } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { describeSize, peekText } from './decode.js';
import { FileRejectedError } from './errors.js';

/** How a CSV file is laid out, decided from its first non-blank line. */
export interface CsvLayout {
  /** `,`, `;`, tab or `|`. */
  readonly delimiter: string;
  /** The line of Excel's `sep=;` hint, which is not data; undefined when there is none. */
  readonly sepLine: number | undefined;
}

/** One non-blank CSV record: its fields (trimmed) and the 1-based line where it starts. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

const CANDIDATES = ['\t', ';', '|', ','] as const;

/** The header line may be at most this long; the delimiter is sniffed from at most this much text. */
export const MAX_HEADER_CHARS = 64 * 1024;

/**
 * Picks the delimiter from the header line: the candidate found most often outside quotes (a tie
 * goes to tab, then `;`, `|`, `,`: a comma is the likeliest to appear inside a header's words).
 * Excel's `sep=;` first line, when present, decides instead. Reads the head of the text once, up to
 * the end of the first non-blank line and at most MAX_HEADER_CHARS past its start: a first line with
 * no line break in that much text is refused as a header too long (FileRejectedError).
 */
export async function csvLayout(
  text: AsyncIterable<string>,
  preferTab: boolean,
  maxLine: number,
): Promise<{ layout: CsvLayout; text: AsyncIterable<string> }> {
  const peeked = await peekText(text, firstLineEnds(), maxLine);
  const firstContent = peeked.head.search(/\S/);
  const lineStart = peeked.head.lastIndexOf('\n', firstContent) + 1;
  const lineEnd = peeked.head.indexOf('\n', lineStart);
  const headerLine = countNewlines(peeked.head.slice(0, lineStart)) + 1;
  if ((lineEnd === -1 ? peeked.head.length : lineEnd) - lineStart > MAX_HEADER_CHARS) {
    await peeked.close();
    throw new FileRejectedError(
      `the header (line ${headerLine}) is longer than ${describeSize(MAX_HEADER_CHARS)}: no line break after it; is this an invoice file?`,
    );
  }
  const firstLine = peeked.head.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const sep = /^\s*sep=(.)\s*$/i.exec(firstLine);
  if (sep?.[1]) {
    return { layout: { delimiter: sep[1], sepLine: headerLine }, text: peeked.text };
  }
  return { layout: { delimiter: detectDelimiter(firstLine, preferTab), sepLine: undefined }, text: peeked.text };
}

/**
 * A peekText predicate: true once a line with content has ended, or once that line is longer than
 * MAX_HEADER_CHARS. Looks at each chunk once, so the sniff is linear however long the first line is
 * (blank lines before it are bounded by the caller's `max`).
 */
function firstLineEnds(): (head: string, chunk: string) => boolean {
  let lineChars: number | undefined;
  return (_head, chunk) => {
    let from = 0;
    if (lineChars === undefined) {
      from = chunk.search(/\S/);
      if (from === -1) return false;
      lineChars = 0;
    }
    if (chunk.indexOf('\n', from) !== -1) return true;
    lineChars += chunk.length - from;
    return lineChars > MAX_HEADER_CHARS;
  };
}

export function detectDelimiter(headerLine: string, preferTab: boolean): string {
  const counts = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  if (preferTab && (counts.get('\t') ?? 0) > 0) return '\t';
  let best: string = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The non-blank records of a CSV text stream (blank lines and rows of empty fields such as `;;;`
 * are skipped), each with the line where it starts, correct across quoted multi-line fields. The
 * text must use `\n` line endings (decodeText does that). Broken quoting → FileRejectedError.
 */
export async function* csvRecords(text: AsyncIterable<string>, layout: CsvLayout, maxRecord: number): AsyncGenerator<CsvRecord> {
  // Where the last complete record ended, as the parser saw it (records still buffered for the loop
  // below are dropped when the parser fails, so the loop alone could not tell).
  let lastLine = 0;
  const options: Options<CsvRecord, string[]> = {
    delimiter: layout.delimiter,
    record_delimiter: '\n',
    // Field counts are checked per row (a short row is a rejected row, not a broken file).
    relax_column_count: true,
    // `ACME "Norte" SA` unquoted keeps its quotes; an unclosed quoted field still fails.
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    max_record_size: maxRecord,
    // context.lines is where the record ends; a quoted field's own newlines say how far back it began.
    on_record: (fields: string[], context): CsvRecord => {
      lastLine = context.lines;
      return { fields, line: context.lines - fields.reduce((sum, field) => sum + countNewlines(field), 0) };
    },
  };
  // The typings only accept on_record returning the raw record type; the parser passes anything on.
  const parser = parse(options as unknown as Options);
  // pipeline() forwards a decoding failure (binary content) into the parser, so the loop below throws it.
  pipeline(Readable.from(text), parser, () => undefined);
  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) {
      if (record.line === layout.sepLine || record.fields.every((field) => field === '')) continue;
      yield record;
    }
  } catch (error) {
    if (error instanceof CsvError) throw new FileRejectedError(csvErrorReason(error, lastLine, maxRecord), { cause: error });
    throw error;
  }
}

function csvErrorReason(error: CsvError, lastLine: number, maxRecord: number): string {
  const line = typeof error['lines'] === 'number' ? error['lines'] : lastLine + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `broken CSV quoting: a quote opened after line ${lastLine} is never closed, so the rest of the file would be one field`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `broken CSV quoting at line ${line}: text follows a closing quote (inside a quoted value, write a quote as "")`;
    case 'CSV_MAX_RECORD_SIZE':
      return `the record at line ${line} is larger than ${describeSize(maxRecord)}; check for an unclosed quote`;
    default:
      return `unreadable CSV at line ${line}: ${error.message}`;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}
