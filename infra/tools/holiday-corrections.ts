/**
 * Where date-holidays (the source of shared/domain/planning/public-holidays.json) and the law disagree,
 * the law wins: each correction names its source. generate-holidays.ts applies them after reading
 * date-holidays; test/unit/planning/public-holidays-*.test.ts compares the result with hand-written
 * calendars from the laws.
 */

/** One change to a country's year: days added and removed, as `MM-DD`. */
export interface HolidayCorrection {
  readonly country: string;
  readonly source: string;
  readonly change: (year: number) => { readonly add?: readonly string[]; readonly remove?: readonly string[] };
}

export const HOLIDAY_CORRECTIONS: readonly HolidayCorrection[] = [
  {
    // date-holidays lists Viernes Santo but not the Saturday after it.
    country: 'CL',
    source: 'Ley 2.977 art. 1 (feriados: Viernes Santo y Sábado Santo); Dirección del Trabajo, feriados legales',
    change: (year) => ({ add: [shiftDays(easterSunday(year), -1)] }),
  },
  {
    // date-holidays still puts the transition on 1 December (the pre-2024 date) every six years.
    country: 'MX',
    source: 'Ley Federal del Trabajo art. 74 fr. VII (reforma de 2024): "el 1o. de octubre de cada seis años, cuando corresponda a la transmisión del Poder Ejecutivo Federal"',
    change: (year) => (year >= 2024 && (year - 2024) % 6 === 0 ? { add: ['10-01'], remove: ['12-01'] } : {}),
  },
  {
    // Federal elections are on the first Sunday of June every three years (LGIPE art. 22), and the
    // day of an ordinary election is a mandatory rest day.
    country: 'MX',
    source: 'Ley Federal del Trabajo art. 74 fr. IX; LGIPE art. 22 (jornada electoral: primer domingo de junio)',
    change: (year) => (year >= 2027 && (year - 2027) % 3 === 0 ? { add: [firstSundayOfJune(year)] } : {}),
  },
  {
    // date-holidays types the observed Veterans Day (11 November on a weekend) as a bank holiday
    // while every other observed federal holiday is public.
    country: 'US',
    source: '5 U.S.C. 6103(a)-(b); Executive Order 11582 (a holiday on Saturday is observed on Friday, on Sunday on Monday)',
    change: (year) => {
      const weekday = new Date(Date.UTC(year, 10, 11)).getUTCDay();
      return weekday === 6 ? { add: ['11-10'] } : weekday === 0 ? { add: ['11-12'] } : {};
    },
  },
];

/** `YYYY-MM-DD` of Easter Sunday (Gregorian; the anonymous algorithm of Meeus, "Astronomical Algorithms" ch. 8). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** `MM-DD` of the day `days` after the date `YYYY-MM-DD`. */
function shiftDays(date: string, days: number): string {
  const shifted = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return `${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

function firstSundayOfJune(year: number): string {
  const weekday = new Date(Date.UTC(year, 5, 1)).getUTCDay();
  return `06-${pad(1 + ((7 - weekday) % 7))}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
