import { DateTime } from 'luxon';
import { tokens } from './normalize.js';

/**
 * Finds the date a debtor promises to pay on, in their zone, from a normalized reply.
 *
 * Rules (documented here because collectors will ask):
 * - "hoy"/"today" is today; "mañana"/"tomorrow" +1 (but "en la mañana" is "in the morning");
 *   "pasado mañana"/"day after tomorrow" +2.
 * - "la próxima semana"/"semana que viene"/"next week" is next Monday: the earliest day the promise
 *   can be held to, so the follow-up is not sent before the debtor's own window opens.
 * - A weekday ("el viernes", "on Friday", "el próximo viernes") is its next occurrence strictly after
 *   today: said on a Wednesday, "el miércoles" means a week from today ("hoy" exists for today). A
 *   weekday marked past ("el viernes pasado", "el pasado viernes", "last Friday") is never a promise.
 * - "en 15 días", "dentro de dos semanas", "in 10 days": today plus that many days. "al tiro" (CL),
 *   "al toque" (PE), "ahorita"/"orita" (MX), "ahora mismo", "right now": today.
 * - Numeric dates are DD/MM[/YY[YY]] for every locale except en-US, which is MM/DD.
 * - "15 de diciembre", "Dec 15", "December 15th", "el 15" (day only: this month, or next month once
 *   passed), "fin de mes"/"end of the month" (last day), "quincena" (15th, or month end after it).
 * - A date without a year that is already past this year means next year only when it is more
 *   than {@link PAST_WINDOW_DAYS} days past ("pago el 10/01" said in December): the nearer reading
 *   wins. A date within the last six months is the past ("depositamos el 28 de noviembre" said on
 *   2 December is a payment made, {@link pastDateMentioned}), so it is no promise at all. An explicit
 *   year in the past is no promise either. Promise dates are therefore never before today in the
 *   debtor's zone.
 * - When several dates appear, the most specific wins (explicit date > day of month > weekday >
 *   month end > relative word), then the first one written: "hoy no puedo, pago el viernes" is
 *   Friday. A relative word directly followed by "no" ("hoy no", "mañana no") is not a promise.
 */
export const PAST_WINDOW_DAYS = 183;

export type PromiseDateResult =
  | { readonly found: true; readonly date: string; readonly label: string }
  | { readonly found: false; readonly rejected?: string };

interface Candidate {
  readonly rank: number;
  readonly index: number;
  readonly label: string;
  /** undefined when the expression was recognised but cannot be a promise (past, impossible). */
  readonly date: DateTime | undefined;
  readonly why?: string;
  /** The expression names a day already gone ("el viernes pasado", "28/11" on 2 December). */
  readonly past?: boolean;
}

const MONTHS: Record<string, number> = {
  enero: 1, ene: 1, january: 1, jan: 1,
  febrero: 2, feb: 2, february: 2,
  marzo: 3, march: 3,
  abril: 4, abr: 4, april: 4, apr: 4,
  mayo: 5, may: 5,
  junio: 6, jun: 6, june: 6,
  julio: 7, jul: 7, july: 7,
  agosto: 8, ago: 8, august: 8, aug: 8,
  septiembre: 9, setiembre: 9, sep: 9, sept: 9, set: 9, september: 9,
  octubre: 10, oct: 10, october: 10,
  noviembre: 11, nov: 11, november: 11,
  diciembre: 12, dic: 12, december: 12, dec: 12,
};
// "mar" is left out on purpose: in Spanish it is also "sea" and rarely used for March in replies.
const MONTH_ALT = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

const WEEKDAYS: Record<string, number> = {
  lunes: 1, martes: 2, miercoles: 3, jueves: 4, viernes: 5, sabado: 6, domingo: 7,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
};

const NEXT_WEEK = ['proxima semana', 'semana proxima', 'semana que viene', 'siguiente semana', 'semana entrante', 'otra semana', 'next week'];
const MONTH_END = ['fin de mes', 'final de mes', 'fin del mes', 'final del mes', 'end of the month', 'end of month'];

const ORD = '(?:st|nd|rd|th)?';
/** Numbers followed by these are amounts ("el 5 mil"), not days. */
const NOT_A_DAY = '(?! (?:mil|pesos|soles|dolares|dollars|lucas|k|por|%))';

