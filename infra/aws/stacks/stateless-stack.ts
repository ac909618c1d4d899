/**
 * The stateless stack: functions, queues, schedules, email, payments (webhook and finance HTTP APIs),
 * SMS/WhatsApp channels with their events and unsubscribe route, escalation (state machine, its
 * queue and schedules, the worklist routes on the finance API), the KPI lake (export, curate, Glue,
 * Athena, QuickSight, the weekly KPI digest), and alarms. Everything here can be
 * destroyed and recreated; the data it works on comes in as typed props from the stateful stack.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { join } from 'node:path';
import type { Construct } from 'constructs';
import { Analytics } from '../constructs/analytics.js';
import { Channels } from '../constructs/channels.js';
import { REPO_ROOT, type CobranzaFunction } from '../constructs/cobranza-function.js';
import { EMAIL_EVENTS, Email } from '../constructs/email.js';
import { DebtorPortal } from '../constructs/debtor-portal.js';
import { Escalation } from '../constructs/escalation.js';
import { Ingestion } from '../constructs/ingestion.js';
import { Monitoring } from '../constructs/monitoring.js';
import { Payments } from '../constructs/payments.js';
import { Reminders } from '../constructs/reminders.js';
import { WHATSAPP_NOT_CONFIGURED } from '../config.js';
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
  /** Destination country (or `default`) → SMS origination identity. @default {} (any of the account's) */
  readonly smsOriginationIdentities?: Readonly<Record<string, string>>;
  /** WhatsApp Business phone number id. @default 'not-configured' (no WhatsApp sends) */
  readonly whatsappPhoneNumberId?: string;
  /** Generic webhook providers' names, each routed at `POST /webhooks/<name>`. @default [] */
  readonly genericWebhookProviders?: readonly string[];
  /** QuickSight managers group (or user) ARN. @default - analytics without QuickSight */
  readonly quicksightPrincipalArn?: string;
  /** The managers' dashboard the weekly KPI digest links to. @default - no link */
  readonly dashboardUrl?: string;
  /** The currency the QuickSight dashboard opens on. @default MXN */
  readonly dashboardCurrency?: string;
  /** KPI view files. @default `sql/views` of the repository */
  readonly analyticsViewsDir?: string;
}

export class CobranzaStatelessStack extends Stack {
  readonly monitoring: Monitoring;
  readonly email: Email;
  readonly reminders: Reminders;
  readonly ingestion: Ingestion;
  readonly payments: Payments;
  readonly channels: Channels;
  readonly escalation: Escalation;
  readonly portal: DebtorPortal;
  readonly analytics: Analytics;
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
      genericWebhookProviders: props.genericWebhookProviders ?? [],
    });

    this.channels = new Channels(this, 'Channels', {
      data,
      alarmTopic,
      dispatchQueue: this.reminders.dispatchQueue.queue,
      emailQueue: this.email.emailQueue.queue,
      emailConfigurationSetName: this.email.configurationSet.configurationSetName,
      emailEventDetailTypes: EMAIL_EVENTS.map(([, detailType]) => detailType),
      publicApi: this.payments,
      smsOriginationIdentities: props.smsOriginationIdentities ?? {},
      whatsappPhoneNumberId: props.whatsappPhoneNumberId ?? WHATSAPP_NOT_CONFIGURED,
    });
    this.reminders.connectChannels({
      smsQueue: this.channels.smsQueue.queue,
      whatsappQueue: this.channels.whatsappQueue.queue,
      unsubscribeUrl: this.channels.unsubscribeUrl,
      contactSecret: this.channels.contactSecret,
    });
    this.email.fallBackTo(this.reminders.dispatchQueue.queue);

    this.escalation = new Escalation(this, 'Escalation', {
      data,
      emailQueue: this.email.emailQueue.queue,
      payments: this.payments,
      alarmTopic,
    });
    // A plan agreed through the worklist API schedules its installments' reminders.
    this.reminders.allowCreatingReminders(this.escalation.escalationApi);
    this.portal = new DebtorPortal(this, 'Portal', {
      data,
      escalationQueue: this.escalation.escalationQueue.queue,
      contactSecret: this.channels.contactSecret,
      publicApi: this.payments,
      reminders: this.reminders,
    });
    this.reminders.connectPortal(this.portal.portalUrl);
    // Payments applied or reversed, and promises read from replies, re-evaluate the account.
    this.payments.connectEscalation(this.escalation.escalationQueue.queue);
    this.reminders.connectEscalation(this.escalation.escalationQueue.queue);
    this.ingestion.connectEscalation(this.escalation.escalationQueue.queue);
    this.channels.connectEscalation(this.escalation.escalationQueue.queue);

    // KPI lake (issue #13): daily export → curate → Glue/Athena → QuickSight (when configured); the weekly digest by email.
    this.analytics = new Analytics(this, 'Analytics', {
      data,
      alarmTopic,
      email: this.email,
      dashboardUrl: props.dashboardUrl,
      viewsDir: props.analyticsViewsDir ?? join(REPO_ROOT, 'sql', 'views'),
      quicksightPrincipalArn: props.quicksightPrincipalArn,
      dashboardCurrency: props.dashboardCurrency ?? 'MXN',
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

    new CfnOutput(this, 'ChannelEventsTopicArn', {
      description:
        'Set as the event destination of the WhatsApp Business Account (End User Messaging Social) and as the two-way ' +
        'SMS destination of each origination number (End User Messaging SMS); the SMS configuration set already uses it',
      value: this.channels.eventsTopic.topicArn,
    });
    new CfnOutput(this, 'UnsubscribeUrl', {
      description: 'Public unsubscribe route (GET page, POST one-click); links carry a token signed with ContactSecret',
      value: this.channels.unsubscribeUrl,
    });
    new CfnOutput(this, 'PortalUrl', {
      description: "Debtors' self-service page (GET page, POST forms); reminder emails link to it with a token signed with ContactSecret (60 days)",
      value: this.portal.portalUrl,
    });
    new CfnOutput(this, 'ContactSecretArn', {
      description: 'HMAC key that signs unsubscribe and self-service links (generated at deploy; do not rotate: sent links would break)',
      value: this.channels.contactSecret.secretArn,
    });

    new CfnOutput(this, 'EscalationStateMachineArn', {
      description: 'EvaluateEscalation state machine: one short execution per account evaluation (started by start-escalation)',
      value: this.escalation.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'WorklistApiUrl', {
      description:
        'Agent worklist (IAM/SigV4, on the finance API): GET tasks, POST tasks/{taskId}/claim|complete|notes, ' +
        'POST accounts/{accountId}/promises|plans, POST invoices/{accountId}/{invoiceNumber}/disputes, ' +
        'POST disputes/{accountId}/{disputeId}/resolve, GET accounts/{accountId}',
      value: this.payments.financeHttpApi.stage.url,
    });

    new CfnOutput(this, 'AthenaWorkGroup', {
      description: 'Athena workgroup of the KPI views (Glue database cobranza_lake); query results in its own bucket, kept 7 days',
      value: this.analytics.workGroup.name,
    });

    this.functions = [
      ...this.ingestion.functions,
      this.reminders.planReminders,
      this.reminders.dispatchReminder,
      this.email.sendEmail,
      ...this.payments.functions,
      ...this.channels.functions,
      ...this.escalation.functions,
      ...this.portal.functions,
      ...this.analytics.functions,
    ];
    for (const fn of this.functions) {
      this.monitoring.alarmOnErrors(fn, fn.node.id);
    }
  }
}
