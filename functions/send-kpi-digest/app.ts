import type { Context } from 'aws-lambda';
import { assembleReport, type KpiViewReader } from '../../shared/analytics/assemble-report.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sendKpiDigest, type DigestLake, type DigestOutcome, type SendKpiDigestDeps } from '../../shared/usecases/send-kpi-digest.js';

export interface SendKpiDigestHandlerDeps extends SendKpiDigestDeps {
  readonly observability: Observability;
}

/** The lake as the digest reads it: the KPI views through `reader` (Athena), the report assembled from them. */
export function viewLake(reader: KpiViewReader & Pick<DigestLake, 'hasPeriods' | 'currencies'>): DigestLake {
  return {
    hasPeriods: (periods) => reader.hasPeriods(periods),
    currencies: () => reader.currencies(),
    report: (query) => assembleReport(reader, query),
  };
}

/**
 * An hourly EventBridge rule (input `{}`, or a scheduled event: its `time` is the instant judged) →
 * the weekly KPI digest when the policy's `reports.digest` is due: claimed once per day in the
 * Accounts table, the KPIs of the last 30 days against the 30 before from the lake through Athena, one
 * email per recipient through SES. Nothing to do is a quiet return; a failure gives the day back and
 * fails the invocation (the next hour tries again, sending only to whoever did not get it).
 */
export function createSendKpiDigestHandler(deps: SendKpiDigestHandlerDeps) {
  const { logger, metrics } = deps.observability;
  return observed(deps.observability, async (event: { readonly time?: string } | undefined, _context: Context): Promise<DigestOutcome> => {
    const now = event?.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : deps.clock.now();
    const outcome = await sendKpiDigest(deps, now);
    if (outcome.status === 'lake-not-ready') {
      logger.warn('the lake has no rows for the digest periods yet (not curated since the day began); trying again next hour', { day: outcome.day });
    } else if (outcome.status === 'sent') {
      logger.info('KPI digest sent', { day: outcome.day, sent: outcome.sent, alreadySent: outcome.alreadySent, currencies: [...outcome.currencies] });
      metrics?.addMetric('KpiDigestsSent', 'Count', outcome.sent);
    } else if (outcome.status !== 'not-due' && outcome.status !== 'no-digest') {
      logger.info('KPI digest not sent', { ...outcome });
    }
    return outcome;
  });
}
