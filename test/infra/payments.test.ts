/**
 * Payments infrastructure (infra/aws/constructs/payments.ts): the webhook and finance HTTP APIs, the
 * payments queue, the statements rule, the FinanceAlerts topic and the grants of the four functions.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKLIST_ROUTES } from '../../infra/aws/constructs/escalation.js';
import { BUILT_IN_WEBHOOK_PROVIDERS, FINANCE_API_THROTTLE, PROVIDER_WEBHOOK_THROTTLE, WEBHOOK_THROTTLE } from '../../infra/aws/constructs/payments.js';
import { MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from '../../infra/aws/constructs/monitored-queue.js';
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
const statementsOf = (name: FunctionName): Statement[] =>
  roleStatements(synth.stateless, synth.stateful, roleIdOf(synth.stateless, functionId(synth.stateless, name)));
const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
  synth.stacks.stateless.getLogicalId(construct.node.defaultChild as CfnElement);

const routes = (): Record<string, CfnResource> => resources(synth.stateless, 'AWS::ApiGatewayV2::Route');
const route = (routeKey: string): CfnResource => {
  const found = Object.values(routes()).filter((r) => r.Properties?.['RouteKey'] === routeKey);
  expect(found, routeKey).toHaveLength(1);
  return found[0]!;
};
/** The function a route's Lambda proxy integration invokes. */
const routeTarget = (r: CfnResource): string => {
  const target = JSON.stringify(r.Properties?.['Target']);
  const integrationId = /"Ref":"([^"]+)"/.exec(target)![1]!;
  const integration = resource(synth.stateless, integrationId);
  expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  return getAttOf(integration.Properties?.['IntegrationUri'])![0];
};
const queueIdFromEnv = (name: FunctionName, variable: string): string => {
  const id = refOf(environment(fn(name))[variable]);
  expect(resource(synth.stateless, id!).Type).toBe('AWS::SQS::Queue');
  return id!;
};
const financeTopicId = (): string => logicalId(synth.stacks.stateless.payments.financeAlerts);
const webhookApiId = (): string => logicalId(synth.stacks.stateless.payments.webhookHttpApi.api);
const financeApiId = (): string => logicalId(synth.stacks.stateless.payments.financeHttpApi.api);

