import type { LineIssue } from '../types.js';
import { csvLayout, csvRecords, MAX_HEADER_CHARS, type CsvLayout, type CsvRecord } from './csv.js';
import { decodeText, describeSize, peekText } from './decode.js';
import { FileRejectedError, NotUtf8Error } from './errors.js';
import { headerResolver, mapHeaders, type CanonicalColumn, type HeaderMap, type RawRow } from './headers.js';
import { LIMITS, recordSizeProblem } from './limits.js';
import { jsonArrayRecords, jsonLineRecords, type JsonRecord } from './json.js';
import { ProfileBuilder, type FileProfile } from './profile.js';
import { RowReader, type RowOutcome } from './row.js';

export interface ReadOptions {
  /** Original file name; its extension picks the format (.csv .tsv .txt → CSV; .json → JSON array or JSON Lines sniffed; .jsonl .ndjson → JSON Lines); unknown extension → sniff content. */
  readonly fileName: string;
  /** Extra header aliases: raw header text → canonical column (normalised the same way as built-in aliases). */
  readonly headerMapping?: Readonly<Record<string, CanonicalColumn>>;
}

export interface InvoiceFile {
  /** File-level notes, e.g. "amounts read with ',' as decimal separator (assumed from country CO)". line null. */
  readonly fileWarnings: LineIssue[];
  /** Number of data rows will be known only after iterating; rows yields one outcome per non-blank data row, in file order. */
  readonly rows: AsyncIterable<RowOutcome>;
}

/** Size guards: memory stays bounded whatever is uploaded. */
export interface ReaderLimits {
  /** A JSON array is parsed in memory; above this it is refused (JSON Lines streams instead). */
  readonly maxJsonArrayChars: number;
  /** One CSV record or JSON line; larger means a broken file (an unclosed quote, no line breaks). */
  readonly maxRecordChars: number;
}

export const DEFAULT_LIMITS: ReaderLimits = { maxJsonArrayChars: 64 * 1024 * 1024, maxRecordChars: 1024 * 1024 };

const MAX_JSON_KEYS = 1000;

type Format = 'csv' | 'json-array' | 'json-lines';

/** Everything pass 1 decided; pass 2 reads the rows with it. */
interface Plan {
  readonly format: Format;
  readonly encoding: 'utf-8' | 'windows-1252';
  readonly csv: CsvLayout | undefined;
  readonly header: HeaderMap;
  /** CSV: header width. JSON: key → column for the keys that own a column. */
  readonly width: number;
  readonly keyColumns: ReadonlyMap<string, CanonicalColumn>;
  readonly profile: FileProfile;
  readonly warnings: readonly string[];
}

/**
 * Reads an invoice file (CSV, JSON array or JSON Lines) in two passes over the bytes. Pass 1
 * (constant memory, except a JSON array which is held up to 64 MB) profiles the file: format, CSV
 * delimiter, header → columns, number convention, date order. It throws FileRejectedError for
 * whole-file problems (unreadable/binary, empty, no recognisable header, malformed JSON, broken CSV
 * quoting) BEFORE anything is yielded, so nothing is half-applied. Pass 2 streams the rows; each
 * iteration of `rows` opens the file again.
 *
 * @example
 * const file = await readInvoiceFile(() => objectStore.open(key), { fileName: 'cartera.csv' });
 * for await (const row of file.rows) {
 *   if (row.kind === 'accepted') save(row.account, row.invoice);
 *   else report(row.line, row.reason);
 * }
 */
export async function readInvoiceFile(
  open: () => AsyncIterable<Uint8Array | string>,
  options: ReadOptions,
  limits: ReaderLimits = DEFAULT_LIMITS,
): Promise<InvoiceFile> {
  let plan: Plan;
  try {
    plan = await firstPass(open, options, limits, 'utf-8');
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    const legacy = await firstPass(open, options, limits, 'windows-1252');
    plan = {
      ...legacy,
      warnings: [
        'the file is not valid UTF-8, so it was read as Windows-1252 (what Excel saves as plain "CSV" on Windows): ' +
          'check that accented names look right, or export as "CSV UTF-8"',
        ...legacy.warnings,
      ],
    };
  }
  const finalPlan = plan;
  return {
    fileWarnings: finalPlan.warnings.map((reason) => ({ line: null, reason })),
    rows: { [Symbol.asyncIterator]: () => secondPass(open, finalPlan, limits) },
  };
}

