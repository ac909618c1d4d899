/**
 * Escalation (issue #5): short evaluations, waits as data.
 *
 * - **Escalation queue** (DLQ + alarms) → start-escalation. Evaluation requests arrive here from
 *   events (apply-payment, reconcile-statement and payments-api: payment applied or reversed;
 *   channel-events: a promise in a reply; escalation-api: promise, dispute, plan, task completed) and
 *   from the one-time schedules `escalation-<account>` at an account's next evaluation time.
 *   start-escalation starts one execution per request under a deterministic name, so a repeated
 *   request starts nothing twice (ExecutionAlreadyExists is success).
 * - **EvaluateEscalation** state machine (Standard): the one ASL definition of
 *   shared/config/escalation-state-machine.ts, the same JSON aws-local-stepfunctions runs in the
 *   embedded runtime, with `${EscalationStepArn}` substituted by CloudFormation. Every Task state calls
 *   escalation-step, the only function its role may invoke. Executions are short: waiting lives in the
 *   Accounts table and the scheduler, never in a running execution, so deployments and policy changes
 *   apply at once. Logs (ALL events, no execution data: inputs and outputs carry debtor data) go to a
 *   log group encrypted with its own rotating key; X-Ray tracing is on; failed, timed-out and throttled
 *   executions alarm.
 * - **Escalation schedules**: escalation-step creates (and deletes) one-time schedules in the
 *   escalation schedule group, delivered as the escalation scheduler role, which may only
 *   `sqs:SendMessage` to the escalation queue and to the schedules' own dead-letter queue. A separate
 *   group and role from the reminders' (reminders.ts): neither side can touch the other's schedules.
 * - **Worklist API**: the agents' routes (tasks, promises, disputes, plans, the account's history) run
 *   escalation-api on the IAM-authorised finance HTTP API (payments.ts): same callers' kind (people of
 *   the company with AWS credentials), same SigV4 auth, throttle, access log and 5xx alarm.
 * - **Alerts** (broken promise, dispute past its SLA, silence, payment reversed, task overdue) go to the
 *   FinanceAlerts topic of payments.ts, where finance already listens.
 *
 * escalation-step writes pre-legal letters and hand-off packages under `escalation/` in the files
 * bucket, and queues the letter on the email queue.
 */
import { Arn, ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ESCALATION_STATE_MACHINE_NAME, escalationDefinition } from '../../../shared/config/escalation-state-machine.js';
import { ENV } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { ScheduleDelivery } from './schedule-delivery.js';
import { CobranzaFunction } from './cobranza-function.js';
import type { AlarmedDeadLetterQueue} from './monitored-queue.js';
import { MonitoredQueue } from './monitored-queue.js';
import type { Payments } from './payments.js';

/** One Task of an evaluation: a few reads and writes, at most a hand-off package (account, invoices, log). */
const STEP_TIMEOUT = Duration.minutes(1);
const START_TIMEOUT = Duration.seconds(30);
/** Below the HTTP API's 30 s integration timeout, so a slow call ends as our 500, not a gateway 503. */
const API_TIMEOUT = Duration.seconds(20);

/** Where escalation-step writes pre-legal letters and hand-off packages in the files bucket. */
export const ESCALATION_PREFIX = 'escalation/';

/** The placeholder of the definition that CloudFormation replaces by escalation-step's ARN. */
export const STEP_ARN_SUBSTITUTION = 'EscalationStepArn';

/** What escalation-step may do with schedules in the escalation group: set and cancel the next evaluation. */
export const ESCALATION_SCHEDULE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'] as const;

/** The agents' worklist routes (IAM-authorised), all run by escalation-api. */
export const WORKLIST_ROUTES: readonly { readonly method: apigwv2.HttpMethod; readonly path: string }[] = [
  { method: apigwv2.HttpMethod.GET, path: '/tasks' },
  { method: apigwv2.HttpMethod.POST, path: '/tasks/{taskId}/claim' },
  { method: apigwv2.HttpMethod.POST, path: '/tasks/{taskId}/complete' },
  { method: apigwv2.HttpMethod.POST, path: '/tasks/{taskId}/notes' },
  { method: apigwv2.HttpMethod.POST, path: '/accounts/{accountId}/promises' },
  { method: apigwv2.HttpMethod.POST, path: '/invoices/{accountId}/{invoiceNumber}/disputes' },
  { method: apigwv2.HttpMethod.POST, path: '/disputes/{accountId}/{disputeId}/resolve' },
  { method: apigwv2.HttpMethod.POST, path: '/accounts/{accountId}/plans' },
  { method: apigwv2.HttpMethod.POST, path: '/accounts/{accountId}/recall' },
  { method: apigwv2.HttpMethod.GET, path: '/accounts/{accountId}' },
];