describe('HTTP APIs', () => {
  it.each(['stripe', 'mercadopago', 'conekta'])('POST /webhooks/%s runs payment-webhook with no API Gateway authorizer (providers sign, the function verifies)', (provider) => {
    const webhook = route(`POST /webhooks/${provider}`);
    expect(webhook.Properties?.['AuthorizationType']).toBe('NONE');
    expect(webhook.Properties?.['AuthorizerId']).toBeUndefined();
    expect(refOf(webhook.Properties?.['ApiId'])).toBe(webhookApiId());
    expect(routeTarget(webhook)).toBe(functionId(synth.stateless, 'payment-webhook'));
  });

  it('has no catch-all webhook route: a provider without a route (/webhooks/junk) is a 404 at the gateway, the function never runs', () => {
    const keys = Object.values(routes()).map((r) => String(r.Properties?.['RouteKey']));
    expect(keys.filter((k) => k.includes('{') && k.includes('webhooks'))).toEqual([]);
    expect(keys).not.toContain('$default');
    expect(keys.filter((k) => k.startsWith('ANY '))).toEqual([]);
  });

  it('each provider route has its own throttle in the stage\'s RouteSettings (junk on one URL cannot starve another provider)', () => {
    const stage = Object.values(resources(synth.stateless, 'AWS::ApiGatewayV2::Stage')).find((s) => refOf(s.Properties?.['ApiId']) === webhookApiId())!;
    const perRoute = { ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 };
    expect(stage.Properties?.['RouteSettings']).toEqual({
      'POST /webhooks/stripe': perRoute,
      'POST /webhooks/mercadopago': perRoute,
      'POST /webhooks/conekta': perRoute,
    });
    expect(PROVIDER_WEBHOOK_THROTTLE).toEqual({ rateLimit: perRoute.ThrottlingRateLimit, burstLimit: perRoute.ThrottlingBurstLimit });
    // CloudFormation refuses settings for a route key that does not exist yet: the stage waits for the routes.
    const routeIds = Object.entries(routes())
      .filter(([, r]) => String(r.Properties?.['RouteKey']).startsWith('POST /webhooks/'))
      .map(([id]) => id);
    expect(routeIds).toHaveLength(3);
    expect(asArray((stage as { DependsOn?: string[] }).DependsOn)).toEqual(expect.arrayContaining(routeIds));
  });

  it('a generic provider named in the genericWebhookProviders context gets its own throttled route', () => {
    const withBank = synthCobranza({ bundle: false, cfnValidation: false, context: { genericWebhookProviders: '["banorte"]' } });
    const bankRoutes = Object.values(resources(withBank.stateless, 'AWS::ApiGatewayV2::Route')).filter((r) => r.Properties?.['RouteKey'] === 'POST /webhooks/banorte');
    expect(bankRoutes).toHaveLength(1);
    const stages = Object.values(resources(withBank.stateless, 'AWS::ApiGatewayV2::Stage')).map((s) => s.Properties?.['RouteSettings'] as Record<string, unknown> | undefined);
    expect(stages.find((r) => r?.['POST /webhooks/banorte'])?.['POST /webhooks/banorte']).toEqual({ ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 });
  });

  it.each(['stripe', 'Banorte', '../x'])('refuses the generic webhook provider name %s at synth (a built-in name, or not a URL segment)', (name) => {
    expect(() => synthCobranza({ bundle: false, cfnValidation: false, context: { genericWebhookProviders: [name] } })).toThrow(/genericWebhookProviders/);
  });

  it.each(['GET /payments/exceptions', 'POST /payments/{paymentId}/apply'])('%s runs payments-api behind IAM authorization', (key) => {
    const r = route(key);
    expect(r.Properties?.['AuthorizationType']).toBe('AWS_IAM');
    expect(refOf(r.Properties?.['ApiId'])).toBe(financeApiId());
    expect(routeTarget(r)).toBe(functionId(synth.stateless, 'payments-api'));
  });

  it('has exactly these routes: the public API has the webhook, the unsubscribe link (channels.ts) and the debtors\' page (debtor-portal.ts), every finance route requires IAM', () => {
    const all = Object.values(routes());
    // The agents' worklist (escalation.ts) shares the IAM-only finance API.
    const worklist = WORKLIST_ROUTES.map((r) => `${r.method} ${r.path}`);
    const webhooks = BUILT_IN_WEBHOOK_PROVIDERS.map((p) => `POST /webhooks/${p}`);
    expect(all.map((r) => r.Properties?.['RouteKey']).sort()).toEqual(
      ['GET /payments/exceptions', 'GET /portal', 'GET /unsubscribe', 'POST /payments/{paymentId}/apply', 'POST /portal', 'POST /unsubscribe', ...webhooks, ...worklist].sort(),
    );
    expect(all.filter((r) => refOf(r.Properties?.['ApiId']) === webhookApiId()).map((r) => r.Properties?.['RouteKey']).sort()).toEqual(
      ['GET /portal', 'GET /unsubscribe', 'POST /portal', 'POST /unsubscribe', ...webhooks].sort(),
    );
    for (const r of all.filter((x) => refOf(x.Properties?.['ApiId']) === financeApiId())) {
      expect(r.Properties?.['AuthorizationType']).toBe('AWS_IAM');
    }
    expect(Object.keys(resources(synth.stateless, 'AWS::ApiGatewayV2::Api')).sort()).toEqual([financeApiId(), webhookApiId()].sort());
  });

  it.each([
    ['webhook', () => webhookApiId(), WEBHOOK_THROTTLE],
    ['finance', () => financeApiId(), FINANCE_API_THROTTLE],
  ] as const)('%s API: one auto-deployed $default stage, throttled, with JSON access logs to a retained log group', (_name, apiId, throttle) => {
    const stages = Object.values(resources(synth.stateless, 'AWS::ApiGatewayV2::Stage')).filter((s) => refOf(s.Properties?.['ApiId']) === apiId());
    expect(stages).toHaveLength(1);
    const props = stages[0]!.Properties ?? {};
    expect(props).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit },
    });
    expect(throttle.rateLimit).toBeGreaterThan(0);
    expect(throttle.burstLimit).toBeGreaterThanOrEqual(throttle.rateLimit!);

    const logs = props['AccessLogSettings'] as { DestinationArn: unknown; Format: string };
    const logGroup = resource(synth.stateless, getAttOf(logs.DestinationArn)![0]);
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties).toMatchObject({ RetentionInDays: 30 });
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const format = JSON.parse(logs.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      sourceIp: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      caller: '$context.identity.userArn',
    });
  });

  it.each([
    ['webhook', () => webhookApiId()],
    ['finance', () => financeApiId()],
  ] as const)('%s API: any 5xx raises an alarm on the alarm topic', (_name, apiId) => {
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId() } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: logicalId(synth.stacks.stateless.monitoring.alarmTopic) }],
    });
  });

  it('API Gateway may invoke each function only through its own routes', () => {
    const permissions = Object.values(resources(synth.stateless, 'AWS::Lambda::Permission')).filter(
      (p) => p.Properties?.['Principal'] === 'apigateway.amazonaws.com',
    );
    const byFunction = (name: FunctionName): string[] =>
      permissions
        .filter((p) => getAttOf(p.Properties?.['FunctionName'])?.[0] === functionId(synth.stateless, name))
        .map((p) => JSON.stringify(p.Properties?.['SourceArn']));
    expect(byFunction('payment-webhook')).toHaveLength(BUILT_IN_WEBHOOK_PROVIDERS.length);
    for (const [i, provider] of BUILT_IN_WEBHOOK_PROVIDERS.entries()) {
      expect(byFunction('payment-webhook')[i]).toContain(webhookApiId());
      expect(byFunction('payment-webhook').some((arn) => arn.includes(`/webhooks/${provider}`))).toBe(true);
    }
    expect(byFunction('payments-api')).toHaveLength(2);
    for (const arn of byFunction('payments-api')) expect(arn).toContain(financeApiId());
    expect(byFunction('contact-api')).toHaveLength(2);
    for (const arn of byFunction('contact-api')) expect(arn).toContain(webhookApiId());
    expect(byFunction('escalation-api')).toHaveLength(WORKLIST_ROUTES.length);
    for (const arn of byFunction('escalation-api')) expect(arn).toContain(financeApiId());
    expect(byFunction('debtor-portal')).toHaveLength(2);
    for (const arn of byFunction('debtor-portal')) expect(arn).toContain(webhookApiId());
    expect(permissions).toHaveLength(6 + BUILT_IN_WEBHOOK_PROVIDERS.length + WORKLIST_ROUTES.length);
  });

  it('outputs the debtors\' self-service page URL on the public API, the base of the links dispatch-reminder signs', () => {
    const outputs = (synth.stateless.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    const portal = outputs['PortalUrl']?.Value;
    expect(JSON.stringify(portal)).toContain(webhookApiId());
    expect(JSON.stringify(portal)).toContain('portal');
    expect(environment(fn('dispatch-reminder'))[ENV.portalUrl]).toEqual(portal);
  });

  it('outputs the webhook base URL and the finance API URL', () => {
    const outputs = (synth.stateless.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    const webhook = JSON.stringify(outputs['WebhookBaseUrl']?.Value);
    expect(webhook).toContain(webhookApiId());
    expect(webhook).toContain('/webhooks/');
    expect(JSON.stringify(outputs['FinanceApiUrl']?.Value)).toContain(financeApiId());
    expect(outputs['WebhookSecretArn']?.Value).toEqual({ Ref: logicalId(synth.stacks.stateless.payments.webhookSecret) });
  });
});

