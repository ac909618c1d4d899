import { describe, expect, it } from 'vitest';
import { planReminders, selectSegment, type PlanInput } from '../../../shared/domain/planning/planner.js';
import { reminderId } from '../../../shared/domain/planning/reminder-id.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy, PolicyInput } from '../../../shared/domain/policy/schema.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';

const account: Account = {
  accountId: 'C-001',
  name: 'Abarrotes La Esperanza',
  email: 'cxp@esperanza.mx',
  country: 'MX',
  timezone: 'America/Mexico_City',
  locale: 'es-MX',
};
const invoice: Invoice = {
  accountId: 'C-001',
  invoiceNumber: 'F-1001',
  currency: 'MXN',
  amount: 1_234_567,
  balance: 1_234_567,
  dueDate: '2026-12-15',
  status: 'open',
};

function plan(overrides: Partial<PlanInput> = {}) {
  return planReminders({ account, invoice, policy: defaultPolicy, now: new Date('2026-11-23T14:00:00Z'), hasHistory: false, ...overrides });
}

function withPolicy(change: (draft: PolicyInput) => void): Policy {
  const draft: PolicyInput = structuredClone(defaultPolicy);
  change(draft);
  const parsed = parsePolicy(draft);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
}

/** A policy whose only step is the due date, to watch one reminder move. */
const dueDateOnly = withPolicy((p) => {
  p.segments = [{ id: 'only', match: {}, cadence: [{ id: 'd0', offsetDays: 0, template: 'due-today', tone: 'friendly' }] }];
});

const summary = (reminders: ReturnType<typeof plan>) => reminders.map((r) => [r.step.id, r.sendAt, r.catchUp]);

