import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curate, type Item, type LakeRow } from '../../../shared/analytics/curate/curate.js';
import { reportDates } from '../../../shared/analytics/curate/dates.js';
import { DEFAULT_REPORTS } from '../../../shared/domain/policy/reports-section.js';
import type { LakeTableName } from '../../../shared/analytics/lake-schema.js';

type Tables = Partial<Record<LakeTableName, LakeRow[]>>;

async function run(accounts: Item[], interactions: Item[], now = '2027-01-22T14:00:00Z'): Promise<Tables> {
  const tables: Tables = {};
  await curate({ accounts, interactions, now: new Date(now) }, (table, row) => {
    (tables[table] ??= []).push(row);
  });
  return tables;
}

const profile = (accountId: string, extra: Record<string, unknown> = {}): Item => ({
  pk: `ACCOUNT#${accountId}`, sk: 'PROFILE', accountId, name: `Cliente ${accountId}`, timezone: 'America/Mexico_City', locale: 'es-MX', ...extra,
});
const invoice = (accountId: string, invoiceNumber: string, fields: Record<string, unknown>): Item => ({
  pk: `ACCOUNT#${accountId}`, sk: `INVOICE#${invoiceNumber}`, accountId, invoiceNumber, currency: 'MXN', dueDate: '2026-11-30', status: 'open', updatedAt: '2026-11-01T15:00:00.000Z', ...fields,
});
const payment = (paymentId: string, valueDate: string, fields: Record<string, unknown> = {}): Item => ({
  pk: `PAYMENT#${paymentId}`, sk: 'PAYMENT', status: 'applied', payment: { paymentId, kind: 'payment', amount: 1, currency: 'MXN', valueDate, ...fields },
});
const ingested = (accountId: string, invoiceNumber: string, at: string, status = 'open', more: Record<string, unknown> = {}): Item => ({
  pk: `ACCOUNT#${accountId}`, sk: `${at}#ingested#${invoiceNumber}#${at}`, accountId, at, type: 'invoice.ingested', invoiceNumber, data: { status, ...more },
});
const eventsOf = (tables: Tables, invoiceNumber: string) =>
  (tables.invoice_events ?? []).filter((e) => e.invoice_number === invoiceNumber).map((e) => [e.kind, e.event_date, e.amount, e.payment_id]);

describe('curate: invoices and their history', () => {
  it('dates a payment by its value date and a refund by its own, so the balance is right on every day', async () => {
    const tables = await run(
      [
        profile('C-1', { country: 'MX' }),
        invoice('C-1', 'F-1', {
          amount: 100_000, balance: 70_000, issueDate: '2026-10-31',
          appliedAmounts: [{ paymentId: 'p1', amount: 60_000, writtenOff: 0 }, { paymentId: 'p2', amount: 40_000, writtenOff: 0 }],
          reversalIds: ['r1'],
        }),
        payment('p1', '2026-11-20'),
        payment('p2', '2026-12-05'),
        { ...payment('r1', '2026-12-10', { kind: 'refund', amount: 70_000 }), status: 'reversed', reversalPlan: [{ kind: 'invoice', accountId: 'C-1', invoiceNumber: 'F-1', amount: 70_000 }] },
      ],
      [ingested('C-1', 'F-1', '2026-11-01T15:00:00.000Z')],
    );
    expect(tables.invoices).toEqual([
      { account_id: 'C-1', invoice_number: 'F-1', currency: 'MXN', country: 'MX', amount: 100_000, issue_date: '2026-10-31', due_date: '2026-11-30', status: 'open' },
    ]);
    // 100,000 − 60,000 (Nov 20) − 40,000 (Dec 5) + 70,000 (refund Dec 10) = 70,000, the stored balance: nothing to adjust.
    expect(eventsOf(tables, 'F-1')).toEqual([
      ['payment', '2026-11-20', -60_000, 'p1'],
      ['payment', '2026-12-05', -40_000, 'p2'],
      ['reversal', '2026-12-10', 70_000, 'r1'],
    ]);
  });

  it('a tolerance written off is an adjustment on the payment day, not money collected', async () => {
    const tables = await run(
      [invoice('C-1', 'F-2', { amount: 50_000, balance: 0, status: 'paid', appliedAmounts: [{ paymentId: 'p3', amount: 49_990, writtenOff: 10 }] }), payment('p3', '2026-12-01')],
      [],
    );
    expect(eventsOf(tables, 'F-2')).toEqual([
      ['payment', '2026-12-01', -49_990, 'p3'],
      ['adjustment', '2026-12-01', -10, 'p3'],
    ]);
  });

  it('a balance a later file changed becomes one adjustment on the day of that file, in the reporting zone', async () => {
    // 2026-12-02T03:00Z is still Dec 1 in Mexico City.
    const tables = await run(
      [invoice('C-1', 'F-3', { amount: 80_000, balance: 30_000 })],
      [ingested('C-1', 'F-3', '2026-11-01T15:00:00.000Z'), ingested('C-1', 'F-3', '2026-12-02T03:00:00.000Z')],
    );
    expect(eventsOf(tables, 'F-3')).toEqual([['adjustment', '2026-12-01', -50_000, null]]);
    // No issue date in the file: the day it was first loaded.
    expect(tables.invoices?.[0]?.issue_date).toBe('2026-11-01');
    expect(tables.invoices?.[0]?.country).toBe('ZZ');
  });

  it('a cancelled invoice leaves open AR on the day the file cancelled it', async () => {
    const tables = await run(
      [invoice('C-1', 'F-4', { amount: 20_000, balance: 20_000, status: 'cancelled' })],
      [ingested('C-1', 'F-4', '2026-11-01T15:00:00.000Z'), ingested('C-1', 'F-4', '2026-12-15T18:00:00.000Z', 'cancelled')],
    );
    expect(eventsOf(tables, 'F-4')).toEqual([['cancellation', '2026-12-15', -20_000, null]]);
    expect(tables.invoices?.[0]?.status).toBe('cancelled');
  });
});