describe('payments queue and statements', () => {
  it('payment-webhook feeds the payments queue, which redrives to an alarmed DLQ after 5 receives', () => {
    const queueId = queueIdFromEnv('payment-webhook', ENV.paymentsQueueUrl);
    const queue = resource(synth.stateless, queueId);
    const redrive = queue.Properties?.['RedrivePolicy'] as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(redrive.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    const dlqId = getAttOf(redrive.deadLetterTargetArn)![0];
    expect(resource(synth.stateless, dlqId).Type).toBe('AWS::SQS::Queue');
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
    });
  });

  it('apply-payment consumes the payments queue in batches of 10 with partial batch responses', () => {
    const queueId = queueIdFromEnv('payment-webhook', ENV.paymentsQueueUrl);
    const mappings = Object.values(resources(synth.stateless, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => getAttOf(m.Properties?.['EventSourceArn'])?.[0] === queueId,
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: functionId(synth.stateless, 'apply-payment') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const timeout = fn('apply-payment').Properties?.['Timeout'] as number;
    expect(resource(synth.stateless, queueId).Properties?.['VisibilityTimeout']).toBeGreaterThanOrEqual(VISIBILITY_FACTOR * timeout);
  });

  it('the appliers ask for re-planning on the planning queue, send receipts through the email queue and ask escalation to re-evaluate', () => {
    const planning = queueIdFromEnv('ingest-file', ENV.planningQueueUrl);
    const email = queueIdFromEnv('dispatch-reminder', ENV.emailQueueUrl);
    const escalation = logicalId(synth.stacks.stateless.escalation.escalationQueue.queue);
    for (const name of ['apply-payment', 'reconcile-statement', 'payments-api'] as const) {
      expect(queueIdFromEnv(name, ENV.planningQueueUrl)).toBe(planning);
      expect(queueIdFromEnv(name, ENV.emailQueueUrl)).toBe(email);
      expect(queueIdFromEnv(name, ENV.escalationQueueUrl)).toBe(escalation);
      const sends = statementsOf(name).filter((s) => asArray(s.Action).includes('sqs:SendMessage'));
      expect(sends.flatMap((s) => asArray(s.Resource)).map((r) => getAttOf(r)?.[0]).sort()).toEqual(
        name === 'reconcile-statement'
          ? [email, planning, escalation, failuresQueueId()].sort() // its async-invocation DLQ
          : [email, planning, escalation].sort(),
      );
    }
  });

  const failuresQueueId = (): string => logicalId(synth.stacks.stateless.payments.failures.queue);

  it('every 10 minutes a {"sweep":true} message on the payments queue lets apply-payment finish payments whose delivery died', () => {
    const queueId = queueIdFromEnv('payment-webhook', ENV.paymentsQueueUrl);
    const rules = Object.values(resources(synth.stateless, 'AWS::Events::Rule')).filter((r) => r.Properties?.['ScheduleExpression'] === 'rate(10 minutes)');
    expect(rules).toHaveLength(1);
    const targets = rules[0]!.Properties?.['Targets'] as { Arn: unknown; Input: string }[];
    expect(targets).toHaveLength(1);
    expect(getAttOf(targets[0]!.Arn)?.[0]).toBe(queueId);
    expect(JSON.parse(targets[0]!.Input)).toEqual({ sweep: true });
    // EventBridge may send to that queue (and only that rule).
    const policies = Object.values(resources(synth.stateless, 'AWS::SQS::QueuePolicy')).filter((p) => JSON.stringify(p.Properties?.['Queues']).includes(queueId));
    expect(JSON.stringify(policies)).toContain('events.amazonaws.com');
  });

  it('Object Created under statements/ in the files bucket runs reconcile-statement (2 retries, then a DLQ)', () => {
    const rules = Object.values(resources(synth.stateless, 'AWS::Events::Rule')).filter(
      (r) => JSON.stringify((r.Properties?.['EventPattern'] as { detail?: { object?: { key: unknown } } } | undefined)?.detail?.object?.key) === JSON.stringify([{ prefix: 'statements/' }]),
    );
    expect(rules).toHaveLength(1);
    const pattern = rules[0]!.Properties?.['EventPattern'] as { source: string[]; 'detail-type': string[]; detail: { bucket: { name: unknown[] } } };
    expect(pattern.source).toEqual(['aws.s3']);
    expect(pattern['detail-type']).toEqual(['Object Created']);
    expect(pattern.detail.bucket.name.map((n) => resolveCrossStack(n, synth.stateful))).toEqual([{ Ref: 'FilesBucket' }]);
    const targets = rules[0]!.Properties?.['Targets'] as { Arn: unknown; DeadLetterConfig: { Arn: unknown }; RetryPolicy: unknown }[];
    expect(targets).toHaveLength(1);
    expect(getAttOf(targets[0]!.Arn)).toEqual([functionId(synth.stateless, 'reconcile-statement'), 'Arn']);
    expect(getAttOf(targets[0]!.DeadLetterConfig.Arn)?.[0]).toBe(failuresQueueId());
    expect(targets[0]!.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });

    const id = functionId(synth.stateless, 'reconcile-statement');
    synth.stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: id }, MaximumRetryAttempts: 2 });
    expect(getAttOf((fn('reconcile-statement').Properties?.['DeadLetterConfig'] as { TargetArn: unknown }).TargetArn)?.[0]).toBe(failuresQueueId());
  });
});

