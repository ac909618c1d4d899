/**
 * Escalation infrastructure (infra/aws/constructs/escalation.ts): the EvaluateEscalation state machine
 * (definition, role, logs, tracing, alarms), the escalation queue and start-escalation, the escalation
 * schedules (group, scheduler role, DLQ), the worklist routes on the finance API, the producers of
 * evaluation requests, and the outputs.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESCALATION_PREFIX, STEP_ARN_SUBSTITUTION, WORKLIST_ROUTES } from '../../infra/aws/constructs/escalation.js';
import { MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from '../../infra/aws/constructs/monitored-queue.js';
import {
  ESCALATION_STATE_MACHINE_NAME,
  ESCALATION_TASK_STATES,
  ESCALATION_TIMEOUT_SECONDS,
  escalationDefinition,
} from '../../shared/config/escalation-state-machine.js';
import { ENV, FUNCTIONS, type FunctionName } from '../../shared/config/functions.js';
import {
  actionsOf,
  asArray,
  environment,
  functionId,
  getAttOf,
  refOf,
  resource,
  resources,
  roleIdOf,
  roleStatements,
  statementsFor,
  synthCobranza,
  type CfnResource,
  type Statement,
  type Synthesized,
} from './support/cobranza.js';

let synth: Synthesized;

beforeAll(() => {
  // Templates only: bundling and template validation run in stateless-stack/nag/synth tests.
  synth = synthCobranza({ bundle: false, cfnValidation: false });
});

const fn = (name: FunctionName): CfnResource => resource(synth.stateless, functionId(synth.stateless, name));
const fnId = (name: FunctionName): string => functionId(synth.stateless, name);
const statementsOf = (name: FunctionName): Statement[] =>
  roleStatements(synth.stateless, synth.stateful, roleIdOf(synth.stateless, fnId(name)));
const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
  synth.stacks.stateless.getLogicalId(construct.node.defaultChild as CfnElement);
const escalation = () => synth.stacks.stateless.escalation;

const stateMachineId = (): string => logicalId(escalation().stateMachine);
const stateMachine = (): CfnResource => resource(synth.stateless, stateMachineId());
const escalationQueueId = (): string => logicalId(escalation().escalationQueue.queue);
const alarmTopicId = (): string => logicalId(synth.stacks.stateless.monitoring.alarmTopic);
const financeTopicId = (): string => logicalId(synth.stacks.stateless.payments.financeAlerts);
const financeApiId = (): string => logicalId(synth.stacks.stateless.payments.financeHttpApi.api);
const sendTargets = (statements: readonly Statement[]): string[] =>
  statements
    .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes('sqs:SendMessage'))
    .flatMap((s) => asArray(s.Resource))
    .map((r) => getAttOf(r)?.[0] ?? JSON.stringify(r))
    .sort();

/** Every Task state of an ASL definition (Parallel branches included): name → state. */
function taskStates(definition: { States: Record<string, Record<string, unknown>> }): Map<string, Record<string, unknown>> {
  const tasks = new Map<string, Record<string, unknown>>();
  for (const [name, state] of Object.entries(definition.States)) {
    if (state['Type'] === 'Task') tasks.set(name, state);
    for (const branch of (state['Branches'] as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []) {
      for (const [inner, task] of taskStates(branch)) tasks.set(inner, task);
    }
  }
  return tasks;
}

describe('EvaluateEscalation state machine', () => {
  it('is a Standard state machine named after the stack, traced with X-Ray', () => {
    expect(stateMachine().Type).toBe('AWS::StepFunctions::StateMachine');
    expect(stateMachine().Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      StateMachineName: `CobranzaStateless-${ESCALATION_STATE_MACHINE_NAME}`,
      TracingConfiguration: { Enabled: true },
    });
    // The other state machine of the stack is ingestion's large-file one (test/infra/ingestion-large-file.test.ts).
    const machines = Object.entries(resources(synth.stateless, 'AWS::StepFunctions::StateMachine'));
    expect(machines.filter(([, m]) => String(m.Properties?.['StateMachineName']).includes(ESCALATION_STATE_MACHINE_NAME)).map(([id]) => id)).toEqual([stateMachineId()]);
  });

  it('uses the shared ASL definition unchanged, with escalation-step\'s ARN substituted into every Task', () => {
    const props = stateMachine().Properties ?? {};
    const body = props['DefinitionString'] as string;
    expect(typeof body).toBe('string');
    const definition = JSON.parse(body) as { States: Record<string, Record<string, unknown>>; TimeoutSeconds?: number };
    expect(definition).toEqual(escalationDefinition({ stepFunctionArn: `\${${STEP_ARN_SUBSTITUTION}}` }));
    expect(definition.TimeoutSeconds).toBe(ESCALATION_TIMEOUT_SECONDS);

    // CloudFormation replaces ${EscalationStepArn} by the function's ARN; nothing else is substituted.
    expect(props['DefinitionSubstitutions']).toEqual({ [STEP_ARN_SUBSTITUTION]: { 'Fn::GetAtt': [fnId('escalation-step'), 'Arn'] } });
    expect(body.match(/\$\{[^}]+\}/g)?.every((placeholder) => placeholder === `\${${STEP_ARN_SUBSTITUTION}}`)).toBe(true);

    const tasks = taskStates(definition);
    expect([...tasks.keys()].sort()).toEqual(Object.keys(ESCALATION_TASK_STATES).sort());
    for (const [name, task] of tasks) {
      expect({ name, resource: task['Resource'] }).toEqual({ name, resource: `\${${STEP_ARN_SUBSTITUTION}}` });
      expect({ name, step: (task['Parameters'] as { step?: string }).step }).toEqual({
        name,
        step: ESCALATION_TASK_STATES[name as keyof typeof ESCALATION_TASK_STATES],
      });
    }
  });

  it('its role trusts Step Functions and may invoke escalation-step only; the rest is logging and tracing', () => {
    const roleId = getAttOf(stateMachine().Properties?.['RoleArn'])![0];
    const role = resource(synth.stateless, roleId);
    expect(JSON.stringify(role.Properties?.['AssumeRolePolicyDocument'])).toContain('"Service":"states.amazonaws.com"');
    expect(role.Properties?.['ManagedPolicyArns']).toBeUndefined();
    const statements = roleStatements(synth.stateless, synth.stateful, roleId);

    const invoke = statementsFor(statements, 'lambda');
    expect(invoke.map((s) => [s.Action, s.Resource])).toEqual([['lambda:InvokeFunction', { 'Fn::GetAtt': [fnId('escalation-step'), 'Arn'] }]]);

    const logDelivery = [
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:DescribeLogGroups',
      'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:UpdateLogDelivery',
    ];
    const tracing = ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction', ...logDelivery, ...tracing].sort());
    // Resource "*" only where the service offers nothing narrower.
    const star = statements.filter((s) => asArray(s.Resource).includes('*'));
    expect(actionsOf(star)).toEqual([...logDelivery, ...tracing].sort());
  });

  it('logs ALL events without execution data to its own KMS-encrypted log group kept one month', () => {
    const logging = stateMachine().Properties?.['LoggingConfiguration'] as {
      Level: string;
      IncludeExecutionData: boolean;
      Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[];
    };
    expect(logging.Level).toBe('ALL');
    expect(logging.IncludeExecutionData).toBe(false);
    expect(logging.Destinations).toHaveLength(1);
    const logGroupId = getAttOf(logging.Destinations[0]!.CloudWatchLogsLogGroup.LogGroupArn)![0];
    expect(logGroupId).toBe(logicalId(escalation().stateMachineLogs));
    const logGroup = resource(synth.stateless, logGroupId);
    expect(logGroup.Properties).toMatchObject({
      RetentionInDays: 30,
      LogGroupName: '/aws/vendedlogs/states/CobranzaStateless-escalation',
      KmsKeyId: { 'Fn::GetAtt': [logicalId(escalation().logsKey), 'Arn'] },
    });
    expect(logGroup.DeletionPolicy).toBe('Retain');
  });

  it('the log key rotates, is kept with the logs, and lets CloudWatch Logs use it for that log group only', () => {
    const key = resource(synth.stateless, logicalId(escalation().logsKey));
    expect(key.Properties?.['EnableKeyRotation']).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const statements = (key.Properties?.['KeyPolicy'] as { Statement: (Statement & { Principal: unknown; Sid?: string })[] }).Statement;
    const services = statements.filter((s) => JSON.stringify(s.Principal).includes('Service'));
    expect(services).toHaveLength(1);
    const logsStatement = services[0]!;
    expect(JSON.stringify(logsStatement.Principal)).toMatch(/logs\.",\{"Ref":"AWS::Region"\},"\.amazonaws\.com/);
    expect(logsStatement.Condition?.['ArnEquals']).toEqual({
      'kms:EncryptionContext:aws:logs:arn': {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':logs:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':log-group:/aws/vendedlogs/states/CobranzaStateless-escalation',
          ],
        ],
      },
    });
  });

  it.each([
    ['ExecutionsFailed'],
    ['ExecutionsTimedOut'],
    ['ExecutionThrottled'],
  ] as const)('alarms on the alarm topic at the first %s', (metric) => {
    const alarms = Object.values(resources(synth.stateless, 'AWS::CloudWatch::Alarm')).filter(
      (a) =>
        a.Properties?.['Namespace'] === 'AWS/States' &&
        a.Properties?.['MetricName'] === metric &&
        JSON.stringify(a.Properties?.['Dimensions']).includes(`"Ref":"${stateMachineId()}"`),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId() } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: alarmTopicId() }],
    });
  });
});