describe('curate: an invoice as each file version told it', () => {
  // Amount 1,200.00; first loaded (Nov 1) at 1,000.00 owed; 300.00 paid (value date Nov 10, applied Nov 10);
  // a file on Nov 20 says 500.00 owed; a file on Dec 1 moves the due date from Nov 30 to Dec 31;
  // a file on Dec 15 cancels it.
  const versionLine = (at: string, data: Record<string, unknown>): Item => ({
    pk: 'ACCOUNT#C-1', sk: `${at}#ingested#F-9`, accountId: 'C-1', at, type: 'invoice.ingested', invoiceNumber: 'F-9', data: { currency: 'MXN', ...data },
  });
  const accounts: Item[] = [
    profile('C-1', { country: 'MX' }),
    invoice('C-1', 'F-9', { amount: 120_000, balance: 50_000, status: 'cancelled', dueDate: '2026-12-31', issueDate: '2026-10-15', appliedAmounts: [{ paymentId: 'p9', amount: 30_000, writtenOff: 0 }] }),
    { ...payment('p9', '2026-11-10'), decidedAt: '2026-11-10T17:00:00.000Z' },
  ];
  const interactions: Item[] = [
    versionLine('2026-11-01T16:00:00.000Z', { status: 'open', balance: 100_000, dueDate: '2026-11-30' }),
    versionLine('2026-11-20T16:00:00.000Z', { status: 'open', balance: 50_000, dueDate: '2026-11-30' }),
    versionLine('2026-12-01T16:00:00.000Z', { status: 'open', balance: 50_000, dueDate: '2026-12-31' }),
    versionLine('2026-12-15T16:00:00.000Z', { status: 'cancelled', balance: 50_000, dueDate: '2026-12-31' }),
  ];

  it('each change is dated the day the file or the payment made it, and the due date in force is kept per day', async () => {
    const tables = await run(accounts, interactions);
    // The due date of the first version; the later one is a terms row.
    expect(tables.invoices).toEqual([
      { account_id: 'C-1', invoice_number: 'F-9', currency: 'MXN', country: 'MX', amount: 120_000, issue_date: '2026-10-15', due_date: '2026-11-30', status: 'cancelled' },
    ]);
    const row = (event_date: string, kind: string, amount: number, payment_id: string | null, due_date: string | null = null) =>
      ({ account_id: 'C-1', invoice_number: 'F-9', currency: 'MXN', event_date, kind, amount, payment_id, due_date });
    expect(tables.invoice_events).toEqual([
      // 1,200 billed, 1,000 owed when Cobranza first saw it: 200 paid before
      row('2026-11-01', 'adjustment', -20_000, null),
      row('2026-11-10', 'payment', -30_000, 'p9'),
      // 1,000 − 300 = 700 expected, the file says 500: 200 more that no payment of ours explains
      row('2026-11-20', 'adjustment', -20_000, null),
      row('2026-12-01', 'terms', 0, null, '2026-12-31'),
      row('2026-12-15', 'cancellation', -50_000, null),
    ]);
    // Balances a past month-end report must keep showing: Nov 15 → 700, Nov 30 → 500, Dec 31 → 0.
    const balanceOn = (day: string) => 120_000 + (tables.invoice_events ?? []).filter((e) => String(e.event_date) <= day).reduce((sum, e) => sum + Number(e.amount), 0);
    expect([balanceOn('2026-11-15'), balanceOn('2026-11-30'), balanceOn('2026-12-31')]).toEqual([70_000, 50_000, 0]);
  });

  it('a later file no longer moves an earlier difference forward', async () => {
    // Only the first two versions and the payment: the Nov 1 difference stays on Nov 1.
    const open = [invoice('C-1', 'F-9', { amount: 120_000, balance: 50_000, dueDate: '2026-11-30', appliedAmounts: [{ paymentId: 'p9', amount: 30_000, writtenOff: 0 }] }), accounts[2]!];
    const tables = await run(open, interactions.slice(0, 2));
    expect(eventsOf(tables, 'F-9')).toEqual([
      ['adjustment', '2026-11-01', -20_000, null],
      ['payment', '2026-11-10', -30_000, 'p9'],
      ['adjustment', '2026-11-20', -20_000, null],
    ]);
  });

  it('when the log disagrees with the store, one residual adjustment on the latest file day keeps the balance true', async () => {
    // The store says 40,000 owed, the log's last version 50,000 (a line lost): −10,000 on Dec 1.
    const stored = [invoice('C-1', 'F-9', { amount: 120_000, balance: 40_000, dueDate: '2026-12-31', appliedAmounts: [{ paymentId: 'p9', amount: 30_000, writtenOff: 0 }] }), accounts[2]!];
    const tables = await run(stored, interactions.slice(0, 3));
    expect(eventsOf(tables, 'F-9')).toEqual([
      ['adjustment', '2026-11-01', -20_000, null],
      ['payment', '2026-11-10', -30_000, 'p9'],
      ['adjustment', '2026-11-20', -20_000, null],
      ['terms', '2026-12-01', 0, null],
      ['adjustment', '2026-12-01', -10_000, null],
    ]);
  });
});

