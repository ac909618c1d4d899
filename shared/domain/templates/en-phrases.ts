/** English phrases shared by the one-invoice and several-invoice texts, and by SMS and WhatsApp. */

/** `1 day`, `5 days`. */
export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** How late the invoice is, for overdue messages: `5 days overdue`, `1 day overdue`. */
export function overdue(v: { readonly daysPastDue: number }): string {
  if (v.daysPastDue > 0) return `${days(v.daysPastDue)} overdue`;
  return v.daysPastDue === 0 ? 'due today' : 'not yet due';
}

/** How soon it falls due, for heads-up messages: `in 5 days`, `tomorrow`, or nothing once due. */
export function untilDue(v: { readonly daysPastDue: number }): string {
  if (v.daysPastDue < -1) return `in ${days(-v.daysPastDue)}`;
  if (v.daysPastDue === -1) return 'tomorrow';
  return v.daysPastDue === 0 ? 'today' : '';
}

export const ALREADY_PAID = 'If you have already made this payment, please disregard this message, and thank you.';
export const ALREADY_PAID_FORMAL = 'If payment has already been made, please disregard this notice.';

/** What follows a `final-notice` when neither payment nor an answer comes: the collection letter (the pre-legal stage), said plainly. */
export const LETTER_NEXT = 'If we do not hear from you, we will send you a letter setting out the overdue balance.';
export const LETTER_NEXT_FORMAL = 'If we receive neither payment nor a proposal, we will send you a letter setting out the overdue balance.';