export interface EscalationProps {
  readonly data: CobranzaData;
  /** Where the pre-legal letter goes (email construct). */
  readonly emailQueue: sqs.IQueue;
  /** FinanceAlerts (escalation alerts) and the IAM-authorised finance API (worklist routes). */
  readonly payments: Payments;
  readonly alarmTopic: sns.ITopic;
}

export class Escalation extends Construct {
  readonly escalationQueue: MonitoredQueue;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly scheduleDelivery: ScheduleDelivery;
  readonly schedulerDeadLetters: AlarmedDeadLetterQueue;
  readonly logsKey: kms.Key;
  readonly stateMachineLogs: logs.LogGroup;
  readonly stateMachine: sfn.StateMachine;
  readonly escalationStep: CobranzaFunction;
  readonly startEscalation: CobranzaFunction;
  readonly escalationApi: CobranzaFunction;
  readonly executionsFailedAlarm: cloudwatch.Alarm;
  readonly executionsTimedOutAlarm: cloudwatch.Alarm;
  readonly executionsThrottledAlarm: cloudwatch.Alarm;
  readonly worklistRoutes: readonly apigwv2.HttpRoute[];

  constructor(scope: Construct, id: string, props: EscalationProps) {
    super(scope, id);
    const { files, tables } = props.data;
    const stack = Stack.of(this);

    // --- Queue and schedules -------------------------------------------------------------------
    this.escalationQueue = new MonitoredQueue(this, 'EscalationQueue', {
      alarmTopic: props.alarmTopic,
      consumerTimeout: START_TIMEOUT,
      purpose: 'Escalation evaluation requests (events and escalation schedules) waiting for start-escalation',
    });

    // Its own group, role and DLQ: escalation-step cannot touch reminder schedules, nor the reverse.
    this.scheduleDelivery = new ScheduleDelivery(this, {
      name: 'escalation',
      alarmTopic: props.alarmTopic,
      targets: [this.escalationQueue.queue],
      roleDescription: 'Assumed by EventBridge Scheduler to deliver escalation schedules (next evaluation) to the escalation queue',
      deadLetterPurpose: 'Escalation schedules EventBridge Scheduler could not deliver to the escalation queue',
      deadLetterNagReason:
        'This queue is itself a dead-letter queue: EventBridge Scheduler DeadLetterConfig of every escalation schedule ' +
        '(set per schedule by escalation-step), which cdk-nag cannot see. It is alarmed.',
      schedulesNagReason:
        'One schedule per account (escalation-<account>), named at run time; the wildcard covers schedules in the ' +
        'escalation schedule group only.',
    });
    this.scheduleGroup = this.scheduleDelivery.group;
    this.schedulerDeadLetters = this.scheduleDelivery.deadLetters;
    this.schedulerRole = this.scheduleDelivery.role;

    // --- Functions -------------------------------------------------------------------------------
    this.escalationStep = new CobranzaFunction(this, 'EscalationStep', {
      name: 'escalation-step',
      description: 'Runs the Task states of the escalation state machine (load, decide, actions, record, schedule)',
      timeout: STEP_TIMEOUT,
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'readWrite')
      .bindBucket(files, { write: [ESCALATION_PREFIX] })
      .bindQueue(ENV.emailQueueUrl, props.emailQueue);
    props.payments.allowFinanceAlerts(this.escalationStep);
    this.allowScheduling(this.escalationStep);

    this.escalationApi = new CobranzaFunction(this, 'EscalationApi', {
      name: 'escalation-api',
      description: 'Agent worklist API: tasks (list, claim, complete, notes), promises, disputes, plans, account history',
      timeout: API_TIMEOUT,
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'readWrite')
      .bindQueue(ENV.escalationQueueUrl, this.escalationQueue.queue);

    // --- State machine ---------------------------------------------------------------------------
    const logGroupName = `/aws/vendedlogs/states/${stack.stackName}-escalation`;
    this.logsKey = new kms.Key(this, 'LogsKey', {
      description: 'Cobranza escalation state machine execution logs',
      enableKeyRotation: true,
      // Encrypts the retained log group: keep it as long as the logs may be read.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts and decrypts for this one log group, nothing else (the encryption
    // context names the log group; a named group lets the key policy say which).
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEscalationLogGroup',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': Arn.format(
              {
                partition: Aws.PARTITION,
                service: 'logs',
                region: Aws.REGION,
                account: Aws.ACCOUNT_ID,
                resource: 'log-group',
                resourceName: logGroupName,
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              },
            ),
          },
        },
      }),
    );
    // `/aws/vendedlogs/`: Step Functions' recommended prefix (keeps the account's CloudWatch Logs
    // resource policy small). Named, so the key policy above can name it; retained like every log group.
    this.stateMachineLogs = new logs.LogGroup(this, 'StateMachineLogs', {
      logGroupName,
      encryptionKey: this.logsKey,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The definition sets its own TimeoutSeconds (ESCALATION_TIMEOUT_SECONDS): the `timeout` prop does
    // not apply to a string body. Named (per stage) so the console and alarms say what it is.
    this.stateMachine = new sfn.StateMachine(this, ESCALATION_STATE_MACHINE_NAME, {
      stateMachineName: `${stack.stackName}-${ESCALATION_STATE_MACHINE_NAME}`,
      comment: 'EvaluateEscalation: one short evaluation of one account (waiting lives in DynamoDB and the scheduler)',
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(
        JSON.stringify(escalationDefinition({ stepFunctionArn: `\${${STEP_ARN_SUBSTITUTION}}` })),
      ),
      definitionSubstitutions: { [STEP_ARN_SUBSTITUTION]: this.escalationStep.functionArn },
      // Execution inputs and outputs carry account data (names, amounts, decisions): events only.
      logs: { destination: this.stateMachineLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // A string definition tells CDK nothing about what it calls: the one function, unqualified.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.escalationStep.functionArn] }),
    );
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Written by CDK for logging and tracing: the CloudWatch Logs vended-delivery actions (logs:CreateLogDelivery, ' +
        'GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, ' +
        'DescribeLogGroups) and the X-Ray actions support no resource-level permissions. Its only other action, ' +
        'lambda:InvokeFunction, names escalation-step (test/infra checks).',
    });

    this.startEscalation = new CobranzaFunction(this, 'StartEscalation', {
      name: 'start-escalation',
      description: 'Starts one escalation evaluation per request, under a deterministic execution name',
      timeout: START_TIMEOUT,
    });
    this.startEscalation.addEnvironment(ENV.stateMachineArn, this.stateMachine.stateMachineArn);
    this.startEscalation.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] }),
    );
    this.escalationQueue.addConsumer(this.startEscalation, { batchSize: 10 });

    // --- Alarms ------------------------------------------------------------------------------------
    this.executionsFailedAlarm = this.executionAlarm(
      'ExecutionsFailed',
      this.stateMachine.metricFailed(),
      props.alarmTopic,
      'escalation evaluations failed (see the execution in the Step Functions console and escalation-step\'s log)',
    );
    this.executionsTimedOutAlarm = this.executionAlarm(
      'ExecutionsTimedOut',
      this.stateMachine.metricTimedOut(),
      props.alarmTopic,
      'escalation evaluations timed out',
    );
    this.executionsThrottledAlarm = this.executionAlarm(
      'ExecutionThrottled',
      this.stateMachine.metricThrottled(),
      props.alarmTopic,
      'escalation state machine events were throttled (start-escalation retries; watch the escalation queue)',
    );

    // --- Worklist API ----------------------------------------------------------------------------
    this.worklistRoutes = props.payments.addIamRoutes('EscalationApi', {
      routes: WORKLIST_ROUTES,
      handler: this.escalationApi,
    });
  }

  /** Every function in this construct (for the stack's error alarms). */
  get functions(): readonly CobranzaFunction[] {
    return [this.escalationStep, this.startEscalation, this.escalationApi];
  }



  /**
   * escalation-step sets and cancels an account's next evaluation: create/delete on schedules of the
   * escalation group only, with the escalation queue as target.
   */
  private allowScheduling(fn: CobranzaFunction): void {
    fn.addEnvironment(ENV.escalationQueueArn, this.escalationQueue.queue.queueArn);
    this.scheduleDelivery.allow(fn, ESCALATION_SCHEDULE_ACTIONS);
  }


  private executionAlarm(id: string, metric: cloudwatch.Metric, topic: sns.ITopic, what: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      alarmDescription: `${id}: ${what}`,
      metric: metric.with({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(topic));
    return alarm;
  }
}
