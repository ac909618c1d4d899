/**
 * Large invoice files are loaded in chunks: byte ranges that start and end on record boundaries, each
 * read on its own (one Lambda per chunk on AWS, one after another locally) with the plan the first
 * pass made for the whole file. Pure: the byte stream comes in, numbers come out.
 */

/** One byte range of the file: `[start, end)`, whole records only. */
export interface ChunkRange {
  /** 0-based position in the file. */
  readonly index: number;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  /** The file's real line number (1-based) of the range's first byte. */
  readonly firstLine: number;
  /** The last line of the range (a quoted value's line breaks count, as in the single-pass reader). */
  readonly lastLine: number;
  /** The range holds the file's header (the first chunk): its first record is not a row. */
  readonly header: boolean;
}

export interface SplitOptions {
  /** How records end: CSV (quotes respected), JSON Lines (every line break), or one chunk for the whole file. */
  readonly format: 'csv' | 'json-lines' | 'whole';
  /** The CSV delimiter the plan found (one ASCII character). */
  readonly delimiter?: string;
  /** Target size; a chunk ends at the first record boundary at or after it. */
  readonly chunkBytes: number;
  /**
   * CSV: records (not blank, not only delimiters) that precede the rows: the header, plus Excel's
   * `sep=` line when there is one. The first chunk holds them all. @default 1
   */
  readonly headerRecords?: number;
}

export interface Split {
  readonly chunks: ChunkRange[];
  readonly totalBytes: number;
  readonly lines: number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;

/** Where the CSV scanner is. Matches csv-parse with `relax_quotes` and `trim`: only a quote at the start of a field opens a quoted value. */
const enum At {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted value: `""` (an escaped quote) or the closing quote. */
  QuoteInQuoted,
}

/**
 * Splits a byte stream into chunk ranges in one linear pass with constant memory (plus one entry per
 * chunk). Line breaks are `\n`, `\r\n` or `\r`, counted like the reader counts them (decodeText
 * turns all three into `\n`), so each chunk knows its first real line number. A CSV line break inside
 * a quoted value is not a boundary. The bytes are UTF-8 or Windows-1252: in both, the bytes of
 * `"`, `,`, `;`, `|`, tab, CR and LF only ever mean those characters. A UTF-16 file (its BOM says so)
 * cannot be scanned byte by byte and is one chunk.
 *
 * @example
 * const { chunks } = await splitAtRecords(files.open(key), { format: 'csv', delimiter: ';', chunkBytes: 8 << 20 });
 */
export async function splitAtRecords(bytes: AsyncIterable<Uint8Array | string>, options: SplitOptions): Promise<Split> {
  if (!(options.chunkBytes > 0)) throw new RangeError(`chunkBytes must be positive, got ${options.chunkBytes}`);
  const delimiter = options.format === 'csv' ? (options.delimiter ?? ',').charCodeAt(0) : -1;
  const csv = options.format === 'csv';
  let whole = options.format === 'whole';

  const chunks: ChunkRange[] = [];
  let offset = 0;
  let lines = 0; // line breaks seen so far
  let state = At.FieldStart;
  let pendingCr = false;
  let chunkStart = 0;
  let chunkFirstLine = 1;
  let first = true;
  /** Bytes were seen since the last line break. */
  let lineOpen = false;
  /** CSV: the record being scanned has content (blank and delimiter-only records are skipped by the reader). */
  let content = false;
  let headerRecords = csv ? (options.headerRecords ?? 1) : 0;

  const cut = (end: number): void => {
    chunks.push({ index: chunks.length, start: chunkStart, end, firstLine: chunkFirstLine, lastLine: lines, header: chunks.length === 0 });
    chunkStart = end;
    chunkFirstLine = lines + 1;
  };
  /** A line break ended at `end` (exclusive): a record boundary unless inside a quoted value. */
  const lineBreak = (end: number): void => {
    lines += 1;
    if (state === At.Quoted) return;
    state = At.FieldStart;
    if (headerRecords > 0) {
      if (content) headerRecords -= 1;
      content = false;
      if (headerRecords > 0) return;
    }
    if (!whole && end - chunkStart >= options.chunkBytes) cut(end);
  };

  for await (const piece of bytes) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (first && chunk.length > 0) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) whole = true;
    }
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i]!;
      const position = offset + i;
      lineOpen = byte !== LF && byte !== CR;
      if (pendingCr) {
        pendingCr = false;
        // `\r\n` is one break, ending after the `\n`; a lone `\r` is a break of its own.
        if (byte === LF) {
          lineBreak(position + 1);
          continue;
        }
        lineBreak(position);
      }
      if (byte === CR) {
        pendingCr = true;
        continue;
      }
      if (byte === LF) {
        lineBreak(position + 1);
        continue;
      }
      if (!csv) continue;
      if (byte !== delimiter && byte !== SPACE && byte !== TAB) content = true;
      switch (state) {
        case At.FieldStart:
          if (byte === QUOTE) state = At.Quoted;
          else if (byte !== delimiter && byte !== SPACE && byte !== TAB) state = At.Unquoted;
          break;
        case At.Unquoted:
          if (byte === delimiter) state = At.FieldStart;
          break;
        case At.Quoted:
          if (byte === QUOTE) state = At.QuoteInQuoted;
          break;
        case At.QuoteInQuoted:
          // `""` is a quote inside the value; anything else closed it (text after a closing quote
          // is refused by the first pass, so it never reaches here).
          state = byte === QUOTE ? At.Quoted : byte === delimiter ? At.FieldStart : At.Unquoted;
          break;
      }
    }
    offset += chunk.length;
  }
  if (pendingCr) lineBreak(offset);
  if (offset > chunkStart || chunks.length === 0) {
    // The file's last line may have no line break after it: it still counts as a line.
    const lastLine = Math.max(lineOpen ? lines + 1 : lines, chunkFirstLine);
    chunks.push({ index: chunks.length, start: chunkStart, end: offset, firstLine: chunkFirstLine, lastLine, header: chunks.length === 0 });
  }
  return { chunks, totalBytes: offset, lines: lineOpen ? lines + 1 : lines };
}

