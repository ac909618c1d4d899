/**
 * Invoice keys in a payment's free text ("PAGO FACT. F-00123 Y 124", "Transferencia SPEI ref
 * 0000123 ACME"): noise words skipped, series joined to numbers, numbers alone too — and which bare
 * numbers an invoice word announces.
 */
import { canonical, digitTail } from './canonical.js';
import { foldText, upperPlain } from './fold.js';

/** At most this many keys come out of one text: a runaway remittance field must not fan out. */
export const MAX_REFERENCE_KEYS = 50;
/** Only the start of a long text is read: references sit there, the rest is usually boilerplate. */
const MAX_TEXT = 400;

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

/** A chunk's parts joined, raw (not canonical): joining "2026" and "0045" keeps the inner zeros. */
function joinedAt(chunks: readonly Chunk[], i: number): string {
  return chunks[i]?.parts.join('') ?? '';
}

/** Digits only once read canonically (`2O25` is `2025`). */
function digitsOnly(alnum: string | undefined): boolean {
  return alnum !== undefined && alnum !== '' && DIGITS_ONLY.test(canonical(alnum));
}

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

function nonEmpty(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) if (part !== '') out.push(part);
  return out;
}

function anyInvoiceWord(parts: readonly string[], upTo: number): boolean {
  for (let i = 0; i < upTo; i += 1) if (INVOICE_WORDS.has(parts[i]!)) return true;
  return false;
}

function chunksOf(text: string, bag: KeyBag): Chunk[] {
  const upper = upperPlain(text.slice(0, MAX_TEXT));
  const chunks: Chunk[] = [];
  for (const chunk of upper.replace(MONEY_OR_DATE, ' ').split(CHUNK_SEPARATORS)) {
    const parts = nonEmpty(chunk.split(NON_ALNUM));
    if (parts.length === 0) continue;
    let first = 0;
    while (first < parts.length && NOISE.has(parts[first]!)) first += 1;
    // `FAC-2026-0045`, `Fact#FAC-2026-0045`: a "noise" word may be the series itself, so the chunk
    // is also a key from each dropped word on.
    for (let k = 0; k < first && first < parts.length; k += 1) bag.add(parts.slice(k).join(''));
    chunks.push({
      parts: parts.slice(first),
      connector: parts.length === 1 && CONNECTORS.has(parts[0]!),
      announces: first === parts.length && anyInvoiceWord(parts, parts.length),
      announced: chunk.startsWith('#') || anyInvoiceWord(parts, first),
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
    const next = joinedAt(chunks, i + 1);
    if (!HAS_DIGIT.test(joined)) {
      // A lone series (`F 00123`, `FAC 2026 0045`): joined with the number that follows.
      if (joined.length <= 4 && HAS_DIGIT.test(canonical(next).charAt(0))) {
        bag.add(joined + next, intro);
        const after = joinedAt(chunks, i + 2);
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

const SERIES_LIKE_WORD = /(?:^|[^A-Z])(?:FAC|FACT|FCT|INV)(?:[^A-Z]|$)/i;

function seriesLikeNoise(text: string, bag: KeyBag): void {
  if (!SERIES_LIKE_WORD.test(text)) return;
  const words = foldText(text.slice(0, MAX_TEXT), true).split(' ');
  for (let i = 0; i + 1 < words.length; i += 1) {
    const word = words[i]!;
    if (!SERIES_LIKE.has(word) || !digitsOnly(words[i + 1])) continue;
    bag.add(word + words[i + 1]!);
    if (digitsOnly(words[i + 2])) bag.add(word + words[i + 1]! + words[i + 2]!);
  }
}
