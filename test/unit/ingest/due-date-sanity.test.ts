import { describe, expect, it } from 'vitest';
import { dueDateWarning } from '../../../shared/domain/ingest/due-date-sanity.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';

// Thresholds from the issue: before 2000, more than 5 years (1,825 days) past, more than 2 years (730 days) ahead.
const c = defaultPolicy.collectability;

describe('dueDateWarning', () => {
  it('flags a due date before 2000 (1900-01-01 typed for "unknown")', () => {
    expect(dueDateWarning('1900-01-01', '2026-12-07', c)).toBe('due date 1900-01-01 is before 2000-01-01');
    expect(dueDateWarning('1999-12-31', '2026-12-07', c)).toBe('due date 1999-12-31 is before 2000-01-01');
  });

  it('flags a due date more than five years past, not one exactly five years past', () => {
    // 2021-12-07 → 2026-12-07 is 1,826 days (2024 is a leap year): over the limit; 2021-12-08 is 1,825.
    expect(dueDateWarning('2021-12-08', '2026-12-07', c)).toBeUndefined();
    expect(dueDateWarning('2021-12-07', '2026-12-07', c)).toBe('due date 2021-12-07 is 1826 days past, more than the 1825 the policy collects automatically');
  });

  it('flags a due date more than two years ahead', () => {
    // 2026-12-07 + 730 days = 2028-12-06 (2028 is a leap year).
    expect(dueDateWarning('2028-12-06', '2026-12-07', c)).toBeUndefined();
    expect(dueDateWarning('2028-12-07', '2026-12-07', c)).toBe('due date 2028-12-07 is 731 days ahead, more than 730');
  });

  it('leaves ordinary dates alone', () => {
    expect(dueDateWarning('2026-08-20', '2026-12-07', c)).toBeUndefined();
    expect(dueDateWarning('2027-01-15', '2026-12-07', c)).toBeUndefined();
  });
});
