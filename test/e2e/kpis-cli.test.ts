import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/domain/templates/format.js';
import { runCli, type Json } from './support/cli.js';

/**
 * `cobranza kpis` as a manager runs it on a fresh data dir: the sample invoices (MXN, COP, USD)
 * ingested on Monday 23 Nov 2026, ten days of reminders, then the KPIs of the month to date.
 */
let root: string;
let dataDir: string;
const cli = (...args: string[]) => runCli(dataDir, args);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cobranza-kpis-cli-'));
  dataDir = join(root, 'data');
  for (const file of ['examples/invoices/cartera-mx.csv', 'examples/invoices/cartera-co.csv', 'examples/invoices/portfolio-us.json']) {
    expect((await runCli(dataDir, ['ingest', file, '--now', '2026-11-23T14:00:00Z', '--json'])).code).toBe(0);
  }
  expect((await cli('advance', '10d', '--json')).code).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The keys of the `kpis --json` contract (issue #13 and shared/analytics/kpi-report.ts). */
const CONTRACT_KEYS = [
  'asOf', 'from', 'currency', 'country', 'openAr', 'beginningAr', 'sales', 'collected', 'aging', 'dso', 'bestPossibleDso',
  'averageDaysDelinquent', 'countbackDso', 'countbackExceedsHistory', 'cei', 'percentCurrent', 'weightedDaysPastDue', 'rollRates',
  'promises', 'channels', 'channelDetail', 'attribution', 'recoveryCost', 'costPerRecovered', 'recoveryByStage', 'topDebtors', 'collectors', 'previous',
];

const isMoney = (n: unknown) => Number.isSafeInteger(n);
/** A ratio or number of days: null (undefined KPI) or a number with at most 2 decimals. */
const isRounded = (n: unknown) => n === null || (typeof n === 'number' && Number.isFinite(n) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6);
const isPercent = (n: unknown) => n === null || (isRounded(n) && (n as number) >= 0 && (n as number) <= 100);

describe('cobranza kpis', () => {
  it('asks which currency when the portfolio has several (exit 2), naming them', async () => {
    const result = await cli('kpis', '--json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--currency is required');
    for (const currency of ['COP', 'MXN', 'USD']) expect(result.stderr).toContain(currency);
  });

  it('--json: the last line is the report of the month to date of the test clock, with every contract key', async () => {
    const result = await cli('kpis', '--currency', 'MXN', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report: Json = result.json;
    for (const key of CONTRACT_KEYS) expect(report, key).toHaveProperty(key);
    // The clock is at 2026-12-03 14:00 UTC, 08:00 in Mexico City: the month to date is 1–3 December.
    expect(report.asOf).toBe('2026-12-03');
    expect(report.from).toBe('2026-12-01');
    expect(report.currency).toBe('MXN');
    expect(report.country).toBe('ALL');
    expect(Object.keys(report.aging)).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
    expect(Object.keys(report.promises).sort()).toEqual(['broken', 'kept', 'keptAmountRate', 'keptRate', 'pending']);
  });

  it('aging sums to open AR, which is the open balance `status` shows; money is integer minor units; ratios have 2 decimals', async () => {
    const report: Json = (await cli('kpis', '--currency', 'MXN', '--json')).json;
    const status: Json = (await cli('status', '--json')).json;
    expect(report.openAr).toBe(status.openBalance.MXN);
    expect(report.openAr).toBeGreaterThan(0);
    const buckets = Object.values(report.aging) as number[];
    expect(buckets.reduce((a, b) => a + b, 0)).toBe(report.openAr);

    for (const key of ['openAr', 'beginningAr', 'sales', 'collected']) expect(isMoney(report[key]), key).toBe(true);
    for (const amount of buckets) expect(isMoney(amount)).toBe(true);
    for (const r of Object.values(report.rollRates) as Json[]) {
      for (const key of ['base', 'rolled', 'cured']) expect(isMoney(r[key])).toBe(true);
      expect(isPercent(r.rollRate) && isPercent(r.cureRate)).toBe(true);
    }
    for (const d of report.topDebtors as Json[]) for (const key of ['overdue', 'open', 'overduePrevious']) expect(isMoney(d[key])).toBe(true);
    for (const a of report.attribution as Json[]) expect(isMoney(a.recovered)).toBe(true);
    for (const s of Object.values(report.recoveryByStage) as Json[]) expect(isMoney(s.openAtEntry) && isMoney(s.collected) && isPercent(s.recoveryRate)).toBe(true);
    for (const key of ['dso', 'bestPossibleDso', 'averageDaysDelinquent', 'countbackDso', 'weightedDaysPastDue', 'costPerRecovered']) expect(isRounded(report[key]), key).toBe(true);
    for (const key of ['cei', 'percentCurrent']) expect(isPercent(report[key]), key).toBe(true);
    expect(isPercent(report.promises.keptRate) && isPercent(report.promises.keptAmountRate)).toBe(true);
    // Percent current is the current bucket's share of open AR.
    expect(report.percentCurrent).toBeCloseTo((report.aging.current / report.openAr) * 100, 2);
  });

  it('an explicit period and a past as-of date; the previous period has the same length and ends the day before', async () => {
    const report: Json = (await cli('kpis', '--as-of', '2026-11-30', '--from', '2026-11-01', '--currency', 'mxn', '--json')).json;
    expect([report.asOf, report.from, report.currency]).toEqual(['2026-11-30', '2026-11-01', 'MXN']);
    expect(report.previous?.asOf).toBe('2026-10-31');
    const buckets = Object.values(report.aging) as number[];
    expect(buckets.reduce((a, b) => a + b, 0)).toBe(report.openAr);
  });

  it('one country of the portfolio', async () => {
    const report: Json = (await cli('kpis', '--currency', 'COP', '--country', 'co', '--json')).json;
    expect([report.currency, report.country]).toEqual(['COP', 'CO']);
    const status: Json = (await cli('status', '--json')).json;
    expect(report.openAr).toBe(status.openBalance.COP);
  });

  it('without --json: a readable report with amounts as the CLI writes money', async () => {
    const json: Json = (await cli('kpis', '--currency', 'MXN', '--json')).json;
    const text = await cli('kpis', '--currency', 'MXN');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('KPIs 2026-12-01 → 2026-12-03, MXN, all countries');
    expect(text.stdout).toMatch(new RegExp(`open AR\\s+${escape(formatMoney(json.openAr, 'MXN', 'en-US'))}`));
    for (const [bucket, amount] of Object.entries(json.aging as Record<string, number>)) {
      expect(text.stdout).toMatch(new RegExp(`\\n  ${escape(bucket)}\\s+${escape(formatMoney(amount, 'MXN', 'en-US'))}`));
    }
    for (const title of ['aging', 'roll rates', 'promises', 'channels', 'attribution', 'recovery by escalation stage', 'top debtors', 'collectors', 'trend']) expect(text.stdout).toContain(`\n${title}`);
  });

  it('wrong usage exits 2 with what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['kpis', '--as-of', '2026-02-30', '--currency', 'MXN'], /as-of must be a calendar day/],
      [['kpis', '--as-of', '30/11/2026', '--currency', 'MXN'], /as-of must be a calendar day/],
      [['kpis', '--as-of', '2026-11-30', '--from', '2026-12-01', '--currency', 'MXN'], /must not be after/],
      [['kpis', '--currency', 'EUR'], /no invoices in EUR/],
      [['kpis', '--currency', 'MXN', '--country', 'AR'], /no accounts in country AR/],
      [['kpis', 'extra', '--currency', 'MXN'], /usage: cobranza kpis/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args, '--json');
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('the help lists the command', async () => {
    expect((await cli('--help')).stdout).toMatch(/\n {2}kpis \[--as-of YYYY-MM-DD\]/);
  });

  it('on a data dir with no invoices: "no data yet", exit 1', async () => {
    const result = await runCli(join(root, 'empty'), ['kpis', '--now', '2026-11-23T14:00:00Z']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no data yet');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
