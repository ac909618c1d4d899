/**
 * Calendar dates as files write them. Accepted: `2026-12-01` (a time part after it is ignored),
 * `2026/12/01`, `20261201`, `01/12/2026`, `01-12-2026`, `01.12.2026` (day first, or month first when
 * the file shows it), `01-dic-2026`, `1 de diciembre de 2026`, `Dec 1, 2026`. Refused: 2-digit years,
 * impossible dates, spreadsheet serial numbers.
 */

/** Order of the numeric `nn/nn/yyyy` dates in a file. `mixed`: the file shows both orders. */
export type DateOrder = 'DMY' | 'MDY' | 'mixed';

export type DateReading =
  | { readonly ok: true; readonly date: string }
  | { readonly ok: false; readonly problem: 'ambiguous' | 'invalid'; readonly detail: string };

const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d+)(?:[T\s].*)?$/;
const ISO = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T\s].*)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:\s+de\s+|[\s/.-]+)([a-z]+)\.?(?:\s+de\s+|[\s/.-]+|,\s*)(\d+)(?:[T\s].*)?$/;
const MONTH_NAME_DAY = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d+)$/;
const SERIAL = /^\d{5}(?:\.\d+)?$/;

const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    ['ene enero jan january', 1], ['feb febrero february', 2], ['mar marzo march', 3], ['abr abril apr april', 4],
    ['may mayo', 5], ['jun junio june', 6], ['jul julio july', 7], ['ago agosto aug august', 8],
    ['sep sept set septiembre setiembre september', 9], ['oct octubre october', 10],
    ['nov noviembre november', 11], ['dic diciembre dec december', 12],
  ].flatMap(([names, month]) => String(names).split(' ').map((name) => [name, Number(month)] as const)),
);

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];

/**
 * What a numeric `a/b/yyyy` date says about the file's order: `DMY` when a > 12 (`25/03/2026`),
 * `MDY` when b > 12 (`03/25/2026`), `ambiguous` when both could be the month and differ
 * (`05/06/2026`). Undefined for anything else (ISO dates, `05/05/2026`, not a date).
 */
export function dateOrderEvidence(text: string): 'DMY' | 'MDY' | 'ambiguous' | undefined {
  const match = NUMERIC.exec(text.trim());
  if (!match || (match[4] ?? '').length !== 4) return undefined;
  const first = Number(match[1]);
  const second = Number(match[3]);
  if (first > 12 && second >= 1 && second <= 12) return 'DMY';
  if (second > 12 && first >= 1 && first <= 12) return 'MDY';
  if (first >= 1 && first <= 12 && second >= 1 && second <= 12 && first !== second) return 'ambiguous';
  return undefined;
}

/**
 * Reads one date as `YYYY-MM-DD`. `order` is the file's numeric date order; in a `mixed` file a
 * date like `05/06/2026` cannot be read and comes back `ambiguous`, while `25/03/2026` still can.
 *
 * @example readDate('31/12/2026', 'DMY') // { ok: true, date: '2026-12-31' }
 */
export function readDate(raw: string, order: DateOrder): DateReading {
  const text = raw.trim();
  const iso = ISO.exec(text);
  if (iso) return calendar(Number(iso[1]), Number(iso[3]), Number(iso[4]));
  const compact = COMPACT.exec(text);
  if (compact) return calendar(Number(compact[1]), Number(compact[2]), Number(compact[3]));

  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const year = numeric[4] ?? '';
    if (year.length !== 4) return twoDigitYear(text, year);
    const first = Number(numeric[1]);
    const second = Number(numeric[3]);
    const evidence = dateOrderEvidence(text);
    let dayFirst: boolean;
    if (evidence === 'DMY' || evidence === 'MDY') dayFirst = evidence === 'DMY';
    else if (evidence === 'ambiguous' && order === 'mixed') {
      return { ok: false, problem: 'ambiguous', detail: 'the day and the month could be either way round' };
    } else dayFirst = order !== 'MDY';
    return dayFirst ? calendar(Number(year), second, first) : calendar(Number(year), first, second);
  }

  const words = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ');
  const dayMonth = DAY_MONTH_NAME.exec(words);
  const monthDay = dayMonth ? undefined : MONTH_NAME_DAY.exec(words);
  if (dayMonth || monthDay) {
    const [day, name, year] = dayMonth ? [dayMonth[1], dayMonth[2], dayMonth[3]] : [monthDay?.[2], monthDay?.[1], monthDay?.[3]];
    const month = MONTHS.get(name ?? '');
    if (month !== undefined) {
      if ((year ?? '').length !== 4) return twoDigitYear(text, year ?? '');
      return calendar(Number(year), month, Number(day));
    }
  }

  if (SERIAL.test(text)) {
    return { ok: false, problem: 'invalid', detail: 'looks like a spreadsheet date serial number; format the column as a date (DD/MM/YYYY or YYYY-MM-DD)' };
  }
  return { ok: false, problem: 'invalid', detail: 'not a date; use YYYY-MM-DD or DD/MM/YYYY' };
}

function twoDigitYear(text: string, year: string): DateReading {
  const fixed = year.length === 2 ? text.replace(new RegExp(`${year}$`), `20${year}`) : text;
  const example = fixed === text ? 'DD/MM/YYYY' : fixed;
  return { ok: false, problem: 'invalid', detail: `the year must have 4 digits (write e.g. ${example})` };
}

function calendar(year: number, month: number, day: number): DateReading {
  if (year < 1900 || year > 2199) return { ok: false, problem: 'invalid', detail: `year ${year} is out of range` };
  if (month < 1 || month > 12) return { ok: false, problem: 'invalid', detail: `there is no month ${month}` };
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    const name = MONTH_NAMES[month - 1] ?? String(month);
    return { ok: false, problem: 'invalid', detail: day < 1 ? `there is no day ${day}` : `${name} ${year} has ${last} days` };
  }
  return { ok: true, date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}` };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
