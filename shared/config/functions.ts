/**
 * The Lambda functions and the environment each one reads, defined once for the CDK app (which sets
 * the variables and grants) and for the handlers (which validate them at cold start).
 */

export const ENV = {
  accountsTable: 'ACCOUNTS_TABLE',
  interactionsTable: 'INTERACTIONS_TABLE',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  bucketName: 'BUCKET_NAME',
  planningQueueUrl: 'PLANNING_QUEUE_URL',
  planningQueueArn: 'PLANNING_QUEUE_ARN',
  dispatchQueueArn: 'DISPATCH_QUEUE_ARN',
  emailQueueUrl: 'EMAIL_QUEUE_URL',
  scheduleGroup: 'SCHEDULE_GROUP',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  schedulerDlqArn: 'SCHEDULER_DLQ_ARN',
  sesFromAddress: 'SES_FROM_ADDRESS',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  paymentsQueueUrl: 'PAYMENTS_QUEUE_URL',
  webhookSecretArn: 'WEBHOOK_SECRET_ARN',
  alertsTopicArn: 'ALERTS_TOPIC_ARN',
  /** Channels (issue #4): one queue per channel; senders put fallbacks back on the dispatch queue. */
  dispatchQueueUrl: 'DISPATCH_QUEUE_URL',
  smsQueueUrl: 'SMS_QUEUE_URL',
  whatsappQueueUrl: 'WHATSAPP_QUEUE_URL',
  /** JSON object: destination country (or `default`) → origination identity (number, sender id, pool ARN). */
  smsOriginationIdentities: 'SMS_ORIGINATION_IDENTITIES',
  smsConfigurationSet: 'SMS_CONFIGURATION_SET',
  /** `phone-number-id-…` of the WhatsApp Business number in AWS End User Messaging Social. */
  whatsappPhoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
  /** Public base URL of the one-click unsubscribe route (`…/unsubscribe`). */
  unsubscribeUrl: 'UNSUBSCRIBE_URL',
  /** Public base URL of the debtor's self-service page (`…/portal`); reminder emails carry a signed link to it. */
  portalUrl: 'PORTAL_URL',
  /** Secrets Manager secret holding the HMAC key that signs unsubscribe and self-service links. */
  contactSecretArn: 'CONTACT_SECRET_ARN',
  /** Escalation (issue #5): evaluation requests (events and schedules) → start-escalation → the state machine. */
  escalationQueueUrl: 'ESCALATION_QUEUE_URL',
  /** Target of the one-time escalation schedules (`escalation-<account>`). */
  escalationQueueArn: 'ESCALATION_QUEUE_ARN',
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** Analytics (issue #13): the tables export-tables exports (point-in-time recovery on) to `exports/<day>/`. */
  accountsTableArn: 'ACCOUNTS_TABLE_ARN',
  /** export-tables: a table of this many bytes or more is exported incrementally (with a full base every 7 days). */
  exportFullMaxBytes: 'EXPORT_FULL_MAX_BYTES',
  interactionsTableArn: 'INTERACTIONS_TABLE_ARN',
  /** The weekly KPI digest (send-kpi-digest) reads the KPI views through Athena: its workgroup and the lake's Glue database. */
  athenaWorkgroup: 'ATHENA_WORKGROUP',
  glueDatabase: 'GLUE_DATABASE',
  /** Optional: the managers' dashboard (QuickSight) the digest links to. */
  dashboardUrl: 'DASHBOARD_URL',
} as const;

/** Function folder names under functions/: each has handler.ts (Lambda entry) and app.ts (factory). */
export const FUNCTIONS = [
  'ingest-file',
  'ingest-plan',
  'ingest-chunk',
  'ingest-finish',
  'update-policy',
  'plan-reminders',
  'dispatch-reminder',
  'send-email',
  'payment-webhook',
  'apply-payment',
  'reconcile-statement',
  'payments-api',
  'send-sms',
  'send-whatsapp',
  'channel-events',
  'contact-api',
  'escalation-step',
  'start-escalation',
  'escalation-api',
  'debtor-portal',
  /** Analytics (issue #13): a daily full export of both tables to S3, then the curate step on it → `lake/`. */
  'export-tables',
  'curate-lake',
  /** Analytics (issue #13): hourly; sends the policy's weekly KPI digest to the managers once on its day (Athena → SES). */
  'send-kpi-digest',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Bucket prefixes: what finance drops and where the system answers. */
export const PREFIX = {
  invoices: 'invoices/',
  /** Bank statements (camt.053/054, MT940, CSV) and CFDI payment complements. */
  statements: 'statements/',
  /** Raw webhook requests, accepted and rejected, kept for audit (never in logs). */
  webhooks: 'webhooks/',
  config: 'config/',
  reports: 'reports/',
  /** Pre-legal letters as sent (text, PDF, the email) — evidence, and what a held letter is sent again from. */
  letters: 'escalation/letters/',
  /** DynamoDB exports: `exports/<YYYY-MM-DD>/<accounts|interactions>/AWSDynamoDB/<export id>/…` (export-tables). */
  exports: 'exports/',
  /** The curated lake: `lake/<table>/part-*.parquet` and `lake/_curated.json` (curate-lake). */
  lake: 'lake/',
} as const;

/** The policy override file finance or ops can drop into the bucket. */
export const POLICY_KEY = 'config/policy.json';
