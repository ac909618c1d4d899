import type { Context, EventBridgeEvent } from 'aws-lambda';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { decodeS3Key, objectCreatedSchema } from '../../shared/schemas/messages.js';
import type { IngestReport } from '../../shared/domain/types.js';
import { ingestInvoiceFile, type IngestInvoiceFileDeps } from '../../shared/usecases/ingest-invoice-file.js';

export type ObjectCreatedEvent = EventBridgeEvent<'Object Created', { bucket: { name: string }; object: { key: string; size?: number } }>;

/**
 * S3 (via EventBridge) → ingest one invoice file. The report is written next to the file; the
 * return value is the same report (handy in the console and in the embedded runtime).
 */
export function createIngestFileHandler(deps: IngestInvoiceFileDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: ObjectCreatedEvent, _context: Context): Promise<IngestReport> => {
    const parsed = objectCreatedSchema.parse(event);
    const key = decodeS3Key(parsed.detail.object.key);
    logger.appendKeys({ key });
    const report = await ingestInvoiceFile(deps, { key });
    logger.info('file ingested', {
      rows: report.rows,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejectedCount ?? report.rejected.length,
      warnings: report.warningCount ?? report.warnings.length,
    });
    deps.observability.metrics?.addMetric('InvoicesCreated', 'Count', report.created);
    deps.observability.metrics?.addMetric('RowsRejected', 'Count', report.rejectedCount ?? report.rejected.length);
    return report;
  });
}
