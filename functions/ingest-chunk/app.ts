import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { ingestChunk, type IngestLargeFileDeps } from '../../shared/usecases/ingest-large-file.js';

const offset = z.number().int().nonnegative();

/** One manifest item, as the Distributed Map's ItemReader passes it. */
export const chunkItemSchema = z.object({
  key: z.string().min(1),
  index: offset,
  start: offset,
  end: offset,
  firstLine: z.number().int().positive(),
  lastLine: offset,
  header: z.boolean(),
});

/** Small on purpose: the Map's results stay far below Step Functions' 256 KB (the part holds the detail). */
export interface ChunkOutput {
  readonly index: number;
  readonly rows: number;
  readonly rejected: number;
}

/**
 * One chunk of a large invoice file (a Distributed Map item): reads its byte range with the plan,
 * writes its rows, asks for their planning, writes its part `reports/<key>.parts/<n>.json`.
 * Idempotent: a retry after a timeout redoes only this range, and stored rows write nothing.
 */
export function createIngestChunkHandler(deps: IngestLargeFileDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: unknown, _context: Context): Promise<ChunkOutput> => {
    const item = chunkItemSchema.parse(event);
    logger.appendKeys({ key: item.key, chunk: item.index });
    const part = await ingestChunk(deps, item);
    logger.info('chunk ingested', { rows: part.rows, created: part.created, updated: part.updated, unchanged: part.unchanged, rejected: part.rejectedCount });
    deps.observability.metrics?.addMetric('InvoicesCreated', 'Count', part.created);
    deps.observability.metrics?.addMetric('RowsRejected', 'Count', part.rejectedCount ?? part.rejected.length);
    return { index: part.index, rows: part.rows, rejected: part.rejectedCount ?? part.rejected.length };
  });
}
