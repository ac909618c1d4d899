import { secretsContactKey } from '../../shared/adapters/aws/secrets-contact-key.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { planRequestDeps } from '../../shared/lambda/plan-request-deps.js';
import { createDebtorPortalHandler } from './app.js';

const env = readEnv(['contactSecretArn']);

export const handler = createDebtorPortalHandler({
  ...planRequestDeps(),
  key: secretsContactKey(env.contactSecretArn),
  observability: lambdaObservability(),
});
