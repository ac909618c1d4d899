import { randomUUID } from 'node:crypto';
import type { ResolvedKpiQuery } from '../analytics/assemble-report.js';
import { composeDigest, digestDue } from '../analytics/kpi-digest.js';
import type { KpiReport } from '../analytics/kpi-report.js';
import { reportsOf } from '../domain/policy/reports-section.js';
import type { Policy } from '../domain/policy/schema.js';
import type { Clock, EmailSender } from '../ports.js';

/** The KPI lake as the digest needs it (Athena on AWS). */
export interface DigestLake {
  /** Whether the lake has been curated for these periods (their report_dates rows exist). */
  hasPeriods(periods: readonly { readonly asOf: string; readonly from: string }[]): Promise<boolean>;
  /** Every currency an invoice is in. */
  currencies(): Promise<string[]>;
  report(query: ResolvedKpiQuery): Promise<KpiReport>;
}

/** Which digests went out: a day is claimed once; each recipient is recorded once SES took it. */
export interface DigestLedger {
  /** True when this run now holds the day: nobody did, or a `sending` claim older than `staleBefore` (its holder died). */
  claim(day: string, token: string, at: Date, staleBefore: Date): Promise<boolean>;
  /** Gives the day back (if `token` still holds it), for the next hour's run. */
  release(day: string, token: string): Promise<void>;
  /** The day is done: later runs skip it. */
  complete(day: string, token: string, at: Date, sent: number): Promise<void>;
  wasSentTo(day: string, recipient: string): Promise<boolean>;
  recordSentTo(day: string, recipient: string, messageId: string, at: Date): Promise<void>;
}

export interface SendKpiDigestDeps {
  readonly policy: { get(): Promise<Policy> };
  readonly lake: DigestLake;
  readonly ledger: DigestLedger;
  readonly email: EmailSender;
  readonly clock: Clock;
  /** Linked at the end of the digest (the QuickSight dashboard). */
  readonly dashboardUrl?: string;
  /** A claim older than this is taken over (longer than the function's timeout). @default 15 minutes */
  readonly claimStaleMs?: number;
  readonly newToken?: () => string;
}

export type DigestOutcome =
  | { readonly status: 'no-digest' }
  | { readonly status: 'not-due' }
  /** Sent already, or another run is sending it now. */
  | { readonly status: 'claimed'; readonly day: string }
  /** The lake has no rows for the digest's periods yet (curated before the day began): the next hour tries again. */
  | { readonly status: 'lake-not-ready'; readonly day: string }
  /** No invoices in the lake: nothing to say; the day is done. */
  | { readonly status: 'no-invoices'; readonly day: string }
  | { readonly status: 'sent'; readonly day: string; readonly sent: number; readonly alreadySent: number; readonly currencies: readonly string[] };

/**
 * The weekly KPI digest, run every hour: when the policy's `reports.digest` is due (its weekday, from
 * its local time on, in `reports.timezone`), claim the day, check the lake has the digest's periods,
 * build one report per currency (the last 30 days to yesterday vs the 30 before, all countries),
 * compose it and email every recipient (idempotency key `digest-<day>-<recipient>`), each recorded as
 * SES takes it. Any failure gives the day back and rethrows, so the next hour sends to whoever did not
 * get it yet; a day done is skipped by every later run.
 */
export async function sendKpiDigest(deps: SendKpiDigestDeps, now: Date = deps.clock.now()): Promise<DigestOutcome> {
  const policy = await deps.policy.get();
  const reports = reportsOf(policy);
  const digest = reports.digest;
  if (!digest) return { status: 'no-digest' };
  const period = digestDue(now, digest, reports.timezone);
  if (!period) return { status: 'not-due' };
  const { day } = period;

  const token = (deps.newToken ?? randomUUID)();
  const staleBefore = new Date(now.getTime() - (deps.claimStaleMs ?? 15 * 60_000));
  if (!(await deps.ledger.claim(day, token, now, staleBefore))) return { status: 'claimed', day };
  try {
    const periods = [{ asOf: period.asOf, from: period.from }, period.previous];
    if (!(await deps.lake.hasPeriods(periods))) {
      await deps.ledger.release(day, token);
      return { status: 'lake-not-ready', day };
    }
    const currencies = await deps.lake.currencies();
    if (currencies.length === 0) {
      await deps.ledger.complete(day, token, deps.clock.now(), 0);
      return { status: 'no-invoices', day };
    }
    const kpis: KpiReport[] = [];
    for (const currency of currencies) {
      kpis.push(await deps.lake.report({ asOf: period.asOf, from: period.from, previous: period.previous, currency, country: 'ALL' }));
    }
    const email = composeDigest({ company: policy.company.name, locale: digest.locale, reports: kpis, ...(deps.dashboardUrl ? { dashboardUrl: deps.dashboardUrl } : {}) });
    let sent = 0;
    let alreadySent = 0;
    for (const to of digest.recipients) {
      if (await deps.ledger.wasSentTo(day, to)) {
        alreadySent += 1;
        continue;
      }
      const at = deps.clock.now();
      const { messageId } = await deps.email.send({
        idempotencyKey: `digest-${day}-${to}`,
        to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        date: at,
        tags: { kind: 'kpi-digest', day },
      });
      await deps.ledger.recordSentTo(day, to, messageId, at);
      sent += 1;
    }
    await deps.ledger.complete(day, token, deps.clock.now(), sent + alreadySent);
    return { status: 'sent', day, sent, alreadySent, currencies };
  } catch (error) {
    await deps.ledger.release(day, token).catch(() => undefined);
    throw error;
  }
}
