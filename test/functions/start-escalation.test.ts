import { Metrics } from '@aws-lambda-powertools/metrics';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createStartEscalationHandler } from '../../functions/start-escalation/app.js';
import { StepFunctionsEvaluationStarter } from '../../shared/adapters/aws/sfn-evaluation-starter.js';
import { evaluationName, type EvaluationRequest } from '../../shared/config/escalation.js';
import { context, observability, sqsEvent } from './harness.js';

/**
 * start-escalation: each message of the escalation queue (a schedule firing, a payment, a promise, a
 * dispute, a task done) becomes one Standard execution of EvaluateEscalation, named after the request's
 * evaluation id, with the request as its input. Step Functions refuses a name twice: a redelivered or
 * repeated trigger is a duplicate, not a failure.
 */
const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:EvaluateEscalation';
const sfn = mockClient(SFNClient);

function handler(metrics?: Metrics) {
  return createStartEscalationHandler({
    starter: new StepFunctionsEvaluationStarter(new SFNClient({ region: 'us-east-1' }), STATE_MACHINE_ARN),
    observability: metrics ? { ...observability, metrics } : observability,
  });
}

const payment: EvaluationRequest = {
  accountId: 'MX-100',
  evaluationId: evaluationName('MX-100', 'payment', 'stripe:pi_3Q'),
  trigger: { kind: 'payment', at: '2026-12-03T15:00:00.000Z', detail: 'stripe:pi_3Q' },
};
const scheduled: EvaluationRequest = {
  accountId: 'CO-301',
  evaluationId: 'CO-301-schedule-202612081400',
  trigger: { kind: 'schedule', at: '2026-12-08T14:00:00.000Z', detail: 'next evaluation' },
};

beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:x`, startDate: new Date() });
});

describe('start-escalation', () => {
  it('starts one execution per message, named by its evaluation id, the request as its input', async () => {
    expect(payment.evaluationId).toBe('MX-100-payment-stripe_pi_3Q');
    const result = await handler()(sqsEvent(payment, scheduled), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 2);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: STATE_MACHINE_ARN, name: 'MX-100-payment-stripe_pi_3Q', input: JSON.stringify(payment) });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: STATE_MACHINE_ARN, name: 'CO-301-schedule-202612081400', input: JSON.stringify(scheduled) });
    const inputs = sfn.commandCalls(StartExecutionCommand).map((call) => JSON.parse(call.args[0].input.input!) as unknown);
    expect(inputs).toEqual(expect.arrayContaining([payment, scheduled]));
  });

  it('a name Step Functions already ran (ExecutionAlreadyExists) is a duplicate, not a failure', async () => {
    sfn.on(StartExecutionCommand, { name: payment.evaluationId }).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    const metrics = new Metrics({ namespace: 'Cobranza', serviceName: 'start-escalation' });
    const added = vi.spyOn(metrics, 'addMetric');
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);

    const result = await handler(metrics)(sqsEvent(payment, scheduled), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(added).toHaveBeenCalledWith('EvaluationsDuplicate', 'Count', 1);
    expect(added).toHaveBeenCalledWith('EvaluationsStarted', 'Count', 1);
  });

  it('any other failure fails that message alone (SQS retries it, then dead-letters it)', async () => {
    sfn.on(StartExecutionCommand, { name: scheduled.evaluationId }).rejects(new StateMachineDoesNotExist({ message: 'no such state machine', $metadata: {} }));
    const result = await handler()(sqsEvent(payment, scheduled), context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: payment.evaluationId });
  });

  it('a message that is not an evaluation request never reaches Step Functions', async () => {
    const result = await handler()(
      sqsEvent(
        { ...payment, evaluationId: 'MX-100 payment: has spaces' }, // not a valid execution name
        { ...payment, trigger: { kind: 'rumour', at: payment.trigger.at } },
        { accountId: 'MX-100' },
        'not json at all',
        payment,
      ),
      context,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }, { itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }, { itemIdentifier: 'm-3' }]);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: payment.evaluationId });
  });

  it('execution names stay within what Step Functions allows, and long ids stay unique', () => {
    const long = 'CLIENTE-CON-UN-IDENTIFICADOR-MUY-LARGO-QUE-NO-CABE-EN-UN-NOMBRE-DE-EJECUCION';
    const a = evaluationName(long, 'invoice', 'F-2026-000001-abcdef0123456789');
    const b = evaluationName(long, 'invoice', 'F-2026-000002-abcdef0123456789');
    for (const name of [a, b, evaluationName('MX 100/ñ', 'promise', 'p:1')]) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(a).not.toBe(b);
    expect(evaluationName('MX 100/ñ', 'promise', 'p:1')).toBe('MX_100__-promise-p_1');
  });
});
