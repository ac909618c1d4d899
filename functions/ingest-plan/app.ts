import type { Context } from 'aws-lambda';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { decodeS3Key, objectCreatedSchema } from '../../shared/schemas/messages.js';
import { planLargeFile, type PlanDeps, type PlannedFile } from '../../shared/usecases/ingest-large-file.js';
import type { ObjectCreatedEvent } from '../ingest-file/app.js';

/** The plan step's output: the state machine's ItemReader reads `manifestKey` in `bucket`. */
export type PlanOutput = PlannedFile & { readonly bucket: string };

/**
 * First state of IngestLargeFile (an S3 "Object Created" event of a large invoice file, as EventBridge
 * delivers it): reads the file's layout once, cuts it into byte ranges at record boundaries and
 * writes the plan and the manifest of chunks beside the report.
 */
export function createIngestPlanHandler(deps: PlanDeps & { readonly observability: Observability; readonly chunkBytes?: number }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: ObjectCreatedEvent, _context: Context): Promise<PlanOutput> => {
    const parsed = objectCreatedSchema.parse(event);
    const key = decodeS3Key(parsed.detail.object.key);
    logger.appendKeys({ key });
    const planned = await planLargeFile(deps, { key, ...(deps.chunkBytes ? { chunkBytes: deps.chunkBytes } : {}) });
    logger.info('file planned', { chunks: planned.chunks, totalBytes: planned.totalBytes });
    return { ...planned, bucket: parsed.detail.bucket.name };
  });
}