export function findPromiseDate(normalized: string, locale: string, today: DateTime): PromiseDateResult {
  const found = candidates(normalized, locale, today);
  if (found.length === 0) return { found: false };
  found.sort((a, b) => b.rank - a.rank || a.index - b.index);
  const best = found[0]!;
  if (best.date === undefined || best.date < today) {
    return { found: false, rejected: `${best.label}: ${best.why ?? 'not a future date'}` };
  }
  return { found: true, date: best.date.toISODate() ?? '', label: best.label };
}

/**
 * Whether the reply names a day already gone: a date of the last six months ("28/11", "20 de
 * noviembre") or a weekday marked past ("el viernes pasado", "last Friday"). With "depositamos" or
 * "pagamos" (present and past at once in Spanish) that makes a payment made, not a plan.
 */
export function pastDateMentioned(normalized: string, locale: string, today: DateTime): boolean {
  return candidates(normalized, locale, today).some((c) => c.past === true);
}

function candidates(normalized: string, locale: string, today: DateTime): Candidate[] {
  return [
    ...explicitDates(normalized, locale, today),
    ...dayOfMonth(normalized, today),
    ...weekdays(normalized, today),
    ...monthEnds(normalized, today),
    ...relativeWords(normalized, today),
    ...daysFromNow(normalized, today),
  ];
}

function* matches(text: string, pattern: string): Generator<RegExpExecArray> {
  // Lookbehind/lookahead on the padding spaces keep numbers and words whole.
  const re = new RegExp(`(?<= )(?:${pattern})(?= )`, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) yield m;
}

/** A day and month, with or without a year, resolved by the past-date rule above. */
function resolve(today: DateTime, day: number, month: number, yearText: string | undefined): Pick<Candidate, 'date' | 'why' | 'past'> {
  if (yearText !== undefined) {
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
    if (!date.isValid) return { date: undefined, why: 'not a real date' };
    return date < today ? { date: undefined, why: 'in the past', past: true } : { date };
  }
  const thisYear = DateTime.fromObject({ year: today.year, month, day }, { zone: today.zone });
  if (!thisYear.isValid) {
    // 29/02 outside a leap year: try next year before giving up.
    const next = DateTime.fromObject({ year: today.year + 1, month, day }, { zone: today.zone });
    return next.isValid ? { date: next } : { date: undefined, why: 'not a real date' };
  }
  if (thisYear >= today) return { date: thisYear };
  if (today.diff(thisYear, 'days').days > PAST_WINDOW_DAYS) return { date: thisYear.plus({ years: 1 }) };
  return { date: undefined, why: 'in the past', past: true };
}

function explicitDates(text: string, locale: string, today: DateTime): Candidate[] {
  const out: Candidate[] = [];
  const monthFirst = locale.toLowerCase() === 'en-us';
  for (const m of matches(text, '(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?')) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [day, month] = monthFirst ? [b, a] : [a, b];
    out.push({ rank: 5, index: m.index, label: m[0], ...resolve(today, day, month, m[3]) });
  }
  for (const m of matches(text, `(\\d{1,2})${ORD}(?: de| of)? (${MONTH_ALT})(?: (?:de |del )?(\\d{4}))?`)) {
    out.push({ rank: 5, index: m.index, label: m[0], ...resolve(today, Number(m[1]), MONTHS[m[2]!]!, m[3]) });
  }
  for (const m of matches(text, `(${MONTH_ALT}) (\\d{1,2})${ORD}(?: (\\d{4}))?`)) {
    out.push({ rank: 5, index: m.index, label: m[0], ...resolve(today, Number(m[2]), MONTHS[m[1]!]!, m[3]) });
  }
  return out;
}

/** "el 15", "on the 15th", "el día 20": this month if still ahead (or today), else next month. */
function dayOfMonth(text: string, today: DateTime): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matches(text, `(?:el|the|dia|on) (\\d{1,2})${ORD}${NOT_A_DAY}`)) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) continue;
    let date: DateTime | undefined;
    for (let ahead = 0; ahead < 3 && date === undefined; ahead++) {
      const month = today.startOf('month').plus({ months: ahead });
      const candidate = month.set({ day });
      // A 31 in a 30-day month must not roll over into the next month: check the month stayed put.
      if (candidate.isValid && candidate.month === month.month && candidate >= today) date = candidate;
    }
    out.push({ rank: 4, index: m.index, label: m[0], date, why: 'not a real day' });
  }
  return out;
}

