import type { KpiReport } from '../../shared/analytics/kpi-report.js';
import { formatMinorUnits } from '../../shared/domain/ingest/money.js';
import { currencyMinorDigits } from '../../shared/domain/templates/format.js';
import { KpiQueryError as EngineQueryError, type KpiQuery as EngineQuery } from './kpi-engine.js';

/**
 * `cobranza kpis` and the local dashboard's API over the runtime's KPIs (infra/local/local-kpis.ts:
 * curate the tables the process holds into `<data-dir>/lake/`, then DuckDB runs the same views as
 * Athena): the question checked and completed first (as-of defaults to today of the test clock, the
 * period to the month of the as-of date, the currency to the portfolio's only one), and the report's
 * tables as rows and CSV.
 */

export interface KpiQuery {
  readonly asOf: string;
  readonly from?: string;
  readonly currency?: string;
  readonly country?: string;
}

/** What is asked of the runtime's KPIs (`runtime.kpis`). */
export interface KpiSource {
  report(query: EngineQuery): Promise<KpiReport>;
  options(): Promise<{ readonly currencies: readonly string[]; readonly countries: readonly string[]; readonly today: string }>;
}

/** A question about the KPIs that cannot be answered as asked (bad date, no currency chosen): exit 2, HTTP 400. */
export class KpiQueryError extends Error {
  constructor(
    message: string,
    /** The query field at fault: asOf, from, currency, country. */
    readonly field: string,
  ) {
    super(message);
  }
}

/** The portfolio has invoices in several currencies and the question named none. */
export class CurrencyRequiredError extends KpiQueryError {
  constructor(readonly currencies: readonly string[]) {
    super(`the portfolio has several currencies (${currencies.join(', ')}): choose one`, 'currency');
  }
}

