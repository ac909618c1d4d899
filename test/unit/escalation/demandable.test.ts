import { describe, expect, it } from 'vitest';
import { splitForDemand } from '../../../shared/domain/escalation/demandable.js';
import type { Invoice } from '../../../shared/domain/types.js';

const invoice = (invoiceNumber: string, dueDate: string, extra: Partial<Invoice> = {}): Invoice => ({
  accountId: 'A-1',
  invoiceNumber,
  currency: 'MXN',
  amount: 100_000,
  balance: 100_000,
  dueDate,
  status: 'open',
  ...extra,
});

describe('splitForDemand', () => {
  // Tuesday 15 Dec 2026, 10:00 in Mexico City.
  const now = new Date('2026-12-15T16:00:00Z');

  it('demands only what is past due, undisputed and with sound dates; lists the rest apart', () => {
    const split = splitForDemand(
      [
        invoice('LATE', '2026-11-30'),
        invoice('TODAY', '2026-12-15'),
        invoice('NEXT-WEEK', '2026-12-22'),
        invoice('HELD', '2026-10-01'),
        invoice('ODD', '1900-01-01', { dateWarning: 'due before 2000-01-01' }),
        invoice('PAID', '2026-10-01', { status: 'paid', balance: 0 }),
      ],
      [{ invoiceNumber: 'HELD', status: 'open' }],
      now,
      'America/Mexico_City',
      'MX',
    );
    expect(split.overdue.map((o) => [o.invoice.invoiceNumber, o.daysLate])).toEqual([['LATE', 15]]);
    expect(split.notYetDue.map((i) => i.invoiceNumber)).toEqual(['TODAY', 'NEXT-WEEK']);
    expect(split.disputed.map((i) => i.invoiceNumber)).toEqual(['HELD']);
    expect(split.review.map((i) => i.invoiceNumber)).toEqual(['ODD']);
  });

  it('does not call an invoice due on a Saturday late on the Monday after', () => {
    const monday = new Date('2026-12-14T16:00:00Z');
    const split = splitForDemand([invoice('SAT', '2026-12-12')], [], monday, 'America/Mexico_City', 'MX');
    expect(split.overdue).toEqual([]);
    expect(split.notYetDue.map((i) => i.invoiceNumber)).toEqual(['SAT']);
  });

  it('a resolved dispute holds nothing', () => {
    const split = splitForDemand([invoice('X', '2026-11-01')], [{ invoiceNumber: 'X', status: 'resolved' }], now, 'America/Mexico_City', 'MX');
    expect(split.overdue.map((o) => o.invoice.invoiceNumber)).toEqual(['X']);
  });
});