describe('least privilege', () => {
  const secretId = (): string => logicalId(synth.stacks.stateless.payments.webhookSecret);

  it('payment-webhook: PutObject under webhooks/* only, reads the secret, sends to the payments queue, no table', () => {
    const statements = statementsOf('payment-webhook');
    const s3 = statementsFor(statements, 's3');
    expect(s3.map((s) => ({ Action: s.Action, Resource: s.Resource }))).toEqual([
      { Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, '/webhooks/*']] } },
    ]);

    const secrets = statementsFor(statements, 'secretsmanager');
    expect(secrets).toHaveLength(1);
    expect(asArray(secrets[0]!.Action).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(secrets[0]!.Resource).toEqual({ Ref: secretId() });
    expect(environment(fn('payment-webhook'))[ENV.webhookSecretArn]).toEqual({ Ref: secretId() });

    const queueId = queueIdFromEnv('payment-webhook', ENV.paymentsQueueUrl);
    const sqs = statementsFor(statements, 'sqs');
    expect(actionsOf(sqs)).toContain('sqs:SendMessage');
    expect(actionsOf(sqs)).not.toContain('sqs:ReceiveMessage');
    expect(sqs.flatMap((s) => asArray(s.Resource)).map((r) => getAttOf(r)?.[0])).toEqual([queueId]);

    // Not the Accounts table (nor any table), no alerts, no KMS beyond the bucket policy's.
    expect(statementsFor(statements, 'dynamodb')).toEqual([]);
    expect(managedPolicyIds(synth.stateless, synth.stateful, roleIdOf(synth.stateless, functionId(synth.stateless, 'payment-webhook'))).filter((id) => id.includes('Table'))).toEqual([]);
    expect(statementsFor(statements, 'sns')).toEqual([]);
    expect(JSON.stringify(statements)).not.toContain('AccountsTable');
  });

  it('only payment-webhook can read the webhook secret', () => {
    for (const name of FUNCTIONS.filter((n) => n !== 'payment-webhook')) {
      expect(JSON.stringify(statementsFor(statementsOf(name), 'secretsmanager'))).not.toContain(secretId());
    }
  });

  it('the secret starts as an empty provider list (ops set the configs after deploy), not a generated value', () => {
    const secret = resource(synth.stateless, secretId());
    expect(secret.Properties?.['SecretString']).toBe('[]');
    expect(secret.Properties?.['GenerateSecretString']).toBeUndefined();
  });

  it('reconcile-statement: GetObject under statements/* and PutObject under reports/*, nothing else in S3', () => {
    const s3 = statementsFor(statementsOf('reconcile-statement'), 's3');
    expect(s3.map((s) => [s.Action, JSON.stringify(s.Resource)]).sort()).toEqual([
      ['s3:GetObject', expect.stringContaining('/statements/*')],
      ['s3:PutObject', expect.stringContaining('/reports/*')],
    ]);
  });

  it.each(['apply-payment', 'reconcile-statement', 'payments-api'] as const)(
    '%s publishes to FinanceAlerts only, with the two KMS actions SNS encryption needs on its key only',
    (name) => {
      const statements = statementsOf(name);
      expect(environment(fn(name))[ENV.alertsTopicArn]).toEqual({ Ref: financeTopicId() });
      const sns = statementsFor(statements, 'sns');
      expect(sns.map((s) => [s.Action, s.Resource])).toEqual([['sns:Publish', { Ref: financeTopicId() }]]);
      const keyId = getAttOf(resource(synth.stateless, financeTopicId()).Properties?.['KmsMasterKeyId'])![0];
      const kms = statementsFor(statements, 'kms').filter((s) => getAttOf(s.Resource)?.[0] === keyId);
      expect(kms).toHaveLength(1);
      expect(asArray(kms[0]!.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    },
  );

  it('nothing but the three appliers and escalation-step (escalation alerts) may publish finance alerts', () => {
    const publishers: FunctionName[] = ['apply-payment', 'reconcile-statement', 'payments-api', 'escalation-step'];
    for (const name of FUNCTIONS.filter((n) => !publishers.includes(n))) {
      expect(JSON.stringify(statementsOf(name))).not.toContain(financeTopicId());
    }
  });
});