/**
 * The plan (InvoiceFilePlan) as JSON, for the chunk workers that read it from the bucket: its Sets
 * and Maps are tagged, and an `undefined` inside an array (an ignored header column) survives.
 * Generic on purpose, so a field added to the plan later travels without a change here.
 *
 * @example
 * await files.putText(planKey, encodePlan(plan), 'application/json');
 * const again = decodePlan<InvoiceFilePlan>(await files.getText(planKey));
 */
export function encodePlan(plan: unknown): string {
  return JSON.stringify(plan, function replace(this: unknown, _key: string, value: unknown): unknown {
    if (value instanceof Set) return { $set: [...value] };
    if (value instanceof Map) return { $map: [...value] };
    if (value === undefined && Array.isArray(this)) return { $undefined: true };
    return value;
  });
}

export function decodePlan<T>(json: string): T {
  // The reviver sees children before their parent: a tagged `undefined` becomes a marker, and the
  // array holding it swaps the marker for a real `undefined` (returning undefined would leave a hole).
  return JSON.parse(json, (_key: string, value: unknown): unknown => {
    if (Array.isArray(value)) return value.some((item) => item === UNDEFINED) ? value.map((item) => (item === UNDEFINED ? undefined : item)) : value;
    if (typeof value !== 'object' || value === null || Object.keys(value).length !== 1) return value;
    const tagged = value as { $set?: unknown; $map?: unknown; $undefined?: unknown };
    if (Array.isArray(tagged.$set)) return new Set(tagged.$set);
    if (Array.isArray(tagged.$map)) return new Map(tagged.$map as [unknown, unknown][]);
    if (tagged.$undefined === true) return UNDEFINED;
    return value;
  }) as T;
}

const UNDEFINED = Symbol('undefined');
