import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV, FUNCTIONS, type FunctionName } from '../../shared/config/functions.js';
import {
  actionsOf,
  asArray,
  environment,
  functionId,
  getAttOf,
  managedPolicyIds,
  refOf,
  resolveCrossStack,
  resource,
  resources,
  roleIdOf,
  roleStatements,
  SENDER,
  statementsFor,
  synthCobranza,
  type CfnResource,
  type Statement,
  type Synthesized,
} from './support/cobranza.js';

let synth: Synthesized;

beforeAll(() => {
  // Bundled like `cdk synth`; template validation runs in nag.test.ts (it costs ~12 s per process).
  synth = synthCobranza({ cfnValidation: false });
});

const BASE_ENV = ['NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];

/**
 * What shared/lambda/apply-payment-deps.ts reads (apply-payment, reconcile-statement, payments-api);
 * an applied or reversed payment asks escalation to re-evaluate the account.
 */
const APPLY_PAYMENT_ENV = [
  ENV.accountsTable,
  ENV.interactionsTable,
  ENV.planningQueueUrl,
  ENV.emailQueueUrl,
  ENV.alertsTopicArn,
  ENV.escalationQueueUrl,
];

/** Exactly the variables each handler reads (shared/lambda/env.ts fails a cold start without them). */
const EXPECTED_ENV: Record<FunctionName, string[]> = {
  'ingest-file': [ENV.accountsTable, ENV.interactionsTable, ENV.bucketName, ENV.planningQueueUrl],
  // Large files (ingestion.ts IngestLargeFile): plan reads files only, a chunk writes rows like ingest-file, finish logs.
  'ingest-plan': [ENV.bucketName],
  'ingest-chunk': [ENV.accountsTable, ENV.interactionsTable, ENV.bucketName, ENV.planningQueueUrl],
  'ingest-finish': [ENV.interactionsTable, ENV.bucketName],
  'update-policy': [ENV.accountsTable, ENV.interactionsTable, ENV.bucketName, ENV.escalationQueueUrl],
  'plan-reminders': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.dispatchQueueArn,
    ENV.planningQueueArn,
    ENV.scheduleGroup,
    ENV.schedulerRoleArn,
    ENV.schedulerDlqArn,
    ENV.escalationQueueUrl,
  ],
  'dispatch-reminder': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.emailQueueUrl,
    ENV.smsQueueUrl,
    ENV.whatsappQueueUrl,
    ENV.unsubscribeUrl,
    // Reminder emails carry the signed link to the debtor's self-service page.
    ENV.portalUrl,
    ENV.contactSecretArn,
    // Deferring a reminder (outside contact hours, over a cap) creates a new schedule.
    ENV.scheduleGroup,
    ENV.schedulerRoleArn,
    ENV.dispatchQueueArn,
    ENV.schedulerDlqArn,
    // A pre-legal letter a sender held back is sent again as the escalation kept it (escalation/letters/).
    ENV.bucketName,
  ],
  'send-email': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.idempotencyTable,
    ENV.sesFromAddress,
    ENV.sesConfigurationSet,
    ENV.dispatchQueueUrl,
  ],
  'payment-webhook': [ENV.bucketName, ENV.paymentsQueueUrl, ENV.webhookSecretArn],
  'apply-payment': APPLY_PAYMENT_ENV,
  'reconcile-statement': [...APPLY_PAYMENT_ENV, ENV.bucketName],
  'payments-api': APPLY_PAYMENT_ENV,
  'send-sms': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.idempotencyTable,
    ENV.dispatchQueueUrl,
    ENV.smsOriginationIdentities,
    ENV.smsConfigurationSet,
  ],
  'send-whatsapp': [ENV.accountsTable, ENV.interactionsTable, ENV.idempotencyTable, ENV.dispatchQueueUrl, ENV.whatsappPhoneNumberId],
  'channel-events': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.idempotencyTable,
    ENV.dispatchQueueUrl,
    ENV.emailQueueUrl,
    ENV.smsQueueUrl,
    ENV.whatsappQueueUrl,
    // A promise read from a reply re-evaluates the account's escalation.
    ENV.escalationQueueUrl,
  ],
  'contact-api': [ENV.accountsTable, ENV.interactionsTable, ENV.contactSecretArn],
  'escalation-step': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.bucketName,
    ENV.emailQueueUrl,
    ENV.alertsTopicArn,
    // The next evaluation: a one-time schedule on the escalation queue.
    ENV.scheduleGroup,
    ENV.schedulerRoleArn,
    ENV.escalationQueueArn,
    ENV.schedulerDlqArn,
  ],
  'start-escalation': [ENV.stateMachineArn],
  'escalation-api': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.escalationQueueUrl,
    // A plan's installment reminders: one-time schedules in the reminders' group on the dispatch queue.
    ENV.scheduleGroup,
    ENV.schedulerRoleArn,
    ENV.dispatchQueueArn,
    ENV.schedulerDlqArn,
  ],
  'debtor-portal': [
    ENV.accountsTable,
    ENV.interactionsTable,
    ENV.escalationQueueUrl,
    ENV.contactSecretArn,
    // An accepted plan's installment reminders: one-time schedules in the reminders' group.
    ENV.scheduleGroup,
    ENV.schedulerRoleArn,
    ENV.dispatchQueueArn,
    ENV.schedulerDlqArn,
  ],
  // Analytics (issue #13): export both tables daily; curate reads the export (policy included) and writes lake/.
  'export-tables': [ENV.accountsTableArn, ENV.interactionsTableArn, ENV.bucketName, ENV.exportFullMaxBytes],
  'curate-lake': [ENV.bucketName],
  // Hourly: the weekly KPI digest (policy from Accounts, claims there too; KPIs through Athena; SES).
  'send-kpi-digest': [ENV.accountsTable, ENV.athenaWorkgroup, ENV.glueDatabase, ENV.sesFromAddress, ENV.sesConfigurationSet, ENV.dashboardUrl],
};