async function firstPass(
  open: () => AsyncIterable<Uint8Array | string>,
  options: ReadOptions,
  limits: ReaderLimits,
  encoding: 'utf-8' | 'windows-1252',
): Promise<Plan> {
  const sniffed = await peekText(decodeText(open(), encoding), (_head, chunk) => /\S/.test(chunk), limits.maxRecordChars);
  const extension = /\.([^./\\]+)$/.exec(options.fileName.toLowerCase())?.[1];
  let format: Format;
  try {
    const firstChar = /\S/.exec(sniffed.head)?.[0];
    if (firstChar === undefined) throw new FileRejectedError('the file is empty');
    format = formatOf(extension, firstChar);
  } catch (error) {
    await sniffed.close();
    throw error;
  }
  const builder = new ProfileBuilder();
  let rows = 0;

  if (format === 'csv') {
    const { layout, text } = await csvLayout(sniffed.text, extension === 'tsv', limits.maxRecordChars);
    let header: HeaderMap | undefined;
    let width = 0;
    for await (const record of csvRecords(text, layout, limits.maxRecordChars)) {
      if (!header) {
        checkHeaderSize(record);
        header = mapHeaders(record.fields, options.headerMapping);
        width = record.fields.length;
        continue;
      }
      rows += 1;
      if (record.fields.length === width) builder.observe(csvRow(record, header), record.line);
    }
    if (!header) throw new FileRejectedError('the file is empty (only blank lines)');
    return plan({ format, encoding, csv: layout, header, width, keyColumns: new Map() }, builder, rows);
  }

  // JSON: the header is the set of keys the objects use, in order of first appearance.
  const resolve = headerResolver(options.headerMapping);
  const keys = new Set<string>();
  for await (const record of jsonRecords(sniffed.text, format, limits)) {
    rows += 1;
    if (!isObject(record.value)) continue;
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record.value)) {
      if (!keys.has(key)) {
        if (keys.size >= MAX_JSON_KEYS) throw new FileRejectedError(`the objects use more than ${MAX_JSON_KEYS} different field names; is this an invoice file?`);
        keys.add(key);
      }
      const column = resolve(key)?.column;
      if (column && !(column in row)) row[column] = value;
    }
    builder.observe(row, record.line);
  }
  if (rows === 0) {
    return plan({ format, encoding, csv: undefined, header: emptyHeader(), width: 0, keyColumns: new Map() }, builder, rows);
  }
  const names = [...keys];
  const header = mapHeaders(names, options.headerMapping);
  const keyColumns = new Map<string, CanonicalColumn>();
  header.columns.forEach((column, index) => {
    const name = names[index];
    if (column && name !== undefined) keyColumns.set(name, column);
  });
  return plan({ format, encoding, csv: undefined, header, width: 0, keyColumns }, builder, rows);
}

function plan(base: Omit<Plan, 'profile' | 'warnings'>, builder: ProfileBuilder, rows: number): Plan {
  const { profile, warnings } = builder.finish();
  const { present } = base.header;
  const notes = [...base.header.warnings];
  if (rows > 0 && !present.has('country') && !present.has('timezone')) {
    notes.push('no country column: new accounts get time zone UTC and locale es-419, stored ones keep theirs (add a country column, e.g. MX)');
  }
  if (rows > 0 && !present.has('customer_name')) notes.push('no customer name column: new customers are named by their id, stored names are kept');
  notes.push(...warnings);
  if (rows === 0) notes.push('the file has no invoice rows');
  return { ...base, profile, warnings: notes };
}

