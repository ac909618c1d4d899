/**
 * The public-holiday table against calendars written here from the laws, for 2027, 2028 and 2029.
 * Nothing below comes from date-holidays or from the generator: the moving rules are typed from the
 * laws (Ley Emiliani, Ley 19.668, 5 U.S.C. 6103, LFT art. 74), Easter comes from the small computus
 * below (Butcher's algorithm, as printed in the Nautical Almanac of 1876), and a few dates are literal
 * (the Chilean solstice day, the Mexican election Sundays).
 */
import { describe, expect, it } from 'vitest';
import table from '../../../shared/domain/planning/public-holidays.json' with { type: 'json' };

const YEARS = [2027, 2028, 2029] as const;
const DAY = 86_400_000;

/** Easter Sunday, Butcher's algorithm (written out independently of the generator's). */
function easter(year: number): Date {
  const golden = year % 19;
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  const epact = (19 * golden + century - Math.floor(century / 4) - Math.floor((century - Math.floor((century + 8) / 25) + 1) / 3) + 15) % 30;
  const weekday = (32 + 2 * (century % 4) + 2 * Math.floor(yearOfCentury / 4) - epact - (yearOfCentury % 4)) % 7;
  const correction = Math.floor((golden + 11 * epact + 22 * weekday) / 451);
  const month = Math.floor((epact + weekday - 7 * correction + 114) / 31);
  const day = ((epact + weekday - 7 * correction + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const date = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
const plus = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
const iso = (d: Date) => d.toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday. */
const weekday = (d: Date) => d.getUTCDay();
/** The date itself when a Monday, else the Monday after it (Ley 51 de 1983 art. 1, "Ley Emiliani"). */
const mondayOnOrAfter = (d: Date) => plus(d, (8 - weekday(d)) % 7);
/** The `n`th `day` (0 = Sunday) of a month; n = -1: the last one. */
function nth(year: number, month: number, day: number, n: number): Date {
  if (n === -1) {
    const last = date(year, month + 1, 0);
    return plus(last, -((weekday(last) - day + 7) % 7));
  }
  const first = date(year, month, 1);
  return plus(first, ((day - weekday(first) + 7) % 7) + 7 * (n - 1));
}

/** Colombia: Ley 37 de 1905, Ley 51 de 1983 (moves to Monday), Ley 2578 de 2026 (Virgen de Chiquinquirá). */
function colombia(year: number): Date[] {
  const e = easter(year);
  return [
    date(year, 1, 1),
    mondayOnOrAfter(date(year, 1, 6)), // Reyes Magos
    mondayOnOrAfter(date(year, 3, 19)), // San José
    plus(e, -3), // Jueves Santo (not moved)
    plus(e, -2), // Viernes Santo (not moved)
    date(year, 5, 1),
    mondayOnOrAfter(plus(e, 39)), // Ascensión del Señor
    mondayOnOrAfter(plus(e, 60)), // Corpus Christi
    mondayOnOrAfter(plus(e, 68)), // Sagrado Corazón
    mondayOnOrAfter(date(year, 6, 29)), // San Pedro y San Pablo
    mondayOnOrAfter(date(year, 7, 9)), // Nuestra Señora del Rosario de Chiquinquirá (Ley 2578 de 2026, moved by Ley 51)
    date(year, 7, 20),
    date(year, 8, 7),
    mondayOnOrAfter(date(year, 8, 15)), // Asunción
    mondayOnOrAfter(date(year, 10, 12)), // Día de la Raza
    mondayOnOrAfter(date(year, 11, 1)), // Todos los Santos
    mondayOnOrAfter(date(year, 11, 11)), // Independencia de Cartagena
    date(year, 12, 8),
    date(year, 12, 25),
  ];
}

/** Chile's winter solstice, local date (Ley 21.357; instants from the USNO almanac, Chile on UTC-4 in June). */
const CL_SOLSTICE: Readonly<Record<number, Date>> = {
  2027: date(2027, 6, 21), // 08:11 UTC → 04:11 local
  2028: date(2028, 6, 20), // 20:02 UTC → 16:02 local
  2029: date(2029, 6, 20), // 01:48 UTC on the 21st → 21:48 local on the 20th
};

/**
 * Ley 19.668: a holiday on Tuesday, Wednesday or Thursday moves to the Monday before, on Friday to the
 * Monday after; Saturday and Sunday stay.
 */
function chileanMonday(d: Date): Date {
  const w = weekday(d);
  if (w >= 2 && w <= 4) return plus(d, -(w - 1));
  if (w === 5) return plus(d, 3);
  return d;
}

/** Chile: Ley 2.977 and later laws (the citation of each line). */
function chile(year: number): Date[] {
  const e = easter(year);
  const days = [
    date(year, 1, 1),
    plus(e, -2), // Viernes Santo (Ley 2.977)
    plus(e, -1), // Sábado Santo (Ley 2.977)
    date(year, 5, 1),
    date(year, 5, 21),
    CL_SOLSTICE[year]!, // Día Nacional de los Pueblos Indígenas (Ley 21.357)
    chileanMonday(date(year, 6, 29)), // San Pedro y San Pablo (Ley 19.668)
    date(year, 7, 16), // Virgen del Carmen (Ley 20.148)
    date(year, 8, 15),
    date(year, 9, 18),
    date(year, 9, 19),
    chileanMonday(date(year, 10, 12)), // Encuentro de Dos Mundos (Ley 19.668)
    date(year, 11, 1),
    date(year, 12, 8),
    date(year, 12, 25),
  ];
  // Iglesias Evangélicas (Ley 20.299, Ley 20.663): 31 October; on a Tuesday the Friday before, on a Wednesday the Friday after.
  const reformation = date(year, 10, 31);
  days.push(weekday(reformation) === 2 ? plus(reformation, -4) : weekday(reformation) === 3 ? plus(reformation, 2) : reformation);
  // Ley 20.215: 17 September on a Monday, 20 September on a Friday; Ley 20.983: 17 September on a Friday when the 18th and 19th are a weekend.
  if (weekday(date(year, 9, 17)) === 1 || weekday(date(year, 9, 17)) === 5) days.push(date(year, 9, 17));
  if (weekday(date(year, 9, 20)) === 5) days.push(date(year, 9, 20));
  // Ley 20.983: 2 January when 1 January is a Sunday.
  if (weekday(date(year, 1, 1)) === 0) days.push(date(year, 1, 2));
  return days;
}

/** Peru: D. Leg. 713 art. 6 as amended (Ley 31381: 9 Dec; Ley 31530: 6 Aug; Ley 31788: 7 Jun; Ley 31822: 23 Jul). */
function peru(year: number): Date[] {
  const e = easter(year);
  return [
    date(year, 1, 1),
    plus(e, -3), // Jueves Santo
    plus(e, -2), // Viernes Santo
    date(year, 5, 1),
    date(year, 6, 7), // Batalla de Arica y Día de la Bandera (Ley 31788)
    date(year, 6, 29),
    date(year, 7, 23), // Día de la Fuerza Aérea (Ley 31822)
    date(year, 7, 28),
    date(year, 7, 29),
    date(year, 8, 6), // Batalla de Junín (Ley 31530)
    date(year, 8, 30),
    date(year, 10, 8),
    date(year, 11, 1),
    date(year, 12, 8),
    date(year, 12, 9), // Batalla de Ayacucho (Ley 31381)
    date(year, 12, 25),
  ];
}

/** The first Sunday of June of a federal election year (LGIPE art. 22), written out. */
const MX_ELECTIONS: Readonly<Record<number, Date>> = { 2027: date(2027, 6, 6) };

/** Mexico: Ley Federal del Trabajo art. 74 (fr. II, III, VI by moving Mondays; fr. VII on 1 October every six years from 2024; fr. IX election days). */
function mexico(year: number): Date[] {
  const days = [
    date(year, 1, 1),
    nth(year, 2, 1, 1), // first Monday of February
    nth(year, 3, 1, 3), // third Monday of March
    date(year, 5, 1),
    date(year, 9, 16),
    nth(year, 11, 1, 3), // third Monday of November
    date(year, 12, 25),
  ];
  if (MX_ELECTIONS[year]) days.push(MX_ELECTIONS[year]);
  return days;
}

/** A federal holiday on Saturday is observed on Friday, on Sunday on Monday (5 U.S.C. 6103(b); EO 11582). */
function observed(d: Date): Date[] {
  if (weekday(d) === 6) return [d, plus(d, -1)];
  if (weekday(d) === 0) return [d, plus(d, 1)];
  return [d];
}

/** United States: 5 U.S.C. 6103(a), with the observed days; New Year of the next year may be observed on 31 December. */
function unitedStates(year: number): Date[] {
  const days = [
    ...observed(date(year, 1, 1)),
    nth(year, 1, 1, 3), // Birthday of Martin Luther King, Jr.
    nth(year, 2, 1, 3), // Washington's Birthday
    nth(year, 5, 1, -1), // Memorial Day
    ...observed(date(year, 6, 19)), // Juneteenth
    ...observed(date(year, 7, 4)),
    nth(year, 9, 1, 1), // Labor Day
    nth(year, 10, 1, 2), // Columbus Day
    ...observed(date(year, 11, 11)), // Veterans Day
    nth(year, 11, 4, 4), // Thanksgiving Day
    ...observed(date(year, 12, 25)),
  ];
  if (weekday(date(year + 1, 1, 1)) === 6) days.push(date(year, 12, 31));
  return days.filter((d) => d.getUTCFullYear() === year);
}

const LAW: ReadonlyArray<readonly [string, (year: number) => Date[], boolean]> = [
  // [country, calendar, whether Sundays are compared]: in CO, CL and PE every Sunday is a rest day and
  // no contact day of their presets, and the table also lists Easter Sunday; MX and US allow Sundays.
  ['CO', colombia, false],
  ['CL', chile, false],
  ['PE', peru, false],
  ['MX', mexico, true],
  ['US', unitedStates, true],
];

const inTable = (country: string, year: number) =>
  ((table as Record<string, Record<string, string>>)[country]?.[String(year)] ?? '')
    .split(',')
    .filter(Boolean)
    .map((mmdd) => `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`);

describe('the public-holiday table against the law', () => {
  for (const [country, calendar, sundays] of LAW) {
    it.each(YEARS)(`${country} %i`, (year) => {
      const keep = (day: string) => sundays || weekday(new Date(`${day}T00:00:00Z`)) !== 0;
      const expected = [...new Set(calendar(year).map(iso))].filter(keep).sort();
      expect(inTable(country, year).filter(keep).sort()).toEqual(expected);
    });
  }

  it('has the corrections the issue found: CL Sábado Santo, MX transition on 1 October 2030', () => {
    expect(inTable('CL', 2027)).toContain('2027-03-27');
    expect(inTable('MX', 2030)).toContain('2030-10-01');
    expect(inTable('MX', 2030)).not.toContain('2030-12-01');
  });

  it('computes Easter as the published dates (28 March 2027, 16 April 2028, 1 April 2029)', () => {
    expect(YEARS.map((year) => iso(easter(year)))).toEqual(['2027-03-28', '2028-04-16', '2029-04-01']);
  });
});
