import { lambdaObservability } from '../../shared/lambda/observability.js';
import { planRequestDeps } from '../../shared/lambda/plan-request-deps.js';
import { createEscalationApiHandler } from './app.js';

export const handler = createEscalationApiHandler({ ...planRequestDeps(), observability: lambdaObservability() });
