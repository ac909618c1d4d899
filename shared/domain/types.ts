/**
 * The nouns of Cobranza. Pure data: no I/O, no AWS imports.
 *
 * Money is always integer minor units of an ISO 4217 currency (never floats).
 * Instants are UTC ISO-8601 strings; calendar dates are `YYYY-MM-DD`; a debtor's zone is an IANA name.
 */

export type InvoiceStatus = 'open' | 'paid' | 'cancelled';
/** The channels a debtor can be reached on. */
export const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];
/** What a cadence step asks for: a channel, or the account's first usable one. */
export type StepChannel = Channel | 'preferred';
export type Tone = 'friendly' | 'firm' | 'formal';
/**
 * Who the debtor is, for the consumer-protection contact rules (ingest column `debtor_type`):
 * `consumer` (a person), `sme` (a micro or small business, protected like a consumer in several
 * countries, e.g. CL Ley 20.416 art. 9) or `business`. Absent: `business`; a value ingest does not
 * recognise: `consumer`, the most protected.
 */
export const DEBTOR_TYPES = ['business', 'sme', 'consumer'] as const;
export type DebtorType = (typeof DEBTOR_TYPES)[number];

/** A debtor: the customer company we collect from. */
export interface Account {
  readonly accountId: string;
  readonly name: string;
  readonly taxId?: string;
  /** Valid address only; an invalid one is dropped at ingest with a warning. */
  readonly email?: string;
  /** E.164 (`+525512345678`); an invalid one is dropped at ingest with a warning. */
  readonly phone?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country?: string;
  /** IANA zone, e.g. `America/Mexico_City`. */
  readonly timezone: string;
  /** BCP 47 locale used for messages and formatting, e.g. `es-MX`, `en-US`. */
  readonly locale: string;
  /**
   * The debtor's channel preference, best first (ingest column `channels` / `canales`, e.g.
   * `whatsapp,sms,email`). Absent: the policy's `channels.preference`.
   */
  readonly channels?: readonly Channel[];
  /**
   * The debtor agreed to WhatsApp messages on `phone` (ingest column `whatsapp_opt_in`). WhatsApp is
   * only ever used with this consent; an opt-out recorded later wins (the consent record).
   */
  readonly whatsappOptIn?: boolean;
  /** Where the debtor is inside its country as the file says it (ingest column `region`: a state, province, department or city). */
  readonly region?: string;
  /** Ingest column `debtor_type`; absent = `business`. */
  readonly debtorType?: DebtorType;
  /**
   * Set when the debtor's exact zone is unknown (a country with several zones, and no zone, region or
   * telling phone in the file): every zone the debtor may be in. Contact happens only at instants
   * allowed in each of them (`timezone` is then the country's main zone, used for dates).
   */
  readonly zoneCandidates?: readonly string[];
}

export interface InvoiceKey {
  readonly accountId: string;
  readonly invoiceNumber: string;
}

export interface Invoice extends InvoiceKey {
  /** ISO 4217, upper case. */
  readonly currency: string;
  /** Original amount, integer minor units, > 0. */
  readonly amount: number;
  /** Outstanding balance, integer minor units, 0 ≤ balance. */
  readonly balance: number;
  readonly issueDate?: string;
  readonly dueDate: string;
  readonly status: InvoiceStatus;
  /** The CFDI folio fiscal (UUID, upper case) of a Mexican e-invoice, when the file gives it. */
  readonly fiscalUuid?: string;
  /**
   * Why this invoice's dates look wrong (set at ingest: due before 2000, more than
   * `collectability.maxDaysPastDue` late, or due more than `collectability.maxDaysUntilDue` ahead). Such
   * an invoice goes to a person (a review task), never to automated reminders, letters or hand-off.
   */
  readonly dateWarning?: string;
}

/** One step of a cadence, as written in the policy. */
export interface CadenceStep {
  /** Stable id within the segment, e.g. `d-5`, `d+7`. Part of the reminder id. */
  readonly id: string;
  /** Days relative to the due date (negative = before). */
  readonly offsetDays: number;
  readonly channel: StepChannel;
  /** Template name, e.g. `upcoming`, `due-today`, `overdue`. */
  readonly template: string;
  readonly tone: Tone;
}

