/**
 * Channels infrastructure (infra/aws/constructs/channels.ts, with its hooks in email.ts, reminders.ts
 * and payments.ts): the SMS and WhatsApp queues and senders, the channel events topic and queue, the
 * SES event destination and rule, the SMS configuration set, the unsubscribe routes and secret, and
 * the exact grants of every function involved.
 */
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_EVENT_PUBLISHERS, SMS_EVENT_TYPES, smsSendResources } from '../../infra/aws/constructs/channels.js';
import { EMAIL_EVENTS } from '../../infra/aws/constructs/email.js';
import { MAX_RECEIVE_COUNT, VISIBILITY_FACTOR } from '../../infra/aws/constructs/monitored-queue.js';
import { readConfig } from '../../infra/aws/config.js';
import { ENV, FUNCTIONS, type FunctionName } from '../../shared/config/functions.js';
import {
  actionsOf,
  asArray,
  cdkJsonContext,
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

/** Origination identities of every kind, and a linked WhatsApp number. */
const CONFIGURED = {
  smsOriginationIdentities: {
    MX: 'pool-0a1b2c3d4e5f',
    CO: 'COBRANZA',
    PE: 'arn:aws:sms-voice:us-east-1:111122223333:sender-id/PAGOS/PE',
    default: 'phone-number-9f8e7d6c5b4a',
  },
  whatsappPhoneNumberId: 'phone-number-id-0123456789abcdef0123456789abcdef',
};

let synth: Synthesized;
let configured: Synthesized;

beforeAll(() => {
  // Templates only: bundling and template validation run in stateless-stack/nag/synth tests.
  synth = synthCobranza({ bundle: false, cfnValidation: false });
  configured = synthCobranza({ context: CONFIGURED, bundle: false, cfnValidation: false });
});

const fnOf = (s: Synthesized, name: FunctionName): CfnResource => resource(s.stateless, functionId(s.stateless, name));
const fn = (name: FunctionName): CfnResource => fnOf(synth, name);
const statementsIn = (s: Synthesized, name: FunctionName): Statement[] =>
  roleStatements(s.stateless, s.stateful, roleIdOf(s.stateless, functionId(s.stateless, name)));
const statementsOf = (name: FunctionName): Statement[] => statementsIn(synth, name);
const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
  synth.stacks.stateless.getLogicalId(construct.node.defaultChild as CfnElement);
const channels = (): Synthesized['stacks']['stateless']['channels'] => synth.stacks.stateless.channels;

const topicId = (): string => logicalId(channels().eventsTopic);
const eventsQueueId = (): string => logicalId(channels().eventsQueue.queue);
const undeliveredId = (): string => logicalId(channels().undeliveredEvents.queue);
const smsConfigurationSetId = (): string => synth.stacks.stateless.getLogicalId(channels().smsConfigurationSet);
const emailConfigurationSetId = (): string => Object.keys(resources(synth.stateless, 'AWS::SES::ConfigurationSet'))[0]!;
const alarmTopicId = (): string => logicalId(synth.stacks.stateless.monitoring.alarmTopic);
const webhookApiId = (): string => logicalId(synth.stacks.stateless.payments.webhookHttpApi.api);
const outputs = (s: Synthesized = synth): Record<string, { Value: unknown; Description?: string }> =>
  (s.stateless.toJSON() as { Outputs: Record<string, { Value: unknown; Description?: string }> }).Outputs;

const queueIdFromEnv = (name: FunctionName, variable: string): string => {
  const id = refOf(environment(fn(name))[variable]);
  expect(resource(synth.stateless, id!).Type, `${name}.${variable}`).toBe('AWS::SQS::Queue');
  return id!;
};
const consumerOf = (queueId: string): CfnResource[] =>
  Object.values(resources(synth.stateless, 'AWS::Lambda::EventSourceMapping')).filter(
    (m) => getAttOf(m.Properties?.['EventSourceArn'])?.[0] === queueId,
  );
const policyStatementsOf = (type: string, target: string, key: string): Statement[] =>
  Object.values(resources(synth.stateless, type))
    .filter((p) => asArray(p.Properties?.[key]).some((t) => refOf(t) === target))
    .flatMap((p) => (p.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement);
/** `arn:<partition>:sms-voice:<region>:<account>:<resource>` as the template writes it. */
const smsVoiceArn = (res: string): unknown => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sms-voice:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${res}`]],
});

describe('SMS and WhatsApp queues', () => {
  it.each([
    ['send-sms', ENV.smsQueueUrl, 2],
    ['send-whatsapp', ENV.whatsappQueueUrl, 5],
  ] as const)('%s consumes its queue (SSE, TLS-only, DLQ after 5 receives, alarmed) with partial batch responses', (name, variable, concurrency) => {
    const queueId = queueIdFromEnv('dispatch-reminder', variable);
    const queue = resource(synth.stateless, queueId);
    expect(queue.Properties?.['SqsManagedSseEnabled']).toBe(true);
    const redrive = queue.Properties?.['RedrivePolicy'] as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(redrive.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    const dlqId = getAttOf(redrive.deadLetterTargetArn)![0];
    expect(resource(synth.stateless, dlqId).Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: alarmTopicId() }],
    });
    for (const id of [queueId, dlqId]) {
      const denies = policyStatementsOf('AWS::SQS::QueuePolicy', id, 'Queues').filter((s) => s.Effect === 'Deny');
      expect(JSON.stringify(denies)).toContain('"aws:SecureTransport":"false"');
    }

    const mappings = consumerOf(queueId);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: functionId(synth.stateless, name) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: concurrency },
    });
    expect(queue.Properties?.['VisibilityTimeout']).toBeGreaterThanOrEqual(VISIBILITY_FACTOR * (fn(name).Properties?.['Timeout'] as number));
  });

  it('dispatch-reminder may send to the email, SMS and WhatsApp queues, and receive only from the dispatch queue', () => {
    const sqs = statementsFor(statementsOf('dispatch-reminder'), 'sqs');
    const sendTargets = sqs
      .filter((s) => asArray(s.Action).includes('sqs:SendMessage'))
      .flatMap((s) => asArray(s.Resource))
      .map((r) => getAttOf(r)?.[0])
      .sort();
    expect(sendTargets).toEqual(
      [ENV.emailQueueUrl, ENV.smsQueueUrl, ENV.whatsappQueueUrl].map((v) => queueIdFromEnv('dispatch-reminder', v)).sort(),
    );
    const receive = sqs.filter((s) => asArray(s.Action).includes('sqs:ReceiveMessage')).flatMap((s) => asArray(s.Resource));
    expect(receive.map((r) => getAttOf(r)?.[0])).toEqual([queueIdFromEnv('send-sms', ENV.dispatchQueueUrl)]);
  });

  it.each(['send-email', 'send-sms', 'send-whatsapp', 'channel-events'] as const)(
    '%s may send (fall back) to the dispatch queue and receive only from its own queue',
    (name) => {
      const dispatch = queueIdFromEnv(name, ENV.dispatchQueueUrl);
      expect(consumerOf(dispatch).map((m) => refOf(m.Properties?.['FunctionName']))).toEqual([functionId(synth.stateless, 'dispatch-reminder')]);
      const sqs = statementsFor(statementsOf(name), 'sqs');
      const sends = sqs.filter((s) => asArray(s.Action).includes('sqs:SendMessage')).flatMap((s) => asArray(s.Resource));
      expect(sends.map((r) => getAttOf(r)?.[0])).toContain(dispatch);
      const receives = sqs.filter((s) => asArray(s.Action).includes('sqs:ReceiveMessage')).flatMap((s) => asArray(s.Resource));
      expect(receives).toHaveLength(1);
      expect(consumerOf(getAttOf(receives[0])![0]).map((m) => refOf(m.Properties?.['FunctionName']))).toEqual([functionId(synth.stateless, name)]);
    },
  );
});

describe('channel events: topic, queue, SES rule', () => {
  it('the topic has its own rotating KMS key, which only the two channel services of this account may use besides the account', () => {
    const topic = resource(synth.stateless, topicId());
    const keyId = getAttOf(topic.Properties?.['KmsMasterKeyId'])![0];
    expect(keyId).not.toBe(getAttOf(resource(synth.stateless, alarmTopicId()).Properties?.['KmsMasterKeyId'])![0]);
    const key = resource(synth.stateless, keyId);
    expect(key.Properties?.['EnableKeyRotation']).toBe(true);
    const statements = (key.Properties?.['KeyPolicy'] as { Statement: (Statement & { Principal: unknown })[] }).Statement;
    const services = statements.filter((s) => JSON.stringify(s.Principal).includes('Service'));
    expect(services).toEqual([
      {
        Sid: 'ChannelServicesEncryptEvents',
        Effect: 'Allow',
        Principal: { Service: [...CHANNEL_EVENT_PUBLISHERS] },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*', // a key policy's own key
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });

  it('End User Messaging SMS and Social of this account (only) may publish to the topic, over TLS only', () => {
    const statements = policyStatementsOf('AWS::SNS::TopicPolicy', topicId(), 'Topics');
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
      {
        Sid: 'ChannelServicesPublish',
        Effect: 'Allow',
        Principal: { Service: ['sms-voice.amazonaws.com', 'social-messaging.amazonaws.com'] },
        Action: 'sns:Publish',
        Resource: { Ref: topicId() },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(JSON.stringify(statements.filter((s) => s.Effect === 'Deny'))).toContain('"aws:SecureTransport":"false"');
  });

  it('the ChannelEvents queue is subscribed with raw delivery off (SNS envelopes) and an alarmed DLQ for undeliverable events', () => {
    const subscriptions = Object.values(resources(synth.stateless, 'AWS::SNS::Subscription')).filter((s) => refOf(s.Properties?.['TopicArn']) === topicId());
    expect(subscriptions.map((s) => s.Properties)).toEqual([
      {
        Protocol: 'sqs',
        TopicArn: { Ref: topicId() },
        Endpoint: { 'Fn::GetAtt': [eventsQueueId(), 'Arn'] },
        RawMessageDelivery: false,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [undeliveredId(), 'Arn'] } },
      },
    ]);
    const queuePolicy = policyStatementsOf('AWS::SQS::QueuePolicy', eventsQueueId(), 'Queues').filter((s) => s.Effect === 'Allow');
    expect(queuePolicy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'sns.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId() } } },
        }),
      ]),
    );
    synth.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [undeliveredId(), 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: alarmTopicId() }],
    });
  });

  it('channel-events consumes the ChannelEvents queue (DLQ after 5 receives) with partial batch responses', () => {
    const queue = resource(synth.stateless, eventsQueueId());
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, RedrivePolicy: { maxReceiveCount: MAX_RECEIVE_COUNT } });
    const mappings = consumerOf(eventsQueueId());
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: functionId(synth.stateless, 'channel-events') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('SES publishes delivery, bounce, complaint, open, click, reject, rendering and delay events of our configuration set to the default bus', () => {
    const destinations = Object.values(resources(synth.stateless, 'AWS::SES::ConfigurationSetEventDestination'));
    expect(destinations.map((d) => d.Properties)).toEqual([
      {
        ConfigurationSetName: { Ref: emailConfigurationSetId() },
        EventDestination: {
          Enabled: true,
          EventBridgeDestination: {
            EventBusArn: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':event-bus/default']],
            },
          },
          MatchingEventTypes: ['delivery', 'bounce', 'complaint', 'open', 'click', 'reject', 'renderingFailure', 'deliveryDelay'],
        },
      },
    ]);
  });

  it('SES keeps its suppression list on for bounces and complaints', () => {
    expect(resource(synth.stateless, emailConfigurationSetId()).Properties?.['SuppressionOptions']).toEqual({
      SuppressedReasons: ['BOUNCE', 'COMPLAINT'],
    });
  });

  it('a rule puts SES events of our configuration set only on the ChannelEvents queue (8 retries, 6 hours, then a DLQ)', () => {
    const rules = Object.values(resources(synth.stateless, 'AWS::Events::Rule')).filter((r) =>
      asArray((r.Properties?.['EventPattern'] as { source?: string[] } | undefined)?.source).includes('aws.ses'),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties?.['EventPattern']).toEqual({
      source: ['aws.ses'],
      'detail-type': [
        'Email Delivered',
        'Email Bounced',
        'Email Complaint Received',
        'Email Opened',
        'Email Clicked',
        'Email Rejected',
        'Email Rendering Failed',
        'Email Delivery Delayed',
      ],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: emailConfigurationSetId() }] } } },
    });
    expect(EMAIL_EVENTS).toHaveLength(8);
    expect(rules[0]!.Properties?.['Targets']).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [eventsQueueId(), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [undeliveredId(), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 },
      },
    ]);
    const ruleId = Object.entries(resources(synth.stateless, 'AWS::Events::Rule')).find(([, r]) => r === rules[0])![0];
    for (const queueId of [eventsQueueId(), undeliveredId()]) {
      const allows = policyStatementsOf('AWS::SQS::QueuePolicy', queueId, 'Queues').filter(
        (s) => s.Effect === 'Allow' && JSON.stringify(s).includes('events.amazonaws.com'),
      );
      expect(allows).toHaveLength(1);
      expect(allows[0]!.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } });
    }
  });
});

describe('SMS configuration set', () => {
  it('publishes the outcome events of every SMS to the channel events topic, once the topic policy lets it', () => {
    const configSet = resource(synth.stateless, smsConfigurationSetId()) as CfnResource & { DependsOn?: string[] };
    expect(configSet.Type).toBe('AWS::SMSVOICE::ConfigurationSet');
    expect(configSet.Properties).toEqual({
      EventDestinations: [
        {
          EventDestinationName: 'channel-events',
          Enabled: true,
          MatchingEventTypes: [...SMS_EVENT_TYPES],
          SnsDestination: { TopicArn: { Ref: topicId() } },
        },
      ],
    });
    for (const type of SMS_EVENT_TYPES) expect(type).toMatch(/^TEXT_/);
    expect(SMS_EVENT_TYPES).not.toContain('TEXT_SENT');
    const topicPolicyId = Object.entries(resources(synth.stateless, 'AWS::SNS::TopicPolicy')).find(([, p]) =>
      asArray(p.Properties?.['Topics']).some((t) => refOf(t) === topicId()),
    )![0];
    expect(configSet.DependsOn).toContain(topicPolicyId);
  });

  it('send-sms gets its name and the origination identities (JSON, {} by default)', () => {
    expect(environment(fn('send-sms'))[ENV.smsConfigurationSet]).toEqual({ Ref: smsConfigurationSetId() });
    expect(environment(fn('send-sms'))[ENV.smsOriginationIdentities]).toBe('{}');
    expect(JSON.parse(environment(fnOf(configured, 'send-sms'))[ENV.smsOriginationIdentities] as string)).toEqual(
      CONFIGURED.smsOriginationIdentities,
    );
  });
});

describe('least privilege', () => {
  const smsStatement = (s: Synthesized): Statement => {
    const sms = statementsFor(statementsIn(s, 'send-sms'), 'sms-voice');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.Action).toBe('sms-voice:SendTextMessage');
    expect(sms[0]!.Condition).toBeUndefined();
    return sms[0]!;
  };

  it('send-sms with no identity configured: SendTextMessage with our configuration set, from any identity of this account and region', () => {
    expect(asArray(smsStatement(synth).Resource)).toEqual([
      { 'Fn::GetAtt': [smsConfigurationSetId(), 'Arn'] },
      smsVoiceArn('opt-out-list/*'),
      smsVoiceArn('phone-number/*'),
      smsVoiceArn('pool/*'),
      smsVoiceArn('sender-id/*'),
    ]);
  });

  it('send-sms with identities configured: exactly those identities (+ the opt-out lists SendTextMessage is checked against)', () => {
    const configSetId = configured.stacks.stateless.getLogicalId(configured.stacks.stateless.channels.smsConfigurationSet);
    // (The statement lists literal ARNs first.)
    expect(asArray(smsStatement(configured).Resource)).toEqual([
      'arn:aws:sms-voice:us-east-1:111122223333:sender-id/PAGOS/PE',
      { 'Fn::GetAtt': [configSetId, 'Arn'] },
      smsVoiceArn('opt-out-list/*'),
      smsVoiceArn('phone-number/phone-number-9f8e7d6c5b4a'),
      smsVoiceArn('pool/pool-0a1b2c3d4e5f'),
      smsVoiceArn('sender-id/COBRANZA/CO'),
    ]);
  });

  it('an E.164 number or a default sender id costs a typed wildcard (their ARNs are not known), each with its reason', () => {
    const stack = new Stack(new App(), 'Probe');
    const { resources: arns, wildcards } = smsSendResources('configuration-set-arn', { default: 'COBRANZA', US: '+12065550100' });
    expect(arns.map((arn) => JSON.stringify(stack.resolve(arn)))).toEqual([
      '"configuration-set-arn"',
      JSON.stringify(smsVoiceArn('sender-id/COBRANZA/*')),
      JSON.stringify(smsVoiceArn('phone-number/*')),
      JSON.stringify(smsVoiceArn('opt-out-list/*')),
    ]);
    expect(wildcards.map((w) => w.findingResource)).toEqual([
      'arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:sender-id/COBRANZA/*',
      'arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:phone-number/*',
      'arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:opt-out-list/*',
    ]);
    for (const w of wildcards) expect(w.reason.length).toBeGreaterThan(40);
  });

  it('send-whatsapp: no send permission until a number is linked, then SendWhatsAppMessage on that number only', () => {
    expect(environment(fn('send-whatsapp'))[ENV.whatsappPhoneNumberId]).toBe('not-configured');
    expect(statementsFor(statementsOf('send-whatsapp'), 'social-messaging')).toEqual([]);

    expect(environment(fnOf(configured, 'send-whatsapp'))[ENV.whatsappPhoneNumberId]).toBe(CONFIGURED.whatsappPhoneNumberId);
    const social = statementsFor(statementsIn(configured, 'send-whatsapp'), 'social-messaging');
    expect(social.map((s) => ({ Action: s.Action, Resource: s.Resource, Condition: s.Condition }))).toEqual([
      {
        Action: 'social-messaging:SendWhatsAppMessage',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':social-messaging:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':phone-number-id/0123456789abcdef0123456789abcdef',
            ],
          ],
        },
        Condition: undefined,
      },
    ]);
  });

  it('only send-sms may send SMS and only send-whatsapp WhatsApp messages', () => {
    for (const s of [synth, configured]) {
      for (const name of FUNCTIONS) {
        if (name !== 'send-sms') expect(statementsFor(statementsIn(s, name), 'sms-voice')).toEqual([]);
        if (name !== 'send-whatsapp') expect(statementsFor(statementsIn(s, name), 'social-messaging')).toEqual([]);
      }
    }
  });

  /** Every allowed action of a function's role, managed data-stack policies included. */
  const TABLE_ACTIONS = /^(dynamodb|kms):/;
  it.each([
    ['send-sms', ['sms-voice:SendTextMessage']],
    ['send-whatsapp', []],
    ['channel-events', []],
    ['contact-api', ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']],
  ] as const)('%s: exactly these actions besides tables, queues, logs and X-Ray', (name, expected) => {
    const base = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    const queues = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'];
    const actions = actionsOf(statementsOf(name)).filter((a) => !TABLE_ACTIONS.test(a) && !base.includes(a) && !queues.includes(a));
    expect(actions).toEqual([...expected]);
  });

  it('contact-api may not touch any queue; it reads the contact secret and answers', () => {
    expect(statementsFor(statementsOf('contact-api'), 'sqs')).toEqual([]);
  });

  it.each(['send-sms', 'send-whatsapp', 'channel-events', 'contact-api', 'dispatch-reminder', 'send-email'] as const)(
    '%s: no wildcard resource except X-Ray ("*", required) and sms-voice/scheduler resources of this account and region',
    (name) => {
      for (const s of [synth, configured]) {
        for (const statement of statementsIn(s, name).filter((st) => st.Effect === 'Allow')) {
          for (const r of asArray(statement.Resource)) {
            const text = JSON.stringify(r);
            if (!text.includes('*')) continue;
            if (r === '*') {
              expect(asArray(statement.Action).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
              continue;
            }
            // Data-stack table policies: the table's own indexes.
            if (text.includes('/index/*')) continue;
            // dispatch-reminder reads the letters a sender held back (escalation/letters/ of the files bucket).
            if (name === 'dispatch-reminder' && text.includes('"FilesBucket","Arn"') && text.includes('/escalation/letters/*')) continue;
            expect(text).toMatch(/":(sms-voice|scheduler):",\{"Ref":"AWS::Region"\},":",\{"Ref":"AWS::AccountId"\},":[a-z-]+\/[^"]*\*"/);
          }
        }
      }
    },
  );
});

describe('unsubscribe', () => {
  const secretId = (): string => logicalId(channels().contactSecret);

  it('GET and POST /unsubscribe on the public webhook API run contact-api with no authorizer (the link is signed)', () => {
    const routes = Object.values(resources(synth.stateless, 'AWS::ApiGatewayV2::Route')).filter((r) =>
      String(r.Properties?.['RouteKey']).endsWith(' /unsubscribe'),
    );
    expect(routes.map((r) => r.Properties?.['RouteKey']).sort()).toEqual(['GET /unsubscribe', 'POST /unsubscribe']);
    for (const route of routes) {
      expect(refOf(route.Properties?.['ApiId'])).toBe(webhookApiId());
      expect(route.Properties?.['AuthorizationType']).toBe('NONE');
      const integrationId = /"Ref":"([^"]+)"/.exec(JSON.stringify(route.Properties?.['Target']))![1]!;
      const integration = resource(synth.stateless, integrationId);
      expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      expect(getAttOf(integration.Properties?.['IntegrationUri'])![0]).toBe(functionId(synth.stateless, 'contact-api'));
    }
    // Throttled like the webhook: one stage for the whole public API.
    const stages = Object.values(resources(synth.stateless, 'AWS::ApiGatewayV2::Stage')).filter((s) => refOf(s.Properties?.['ApiId']) === webhookApiId());
    expect(stages).toHaveLength(1);
    expect(stages[0]!.Properties?.['DefaultRouteSettings']).toMatchObject({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
  });

  it('dispatch-reminder links to the public …/unsubscribe URL, the same as the UnsubscribeUrl output', () => {
    const url = environment(fn('dispatch-reminder'))[ENV.unsubscribeUrl];
    expect(url).toEqual(outputs()['UnsubscribeUrl']?.Value);
    const text = JSON.stringify(url);
    expect(text).toContain(`{"Ref":"${webhookApiId()}"}`);
    expect(text).toMatch(/"\/unsubscribe"\]\]\}$/);
  });

  it('the contact secret is a generated random key (64 letters and digits) under the default Secrets Manager key, like the webhook secret', () => {
    const secret = resource(synth.stateless, secretId());
    expect(secret.Properties?.['SecretString']).toBeUndefined();
    expect(secret.Properties?.['GenerateSecretString']).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    expect(secret.Properties?.['KmsKeyId']).toBe(resource(synth.stateless, logicalId(synth.stacks.stateless.payments.webhookSecret)).Properties?.['KmsKeyId']);
  });

  it('only dispatch-reminder (signs links), contact-api and debtor-portal (verify them) can read it, with the two read actions', () => {
    for (const name of FUNCTIONS) {
      const secrets = statementsFor(statementsOf(name), 'secretsmanager').filter((s) => JSON.stringify(s.Resource).includes(secretId()));
      if (name === 'dispatch-reminder' || name === 'contact-api' || name === 'debtor-portal') {
        expect(secrets.map((s) => [asArray(s.Action).sort(), s.Resource])).toEqual([
          [['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], { Ref: secretId() }],
        ]);
        expect(environment(fn(name))[ENV.contactSecretArn]).toEqual({ Ref: secretId() });
      } else {
        expect(secrets).toEqual([]);
      }
    }
  });
});

describe('outputs', () => {
  it('ChannelEventsTopicArn (for the WABA and two-way SMS), UnsubscribeUrl and ContactSecretArn', () => {
    expect(outputs()['ChannelEventsTopicArn']?.Value).toEqual({ Ref: topicId() });
    expect(outputs()['ChannelEventsTopicArn']?.Description).toMatch(/WhatsApp Business Account.*two-way SMS/);
    expect(JSON.stringify(outputs()['UnsubscribeUrl']?.Value)).toContain('/unsubscribe');
    expect(outputs()['ContactSecretArn']?.Value).toEqual({ Ref: logicalId(channels().contactSecret) });
  });
});

describe('context', () => {
  const config = (context: Record<string, unknown>): ReturnType<typeof readConfig> => {
    const app = new App({ context: { ...cdkJsonContext(), ...context } });
    return readConfig(app, {});
  };

  it('cdk.json defaults: no origination identity, WhatsApp not configured', () => {
    expect(config({})).toMatchObject({ smsOriginationIdentities: {}, whatsappPhoneNumberId: 'not-configured' });
  });

  it('smsOriginationIdentities may be given as JSON text (-c) or an object (cdk.json)', () => {
    const identities = { MX: 'pool-abc123', default: '+525512345678' };
    expect(config({ smsOriginationIdentities: JSON.stringify(identities) }).smsOriginationIdentities).toEqual(identities);
    expect(config({ smsOriginationIdentities: identities }).smsOriginationIdentities).toEqual(identities);
  });

  it.each([
    ['not json', /must be a JSON object/],
    ['["pool-1"]', /must be an object/],
    ['{"mx":"pool-1"}', /"mx" is neither "default" nor an upper-case/],
    ['{"MX":"a b"}', /smsOriginationIdentities\.MX must be/],
    ['{"MX":42}', /smsOriginationIdentities\.MX must be/],
  ])('rejects smsOriginationIdentities %s', (value, error) => {
    expect(() => config({ smsOriginationIdentities: value })).toThrow(error);
  });

  it('rejects a whatsappPhoneNumberId that is not a phone-number-id-… or its ARN', () => {
    expect(() => config({ whatsappPhoneNumberId: '+525512345678' })).toThrow(/whatsappPhoneNumberId must be/);
    expect(config({ whatsappPhoneNumberId: 'phone-number-id-abc123' }).whatsappPhoneNumberId).toBe('phone-number-id-abc123');
  });
});
