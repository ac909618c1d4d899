import { TextDecoder } from 'node:util';
import { FileRejectedError, NotUtf8Error } from './errors.js';

/**
 * Bytes → text, streaming. UTF-8 with or without BOM; UTF-16 when it has a BOM (Excel's "Unicode
 * text"); Windows-1252 when asked (the reader retries with it when the bytes are not UTF-8). Line
 * endings come out as `\n` whatever the file used (`\r\n`, `\r`), so line numbers are simple to count.
 * Binary files are refused with a reason that says what the file looks like.
 */
/** Control characters never found in a text export (tab, newlines and form feeds are fine). */
const CONTROLS = /[\u0000-\u0008\u000E-\u0019\u001B-\u001F\u007F-\u009F]/g;

/**
 * How much of the start of a file is looked at to call it binary, and the share of control characters
 * there that does. A text export with a stray NUL or ESC in a name has a handful (that row is rejected,
 * see row.ts); an image, an executable or a UTF-16 file without a BOM is full of them.
 */
const BINARY_SAMPLE_CHARS = 8 * 1024;
const BINARY_SHARE = 0.1;

const MAGIC: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another zip file; save the sheet as "CSV UTF-8" and upload that' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls); save the sheet as "CSV UTF-8" and upload that' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF; upload the invoices as CSV or JSON instead' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file; upload it uncompressed' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

/**
 * Decodes a byte (or string) stream into text chunks with `\n` line endings and no BOM. `encoding`
 * is what to assume when there is no BOM. Throws NotUtf8Error (UTF-8 assumed, bytes say otherwise)
 * and FileRejectedError (binary content).
 */
export async function* decodeText(
  source: AsyncIterable<Uint8Array | string>,
  encoding: 'utf-8' | 'windows-1252',
): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Uint8Array = new Uint8Array(0);
  let pendingCr = false;
  let started = false;
  let sawBom = false;
  let sawNonAscii = false;
  // The start of the text, until it is long enough to judge (see looksBinary); then undefined.
  let sample: string | undefined = '';

  const clean = (text: string, final: boolean): string => {
    let out = (pendingCr ? '\r' : '') + text;
    pendingCr = !final && out.endsWith('\r');
    if (pendingCr) out = out.slice(0, -1);
    if (!started && out !== '') {
      started = true;
      if (out.startsWith('\uFEFF')) out = out.slice(1);
    }
    out = out.replace(/\r\n?/g, '\n').replace(/\u001A/g, '');
    if (sample !== undefined) {
      sample += out.slice(0, BINARY_SAMPLE_CHARS - sample.length);
      if (sample.length >= BINARY_SAMPLE_CHARS || final) {
        if (looksBinary(sample)) {
          throw new FileRejectedError('not a text file: it contains binary data; export the invoices as CSV (UTF-8) or JSON');
        }
        sample = undefined;
      }
    }
    return out;
  };
  const decode = (bytes: Uint8Array | undefined): string => {
    try {
      const text = bytes === undefined ? (decoder?.decode() ?? '') : (decoder?.decode(bytes, { stream: true }) ?? '');
      sawNonAscii ||= /[^\u0000-\u007F]/.test(text);
      return text;
    } catch (error) {
      if (decoder?.encoding === 'utf-8' && !sawBom) {
        // Valid UTF-8 accents next to invalid bytes: two encodings in one file (rows pasted from
        // another export). Reading it as Windows-1252 would garble the UTF-8 half, so refuse it.
        const lenient = new TextDecoder('utf-8').decode(bytes);
        if (sawNonAscii || /[^\u0000-\u007F\uFFFD]/.test(lenient)) {
          throw new FileRejectedError(
            'unreadable: the file mixes UTF-8 text with another encoding (accents would come out garbled); save it again as "CSV UTF-8"',
            { cause: error },
          );
        }
        throw new NotUtf8Error({ cause: error });
      }
      throw new FileRejectedError(`unreadable: the file says it is ${decoder?.encoding.toUpperCase() ?? 'text'} but contains invalid bytes`, { cause: error });
    }
  };

  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      const text = clean(chunk, false);
      if (text !== '') yield text;
      continue;
    }
    let bytes: Uint8Array = chunk;
    if (!decoder) {
      head = concat(head, chunk);
      if (head.length < 4) continue;
      ({ decoder, sawBom } = openDecoder(head, encoding));
      bytes = head;
    }
    const text = clean(decode(bytes), false);
    if (text !== '') yield text;
  }
  if (!decoder && head.length > 0) {
    ({ decoder, sawBom } = openDecoder(head, encoding));
    const text = clean(decode(head), false);
    if (text !== '') yield text;
  }
  const tail = clean(decode(undefined), true);
  if (tail !== '') yield tail;
}

