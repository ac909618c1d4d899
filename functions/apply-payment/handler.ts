import { applyPaymentDeps } from '../../shared/lambda/apply-payment-deps.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createApplyPaymentHandler } from './app.js';

export const handler = createApplyPaymentHandler({ ...applyPaymentDeps(), observability: lambdaObservability() });
