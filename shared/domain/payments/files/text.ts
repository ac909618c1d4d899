import { FileRejectedError } from '../../ingest/errors.js';
import { decodeCp852, decodeNamed } from './code-pages.js';

/**
 * Bytes → text for payment files, synchronously (the ingest reader's `decodeText` is an async
 * stream, which a one-shot `readPaymentFile(bytes)` cannot use).
 *
 * Order: a BOM decides (UTF-8, UTF-16); else strict UTF-8; else, for XML, the encoding its prolog
 * declares; else a guess between Windows-1252 and CP852. Bank statements are the one place where
 * CP852 (DOS Central European) still turns up: Hungarian, Polish and Czech banks produce MT940 files
 * in it, and nothing in the bytes says so. Both code pages decode every byte, so the guess is by
 * which reading gives plausible words (see `plausibility`). Windows-1252 wins ties: it is what Latin
 * American bank exports are in when they are not UTF-8.
 */
export interface DecodedText {
  readonly text: string;
  /** Set when the file was not UTF-8: a file warning that says how it was read. */
  readonly note: string | undefined;
}

const MAGIC: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or a zip file; export the statement as CSV, MT940 or camt.053 XML' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls); export the statement as CSV, MT940 or camt.053 XML' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF; download the statement as CSV, MT940 or camt.053 XML, or the CFDI as XML' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file; upload it uncompressed' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

/**
 * Control characters no statement contains. SOH (\u0001), ETX (\u0003) and SUB (\u001A) are left out
 * on purpose: MT940 files from SWIFT gateways frame messages with SOH/ETX, DOS tools end files with SUB.
 */
const BINARY = /[\u0000\u0002\u0004-\u0008\u000E-\u0019\u001B-\u001F]/;

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new FileRejectedError('the file is empty');
  for (const { bytes: magic, what } of MAGIC) {
    if (magic.every((byte, index) => bytes[index] === byte)) throw new FileRejectedError(`not a text file: this looks like ${what}`);
  }
  const decoded = decodeByBom(bytes) ?? decodeUtf8(bytes) ?? decodeDeclared(bytes) ?? guessCodePage(bytes);
  if (BINARY.test(decoded.text)) {
    throw new FileRejectedError('not a text file: it contains binary data; upload a bank statement (CSV, MT940, camt.053/054 XML) or a CFDI XML');
  }
  return decoded;
}

function decodeByBom(bytes: Uint8Array): DecodedText | undefined {
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | undefined;
  let skip = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) [encoding, skip] = ['utf-8', 3];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  if (!encoding) return undefined;
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(skip)), note: undefined };
  } catch (error) {
    throw new FileRejectedError(`unreadable: the file says it is ${encoding.toUpperCase()} but contains invalid bytes`, { cause: error });
  }
}

function decodeUtf8(bytes: Uint8Array): DecodedText | undefined {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), note: undefined };
  } catch {
    return undefined;
  }
}

/** An XML file that is not UTF-8 must say what it is in its prolog (`<?xml … encoding="ISO-8859-1"?>`). */
function decodeDeclared(bytes: Uint8Array): DecodedText | undefined {
  const head = decodeNamed(bytes.subarray(0, 200), 'latin1') ?? '';
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared === undefined) return undefined;
  if (/^utf-?8$/i.test(declared)) {
    throw new FileRejectedError('unreadable: the XML says it is UTF-8 but contains bytes that are not UTF-8; download the file again');
  }
  const text = decodeNamed(bytes, declared);
  if (text === undefined) throw new FileRejectedError(`unreadable: the XML is in an unknown encoding '${declared}'`);
  return { text, note: undefined };
}

function guessCodePage(bytes: Uint8Array): DecodedText {
  const western = decodeNamed(bytes, 'windows-1252')!;
  const central = decodeCp852(bytes);
  if (plausibility(central) > plausibility(western)) {
    return {
      text: central,
      note: 'the file is not UTF-8; it was read as CP852 (DOS Central European, used by Hungarian, Polish and Czech banks): check that names look right',
    };
  }
  return {
    text: western,
    note: 'the file is not UTF-8; it was read as Windows-1252 (what Windows programs save by default): check that accented names look right',
  };
}

/**
 * How much the non-ASCII characters of a reading look like words: +1 for a letter whose case fits its
 * neighbours, −1 for anything else (box drawing, `¤`, `˝`, a no-break space inside a word, or
 * `PÚrez`, which is how CP852 reads Windows-1252's `Pérez`).
 */
function plausibility(text: string): number {
  let score = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char.charCodeAt(0) < 0x80) continue;
    const before = text[index - 1] ?? '';
    const isLetter = /\p{L}/u.test(char);
    const upperAfterLower = /\p{Lu}/u.test(char) && /\p{Ll}/u.test(before);
    score += isLetter && !upperAfterLower ? 1 : -1;
  }
  return score;
}
