/**
 * Builds the KPI report from the KPI views' rows, whichever engine computed them (DuckDB locally, Athena
 * for the weekly digest on AWS). Pure: the engine is behind `KpiViewReader`.
 */
import { addDays, monthEnd, monthStart } from './curate/dates.js';
import type { AttributionRow, ChannelKpis, CollectorKpis, KpiReport, RollRate, StageRecovery, TopDebtor } from './kpi-report.js';

export type ViewRow = Readonly<Record<string, unknown>>;

/** The rows of one view for one period (and currency and country, for the views that have them). */
export interface ViewFilter {
  readonly asOf: string;
  readonly from: string;
  readonly currency?: string;
  readonly country?: string;
}

export interface KpiViewReader {
  /** Numbers as numbers (BIGINT fits: money stays far below 2^53), dates as `YYYY-MM-DD`, NULL as null. */
  rows(view: string, filter: ViewFilter): Promise<readonly ViewRow[]>;
}

export interface ResolvedKpiQuery {
  readonly asOf: string;
  readonly from: string;
  readonly currency: string;
  /** ISO 3166-1 alpha-2 or `ALL`. */
  readonly country: string;
  /** The period to compare with; absent: `previousPeriod(from, asOf)`. */
  readonly previous?: { readonly from: string; readonly asOf: string };
}



/**
 * The period to compare [from, asOf] with. A whole calendar month: the month before (March with
 * February). Month to date: the same days of the month before (December 1–5 with November 1–5; March
 * 1–30 with February 1–28, a month that has no 30th). Any other period: as many days just before.
 *
 * @example
 * previousPeriod('2026-12-01', '2026-12-05') // { from: '2026-11-01', asOf: '2026-11-05' }
 * previousPeriod('2026-03-11', '2026-03-31') // { from: '2026-02-18', asOf: '2026-03-10' }
 */
export function previousPeriod(from: string, asOf: string): { from: string; asOf: string } {
  const before = addDays(from, -1);
  const days = Math.round((Date.parse(asOf) - Date.parse(from)) / 86_400_000) + 1;
  if (from.endsWith('-01') && asOf.slice(0, 7) === from.slice(0, 7)) {
    const start = monthStart(before);
    if (asOf === monthEnd(asOf)) return { from: start, asOf: before };
    const sameDay = addDays(start, days - 1);
    return { from: start, asOf: sameDay < before ? sameDay : before };
  }
  return { from: addDays(from, -days), asOf: before };
}

