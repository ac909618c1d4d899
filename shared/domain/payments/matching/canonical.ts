/**
 * The canonical form of an alphanumeric string, shared by invoice numbers and the keys read from
 * free text: the one place that decides what "the same invoice number" means.
 */

const CODE_0 = 48;
const CODE_1 = 49;
const CODE_O = 79;
const CODE_I = 73;
const CODE_L = 76;

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetterCode(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isOil(code: number): boolean {
  return code === CODE_O || code === CODE_I || code === CODE_L;
}

const NEEDS_WORK = /[OIL0]/;

/**
 * Canonical form of an alphanumeric string (A-Z0-9 only). Letters O, I and L touching a digit run are
 * read as 0, 1 and 1 (a letter run's O/I/L tail before digits, its O/I/L head after digits): that is
 * where people and OCR confuse them, while a series prefix like `F` or `INV` stays letters. Then the
 * leading zeros of every digit run go, so `F00123` and `F123` meet but `A1` and `A10` do not.
 */
export function canonical(alnum: string): string {
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

/** The last digit run of a canonical key, or undefined when it has none. */
export function digitTail(key: string): string | undefined {
  let end = key.length;
  while (end > 0 && !isDigitCode(key.charCodeAt(end - 1))) end -= 1;
  if (end === 0) return undefined;
  let start = end;
  while (start > 0 && isDigitCode(key.charCodeAt(start - 1))) start -= 1;
  return key.slice(start, end);
}