/** "el viernes pasado", "el pasado viernes", "last Friday", "this past Friday", "el viernes anterior". */
const PAST_BEFORE = new Set(['pasado', 'last', 'past']);
const PAST_AFTER = new Set(['pasado', 'anterior']);

function weekdays(text: string, today: DateTime): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matches(text, Object.keys(WEEKDAYS).join('|'))) {
    const before = tokens(text.slice(Math.max(0, m.index - 12), m.index)).at(-1) ?? '';
    const after = tokens(text.slice(m.index + m[0].length, m.index + m[0].length + 12)).at(0) ?? '';
    if (PAST_BEFORE.has(before) || PAST_AFTER.has(after) || (after === 'que' && text.startsWith(' que paso ', m.index + m[0].length))) {
      out.push({ rank: 3, index: m.index, label: m[0], date: undefined, why: 'a day already past', past: true });
      continue;
    }
    const target = WEEKDAYS[m[0]]!;
    const ahead = (target - today.weekday + 7) % 7 || 7;
    out.push({ rank: 3, index: m.index, label: m[0], date: today.plus({ days: ahead }) });
  }
  return out;
}

function monthEnds(text: string, today: DateTime): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matches(text, MONTH_END.join('|'))) {
    out.push({ rank: 2, index: m.index, label: m[0], date: today.endOf('month').startOf('day') });
  }
  for (const m of matches(text, 'quincena')) {
    const date = today.day <= 15 ? today.set({ day: 15 }) : today.endOf('month').startOf('day');
    out.push({ rank: 2, index: m.index, label: m[0], date });
  }
  return out;
}

const CANNOT = / (?:no tengo|no tenemos|no puedo|no podemos|no hay|no me alcanza|no nos alcanza|cant|cannot|dont have|do not have) /;

function relativeWords(text: string, today: DateTime): Candidate[] {
  const out: Candidate[] = [];
  const words: Array<[string, number]> = [
    ['pasado manana', 2], ['day after tomorrow', 2], ['manana', 1], ['tomorrow', 1], ['hoy', 0], ['today', 0],
    ['tonight', 0], ['ahorita', 0], ['al tiro', 0], ['al toque', 0], ['ahora mismo', 0], ['right now', 0],
  ];
  for (const [word, days] of words) {
    for (const m of matches(text, word)) {
      // Windows of a few words around the match keep this linear in the reply.
      const start = Math.max(0, m.index - 40);
      const preceding = tokens(text.slice(start, m.index)).slice(start > 0 && text[start - 1] !== ' ' ? 1 : 0);
      const before = preceding.at(-1);
      const after = tokens(text.slice(m.index + word.length, m.index + word.length + 12)).at(0);
      // "pasado mañana" already counted; "en la mañana"/"esta mañana" are times of day.
      if (word === 'manana' && (before === 'pasado' || before === 'la' || before === 'esta')) continue;
      if (word === 'tomorrow' && before === 'after') continue;
      if (after === 'no' || after === 'not' || after === 'cant' || after === 'cannot' || before === 'not') continue;
      // "no tengo dinero ahorita", "can't pay today": the day is when they cannot.
      if (CANNOT.test(` ${preceding.slice(-4).join(' ')} `)) continue;
      out.push({ rank: 1, index: m.index, label: word, date: today.plus({ days }) });
    }
  }
  for (const m of matches(text, NEXT_WEEK.join('|'))) {
    out.push({ rank: 1, index: m.index, label: m[0], date: today.plus({ days: 8 - today.weekday }) });
  }
  return out;
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1, una: 1, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, diez: 10, quince: 15, veinte: 20, treinta: 30,
  a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, ten: 10, fifteen: 15, twenty: 20, thirty: 30,
};

/** "en 15 días", "dentro de dos semanas", "in 10 days", "in two weeks": today plus that many days. */
function daysFromNow(text: string, today: DateTime): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matches(text, `(?:en|dentro de|in|within) (\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')}) (dias|dia|semanas|semana|days|day|weeks|week)`)) {
    const count = /^\d/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!]!;
    const days = /^(?:semana|week)/.test(m[2]!) ? count * 7 : count;
    out.push({ rank: 2, index: m.index, label: m[0], date: today.plus({ days }) });
  }
  return out;
}