/** The ops alarm topic (the stack also has the FinanceAlerts topic). */
const alarmTopicId = (): string =>
  synth.stacks.stateless.getLogicalId(synth.stacks.stateless.monitoring.alarmTopic.node.defaultChild as CfnElement);
const fn = (name: FunctionName): CfnResource => resource(synth.stateless, functionId(synth.stateless, name));
const statementsOf = (name: FunctionName): Statement[] =>
  roleStatements(synth.stateless, synth.stateful, roleIdOf(synth.stateless, functionId(synth.stateless, name)));
/** The queue a function's env var points at (`Ref` for URLs, `GetAtt Arn` for ARNs). */
const queueIdFromEnv = (name: FunctionName, variable: string): string => {
  const value = environment(fn(name))[variable];
  const id = refOf(value) ?? getAttOf(value)?.[0];
  if (!id) throw new Error(`${name}.${variable} does not reference a resource: ${JSON.stringify(value)}`);
  expect(resource(synth.stateless, id).Type).toBe('AWS::SQS::Queue');
  return id;
};

describe('functions', () => {
  it('has one function per functions/ folder', () => {
    const names = Object.values(resources(synth.stateless, 'AWS::Lambda::Function')).map((f) => environment(f)['POWERTOOLS_SERVICE_NAME']);
    expect(names.sort()).toEqual([...FUNCTIONS].sort());
  });

  it.each(FUNCTIONS)('%s: arm64, Node.js 24 (or 22), active tracing, bundled ESM handler', (name) => {
    const props = fn(name).Properties ?? {};
    expect(props['Architectures']).toEqual(['arm64']);
    expect(['nodejs24.x', 'nodejs22.x']).toContain(props['Runtime']);
    expect(props['TracingConfig']).toEqual({ Mode: 'Active' });
    expect(props['Handler']).toBe('index.handler');
    expect(environment(fn(name))).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: 'Cobranza',
    });
  });

  it.each(FUNCTIONS)('%s: sets exactly the environment its handler reads', (name) => {
    expect(Object.keys(environment(fn(name))).sort()).toEqual([...BASE_ENV, ...EXPECTED_ENV[name]].sort());
  });

  it.each(FUNCTIONS)('%s: logs to its own log group, kept one month', (name) => {
    const logGroup = refOf((fn(name).Properties?.['LoggingConfig'] as { LogGroup?: unknown } | undefined)?.LogGroup);
    expect(logGroup).toBeDefined();
    expect(resource(synth.stateless, logGroup!).Properties).toMatchObject({ RetentionInDays: 30 });
  });

  it('sizes ingest-file and reconcile-statement for big files: 15 minutes, 1 GB; the others 512 MB', () => {
    // ingest-plan and ingest-chunk: a large file's layout pass and one byte range of it (ingestion.ts).
    const big: FunctionName[] = ['ingest-file', 'reconcile-statement', 'ingest-plan', 'ingest-chunk'];
    for (const name of big) expect(fn(name).Properties).toMatchObject({ Timeout: 900, MemorySize: 1024 });
    expect(fn('ingest-finish').Properties).toMatchObject({ Timeout: 300, MemorySize: 1024 });
    // curate-lake rewrites the whole lake (1 M invoices) in one run (analytics.ts).
    expect(fn('curate-lake').Properties).toMatchObject({ Timeout: 900, MemorySize: 10240 });
    for (const name of FUNCTIONS.filter((n) => !big.includes(n) && n !== 'ingest-finish' && n !== 'curate-lake')) {
      expect(fn(name).Properties).toMatchObject({ MemorySize: 512 });
    }
  });

  it('wires the table and bucket variables to the data stack', () => {
    const env = environment(fn('send-email'));
    expect(resolveCrossStack(env[ENV.accountsTable], synth.stateful)).toEqual({ Ref: 'AccountsTable' });
    expect(resolveCrossStack(env[ENV.interactionsTable], synth.stateful)).toEqual({ Ref: 'InteractionsTable' });
    expect(resolveCrossStack(env[ENV.idempotencyTable], synth.stateful)).toEqual({ Ref: 'IdempotencyTable' });
    expect(resolveCrossStack(environment(fn('ingest-file'))[ENV.bucketName], synth.stateful)).toEqual({ Ref: 'FilesBucket' });
  });
});

