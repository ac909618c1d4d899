import type { Context } from 'aws-lambda';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { decodeS3Key, objectCreatedSchema } from '../../shared/schemas/messages.js';
import { updatePolicy, type PolicyUpdateReport, type UpdatePolicyDeps } from '../../shared/usecases/update-policy.js';
import type { ObjectCreatedEvent } from '../ingest-file/app.js';

/** S3 (via EventBridge) `config/policy.json` → validate and activate, or refuse and keep the old one. */
export function createUpdatePolicyHandler(deps: UpdatePolicyDeps & { readonly observability: Observability }) {
  return observed(deps.observability, async (event: ObjectCreatedEvent, _context: Context): Promise<PolicyUpdateReport> => {
    const parsed = objectCreatedSchema.parse(event);
    const report = await updatePolicy(deps, { key: decodeS3Key(parsed.detail.object.key) });
    if (report.accepted) deps.observability.logger.info('policy activated', { version: report.version });
    else deps.observability.logger.error('policy refused; the previous one stays in force', { error: report.error });
    return report;
  });
}