describe('escalation queue and start-escalation', () => {
  it('redrives to an alarmed DLQ after 5 receives and alarms on a backlog', () => {
    const queue = resource(synth.stateless, escalationQueueId());
    const redrive = queue.Properties?.['RedrivePolicy'] as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(redrive.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    const dlqId = getAttOf(redrive.deadLetterTargetArn)![0];
    expect(resource(synth.stateless, dlqId).Properties).toMatchObject({ SqsManagedSseEnabled: true });
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: alarmTopicId() }],
    });
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [escalationQueueId(), 'QueueName'] } }],
      AlarmActions: [{ Ref: alarmTopicId() }],
    });
  });

  it('start-escalation consumes it in batches of 10 with partial batch responses', () => {
    const mappings = Object.values(resources(synth.stateless, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => getAttOf(m.Properties?.['EventSourceArn'])?.[0] === escalationQueueId(),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: fnId('start-escalation') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const timeout = fn('start-escalation').Properties?.['Timeout'] as number;
    expect(resource(synth.stateless, escalationQueueId()).Properties?.['VisibilityTimeout']).toBeGreaterThanOrEqual(VISIBILITY_FACTOR * timeout);
  });

  it('start-escalation may start executions of this state machine only, and nothing else in Step Functions or Lambda', () => {
    expect(environment(fn('start-escalation'))).toMatchObject({ [ENV.stateMachineArn]: { Ref: stateMachineId() } });
    const states = statementsFor(statementsOf('start-escalation'), 'states');
    expect(states.map((s) => [s.Action, s.Resource])).toEqual([['states:StartExecution', { Ref: stateMachineId() }]]);
    expect(statementsFor(statementsOf('start-escalation'), 'lambda')).toEqual([]);
    expect(sendTargets(statementsOf('start-escalation'))).toEqual([]);
    for (const name of FUNCTIONS.filter((n) => n !== 'start-escalation')) {
      expect({ name, states: statementsFor(statementsOf(name), 'states') }).toEqual({ name, states: [] });
    }
  });

  it.each(['apply-payment', 'reconcile-statement', 'payments-api', 'channel-events', 'escalation-api', 'plan-reminders', 'update-policy', 'debtor-portal'] as const)(
    '%s asks for evaluations on the escalation queue (ESCALATION_QUEUE_URL, sqs:SendMessage)',
    (name) => {
      expect(refOf(environment(fn(name))[ENV.escalationQueueUrl])).toBe(escalationQueueId());
      expect(sendTargets(statementsOf(name))).toContain(escalationQueueId());
    },
  );

  it('only those functions and the escalation scheduler role may send to the escalation queue', () => {
    const producers: FunctionName[] = ['apply-payment', 'reconcile-statement', 'payments-api', 'channel-events', 'escalation-api', 'plan-reminders', 'update-policy', 'debtor-portal'];
    for (const name of FUNCTIONS.filter((n) => !producers.includes(n))) {
      expect({ name, sends: sendTargets(statementsOf(name)).includes(escalationQueueId()) }).toEqual({ name, sends: false });
    }
    const reminderScheduler = getAttOf(environment(fn('plan-reminders'))[ENV.schedulerRoleArn])![0];
    expect(sendTargets(roleStatements(synth.stateless, synth.stateful, reminderScheduler))).not.toContain(escalationQueueId());
  });
});