const num = (row: ViewRow | undefined, key: string): number => Number(row?.[key] ?? 0);
const maybe = (row: ViewRow | undefined, key: string): number | null => (row?.[key] === null || row?.[key] === undefined ? null : Number(row[key]));
const text = (row: ViewRow, key: string): string => String(row[key] ?? '');
const by = <T>(key: (t: T) => number | string) => (a: T, b: T): number => {
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

function channel(r: ViewRow): ChannelKpis {
  return {
    sent: num(r, 'sent'),
    delivered: num(r, 'delivered'),
    responses: num(r, 'responses'),
    responseRate: maybe(r, 'response_rate'),
    costMicros: num(r, 'cost_micros'),
    costCurrency: (r.cost_currency as string | null | undefined) ?? null,
  };
}

export async function assembleReport(reader: KpiViewReader, q: ResolvedKpiQuery): Promise<KpiReport> {
  const now: ViewFilter = { asOf: q.asOf, from: q.from, currency: q.currency, country: q.country };
  const previous = q.previous ?? previousPeriod(q.from, q.asOf);
  const before = { ...now, ...previous };
  const [beforeCountback, beforeCost] = await Promise.all([reader.rows('kpi_countback_dso', before), reader.rows('kpi_recovery_cost', before)]);
  const [summaryRows, beforeRows, countbackRows, aging, roll, promiseRows, channels, detail, attribution, costRows, stages, debtors, collectors] = await Promise.all([
    reader.rows('kpi_summary', now),
    reader.rows('kpi_summary', before),
    reader.rows('kpi_countback_dso', now),
    reader.rows('kpi_aging', now),
    reader.rows('kpi_roll_rates', now),
    reader.rows('kpi_promises', now),
    reader.rows('kpi_channels', now),
    // No ALL rows in the detail: every country's, or the one asked for.
    reader.rows('kpi_channel_detail', q.country === 'ALL' ? { asOf: q.asOf, from: q.from, currency: q.currency } : now),
    reader.rows('kpi_recovered_by_channel', now),
    reader.rows('kpi_recovery_cost', now),
    reader.rows('kpi_recovery_by_stage', now),
    reader.rows('kpi_top_debtors', now),
    // Tasks and promises recorded are per person, not per currency.
    reader.rows('kpi_collectors', { asOf: q.asOf, from: q.from, country: q.country }),
  ]);
  const summary = summaryRows[0];
  const beforeSummary = beforeRows[0];
  const countback = countbackRows[0];
  const promises = promiseRows[0];
  const cost = costRows[0];
  return {
    asOf: q.asOf,
    from: q.from,
    currency: q.currency,
    country: q.country,
    openAr: num(summary, 'open_ar'),
    beginningAr: num(summary, 'beginning_ar'),
    sales: num(summary, 'sales'),
    collected: num(summary, 'collected'),
    aging: Object.fromEntries([...aging].sort(by((r) => num(r, 'bucket_ordinal'))).map((r) => [text(r, 'bucket'), num(r, 'amount')])),
    dso: maybe(summary, 'dso'),
    bestPossibleDso: maybe(summary, 'best_possible_dso'),
    averageDaysDelinquent: maybe(summary, 'average_days_delinquent'),
    countbackDso: maybe(countback, 'countback_dso'),
    countbackExceedsHistory: countback?.exceeds_history === true,
    cei: maybe(summary, 'cei'),
    percentCurrent: maybe(summary, 'percent_current'),
    weightedDaysPastDue: maybe(summary, 'weighted_days_past_due'),
    rollRates: Object.fromEntries(
      [...roll]
        .sort(by((r) => num(r, 'bucket_ordinal')))
        .map((r): [string, RollRate] => [
          text(r, 'bucket'),
          { base: num(r, 'base'), rolled: num(r, 'rolled'), cured: num(r, 'cured'), rollRate: maybe(r, 'roll_rate'), cureRate: maybe(r, 'cure_rate') },
        ]),
    ),
    promises: {
      kept: num(promises, 'kept'),
      broken: num(promises, 'broken'),
      pending: num(promises, 'pending'),
      keptRate: maybe(promises, 'kept_rate'),
      keptAmountRate: maybe(promises, 'kept_amount_rate'),
    },
    channels: Object.fromEntries([...channels].sort(by((r) => text(r, 'channel'))).map((r) => [text(r, 'channel'), channel(r)])),
    channelDetail: [...detail]
      .sort(by((r) => [text(r, 'channel'), text(r, 'country'), text(r, 'tone'), text(r, 'template')].join('\u0000')))
      .map((r) => ({ channel: text(r, 'channel'), country: text(r, 'country'), tone: text(r, 'tone'), template: text(r, 'template'), ...channel(r) })),
    attribution: [...attribution]
      .sort((a, b) => num(b, 'recovered') - num(a, 'recovered') || by((r: ViewRow) => [text(r, 'channel'), text(r, 'tone'), text(r, 'template')].join('\u0000'))(a, b))
      .map((r): AttributionRow => ({ channel: text(r, 'channel'), tone: text(r, 'tone'), template: text(r, 'template'), payments: num(r, 'payments'), recovered: num(r, 'recovered') })),
    recoveryCost: maybe(cost, 'recovery_cost'),
    costPerRecovered: maybe(cost, 'cost_per_recovered'),
    recoveryByStage: Object.fromEntries(
      [...stages]
        .sort(by((r) => text(r, 'stage')))
        .map((r): [string, StageRecovery] => [
          text(r, 'stage'),
          { entries: num(r, 'entries'), openAtEntry: num(r, 'open_at_entry'), collected: num(r, 'collected'), recoveryRate: maybe(r, 'recovery_rate') },
        ]),
    ),
    topDebtors: [...debtors]
      .sort(by((r) => num(r, 'debtor_rank')))
      .map(
        (r): TopDebtor => ({
          accountId: text(r, 'account_id'),
          name: text(r, 'name'),
          country: text(r, 'account_country'),
          overdue: num(r, 'overdue'),
          open: num(r, 'open'),
          overduePrevious: num(r, 'overdue_previous'),
        }),
      ),
    collectors: [...collectors]
      .sort((a, b) => num(b, 'tasks_done') + num(b, 'promises_recorded') - num(a, 'tasks_done') - num(a, 'promises_recorded') || by((r: ViewRow) => text(r, 'collector'))(a, b))
      .map((r): CollectorKpis => ({ collector: text(r, 'collector'), tasksDone: num(r, 'tasks_done'), promisesRecorded: num(r, 'promises_recorded') })),
    previous: beforeSummary
      ? {
          asOf: previous.asOf,
          from: previous.from,
          openAr: num(beforeSummary, 'open_ar'),
          sales: num(beforeSummary, 'sales'),
          collected: num(beforeSummary, 'collected'),
          dso: maybe(beforeSummary, 'dso'),
          bestPossibleDso: maybe(beforeSummary, 'best_possible_dso'),
          averageDaysDelinquent: maybe(beforeSummary, 'average_days_delinquent'),
          countbackDso: maybe(beforeCountback[0], 'countback_dso'),
          cei: maybe(beforeSummary, 'cei'),
          percentCurrent: maybe(beforeSummary, 'percent_current'),
          weightedDaysPastDue: maybe(beforeSummary, 'weighted_days_past_due'),
          costPerRecovered: maybe(beforeCost[0], 'cost_per_recovered'),
        }
      : null,
  };
}