describe('curate: messages, promises, stages, tasks', () => {
  const accounts: Item[] = [
    profile('C-1', { country: 'MX' }),
    invoice('C-1', 'F-1', { amount: 100, balance: 100 }),
    { pk: 'SENTMSG#m-1', sk: 'SENT', messageId: 'm-1', accountId: 'C-1', dispatch: { stepId: 'd+3' } },
    { pk: 'ACCOUNT#C-1', sk: 'PROMISE#p-1', promiseId: 'p-1', accountId: 'C-1', date: '2026-12-20', source: 'portal', createdAt: '2026-12-16T05:30:00.000Z', status: 'open' },
    { pk: 'ACCOUNT#C-1', sk: 'PROMISE#p-2', promiseId: 'p-2', accountId: 'C-1', date: '2026-12-10', amount: 50_000, currency: 'MXN', source: 'agent', recordedBy: 'api:arn:aws:iam::1:user/ana', createdAt: '2026-12-03T16:00:00.000Z', status: 'kept' },
    { pk: 'ACCOUNT#C-1', sk: 'TASK#t-1', taskId: 't-1', accountId: 'C-1', type: 'call', status: 'done', owner: 'ana', createdAt: '2026-12-01T15:00:00.000Z', completedAt: '2026-12-02T15:00:00.000Z' },
    { pk: 'ACCOUNT#C-1', sk: 'ESCALATION', accountId: 'C-1', stage: 'mid', history: [{ at: '2026-12-01T15:00:00.000Z', from: 'current', to: 'early' }] },
  ];
  const line = (type: string, at: string, fields: Record<string, unknown>): Item => ({ pk: 'ACCOUNT#C-1', sk: `${at}#${type}`, accountId: 'C-1', at, type, ...fields });
  const interactions: Item[] = [
    line('message.sent', '2026-12-03T15:00:00.000Z', { channel: 'sms', data: { messageId: 'm-1', kind: 'reminder', template: 'overdue', tone: 'firm', costMicros: 16_600, costCurrency: 'USD', policyVersion: 3 } }),
    line('message.sent', '2026-12-05T15:00:00.000Z', { channel: 'email', data: { messageId: 'm-2', kind: 'receipt' } }),
    line('message.delivered', '2026-12-03T15:01:00.000Z', { channel: 'sms', reminderId: 'm-1' }),
    line('message.clicked', '2026-12-04T02:00:00.000Z', { channel: 'email', reminderId: 'm-1' }),
    line('reply.received', '2026-12-04T16:00:00.000Z', { channel: 'sms', data: { kind: 'promise' } }),
    line('escalation.stage', '2026-12-01T15:00:00.000Z', { data: { from: 'current', to: 'early' } }),
    line('escalation.stage', '2027-01-01T15:00:00.000Z', { data: { from: 'early', to: 'mid' } }),
    line('task.completed', '2026-12-02T15:00:00.000Z', { data: { taskId: 't-1', by: 'ana@example.com' } }),
  ];

  it('a message carries its cost, step and the currency and country of the account it speaks to', async () => {
    const tables = await run(accounts, interactions);
    expect(tables.messages).toEqual([
      { message_id: 'm-1', account_id: 'C-1', currency: 'MXN', country: 'MX', channel: 'sms', kind: 'reminder', template: 'overdue', tone: 'firm', step_id: 'd+3', policy_version: 3, sent_at: '2026-12-03T15:00:00.000Z', sent_date: '2026-12-03', cost_micros: 16_600, cost_currency: 'USD' },
      { message_id: 'm-2', account_id: 'C-1', currency: 'MXN', country: 'MX', channel: 'email', kind: 'receipt', template: null, tone: null, step_id: null, policy_version: null, sent_at: '2026-12-05T15:00:00.000Z', sent_date: '2026-12-05', cost_micros: 0, cost_currency: null },
    ]);
    expect(tables.message_events).toEqual([
      { account_id: 'C-1', message_id: 'm-1', kind: 'delivered', event_date: '2026-12-03' },
      { account_id: 'C-1', message_id: 'm-1', kind: 'clicked', event_date: '2026-12-03' },
      { account_id: 'C-1', message_id: null, kind: 'reply', event_date: '2026-12-04' },
    ]);
  });

  it('promises, tasks and each stage entered once (history and log agree)', async () => {
    const tables = await run(accounts, interactions);
    expect(tables.promises).toEqual([
      { promise_id: 'p-1', account_id: 'C-1', currency: 'MXN', amount: null, promised_date: '2026-12-20', recorded_on: '2026-12-15', recorded_by: 'portal', status: 'pending' },
      { promise_id: 'p-2', account_id: 'C-1', currency: 'MXN', amount: 50_000, promised_date: '2026-12-10', recorded_on: '2026-12-03', recorded_by: 'api:arn:aws:iam::1:user/ana', status: 'kept' },
    ]);
    expect(tables.tasks).toEqual([
      { task_id: 't-1', account_id: 'C-1', type: 'call', status: 'done', created_on: '2026-12-01', completed_on: '2026-12-02', completed_by: 'ana@example.com' },
    ]);
    expect(tables.stage_changes).toEqual([
      { account_id: 'C-1', from_stage: 'current', to_stage: 'early', changed_on: '2026-12-01', changed_at: '2026-12-01T15:00:00.000Z' },
      { account_id: 'C-1', from_stage: 'early', to_stage: 'mid', changed_on: '2027-01-01', changed_at: '2027-01-01T15:00:00.000Z' },
    ]);
    expect(tables.accounts).toEqual([{ account_id: 'C-1', name: 'Cliente C-1', country: 'MX', debtor_type: 'business', stage: 'mid' }]);
  });

  it('a message is in the currency of the invoices it speaks for, not the account\'s usual one', async () => {
    const mixed: Item[] = [
      profile('C-2', { country: 'MX' }),
      invoice('C-2', 'M-1', { amount: 100, balance: 100 }),
      invoice('C-2', 'M-2', { amount: 100, balance: 100 }),
      invoice('C-2', 'U-1', { currency: 'USD', amount: 100, balance: 100 }),
      // a reminder about the USD invoice (the sent record lists its reminders)
      { pk: 'SENTMSG#u-1', sk: 'SENT', messageId: 'u-1', accountId: 'C-2', reminders: [{ invoiceNumber: 'U-1', reminderId: 'u-1' }], dispatch: { stepId: 'd+1', invoiceNumber: 'U-1' } },
      // an installment reminder of a USD plan
      { pk: 'ACCOUNT#C-2', sk: 'PLAN#pl-1', planId: 'pl-1', accountId: 'C-2', currency: 'USD', total: 100, installments: [] },
      { pk: 'SENTMSG#i-1', sk: 'SENT', messageId: 'i-1', accountId: 'C-2', reminders: [{ invoiceNumber: '-', reminderId: 'i-1' }], dispatch: { kind: 'installment', planId: 'pl-1', accountId: 'C-2' } },
    ];
    const sent = (messageId: string, at: string, fields: Record<string, unknown> = {}): Item =>
      ({ pk: 'ACCOUNT#C-2', sk: `${at}#message.sent`, accountId: 'C-2', at, type: 'message.sent', channel: 'email', ...fields, data: { messageId, kind: 'reminder', ...(fields.data as object) } });
    const tables = await run(mixed, [
      sent('u-1', '2026-12-03T15:00:00.000Z'),
      sent('i-1', '2026-12-04T15:00:00.000Z', { data: { kind: 'installment' } }),
      // a receipt for the USD invoice: no sent record in the export, its log line names the invoice
      sent('r-1', '2026-12-05T15:00:00.000Z', { invoiceNumber: 'U-1', data: { kind: 'receipt' } }),
      // nothing known about what it speaks for: the account's usual currency
      sent('x-1', '2026-12-06T15:00:00.000Z', { data: { kind: 'reply' } }),
    ]);
    expect(tables.messages?.map((m) => [m.message_id, m.currency])).toEqual([['u-1', 'USD'], ['i-1', 'USD'], ['r-1', 'USD'], ['x-1', 'MXN']]);
  });

  it('two stage changes on one day keep their order by instant', async () => {
    const tables = await run(
      [profile('C-3'), { pk: 'ACCOUNT#C-3', sk: 'ESCALATION', accountId: 'C-3', stage: 'current', history: [] }],
      [
        { pk: 'ACCOUNT#C-3', sk: 'b', accountId: 'C-3', at: '2026-12-01T22:30:00.000Z', type: 'escalation.stage', data: { from: 'early', to: 'current' } },
        { pk: 'ACCOUNT#C-3', sk: 'a', accountId: 'C-3', at: '2026-12-01T15:00:00.000Z', type: 'escalation.stage', data: { from: 'current', to: 'early' } },
      ],
    );
    const changes = [...(tables.stage_changes ?? [])].sort((x, y) => String(x.changed_at).localeCompare(String(y.changed_at)));
    expect(changes).toEqual([
      { account_id: 'C-3', from_stage: 'current', to_stage: 'early', changed_on: '2026-12-01', changed_at: '2026-12-01T15:00:00.000Z' },
      { account_id: 'C-3', from_stage: 'early', to_stage: 'current', changed_on: '2026-12-01', changed_at: '2026-12-01T22:30:00.000Z' },
    ]);
  });

  it('reference tables: buckets, currencies with their digits, a calendar 400 days around the data, report dates', async () => {
    const tables = await run([...accounts, invoice('C-9', 'X-1', { currency: 'CLP', amount: 5, balance: 5 })], interactions);
    expect(tables.aging_buckets?.map((b) => b.bucket)).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
    expect(tables.currencies).toEqual([
      { currency: 'CLP', minor_digits: 0 },
      { currency: 'MXN', minor_digits: 2 },
      { currency: 'USD', minor_digits: 2 },
    ]);
    const days = (tables.calendar ?? []).map((d) => String(d.day));
    // Earliest date: the first report period's start, 2025-01-01 (24 month ends back from 2027-01-22);
    // 400 days before: 366 (2024 is a leap year) → 2024-01-01, 34 more → 2023-11-28. Latest: today + 400.
    expect(days[0]).toBe('2023-11-28');
    expect(days.at(-1)).toBe('2028-02-26');
    expect(tables.calendar?.find((d) => d.day === '2028-02-10')).toEqual({ day: '2028-02-10', month_start: '2028-02-01', month_end: '2028-02-29', days_in_month: 29 });
    // 24 month ends + today + the weekly digest's two 30-day periods, for a digest today and one tomorrow
    expect(tables.report_dates).toHaveLength(29);
    expect(tables.fixed_costs).toBeUndefined();
  });

  it('uses the reporting zone of the active policy item', async () => {
    const policy = { pk: 'CONFIG', sk: 'POLICY#active', policy: JSON.stringify({ reports: { ...DEFAULT_REPORTS, timezone: 'Asia/Tokyo' } }) };
    const tables = await run([...accounts, policy], interactions);
    expect(tables.message_events?.find((e) => e.kind === 'clicked')?.event_date).toBe('2026-12-04');
  });
});

