/**
 * Invoice references: the key an invoice number is indexed under and looked up by, and the candidate
 * keys hidden in a payment's free text. One function builds the key on both sides, so whatever it
 * forgives (case, accents, dashes, O for 0, dropped leading zeros) is forgiven consistently.
 */
import { foldText } from './fold.js';

export { normaliseTaxId, taxIdsInText } from './tax-ids.js';

/** At most this many keys come out of one text: a runaway remittance field must not fan out. */
export const MAX_REFERENCE_KEYS = 50;
/** Only the start of a long text is read: references sit there, the rest is usually boilerplate. */
const MAX_TEXT = 400;

const CODE_0 = 48;
const CODE_1 = 49;
const CODE_O = 79;
const CODE_I = 73;
const CODE_L = 76;

// Local on purpose: these run per character of every candidate, and a call across modules can cost
// a getter per call under some loaders (tsx), which doubled the benchmark's matching time.
function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetterCode(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isOil(code: number): boolean {
  return code === CODE_O || code === CODE_I || code === CODE_L;
}

/**
 * Canonical form of an alphanumeric string (A-Z0-9 only). Letters O, I and L touching a digit run are
 * read as 0, 1 and 1 (a letter run's O/I/L tail before digits, its O/I/L head after digits): that is
 * where people and OCR confuse them, while a series prefix like `F` or `INV` stays letters. Then the
 * leading zeros of every digit run go, so `F00123` and `F123` meet but `A1` and `A10` do not.
 */
const NEEDS_WORK = /[OIL0]/;

function canonical(alnum: string): string {
  if (!NEEDS_WORK.test(alnum)) return alnum;
  const n = alnum.length;
  const codes = new Array<number>(n);
  for (let i = 0; i < n; i += 1) codes[i] = alnum.charCodeAt(i);
  let changed = false;
  let i = 0;
  while (i < n) {
    if (!isLetterCode(codes[i]!)) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < n && isLetterCode(codes[j]!)) j += 1;
    if (j < n) {
      for (let k = j - 1; k >= i && isOil(codes[k]!); k -= 1) {
        codes[k] = codes[k] === CODE_O ? CODE_0 : CODE_1;
        changed = true;
      }
    }
    if (i > 0) {
      for (let k = i; k < j && isOil(codes[k]!); k += 1) {
        codes[k] = codes[k] === CODE_O ? CODE_0 : CODE_1;
        changed = true;
      }
    }
    i = j;
  }
  // Drop the leading zeros of every digit run (a run of zeros keeps its last one).
  const out: number[] = [];
  let leading = false;
  for (let r = 0; r < n; r += 1) {
    const code = codes[r]!;
    const digit = isDigitCode(code);
    if (!digit) leading = false;
    else if (r === 0 || !isDigitCode(codes[r - 1]!)) leading = true;
    if (leading && code === CODE_0 && r + 1 < n && isDigitCode(codes[r + 1]!)) {
      changed = true;
      continue;
    }
    leading = false;
    out.push(code);
  }
  return changed ? String.fromCharCode(...out) : alnum;
}

/**
 * The key an invoice number is indexed under and looked up by: upper case, accents stripped, only
 * letters and digits, O/I/L confusions next to digits resolved, leading zeros of each digit run
 * dropped. `F-00123`, `f 123` and `FO0123` → `F123`; `A-1` → `A1` and `A-10` → `A10` stay apart.
 * Separators are dropped before digit runs are read, so `FAC-2026-0045` → `FAC20260045`.
 */
export function normaliseInvoiceRef(s: string): string {
  return canonical(foldText(s, false));
}

/**
 * The number of an invoice without its series: the last group of the printed number that holds a
 * digit, canonical, digits only (`F-000123` → `123`, `FAC-2026-0045` → `45`, `A1024` → `1024`).
 * Undefined when it equals the full key (a number with no series). A payer who writes "factura 123"
 * for `F-000123` is found through it, as weaker evidence than the full key.
 */
export function invoiceRefTail(invoiceNumber: string): string | undefined {
  return invoiceRefKeys(invoiceNumber).tail;
}

export interface InvoiceRefKeys {
  readonly key: string;
  readonly tail: string | undefined;
}

