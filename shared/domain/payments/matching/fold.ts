/**
 * Text folding shared by invoice references and tax ids: upper case, accents stripped, everything
 * that is not A-Z or 0-9 turned into one space. Written as a character loop because it runs for every
 * candidate invoice of every payment (a million-invoice index, a hundred thousand payments).
 */

const A = 65;
const Z = 90;
const LOWER_A = 97;
const LOWER_Z = 122;
const ZERO = 48;
const NINE = 57;

function isDigitCode(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isLetterCode(code: number): boolean {
  return code >= A && code <= Z;
}

/** One non-ASCII character as its base letter (`é` → `E`, `ñ` → `N`), or '' when it has none. */
function baseLetter(char: string): string {
  const base = char.normalize('NFD').charAt(0).toUpperCase();
  const code = base.charCodeAt(0);
  return isLetterCode(code) || isDigitCode(code) ? base : '';
}

const PLAIN = /^[A-Z0-9]*$/;

/**
 * `keepSeparators`: true → runs of other characters become one space (so words stay apart); false →
 * they are dropped (`F-00123` → `F00123`).
 */
export function foldText(s: string, keepSeparators: boolean): string {
  if (PLAIN.test(s)) return s;
  const out: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < s.length; i += 1) {
    let code = s.charCodeAt(i);
    if (code >= LOWER_A && code <= LOWER_Z) code -= 32;
    else if (code > 127) code = baseLetter(s.charAt(i)).charCodeAt(0);
    if (!((code >= A && code <= Z) || (code >= ZERO && code <= NINE))) {
      pendingSpace = keepSeparators && out.length > 0;
      continue;
    }
    if (pendingSpace) out.push(32);
    pendingSpace = false;
    out.push(code);
  }
  return String.fromCharCode(...out);
}

const ASCII = /^[\x00-\x7f]*$/;

/** Upper case with accents stripped, everything else kept (free text; the NFD pass only when needed). */
export function upperPlain(text: string): string {
  return (ASCII.test(text) ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')).toUpperCase();
}
