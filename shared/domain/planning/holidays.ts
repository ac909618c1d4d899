import table from './public-holidays.json' with { type: 'json' };

/** country → year → `MMDD,MMDD,…` of its national public holidays (infra/tools/generate-holidays.ts). */
const holidays = table as Readonly<Record<string, Readonly<Record<string, string>>>>;
const cache = new Map<string, ReadonlySet<string>>();

/**
 * Whether `date` (a local calendar date, `YYYY-MM-DD`) is a national public holiday of `country`
 * (ISO 3166-1 alpha-2). Only date-holidays' `public` type counts: bank holidays, observances and
 * optional days are ordinary contact days. A country or year outside the table (see
 * holiday-coverage.ts) has no known holidays.
 *
 * @example
 * isPublicHoliday('MX', '2026-09-16') // true (Día de la Independencia)
 */
export function isPublicHoliday(country: string, date: string): boolean {
  const key = `${country.toUpperCase()}:${date.slice(0, 4)}`;
  let days = cache.get(key);
  if (!days) {
    const compact = holidays[country.toUpperCase()]?.[date.slice(0, 4)];
    days = new Set(compact ? compact.split(',').map((mmdd) => `${mmdd.slice(0, 2)}-${mmdd.slice(2)}`) : []);
    cache.set(key, days);
  }
  return days.has(date.slice(5, 10));
}
