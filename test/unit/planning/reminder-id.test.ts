import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reminderId, scheduleName } from '../../../shared/domain/planning/reminder-id.js';

const parts = { accountId: 'C-001', invoiceNumber: 'F-1001', dueDate: '2026-12-15', segmentId: 'standard', stepId: 'd+3' };

describe('reminderId', () => {
  it('is 32 lowercase hex characters, the same every time', () => {
    const id = reminderId(parts);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(reminderId({ ...parts })).toBe(id);
  });

  it('changes with every part', () => {
    const id = reminderId(parts);
    for (const key of Object.keys(parts) as (keyof typeof parts)[]) {
      expect(reminderId({ ...parts, [key]: `${parts[key]}x` }), key).not.toBe(id);
    }
  });

  it('cannot be fooled by moving a separator between parts', () => {
    expect(reminderId({ ...parts, accountId: 'A-B', invoiceNumber: 'C' })).not.toBe(
      reminderId({ ...parts, accountId: 'A', invoiceNumber: 'B-C' }),
    );
  });
});

describe('scheduleName', () => {
  it('is a valid EventBridge Scheduler name for any reminder id', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (accountId, invoiceNumber, stepId) => {
        const name = scheduleName(reminderId({ ...parts, accountId, invoiceNumber, stepId }));
        expect(name).toMatch(/^cobranza-[0-9a-f]{32}$/);
        expect(name.length).toBeLessThanOrEqual(64);
      }),
    );
  });

  it('refuses an id that would make an invalid name', () => {
    expect(() => scheduleName('has space')).toThrow(RangeError);
    expect(() => scheduleName('x'.repeat(60))).toThrow(RangeError);
  });
});