describe('planReminders', () => {
  it('plans -5 / 0 / +3 / +7 at 09:00 local for an invoice loaded well before its due date', () => {
    const reminders = plan();
    expect(summary(reminders)).toEqual([
      ['d-5', '2026-12-10T15:00:00.000Z', false],
      ['d0', '2026-12-15T15:00:00.000Z', false],
      ['d+3', '2026-12-18T15:00:00.000Z', false],
      ['d+7', '2026-12-22T15:00:00.000Z', false],
    ]);
    expect(reminders[0]).toEqual({
      accountId: 'C-001',
      invoiceNumber: 'F-1001',
      reminderId: reminderId({ accountId: 'C-001', invoiceNumber: 'F-1001', dueDate: '2026-12-15', segmentId: 'standard', stepId: 'd-5' }),
      segmentId: 'standard',
      step: { id: 'd-5', offsetDays: -5, channel: 'email', template: 'upcoming', tone: 'friendly' },
      sendAt: '2026-12-10T15:00:00.000Z',
      timezone: 'America/Mexico_City',
      catchUp: false,
    });
  });

  it.each([
    ['paid', { status: 'paid' as const }],
    ['cancelled', { status: 'cancelled' as const }],
    ['with nothing left to pay', { balance: 0 }],
  ])('plans nothing for an invoice %s', (_why, change) => {
    expect(plan({ invoice: { ...invoice, ...change } })).toEqual([]);
  });

  it.each([
    ['Independencia', '2026-09-16', '2026-09-17T14:00:00.000Z'],
    ['Navidad (a Friday)', '2026-12-25', '2026-12-28T14:00:00.000Z'],
    ['Año Nuevo (a Friday)', '2027-01-01', '2027-01-04T14:00:00.000Z'],
    ['Natalicio de Benito Juárez (third Monday of March)', '2026-03-16', '2026-03-17T14:00:00.000Z'],
  ])('pushes a due-date reminder on %s to 08:00 of the next business day', (_holiday, dueDate, expected) => {
    const reminders = plan({ policy: dueDateOnly, invoice: { ...invoice, dueDate }, now: new Date(`${dueDate.slice(0, 4)}-01-01T00:00:00Z`) });
    expect(summary(reminders)).toEqual([['d0', expected, false]]);
  });

  it('lets the +3 reminder speak alone when a holiday pushes the due-date reminder onto its day', () => {
    // Navidad is a Friday: d0 moves to Monday 28 Dec 08:00, the day of d+3 (09:00); the later step wins.
    const reminders = plan({ invoice: { ...invoice, dueDate: '2026-12-25' }, now: new Date('2026-12-01T00:00:00Z') });
    expect(summary(reminders)).toEqual([
      ['d-5', '2026-12-21T14:00:00.000Z', false], // Sunday 20 → Monday 08:00
      ['d+3', '2026-12-28T15:00:00.000Z', false],
      ['d+7', '2027-01-04T14:00:00.000Z', false], // Año Nuevo → Monday 08:00
    ]);
  });

  it('does not apply Mexican holidays to a Colombian debtor', () => {
    const colombian = { ...account, country: 'CO', timezone: 'America/Bogota', locale: 'es-CO' };
    const reminders = plan({ account: colombian, invoice: { ...invoice, currency: 'COP', dueDate: '2026-09-16' }, now: new Date('2026-09-01T00:00:00Z') });
    expect(reminders.find((r) => r.step.id === 'd0')?.sendAt).toBe('2026-09-16T14:00:00.000Z'); // 09:00 in Bogotá
  });

  it('moves a Friday 20:00 step to Monday 08:00', () => {
    const policy = withPolicy((p) => (p.sendTime = '20:00'));
    const reminders = plan({ policy, invoice: { ...invoice, dueDate: '2026-12-11' }, now: new Date('2026-12-01T00:00:00Z') });
    expect(reminders.find((r) => r.step.id === 'd0')?.sendAt).toBe('2026-12-14T14:00:00.000Z');
  });

  it('keeps 09:00 local on both sides of the DST change in America/Santiago', () => {
    const chilean = { ...account, country: 'CL', timezone: 'America/Santiago', locale: 'es-CL' };
    const chileanInvoice = { ...invoice, currency: 'CLP', balance: 1_500_000, amount: 1_500_000 };
    // Spring forward on Sunday 2026-09-06: Friday 4 Sep is UTC-4, Monday 7 Sep is UTC-3.
    const spring = plan({ account: chilean, invoice: { ...chileanInvoice, dueDate: '2026-09-04' }, now: new Date('2026-08-01T00:00:00Z') });
    expect(summary(spring).slice(1, 3)).toEqual([
      ['d0', '2026-09-04T13:00:00.000Z', false],
      ['d+3', '2026-09-07T12:00:00.000Z', false],
    ]);
    // Fall back on Sunday 2026-04-05; Friday 3 April is Good Friday, so the due-date reminder waits for
    // Monday 6 April, 08:00 at UTC-4.
    const autumn = { account: chilean, invoice: { ...chileanInvoice, dueDate: '2026-04-03' }, now: new Date('2026-03-01T00:00:00Z') };
    expect(summary(plan({ ...autumn, policy: dueDateOnly }))).toEqual([['d0', '2026-04-06T12:00:00.000Z', false]]);
    expect(plan(autumn).find((r) => r.step.id === 'd-5')?.sendAt).toBe('2026-03-30T11:00:00.000Z'); // Sunday 29 → Monday 08:00 at UTC-3
  });

  it('drops steps whose moment has passed', () => {
    const reminders = plan({ now: new Date('2026-12-16T00:00:00Z'), hasHistory: true });
    expect(summary(reminders)).toEqual([
      ['d+3', '2026-12-18T15:00:00.000Z', false],
      ['d+7', '2026-12-22T15:00:00.000Z', false],
    ]);
  });

  it('plans the step of today when its moment is still ahead, and drops it a minute after', () => {
    expect(plan({ now: new Date('2026-12-15T14:59:00Z'), hasHistory: true })[0]?.step.id).toBe('d0');
    expect(plan({ now: new Date('2026-12-15T15:00:00Z'), hasHistory: true })[0]?.step.id).toBe('d+3');
  });

  describe('catch-up', () => {
    it('walks a ladder up to the latest past step: friendly soon, then firm a week later', () => {
      // Wednesday 30 Dec 2026, 08:00 in Mexico City: 15 days late, every step of the standard cadence
      // past, the latest (d+7) firm. The debtor never heard from us: a friendly reminder first.
      const reminders = plan({ now: new Date('2026-12-30T14:00:00Z') });
      expect(summary(reminders)).toEqual([
        ['ladder-1', '2026-12-30T14:05:00.000Z', true],
        ['ladder-2', '2027-01-06T15:00:00.000Z', true], // Wednesday 6 Jan, 09:00 local
      ]);
      expect(reminders.map((r) => [r.step.template, r.step.tone])).toEqual([
        ['overdue', 'friendly'],
        ['overdue', 'firm'],
      ]);
    });

    it('waits for the window when the invoice is loaded at night or on a weekend', () => {
      // Saturday 2 Jan 2027 at 23:30 in Mexico City → Monday 4 Jan 08:00, then Monday 11 Jan 09:00.
      const reminders = plan({ now: new Date('2027-01-03T05:30:00Z') });
      expect(summary(reminders)).toEqual([
        ['ladder-1', '2027-01-04T14:00:00.000Z', true],
        ['ladder-2', '2027-01-11T15:00:00.000Z', true],
      ]);
    });

    it('does nothing for an invoice that already had reminders', () => {
      expect(plan({ now: new Date('2026-12-30T14:00:00Z'), hasHistory: true })).toEqual([]);
    });

    it('does nothing in a segment without catch-up', () => {
      const policy = withPolicy((p) => (p.segments[4]!.catchUp = false));
      expect(plan({ policy, now: new Date('2026-12-30T14:00:00Z') })).toEqual([]);
    });

    it('keeps the future steps after the catch-up', () => {
      // Thursday 17 Dec 2026 at 12:00 local: d-5 and d0 are past, d+3 is tomorrow.
      const reminders = plan({ now: new Date('2026-12-17T18:00:00Z') });
      expect(summary(reminders)).toEqual([
        ['d0', '2026-12-17T18:05:00.000Z', true],
        ['d+3', '2026-12-18T15:00:00.000Z', false],
        ['d+7', '2026-12-22T15:00:00.000Z', false],
      ]);
    });

    it('keeps only the later step when the catch-up lands on the day of a future step', () => {
      // Friday 18 Dec 2026 at 08:30 local: d0 is past, d+3 goes out at 09:00 today.
      const reminders = plan({ now: new Date('2026-12-18T14:30:00Z') });
      expect(summary(reminders)).toEqual([
        ['d+3', '2026-12-18T15:00:00.000Z', false],
        ['d+7', '2026-12-22T15:00:00.000Z', false],
      ]);
    });

    it('gives a 90+ day invoice loaded fresh the whole ladder before the formal notice', () => {
      // Monday 23 Nov 2026, 08:00 in Mexico City; the invoice is 175 days late and was never reminded.
      const reminders = plan({ invoice: { ...invoice, dueDate: '2026-06-01' }, now: new Date('2026-11-23T14:00:00Z') });
      expect(reminders.map((r) => [r.step.id, r.sendAt, r.step.template, r.step.tone])).toEqual([
        ['ladder-1', '2026-11-23T14:05:00.000Z', 'overdue', 'friendly'],
        ['ladder-2', '2026-11-30T15:00:00.000Z', 'overdue', 'firm'],
        ['ladder-3', '2026-12-07T15:00:00.000Z', 'final-notice', 'formal'],
      ]);
      expect(reminders.every((r) => r.segmentId === 'late-90-plus' && r.catchUp)).toBe(true);
    });

    it('keeps a pending ladder when the invoice changes bucket, and plans no cadence step before its last rung', () => {
      // Loaded 85 days late (61–90): the ladder runs past day 90, when the invoice is planned again.
      const loaded = { ...invoice, dueDate: '2026-08-30' };
      const first = plan({ invoice: loaded, now: new Date('2026-11-23T14:00:00Z') });
      expect(first.map((r) => r.step.id)).toEqual(['ladder-1', 'ladder-2', 'ladder-3']); // d+90 (28 Nov) waits: it is before rung 3
      const history = first.map((r, i) => ({ ...r, scheduleName: r.reminderId, status: i === 0 ? ('sent' as const) : ('scheduled' as const), updatedAt: '' }));
      // Day 91 (29 Nov, local midnight): the 90+ segment; the ladder's two pending rungs stay as they were.
      const again = plan({ invoice: loaded, now: new Date('2026-11-29T06:00:00Z'), hasHistory: true, history });
      expect(again.map((r) => [r.step.id, r.sendAt, r.reminderId])).toEqual(first.slice(1).map((r) => [r.step.id, r.sendAt, r.reminderId]));
    });

    it('never repeats a reminder sent less than a week ago (the d+91 notice the day after the d+90 one)', () => {
      const due = { ...invoice, dueDate: '2026-08-31' }; // d+90 = Sunday 29 Nov → sent Monday 30 Nov
      const sent = { reminderId: 'x', segmentId: 'late-61-90', step: { id: 'd+90', offsetDays: 90, channel: 'email' as const, template: 'final-notice', tone: 'formal' as const }, sendAt: '2026-11-30T15:00:00.000Z', status: 'sent' as const, catchUp: false, timezone: 'America/Mexico_City' };
      // Planned again on day 91 (Monday 30 Nov local midnight): d+91 would be Tuesday 1 Dec.
      expect(plan({ invoice: due, now: new Date('2026-11-30T06:00:00Z'), hasHistory: true, history: [sent] })).toEqual([]);
      expect(plan({ invoice: due, now: new Date('2026-11-30T06:00:00Z'), hasHistory: true }).map((r) => r.step.id)).toEqual(['d+91']);
    });

    it('a late invoice never reminded, whose next step is formal, hears a friendly and a firm reminder first', () => {
      // Due Thu 17 Sep 2026; Monday 23 Nov, 08:00 in Mexico City it is 67 days late (61–90): no step is
      // past yet, the next is d+75 (formal). The ladder ends in it; d+90 follows on Wednesday 16 Dec.
      const reminders = plan({ invoice: { ...invoice, dueDate: '2026-09-17' }, now: new Date('2026-11-23T14:00:00Z') });
      expect(reminders.map((r) => [r.step.id, r.sendAt, r.step.template, r.step.tone])).toEqual([
        ['ladder-1', '2026-11-23T14:05:00.000Z', 'overdue', 'friendly'],
        ['ladder-2', '2026-11-30T15:00:00.000Z', 'overdue', 'firm'],
        ['ladder-3', '2026-12-07T15:00:00.000Z', 'overdue', 'formal'],
        ['d+90', '2026-12-16T15:00:00.000Z', 'final-notice', 'formal'],
      ]);
    });

    it('says nothing within a week that a rung of the ladder already said (a firm d+45 four days after the firm rung)', () => {
      // Due Tue 20 Oct: 34 days late on Monday 23 Nov (31–60, next step d+35 firm). The firm rung goes
      // on Monday 30 Nov; d+45 (Friday 4 Dec, firm) would repeat it; d+60 (Sat 19 Dec → Mon 21) is formal.
      const reminders = plan({ invoice: { ...invoice, dueDate: '2026-10-20' }, now: new Date('2026-11-23T14:00:00Z') });
      expect(reminders.map((r) => [r.step.id, r.sendAt, r.step.tone])).toEqual([
        ['ladder-1', '2026-11-23T14:05:00.000Z', 'friendly'],
        ['ladder-2', '2026-11-30T15:00:00.000Z', 'firm'],
        ['d+60', '2026-12-21T14:00:00.000Z', 'formal'],
      ]);
    });

    it('plans nothing for an invoice whose dates a person must check', () => {
      expect(plan({ invoice: { ...invoice, dueDate: '1900-01-01', dateWarning: 'due date before 2000-01-01' } })).toEqual([]);
    });
  });

  it('never plans two reminders for one invoice on the same local day (the later step wins)', () => {
    // d0 on Saturday and d+1 on Sunday both move to Monday 08:00.
    const policy = withPolicy((p) => {
      p.segments[4]!.cadence = [
        { id: 'd0', offsetDays: 0, template: 'due-today', tone: 'friendly' },
        { id: 'd+1', offsetDays: 1, template: 'overdue', tone: 'friendly' },
        { id: 'd+2', offsetDays: 2, template: 'overdue', tone: 'firm' },
      ];
    });
    const reminders = plan({ policy, invoice: { ...invoice, dueDate: '2026-12-12' }, now: new Date('2026-12-01T00:00:00Z') });
    expect(summary(reminders)).toEqual([['d+2', '2026-12-14T15:00:00.000Z', false]]); // its own day, at 09:00
  });

  it('plans in UTC, and says so, for an account whose zone is not a zone', () => {
    const reminders = plan({ account: { ...account, timezone: 'Mars/Olympus_Mons', country: undefined } });
    expect(reminders.every((r) => r.timezone === 'UTC')).toBe(true);
    expect(reminders[0]?.sendAt).toBe('2026-12-10T09:00:00.000Z');
  });

  it('writes the zone in its canonical spelling for the scheduler', () => {
    expect(plan({ account: { ...account, timezone: 'america/mexico_city' } })[0]?.timezone).toBe('America/Mexico_City');
  });

  it('is deterministic', () => {
    expect(plan()).toEqual(plan());
    expect(plan({ now: new Date('2026-12-30T14:00:00Z') })).toEqual(plan({ now: new Date('2026-12-30T14:00:00Z') }));
  });

  it('fails loudly on a malformed due date', () => {
    expect(() => plan({ invoice: { ...invoice, dueDate: '15/12/2026' } })).toThrow(RangeError);
  });
});

