import type { Tone } from '../types.js';

/** The message templates a cadence step may name. Every one exists in every language and tone. */
export const TEMPLATE_NAMES = ['upcoming', 'due-today', 'overdue', 'final-notice'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** What a template may say: already formatted for the debtor's locale (plain text, not escaped). */
export interface TemplateVars {
  readonly customerName: string;
  readonly invoiceNumber: string;
  /** The outstanding balance, e.g. `$12,345.67`. */
  readonly amount: string;
  /** The invoice's own due date, e.g. `15 de diciembre de 2026`. */
  readonly dueDate: string;
  /**
   * Days past due in the debtor's zone when the message is rendered: counted from the business day
   * the due date rolls to (messages/due-state.ts); negative before the due date.
   */
  readonly daysPastDue: number;
  /**
   * Once a due date on a weekend or holiday has come, the business day it rolled to (`23 de
   * noviembre de 2026`): while `daysPastDue` ≤ 0 the invoice can still be paid without being late
   * (until this day); after it, days late are counted from it. Absent otherwise.
   */
  readonly rolledTo?: string | undefined;
  readonly companyName: string;
  /**
   * How to get in touch, as words that follow "please" or "if …,": `respondan a este correo` only
   * when an address reads replies, else `llámennos al +52 …`, else the self-service link
   * (templates/contact.ts).
   */
  readonly contactUs: string;
}

/** The words of one message; the renderer adds the invoice details, the payment link and the signature. */
export interface TemplateText {
  readonly subject: string;
  readonly greeting: string;
  /** Paragraphs before the invoice details. */
  readonly body: readonly string[];
  /** A last paragraph after the payment link (e.g. "if you have already paid…"). */
  readonly note?: string;
  /** The sign-off line before the signature, e.g. `Atentamente,`. */
  readonly closing: string;
}

export type TemplateFn = (vars: TemplateVars) => TemplateText;

/**
 * What a consolidated template may say: several invoices of one account in one message. The
 * renderer lists every invoice (number, balance, due date, days overdue) under the words.
 */
export interface SeveralVars {
  readonly customerName: string;
  readonly companyName: string;
  /** How many invoices the message lists (2 or more). */
  readonly count: number;
  /** The balances added up per currency, e.g. `$12,345.67 + USD 1,200.00`. */
  readonly total: string;
  /** The earliest due date of the list, e.g. `15 de diciembre de 2026`. */
  readonly oldestDueDate: string;
  /** Days past due of the oldest invoice (negative before its due date). */
  readonly daysPastDue: number;
  /** The business day the oldest invoice's due date rolled to (see TemplateVars.rolledTo). */
  readonly rolledTo?: string | undefined;
  /** Every invoice falls due on the same day. */
  readonly sameDueDate: boolean;
  /** How many of them are at least one day late, and their balances per currency. */
  readonly lateCount: number;
  readonly lateTotal: string;
  /**
   * How many are not late yet (a consolidated message can carry an upcoming invoice with late ones),
   * and their balances: a late message lists them apart and never asks for them.
   */
  readonly notYetDueCount: number;
  readonly notYetDueTotal: string;
  /** See TemplateVars.contactUs. */
  readonly contactUs: string;
}

export type SeveralFn = (vars: SeveralVars) => TemplateText;

export interface Language {
  /** `es` or `en`: the language of the texts (formatting follows the debtor's full locale). */
  readonly code: 'es' | 'en';
  readonly templates: Readonly<Record<TemplateName, Readonly<Record<Tone, TemplateFn>>>>;
  /** The same templates for a message about several invoices (consolidation). */
  readonly several: Readonly<Record<TemplateName, Readonly<Record<Tone, SeveralFn>>>>;
  readonly labels: {
    readonly invoice: string;
    readonly amountDue: string;
    readonly dueDate: string;
    readonly daysOverdue: string;
    /**
     * The value of `daysOverdue` when the due date fell on a non-business day: the count and the
     * business day it starts from (`34 (contados desde el 3 de noviembre de 2026, …)`).
     */
    readonly daysOverdueFrom: (days: number, rolledTo: string) => string;
    /**
     * A due date on a non-business day, until the business day it rolled to: the row saying until
     * when the invoice can be paid without being late (`['Puede pagarse sin atraso', 'hoy, 23 de …']`).
     */
    readonly payableBy: (rolledTo: string, today: boolean) => readonly [label: string, value: string];
    readonly payOnline: string;
    /** Before the raw payment link, for mail clients that do not show the button. */
    readonly linkFallback: string;
    /**
     * The sum of a consolidated message's balances, labelled as what it is (the invoices listed, not
     * the account's whole balance: other invoices may be owed, messages/other-overdue.ts).
     */
    readonly total: string;
    /** A late message that also lists invoices not yet due: the sum of the late ones of the list… */
    readonly lateTotal: string;
    /** …and of the others, listed apart. */
    readonly notYetDueTotal: string;
    /** The button of a consolidated message when it links to the customer portal. */
    readonly viewAndPay: string;
    /** The button of a consolidated message without a portal: it pays the first invoice listed. */
    readonly payInvoice: (invoiceNumber: string) => string;
    /** The per-invoice payment link in a consolidated list, e.g. `Pagar`. */
    readonly pay: string;
    /** Before the customer portal link (all invoices, promises, disputes). */
    readonly portal: string;
    /** Before the link to Cobranza's own self-service page (promise a date, report a problem, ask for a plan). */
    readonly selfService: string;
    /** Before the one-click unsubscribe link in the footer. */
    readonly unsubscribe: string;
    /** The words of the unsubscribe link in HTML. */
    readonly unsubscribeLink: string;
  };
}

/**
 * The template that tells the truth on the day the message goes out. A step planned as `upcoming`
 * or `due-today` can go out after the due date (a catch-up for an invoice loaded late, a delayed
 * delivery): it must not say "due today" of an invoice three days late, so it speaks as `overdue`,
 * keeping the step's tone. The other way round, a late template (`overdue`, `final-notice`) never
 * speaks of an invoice that is not late: a due date that rolled to the next business day, or a
 * hand-made call, speaks as `due-today` or `upcoming` (asking for money not yet owed is a false
 * statement of the debt: FDCPA §807(2)(A)). For a consolidated message, pass the oldest invoice's
 * days past due (business days: messages/due-state.ts).
 *
 * @example
 * templateForToday('due-today', 3)     // 'overdue'
 * templateForToday('final-notice', 0)  // 'due-today'
 */
export function templateForToday(template: TemplateName, daysPastDue: number): TemplateName {
  if (daysPastDue < 0) return template === 'upcoming' ? template : 'upcoming';
  if (daysPastDue === 0) return 'due-today';
  return template === 'upcoming' || template === 'due-today' ? 'overdue' : template;
}

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/** `" (text)"`, or nothing when there is nothing to say. */
export function inParens(text: string): string {
  return text ? ` (${text})` : '';
}
