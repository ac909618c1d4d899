import { describe, expect, it } from 'vitest';
import { publicHolidayTable } from '../../../infra/tools/generate-holidays.js';
import { HOLIDAY_COUNTRIES, HOLIDAY_YEARS } from '../../../shared/domain/planning/holiday-coverage.js';
import { isPublicHoliday } from '../../../shared/domain/planning/holidays.js';
import table from '../../../shared/domain/planning/public-holidays.json' with { type: 'json' };

describe('the generated public-holiday table', () => {
  it('is exactly what date-holidays says for every covered country and year (run npm run generate:holidays if not)', () => {
    expect(table).toEqual(publicHolidayTable());
  });

  it('covers the countries Cobranza serves for the years it plans in', () => {
    expect(Object.keys(table).sort()).toEqual([...HOLIDAY_COUNTRIES].sort());
    for (const country of ['MX', 'CO', 'PE', 'CL', 'US']) {
      expect(Object.keys((table as Record<string, object>)[country]!)).toHaveLength(HOLIDAY_YEARS.to - HOLIDAY_YEARS.from + 1);
    }
  });

  it('answers national holidays, not ordinary days', () => {
    expect(isPublicHoliday('MX', '2026-09-16')).toBe(true);
    expect(isPublicHoliday('mx', '2026-12-25')).toBe(true);
    expect(isPublicHoliday('CO', '2026-07-20')).toBe(true);
    expect(isPublicHoliday('MX', '2026-09-17')).toBe(false);
    expect(isPublicHoliday('ZZ', '2026-12-25')).toBe(false);
  });
});
