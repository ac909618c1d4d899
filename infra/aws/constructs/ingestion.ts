/**
 * Files in: an object created under `invoices/` runs ingest-file (below LARGE_FILE_BYTES) or the
 * IngestLargeFile state machine (from LARGE_FILE_BYTES on); one under `config/` runs update-policy. S3 publishes to EventBridge (enabled on the bucket in the stateful stack) and a rule
 * here matches the bucket and the prefix, which keeps the stacks free of a reference cycle. Both
 * functions are invoked asynchronously: two retries, then the event lands in an alarmed DLQ (also the
 * rules' target DLQ, for events EventBridge could not deliver at all).
 *
 * IngestLargeFile (Standard): ingest-plan reads the file's layout once and writes a manifest of byte
 * ranges cut at record boundaries (`reports/<key>.parts/manifest.json`); a Distributed Map reads that
 * manifest (S3 JSON ItemReader) and runs ingest-chunk once per range, at most CHUNK_CONCURRENCY at a
 * time, each retried; ingest-finish merges the parts into the one report. Our own reader stays in
 * charge of the CSV (encoding, delimiter, header aliases, number and date conventions): the Map's CSV
 * ItemReader would bypass all of it. Failed chunks are tolerated (100%) so the finish step always runs
 * and names the lines not loaded; failed chunk invocations still alarm (function errors), and failed
 * executions alarm.
 */
import { Duration, RemovalPolicy, Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ENV, PREFIX } from '../../../shared/config/functions.js';
import { LARGE_FILE_BYTES } from '../../../shared/usecases/ingest-large-file.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import { AlarmedDeadLetterQueue } from './monitored-queue.js';

export const ASYNC_RETRY_ATTEMPTS = 2;

/** Chunks loaded at once: enough to finish a 200 MB file in minutes, gentle on the table and the planning queue. */
export const CHUNK_CONCURRENCY = 10;
/** Every chunk may fail without failing the run: the finish step reports the lines a failed chunk did not load. */
export const CHUNK_TOLERATED_FAILURE_PERCENTAGE = 100;
/** Where the Distributed Map writes its run results (which chunks failed and why), under reports/. */
export const MAP_RESULTS_PREFIX = `${PREFIX.reports}ingest-runs/`;
/** The state machine's name (per stage: prefixed with the stack name). */
export const LARGE_FILE_STATE_MACHINE_NAME = 'IngestLargeFile';

export interface IngestionProps {
  readonly data: CobranzaData;
  /** Where ingest-file asks for (re)planning of the accounts it touched. */
  readonly planningQueue: sqs.IQueue;
  readonly alarmTopic: sns.ITopic;
}

export class Ingestion extends Construct {
  readonly ingestFile: CobranzaFunction;
  readonly updatePolicy: CobranzaFunction;
  readonly ingestPlan: CobranzaFunction;
  readonly ingestChunk: CobranzaFunction;
  readonly ingestFinish: CobranzaFunction;
  readonly largeFileStateMachine: sfn.StateMachine;
  readonly largeFileLogs: logs.LogGroup;
  readonly largeFileFailedAlarm: cloudwatch.Alarm;
  readonly invoiceRule: events.Rule;
  readonly largeInvoiceRule: events.Rule;
  readonly configRule: events.Rule;
  readonly failures: AlarmedDeadLetterQueue;

