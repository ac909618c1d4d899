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
} as const;

/** Function folder names under functions/: each has handler.ts (Lambda entry) and app.ts (factory). */
export const FUNCTIONS = [
  'ingest-file',
  'update-policy',
  'plan-reminders',
  'dispatch-reminder',
  'send-email',
  'payment-webhook',
  'apply-payment',
  'reconcile-statement',
  'payments-api',
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
} as const;

/** The policy override file finance or ops can drop into the bucket. */
export const POLICY_KEY = 'config/policy.json';
