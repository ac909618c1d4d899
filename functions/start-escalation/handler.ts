import { SFNClient, StepFunctionsEvaluationStarter } from '../../shared/adapters/aws/sfn-evaluation-starter.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createStartEscalationHandler } from './app.js';

const env = readEnv(['stateMachineArn']);

export const handler = createStartEscalationHandler({
  starter: new StepFunctionsEvaluationStarter(new SFNClient({}), env.stateMachineArn),
  observability: lambdaObservability(),
});
