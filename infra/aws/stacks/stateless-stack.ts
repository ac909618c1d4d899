/**
 * The stateless stack: functions, queues, schedules, email, payments (webhook and finance HTTP APIs)
 * and alarms. Everything here can be destroyed and recreated; the data it works on comes in as typed
 * props from the stateful stack.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CobranzaFunction } from '../constructs/cobranza-function.js';
import { Email } from '../constructs/email.js';
import { Ingestion } from '../constructs/ingestion.js';
import { Monitoring } from '../constructs/monitoring.js';
import { Payments } from '../constructs/payments.js';
import { Reminders } from '../constructs/reminders.js';
import type { CobranzaData } from './stateful-stack.js';

export interface CobranzaStatelessStackProps extends StackProps {
  /** Key, bucket and tables from the stateful stack. */
  readonly data: CobranzaData;
  /** Verified SES identity reminders are sent from. */
  readonly sesFromAddress: string;
  /** Email subscribed to the alarm topic. @default - no subscription */
  readonly alarmEmail?: string;
  /** Email subscribed to the finance alerts topic. @default - no subscription */
  readonly financeAlertEmail?: string;
}

export class CobranzaStatelessStack extends Stack {
  readonly monitoring: Monitoring;
  readonly email: Email;
  readonly reminders: Reminders;
  readonly ingestion: Ingestion;
  readonly payments: Payments;
  /** Every function in the stack, for cross-cutting checks (alarms, tests). */
  readonly functions: readonly CobranzaFunction[];

  constructor(scope: Construct, id: string, props: CobranzaStatelessStackProps) {
    super(scope, id, props);
    const { data } = props;

    this.monitoring = new Monitoring(this, 'Monitoring', { alarmEmail: props.alarmEmail });
    const alarmTopic = this.monitoring.alarmTopic;

    this.email = new Email(this, 'Email', { data, sesFromAddress: props.sesFromAddress, alarmTopic });
    this.reminders = new Reminders(this, 'Reminders', { data, emailQueue: this.email.emailQueue.queue, alarmTopic });
    this.ingestion = new Ingestion(this, 'Ingestion', {
      data,
      planningQueue: this.reminders.planningQueue.queue,
      alarmTopic,
    });
    this.payments = new Payments(this, 'Payments', {
      data,
      planningQueue: this.reminders.planningQueue.queue,
      emailQueue: this.email.emailQueue.queue,
      alarmTopic,
      financeAlertEmail: props.financeAlertEmail,
    });

    new CfnOutput(this, 'WebhookBaseUrl', {
      description: 'Payment providers post to <this URL><provider>, e.g. …/webhooks/stripe',
      value: this.payments.webhookBaseUrl,
    });
    new CfnOutput(this, 'FinanceApiUrl', {
      description: 'Finance API (IAM/SigV4): GET payments/exceptions, POST payments/{paymentId}/apply',
      value: this.payments.financeHttpApi.stage.url,
    });
    new CfnOutput(this, 'WebhookSecretArn', {
      description: 'Put the webhook provider configs (JSON array) here after deploy',
      value: this.payments.webhookSecret.secretArn,
    });
    new CfnOutput(this, 'FinanceAlertsTopicArn', {
      description: 'Payment exceptions, overpayments and refunds for finance',
      value: this.payments.financeAlerts.topicArn,
    });

    this.functions = [
      this.ingestion.ingestFile,
      this.ingestion.updatePolicy,
      this.reminders.planReminders,
      this.reminders.dispatchReminder,
      this.email.sendEmail,
      ...this.payments.functions,
    ];
    for (const fn of this.functions) {
      this.monitoring.alarmOnErrors(fn, fn.node.id);
    }
  }
}