/** A reminder the planner decided on: one EventBridge Scheduler one-time schedule each. */
export interface PlannedReminder extends InvoiceKey {
  /** Deterministic: same invoice + due date + segment + step → same id. */
  readonly reminderId: string;
  readonly segmentId: string;
  readonly step: CadenceStep;
  /** UTC instant the message should go out; always inside the contact window. */
  readonly sendAt: string;
  /** The debtor's IANA zone, so the schedule expression can be written in local time. */
  readonly timezone: string;
  /** True when the step's nominal date had already passed and this is the one catch-up reminder. */
  readonly catchUp: boolean;
}

/**
 * scheduled → (dispatch) sent | skipped | cancelled | failed. `merged`: another reminder's message of
 * the same contact window carried this invoice too (consolidation), so this one sends nothing itself.
 */
export type ReminderStatus = 'scheduled' | 'sent' | 'skipped' | 'cancelled' | 'failed' | 'merged';

/** What the store keeps per planned reminder (to cancel it, count it, and never plan it twice). */
export interface ReminderRecord extends PlannedReminder {
  readonly scheduleName: string;
  readonly status: ReminderStatus;
  readonly updatedAt: string;
}

/** The message a schedule puts on the dispatch queue when it fires. */
export interface DispatchMessage extends InvoiceKey {
  /** Absent (or `reminder`): an invoice's reminder; see InstallmentReminderMessage for the other kind. */
  readonly kind?: 'reminder';
  readonly reminderId: string;
  readonly stepId: string;
  /** The step's channel (the dispatcher resolves `preferred` and skips unusable ones). */
  readonly channel: StepChannel;
  readonly template: string;
  readonly tone: Tone;
  /** When the schedule was meant to fire (UTC). */
  readonly scheduledFor: string;
  /** How many times the contact-rule gate already deferred this reminder (0 / absent: never). */
  readonly deferrals?: number;
  /**
   * Channels already tried and failed permanently for this reminder (fallback re-dispatch): the
   * dispatcher picks the next usable channel of the account's preference after these.
   */
  readonly failedChannels?: readonly Channel[];
  /** Reminders of other invoices a fallback message still carries (they were merged into this one). */
  readonly carried?: readonly MessageReminder[];
  /**
   * How many times a sender held this reminder back at send time (the contact rules no longer allowed
   * it: an SQS retry or a redrive after hours). Part of the message id, so the next try is a new message.
   */
  readonly held?: number;
}

/**
 * A payment-plan installment's reminder as its schedule fires (issue #5). It travels on the dispatch
 * queue beside DispatchMessage (same scheduler, same dispatcher); `kind` tells them apart.
 */
export interface InstallmentReminderMessage {
  readonly kind: 'installment';
  readonly accountId: string;
  readonly planId: string;
  /** The installment (0 = the down payment). */
  readonly index: number;
  /** Its due date when planned: a reminder for a date the plan no longer has is dropped. */
  readonly dueDate: string;
  readonly reminderId: string;
  readonly scheduleName: string;
  /** When the schedule was meant to fire (UTC). */
  readonly scheduledFor: string;
  readonly deferrals?: number;
  readonly failedChannels?: readonly Channel[];
  /** See DispatchMessage.held. */
  readonly held?: number;
}

/**
 * A pre-legal letter a sender held back at send time (see DispatchMessage.held): the dispatcher sends
 * the email exactly as composed (kept beside the letter's evidence) once the contact rules allow it.
 */
export interface LetterDispatchMessage {
  readonly kind: 'letter';
  readonly accountId: string;
  /** The letter's message id as first queued. */
  readonly reminderId: string;
  /** Bucket key of the email as composed (EmailMessage JSON), beside the letter's evidence. */
  readonly emailKey: string;
  readonly scheduledFor: string;
  readonly deferrals?: number;
  readonly held?: number;
}

/** What the dispatch queue carries: an invoice reminder, a plan installment's reminder, or a held letter. */
export type DispatchQueueMessage = DispatchMessage | InstallmentReminderMessage | LetterDispatchMessage;

