/**
 * The ports: how use cases talk to the world. Adapters live in `shared/adapters/aws` (DynamoDB,
 * Scheduler, SQS, SES, S3) and `shared/adapters/local` (the embedded runtime). A port never imports
 * an adapter; use cases import only this file and the domain.
 */
import type { Readable } from 'node:stream';
import type { Allocation, CandidateQuery, MatchCandidates, MatchDecision } from './domain/payments/matching/types.js';
import type { Payment } from './domain/payments/types.js';
import type { Policy } from './domain/policy/schema.js';
import type { EvaluationRequest } from './config/escalation.js';
import type { Dispute, EscalationRecord, PaymentPlan, PromiseToPay, Stage } from './domain/escalation/types.js';
import type {
  Account,
  Channel,
  ChannelEnvelope,
  DispatchQueueMessage,
  EmailAttachment,
  Interaction,
  Invoice,
  InvoiceKey,
  MessageReminder,
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
  /** Payments applied here (each once: the conditional write checks this list). */
  readonly appliedPaymentIds?: readonly string[];
  /** What each of those payments took off (and wrote off), so a retry records what really happened. */
  readonly appliedAmounts?: readonly { readonly paymentId: string; readonly amount: number; readonly writtenOff: number }[];
  /** Reversals (refunds, chargebacks) that put money back on it, each once. */
  readonly reversalIds?: readonly string[];
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
  /** Every reminder of the account, all invoices (consolidation looks for reminders due in the same window). */
  listAccountReminders(accountId: string): Promise<ReminderRecord[]>;
  /** Every invoice of the account (open, paid, cancelled). */
  listAccountInvoices(accountId: string): Promise<StoredInvoice[]>;
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
   * Which queue receives the payload: `dispatch` (a reminder to send; the default), `planning` (a
   * PlanRequest: plan this invoice again, e.g. when it enters its next aging bucket) or `escalation`
   * (an EvaluationRequest: evaluate the account's escalation).
   */
  readonly target?: 'dispatch' | 'planning' | 'escalation';
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
  /**
   * One-click unsubscribe (RFC 8058): the sender adds `List-Unsubscribe: <url>` and
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
   */
  readonly unsubscribeUrl?: string;
  /**
   * Where the debtor's answers go: the sender adds it as the Reply-To (SES `ReplyToAddresses`, a
   * `Reply-To:` header locally). Absent: replies go to the From address.
   */
  readonly replyTo?: string;
  /** Sent as attachments (`Content-Disposition: attachment`). */
  readonly attachments?: readonly EmailAttachment[];
}

export interface EmailSender {
  send(email: OutboundEmail): Promise<{ messageId: string }>;
}

/**
 * Every channel sender throws `PermanentDeliveryError` (shared/domain/channels/errors.ts) when the
 * provider says this address can never work (invalid number, no WhatsApp account, opted out at the
 * provider): the use case marks the contact invalid and falls back. Any other error is transient and
 * the queue retries it.
 */
export interface OutboundSms {
  readonly idempotencyKey: string;
  /** E.164. */
  readonly to: string;
  readonly body: string;
  /** ISO 3166-1 alpha-2 of the destination: picks the origination identity. */
  readonly country?: string;
  readonly date: Date;
  /** Passed to the provider as message context and returned in its delivery events. No PII. */
  readonly tags: Readonly<Record<string, string>>;
  /** For the record, never sent to the provider: segments, encoding, estimated cost (the local outbox shows them). */
  readonly details?: Readonly<Record<string, string | number>>;
}

export interface SmsSender {
  send(sms: OutboundSms): Promise<{ messageId: string }>;
}

export interface OutboundWhatsApp {
  readonly idempotencyKey: string;
  /** E.164. */
  readonly to: string;
  readonly templateName: string;
  readonly languageCode: string;
  readonly parameters: readonly string[];
  /** The rendered text (local outbox, logs without PII never use it). */
  readonly preview: string;
  readonly date: Date;
  readonly tags: Readonly<Record<string, string>>;
  /** For the record, never sent to the provider: estimated cost (the local outbox shows it). */
  readonly details?: Readonly<Record<string, string | number>>;
}

export interface WhatsAppSender {
  send(message: OutboundWhatsApp): Promise<{ messageId: string }>;
}

// ---------------------------------------------------------------------------------------------
// Contact rules: consent, the contact ledger, sent-message references, collector tasks
// ---------------------------------------------------------------------------------------------

/**
 * opted-in: the debtor agreed (WhatsApp needs this) · opted-out: the debtor said stop (keyword,
 * unsubscribe, complaint, portal) · invalid: the provider said the address can never work.
 */
export type ConsentStatus = 'opted-in' | 'opted-out' | 'invalid';

/** One record per account, channel and address; the latest change wins. */
export interface ConsentRecord {
  readonly accountId: string;
  readonly channel: Channel;
  /** Email address (lower case) or E.164 number. */
  readonly address: string;
  readonly status: ConsentStatus;
  /** When the status changed (UTC). */
  readonly since: string;
  /** Where it came from: `sms-keyword`, `whatsapp-reply`, `email-unsubscribe`, `email-complaint`, `bounce`, `portal`, `ingest`, `cli`, … */
  readonly source: string;
  readonly detail?: string;
}

export interface ConsentStore {
  listConsents(accountId: string): Promise<ConsentRecord[]>;
  /** Stores the change unless a record with a later `since` is already there (idempotent). */
  recordConsent(record: ConsentRecord): Promise<void>;
  /** Accounts whose profile has this address on this channel (inbound replies name only a number). */
  findAccountsByAddress(channel: Channel, address: string): Promise<string[]>;
}

/** One message that went (or is about to go) out to an account: what the frequency caps count. */
export interface ContactLedgerEntry {
  readonly messageId: string;
  readonly at: string;
  readonly channel: Channel;
  readonly invoiceNumbers: readonly string[];
}

/** Per account: recent contacts (a few weeks) and a pause, under one version for optimistic writes. */
export interface ContactState {
  readonly accountId: string;
  /** 0 for an account never contacted; each successful `saveContactState` adds 1. */
  readonly version: number;
  readonly entries: readonly ContactLedgerEntry[];
  /** No reminders until then (a reply said "ya pagué", a promise to pay). */
  readonly pausedUntil?: string;
  readonly pauseReason?: string;
}

export interface ContactLedger {
  getContactState(accountId: string): Promise<ContactState>;
  /** Conditional on the stored version still being `state.version`; false when someone wrote first. */
  saveContactState(state: ContactState): Promise<boolean>;
}

/** What a sender remembers of a send, found again by the provider's message id in delivery events. */
export interface SentMessageRef {
  readonly channel: Channel;
  readonly providerMessageId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly address: string;
  readonly sentAt: string;
  readonly reminders: readonly MessageReminder[];
  readonly fallback: readonly Channel[];
  readonly kind: NonNullable<ChannelEnvelope['kind']>;
  /** The dispatch that produced a reminder message: a permanent failure re-dispatches it on the next channel. */
  readonly dispatch?: DispatchQueueMessage;
}

export interface SentMessageIndex {
  putSent(ref: SentMessageRef): Promise<void>;
  getSent(channel: Channel, providerMessageId: string): Promise<SentMessageRef | undefined>;
  /** The send of our message id, once a provider accepted it (a retry must not send it again). */
  getSentByMessageId(messageId: string): Promise<SentMessageRef | undefined>;
  /** The latest message sent to this account on this channel (inbound replies, local simulations). */
  latestSent(accountId: string, channel: Channel): Promise<SentMessageRef | undefined>;
}

export type AgentTaskType =
  | 'call-back'
  | 'review-reply'
  | 'check-receipt'
  | 'personal-contact'
  | 'manager-review'
  | 'plan-offer'
  | 'hand-off-review'
  | 'broken-promise'
  | 'dispute-sla'
  /** An invoice whose dates look like a typing mistake (Invoice.dateWarning): correct or cancel it. */
  | 'review-invoice'
  /** A pre-legal letter that cannot go by email: print and post it, then complete the task. */
  | 'post-letter';

/** A piece of work for a collector: a type, a deadline, an owner once claimed, an outcome once done. */
export interface AgentTask {
  readonly taskId: string;
  readonly accountId: string;
  readonly type: AgentTaskType;
  readonly status: 'open' | 'done';
  /** Who claimed it (a collector's name or IAM principal). */
  readonly owner?: string;
  readonly outcome?: string;
  readonly completedAt?: string;
  readonly notes?: readonly { readonly at: string; readonly by: string; readonly text: string }[];
  readonly createdAt: string;
  /** When it should be done by (UTC). */
  readonly deadline: string;
  /** What the debtor wrote, or why the task exists. */
  readonly text: string;
  readonly channel?: Channel;
  /** The dispute the task is about (closed with it when it is resolved). */
  readonly disputeId?: string;
}

export interface TaskStore {
  /** Creates the task once (same taskId → nothing changes). */
  createTask(task: AgentTask): Promise<void>;
  listOpenTasks(accountId?: string): Promise<AgentTask[]>;
  getTask(accountId: string, taskId: string): Promise<AgentTask | undefined>;
  /** Finds a task by id alone (the CLI and API name tasks by id). */
  findTask(taskId: string): Promise<AgentTask | undefined>;
  /** Replaces the task (claim, note, complete); a done task leaves the open worklist. */
  saveTask(task: AgentTask): Promise<void>;
  /**
   * Marks the task done with `outcome` only if it is still open (a collector who completed it at the
   * same moment keeps their outcome), leaving the open worklist; `owner` is set when it had none.
   * Returns the task as closed, or undefined when it was not open (or does not exist).
   */
  closeTask(accountId: string, taskId: string, closing: { readonly outcome: string; readonly completedAt: string; readonly owner: string }): Promise<AgentTask | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Escalation (issue #5)
// ---------------------------------------------------------------------------------------------

export interface EscalationStore {
  /** The account's record, or a fresh `current` one (version 0) when it never had one. */
  getEscalation(accountId: string): Promise<EscalationRecord>;
  /** Conditional on the stored version being `record.version`; stores version + 1. False on a conflict. */
  saveEscalation(record: EscalationRecord): Promise<boolean>;
  /**
   * Takes the account's evaluation lease until `until` unless another evaluation holds an unexpired
   * one: concurrent triggers for one account (three invoices in one file) must not each send the
   * letter. Saving the record (or `releaseLease`) frees it. Re-entrant for the same evaluation id.
   */
  acquireLease(accountId: string, evaluationId: string, now: string, until: string): Promise<boolean>;
  releaseLease(accountId: string, evaluationId: string): Promise<void>;
  /** Accounts whose escalation is open (not closed): a policy change re-evaluates them (a scan). */
  listEscalatedAccounts(): Promise<string[]>;
  listPromises(accountId: string): Promise<PromiseToPay[]>;
  /** Creates or replaces by promiseId. */
  putPromise(promise: PromiseToPay): Promise<void>;
  listDisputes(accountId: string): Promise<Dispute[]>;
  putDispute(dispute: Dispute): Promise<void>;
  listPlans(accountId: string): Promise<PaymentPlan[]>;
  putPlan(plan: PaymentPlan): Promise<void>;
  /** Whole-portfolio counts (a scan: for the local summary, not for hot paths). */
  escalationSummary(): Promise<EscalationSummary>;
}

export interface EscalationSummary {
  readonly stages: Readonly<Partial<Record<Stage, number>>>;
  readonly promises: { readonly open: number; readonly kept: number; readonly broken: number };
  readonly disputes: { readonly open: number; readonly resolved: number };
  readonly plans: { readonly active: number; readonly completed: number; readonly broken: number };
}

/** Starts an evaluation: Step Functions StartExecution with the request's deterministic name. */
export interface EvaluationStarter {
  start(request: EvaluationRequest): Promise<'started' | 'exists'>;
}

/** The file bucket (S3 locally stood in for by a folder). Keys use `/` separators. */
export interface ObjectStore {
  /** A fresh stream of the object's bytes each call (ingest reads a file twice: profile, then rows). */
  open(key: string): Readable;
  getText(key: string): Promise<string | undefined>;
  putText(key: string, body: string, contentType: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Payments (cash application)
// ---------------------------------------------------------------------------------------------

/**
 * received: stored, being decided or applied by the delivery that holds its claim (a crash left it
 * here; the retry finishes it) ·
 * applied: all of it went to invoices (and credit) · partial: applied, some invoice still owes ·
 * credited: nothing owed matched, all of it became the payer's credit · exception: waiting for a
 * person · lookup: the provider's notification lacked the details (fetch them, then apply by hand) ·
 * reversed: a refund / chargeback that reopened what its payment paid.
 */
export type PaymentStatus = 'received' | 'applied' | 'partial' | 'credited' | 'exception' | 'lookup' | 'reversed';

export interface PaymentApplication extends InvoiceKey {
  /** Minor units taken off the balance. */
  readonly amount: number;
  /** Difference forgiven because it was within tolerance / the early-payment discount. */
  readonly writtenOff: number;
  readonly balanceAfter: number;
}

/**
 * The one delivery allowed to decide and apply a payment right now. Any other delivery of the same
 * payment stops ("in progress") while the lease runs; after it, the payment may be taken over and the
 * recorded decision finished (never re-decided).
 */
export interface PaymentClaim {
  /** Who holds it (the SQS message id, the person applying by hand): for people reading the record. */
  readonly owner: string;
  /** ISO instant (wall clock) the lease ends. */
  readonly until: string;
}

export interface PaymentRecord {
  readonly payment: Payment;
  readonly status: PaymentStatus;
  /** Optimistic lock: every write is conditional on the version read, and bumps it (absent: 0). */
  readonly version?: number;
  readonly claim?: PaymentClaim;
  /**
   * When the decision (the plan, or holding it for a person) was recorded: the log lines of this
   * decision carry this instant, so a retry writes the same lines (same keys) instead of new ones.
   */
  readonly decidedAt?: string;
  readonly receivedAt: string;
  readonly updatedAt: string;
  /** What the matcher said (also for exceptions: the suggestions a clerk picks from). */
  readonly decision?: Pick<MatchDecision, 'rule' | 'confidence' | 'explanation' | 'suggestions'>;
  /**
   * What is about to be applied, saved before the first invoice is touched: a retry after a crash
   * finishes this plan instead of matching again against balances it already lowered.
   */
  readonly plan?: { readonly allocations: readonly Allocation[]; readonly creditAccountId?: string; readonly appliedBy: string };
  readonly applications: readonly PaymentApplication[];
  readonly credit?: { readonly accountId: string; readonly amount: number };
  /** Minor units neither applied nor credited (an exception's whole amount, or what a race left). */
  readonly unapplied: number;
  /** Why it is an exception / lookup, in words. */
  readonly reason?: string;
  /** `auto` (matcher), `cfdi`, or who applied it by hand (`cli`, `api:<principal>`). */
  readonly appliedBy?: string;
  /** Minor units refunds and chargebacks have taken back from this payment so far. */
  readonly reversed?: number;
  /** The refunds / chargebacks counted in `reversed` (each reserves its share once). */
  readonly reversalIds?: readonly string[];
  /** A refund or chargeback: what it puts back, decided once before anything is reopened. */
  readonly reversalPlan?: readonly ReversalSlice[];
}

/** Part of a reversal: a credit taken back or an invoice reopened, by up to `amount`. */
export interface ReversalSlice {
  readonly kind: 'credit' | 'invoice';
  readonly accountId: string;
  readonly invoiceNumber?: string;
  readonly amount: number;
}

export type InvoiceApplyResult =
  | { readonly result: 'applied'; readonly amount: number; readonly writtenOff: number; readonly balanceAfter: number; readonly paid: boolean }
  /**
   * This payment was applied to this invoice before (a retry): nothing changed now. `amount` /
   * `writtenOff`: what that write took, when recorded (it may be less than planned: the balance may
   * have dropped between the decision and the write).
   */
  | { readonly result: 'already'; readonly amount?: number; readonly writtenOff?: number }
  /** Paid, cancelled, or gone: nothing to apply to. */
  | { readonly result: 'closed' };

export interface PaymentStore {
  /** Creates the record unless the payment id is known; then returns the stored one (duplicates). */
  createPayment(record: PaymentRecord): Promise<{ readonly created: true } | { readonly created: false; readonly existing: PaymentRecord }>;
  getPayment(paymentId: string): Promise<PaymentRecord | undefined>;
  /**
   * Stores `record` if the stored version is still `record.version` (optimistic lock) and returns it
   * with its new version; undefined when another writer got there first (read again and decide
   * again). An `exception` / `lookup` is listed by `listExceptions`, other states are not.
   */
  replacePayment(record: PaymentRecord): Promise<PaymentRecord | undefined>;
  /** Open exceptions, oldest first. */
  listExceptions(): Promise<PaymentRecord[]>;
  /** Up to `limit` payments still `received` (being applied, or stalled), oldest first. */
  listPending(limit: number): Promise<PaymentRecord[]>;
  /** Invoices and accounts the payment's references could mean (see CandidateQuery). */
  findCandidates(query: CandidateQuery): Promise<MatchCandidates>;
  /**
   * Takes up to `amount` of payment `paymentId` off the invoice, once: a conditional write on the
   * balance it read and on the payment not being applied there yet (retries and concurrent deliveries
   * never apply twice, and the balance never drops below zero). `settle` forgives the rest.
   */
  applyToInvoice(key: InvoiceKey, paymentId: string, amount: number, settle: boolean, at: string): Promise<InvoiceApplyResult>;
  /**
   * Puts up to `amount` back on the invoice for reversal `reversalId`, once; the invoice reopens.
   * Never above the invoice's original amount: `restored` says how much went back.
   */
  reopenInvoice(
    key: InvoiceKey,
    reversalId: string,
    amount: number,
    at: string,
  ): Promise<{ readonly result: 'reopened'; readonly restored: number; readonly balanceAfter: number } | { readonly result: 'already' | 'missing' }>;
  /** Records a customer credit (overpayment; negative to take one back), once per `creditId`. */
  addCredit(accountId: string, creditId: string, currency: string, amount: number, at: string): Promise<void>;
  /** The account's credit per currency. */
  creditBalance(accountId: string): Promise<Readonly<Record<string, number>>>;
  /** Payments per status (a scan: for `cobranza status` and the local summary, not for hot paths). */
  paymentCounts(): Promise<Readonly<Partial<Record<PaymentStatus, number>>>>;
}

/** Alerts to people (finance): SNS on AWS, an outbox folder locally. */
export interface AlertPublisher {
  publish(alert: { readonly subject: string; readonly message: string; readonly kind: string; readonly data?: Readonly<Record<string, string | number>> }): Promise<void>;
}
