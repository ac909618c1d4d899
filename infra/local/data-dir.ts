import { join, resolve } from 'node:path';

/** Where the embedded runtime keeps things inside `--data-dir` (default `.cobranza/`). */
export interface DataDirLayout {
  readonly root: string;
  /** dynalite's on-disk DynamoDB. */
  readonly dynamoDir: string;
  /** The stand-in for the S3 bucket: `invoices/`, `config/`, `reports/` live under it. */
  readonly bucketDir: string;
  /** Drop files here while `npm start` runs: they are moved into the bucket and ingested. */
  readonly inboxDir: string;
  /** Sent messages: `email/*.eml`, `sms/*.json`, `whatsapp/*.json`. */
  readonly outboxDir: string;
  readonly deadLetterDir: string;
  readonly clockFile: string;
  readonly schedulesFile: string;
  /** Finance alerts (payment exceptions, refunds) as JSON files: `outbox/alerts/`. */
  readonly alertsDir: string;
  /** Local payment-provider secrets (made up on a fresh data dir). */
  readonly webhookSecretsFile: string;
  /** The key that signs unsubscribe links (made up on a fresh data dir). */
  readonly contactKeyFile: string;
  /** Names of the escalation evaluations run (Step Functions refuses a name twice; so does the runtime). */
  readonly executionsFile: string;
}

export const DEFAULT_DATA_DIR = '.cobranza';

export function dataDirLayout(dataDir: string): DataDirLayout {
  const root = resolve(dataDir);
  return {
    root,
    dynamoDir: join(root, 'dynamodb'),
    bucketDir: join(root, 'bucket'),
    inboxDir: join(root, 'inbox'),
    outboxDir: join(root, 'outbox'),
    deadLetterDir: join(root, 'dead-letters'),
    clockFile: join(root, 'clock.json'),
    schedulesFile: join(root, 'schedules.json'),
    alertsDir: join(root, 'outbox', 'alerts'),
    webhookSecretsFile: join(root, 'webhooks.json'),
    contactKeyFile: join(root, 'contact-key'),
    executionsFile: join(root, 'executions.jsonl'),
  };
}