/** The lake has no invoices yet: nothing to report. */
export class NoKpiDataError extends Error {
  constructor() {
    super('no data yet: the lake has no invoices (ingest an invoice file first)');
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD (2027-02-31 is not). */
export function isCalendarDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The first day of the month of `day`. */
export function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/**
 * Checks a question and fills in its defaults: the period starts on the first of the as-of month, the
 * currency is the portfolio's only one. Several currencies and none named: CurrencyRequiredError.
 */
export function resolveQuery(query: KpiQuery, currencies: readonly string[], countries: readonly string[]): Required<KpiQuery> {
  if (!isCalendarDay(query.asOf)) throw new KpiQueryError(`as-of must be a calendar day YYYY-MM-DD, got '${query.asOf}'`, 'asOf');
  const from = query.from ?? monthStart(query.asOf);
  if (!isCalendarDay(from)) throw new KpiQueryError(`from must be a calendar day YYYY-MM-DD, got '${from}'`, 'from');
  if (from > query.asOf) throw new KpiQueryError(`from (${from}) must not be after as-of (${query.asOf})`, 'from');
  if (currencies.length === 0) throw new NoKpiDataError();
  let currency = query.currency?.trim().toUpperCase();
  if (!currency) {
    if (currencies.length > 1) throw new CurrencyRequiredError(currencies);
    currency = currencies[0]!;
  } else if (!currencies.includes(currency)) {
    throw new KpiQueryError(`no invoices in ${currency}: the portfolio has ${currencies.join(', ')}`, 'currency');
  }
  const country = query.country?.trim().toUpperCase() || 'ALL';
  if (country !== 'ALL' && !countries.includes(country)) {
    throw new KpiQueryError(`no accounts in country ${country}: the portfolio has ${countries.join(', ') || 'none'}`, 'country');
  }
  return { asOf: query.asOf, from, currency, country };
}

/** What the dashboard's filters offer. */
export interface KpiOptions {
  readonly currencies: readonly string[];
  readonly countries: readonly string[];
  /** Today of the test clock, in the reporting zone. */
  readonly defaultAsOf: string;
  /** ISO 4217 minor-unit digits of each currency (what amounts in minor units are divided by). */
  readonly minorDigits: Readonly<Record<string, number>>;
}

export async function kpiOptions(source: KpiSource): Promise<KpiOptions> {
  const { currencies, countries, today } = await source.options();
  return { currencies, countries, defaultAsOf: today, minorDigits: Object.fromEntries(currencies.map((c) => [c, currencyMinorDigits(c)])) };
}

/** The report for a question (defaults filled in as by {@link resolveQuery}; the as-of defaults to today). */
export async function askKpis(source: KpiSource, query: Partial<KpiQuery>): Promise<KpiReport> {
  const { currencies, countries, today } = await source.options();
  const question = resolveQuery({ ...query, asOf: query.asOf || today }, currencies, countries);
  try {
    return await source.report(question);
  } catch (error) {
    if (!(error instanceof EngineQueryError)) throw error;
    if (error.kind === 'no-data') throw new NoKpiDataError();
    throw new KpiQueryError(error.message, 'query');
  }
}

/** The report's tables, each a header and rows of cells, as the dashboard shows them and its CSV links serve them. */
export const KPI_TABLES = ['aging', 'rollRates', 'promises', 'channels', 'channelDetail', 'attribution', 'recoveryByStage', 'topDebtors', 'collectors', 'trend'] as const;
export type KpiTable = (typeof KPI_TABLES)[number];

type Cell = string | number | boolean | null;

/**
 * One table of the report as rows (the first is the header). Every money column comes twice: as a
 * decimal amount a spreadsheet reads as is (`amount`: 25000.00 MXN, 7240000 CLP) and, exact, in integer
 * minor units (`amount_minor`).
 */
export function kpiTable(report: KpiReport, table: KpiTable): Cell[][] {
  const rows = minorTable(report, table);
  const header = rows[0] ?? [];
  const money = header.flatMap((name, i) => (typeof name === 'string' && name.endsWith('_minor') ? [i] : []));
  return rows.map((row, r) =>
    row.flatMap((cell, i) => {
      if (!money.includes(i)) return [cell];
      if (r === 0) return [String(cell).slice(0, -'_minor'.length), cell];
      return [typeof cell === 'number' ? formatMinorUnits(cell, report.currency) : cell, cell];
    }),
  );
}

function minorTable(report: KpiReport, table: KpiTable): Cell[][] {
  switch (table) {
    case 'aging':
      return [['bucket', 'amount_minor', 'currency'], ...Object.entries(report.aging).map(([bucket, amount]) => [bucket, amount, report.currency])];
    case 'rollRates':
      return [
        ['bucket', 'base_minor', 'rolled_minor', 'cured_minor', 'roll_rate_pct', 'cure_rate_pct'],
        ...Object.entries(report.rollRates).map(([bucket, r]) => [bucket, r.base, r.rolled, r.cured, r.rollRate, r.cureRate]),
      ];
    case 'promises': {
      const p = report.promises;
      return [
        ['kept', 'broken', 'pending', 'kept_rate_pct', 'kept_amount_rate_pct'],
        [p.kept, p.broken, p.pending, p.keptRate, p.keptAmountRate],
      ];
    }
    case 'channels':
      return [
        ['channel', 'sent', 'delivered', 'responses', 'response_rate_pct', 'cost_micros', 'cost_currency'],
        ...Object.entries(report.channels).map(([channel, c]) => [channel, c.sent, c.delivered, c.responses, c.responseRate, c.costMicros, c.costCurrency]),
      ];
    case 'channelDetail':
      return [
        ['channel', 'country', 'tone', 'template', 'sent', 'delivered', 'responses', 'response_rate_pct', 'cost_micros', 'cost_currency'],
        ...report.channelDetail.map((c) => [c.channel, c.country, c.tone, c.template, c.sent, c.delivered, c.responses, c.responseRate, c.costMicros, c.costCurrency]),
      ];
    case 'attribution':
      return [['channel', 'tone', 'template', 'payments', 'recovered_minor'], ...report.attribution.map((a) => [a.channel, a.tone, a.template, a.payments, a.recovered])];
    case 'recoveryByStage':
      return [
        ['stage', 'entries', 'open_at_entry_minor', 'collected_minor', 'recovery_rate_pct'],
        ...Object.entries(report.recoveryByStage).map(([stage, s]) => [stage, s.entries, s.openAtEntry, s.collected, s.recoveryRate]),
      ];
    case 'topDebtors':
      return [
        ['account_id', 'name', 'country', 'overdue_minor', 'open_minor', 'overdue_previous_minor'],
        ...report.topDebtors.map((d) => [d.accountId, d.name, d.country, d.overdue, d.open, d.overduePrevious]),
      ];
    case 'collectors':
      return [['collector', 'tasks_done', 'promises_recorded'], ...report.collectors.map((c) => [c.collector, c.tasksDone, c.promisesRecorded])];
    case 'trend': {
      const p = report.previous;
      return [
        ['period', 'from', 'as_of', 'open_ar_minor', 'collected_minor', 'dso', 'cei_pct', 'percent_current'],
        ...(p ? [['previous', p.from, p.asOf, p.openAr, p.collected, p.dso, p.cei, p.percentCurrent]] : []),
        ['this', report.from, report.asOf, report.openAr, report.collected, report.dso, report.cei, report.percentCurrent],
      ];
    }
  }
}

/**
 * RFC 4180 CSV: every field with a comma, quote, CR or LF is quoted and its quotes doubled; CRLF line
 * ends. A text cell starting with = + - @ (or a tab/CR) is prefixed with ' so a spreadsheet shows it as
 * text instead of running it as a formula (debtor names come from outside).
 */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  const field = (cell: Cell): string => {
    if (cell === null) return '';
    if (typeof cell !== 'string') return String(cell);
    const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
