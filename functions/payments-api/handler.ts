import { applyPaymentDeps } from '../../shared/lambda/apply-payment-deps.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createPaymentsApiHandler } from './app.js';

export const handler = createPaymentsApiHandler({ ...applyPaymentDeps(), observability: lambdaObservability() });