describe('escalation schedules', () => {
  const schedulerRoleId = (): string => getAttOf(environment(fn('escalation-step'))[ENV.schedulerRoleArn])![0];
  const groupName = (): string => environment(fn('escalation-step'))[ENV.scheduleGroup] as string;

  it('live in their own retained schedule group, apart from the reminders\'', () => {
    const groups = Object.values(resources(synth.stateless, 'AWS::Scheduler::ScheduleGroup'));
    const group = groups.filter((g) => g.Properties?.['Name'] === groupName());
    expect(group).toHaveLength(1);
    expect(group[0]!.DeletionPolicy).toBe('Retain');
    expect(groupName()).toBe('CobranzaStateless-escalation');
    expect(groupName()).not.toBe(environment(fn('plan-reminders'))[ENV.scheduleGroup]);
  });

  it('target the escalation queue as their own scheduler role, which trusts only Scheduler of this account', () => {
    expect(getAttOf(environment(fn('escalation-step'))[ENV.escalationQueueArn])).toEqual([escalationQueueId(), 'Arn']);
    expect(schedulerRoleId()).not.toBe(getAttOf(environment(fn('plan-reminders'))[ENV.schedulerRoleArn])![0]);
    const role = resource(synth.stateless, schedulerRoleId());
    expect(role.Properties?.['AssumeRolePolicyDocument']).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(role.Properties?.['ManagedPolicyArns']).toBeUndefined();
    const statements = roleStatements(synth.stateless, synth.stateful, schedulerRoleId());
    expect(actionsOf(statements)).toEqual(['sqs:SendMessage']);
    const dlqId = getAttOf(environment(fn('escalation-step'))[ENV.schedulerDlqArn])![0];
    expect(sendTargets(statements)).toEqual([escalationQueueId(), dlqId].sort());
  });

  it('have an alarmed dead-letter queue of their own', () => {
    const dlqId = getAttOf(environment(fn('escalation-step'))[ENV.schedulerDlqArn])![0];
    expect(dlqId).not.toBe(getAttOf(environment(fn('plan-reminders'))[ENV.schedulerDlqArn])![0]);
    expect(resource(synth.stateless, dlqId).Type).toBe('AWS::SQS::Queue');
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: alarmTopicId() }],
    });
  });

  it('escalation-step creates and deletes schedules of the escalation group only, and passes that role only to Scheduler', () => {
    const statements = statementsOf('escalation-step');
    const scheduler = statementsFor(statements, 'scheduler');
    expect(scheduler).toHaveLength(1);
    expect(asArray(scheduler[0]!.Action).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    expect(JSON.stringify(scheduler[0]!.Resource)).toContain(`:schedule/${groupName()}/*`);
    expect(statementsFor(statements, 'iam')).toEqual([
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    // Schedules deliver; escalation-step never sends to the escalation queue itself.
    expect(sendTargets(statements)).not.toContain(escalationQueueId());
  });

  it('no other function may touch escalation schedules or pass the escalation scheduler role', () => {
    for (const name of FUNCTIONS.filter((n) => n !== 'escalation-step')) {
      const text = JSON.stringify(statementsOf(name));
      expect({ name, group: text.includes(`/${groupName()}/`), role: text.includes(schedulerRoleId()) }).toEqual({ name, group: false, role: false });
    }
  });
});

describe('escalation-step', () => {
  it('reads and writes the accounts and the interaction log (hand-off packages carry the full log)', () => {
    const env = environment(fn('escalation-step'));
    expect(Object.keys(env).sort()).toEqual(
      [
        'NODE_OPTIONS',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        ENV.accountsTable,
        ENV.interactionsTable,
        ENV.bucketName,
        ENV.emailQueueUrl,
        ENV.alertsTopicArn,
        ENV.scheduleGroup,
        ENV.schedulerRoleArn,
        ENV.escalationQueueArn,
        ENV.schedulerDlqArn,
      ].sort(),
    );
    const dynamo = statementsFor(statementsOf('escalation-step'), 'dynamodb');
    expect(actionsOf(dynamo)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']));
  });

  it(`writes letters and hand-off packages under ${ESCALATION_PREFIX} only, and reads nothing from the bucket`, () => {
    const s3 = statementsFor(statementsOf('escalation-step'), 's3');
    expect(s3.map((s) => [s.Action, JSON.stringify(s.Resource)])).toEqual([['s3:PutObject', expect.stringContaining(`/${ESCALATION_PREFIX}*`)]]);
  });

  it('queues the pre-legal letter on the email queue', () => {
    const email = refOf(environment(fn('dispatch-reminder'))[ENV.emailQueueUrl])!;
    expect(refOf(environment(fn('escalation-step'))[ENV.emailQueueUrl])).toBe(email);
    expect(sendTargets(statementsOf('escalation-step'))).toEqual([email]);
  });

  it('publishes escalation alerts to the FinanceAlerts topic with the two KMS actions SNS encryption needs', () => {
    const statements = statementsOf('escalation-step');
    expect(environment(fn('escalation-step'))[ENV.alertsTopicArn]).toEqual({ Ref: financeTopicId() });
    expect(statementsFor(statements, 'sns').map((s) => [s.Action, s.Resource])).toEqual([['sns:Publish', { Ref: financeTopicId() }]]);
    const keyId = getAttOf(resource(synth.stateless, financeTopicId()).Properties?.['KmsMasterKeyId'])![0];
    const kms = statementsFor(statements, 'kms').filter((s) => getAttOf(s.Resource)?.[0] === keyId);
    expect(kms).toHaveLength(1);
    expect(asArray(kms[0]!.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('is invoked by the state machine only (no queue, rule or API in front of it)', () => {
    const id = fnId('escalation-step');
    expect(
      Object.values(resources(synth.stateless, 'AWS::Lambda::EventSourceMapping')).filter((m) => refOf(m.Properties?.['FunctionName']) === id),
    ).toEqual([]);
    expect(Object.values(resources(synth.stateless, 'AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties).includes(`"${id}"`))).toEqual([]);
  });
});

describe('worklist API', () => {
  const routeByKey = (key: string): CfnResource => {
    const found = Object.values(resources(synth.stateless, 'AWS::ApiGatewayV2::Route')).filter((r) => r.Properties?.['RouteKey'] === key);
    expect(found, key).toHaveLength(1);
    return found[0]!;
  };
  const keys = WORKLIST_ROUTES.map((r) => `${r.method} ${r.path}`);

  it('has the nine routes of the issue', () => {
    expect([...keys].sort()).toEqual(
      [
        'GET /tasks',
        'POST /tasks/{taskId}/claim',
        'POST /tasks/{taskId}/complete',
        'POST /tasks/{taskId}/notes',
        'POST /accounts/{accountId}/promises',
        'POST /invoices/{accountId}/{invoiceNumber}/disputes',
        'POST /disputes/{accountId}/{disputeId}/resolve',
        'POST /accounts/{accountId}/plans',
        'POST /accounts/{accountId}/recall',
        'GET /accounts/{accountId}',
      ].sort(),
    );
  });

  it.each(keys)('%s runs escalation-api on the finance API behind IAM authorization', (key) => {
    const r = routeByKey(key);
    expect(r.Properties?.['AuthorizationType']).toBe('AWS_IAM');
    expect(refOf(r.Properties?.['ApiId'])).toBe(financeApiId());
    const integrationId = /"Ref":"([^"]+)"/.exec(JSON.stringify(r.Properties?.['Target']))![1]!;
    const integration = resource(synth.stateless, integrationId);
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(getAttOf(integration.Properties?.['IntegrationUri'])![0]).toBe(fnId('escalation-api'));
  });

  it('API Gateway may invoke escalation-api only through the finance API\'s worklist routes', () => {
    const permissions = Object.values(resources(synth.stateless, 'AWS::Lambda::Permission')).filter(
      (p) => getAttOf(p.Properties?.['FunctionName'])?.[0] === fnId('escalation-api'),
    );
    expect(permissions).toHaveLength(WORKLIST_ROUTES.length);
    for (const p of permissions) {
      expect(p.Properties?.['Principal']).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(p.Properties?.['SourceArn'])).toContain(financeApiId());
    }
  });

  it('escalation-api: accounts and log (read and write), the escalation queue, reminder schedules (a plan\'s installments); no files, alerts or executions', () => {
    expect(Object.keys(environment(fn('escalation-api'))).sort()).toEqual(
      [
        'NODE_OPTIONS',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        ENV.accountsTable,
        ENV.interactionsTable,
        ENV.escalationQueueUrl,
        ENV.scheduleGroup,
        ENV.schedulerRoleArn,
        ENV.dispatchQueueArn,
        ENV.schedulerDlqArn,
      ].sort(),
    );
    const statements = statementsOf('escalation-api');
    expect(sendTargets(statements)).toEqual([escalationQueueId()]);
    // Its schedules go to the reminders' group (checked in stateless-stack.test.ts), never the escalation one.
    expect(JSON.stringify(statementsFor(statements, 'scheduler'))).not.toContain('escalation');
    for (const service of ['s3', 'sns', 'states', 'lambda']) {
      expect({ service, statements: statementsFor(statements, service) }).toEqual({ service, statements: [] });
    }
    expect(fn('escalation-api').Properties?.['Timeout']).toBeLessThan(30);
  });
});

describe('outputs and error alarms', () => {
  it('outputs the state machine ARN and the worklist API URL (the finance API stage)', () => {
    const outputs = (synth.stateless.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(outputs['EscalationStateMachineArn']?.Value).toEqual({ Ref: stateMachineId() });
    expect(JSON.stringify(outputs['WorklistApiUrl']?.Value)).toContain(financeApiId());
    expect(outputs['WorklistApiUrl']?.Value).toEqual(outputs['FinanceApiUrl']?.Value);
  });

  it.each(['escalation-step', 'start-escalation', 'escalation-api'] as const)('%s has an error alarm on the alarm topic', (name) => {
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
      AlarmActions: [{ Ref: alarmTopicId() }],
    });
  });
});
