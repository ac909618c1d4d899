import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DataDirInUseError } from '../../shared/adapters/local/errors.js';

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
  /** Held (an OS file lock) by the one process using the data dir: see {@link lockDataDir}. */
  readonly lockDir: string;
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
    lockDir: join(root, 'lock'),
  };
}

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}
// The LevelDB binding dynalite itself uses (resolved through it, as shared/adapters/local/dynalite-server.ts does).
const requireHere = createRequire(import.meta.url);
const { Level } = createRequire(requireHere.resolve('dynalite'))('level') as {
  Level: new (path: string, options: { valueEncoding: string }) => LevelDb;
};

/** The data dir, held by this process until {@link DataDirLock.release} (or until the process ends). */
export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes the data dir for this process, or fails at once with DataDirInUseError ("data dir … is in use
 * by another cobranza process") when another process holds it. Call it before anything reads or
 * writes the dir (the CLI and `npm start` do, before Runtime.open).
 *
 * Why a lock of its own: dynalite-server probes the LevelDB LOCK of `dynamodb/` and releases it at
 * once, and dynalite opens that LevelDB only later, lazily. Between the two, another process can
 * take it, and the loser's dynalite then crashes with "Database is not open" and a stack trace (1 of
 * 5 simultaneous `cobranza status` runs did). This lock is held for the process's whole life instead,
 * so a loser never gets past this point. It is a tiny LevelDB at `<data-dir>/lock/` because LevelDB
 * locks with an OS file lock (fcntl): taking it is atomic, and the OS drops it when the holder exits,
 * even on a crash or kill -9, so there is never a stale lock file to clean up by hand.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const layout = dataDirLayout(dataDir);
  await mkdir(layout.root, { recursive: true });
  const db = new Level(layout.lockDir, { valueEncoding: 'json' });
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') throw new DataDirInUseError(layout.root, { cause: error });
    throw error;
  }
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await db.close();
    },
  };
}
