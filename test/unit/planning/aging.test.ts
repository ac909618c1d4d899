import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { agingBucket, daysPastDue, nextBucketStart } from '../../../shared/domain/planning/aging.js';

describe('daysPastDue', () => {
  it('is 0 on the due date, negative before, positive after', () => {
    expect(daysPastDue('2026-12-15', new Date('2026-12-15T18:00:00Z'), 'America/Mexico_City')).toBe(0);
    expect(daysPastDue('2026-12-15', new Date('2026-12-10T18:00:00Z'), 'America/Mexico_City')).toBe(-5);
    expect(daysPastDue('2026-12-15', new Date('2027-01-14T18:00:00Z'), 'America/Mexico_City')).toBe(30);
  });

  it("counts calendar days in the debtor's zone, not in UTC", () => {
    // 03:00 UTC on the 18th is still the evening of the 17th in Mexico City, already the 18th in Madrid.
    const now = new Date('2026-12-18T03:00:00Z');
    expect(daysPastDue('2026-12-15', now, 'America/Mexico_City')).toBe(2);
    expect(daysPastDue('2026-12-15', now, 'Europe/Madrid')).toBe(3);
  });

  it('is not thrown off by a DST change in between', () => {
    // Chile springs forward on 2026-09-06: the day is 23 hours long.
    expect(daysPastDue('2026-09-05', new Date('2026-09-07T03:30:00Z'), 'America/Santiago')).toBe(2);
  });

  it('counts in UTC for an unknown zone', () => {
    expect(daysPastDue('2026-12-15', new Date('2026-12-18T03:00:00Z'), 'Not/A_Zone')).toBe(3);
  });

  it('rejects a malformed due date', () => {
    expect(() => daysPastDue('15/12/2026', new Date(), 'UTC')).toThrow(RangeError);
    expect(() => daysPastDue('2026-02-30', new Date(), 'UTC')).toThrow(RangeError);
  });
});

describe('agingBucket', () => {
  it.each([
    [-1, 'not-due'],
    [-200, 'not-due'],
    [0, '0-30'],
    [30, '0-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
    [5000, '90+'],
  ] as const)('puts %i days past due in %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });
});

describe('nextBucketStart', () => {
  it('is local midnight of the day the invoice turns 31, 61 and then 91 days late', () => {
    const zone = 'America/Mexico_City';
    expect(nextBucketStart('2026-12-01', new Date('2026-11-23T14:00:00Z'), zone)?.toISOString()).toBe('2027-01-01T06:00:00.000Z');
    expect(nextBucketStart('2026-12-01', new Date('2027-01-01T06:00:00Z'), zone)?.toISOString()).toBe('2027-01-31T06:00:00.000Z');
    expect(nextBucketStart('2026-12-01', new Date('2027-02-15T12:00:00Z'), zone)?.toISOString()).toBe('2027-03-02T06:00:00.000Z');
  });

  it('is undefined once the invoice is in the 90+ bucket (no later segment to move to)', () => {
    expect(nextBucketStart('2026-01-01', new Date('2026-11-23T14:00:00Z'), 'America/Bogota')).toBeUndefined();
  });

  it('counts the debtor’s days across a DST change (Santiago)', () => {
    // Chile moves its clocks forward in early September; the boundary is still local midnight.
    const start = nextBucketStart('2026-08-20', new Date('2026-08-21T12:00:00Z'), 'America/Santiago');
    expect(start?.toISOString()).toBe(DateTime.fromISO('2026-09-20T00:00', { zone: 'America/Santiago' }).toUTC().toISO());
  });
});
