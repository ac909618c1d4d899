/**
 * The KPI report: what `cobranza kpis --json` prints (its last line), what the local dashboard shows
 * and what the weekly digest summarises. Every number comes from the SQL views in `sql/views/` (the
 * same views Athena runs for QuickSight); this module only picks the rows for one as-of date, period,
 * currency and country and shapes them.
 *
 * Money: integer minor units of `currency`. Ratios and days: numbers rounded to 2 decimals.
 * Percentages: 0–100. `null` where the KPI is undefined (no sales in the period, nothing to rate).
 */

export interface KpiReport {
  readonly asOf: string;
  readonly from: string;
  readonly currency: string;
  /** ISO 3166-1 alpha-2, or `ALL`. */
  readonly country: string;
  readonly openAr: number;
  readonly beginningAr: number;
  readonly sales: number;
  readonly collected: number;
  /** Open AR at `asOf` by the policy's buckets, in bucket order (default current, 1-30, 31-60, 61-90, 90+). */
  readonly aging: Readonly<Record<string, number>>;
  readonly dso: number | null;
  readonly bestPossibleDso: number | null;
  readonly averageDaysDelinquent: number | null;
  readonly countbackDso: number | null;
  /** Open AR exceeds every sale on record: countback DSO is the whole history's days, a floor. */
  readonly countbackExceedsHistory: boolean;
  readonly cei: number | null;
  readonly percentCurrent: number | null;
  readonly weightedDaysPastDue: number | null;
  /** By the bucket an invoice was in at the end of the previous period (`from` − 1 day). */
  readonly rollRates: Readonly<Record<string, RollRate>>;
  readonly promises: PromiseKpis;
  /** By channel. */
  readonly channels: Readonly<Record<string, ChannelKpis>>;
  /** By channel, country, tone and template. */
  readonly channelDetail: readonly (ChannelKpis & { readonly channel: string; readonly country: string; readonly tone: string; readonly template: string })[];
  /** Payments collected in the period by the last reminder sent before each. */
  readonly attribution: readonly AttributionRow[];
  /** Message costs (converted to `currency`) + fixed cost, in minor units. */
  readonly recoveryCost: number | null;
  /** recoveryCost / collected (both in `currency`); null when a cost cannot be converted or nothing was collected. */
  readonly costPerRecovered: number | null;
  readonly recoveryByStage: Readonly<Record<string, StageRecovery>>;
  readonly topDebtors: readonly TopDebtor[];
  readonly collectors: readonly CollectorKpis[];
  /** The same headline figures for the period before (same length, ending the day before `from`). */
  readonly previous: PreviousPeriod | null;
}

export interface RollRate {
  /** Balance in the bucket at the end of the previous period. */
  readonly base: number;
  /** Of it, in a later bucket at `asOf`. */
  readonly rolled: number;
  /** Of it, paid in full at `asOf`. */
  readonly cured: number;
  readonly rollRate: number | null;
  readonly cureRate: number | null;
}

export interface PromiseKpis {
  readonly kept: number;
  readonly broken: number;
  readonly pending: number;
  readonly keptRate: number | null;
  readonly keptAmountRate: number | null;
}

export interface ChannelKpis {
  readonly sent: number;
  readonly delivered: number;
  readonly responses: number;
  readonly responseRate: number | null;
  /** Millionths of `costCurrency`. */
  readonly costMicros: number;
  readonly costCurrency: string | null;
}

export interface AttributionRow {
  readonly channel: string;
  readonly tone: string;
  readonly template: string;
  readonly payments: number;
  readonly recovered: number;
}

export interface StageRecovery {
  readonly entries: number;
  readonly openAtEntry: number;
  readonly collected: number;
  readonly recoveryRate: number | null;
}

export interface TopDebtor {
  readonly accountId: string;
  readonly name: string;
  readonly country: string;
  readonly overdue: number;
  readonly open: number;
  /** Overdue balance at the end of the previous period. */
  readonly overduePrevious: number;
}

export interface CollectorKpis {
  readonly collector: string;
  readonly tasksDone: number;
  readonly promisesRecorded: number;
}

export interface PreviousPeriod {
  readonly asOf: string;
  readonly from: string;
  readonly openAr: number;
  readonly sales: number;
  readonly collected: number;
  readonly dso: number | null;
  readonly bestPossibleDso: number | null;
  readonly averageDaysDelinquent: number | null;
  readonly countbackDso: number | null;
  readonly cei: number | null;
  readonly percentCurrent: number | null;
  readonly weightedDaysPastDue: number | null;
  readonly costPerRecovered: number | null;
}