describe('FinanceAlerts topic', () => {
  it('is encrypted with its own rotating KMS key and refuses non-TLS publishing', () => {
    const topic = resource(synth.stateless, financeTopicId());
    const keyId = getAttOf(topic.Properties?.['KmsMasterKeyId'])![0];
    expect(resource(synth.stateless, keyId).Properties).toMatchObject({ EnableKeyRotation: true });
    expect(keyId).not.toBe(getAttOf(resource(synth.stateless, logicalId(synth.stacks.stateless.monitoring.alarmTopic)).Properties?.['KmsMasterKeyId'])![0]);
    const policy = Object.values(resources(synth.stateless, 'AWS::SNS::TopicPolicy')).find((p) =>
      asArray(p.Properties?.['Topics']).some((t) => refOf(t) === financeTopicId()),
    );
    expect(JSON.stringify(policy?.Properties?.['PolicyDocument'])).toContain('"aws:SecureTransport":"false"');
  });

  it('subscribes financeAlertEmail (context) to the finance topic only when given, and rejects a malformed one', () => {
    // The only other subscription is the ChannelEvents queue's (channels.ts).
    const emailSubscriptions = (template: typeof synth.stateless): CfnResource[] =>
      Object.values(resources(template, 'AWS::SNS::Subscription')).filter((s) => s.Properties?.['Protocol'] === 'email');
    expect(emailSubscriptions(synth.stateless)).toEqual([]);
    const withEmail = synthCobranza({ context: { financeAlertEmail: 'finance@cobranza-test.example' }, bundle: false, cfnValidation: false });
    const subscriptions = emailSubscriptions(withEmail.stateless);
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: 'finance@cobranza-test.example',
      TopicArn: { Ref: withEmail.stacks.stateless.getLogicalId(withEmail.stacks.stateless.payments.financeAlerts.node.defaultChild as CfnElement) },
    });
    expect(() => synthCobranza({ context: { financeAlertEmail: 'not-an-address' }, bundle: false, cfnValidation: false })).toThrow(
      /financeAlertEmail must be an email address/,
    );
  });
});