/** At least BINARY_SHARE of the sample is control characters. */
export function looksBinary(sample: string): boolean {
  const controls = sample.match(CONTROLS)?.length ?? 0;
  return controls > 0 && controls >= sample.length * BINARY_SHARE;
}

function openDecoder(head: Uint8Array, assumed: 'utf-8' | 'windows-1252'): { decoder: TextDecoder; sawBom: boolean } {
  for (const { bytes, what } of MAGIC) {
    if (bytes.every((byte, index) => head[index] === byte)) throw new FileRejectedError(`not a text file: this looks like ${what}`);
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { decoder: new TextDecoder('utf-8', { fatal: true }), sawBom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { decoder: new TextDecoder('utf-16le', { fatal: true }), sawBom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { decoder: new TextDecoder('utf-16be', { fatal: true }), sawBom: true };
  return { decoder: new TextDecoder(assumed, { fatal: assumed === 'utf-8' }), sawBom: false };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Text read ahead of a stream, and the whole stream again (the read-ahead replayed first). */
export interface Peeked {
  readonly head: string;
  readonly text: AsyncIterable<string>;
  /** Releases the source when `text` will not be read after all. */
  close(): Promise<void>;
}

/**
 * Reads chunks until `enough` holds, the stream ends, or `max` characters were read, and gives back a
 * stream that starts over from the first character. Used to sniff the format and the CSV delimiter
 * before the real parse. `enough` is asked once per chunk read, with the newest chunk: a predicate
 * that looks only at `chunk` (keeping its own state) keeps the sniff linear; re-scanning `head` on
 * every chunk made a long first line quadratic.
 */
export async function peekText(
  source: AsyncIterable<string>,
  enough: (head: string, chunk: string) => boolean,
  max: number,
): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  let head = '';
  let done = false;
  while (head.length < max) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
    if (enough(head, next.value)) break;
  }
  const replay = async function* (): AsyncGenerator<string> {
    try {
      if (head !== '') yield head;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  };
  const close = async (): Promise<void> => {
    if (!done) await iterator.return?.();
  };
  return { head, text: replay(), close };
}

/** Physical lines of a text stream, numbered from 1, each at most `maxLine` characters. */
export async function* splitLines(text: AsyncIterable<string>, maxLine: number): AsyncGenerator<{ readonly text: string; readonly line: number }> {
  let carry = '';
  let line = 0;
  for await (const chunk of text) {
    carry += chunk;
    let start = 0;
    let newline = carry.indexOf('\n');
    while (newline !== -1) {
      line += 1;
      yield { text: carry.slice(start, newline), line };
      start = newline + 1;
      newline = carry.indexOf('\n', start);
    }
    carry = carry.slice(start);
    if (carry.length > maxLine) throw new FileRejectedError(`line ${line + 1} is longer than ${describeSize(maxLine)}; is this an invoice file?`);
  }
  if (carry !== '') yield { text: carry, line: line + 1 };
}

/** `1048576` → `1 MB`, for limits in messages. */
export function describeSize(chars: number): string {
  const mb = chars / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return chars >= 1024 ? `${Math.round(chars / 1024)} KB` : `${chars} characters`;
}
