import { describe, expect, it } from 'vitest';
import { dayInZone } from '../../../shared/analytics/curate/dates.js';

describe('curate: the day of an instant in the reporting zone', () => {
  it('turns at local midnight, also when the zone is not a whole number of hours from UTC', () => {
    // Kathmandu is UTC+5:45: local midnight of Dec 2 is 18:15 UTC on Dec 1.
    const kathmandu = dayInZone('Asia/Kathmandu');
    expect(kathmandu('2026-12-01T18:14:59.999Z')).toBe('2026-12-01');
    expect(kathmandu('2026-12-01T18:15:00.000Z')).toBe('2026-12-02');
    expect(kathmandu('2026-12-01T18:14:00.000Z')).toBe('2026-12-01');
    // Monrovia was UTC−0:44:30 in 1970: Jan 2 began at 00:44:30 UTC, inside a quarter hour.
    const monrovia = dayInZone('Africa/Monrovia');
    expect(monrovia('1970-01-02T00:44:29Z')).toBe('1970-01-01');
    expect(monrovia('1970-01-02T00:44:30Z')).toBe('1970-01-02');
    expect(monrovia('1970-01-02T00:30:00Z')).toBe('1970-01-01');
  });

  it('gives every instant of a day the same day, many instants after one another, across a DST change', () => {
    // Santiago: DST ended on 2026-04-05 at 00:00 local (03:00 UTC), clocks back to 23:00 on Apr 4.
    const santiago = dayInZone('America/Santiago');
    expect(santiago('2026-04-05T02:59:59Z')).toBe('2026-04-04');
    expect(santiago('2026-04-05T03:00:00Z')).toBe('2026-04-04');
    expect(santiago('2026-04-05T03:59:59Z')).toBe('2026-04-04');
    expect(santiago('2026-04-05T04:00:00Z')).toBe('2026-04-05');
    const mexico = dayInZone('America/Mexico_City');
    for (let minute = 0; minute < 24 * 60; minute += 7) {
      const at = new Date(Date.parse('2026-12-01T06:00:00Z') + minute * 60_000);
      expect(mexico(at)).toBe('2026-12-01');
    }
    expect(mexico('2026-12-02T06:00:00Z')).toBe('2026-12-02');
    expect(mexico('not an instant')).toBeNull();
  });
});
