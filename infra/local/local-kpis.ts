/**
 * The KPIs of a running embedded runtime: the lake is curated from the tables this process holds, then
 * the KPI engine (DuckDB, the same views as Athena) answers. Used by `cobranza kpis`, the local
 * dashboard's API and the weekly digest. The lake is curated again when the test clock has moved or
 * the last curate is more than a couple of seconds old (cheap: the sample portfolio takes ~0.3 s), so
 * a dashboard reload shows what just happened.
 */
import { DateTime } from 'luxon';
import { curateLocalLake, type OpenTables } from './lake.js';
import { KpiQueryError, openKpiEngine, type KpiEngine, type KpiQuery } from './kpi-engine.js';
import type { KpiReport } from '../../shared/analytics/kpi-report.js';
import type { ReportsPolicy } from '../../shared/domain/policy/reports-section.js';
import { composeDigest, type DigestEmail, type DigestPeriod } from '../../shared/analytics/kpi-digest.js';

const FRESH_MS = 2_000;

export interface KpiOptions {
  readonly currencies: readonly string[];
  readonly countries: readonly string[];
  /** Today in the reporting zone (the test clock's). */
  readonly today: string;
}

export class LocalKpis {
  private engine: KpiEngine | undefined;
  private curatedFor: number | undefined;
  private curatedAt = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly tables: OpenTables,
    private readonly now: () => Date,
    private readonly reports: () => Promise<ReportsPolicy>,
  ) {}

  report(query: KpiQuery): Promise<KpiReport> {
    return this.serial(async () => (await this.current()).report(query));
  }

  options(): Promise<KpiOptions> {
    return this.serial(async () => {
      const engine = await this.current();
      const zone = (await this.reports()).timezone;
      return { currencies: await engine.currencies(), countries: await engine.countries(), today: DateTime.fromJSDate(this.now(), { zone }).toISODate()! };
    });
  }

  /** The digest for `period`: one section per currency, all countries. Null when there are no invoices yet. */
  digest(period: DigestPeriod, company: string, locale: string, dashboardUrl?: string): Promise<DigestEmail | null> {
    return this.serial(async () => {
      const engine = await this.current();
      const currencies = await engine.currencies();
      if (currencies.length === 0) return null;
      const reports: KpiReport[] = [];
      for (const currency of currencies) {
        // A currency with no invoice issued by then has nothing to say yet.
        const report = await engine.report({ asOf: period.asOf, from: period.from, previous: period.previous, currency }).catch((error: unknown) => {
          if (error instanceof KpiQueryError && error.kind === 'no-data') return undefined;
          throw error;
        });
        if (report) reports.push(report);
      }
      return reports.length > 0 ? composeDigest({ company, locale, reports, ...(dashboardUrl ? { dashboardUrl } : {}) }) : null;
    });
  }

  /** After the questions already asked. */
  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      this.engine?.close();
      this.engine = undefined;
    });
  }

  /**
   * One question at a time: a curate replaces the engine (closing the old one), which must never happen
   * under a query still running on it. A burst of dashboard requests waits its turn.
   */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async current(): Promise<KpiEngine> {
    if (this.closed) throw new Error('the KPIs are closed (the runtime was closed)');
    const clock = this.now().getTime();
    if (this.engine && this.curatedFor === clock && Date.now() - this.curatedAt < FRESH_MS) return this.engine;
    return this.refresh(clock);
  }

  private async refresh(clock: number): Promise<KpiEngine> {
    const { lakeDir } = await curateLocalLake(this.dataDir, { tables: this.tables, now: new Date(clock), reports: await this.reports() });
    const next = await openKpiEngine(lakeDir);
    this.engine?.close();
    this.engine = next;
    this.curatedFor = clock;
    this.curatedAt = Date.now();
    return next;
  }
}
