import { oneLine } from './format-terminal.js';
import { formatMinorUnits } from '../../shared/domain/ingest/money.js';
import type { PaymentRecord } from '../../shared/ports.js';
import type { ReconcileReport } from '../../shared/usecases/reconcile-payment-file.js';

/** Terminal renderings of the payment commands; `--json` prints the objects instead. */

const MAX_LISTED = 10;
const money = (minor: number, currency: string) => `${formatMinorUnits(minor, currency)} ${currency}`;

/** The `reconcile --json` contract: these keys first, in this order; keys may be added, never renamed. */
export function reconcileJson(report: ReconcileReport) {
  return {
    lines: report.lines,
    payments: report.payments,
    applied: report.applied,
    partial: report.partial,
    exceptions: report.exceptions,
    duplicates: report.duplicates,
    rejected: report.rejected,
    reversals: report.reversals,
    warnings: report.warnings,
    format: report.format,
    file: report.file,
  };
}

export function formatReconcileReport(report: ReconcileReport): string {
  const lines = [
    `${report.file} (${report.format ?? 'not recognised'}): ${report.lines} lines, ${report.payments} payments — ${report.applied} applied, ${report.partial} partial, ${report.exceptions} to review, ${report.duplicates} duplicates, ${report.rejected.length} rejected`,
  ];
  for (const [title, issues] of [['rejected', report.rejected], ['warnings', report.warnings]] as const) {
    if (issues.length === 0) continue;
    lines.push(`  ${title}:`);
    for (const issue of issues.slice(0, MAX_LISTED)) lines.push(`    ${issue.line === null ? 'file' : `line ${issue.line}`}: ${issue.reason}`);
    if (issues.length > MAX_LISTED) lines.push(`    … and ${issues.length - MAX_LISTED} more`);
  }
  if (report.exceptions > 0) lines.push(`  see them with: cobranza exceptions`);
  return lines.join('\n');
}

export function formatExceptions(records: readonly PaymentRecord[]): string {
  if (records.length === 0) return 'no payments waiting for review';
  const lines: string[] = [];
  for (const record of records) {
    const { payment } = record;
    lines.push(
      `${payment.paymentId}  ${payment.amount > 0 ? money(payment.amount, payment.currency) : '(amount unknown)'}  ${payment.valueDate}  ${oneLine(payment.payerName ?? '')}${payment.reference ? `  "${oneLine(payment.reference.slice(0, 50))}"` : ''}`,
    );
    lines.push(`    why: ${oneLine(record.reason ?? record.decision?.explanation ?? '—')}`);
    for (const [i, s] of (record.decision?.suggestions ?? []).entries()) {
      const targets = s.allocations.map((a) => `${a.invoiceNumber} (${a.accountId}) ${money(a.amount, payment.currency)}`).join(' + ');
      lines.push(`    ${i + 1}. ${targets} — ${Math.round(s.confidence * 100)}%: ${s.explanation}`);
    }
    const first = record.decision?.suggestions[0];
    if (first) lines.push(`    apply: cobranza apply ${payment.paymentId} ${first.allocations.map((a) => a.invoiceNumber).join(' ')}`);
  }
  return lines.join('\n');
}

export function formatApplied(record: PaymentRecord): string {
  const { payment } = record;
  const parts = record.applications.map(
    (a) => `${money(a.amount, payment.currency)} to ${a.invoiceNumber}${a.balanceAfter === 0 ? ' (paid)' : ` (${money(a.balanceAfter, payment.currency)} still owed)`}`,
  );
  if (record.credit) parts.push(`${money(record.credit.amount, payment.currency)} kept as credit of ${record.credit.accountId}`);
  return `${payment.paymentId}: ${record.status} — ${parts.join('; ') || 'nothing applied'}`;
}
