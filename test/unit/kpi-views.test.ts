/**
 * The KPI views (sql/views/*.sql) on DuckDB against a portfolio computed by hand
 * (test/fixtures/kpis/portfolio.ts). Every expected number below was worked out on paper from the
 * issue's definitions — never read back from the views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromRows, type KpiEngine } from '../../infra/local/kpi-engine.js';
import { calendarRows, portfolio } from '../fixtures/kpis/portfolio.js';
import type { KpiReport } from '../../shared/analytics/kpi-report.js';

let engine: KpiEngine;
let mxn: KpiReport;
beforeAll(async () => {
  engine = await engineFromRows({ ...portfolio, calendar: calendarRows() });
  mxn = await engine.report({ asOf: '2026-03-31', currency: 'MXN' });
}, 60_000);
afterAll(() => engine?.close());

describe('MXN, all countries, March 2026 (T = 2026-03-31, D = 31)', () => {
  it('period defaults to the month of the as-of date', () => {
    expect(mxn).toMatchObject({ asOf: '2026-03-31', from: '2026-03-01', currency: 'MXN', country: 'ALL' });
  });

  it('aging sums to open AR and puts each balance in its bucket', () => {
    // current: I2 50000 (dpd 0) + I6 90000 (dpd −14) = 140000; 1-30: I9 25000 (dpd 14);
    // 31-60: I1 60000 (dpd 55) + I5 30000 (dpd 45) = 90000; 61-90: I8 30000 (dpd 90); 90+: I3 200000 (dpd 101).
    expect(mxn.aging).toEqual({ current: 140000, '1-30': 25000, '31-60': 90000, '61-90': 30000, '90+': 200000 });
    expect(Object.keys(mxn.aging)).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
    // 140000 + 25000 + 90000 + 30000 + 200000 = 485000
    expect(mxn.openAr).toBe(485000);
  });

  it('beginning AR, sales and collected come from the history, not from today', () => {
    // Feb 28: I1 100000 + I3 200000 + I4 80000 + I5 (120000 − 120000) + I7 30000 + I8 (40000 − 10000) + I9 25000
    expect(mxn.beginningAr).toBe(465000);
    // issued in March: I2 50000 + I6 90000
    expect(mxn.sales).toBe(140000);
    // payments by value date in March: 40000 (I1) + 80000 (I4) − refund 30000 (I5) = 90000 (the cancellation is no collection)
    expect(mxn.collected).toBe(90000);
  });

  it('DSO, best possible DSO, average days delinquent', () => {
    // 485000 / 140000 × 31 = 107.392857…
    expect(mxn.dso).toBe(107.39);
    // 140000 / 140000 × 31 = 31
    expect(mxn.bestPossibleDso).toBe(31);
    // 107.392857 − 31 = 76.392857
    expect(mxn.averageDaysDelinquent).toBe(76.39);
  });

  it('countback DSO walks back calendar months', () => {
    // AR 485000: March (31 days) takes 140000 → 345000 left; February (28) takes 135000 (I4 80000 +
    // I7 30000 + I9 25000) → 210000 left; January's sales 220000 (I1 + I5) cover it: 31 × 210000 / 220000
    // = 29.5909. 31 + 28 + 29.5909 = 88.5909
    expect(mxn.countbackDso).toBe(88.59);
    expect(mxn.countbackExceedsHistory).toBe(false);
  });

  it('CEI, percent current, weighted days past due', () => {
    // Sales net of the period's cancellations and adjustments (I7 −30000 on Mar 18), so cancelling is
    // not collecting: (465000 + 110000 − 485000) / (465000 + 110000 − 140000) × 100 = 90000 / 435000 = 20.69
    // (the numerator is what was collected)
    expect(mxn.cei).toBe(20.69);
    // 140000 / 485000 × 100 = 28.866
    expect(mxn.percentCurrent).toBe(28.87);
    // (25000×14 + 60000×55 + 30000×45 + 30000×90 + 200000×101) / (25000 + 60000 + 30000 + 30000 + 200000)
    // = 27900000 / 345000 = 80.8696
    expect(mxn.weightedDaysPastDue).toBe(80.87);
  });

  it('roll rates by the bucket each invoice was in on Feb 28', () => {
    // current on Feb 28: I4 80000 (paid → cured), I7 30000 (cancelled: neither paid nor rolled), I9 25000 (now 1-30 → rolled)
    // 25000 / 135000 = 18.52; 80000 / 135000 = 59.26
    expect(mxn.rollRates.current).toEqual({ base: 135000, rolled: 25000, cured: 80000, rollRate: 18.52, cureRate: 59.26 });
    // 1-30: I1 100000 → 31-60
    expect(mxn.rollRates['1-30']).toEqual({ base: 100000, rolled: 100000, cured: 0, rollRate: 100, cureRate: 0 });
    // 31-60: I8 30000 → 61-90; 61-90: I3 200000 → 90+
    expect(mxn.rollRates['31-60']).toEqual({ base: 30000, rolled: 30000, cured: 0, rollRate: 100, cureRate: 0 });
    expect(mxn.rollRates['61-90']).toEqual({ base: 200000, rolled: 200000, cured: 0, rollRate: 100, cureRate: 0 });
    // nothing was 90+ on Feb 28 (and nothing rolls past the last bucket)
    expect(mxn.rollRates['90+']).toEqual({ base: 0, rolled: 0, cured: 0, rollRate: null, cureRate: null });
  });

  it('the last bucket has a cure rate but no roll rate', async () => {
    // April looks back to Mar 31, when only I3 (200000, dpd 101) was 90+; it is still unpaid on Apr 30
    const april = await engine.report({ asOf: '2026-04-30', currency: 'MXN' });
    expect(april.rollRates['90+']).toEqual({ base: 200000, rolled: 0, cured: 0, rollRate: null, cureRate: 0 });
  });

  it('promises due in the period: kept / (kept + broken), pending and superseded left out', () => {
    // due in March: PR1 kept 40000, PR2 broken 100000, PR3 kept (no amount), PR5 pending; PR6 superseded; PR4 due in April
    // by count 2 / 3 = 66.67; by amount 40000 / (40000 + 100000) = 28.57 (PR3 named no amount)
    expect(mxn.promises).toEqual({ kept: 2, broken: 1, pending: 1, keptRate: 66.67, keptAmountRate: 28.57 });
  });

  it('channels: collection messages sent in the period, responses within 7 days', () => {
    // email M1 (A1 pays Mar 10, 3 days later → response), M3 (A2 replies Mar 19 and pays Mar 20: 9 and 10 days → none),
    // M5 (clicked 2 days later → response); the receipt M6 is not a collection message; M7 was sent in February.
    expect(mxn.channels.email).toEqual({ sent: 3, delivered: 3, responses: 2, responseRate: 66.67, costMicros: 3000, costCurrency: 'USD' });
    // M2: no delivery report; A1 paid 2 days later
    expect(mxn.channels.sms).toEqual({ sent: 1, delivered: 0, responses: 1, responseRate: 100, costMicros: 50000, costCurrency: 'USD' });
    // M4: delivered, A2 replied the next day
    expect(mxn.channels.whatsapp).toEqual({ sent: 1, delivered: 1, responses: 1, responseRate: 100, costMicros: 30000, costCurrency: 'USD' });
    expect(mxn.channelDetail).toContainEqual({ channel: 'email', country: 'CO', tone: 'friendly', template: 'upcoming', sent: 1, delivered: 1, responses: 1, responseRate: 100, costMicros: 1000, costCurrency: 'USD' });
  });

  it('attribution: each payment to the last collection message before it', () => {
    // P-1 (A1, Mar 10) ← M2 sms firm overdue (Mar 8); P-2 (A2, Mar 20) ← M4 whatsapp formal final-notice (Mar 18; the receipt M6 does not count)
    expect(mxn.attribution).toEqual([
      { channel: 'whatsapp', tone: 'formal', template: 'final-notice', payments: 1, recovered: 80000 },
      { channel: 'sms', tone: 'firm', template: 'overdue', payments: 1, recovered: 40000 },
    ]);
  });

  it('cost per unit recovered: message costs converted + the fixed monthly cost, over collected', () => {
    // March messages of MXN accounts: 1000 + 50000 + 1000 + 30000 + 1000 + 1000 (receipt) = 84000 micros USD
    // = USD 0.084 × 20 = MXN 1.68 = 168 minor; + fixed 9000 (a whole month) = 9168; 9168 / 90000 = 0.1019
    expect(mxn.recoveryCost).toBe(9168);
    expect(mxn.costPerRecovered).toBe(0.1);
  });

  it('recovery by escalation stage: collected while at the stage over the open amount on entering it', () => {
    // mid: A1 on Feb 10 (open 130000: I1 + I7; collected 40000 on Mar 10), A2 on Jan 5 (open 240000: I3 + I8;
    // nothing until it left on Mar 1), A3 on Mar 20 (open 120000: I5 30000 + I6 90000; nothing) → 40000 / 490000 = 8.16
    expect(mxn.recoveryByStage.mid).toEqual({ entries: 3, openAtEntry: 490000, collected: 40000, recoveryRate: 8.16 });
    // pre-legal: A2 on Mar 1 (open 310000: I3 + I4 + I8; I4 paid 80000 on Mar 20) → 25.81
    expect(mxn.recoveryByStage['pre-legal']).toEqual({ entries: 1, openAtEntry: 310000, collected: 80000, recoveryRate: 25.81 });
    // A1 closing on Mar 25 ends its time at mid; `closed` is no stage to recover in
    expect(Object.keys(mxn.recoveryByStage)).toEqual(['mid', 'pre-legal']);
  });

  it('top debtors by overdue balance, with the overdue balance of Feb 28', () => {
    expect(mxn.topDebtors).toEqual([
      // I3 200000 + I8 30000; on Feb 28 both overdue too
      { accountId: 'A2', name: 'Beta SA de CV', country: 'MX', overdue: 230000, open: 230000, overduePrevious: 230000 },
      // I1 60000 + I9 25000 overdue, + I2 50000 not yet; on Feb 28 only I1 (100000) was overdue
      { accountId: 'A1', name: 'Alfa SA de CV', country: 'MX', overdue: 85000, open: 135000, overduePrevious: 100000 },
      // I5 30000 overdue + I6 90000 not yet; on Feb 28 I5 was paid
      { accountId: 'A3', name: 'Gamma SAS', country: 'CO', overdue: 30000, open: 120000, overduePrevious: 0 },
    ]);
  });

  it('collectors: tasks done and promises recorded in the period, by person', () => {
    // ana: T1, T2 and PR1, PR3; luis: T3 (T5 was February) and PR4; portal and sms are not people
    expect(mxn.collectors).toEqual([
      { collector: 'ana', tasksDone: 2, promisesRecorded: 2 },
      { collector: 'luis', tasksDone: 1, promisesRecorded: 1 },
    ]);
  });

  it('the previous period is February', () => {
    // open on Feb 28 = 465000; February sales 135000 → DSO 465000 / 135000 × 28 = 96.44;
    // collected P-3 120000 (Feb 25); current on Feb 28: I4 + I7 + I9 = 135000 → 29.03 %;
    // CEI: beginning (Jan 31) I1 100000 + I3 200000 + I5 120000 + I8 30000 = 450000;
    // (450000 + 135000 − 465000) / (450000 + 135000 − 135000) = 26.67
    // best possible: 135000 / 135000 × 28 = 28; ADD 96.444 − 28 = 68.44;
    // countback at Feb 28 (AR 465000): Feb 135000 → 330000 left, 28 days; Jan 220000 → 110000, +31;
    // Dec 40000 → 70000, +31; Nov 200000 covers it: 30 × 70000 / 200000 = 10.5 → 100.5;
    // WDPD: (100000×24 + 200000×70 + 30000×59) / 330000 = 18170000 / 330000 = 55.06;
    // cost: M7 1000 micros USD = 2 MXN minor + February's fixed 9000 = 9002 / 120000 = 0.075 → 0.08
    expect(mxn.previous).toEqual({
      asOf: '2026-02-28', from: '2026-02-01', openAr: 465000, sales: 135000, collected: 120000,
      dso: 96.44, bestPossibleDso: 28, averageDaysDelinquent: 68.44, countbackDso: 100.5,
      cei: 26.67, percentCurrent: 29.03, weightedDaysPastDue: 55.06, costPerRecovered: 0.08,
    });
  });
});

describe('filters', () => {
  it('one country: Mexico', async () => {
    const mx = await engine.report({ asOf: '2026-03-31', currency: 'MXN', country: 'MX' });
    // I1 60000 + I2 50000 + I3 200000 + I8 30000 + I9 25000
    expect(mx.openAr).toBe(365000);
    // 365000 / 50000 (I2) × 31 = 226.3
    expect(mx.dso).toBe(226.3);
    // (465000 + (50000 − 30000 cancelled) − 365000) / (465000 + 20000 − 50000) = 120000 / 435000 = 27.59
    expect(mx.cei).toBe(27.59);
    expect(mx.collected).toBe(120000);
    // A1 (130000, 40000) and A2 (240000, 0): 40000 / 370000 = 10.81
    expect(mx.recoveryByStage.mid).toEqual({ entries: 2, openAtEntry: 370000, collected: 40000, recoveryRate: 10.81 });
    expect(mx.topDebtors.map((d) => d.accountId)).toEqual(['A2', 'A1']);
  });

  it('another currency is never summed in: COP', async () => {
    const cop = await engine.report({ asOf: '2026-03-31', currency: 'COP' });
    // C1 5000000 − 1000000 paid on Mar 25; C2 200000 paid in full
    expect(cop.openAr).toBe(4000000);
    // C1 is due on Apr 30 since the file of Mar 28: not yet due on Mar 31
    expect(cop.aging).toEqual({ current: 4000000, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 });
    // sales C1 + C2 = 5200000; DSO 4000000 / 5200000 × 31 = 23.846; all of it current: best the same, ADD 0;
    // CEI (0 + 5200000 − 4000000) / (0 + 5200000 − 4000000) = 100; countback 31 × 4000000 / 5200000 = 23.85
    expect(cop).toMatchObject({ sales: 5200000, collected: 1200000, dso: 23.85, bestPossibleDso: 23.85, averageDaysDelinquent: 0, cei: 100, percentCurrent: 100, weightedDaysPastDue: null, countbackDso: 23.85 });
    // M8 went on Mar 15; the payments came 10 days later: no response
    expect(cop.channels.sms).toMatchObject({ sent: 1, responses: 0, responseRate: 0 });
    // ... but both payments are credited to it, the last message before them
    expect(cop.attribution).toEqual([{ channel: 'sms', tone: 'friendly', template: 'overdue', payments: 2, recovered: 1200000 }]);
    // no rate turns the USD cost of M8 into COP: the cost cannot be stated, though something was collected
    expect(cop.recoveryCost).toBeNull();
    expect(cop.costPerRecovered).toBeNull();
    // A4 went mid in the morning and advanced in the afternoon of Mar 21 (owing C1 5000000 at the end of that day), and
    // paid on Mar 25, the day it went back: advanced collected 1000000 of C1 (C2, billed on Mar 24 after it
    // entered, is not what it owed on entering) → 20 %; mid collected nothing
    expect(cop.recoveryByStage).toEqual({
      advanced: { entries: 1, openAtEntry: 5000000, collected: 1000000, recoveryRate: 20 },
      mid: { entries: 1, openAtEntry: 5000000, collected: 0, recoveryRate: 0 },
    });
  });

  it('ages by the due date in force on the as-of date, not by a later file\'s', async () => {
    // Mar 27: C1 still due Mar 20 (the new date came on Mar 28): 7 days late, 4000000 after Mar 25's payment
    const before = await engine.report({ asOf: '2026-03-27', from: '2026-03-01', currency: 'COP' });
    expect(before.aging).toEqual({ current: 0, '1-30': 4000000, '31-60': 0, '61-90': 0, '90+': 0 });
    expect(before.weightedDaysPastDue).toBe(7);
  });

  it('a period of the caller\'s choosing', async () => {
    const q = await engine.report({ asOf: '2026-03-31', from: '2026-03-11', currency: 'MXN' });
    // D = 21; sales from Mar 11: I6 90000 → DSO 485000 / 90000 × 21 = 113.17
    expect(q).toMatchObject({ from: '2026-03-11', sales: 90000, dso: 113.17, collected: 80000 });
    // previous: the 21 days before, Feb 18 … Mar 10
    expect(q.previous).toMatchObject({ from: '2026-02-18', asOf: '2026-03-10' });
  });

  it('countback is flagged when open AR exceeds every sale on record', async () => {
    const short = await engineFromRows({ ...portfolio, calendar: calendarRows('2026-02-01', '2026-12-31') });
    try {
      const r = await short.report({ asOf: '2026-03-31', currency: 'MXN' });
      // only February (135000) and March (140000) are on record: 275000 < 485000 → 28 + 31 days, flagged
      expect(r.countbackDso).toBe(59);
      expect(r.countbackExceedsHistory).toBe(true);
    } finally {
      short.close();
    }
  });
});
