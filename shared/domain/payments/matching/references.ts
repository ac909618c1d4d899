/**
 * Invoice references: the key an invoice number is indexed under and looked up by, and the candidate
 * keys hidden in a payment's free text. One function builds the key on both sides, so whatever it
 * forgives (case, accents, dashes, O for 0, dropped leading zeros) is forgiven consistently.
 */
import { canonical, digitTail } from './canonical.js';
import { foldText } from './fold.js';

export { MAX_REFERENCE_KEYS, referenceKeys, scanReferences } from './reference-text.js';
export { normaliseTaxId, taxIdsInText } from './tax-ids.js';

// Local on purpose: these run per character of every candidate, and a call (or constant) across
// modules costs a getter per use under some loaders (tsx), which doubled the benchmark's matching time.
const CODE_0 = 48;
const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;
const isLetterCode = (code: number): boolean => code >= 65 && code <= 90;
const isOil = (code: number): boolean => code === 79 || code === 73 || code === 76;

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

/**
 * A cheap necessary condition for "this invoice number has key or tail R": the value of the last
 * (up to) three digits, read from the end — across separators for the key (`2026-0045` → 45), within
 * the last group for the tail. -1 when it cannot be read that simply (ends in a letter, an O/I/L or a
 * non-ASCII character among those digits): then the number must be checked in full. Lets the matcher
 * skip computing keys for the hundreds of candidates that cannot be the one named.
 */
export function numberSuffixes(s: string): { readonly key: number; readonly tail: number } {
  let value = 0;
  let digits = 0;
  let place = 1;
  let tail = -2; // -2: not yet known (still inside the last group)
  for (let i = s.length - 1; i >= 0 && digits < 3; i -= 1) {
    const code = s.charCodeAt(i);
    if (isDigitCode(code)) {
      value += (code - 48) * place;
      place *= 10;
      digits += 1;
      continue;
    }
    const upper = code >= 97 && code <= 122 ? code - 32 : code;
    if (code > 127 || isOil(upper)) return { key: -1, tail: -1 };
    if (isLetterCode(upper)) {
      if (digits === 0) return { key: -1, tail: -1 };
      break;
    }
    // A separator: the tail (the last group) ends here; the key reads on.
    if (digits === 0) continue;
    if (tail === -2) tail = value;
  }
  if (digits === 0) return { key: -1, tail: -1 };
  return { key: value, tail: tail === -2 ? value : tail };
}

