/**
 * `npm run generate:holidays` — writes shared/domain/planning/public-holidays.json from date-holidays,
 * with the legal corrections of holiday-corrections.ts applied (each one cites its law).
 *
 * Why a generated table: date-holidays computes holidays at run time with moment-timezone and
 * astronomical data, about 1.3 MB minified, which would put the planner Lambda far over its 1 MB
 * bundle budget. The national public holidays of the countries we serve, for the years we plan in,
 * are a few kilobytes. test/unit/planning/public-holidays-table.test.ts fails when the table and
 * date-holidays + corrections disagree (after upgrading date-holidays, run this again), and
 * public-holidays-law.test.ts compares CO, CL, PE, MX and US with calendars written from the laws.
 */
import { writeFile } from 'node:fs/promises';
import Holidays from 'date-holidays';
import { HOLIDAY_COUNTRIES, HOLIDAY_YEARS } from '../../shared/domain/planning/holiday-coverage.js';
import { HOLIDAY_CORRECTIONS } from './holiday-corrections.js';

/**
 * country → year → the year's holidays as `MMDD` joined by commas (`"0101,0202,0316"`): the table
 * is bundled into every function that renders or plans a message, and this form is half the size
 * of an array of `"MM-DD"` strings.
 */
export function publicHolidayTable(): Record<string, Record<string, string>> {
  const table: Record<string, Record<string, string>> = {};
  for (const country of HOLIDAY_COUNTRIES) {
    const calendar = new Holidays(country);
    table[country] = {};
    for (let year = HOLIDAY_YEARS.from; year <= HOLIDAY_YEARS.to; year += 1) {
      // `date` is local to the country ("2026-09-16 00:00:00"); keep MM-DD, once each, sorted.
      const days = calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(5, 10));
      const corrected = new Set(days);
      for (const correction of HOLIDAY_CORRECTIONS.filter((c) => c.country === country)) {
        const { add = [], remove = [] } = correction.change(year);
        for (const day of remove) corrected.delete(day);
        for (const day of add) corrected.add(day);
      }
      table[country][String(year)] = [...corrected].sort().map((mmdd) => mmdd.replace('-', '')).join(',');
    }
  }
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL('../../shared/domain/planning/public-holidays.json', import.meta.url);
  await writeFile(target, `${JSON.stringify(publicHolidayTable())}\n`);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
