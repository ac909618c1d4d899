import type { Context } from 'aws-lambda';
import type { ObjectCreatedEvent } from '../ingest-file/app.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { decodeS3Key, objectCreatedSchema } from '../../shared/schemas/messages.js';
import { reconcilePaymentFile, type ReconcileDeps, type ReconcileReport } from '../../shared/usecases/reconcile-payment-file.js';

/**
 * S3 (via EventBridge) `statements/…` → every credit line matched and applied; the report is
 * written under `reports/statements/…` and returned.
 */
export function createReconcileStatementHandler(deps: ReconcileDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: ObjectCreatedEvent, _context: Context): Promise<ReconcileReport> => {
    const key = decodeS3Key(objectCreatedSchema.parse(event).detail.object.key);
    logger.appendKeys({ key });
    const report = await reconcilePaymentFile(deps, { key });
    logger.info('statement reconciled', {
      format: report.format,
      lines: report.lines,
      payments: report.payments,
      applied: report.applied,
      partial: report.partial,
      exceptions: report.exceptions,
      duplicates: report.duplicates,
      duplicatesInFile: report.duplicatesInFile.length,
      rejected: report.rejected.length,
    });
    deps.observability.metrics?.addMetric('StatementPayments', 'Count', report.payments);
    deps.observability.metrics?.addMetric('PaymentExceptions', 'Count', report.exceptions);
    return report;
  });
}