/** One reminder a message speaks for (a consolidated message carries several). */
export interface MessageReminder {
  readonly invoiceNumber: string;
  readonly reminderId: string;
}

/** Estimated cost of one send, in millionths of `currency` (SMS and WhatsApp cost fractions of a cent). */
export interface MessageCost {
  readonly currency: string;
  readonly micros: number;
}

/** What every message on a channel queue carries besides its content. */
export interface ChannelEnvelope extends InvoiceKey {
  /**
   * Idempotency key: a redelivered message with the same id never sends twice. For a reminder, the id
   * of the contact (one per account, channel and contact window: consolidation); for a receipt, the
   * receipt's id.
   */
  readonly reminderId: string;
  readonly locale: string;
  /**
   * `receipt`: a thank-you after a payment (about a paid invoice, so the reminder checks do not apply).
   * `reply`: an answer to something the debtor wrote (ask for the receipt, …). Absent = a reminder.
   */
  readonly kind?: 'reminder' | 'receipt' | 'reply' | 'letter' | 'installment';
  /** Every reminder this message speaks for (absent: just `invoiceNumber` / `reminderId`). */
  readonly reminders?: readonly MessageReminder[];
  /** Channels still to try, in order, when this one fails permanently. */
  readonly fallback?: readonly Channel[];
  readonly cost?: MessageCost;
  /** The cadence step's template and tone (for the log and the fallback re-render). */
  readonly template?: string;
  readonly tone?: Tone;
  /** The policy version that decided this message (logged with it: the KPIs attribute payments to it). */
  readonly policyVersion?: number;
  /** The dispatch that produced a reminder: a permanent failure re-dispatches it on the next channel. */
  readonly dispatch?: DispatchQueueMessage;
}

/** A rendered email waiting on the email queue. */
export interface EmailMessage extends ChannelEnvelope {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** One-click unsubscribe URL (RFC 8058): sent as `List-Unsubscribe` with `List-Unsubscribe-Post`. */
  readonly unsubscribeUrl?: string;
  /** Where the debtor's answers go (the Reply-To header): the policy's `company.replyTo` ?? `company.email`. */
  readonly replyTo?: string;
  /** Files sent with it (the pre-legal letter's PDF). Small: they travel inside the queue message. */
  readonly attachments?: readonly EmailAttachment[];
}

/** A file attached to an email; base64 so it survives the JSON of a queue message unchanged. */
export interface EmailAttachment {
  /** As the debtor sees it, e.g. `carta-de-cobranza-2026-12-02.pdf`. */
  readonly filename: string;
  readonly contentType: string;
  readonly contentBase64: string;
}

/** A rendered SMS waiting on the SMS queue. */
export interface SmsMessage extends ChannelEnvelope {
  /** E.164. */
  readonly to: string;
  readonly body: string;
  readonly segments: number;
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** The debtor's country (ISO 3166-1 alpha-2): picks the origination identity. */
  readonly country?: string;
}

/** A WhatsApp utility template message waiting on the WhatsApp queue. */
export interface WhatsAppMessage extends ChannelEnvelope {
  /** E.164. */
  readonly to: string;
  /** The pre-approved template's name in the WhatsApp Business account. */
  readonly templateName: string;
  /** The template's language code as Meta spells it, e.g. `es_MX`, `en_US`. */
  readonly languageCode: string;
  /** Body parameters {{1}}, {{2}}, … in order. */
  readonly parameters: readonly string[];
  /** The text as the debtor will read it (for the log, the outbox and previews). */
  readonly preview: string;
}

export type ChannelMessage =
  | ({ readonly channel: 'email' } & EmailMessage)
  | ({ readonly channel: 'sms' } & SmsMessage)
  | ({ readonly channel: 'whatsapp' } & WhatsAppMessage);

/** The message ingest puts on the planning queue for each invoice that changed. */
export interface PlanRequest extends InvoiceKey {
  /** Content hash of the invoice version that asked for planning (stale requests are harmless). */
  readonly contentHash: string;
  /** Set when ingest created or updated the invoice: the planner logs `invoice.ingested` with it. */
  readonly change?: 'created' | 'updated';
  /** The file (bucket key) and 1-based line the invoice came from. */
  readonly source?: { readonly file: string; readonly line: number };
}

