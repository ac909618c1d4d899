import { describe, expect, it } from 'vitest';
import { businessDaysPastDue, isBusinessDay, nextBusinessDay } from '../../../shared/domain/planning/business-day.js';

// Oracles: a 2026–2027 wall calendar and the official holiday decrees (MX LFT art. 74; CO Ley 51 de 1983).
describe('business days', () => {
  it('rolls a Saturday or Sunday deadline to Monday', () => {
    expect(nextBusinessDay('2026-12-12', 'MX')).toBe('2026-12-14'); // Saturday
    expect(nextBusinessDay('2026-12-13', 'MX')).toBe('2026-12-14'); // Sunday
    expect(nextBusinessDay('2026-12-14', 'MX')).toBe('2026-12-14'); // Monday stays
  });

  it('rolls a public holiday of the debtor’s country, and a long weekend, to the next business day', () => {
    expect(nextBusinessDay('2026-12-25', 'CO')).toBe('2026-12-28'); // Navidad is a Friday
    expect(nextBusinessDay('2027-01-01', 'MX')).toBe('2027-01-04'); // Año Nuevo, a Friday
    expect(isBusinessDay('2026-12-08', 'CO')).toBe(false); // Inmaculada Concepción
    expect(isBusinessDay('2026-12-08', 'MX')).toBe(true);
  });

  it('knows only weekends when the country is unknown', () => {
    expect(nextBusinessDay('2026-12-25', undefined)).toBe('2026-12-25');
  });

  it('counts days late from the business day: due on a holiday is not late the next business day', () => {
    // Due Friday 25 Dec 2026 in Bogotá: payable Monday 28; on Monday 0 days late, Tuesday 1.
    expect(businessDaysPastDue('2026-12-25', new Date('2026-12-28T15:00:00Z'), 'America/Bogota', 'CO')).toBe(0);
    expect(businessDaysPastDue('2026-12-25', new Date('2026-12-29T15:00:00Z'), 'America/Bogota', 'CO')).toBe(1);
  });

  it('refuses what is not a date', () => {
    expect(() => nextBusinessDay('2026-13-40', 'MX')).toThrow(RangeError);
  });
});
