import { inParens, type Language, type SeveralVars } from './catalog.js';
import { ALREADY_PAID, ALREADY_PAID_FORMAL, overdue, untilDue } from './en-phrases.js';

/** The oldest one, with how late it is: `the oldest was due on December 15, 2026 (3 days overdue)`. */
function oldest(v: SeveralVars): string {
  return `the oldest was due on ${v.oldestDueDate}${inParens(overdue(v))}`;
}

/** `are due today` when all are; otherwise the first one is. */
function dueToday(v: SeveralVars): string {
  return v.sameDueDate
    ? `the ${v.count} invoices listed below are due today, ${v.oldestDueDate}`
    : `the first of the ${v.count} invoices listed below is due today, ${v.oldestDueDate}`;
}

/**
 * The same templates for several invoices of one account in one message (consolidation). Each
 * invoice, with its balance, due date and days overdue, is in the list the renderer puts below.
 */
export const enSeveral: Language['several'] = {
  upcoming: {
    friendly: (v) => ({
      subject: `Friendly reminder: ${v.count} invoices coming due`,
      greeting: `Hello ${v.customerName} team,`,
      body: [
        `We hope all is well. This is a quick heads-up that the ${v.count} invoices listed below, for a total of ${v.total}, are coming due; the first on ${v.oldestDueDate}${inParens(untilDue(v))}.`,
        'If they are already scheduled for payment, thank you: there is nothing else you need to do. If you need a copy of any invoice or anything else from us, just reply to this email and we will be glad to help.',
      ],
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `Reminder: ${v.count} invoices due from ${v.oldestDueDate}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `This is a reminder that the ${v.count} invoices listed below, for a total of ${v.total}, fall due from ${v.oldestDueDate}${inParens(untilDue(v))}. Please make sure they are included in your next payment run so that they are settled on time.`,
        'If anything prevents payment by those dates, please let us know beforehand so we can agree on how to proceed.',
      ],
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `Notice of upcoming due dates: ${v.count} invoices`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `We wish to inform you that the ${v.count} invoices detailed below, for a total amount of ${v.total}, fall due from ${v.oldestDueDate}.`,
        'We kindly request that each be paid no later than its due date. Should you have any observation regarding these invoices, please notify us before the due date.',
      ],
      closing: 'Sincerely,',
    }),
  },
  'due-today': {
    friendly: (v) => ({
      subject: `Friendly reminder: ${v.count} invoices, the first due today`,
      greeting: `Hello ${v.customerName} team,`,
      body: [
        `Just a friendly reminder that ${dueToday(v)}; together they come to ${v.total}.`,
        'If you have any questions about them, simply reply to this email and we will be happy to help.',
      ],
      note: 'If the payment is already on its way, thank you very much!',
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `Payment due today: ${v.count} invoices`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `Please note that ${dueToday(v)}; together they come to ${v.total}. Please arrange payment of what is due today to keep your account up to date.`,
        'If there is any issue with these invoices, please reply to this email so we can resolve it promptly.',
      ],
      note: ALREADY_PAID,
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `Due date today: ${v.count} invoices`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `We remind you that ${dueToday(v)}, for a total amount of ${v.total}.`,
        'We request that each invoice be paid on its due date.',
      ],
      note: ALREADY_PAID_FORMAL,
      closing: 'Sincerely,',
    }),
  },
  overdue: {
    friendly: (v) => ({
      subject: `${v.count} invoices are still open`,
      greeting: `Hello ${v.customerName} team,`,
      body: [
        `We noticed that the ${v.count} invoices listed below, for a total of ${v.total}, are still open; ${oldest(v)}. They may simply have slipped through the cracks; it happens to all of us.`,
        'Could you take a moment to look into it when you have a chance? If there is a problem with any invoice, just reply to this email and we will sort it out together.',
      ],
      note: ALREADY_PAID,
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `Overdue: ${v.count} invoices${inParens(overdue(v))}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `Our records show that the ${v.count} invoices listed below, for a total of ${v.total}, remain unpaid; ${oldest(v)}.`,
        'Please arrange payment as soon as possible. If you have already paid, please reply with the payment details so we can apply it to your account. If something prevents payment, let us know so we can find a solution.',
      ],
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `Past-due notice: ${v.count} invoices`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `We hereby notify you that the ${v.count} invoices detailed below, for a total amount of ${v.total}, carry an outstanding balance; ${oldest(v)}.`,
        'We request that you settle the outstanding balance at your earliest convenience, or contact us to agree on a payment arrangement. Timely payment allows us to keep serving you under the current terms.',
      ],
      note: ALREADY_PAID_FORMAL,
      closing: 'Sincerely,',
    }),
  },
  'final-notice': {
    friendly: (v) => ({
      subject: `Let us help you settle ${v.count} invoices`,
      greeting: `Hello ${v.customerName} team,`,
      body: [
        `The ${v.count} invoices listed below, for a total of ${v.total}, are still open and we have not been able to resolve them yet; ${oldest(v)}. We value working with you and would like to find a way forward together.`,
        'If paying the full amount at once is difficult right now, reply to this email and we will gladly discuss a payment plan.',
      ],
      note: ALREADY_PAID,
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `Final reminder: ${v.count} invoices${inParens(overdue(v))}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `The ${v.count} invoices listed below, for a total of ${v.total}, remain unpaid; ${oldest(v)}.`,
        'Please pay the outstanding balance, or contact us in the coming days to agree on a payment plan. If we do not hear from you, we will have to review the status of your account.',
      ],
      note: ALREADY_PAID,
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `Final notice: outstanding balance on ${v.count} invoices`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `We formally notify you that the ${v.count} invoices detailed below, for a total amount of ${v.total}, remain unpaid; ${oldest(v)}.`,
        'We request that you settle the balance, or contact us to formalize a payment agreement, as soon as possible. Otherwise we will proceed to review the account in accordance with our credit and collection policies.',
      ],
      note: ALREADY_PAID_FORMAL,
      closing: 'Sincerely,',
    }),
  },
};