export type InteractionType =
  | 'invoice.ingested'
  | 'reminder.scheduled'
  | 'reminder.cancelled'
  | 'reminder.skipped'
  | 'reminder.dispatched'
  | 'message.sent'
  | 'message.failed'
  | 'file.ingested'
  | 'file.rejected'
  | 'policy.updated'
  | 'policy.rejected'
  | 'payment.received'
  | 'payment.applied'
  | 'payment.credited'
  | 'payment.exception'
  | 'payment.reversed'
  | 'payment.rejected'
  | 'invoice.paid'
  | 'invoice.reopened'
  | 'receipt.queued'
  | 'statement.reconciled'
  // channels and contact rules
  | 'reminder.deferred'
  | 'reminder.merged'
  | 'message.delivered'
  | 'message.bounced'
  | 'message.complained'
  | 'message.opened'
  | 'message.clicked'
  | 'message.rejected'
  | 'message.fallback'
  | 'contact.invalid'
  | 'consent.opted-out'
  | 'consent.opted-in'
  | 'reply.received'
  | 'reply.queued'
  | 'promise.recorded'
  | 'reminders.paused'
  | 'task.created'
  // escalation (issue #5)
  | 'escalation.evaluated'
  | 'escalation.stage'
  | 'escalation.closed'
  | 'escalation.scheduled'
  | 'letter.queued'
  | 'letter.deferred'
  | 'letter.skipped'
  /** The letter cannot go by email (no address, not authorised, opted out, invalid): stored for a person to post. */
  | 'letter.awaiting-post'
  /** The person posted it (its post-letter task completed): the grace period runs from here. */
  | 'letter.posted'
  /** A sender held a collection message back: the contact rules no longer allowed it at send time. */
  | 'message.held'
  | 'handoff.prepared'
  | 'account.written-off'
  | 'alert.sent'
  | 'promise.kept'
  | 'promise.broken'
  | 'dispute.opened'
  | 'dispute.resolved'
  | 'plan.created'
  | 'plan.superseded'
  | 'task.claimed'
  | 'task.note'
  | 'task.completed'
  // a payment plan's installments
  | 'installment.scheduled'
  | 'installment.dispatched'
  | 'installment.deferred'
  | 'installment.skipped';

/** One line of the append-only interaction log (bitácora). No secrets; contact data only where needed. */
export interface Interaction {
  /** Deterministic, so a retried step writes the same line once. */
  readonly interactionId: string;
  /** The debtor account, or `SYSTEM` for file- and policy-level events. */
  readonly accountId: string;
  readonly at: string;
  readonly type: InteractionType;
  readonly invoiceNumber?: string;
  readonly reminderId?: string;
  /** The channel used (`preferred` only on planning lines, before a channel is chosen). */
  readonly channel?: StepChannel;
  /** Short human-readable reason or result (why skipped, message id, …). */
  readonly detail?: string;
  readonly data?: Readonly<Record<string, string | number | boolean | null>>;
}

/** A rejected input line: 1-based line number in the file and why. */
export interface LineIssue {
  /** 1-based line in the file; null when the issue concerns the whole file. */
  readonly line: number | null;
  readonly reason: string;
}

/** The JSON report written under `reports/` for each ingested file (a stable contract). */
export interface IngestReport {
  readonly file: string;
  readonly rows: number;
  readonly accepted: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** The first 1000 of each, every reason at most 500 characters; then `… and K more` (line null). */
  readonly rejected: LineIssue[];
  readonly warnings: LineIssue[];
  /** Exact counts, however many are listed above. */
  readonly rejectedCount?: number;
  readonly warningCount?: number;
  /**
   * The fields this file changed on records that were already stored (created ones not counted),
   * e.g. `{ "account": ["email"], "invoice": ["balance", "status"] }`.
   */
  readonly fieldsChanged?: { readonly account: readonly string[]; readonly invoice: readonly string[] };
}
