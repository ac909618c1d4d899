/**
 * Files in: an object created under `invoices/` runs ingest-file; one under `config/` runs
 * update-policy. S3 publishes to EventBridge (enabled on the bucket in the stateful stack) and a rule
 * here matches the bucket and the prefix, which keeps the stacks free of a reference cycle. Both
 * functions are invoked asynchronously: two retries, then the event lands in an alarmed DLQ (also the
 * rules' target DLQ, for events EventBridge could not deliver at all).
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, PREFIX } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import { AlarmedDeadLetterQueue } from './monitored-queue.js';

export const ASYNC_RETRY_ATTEMPTS = 2;

export interface IngestionProps {
  readonly data: CobranzaData;
  /** Where ingest-file asks for (re)planning of the accounts it touched. */
  readonly planningQueue: sqs.IQueue;
  readonly alarmTopic: sns.ITopic;
}

export class Ingestion extends Construct {
  readonly ingestFile: CobranzaFunction;
  readonly updatePolicy: CobranzaFunction;
  readonly invoiceRule: events.Rule;
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

    this.invoiceRule = this.onObjectCreated('InvoiceFileCreated', files.bucket, PREFIX.invoices, this.ingestFile);
    this.configRule = this.onObjectCreated('ConfigFileCreated', files.bucket, PREFIX.config, this.updatePolicy);
  }

  /**
   * A new policy re-evaluates every open escalation: update-policy may send to the escalation queue
   * (ESCALATION_QUEUE_URL); it already reads the Accounts table.
   */
  connectEscalation(escalationQueue: sqs.IQueue): void {
    this.updatePolicy.bindQueue(ENV.escalationQueueUrl, escalationQueue);
  }

  private onObjectCreated(id: string, bucket: s3.IBucket, prefix: string, fn: CobranzaFunction): events.Rule {
    return new events.Rule(this, id, {
      description: `S3 Object Created under ${prefix} → ${fn.cobranzaName}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: events.Match.prefix(prefix) },
        },
      },
      targets: [
        new targets.LambdaFunction(fn, {
          deadLetterQueue: this.failures.queue,
          retryAttempts: ASYNC_RETRY_ATTEMPTS,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