async function* secondPass(open: () => AsyncIterable<Uint8Array | string>, plan: Plan, limits: ReaderLimits): AsyncGenerator<RowOutcome> {
  const text = decodeText(open(), plan.encoding);
  const reader = new RowReader({ profile: plan.profile, present: plan.header.present });
  if (plan.format === 'csv' && plan.csv) {
    let headerSeen = false;
    for await (const record of csvRecords(text, plan.csv, limits.maxRecordChars)) {
      if (!headerSeen) {
        headerSeen = true;
        continue;
      }
      const tooLong = recordSizeProblem(record.fields);
      if (record.fields.length !== plan.width) {
        yield { kind: 'rejected', line: record.line, reason: fieldCountReason(plan.width, record.fields.length, plan.csv.delimiter) };
      } else if (tooLong) {
        yield { kind: 'rejected', line: record.line, reason: tooLong };
      } else {
        yield reader.read(csvRow(record, plan.header), record.line);
      }
    }
    return;
  }
  for await (const record of jsonRecords(text, plan.format, limits)) {
    if (!isObject(record.value)) {
      const found = Array.isArray(record.value) ? 'a list' : record.value === null ? 'null' : `${typeof record.value}`;
      yield { kind: 'rejected', line: record.line, reason: `expected an invoice object ({"invoice_number": ...}), found ${found}` };
      continue;
    }
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record.value)) {
      const column = plan.keyColumns.get(key);
      if (column) row[column] = value;
    }
    yield reader.read(row, record.line);
  }
}

function formatOf(extension: string | undefined, firstChar: string): Format {
  switch (extension) {
    case 'csv':
    case 'tsv':
    case 'txt':
      return 'csv';
    case 'jsonl':
    case 'ndjson':
      return 'json-lines';
    case 'json':
      if (firstChar === '[') return 'json-array';
      if (firstChar === '{') return 'json-lines';
      throw new FileRejectedError(
        `malformed JSON: a .json file must start with '[' (a list of invoices) or '{' (one invoice per line), found '${firstChar}'`,
      );
    default:
      if (firstChar === '[') return 'json-array';
      if (firstChar === '{') return 'json-lines';
      if (firstChar === '<') throw new FileRejectedError('this looks like XML, which this reader does not take; upload the invoices as CSV or JSON');
      return 'csv';
  }
}

function jsonRecords(text: AsyncIterable<string>, format: Format, limits: ReaderLimits): AsyncGenerator<JsonRecord> {
  return format === 'json-array' ? jsonArrayRecords(text, limits.maxJsonArrayChars) : jsonLineRecords(text, limits.maxRecordChars);
}

function csvRow(record: CsvRecord, header: HeaderMap): RawRow {
  const row: Record<string, unknown> = {};
  header.columns.forEach((column, index) => {
    if (column) row[column] = record.fields[index];
  });
  return row;
}

/** A header past the limits is not an invoice list's (and would make every warning about it huge). */
function checkHeaderSize(record: CsvRecord): void {
  const chars = record.fields.reduce((sum, field) => sum + field.length + 1, 0);
  if (record.fields.length > LIMITS.maxColumns) {
    throw new FileRejectedError(`the header (line ${record.line}) has ${record.fields.length} columns; the limit is ${LIMITS.maxColumns}: is this an invoice file?`);
  }
  if (chars > MAX_HEADER_CHARS) {
    throw new FileRejectedError(`the header (line ${record.line}) is longer than ${describeSize(MAX_HEADER_CHARS)}; is this an invoice file?`);
  }
}

function fieldCountReason(expected: number, found: number, delimiter: string): string {
  const name = delimiter === '\t' ? 'tab' : `'${delimiter}'`;
  const hint = found > expected ? `a value containing ${name} must be in double quotes` : `is a ${name} missing?`;
  return `expected ${expected} fields, found ${found} (${hint})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emptyHeader(): HeaderMap {
  return { columns: [], present: new Set(), warnings: [] };
}