/**
 * Key and tail of an invoice number (see `normaliseInvoiceRef`, `invoiceRefTail`). The hot path of
 * matching (every candidate of every payment) and indexing (every invoice): the usual number —
 * upper-case ASCII, separators, no O/I/L touching a digit — is cut into slices of the original
 * string in one pass; anything else takes the general path.
 */
export function invoiceRefKeys(invoiceNumber: string): InvoiceRefKeys {
  return plainRefKeys(invoiceNumber) ?? generalRefKeys(invoiceNumber);
}

/** The general path: fold, canonical, then the tail from the last group holding a digit. */
export function generalRefKeys(invoiceNumber: string): InvoiceRefKeys {
  const groups = foldText(invoiceNumber, true).split(' ');
  const key = canonical(groups.join(''));
  for (let g = groups.length - 1; g >= 0; g -= 1) {
    const tail = digitTail(canonical(groups[g]!));
    if (tail !== undefined) return { key, tail: tail === key ? undefined : tail };
  }
  return { key, tail: undefined };
}

function nextAlnumIsDigit(s: string, from: number): boolean {
  for (let j = from; j < s.length; j += 1) {
    const c = s.charCodeAt(j);
    if (isDigitCode(c)) return true;
    if (isLetterCode(c) || (c >= 97 && c <= 122) || c > 127) return false;
  }
  return false;
}

/** The fast path, or undefined when the number needs the general one (lower case, accents, O/I/L by a digit). */
function plainRefKeys(s: string): InvoiceRefKeys | undefined {
  let key = '';
  let slice = -1;
  let previous = 0;
  let leading = false;
  let group = -1;
  let groupDigit = false;
  let tailFrom = -1;
  let tailTo = -1;
  for (let i = 0; i <= s.length; i += 1) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const digit = isDigitCode(c);
    if (!digit && !isLetterCode(c)) {
      if ((c >= 97 && c <= 122) || c > 127) return undefined;
      if (slice >= 0) key += s.slice(slice, i);
      slice = -1;
      if (groupDigit) {
        tailFrom = group;
        tailTo = i;
      }
      group = -1;
      groupDigit = false;
      continue;
    }
    if (group < 0) group = i;
    if (digit) {
      if (isLetterCode(previous) && isOil(previous)) return undefined;
      groupDigit = true;
      if (!isDigitCode(previous)) leading = true;
      if (leading && c === CODE_0 && nextAlnumIsDigit(s, i + 1)) {
        if (slice >= 0) key += s.slice(slice, i);
        slice = -1;
      } else {
        leading = false;
        if (slice < 0) slice = i;
      }
    } else {
      if (isDigitCode(previous) && isOil(c)) return undefined;
      leading = false;
      if (slice < 0) slice = i;
    }
    previous = c;
  }
  if (tailFrom < 0) return { key, tail: undefined };
  // The tail: the last digit run of that group, without its leading zeros.
  let end = tailTo;
  while (!isDigitCode(s.charCodeAt(end - 1))) end -= 1;
  let start = end - 1;
  while (start > tailFrom && isDigitCode(s.charCodeAt(start - 1))) start -= 1;
  while (start < end - 1 && s.charCodeAt(start) === CODE_0) start += 1;
  const tail = s.slice(start, end);
  return { key, tail: tail === key ? undefined : tail };
}

/** The last digit run of a canonical key, or undefined when it has none. */
function digitTail(key: string): string | undefined {
  let end = key.length;
  while (end > 0 && !isDigitCode(key.charCodeAt(end - 1))) end -= 1;
  if (end === 0) return undefined;
  let start = end;
  while (start > 0 && isDigitCode(key.charCodeAt(start - 1))) start -= 1;
  return key.slice(start, end);
}

/**
 * Words around invoice numbers in remittance text. A chunk made only of these carries no reference;
 * one glued in front of a number (`FACT.F-00123`, `No.123`, `INV#A`) is dropped from it.
 */
const NOISE = new Set(
  (
    'FACTURA FACTURAS FACT FACTS FAC FACS FCT FRA FOLIO FOLIOS INV INVOICE INVOICES PAGO PAGOS PAG PAYMENT PMT ' +
    'REF REFS REFERENCIA REFERENCE NO NUM NUMERO NRO NR N NO. Y E AND DE DEL LA EL LAS LOS PARA POR CON SU ' +
    'ABONO DEPOSITO TRANSFERENCIA TRANSF TRANS TRASPASO SPEI TEF PSE ACH CLIENTE CONCEPTO CTA CUENTA ID RFC ' +
    'NIT RUC RUT EIN PARCIAL PARCIALIDAD SALDO TOTAL LIQUIDA LIQUIDACION CANCELA ORDEN OP DOC DOCTO'
  ).split(' '),
);

