import type { Policy } from '../policy/schema.js';
import type { Account, Channel, Invoice, Tone } from '../types.js';
import { composeEmail, type ComposedEmail } from './email.js';
import { messageFacts } from './facts.js';
import { composeSms } from './sms.js';
import { composeWhatsApp } from './whatsapp.js';

export { composeReply } from './reply.js';
export type { ReplyInput } from './reply.js';
export type { ReplyKind } from './reply-words.js';
export { composeInstallmentReminder } from './installment.js';
export type { InstallmentMoment, InstallmentReminderInput } from './installment.js';

export interface ComposeInput {
  readonly account: Account;
  /** ≥ 1, all of `account`; may mix currencies (totals are per currency). */
  readonly invoices: readonly Invoice[];
  /**
   * The account's other open invoices, not in this message, that it may mention but never asks for:
   * those at least one day late are named apart ("su cuenta tiene además 1 factura vencida que no
   * forma parte de este mensaje"), so the message's total is not read as the account's whole
   * overdue balance. The dispatcher leaves out invoices under an open dispute or in a payment plan
   * on track. Absent: none mentioned.
   */
  readonly otherInvoices?: readonly Invoice[];
  /**
   * A TemplateName: `upcoming` | `due-today` | `overdue` | `final-notice`. `templateForToday` applies
   * to the message as a whole, with the oldest invoice's days past due.
   */
  readonly template: string;
  readonly tone: Tone;
  readonly channel: Channel;
  readonly now: Date;
  readonly policy: Policy;
  /** One-click unsubscribe URL for email (footer link); absent: no footer link. */
  readonly unsubscribeUrl?: string;
  /** The debtor's signed self-service link (promise, dispute, plan), for email; absent: none. */
  readonly selfServiceUrl?: string;
}

export type ComposedMessage =
  | ComposedEmail
  | { readonly channel: 'sms'; readonly body: string; readonly segments: number; readonly encoding: 'GSM-7' | 'UCS-2'; readonly locale: string }
  | {
      readonly channel: 'whatsapp';
      readonly templateName: string;
      readonly languageCode: string;
      readonly parameters: readonly string[];
      readonly preview: string;
      readonly locale: string;
    };

/**
 * One reminder message about one or several invoices of an account (consolidation: every invoice due
 * in the same contact window goes in one message), on one channel, in the debtor's language, with
 * amounts and dates formatted for their full locale and zone:
 * - email: subject, text and HTML; one invoice's details, or a list of all with the total per currency;
 * - SMS: within `channels.sms.segmentBudget`, shortened (list → count and total) as needed;
 * - WhatsApp: the approved utility template's name, language code, ordered parameters and a preview.
 * The policy's override for the channel, template, tone and locale replaces the shipped words.
 * Throws a RangeError for an unknown template, no invoices or another account's invoice, and a
 * MessageTooLongError when an SMS cannot fit its budget even in its shortest form.
 *
 * @example
 * const sms = composeMessage({ account, invoices: [a, b, c], template: 'overdue', tone: 'firm', channel: 'sms', now, policy });
 * // { channel: 'sms', body: 'Ejemplo Corp: Abarrotes La Esperanza, según nuestros registros, tiene 3 facturas…', segments: 2, … }
 */
export function composeMessage(input: ComposeInput): ComposedMessage {
  const stranger = input.invoices.find((invoice) => invoice.accountId !== input.account.accountId);
  if (stranger) {
    throw new RangeError(`invoice ${stranger.invoiceNumber} belongs to account ${stranger.accountId}, not ${input.account.accountId}`);
  }
  const facts = messageFacts(input);
  switch (input.channel) {
    case 'email':
      return composeEmail(facts, input.tone, input.policy, input.unsubscribeUrl, input.selfServiceUrl);
    case 'sms':
      return composeSms(facts, input.tone, input.policy);
    case 'whatsapp':
      return composeWhatsApp(facts, input.tone, input.policy);
  }
}
