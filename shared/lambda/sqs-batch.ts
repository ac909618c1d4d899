import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import type { Observability } from './observability.js';

/**
 * An SQS batch handler that validates each record's JSON body with `schema` and reports partial batch
 * failures: one bad or failing message is retried (and dead-lettered in the end) alone, the rest of
 * the batch is deleted.
 */
export function sqsBatchHandler<S extends z.ZodType>(
  schema: S,
  observability: Observability,
  handleOne: (message: z.infer<S>, record: SQSRecord) => Promise<unknown>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) =>
    processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const parsed = schema.safeParse(JSON.parse(record.body));
        if (!parsed.success) {
          throw new Error(`invalid message ${record.messageId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        }
        try {
          return await handleOne(parsed.data, record);
        } catch (error) {
          observability.logger.error('message failed', { messageId: record.messageId, error: error as Error });
          throw error;
        }
      },
      processor,
      { context },
    );
}
