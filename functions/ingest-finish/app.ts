import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { reportKeyFor } from '../../shared/usecases/report-key.js';
import { finishLargeFile, type FinishDeps } from '../../shared/usecases/ingest-large-file.js';

const finishInputSchema = z.object({ key: z.string().min(1) });

/** The execution's output: counts only (the report itself, with every line, is in the bucket). */
export interface FinishOutput {
  readonly key: string;
  readonly report: string;
  readonly rows: number;
  readonly accepted: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly warnings: number;
  readonly chunks: number;
  readonly failedChunks: number;
}

/**
 * Last state of IngestLargeFile (its input: the plan step's output): merges the chunks' parts into
 * the one report `reports/<key>.json` and logs `file.ingested`.
 */
export function createIngestFinishHandler(deps: FinishDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: unknown, _context: Context): Promise<FinishOutput> => {
    const { key } = finishInputSchema.parse(event);
    logger.appendKeys({ key });
    const report = await finishLargeFile(deps, { key });
    const output: FinishOutput = {
      key,
      report: reportKeyFor(key),
      rows: report.rows,
      accepted: report.accepted,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejectedCount ?? report.rejected.length,
      warnings: report.warningCount ?? report.warnings.length,
      chunks: report.chunks.count,
      failedChunks: report.chunks.failed.length,
    };
    logger.info('file ingested', { ...output });
    return output;
  });
}