describe('reportDates', () => {
  it('gives the 24 month ends before this month, each its calendar month, then today as month to date', () => {
    // the first 25; the digest's two periods follow (next test)
    const dates = reportDates('2027-03-15').slice(0, 25);
    expect(dates[0]).toEqual({ asOf: '2025-03-31', periodFrom: '2025-03-01' });
    expect(dates.at(-3)).toEqual({ asOf: '2027-01-31', periodFrom: '2027-01-01' });
    expect(dates.at(-2)).toEqual({ asOf: '2027-02-28', periodFrom: '2027-02-01' });
    expect(dates.at(-1)).toEqual({ asOf: '2027-03-15', periodFrom: '2027-03-01' });
  });

  it('also gives the periods a weekly digest sent today or tomorrow reads: the 30 days to the day before and the 30 before', () => {
    // A digest on Monday 2026-12-07 (kpi-digest.test.ts): Nov 7 … Dec 6 = 24 + 6 = 30 days; Oct 8 … Nov 6 = 24 + 6 = 30 days.
    // Curated on the Monday itself (an export after local midnight):
    const monday = reportDates('2026-12-07');
    expect(monday).toContainEqual({ asOf: '2026-12-06', periodFrom: '2026-11-07' });
    expect(monday).toContainEqual({ asOf: '2026-11-06', periodFrom: '2026-10-08' });
    expect(monday).toHaveLength(29);
    // Curated on the Sunday evening (an export at 02:00 UTC is 20:00 the day before in Mexico City): the Monday digest's rows are there too
    const sunday = reportDates('2026-12-06');
    expect(sunday).toContainEqual({ asOf: '2026-12-06', periodFrom: '2026-11-07' });
    expect(sunday).toContainEqual({ asOf: '2026-11-06', periodFrom: '2026-10-08' });
  });

  it('never lists a period twice (the views would count it twice)', () => {
    // May 1st: the 30 days to yesterday are April 1 … 30, April's own month-end period
    const may1 = reportDates('2027-05-01');
    expect(may1).toContainEqual({ asOf: '2027-04-30', periodFrom: '2027-04-01' });
    expect(may1).toContainEqual({ asOf: '2027-03-31', periodFrom: '2027-03-02' });
    expect(may1).toHaveLength(28);
    // May 31st: May 1 … 30 (yesterday's 30 days), and the 30 before are April 1 … 30 again
    const may31 = reportDates('2027-05-31');
    expect(may31).toContainEqual({ asOf: '2027-05-30', periodFrom: '2027-05-01' });
    expect(may31).toHaveLength(28);
    // April 30th: tomorrow's digest reads April 1 … 30, which is the month to date today
    expect(reportDates('2027-04-30')).toHaveLength(28);
    for (const today of ['2027-05-01', '2027-05-31', '2027-04-30', '2027-07-01', '2028-03-01', '2028-02-29']) {
      const dates = reportDates(today);
      expect(new Set(dates.map((d) => `${d.asOf}/${d.periodFrom}`)).size).toBe(dates.length);
    }
  });
});

