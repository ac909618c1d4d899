/**
 * The ports: how use cases talk to the world. Adapters live in `shared/adapters/aws` (DynamoDB,
 * Scheduler, SQS, SES, S3) and `shared/adapters/local` (the embedded runtime). A port never imports
 * an adapter; use cases import only this file and the domain.
 */
import type { Readable } from 'node:stream';
import type { Policy } from './domain/policy/schema.js';
import type {
  Account,
  Interaction,
  Invoice,
  InvoiceKey,
  ReminderRecord,
  ReminderStatus,
} from './domain/types.js';

export interface Clock {
  now(): Date;
}

/** An invoice as stored: the domain invoice plus bookkeeping for idempotent re-ingest and planning. */
export interface StoredInvoice extends Invoice {
  /** Hash of the file-sourced content: an identical row later is `unchanged`. */
  readonly contentHash: string;
  /** The contentHash the planner last planned for; differs from contentHash while planning is owed. */
  readonly plannedHash?: string;
  readonly updatedAt: string;
}

export interface StoredAccount extends Account {
  readonly contentHash: string;
  readonly updatedAt: string;
}

/** The Accounts table: one item collection per debtor (profile, invoices, reminders, policy). */
export interface AccountStore {
  /** Batch read (the adapter chunks by 100 and retries unprocessed keys). Missing keys are absent. */
  getAccounts(accountIds: readonly string[]): Promise<Map<string, StoredAccount>>;
  /** Batch read keyed by `invoiceKeyString(key)` (shared/domain/keys.ts). */
  getInvoices(keys: readonly InvoiceKey[]): Promise<Map<string, StoredInvoice>>;
  /** Batch put (chunks of 25, unprocessed items retried with backoff). Last writer wins. */
  putAccounts(accounts: readonly StoredAccount[]): Promise<void>;
  putInvoices(invoices: readonly StoredInvoice[]): Promise<void>;
  /** Accounts and invoices in one batch write (BatchWriteItem by 25, items of both kinds mixed). */
  putAccountsAndInvoices(accounts: readonly StoredAccount[], invoices: readonly StoredInvoice[]): Promise<void>;
  getAccount(accountId: string): Promise<StoredAccount | undefined>;
  getInvoice(key: InvoiceKey): Promise<StoredInvoice | undefined>;
  /**
   * Records that the planner has planned `contentHash`. Conditional: only if the invoice still has
   * that contentHash (a newer version keeps its planning debt). Returns false when it did not apply.
   */
  markPlanned(key: InvoiceKey, contentHash: string): Promise<boolean>;

  listReminders(key: InvoiceKey): Promise<ReminderRecord[]>;
  getReminder(key: InvoiceKey, reminderId: string): Promise<ReminderRecord | undefined>;
  putReminder(record: ReminderRecord): Promise<void>;
  /**
   * Moves a reminder to `to` only when it is currently in one of `from` (conditional write).
   * Returns false when the condition failed (someone else moved it first, or it does not exist).
   */
  transitionReminder(
    key: InvoiceKey,
    reminderId: string,
    from: readonly ReminderStatus[],
    to: ReminderStatus,
    at: string,
  ): Promise<boolean>;

  /** Whole-portfolio counts for `cobranza status` (a scan: fine locally, not for hot paths). */
  portfolioSummary(): Promise<PortfolioSummary>;
}

export interface PortfolioSummary {
  readonly accounts: number;
  readonly invoices: { readonly open: number; readonly paid: number; readonly cancelled: number };
  /** Open balance per currency, integer minor units. */
  readonly openBalance: Readonly<Record<string, number>>;
  readonly remindersByStatus: Readonly<Partial<Record<ReminderStatus, number>>>;
}

/** The append-only interaction log. `append` is idempotent by interactionId. */
export interface InteractionLog {
  append(interactions: readonly Interaction[]): Promise<void>;
  listForAccount(accountId: string): Promise<Interaction[]>;
}

/** The active collections policy (validated); changing it keeps the previous one when invalid. */
export interface PolicyStore {
  /** The active policy, or undefined when none was ever set (callers fall back to the shipped default). */
  getActive(): Promise<Policy | undefined>;
  setActive(policy: Policy, source: string, at: string): Promise<void>;
}

/** One-time schedules that put a message on the dispatch queue at an instant. */
export interface ReminderScheduler {
  /**
   * Creates the one-time schedule `name` firing at `at` (UTC instant; adapters may express it in
   * `timezone`). Idempotent: an existing schedule with that name is left as is → `exists`.
   */
  schedule(request: ScheduleRequest): Promise<'created' | 'exists'>;
  /** Deletes a schedule that has not fired; a missing one is fine (already fired or deleted). */
  cancel(name: string): Promise<void>;
}

export interface ScheduleRequest {
  readonly name: string;
  /**
   * Which queue receives the payload: `dispatch` (a reminder to send; the default) or `planning` (a
   * PlanRequest: plan this invoice again, e.g. when it enters its next aging bucket).
   */
  readonly target?: 'dispatch' | 'planning';
  readonly at: string;
  readonly timezone: string;
  /** JSON payload delivered to the target queue. */
  readonly payload: unknown;
}

/** A message queue (SQS on AWS, an in-process queue locally). */
export interface MessageQueue<T> {
  /** Sends messages; the adapter chunks (10 per SQS batch) and fails loudly on partial failure. */
  send(messages: readonly T[]): Promise<void>;
}

export interface OutboundEmail {
  /** Same key → same message; senders are idempotent on it upstream. */
  readonly idempotencyKey: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Send time; the local outbox writes it as the Date header. */
  readonly date: Date;
  /** Message tags (SES) / X-headers (local): account, invoice, reminder. No PII. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface EmailSender {
  send(email: OutboundEmail): Promise<{ messageId: string }>;
}

/** The file bucket (S3 locally stood in for by a folder). Keys use `/` separators. */
export interface ObjectStore {
  /** A fresh stream of the object's bytes each call (ingest reads a file twice: profile, then rows). */
  open(key: string): Readable;
  getText(key: string): Promise<string | undefined>;
  putText(key: string, body: string, contentType: string): Promise<void>;
}
