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
  /** The due date, e.g. `15 de diciembre de 2026`. */
  readonly dueDate: string;
  /** Calendar days past due in the debtor's zone when the message is rendered (negative before). */
  readonly daysPastDue: number;
  readonly companyName: string;
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

export interface Language {
  /** `es` or `en`: the language of the texts (formatting follows the debtor's full locale). */
  readonly code: 'es' | 'en';
  readonly templates: Readonly<Record<TemplateName, Readonly<Record<Tone, TemplateFn>>>>;
  readonly labels: {
    readonly invoice: string;
    readonly amountDue: string;
    readonly dueDate: string;
    readonly daysOverdue: string;
    readonly payOnline: string;
    /** Before the raw payment link, for mail clients that do not show the button. */
    readonly linkFallback: string;
  };
}

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/** `" (text)"`, or nothing when there is nothing to say. */
export function inParens(text: string): string {
  return text ? ` (${text})` : '';
}
