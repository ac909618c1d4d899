/**
 * Where alarms go: one SNS topic, encrypted with its own customer-managed key (CloudWatch cannot
 * publish to a topic under the AWS-managed SNS key), TLS-only, optionally with an email subscription.
 * Queue alarms are created by the queues themselves (monitored-queue.ts); function error alarms here.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** Subscribed to the alarm topic by email when set. @default - no subscription */
  readonly alarmEmail?: string;
}

export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly topicKey: kms.Key;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    this.topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Cobranza alarm topic',
      enableKeyRotation: true,
      // Only encrypts alarm notifications in flight: nothing to recover once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topicKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Cobranza alarms',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
  }

  /** Alarms when the function reports any error in a five-minute window. */
  alarmOnErrors(fn: lambda.Function, label: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${label}Errors`, {
      alarmDescription: `${label}: the function reported errors (see its log group)`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    return alarm;
  }
}