  constructor(scope: Construct, id: string, props: IngestionProps) {
    super(scope, id);
    const { files, tables } = props.data;

    this.failures = new AlarmedDeadLetterQueue(this, 'Failures', {
      alarmTopic: props.alarmTopic,
      purpose: 'Ingestion events (invoices/, config/) that failed after retries',
    });

    this.ingestFile = new CobranzaFunction(this, 'IngestFile', {
      name: 'ingest-file',
      description: 'Validates and upserts one invoice file, writes its report, requests planning',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      deadLetterQueue: this.failures.queue,
    })
      .bindBucket(files, { read: [PREFIX.invoices], write: [PREFIX.reports] })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write')
      .bindQueue(ENV.planningQueueUrl, props.planningQueue);

    this.updatePolicy = new CobranzaFunction(this, 'UpdatePolicy', {
      name: 'update-policy',
      description: 'Validates a policy file dropped under config/ and activates it',
      timeout: Duration.minutes(1),
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      deadLetterQueue: this.failures.queue,
    })
      .bindBucket(files, { read: [PREFIX.config], write: [PREFIX.reports] })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write');

    // --- Large files: plan → Distributed Map of chunks → finish -----------------------------------
    this.ingestPlan = new CobranzaFunction(this, 'IngestPlan', {
      name: 'ingest-plan',
      description: 'Large invoice file: reads its layout once, cuts it into byte ranges at record boundaries, writes the manifest',
      timeout: Duration.minutes(15),
      memorySize: 1024,
    }).bindBucket(files, { read: [PREFIX.invoices], write: [PREFIX.reports] });

    this.ingestChunk = new CobranzaFunction(this, 'IngestChunk', {
      name: 'ingest-chunk',
      description: 'Large invoice file: loads one byte range (S3 Range read) with the plan, writes its part report',
      timeout: Duration.minutes(15),
      memorySize: 1024,
    })
      .bindBucket(files, { read: [PREFIX.invoices, PREFIX.reports], write: [PREFIX.reports] })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write')
      .bindQueue(ENV.planningQueueUrl, props.planningQueue);

    this.ingestFinish = new CobranzaFunction(this, 'IngestFinish', {
      name: 'ingest-finish',
      description: 'Large invoice file: merges the chunk parts into the one report and logs file.ingested',
      timeout: Duration.minutes(5),
      memorySize: 1024,
    })
      .bindBucket(files, { read: [PREFIX.reports], write: [PREFIX.reports] })
      .bindTable(tables.interactions, 'write');

    const plan = new tasks.LambdaInvoke(this, 'PlanFile', { lambdaFunction: this.ingestPlan, payloadResponseOnly: true });
    plan.addRetry({ errors: ['States.ALL'], maxAttempts: 2, interval: Duration.seconds(10), backoffRate: 2 });
    const chunk = new tasks.LambdaInvoke(this, 'LoadChunk', { lambdaFunction: this.ingestChunk, payloadResponseOnly: true });
    // A timeout or a throttled write is retried: the chunk is idempotent (its part is its checkpoint).
    chunk.addRetry({ errors: ['States.ALL'], maxAttempts: 3, interval: Duration.seconds(10), backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
    const chunks = new sfn.DistributedMap(this, 'LoadChunks', {
      comment: 'One ingest-chunk per byte range of the manifest written by PlanFile',
      itemReader: new sfn.S3JsonItemReader({
        bucketNamePath: sfn.JsonPath.stringAt('$.bucket'),
        key: sfn.JsonPath.stringAt('$.manifestKey'),
      }),
      maxConcurrency: CHUNK_CONCURRENCY,
      toleratedFailurePercentage: CHUNK_TOLERATED_FAILURE_PERCENTAGE,
      resultWriterV2: new PrefixResultWriter({ bucket: files.bucket, prefix: MAP_RESULTS_PREFIX }),
      // The finish step reads the parts; its input stays the plan's output.
      resultPath: sfn.JsonPath.DISCARD,
      label: 'IngestChunks',
    });
    chunks.itemProcessor(chunk);
    const finish = new tasks.LambdaInvoke(this, 'FinishFile', { lambdaFunction: this.ingestFinish, payloadResponseOnly: true });
    finish.addRetry({ errors: ['States.ALL'], maxAttempts: 2, interval: Duration.seconds(10), backoffRate: 2 });
    const anyChunks = new sfn.Choice(this, 'AnyChunks', { comment: 'A file refused as a whole has no chunks: straight to its report' })
      .when(sfn.Condition.numberGreaterThan('$.chunks', 0), chunks.next(finish))
      .otherwise(finish);

    const stack = Stack.of(this);
    this.largeFileLogs = new logs.LogGroup(this, 'LargeFileLogs', {
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-ingest-large-file`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.largeFileStateMachine = new sfn.StateMachine(this, LARGE_FILE_STATE_MACHINE_NAME, {
      stateMachineName: `${stack.stackName}-${LARGE_FILE_STATE_MACHINE_NAME}`,
      comment: 'IngestLargeFile: plan once, load byte ranges in a Distributed Map, merge one report',
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(plan.next(anyChunks)),
      timeout: Duration.hours(6),
      // Inputs and outputs carry file names and counts only, but chunk errors may quote rows: events only.
      logs: { destination: this.largeFileLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // The ItemReader (bucketNamePath) grants nothing itself: the manifest is read under reports/ only.
    const role = this.largeFileStateMachine.role;
    if (role instanceof iam.Role) {
      role.addManagedPolicy(files.objectsPolicy('read', PREFIX.reports));
      role.addManagedPolicy(files.objectsPolicy('write', PREFIX.reports));
    }
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Written by CDK for logging and tracing: the CloudWatch Logs vended-delivery actions and the X-Ray actions support no ' +
        'resource-level permissions (as the escalation state machine).',
    });
    for (const fn of [this.ingestPlan, this.ingestChunk, this.ingestFinish]) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: `Written by CDK's LambdaInvoke task: ${fn.cobranzaName} and its versions (ARN:*), that one function only.`,
      });
    }
    // Written by CDK for the Distributed Map: the map run starts, describes and stops child executions of this state machine.
    const smRef = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stack.getLogicalId(this.largeFileStateMachine.node.defaultChild as CfnElement)}"}]}]}`;
    for (const executions of [`${smRef}:*`, `${smRef}/IngestChunks:*`]) {
      Validations.of(this.largeFileStateMachine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:${pseudo(stack.partition, 'AWS::Partition')}:states:${pseudo(stack.region, 'AWS::Region')}:${pseudo(stack.account, 'AWS::AccountId')}:execution:${executions}]`,
        reason: 'Written by CDK for the Distributed Map: its child executions (and the map run) of this one state machine, named at run time.',
      });
    }
    this.largeFileFailedAlarm = new cloudwatch.Alarm(this, 'LargeFileFailedAlarm', {
      alarmDescription: 'IngestLargeFile executions failed (plan or finish failed after retries): see the execution and ingest-plan / ingest-finish logs',
      metric: this.largeFileStateMachine.metricFailed().with({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.largeFileFailedAlarm.addAlarmAction(new SnsAction(props.alarmTopic));

    this.invoiceRule = this.onObjectCreated('InvoiceFileCreated', files.bucket, PREFIX.invoices, new targets.LambdaFunction(this.ingestFile, this.targetOptions()), `ingest-file (below ${LARGE_FILE_BYTES} bytes)`, {
      size: [{ numeric: ['<', LARGE_FILE_BYTES] }],
    });
    this.largeInvoiceRule = this.onObjectCreated('LargeInvoiceFileCreated', files.bucket, PREFIX.invoices, new targets.SfnStateMachine(this.largeFileStateMachine, this.targetOptions()), `${LARGE_FILE_STATE_MACHINE_NAME} (${LARGE_FILE_BYTES} bytes or more)`, {
      size: [{ numeric: ['>=', LARGE_FILE_BYTES] }],
    });
    this.configRule = this.onObjectCreated('ConfigFileCreated', files.bucket, PREFIX.config, new targets.LambdaFunction(this.updatePolicy, this.targetOptions()), 'update-policy');
  }

  /** Every function in this construct (for the stack's error alarms). */
  get functions(): readonly CobranzaFunction[] {
    return [this.ingestFile, this.updatePolicy, this.ingestPlan, this.ingestChunk, this.ingestFinish];
  }

  /**
   * A new policy re-evaluates every open escalation: update-policy may send to the escalation queue
   * (ESCALATION_QUEUE_URL); it already reads the Accounts table.
   */
  connectEscalation(escalationQueue: sqs.IQueue): void {
    this.updatePolicy.bindQueue(ENV.escalationQueueUrl, escalationQueue);
  }

  private targetOptions() {
    return { deadLetterQueue: this.failures.queue, retryAttempts: ASYNC_RETRY_ATTEMPTS, maxEventAge: Duration.hours(6) };
  }

  private onObjectCreated(id: string, bucket: s3.IBucket, prefix: string, target: events.IRuleTarget, to: string, object: Record<string, unknown> = {}): events.Rule {
    return new events.Rule(this, id, {
      description: `S3 Object Created under ${prefix} → ${to}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: events.Match.prefix(prefix), ...object },
        },
      },
      targets: [target],
    });
  }
}

/**
 * ResultWriterV2 without CDK's own grant, which is the whole bucket (`<bucket>/*`: the raw invoice
 * files too). The Map Run writes its results under reports/ with the files bucket's reports/
 * policies attached to the state machine's role (s3:GetObject / s3:PutObject and their KMS calls);
 * the results are a few bytes per chunk, far below the size S3 would take in parts.
 */
class PrefixResultWriter extends sfn.ResultWriterV2 {
  override providePolicyStatements(): iam.PolicyStatement[] {
    return [];
  }
}

/** How cdk-nag writes an ARN part in a finding id: the value when the stack knows it (a deploy to a set region), else `<AWS::…>`. */
function pseudo(value: string, name: string): string {
  return Token.isUnresolved(value) ? `<${name}>` : value;
}