describe('curate: balances rebuilt from invoices and their events equal the store', () => {
  type Op = { kind: 'pay'; amount: number; settle: boolean; day: number } | { kind: 'refund'; of: number; day: number } | { kind: 'file'; balance: number; day: number; status: 'open' | 'cancelled' | 'paid' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('pay' as const), amount: fc.integer({ min: 1, max: 200_000 }), settle: fc.boolean(), day: fc.integer({ min: 0, max: 90 }) }),
    fc.record({ kind: fc.constant('refund' as const), of: fc.nat(), day: fc.integer({ min: 0, max: 90 }) }),
    fc.record({ kind: fc.constant('file' as const), balance: fc.integer({ min: 0, max: 300_000 }), day: fc.integer({ min: 0, max: 90 }), status: fc.constantFrom('open' as const, 'cancelled' as const, 'paid' as const) }),
  );

  it('holds for random payment, refund and file histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ amount: fc.integer({ min: 1, max: 300_000 }), ops: fc.array(op, { maxLength: 8 }) }), { minLength: 1, maxLength: 5 }), async (histories) => {
        const accounts: Item[] = [];
        const interactions: Item[] = [];
        const stored = new Map<string, number>();
        const day = (d: number) => new Date(Date.UTC(2026, 9, 1 + d, 18)).toISOString();
        histories.forEach((history, h) => {
          const number = `F-${h}`;
          let balance = history.amount;
          let status: 'open' | 'cancelled' | 'paid' = 'open';
          const applied: { paymentId: string; amount: number; writtenOff: number }[] = [];
          const reversalIds: string[] = [];
          // Older log lines carry only the status; newer ones the balance too (both must rebuild to the store).
          const withBalance = h % 2 === 0;
          interactions.push(ingested('C-1', number, day(0), 'open', withBalance ? { balance: history.amount } : {}));
          history.ops.forEach((o, i) => {
            if (o.kind === 'pay' && status === 'open' && balance > 0) {
              const amount = Math.min(o.amount, balance);
              const writtenOff = o.settle ? balance - amount : 0;
              balance -= amount + writtenOff;
              if (balance === 0) status = 'paid';
              const paymentId = `p-${h}-${i}`;
              applied.push({ paymentId, amount, writtenOff });
              accounts.push(payment(paymentId, day(o.day).slice(0, 10)));
            } else if (o.kind === 'refund' && applied.length > 0) {
              const original = applied[o.of % applied.length]!;
              const reversalId = `r-${h}-${i}`;
              balance += original.amount;
              status = 'open';
              reversalIds.push(reversalId);
              accounts.push({ ...payment(reversalId, day(o.day).slice(0, 10), { kind: 'refund' }), reversalPlan: [{ kind: 'invoice', accountId: 'C-1', invoiceNumber: number, amount: original.amount }] });
            } else if (o.kind === 'file') {
              balance = o.status === 'paid' ? 0 : o.balance;
              status = o.status;
              interactions.push(ingested('C-1', number, day(o.day + 1), o.status, withBalance ? { balance } : {}));
            }
          });
          accounts.push(invoice('C-1', number, { amount: history.amount, balance, status, appliedAmounts: applied, reversalIds }));
          stored.set(number, status === 'open' ? balance : 0);
        });
        const tables = await run(accounts, interactions);
        const rebuilt = new Map<string, number>();
        for (const i of tables.invoices ?? []) rebuilt.set(String(i.invoice_number), Number(i.amount));
        for (const e of tables.invoice_events ?? []) rebuilt.set(String(e.invoice_number), rebuilt.get(String(e.invoice_number))! + Number(e.amount));
        expect(Object.fromEntries(rebuilt)).toEqual(Object.fromEntries(stored));
        expect((tables.invoice_events ?? []).every((e) => e.amount !== 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