/** Short noise words that are also common invoice series (`FAC-2026-0045`): tried both ways. */
const SERIES_LIKE = new Set(['FAC', 'FACT', 'FCT', 'INV']);

/** Amounts with decimals or a currency sign, and dates: digits that are never invoice numbers. */
const MONEY_OR_DATE =
  /[$€]\s?\d[\d.,]*|\b\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?\b|\b\d+[.,]\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/g;
/** Chunk separators: whitespace and list punctuation. Dashes, dots, `#` and `_` stay inside a chunk. */
const CHUNK_SEPARATORS = /[\s,;/&+|()[\]{}:*'"]+/;
const NON_ALNUM = /[^A-Z0-9]+/;
const HAS_DIGIT = /\d/;
const DIGITS_ONLY = /^\d+$/;
const LEADING_LETTERS = /^[A-Z]+/;

class KeyBag {
  readonly keys: string[] = [];
  readonly introduced = new Set<string>();
  private readonly seen = new Set<string>();

  add(alnum: string, introduced = false): void {
    if (!HAS_DIGIT.test(alnum)) return;
    const key = canonical(alnum);
    if (introduced && this.seen.has(key)) this.introduced.add(key);
    if (this.keys.length >= MAX_REFERENCE_KEYS || this.seen.has(key)) return;
    this.seen.add(key);
    this.keys.push(key);
    if (introduced) this.introduced.add(key);
  }
}

/** Words that announce an invoice number right after them ("FACTURA 123", "No. 123", "FOLIO 123"). */
const INVOICE_WORDS = new Set(
  'FACTURA FACTURAS FACT FACTS FAC FACS FCT FRA FOLIO FOLIOS INV INVOICE INVOICES NO NUM NUMERO NRO NR N DOC DOCTO'.split(' '),
);

/** A chunk of text: its alphanumeric parts with leading noise words dropped; [] = only noise. */
interface Chunk {
  readonly parts: readonly string[];
  /** An all-noise chunk that joins a list ("F-1 Y F-2") rather than ending it ("F-1 REF 889"). */
  readonly connector: boolean;
  /** An all-noise chunk holding an invoice word: what follows is announced as an invoice number. */
  readonly announces: boolean;
  /** The chunk itself starts with an invoice word or `#` (`FACT.F-00123`, `No.123`, `#0019304`). */
  readonly announced: boolean;
}

const CONNECTORS = new Set(['Y', 'E', 'AND']);

function chunksOf(text: string, bag: KeyBag): Chunk[] {
  const upper = text.slice(0, MAX_TEXT).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
  const chunks: Chunk[] = [];
  for (const chunk of upper.replace(MONEY_OR_DATE, ' ').split(CHUNK_SEPARATORS)) {
    const parts = chunk.split(NON_ALNUM).filter((part) => part !== '');
    if (parts.length === 0) continue;
    let first = 0;
    while (first < parts.length && NOISE.has(parts[first]!)) first += 1;
    // `FAC-2026-0045`, `Fact#FAC-2026-0045`: a "noise" word may be the series itself, so the chunk
    // is also a key from each dropped word on.
    for (let k = 0; k < first && first < parts.length; k += 1) bag.add(parts.slice(k).join(''));
    chunks.push({
      parts: parts.slice(first),
      connector: parts.length === 1 && CONNECTORS.has(parts[0]!),
      announces: first === parts.length && parts.some((part) => INVOICE_WORDS.has(part)),
      announced: chunk.startsWith('#') || parts.slice(0, first).some((part) => INVOICE_WORDS.has(part)),
    });
  }
  return chunks;
}

/** The series of the last key seen, lent to bare numbers of similar length that follow in a list. */
interface Series {
  readonly letters: string;
  readonly digits: number;
}

/**
 * Candidate invoice keys in noisy free text, in the order they appear, at most `MAX_REFERENCE_KEYS`:
 * "PAGO FACT. F-00123 Y F-124" → `F123`, `123`, `F124`, `124`; "INV#A 1024/ 1025" → `A1024`,
 * `1024`, `A1025`, …. Noise words are skipped, a lone series is joined to the number after it (and
 * lent to bare numbers of similar length that follow in the same list: `A1024 1025` also yields
 * `A1025`), every number also stands alone. Amounts and dates are ignored. Over-generating is cheap
 * (a key that names no invoice finds nothing); missing the one right key is not.
 */
export function referenceKeys(text: string): string[] {
  return scanReferences(text).keys;
}

/**
 * `referenceKeys`, plus which of them an invoice word announces ("FACTURA 0019233", "No. 123", a list
 * after "FACTURAS"): a bare number so announced is the payer's reference, not a bank's.
 */
export function scanReferences(text: string): { readonly keys: string[]; readonly introduced: ReadonlySet<string> } {
  const bag = new KeyBag();
  const chunks = chunksOf(text, bag);
  // Raw (not canonical): joining "2026" and "0045" must keep the zeros inside the joined number.
  const joinedAt = (i: number): string => chunks[i]?.parts.join('') ?? '';
  const digitsOnly = (alnum: string): boolean => alnum !== '' && DIGITS_ONLY.test(canonical(alnum));
  let series: Series | undefined;
  let announced = false;
  for (let i = 0; i < chunks.length; i += 1) {
    const chunk = chunks[i]!;
    const { parts } = chunk;
    if (parts.length === 0) {
      if (chunk.announces) announced = true;
      else if (!chunk.connector) announced = false;
      if (!chunk.connector && !chunk.announces) series = undefined;
      continue;
    }
    const intro: boolean = announced || chunk.announced;
    const raw = parts.join('');
    // Canonical, so `2O25` counts as the number it was meant to be.
    const joined = canonical(raw);
    const next = joinedAt(i + 1);
    if (!HAS_DIGIT.test(joined)) {
      // A lone series (`F 00123`, `FAC 2026 0045`): joined with the number that follows.
      if (joined.length <= 4 && HAS_DIGIT.test(canonical(next).charAt(0))) {
        bag.add(joined + next, intro);
        const after = joinedAt(i + 2);
        if (digitsOnly(next) && digitsOnly(after)) bag.add(joined + next + after, intro);
        series = { letters: joined, digits: canonical(next).length };
      } else announced = false;
      continue;
    }
    announced = intro;
    // Only a bare number is "announced": the number part of `FACTURA F-123` is not `123` announced.
    bag.add(joined, intro && DIGITS_ONLY.test(joined));
    const tail = digitTail(canonical(parts[parts.length - 1]!));
    if (tail !== undefined) bag.add(tail);
    gluedNoiseVariant(raw, bag);
    if (DIGITS_ONLY.test(joined)) {
      if (series !== undefined && Math.abs(series.digits - joined.length) <= 1) bag.add(series.letters + joined, intro);
      else series = undefined;
      if (digitsOnly(next)) bag.add(raw + next);
    } else {
      const letters = LEADING_LETTERS.exec(joined)?.[0];
      series = letters === undefined ? undefined : { letters, digits: digitTail(joined)?.length ?? 0 };
    }
  }
  // A series-like noise word standing alone before a number (`FAC 2026 0045`) is a series after all.
  seriesLikeNoise(text, bag);
  return { keys: bag.keys, introduced: bag.introduced };
}

/** `FACT00123`, `NO123`: a noise word glued to the number; the number alone is a key too. */
function gluedNoiseVariant(joined: string, bag: KeyBag): void {
  const letters = LEADING_LETTERS.exec(joined)?.[0];
  if (letters !== undefined && letters.length < joined.length && NOISE.has(letters)) bag.add(joined.slice(letters.length), INVOICE_WORDS.has(letters));
}

function seriesLikeNoise(text: string, bag: KeyBag): void {
  const words = foldText(text.slice(0, MAX_TEXT), true).split(' ');
  const digitsOnly = (word: string | undefined): boolean => word !== undefined && DIGITS_ONLY.test(canonical(word));
  for (let i = 0; i + 1 < words.length; i += 1) {
    const word = words[i]!;
    if (!SERIES_LIKE.has(word) || !digitsOnly(words[i + 1])) continue;
    bag.add(word + words[i + 1]!);
    if (digitsOnly(words[i + 2])) bag.add(word + words[i + 1]! + words[i + 2]!);
  }
}
