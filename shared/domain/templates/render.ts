import { messageFacts } from '../messages/facts.js';
import { composeEmail } from '../messages/email.js';
import type { Policy } from '../policy/schema.js';
import type { Account, Invoice, Tone } from '../types.js';
import { isTemplateName, TEMPLATE_NAMES } from './catalog.js';

export { templateForToday } from './catalog.js';
export { paymentLink, portalLink } from './links.js';

export interface RenderInput {
  readonly account: Account;
  readonly invoice: Invoice;
  /** A template name from `templateNames()` (the policy schema rejects any other). */
  readonly template: string;
  readonly tone: Tone;
  /** When the message is rendered: days overdue are counted up to this day in the debtor's zone. */
  readonly now: Date;
  readonly policy: Policy;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The BCP 47 locale the amounts and dates were formatted in, e.g. `es-MX`. */
  readonly locale: string;
  /** The Reply-To address (`company.replyTo` ?? `company.email`); absent: replies go to the sender. */
  readonly replyTo?: string;
}

/** The template names a cadence step may use (every one exists in Spanish and English, in every tone). */
export function templateNames(): string[] {
  return [...TEMPLATE_NAMES];
}

/**
 * Renders a reminder email for one invoice: Spanish for `es*` locales, English otherwise; the balance
 * and due date formatted for the debtor's locale and zone; the payment link from the policy; the
 * company's signature; the policy's email override for the template when it has one. Text and HTML
 * say the same thing; the HTML escapes every value (a customer called `Herrería & Hijos <Norte>`
 * arrives intact). Throws a RangeError for an unknown template. Several invoices in one message:
 * `composeMessage` (shared/domain/messages/compose.ts).
 *
 * @example
 * const { subject, text, html } = renderEmail({ account, invoice, template: 'overdue', tone: 'friendly', now, policy });
 */
export function renderEmail(input: RenderInput): RenderedEmail {
  if (!isTemplateName(input.template)) {
    throw new RangeError(`unknown email template ${JSON.stringify(input.template)} (known: ${TEMPLATE_NAMES.join(', ')})`);
  }
  const facts = messageFacts({ account: input.account, invoices: [input.invoice], template: input.template, now: input.now, policy: input.policy });
  const { subject, text, html, locale, replyTo } = composeEmail(facts, input.tone, input.policy);
  return { subject, text, html, locale, ...(replyTo ? { replyTo } : {}) };
}
