import Holidays from 'date-holidays';

/** country → year → the `YYYY-MM-DD` dates of its public holidays. Built lazily, kept for the process. */
const cache = new Map<string, Map<number, ReadonlySet<string>>>();
const calendars = new Map<string, Holidays | undefined>();

/**
 * Whether `date` (a local calendar date, `YYYY-MM-DD`) is a national public holiday of `country`
 * (ISO 3166-1 alpha-2), per date-holidays. Only the `public` type counts: bank holidays, observances
 * and optional days are ordinary contact days. An unknown country has no holidays.
 *
 * @example
 * isPublicHoliday('MX', '2026-09-16') // true (Día de la Independencia)
 */
export function isPublicHoliday(country: string, date: string): boolean {
  const year = Number(date.slice(0, 4));
  return holidaysOf(country.toUpperCase(), year).has(date);
}

function holidaysOf(country: string, year: number): ReadonlySet<string> {
  let years = cache.get(country);
  if (!years) {
    years = new Map();
    cache.set(country, years);
  }
  let dates = years.get(year);
  if (!dates) {
    const calendar = calendarOf(country);
    const list = calendar ? calendar.getHolidays(year) : [];
    // `date` is local to the country ("2026-09-16 00:00:00"); a half-day holiday still blocks the day.
    dates = new Set(list.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    years.set(year, dates);
  }
  return dates;
}

function calendarOf(country: string): Holidays | undefined {
  if (calendars.has(country)) return calendars.get(country);
  let calendar: Holidays | undefined;
  if (/^[A-Z]{2}$/.test(country)) {
    try {
      // A country the library does not know yields a calendar with no holidays, not an error.
      calendar = new Holidays(country);
    } catch {
      calendar = undefined;
    }
  }
  calendars.set(country, calendar);
  return calendar;
}
