import { join } from 'node:path';
import type { IngestReport } from '../../shared/domain/types.js';
import type { PortfolioSummary } from '../../shared/ports.js';
import { reportKeyFor } from '../../shared/usecases/report-key.js';

/** Human-readable renderings for the terminal; `--json` prints the raw objects instead. */

const MAX_LISTED = 10;

export function formatIngestReport(report: IngestReport, bucketDir: string): string {
  const lines = [
    `${report.file}: ${report.rows} rows, ${report.accepted} accepted (${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged), ${report.rejected.length} rejected, ${report.warnings.length} warnings`,
  ];
  const list = (title: string, issues: IngestReport['rejected']) => {
    if (issues.length === 0) return;
    lines.push(`  ${title}:`);
    for (const issue of issues.slice(0, MAX_LISTED)) lines.push(`    ${issue.line === null ? 'file' : `line ${issue.line}`}: ${issue.reason}`);
    if (issues.length > MAX_LISTED) lines.push(`    … and ${issues.length - MAX_LISTED} more`);
  };
  list('rejected', report.rejected);
  list('warnings', report.warnings);
  lines.push(`  report: ${join(bucketDir, ...reportKeyFor(report.file).split('/'))}`);
  return lines.join('\n');
}

export interface StatusView {
  readonly now: string;
  readonly summary: PortfolioSummary;
  readonly schedulesPending: number;
  readonly deadLetters: number;
  /** Payments per status (applied, partial, credited, exception, lookup, reversed). */
  readonly payments?: Readonly<Record<string, number | undefined>>;
  /** Messages sent per channel (email, SMS, WhatsApp), receipts and replies included, and their estimated cost. */
  readonly messages?: Readonly<{ email: number; sms: number; whatsapp: number; costMicros: number }>;
}

/** The `status --json` contract: keys are stable; new keys may be added, none renamed. */
export function statusJson(status: StatusView) {
  const { summary } = status;
  return {
    now: status.now,
    accounts: summary.accounts,
    invoices: summary.invoices,
    openBalance: summary.openBalance,
    schedulesPending: status.schedulesPending,
    sent: status.messages
      ? { email: status.messages.email, sms: status.messages.sms, whatsapp: status.messages.whatsapp }
      : { email: summary.remindersByStatus.sent ?? 0 },
    ...(status.messages ? { messageCostUsd: Math.round(status.messages.costMicros / 10_000) / 100 } : {}),
    reminders: summary.remindersByStatus,
    deadLetters: status.deadLetters,
    payments: status.payments ?? {},
  };
}

export function formatStatus(status: StatusView): string {
  const json = statusJson(status);
  const balances = Object.entries(json.openBalance)
    .map(([currency, minor]) => formatMinor(minor, currency))
    .join(', ');
  return [
    `now (test clock):   ${json.now}`,
    `accounts:           ${json.accounts}`,
    `invoices:           ${json.invoices.open} open, ${json.invoices.paid} paid, ${json.invoices.cancelled} cancelled`,
    `open balance:       ${balances || '—'}`,
    `schedules pending:  ${json.schedulesPending}`,
    `messages sent:      ${json.sent.email} email${'sms' in json.sent ? `, ${json.sent.sms} SMS, ${json.sent.whatsapp} WhatsApp` : ''}${json.messageCostUsd !== undefined ? ` (est. USD ${json.messageCostUsd.toFixed(2)})` : ''}`,
    `payments:           ${Object.entries(json.payments).map(([k, n]) => `${n} ${k}`).join(', ') || '—'}`,
    `dead letters:       ${json.deadLetters}`,
  ].join('\n');
}

function formatMinor(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: digits }).format(minor / 10 ** digits);
}