describe('ingestion: S3 → EventBridge → functions', () => {
  const ruleFor = (prefix: string): CfnResource => {
    const rules = Object.values(resources(synth.stateless, 'AWS::Events::Rule')).filter((rule) => {
      // Scheduled rules (the payments sweep) have no pattern.
      const pattern = rule.Properties?.['EventPattern'] as { detail?: { object?: { key?: unknown; size?: unknown } } } | undefined;
      // Large invoice files go to the IngestLargeFile state machine (test/infra/ingestion-large-file.test.ts).
      const large = JSON.stringify(pattern?.detail?.object?.size ?? []).includes('>=');
      return !large && JSON.stringify(pattern?.detail?.object?.key) === JSON.stringify([{ prefix }]);
    });
    expect(rules).toHaveLength(1);
    return rules[0]!;
  };

  it.each([
    ['invoices/', 'ingest-file'],
    ['config/', 'update-policy'],
  ] as const)('Object Created under %s in the files bucket runs %s', (prefix, name) => {
    const rule = ruleFor(prefix);
    const pattern = rule.Properties?.['EventPattern'] as {
      source: string[];
      'detail-type': string[];
      detail: { bucket: { name: unknown[] } };
    };
    expect(pattern.source).toEqual(['aws.s3']);
    expect(pattern['detail-type']).toEqual(['Object Created']);
    expect(pattern.detail.bucket.name.map((n) => resolveCrossStack(n, synth.stateful))).toEqual([{ Ref: 'FilesBucket' }]);

    const targets = rule.Properties?.['Targets'] as { Arn: unknown; DeadLetterConfig?: { Arn: unknown }; RetryPolicy?: unknown }[];
    expect(targets).toHaveLength(1);
    expect(getAttOf(targets[0]!.Arn)).toEqual([functionId(synth.stateless, name), 'Arn']);
    expect(targets[0]!.DeadLetterConfig).toBeDefined();
    expect(targets[0]!.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
  });

  it.each(['ingest-file', 'update-policy'] as const)('%s: async retries twice, then its DLQ', (name) => {
    const id = functionId(synth.stateless, name);
    synth.stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: id }, MaximumRetryAttempts: 2 });
    const dlq = getAttOf((fn(name).Properties?.['DeadLetterConfig'] as { TargetArn: unknown }).TargetArn);
    expect(resource(synth.stateless, dlq![0]).Type).toBe('AWS::SQS::Queue');
  });
});

