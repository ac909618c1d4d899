/**
 * Queues with our non-negotiables: server-side encryption, TLS-only access, a dead-letter queue after
 * five receives, a visibility timeout of six times the consumer's timeout (AWS's guidance for Lambda
 * event sources), and CloudWatch alarms on the alarm topic: a message in the DLQ, or work sitting in
 * the main queue too long.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const MAX_RECEIVE_COUNT = 5;
/** Lambda's guidance: visibility timeout ≥ 6 × the function timeout (retries and batching windows). */
export const VISIBILITY_FACTOR = 6;
/** Dead letters are kept as long as SQS allows, for investigation and redrive. */
const DLQ_RETENTION = Duration.days(14);

/** Shared queue settings: SSE with SQS-owned keys (no KMS grants for producers) and TLS only. */
const SECURE_QUEUE: Pick<sqs.QueueProps, 'encryption' | 'enforceSSL'> = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
};

export interface AlarmedDeadLetterQueueProps {
  readonly alarmTopic: sns.ITopic;
  /** What lands here, for the alarm description. */
  readonly purpose: string;
}

/**
 * A standalone dead-letter queue (for Lambda async invocations, EventBridge targets, Scheduler),
 * with the same encryption and an alarm on its first message.
 */
export class AlarmedDeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlarmedDeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', { ...SECURE_QUEUE, retentionPeriod: DLQ_RETENTION });
    this.alarm = deadLetterAlarm(this, this.queue, props.alarmTopic, props.purpose);
  }
}

export interface MonitoredQueueProps {
  readonly alarmTopic: sns.ITopic;
  /** Timeout of the function that will consume the queue; the visibility timeout is 6× this. */
  readonly consumerTimeout: Duration;
  /** What the queue carries, for alarm descriptions. */
  readonly purpose: string;
  /**
   * Age of the oldest message above which the backlog alarm fires.
   * @default Duration.hours(1)
   */
  readonly maxMessageAge?: Duration;
}

export interface ConsumerOptions {
  /** @default 10 */
  readonly batchSize?: number;
  /** Caps concurrent invocations (≥ 2), e.g. to respect a downstream send rate. @default - no cap */
  readonly maxConcurrency?: number;
}

export class MonitoredQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly backlogAlarm: cloudwatch.Alarm;
  readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: MonitoredQueueProps) {
    super(scope, id);
    this.visibilityTimeout = Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_FACTOR);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', { ...SECURE_QUEUE, retentionPeriod: DLQ_RETENTION });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...SECURE_QUEUE,
      visibilityTimeout: this.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.deadLetterAlarm = deadLetterAlarm(this, this.deadLetterQueue, props.alarmTopic, props.purpose);

    const maxAge = props.maxMessageAge ?? Duration.hours(1);
    this.backlogAlarm = new cloudwatch.Alarm(this, 'BacklogAlarm', {
      alarmDescription: `${props.purpose}: the oldest message has waited more than ${maxAge.toHumanString()}`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: maxAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.backlogAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }

  /**
   * Subscribes `consumer` with partial batch responses on (a failed record is retried alone, not the
   * whole batch). Throws when the consumer's timeout does not fit the visibility timeout.
   */
  addConsumer(consumer: lambda.Function, options: ConsumerOptions = {}): void {
    const timeout = consumer.timeout?.toSeconds() ?? 3;
    const visibility = this.visibilityTimeout.toSeconds();
    if (visibility < timeout * VISIBILITY_FACTOR) {
      throw new Error(
        `${this.node.path}: visibility timeout ${visibility}s is less than ${VISIBILITY_FACTOR}× the timeout of ${consumer.node.path} (${timeout}s)`,
      );
    }
    consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: options.batchSize ?? 10,
        reportBatchItemFailures: true,
        maxConcurrency: options.maxConcurrency,
      }),
    );
  }
}

function deadLetterAlarm(scope: Construct, queue: sqs.IQueue, topic: sns.ITopic, purpose: string): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
    alarmDescription: `${purpose}: messages in the dead-letter queue (inspect, fix, then redrive)`,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