describe('selectSegment', () => {
  const at = (now: string, change: Partial<Invoice> = {}, who: Partial<Account> = {}) =>
    selectSegment({ ...account, ...who }, { ...invoice, ...change }, defaultPolicy, new Date(now)).id;

  it('picks the segment by aging bucket in the debtor zone', () => {
    expect(at('2026-12-01T12:00:00Z')).toBe('standard');
    expect(at('2027-01-14T12:00:00Z')).toBe('standard'); // 30 days
    expect(at('2027-01-15T12:00:00Z')).toBe('late-31-60');
    expect(at('2027-02-14T12:00:00Z')).toBe('late-61-90');
    expect(at('2027-03-16T12:00:00Z')).toBe('late-90-plus');
    // 05:00 UTC on 15 Jan is still the 14th (30 days) in Mexico City.
    expect(at('2027-01-15T05:00:00Z')).toBe('standard');
  });

  it('picks the high-balance segment by currency and inclusive minimum', () => {
    expect(at('2026-12-01T12:00:00Z', { balance: 50_000_000 })).toBe('high-balance');
    expect(at('2026-12-01T12:00:00Z', { balance: 49_999_999 })).toBe('standard');
    expect(at('2026-12-01T12:00:00Z', { balance: 50_000_000, currency: 'ARS' })).toBe('standard');
    expect(at('2026-12-01T12:00:00Z', { currency: 'CLP', balance: 25_000_000 })).toBe('high-balance');
    // Past 30 days the aging segments take over whatever the amount.
    expect(at('2027-01-20T12:00:00Z', { balance: 90_000_000 })).toBe('late-31-60');
  });

  it('matches countries, locales (by prefix) and inclusive maximums', () => {
    const policy = withPolicy((p) => {
      p.segments.unshift(
        { id: 'us', match: { countries: ['US'] }, cadence: [] },
        { id: 'english', match: { locales: ['en'] }, cadence: [] },
        { id: 'small', match: { amountBands: [{ currency: 'MXN', maxMinor: 100 }] }, cadence: [] },
      );
    });
    const pick = (who: Partial<Account>, change: Partial<Invoice> = {}) =>
      selectSegment({ ...account, ...who }, { ...invoice, ...change }, policy, new Date('2026-12-01T12:00:00Z')).id;
    expect(pick({ country: 'US' })).toBe('us');
    expect(pick({ country: undefined, locale: 'en-GB' })).toBe('english');
    expect(pick({ locale: 'es-MX' }, { balance: 100 })).toBe('small');
    expect(pick({ locale: 'es-MX' }, { balance: 101 })).toBe('standard');
    expect(pick({ locale: 'eng' })).toBe('standard');
  });
});