describe('queues', () => {
  const queues = (): Record<string, CfnResource> => resources(synth.stateless, 'AWS::SQS::Queue');

  /** Queues used as a dead-letter target: by another queue, a function, a rule target, or Scheduler. */
  const deadLetterQueueIds = (): Set<string> => {
    const ids = new Set<string>();
    for (const queue of Object.values(queues())) {
      const target = getAttOf((queue.Properties?.['RedrivePolicy'] as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn);
      if (target) ids.add(target[0]);
    }
    for (const f of Object.values(resources(synth.stateless, 'AWS::Lambda::Function'))) {
      const target = getAttOf((f.Properties?.['DeadLetterConfig'] as { TargetArn?: unknown } | undefined)?.TargetArn);
      if (target) ids.add(target[0]);
    }
    for (const rule of Object.values(resources(synth.stateless, 'AWS::Events::Rule'))) {
      for (const t of rule.Properties?.['Targets'] as { DeadLetterConfig?: { Arn: unknown } }[]) {
        const target = getAttOf(t.DeadLetterConfig?.Arn);
        if (target) ids.add(target[0]);
      }
    }
    for (const subscription of Object.values(resources(synth.stateless, 'AWS::SNS::Subscription'))) {
      const target = getAttOf((subscription.Properties?.['RedrivePolicy'] as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn);
      if (target) ids.add(target[0]);
    }
    ids.add(queueIdFromEnv('plan-reminders', ENV.schedulerDlqArn));
    ids.add(queueIdFromEnv('escalation-step', ENV.schedulerDlqArn));
    return ids;
  };

  it('every queue is either a dead-letter queue or redrives to one after 5 receives', () => {
    const dlqs = deadLetterQueueIds();
    for (const [id, queue] of Object.entries(queues())) {
      if (dlqs.has(id)) continue;
      expect({ id, redrive: queue.Properties?.['RedrivePolicy'] }).toMatchObject({ id, redrive: { maxReceiveCount: 5 } });
    }
    // planning, dispatch, email, payments, SMS, WhatsApp, channel events, escalation
    expect(Object.keys(queues()).length - dlqs.size).toBe(8);
  });

  it('every queue is encrypted at rest and refuses non-TLS requests', () => {
    for (const [id, queue] of Object.entries(queues())) {
      const props = queue.Properties ?? {};
      expect({ id, sse: props['SqsManagedSseEnabled'] === true || props['KmsMasterKeyId'] !== undefined }).toEqual({ id, sse: true });
      const policies = Object.values(resources(synth.stateless, 'AWS::SQS::QueuePolicy')).filter((p) =>
        asArray(p.Properties?.['Queues']).some((q) => refOf(q) === id),
      );
      const denies = policies.flatMap((p) => (p.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement).filter(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
      );
      expect({ id, tlsOnly: denies.length > 0 }).toEqual({ id, tlsOnly: true });
    }
  });

  it('every queue has an alarm on the alarm topic; every DLQ alarms on its first message', () => {
    const topic = [alarmTopicId()];
    const alarms = Object.values(resources(synth.stateless, 'AWS::CloudWatch::Alarm'));
    const alarmsOn = (queueId: string): CfnResource[] =>
      alarms.filter((a) =>
        asArray(a.Properties?.['Dimensions'] as { Name: string; Value: unknown }[]).some(
          (d) => d.Name === 'QueueName' && getAttOf(d.Value)?.[0] === queueId,
        ),
      );
    const dlqs = deadLetterQueueIds();
    for (const id of Object.keys(queues())) {
      const queueAlarms = alarmsOn(id);
      expect({ id, alarms: queueAlarms.length > 0 }).toEqual({ id, alarms: true });
      for (const alarm of queueAlarms) expect(alarm.Properties?.['AlarmActions']).toEqual([{ Ref: topic[0] }]);
      if (dlqs.has(id)) {
        expect(queueAlarms.some((a) => a.Properties?.['MetricName'] === 'ApproximateNumberOfMessagesVisible'
          && a.Properties?.['Threshold'] === 0 && a.Properties?.['ComparisonOperator'] === 'GreaterThanThreshold')).toBe(true);
      }
    }
  });

  it.each([
    ['plan-reminders', 'planning'],
    ['dispatch-reminder', 'dispatch'],
    ['send-email', 'email'],
    ['send-sms', 'SMS'],
    ['send-whatsapp', 'WhatsApp'],
    ['channel-events', 'channel events'],
    ['start-escalation', 'escalation'],
  ] as const)('%s consumes the %s queue with partial batch responses', (name, _queue) => {
    const id = functionId(synth.stateless, name);
    const mappings = Object.values(resources(synth.stateless, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => refOf(m.Properties?.['FunctionName']) === id,
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('wires the queues: ingest → planning, schedules → dispatch, dispatch → email, SMS, WhatsApp; fallbacks → dispatch', () => {
    const consumedBy = (name: FunctionName): string => {
      const id = functionId(synth.stateless, name);
      const mapping = Object.values(resources(synth.stateless, 'AWS::Lambda::EventSourceMapping')).find(
        (m) => refOf(m.Properties?.['FunctionName']) === id,
      );
      return getAttOf(mapping?.Properties?.['EventSourceArn'])![0];
    };
    expect(queueIdFromEnv('ingest-file', ENV.planningQueueUrl)).toBe(consumedBy('plan-reminders'));
    expect(queueIdFromEnv('plan-reminders', ENV.dispatchQueueArn)).toBe(consumedBy('dispatch-reminder'));
    // Re-plan schedules (an invoice entering its next aging bucket) come back to the planner itself.
    expect(queueIdFromEnv('plan-reminders', ENV.planningQueueArn)).toBe(consumedBy('plan-reminders'));
    expect(queueIdFromEnv('dispatch-reminder', ENV.emailQueueUrl)).toBe(consumedBy('send-email'));
    expect(queueIdFromEnv('dispatch-reminder', ENV.smsQueueUrl)).toBe(consumedBy('send-sms'));
    expect(queueIdFromEnv('dispatch-reminder', ENV.whatsappQueueUrl)).toBe(consumedBy('send-whatsapp'));
    // A deferred reminder is a new schedule on the same dispatch queue.
    expect(queueIdFromEnv('dispatch-reminder', ENV.dispatchQueueArn)).toBe(consumedBy('dispatch-reminder'));
    // A channel that failed for good hands the reminder back to dispatch for the next channel.
    for (const name of ['send-email', 'send-sms', 'send-whatsapp', 'channel-events'] as const) {
      expect(queueIdFromEnv(name, ENV.dispatchQueueUrl)).toBe(consumedBy('dispatch-reminder'));
    }
    expect(queueIdFromEnv('channel-events', ENV.emailQueueUrl)).toBe(consumedBy('send-email'));
    expect(queueIdFromEnv('channel-events', ENV.smsQueueUrl)).toBe(consumedBy('send-sms'));
    expect(queueIdFromEnv('channel-events', ENV.whatsappQueueUrl)).toBe(consumedBy('send-whatsapp'));
    // Evaluation requests (events and escalation schedules) go to start-escalation.
    for (const name of ['apply-payment', 'reconcile-statement', 'payments-api', 'channel-events', 'escalation-api'] as const) {
      expect(queueIdFromEnv(name, ENV.escalationQueueUrl)).toBe(consumedBy('start-escalation'));
    }
    expect(queueIdFromEnv('escalation-step', ENV.escalationQueueArn)).toBe(consumedBy('start-escalation'));
  });

  it('every event source mapping reports batch item failures, and its visibility timeout is ≥ 6× the consumer timeout', () => {
    const mappings = Object.values(resources(synth.stateless, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(8);
    for (const mapping of mappings) {
      expect(mapping.Properties?.['FunctionResponseTypes']).toEqual(['ReportBatchItemFailures']);
      const queue = resource(synth.stateless, getAttOf(mapping.Properties?.['EventSourceArn'])![0]);
      const consumer = resource(synth.stateless, refOf(mapping.Properties?.['FunctionName'])!);
      expect(queue.Properties?.['VisibilityTimeout'] as number).toBeGreaterThanOrEqual(6 * (consumer.Properties?.['Timeout'] as number));
    }
  });
});

describe('least privilege', () => {
  it('no role carries an AWS-managed policy; attached policies are the data stack\'s own', () => {
    for (const id of Object.keys(resources(synth.stateless, 'AWS::IAM::Role'))) {
      expect(() => managedPolicyIds(synth.stateless, synth.stateful, id)).not.toThrow();
    }
  });

  it.each(FUNCTIONS)('%s: Resource "*" only for the X-Ray actions that require it', (name) => {
    const star = statementsOf(name).filter((s) => s.Effect === 'Allow' && asArray(s.Resource).includes('*'));
    expect(actionsOf(star)).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('ingest-file: S3 GetObject on invoices/* and PutObject on reports/*, nothing else in S3', () => {
    const s3 = statementsFor(statementsOf('ingest-file'), 's3');
    expect(s3.map((s) => ({ Action: s.Action, Resource: s.Resource }))).toEqual(
      expect.arrayContaining([
        { Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, '/invoices/*']] } },
        { Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, '/reports/*']] } },
      ]),
    );
    expect(s3).toHaveLength(2);
  });

  it('update-policy: S3 GetObject on config/* and PutObject on reports/* only', () => {
    const s3 = statementsFor(statementsOf('update-policy'), 's3');
    expect(s3.map((s) => [s.Action, JSON.stringify(s.Resource)])).toEqual(
      expect.arrayContaining([
        ['s3:GetObject', expect.stringContaining('/config/*')],
        ['s3:PutObject', expect.stringContaining('/reports/*')],
      ]),
    );
    expect(s3).toHaveLength(2);
  });

  it('dispatch-reminder: S3 GetObject on escalation/letters/* only (a held letter is sent again as kept)', () => {
    const s3 = statementsFor(statementsOf('dispatch-reminder'), 's3');
    expect(s3.map((s) => ({ Action: s.Action, Resource: s.Resource }))).toEqual([
      { Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, '/escalation/letters/*']] } },
    ]);
  });

  it('functions that read or write no files have no S3 permission', () => {
    for (const name of [
      'plan-reminders',
      'send-email',
      'apply-payment',
      'payments-api',
      'send-sms',
      'send-whatsapp',
      'channel-events',
      'contact-api',
      'start-escalation',
      'escalation-api',
    ] as const) {
      expect(statementsFor(statementsOf(name), 's3')).toEqual([]);
    }
  });

  it('the scheduler role trusts only EventBridge Scheduler of this account and can only SendMessage to the dispatch queue (and its DLQ)', () => {
    const roleArn = getAttOf(environment(fn('plan-reminders'))[ENV.schedulerRoleArn]);
    expect(roleArn?.[1]).toBe('Arn');
    const role = resource(synth.stateless, roleArn![0]);
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
    const statements = roleStatements(synth.stateless, synth.stateful, roleArn![0]);
    expect(actionsOf(statements)).toEqual(['sqs:SendMessage']);
    const targets = statements.flatMap((s) => asArray(s.Resource)).map((r) => getAttOf(r)?.[0]);
    expect(targets.sort()).toEqual(
      [
        queueIdFromEnv('plan-reminders', ENV.dispatchQueueArn),
        queueIdFromEnv('plan-reminders', ENV.planningQueueArn),
        queueIdFromEnv('plan-reminders', ENV.schedulerDlqArn),
      ].sort(),
    );
  });

  it('plan-reminders: create/get/delete schedules in our group only; pass the scheduler role only to Scheduler', () => {
    const statements = statementsOf('plan-reminders');
    const scheduler = statementsFor(statements, 'scheduler');
    expect(scheduler).toHaveLength(1);
    expect(asArray(scheduler[0]!.Action).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule']);
    // The reminders' group (escalation has its own: escalation.test.ts).
    const groupName = environment(fn('plan-reminders'))[ENV.scheduleGroup] as string;
    expect(groupName).toBe('CobranzaStateless-reminders');
    const groups = Object.values(resources(synth.stateless, 'AWS::Scheduler::ScheduleGroup')).map((g) => g.Properties?.['Name']);
    expect(groups).toContain(groupName);
    expect(JSON.stringify(scheduler[0]!.Resource)).toContain(`:schedule/${groupName}/*`);

    const passRole = statementsFor(statements, 'iam');
    expect(passRole).toEqual([
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: environment(fn('plan-reminders'))[ENV.schedulerRoleArn],
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    // Planning never sends to the dispatch queue itself: only schedules do, as the scheduler role. Its
    // one queue is the escalation queue (an ingested invoice asks for an evaluation of its account).
    const sends = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage'));
    expect(sends.map((s) => JSON.stringify(s.Resource))).toEqual([expect.stringContaining('EscalationQueue')]);
  });

  it.each(['dispatch-reminder', 'escalation-api', 'debtor-portal'] as const)('%s: only creates schedules in the reminders\' group (a deferral, a plan\'s installments); passes the scheduler role only to Scheduler', (name) => {
    const statements = statementsOf(name);
    const scheduler = statementsFor(statements, 'scheduler');
    expect(scheduler).toHaveLength(1);
    expect(scheduler[0]!.Action).toBe('scheduler:CreateSchedule');
    const groupName = environment(fn('plan-reminders'))[ENV.scheduleGroup] as string;
    expect(environment(fn(name))[ENV.scheduleGroup]).toBe(groupName);
    expect(environment(fn(name))[ENV.dispatchQueueArn]).toEqual(environment(fn('plan-reminders'))[ENV.dispatchQueueArn]);
    expect(JSON.stringify(scheduler[0]!.Resource)).toContain(`:schedule/${groupName}/*`);
    expect(statementsFor(statements, 'iam')).toEqual([
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: environment(fn('plan-reminders'))[ENV.schedulerRoleArn],
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    expect(environment(fn(name))[ENV.schedulerRoleArn]).toEqual(environment(fn('plan-reminders'))[ENV.schedulerRoleArn]);
    expect(environment(fn(name))[ENV.schedulerDlqArn]).toEqual(environment(fn('plan-reminders'))[ENV.schedulerDlqArn]);
  });

  it.each([
    'ingest-file',
    'update-policy',
    'send-email',
    'send-sms',
    'send-whatsapp',
    'channel-events',
    'contact-api',
    'start-escalation',
  ] as const)(
    '%s has no scheduler or PassRole permission',
    (name) => {
      const statements = statementsOf(name);
      expect(statementsFor(statements, 'scheduler')).toEqual([]);
      expect(statementsFor(statements, 'iam')).toEqual([]);
    },
  );

  // send-kpi-digest emails the managers' weekly digest from the same identity, with the same configuration set.
  it.each(['send-email', 'send-kpi-digest'] as const)('%s: ses:SendEmail only, as the configured sender, with our configuration set', (name) => {
    const ses = statementsFor(statementsOf(name), 'ses');
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Action).toBe('ses:SendEmail');
    expect(ses[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': SENDER } });
    const resourcesJson = asArray(ses[0]!.Resource).map((r) => JSON.stringify(r));
    expect(resourcesJson).toHaveLength(3);
    expect(resourcesJson.some((r) => r.includes(`:identity/${SENDER}`))).toBe(true);
    expect(resourcesJson.some((r) => r.includes(`:identity/${SENDER.split('@')[1]}"`))).toBe(true);
    const configSet = Object.keys(resources(synth.stateless, 'AWS::SES::ConfigurationSet'))[0]!;
    expect(resourcesJson.some((r) => r.includes(':configuration-set/') && r.includes(configSet))).toBe(true);
  });

  it('no other function may send email', () => {
    for (const name of FUNCTIONS.filter((n) => n !== 'send-email' && n !== 'send-kpi-digest')) {
      expect(statementsFor(statementsOf(name), 'ses')).toEqual([]);
    }
  });

  it('table access follows each function\'s needs (Interactions is write-only except where an account\'s history is read)', () => {
    const policies = (name: FunctionName): string[] =>
      managedPolicyIds(synth.stateless, synth.stateful, roleIdOf(synth.stateless, functionId(synth.stateless, name)))
        .filter((id) => id.includes('Table'))
        .map((id) => id.replace(/Policy[0-9A-F]{8}$/, ''))
        .sort();
    expect(policies('ingest-file')).toEqual(['AccountsTableReadWrite', 'InteractionsTableWrite']);
    expect(policies('update-policy')).toEqual(['AccountsTableReadWrite', 'InteractionsTableWrite']);
    expect(policies('plan-reminders')).toEqual(['AccountsTableReadWrite', 'InteractionsTableWrite']);
    expect(policies('dispatch-reminder')).toEqual(['AccountsTableReadWrite', 'InteractionsTableWrite']);
    expect(policies('send-email')).toEqual(['AccountsTableReadWrite', 'IdempotencyTableReadWrite', 'InteractionsTableWrite']);
    expect(policies('payment-webhook')).toEqual([]);
    for (const name of ['send-sms', 'send-whatsapp', 'channel-events'] as const) {
      expect(policies(name)).toEqual(['AccountsTableReadWrite', 'IdempotencyTableReadWrite', 'InteractionsTableWrite']);
    }
    expect(policies('contact-api')).toEqual(['AccountsTableReadWrite', 'InteractionsTableWrite']);
    for (const name of ['apply-payment', 'reconcile-statement', 'payments-api'] as const) {
      expect(policies(name)).toEqual(['AccountsTableReadWrite', 'InteractionsTableWrite']);
    }
    // The hand-off package (escalation-step) and the worklist's account view (escalation-api) read the log.
    for (const name of ['escalation-step', 'escalation-api'] as const) {
      expect(policies(name)).toEqual(['AccountsTableReadWrite', 'InteractionsTableReadWrite']);
    }
    expect(policies('start-escalation')).toEqual([]);
    const interactionsWrite = Object.keys(resources(synth.stateful, 'AWS::IAM::ManagedPolicy')).find((id) => id.startsWith('InteractionsTableWrite'))!;
    const dynamo = statementsFor(
      (resource(synth.stateful, interactionsWrite).Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement,
      'dynamodb',
    );
    expect(actionsOf(dynamo).filter((a) => /Get|Query|Scan/.test(a))).toEqual([]);
  });
});

describe('email and monitoring', () => {
  it('SES configuration set requires TLS and tracks reputation', () => {
    synth.stateless.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    const configSet = Object.keys(resources(synth.stateless, 'AWS::SES::ConfigurationSet'))[0]!;
    for (const name of ['send-email', 'send-kpi-digest'] as const) {
      expect(environment(fn(name))[ENV.sesConfigurationSet]).toEqual({ Ref: configSet });
      expect(environment(fn(name))[ENV.sesFromAddress]).toBe(SENDER);
    }
  });

  it('the alarm topic is KMS-encrypted with a rotating key CloudWatch may use, and TLS-only', () => {
    const topicId = alarmTopicId();
    const topic = resource(synth.stateless, topicId);
    const keyId = getAttOf(topic.Properties?.['KmsMasterKeyId'])![0];
    const key = resource(synth.stateless, keyId);
    expect(key.Properties?.['EnableKeyRotation']).toBe(true);
    expect(JSON.stringify(key.Properties?.['KeyPolicy'])).toContain('cloudwatch.amazonaws.com');
    const policy = Object.values(resources(synth.stateless, 'AWS::SNS::TopicPolicy')).find((p) =>
      asArray(p.Properties?.['Topics']).some((t) => refOf(t) === topicId),
    );
    expect(JSON.stringify(policy?.Properties?.['PolicyDocument'])).toContain('"aws:SecureTransport":"false"');
  });

  it.each(FUNCTIONS)('%s has an error alarm on the alarm topic', (name) => {
    const id = functionId(synth.stateless, name);
    const topicId = alarmTopicId();
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('subscribes alarmEmail to the topic only when given', () => {
    const emailSubscriptions = (template: typeof synth.stateless): CfnResource[] =>
      Object.values(resources(template, 'AWS::SNS::Subscription')).filter((s) => s.Properties?.['Protocol'] === 'email');
    expect(emailSubscriptions(synth.stateless)).toEqual([]);
    const withEmail = synthCobranza({ context: { alarmEmail: 'ops@cobranza-test.example' }, bundle: false, cfnValidation: false });
    expect(emailSubscriptions(withEmail.stateless).map((s) => s.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@cobranza-test.example', TopicArn: { Ref: alarmTopicId() } }),
    ]);
  });
});
