/**
 * Tax ids: how a payer is recognised when the transfer names no invoice. Mexican RFC, Colombian NIT,
 * Peruvian RUC, Chilean RUT; compared only after `normaliseTaxId` on both sides.
 */
import { foldText, upperPlain } from './fold.js';

/** At most this many ids come out of one text. */
const MAX_TAX_IDS = 10;

/**
 * Upper case, accents stripped, only letters and digits: `abc-010101-ab1` → `ABC010101AB1`,
 * `900.123.456-7` → `9001234567`, `12.345.678-k` → `12345678K`. `Ñ` becomes `N` and `&` goes,
 * because banks that cannot print them write the RFC that way.
 */
export function normaliseTaxId(s: string): string {
  return foldText(s, false);
}

/** RFC: 3 (company) or 4 (person) letters, a YYMMDD date, a 3-character homoclave. */
const RFC = /(?<![A-Z0-9&])([A-Z&]{3,4})[\s-]?(\d{2})(\d{2})(\d{2})[\s-]?([A-Z0-9]{3})(?![A-Z0-9])/g;
/** RUT: 7–8 digits (dots allowed) and a check digit or K, the dash optional. */
const RUT = /(?<![\d.])(\d{1,2}\.\d{3}\.\d{3}|\d{7,8})\s?-?\s?([\dK])(?![\dA-Z])/g;
/** NIT: 9–10 digits (dots allowed), optionally `-d` (the DIAN check digit). */
const NIT = /(?<![\d.])(\d{3}\.?\d{3}\.?\d{3,4})(?:\s?-\s?(\d))?(?![\d])/g;
/** RUC: 11 digits starting 10 (person), 15/16/17 (others) or 20 (company). */
const RUC = /(?<!\d)((?:10|15|16|17|20)\d{9})(?!\d)/g;

/** RFC dates, RUC, RUT, NIT all hold six digits in a row, or three dotted groups (`12.345.678`). */
const SIX_DIGITS = /\d{6}|\d\.\d{3}\.\d/;

const NIT_WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
const RUC_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** The DIAN check digit of a NIT body. */
export function nitCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) sum += Number(body[body.length - 1 - i]) * NIT_WEIGHTS[i]!;
  const r = sum % 11;
  return r > 1 ? 11 - r : r;
}

function rucValid(ruc: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i += 1) sum += Number(ruc[i]) * RUC_WEIGHTS[i]!;
  const check = (11 - (sum % 11)) % 10;
  return check === Number(ruc[10]);
}

/** The RUT check character (`0`–`9` or `K`) of a body of digits. */
export function rutCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) sum += Number(body[body.length - 1 - i]) * (2 + (i % 6));
  const check = 11 - (sum % 11);
  return check === 11 ? '0' : check === 10 ? 'K' : String(check);
}

function add(found: Set<string>, id: string): void {
  if (found.size < MAX_TAX_IDS) found.add(id);
}

function validDate(mm: string, dd: string): boolean {
  const month = Number(mm);
  const day = Number(dd);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * Tax ids in free text, normalised, in order of appearance: RFCs with a plausible date, RUCs and RUTs
 * whose check digit is right, NITs with and without their check digit (an account may be stored
 * either way; a bare 9-digit NIT also yields the form with its computed check digit). Numbers that
 * merely look like ids are harmless: a tax id no account has finds nothing.
 */
export function taxIdsInText(text: string): string[] {
  const upper = upperPlain(text.slice(0, 400));
  // No tax id without six digits in a row (or dotted groups): most concepts stop here.
  if (!SIX_DIGITS.test(upper)) return [];
  const found = new Set<string>();
  for (const m of upper.matchAll(RFC)) if (validDate(m[3]!, m[4]!)) add(found, normaliseTaxId(m[0]));
  for (const m of upper.matchAll(RUC)) if (rucValid(m[1]!)) add(found, m[1]!);
  for (const m of upper.matchAll(RUT)) {
    const body = m[1]!.replace(/\./g, '');
    if (rutCheckDigit(body) === m[2]) add(found, body + m[2]!);
  }
  for (const m of upper.matchAll(NIT)) {
    const body = m[1]!.replace(/\./g, '');
    if (m[2] !== undefined) add(found, body + m[2]);
    add(found, body);
    if (m[2] === undefined && body.length === 9) add(found, body + String(nitCheckDigit(body)));
  }
  return [...found];
}
