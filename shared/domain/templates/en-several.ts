import { inParens, type Language, type SeveralVars } from './catalog.js';
import { ALREADY_PAID, ALREADY_PAID_FORMAL, dueOnNonBusinessDay, inGrace, LETTER_NEXT, LETTER_NEXT_FORMAL, overdue, overdueCounted, untilDue, withoutBeingLate } from './en-phrases.js';

/** The oldest invoice's date as the phrases of en-phrases.ts take it. */
function first(v: SeveralVars) {
  return { dueDate: v.oldestDueDate, daysPastDue: v.daysPastDue, rolledTo: v.rolledTo };
}

/**
 * `are due today` when all are; otherwise the first one is. When their due date fell on a
 * non-business day and today is the business day it rolled to, it says so (never that today is
 * their due date): `the 3 invoices listed below, due on November 21, 2026 (a non-business day), can
 * be paid today, November 23, 2026, without being late`.
 */
function dueToday(v: SeveralVars): string {
  const oldest = first(v);
  if (inGrace(oldest)) {
    return v.sameDueDate
      ? `the ${v.count} invoices listed below, ${dueOnNonBusinessDay(v.oldestDueDate)}, can be paid ${withoutBeingLate(oldest)}`
      : `the first of the ${v.count} invoices listed below, ${dueOnNonBusinessDay(v.oldestDueDate)}, can be paid ${withoutBeingLate(oldest)}`;
  }
  return v.sameDueDate
    ? `the ${v.count} invoices listed below are due today, ${v.oldestDueDate}`
    : `the first of the ${v.count} invoices listed below is due today, ${v.oldestDueDate}`;
}

/**
 * `fall due from December 15, 2026 (in 5 days)`, or, when the first one's due date fell on a
 * non-business day, `fall due from November 21, 2026, a non-business day, so the first can be paid
 * by November 23, 2026 without being late (tomorrow)`.
 */
function fallDueFrom(v: SeveralVars, count: boolean): string {
  const oldest = first(v);
  if (inGrace(oldest)) return `fall due from ${v.oldestDueDate}, a non-business day, so the first can be paid ${withoutBeingLate(oldest)}`;
  return `fall due from ${v.oldestDueDate}${count ? inParens(untilDue(v)) : ''}`;
}

/** `the first on December 15, 2026 (in 5 days)`, or the first with its due date on a non-business day. */
function theFirst(v: SeveralVars): string {
  const oldest = first(v);
  if (inGrace(oldest)) return `the first, ${dueOnNonBusinessDay(v.oldestDueDate)}, can be paid ${withoutBeingLate(oldest)}`;
  return `the first on ${v.oldestDueDate}${inParens(untilDue(v))}`;
}

/** `1 invoice`, `3 invoices`. */
function invoices(n: number): string {
  return n === 1 ? '1 invoice' : `${n} invoices`;
}

/** The verb in the singular or the plural, by how many invoices are late. */
function verb(v: SeveralVars, singular: string, plural: string): string {
  return v.lateCount === 1 ? singular : plural;
}

/**
 * The late invoices and their total, as the subject of a sentence. A collection message that
 * carries an invoice not yet due speaks only of the late ones (asking for money not yet owed
 * misstates the debt, FDCPA §807(2)(A)) and names the others apart (`aside`).
 */
function theLate(v: SeveralVars): string {
  if (v.notYetDueCount === 0) return `the ${v.count} invoices listed below, for a total of ${v.lateTotal},`;
  return v.lateCount === 1 ? `the overdue invoice in the list, for ${v.lateTotal},` : `the ${v.lateCount} overdue invoices in the list, for a total of ${v.lateTotal},`;
}

/**
 * The oldest one, with how late it is: `the oldest was due on December 15, 2026 (3 days overdue)`
 * (counted from the business day its due date rolled to, if it fell on a non-business day: overdueCounted).
 */
function oldest(v: SeveralVars): string {
  return `${v.lateCount === 1 ? 'it was' : 'the oldest was'} due on ${v.oldestDueDate}${inParens(overdueCounted(v))}`;
}

/** The invoices of the list that are not due yet, said apart (nothing when there are none). */
function aside(v: SeveralVars): string {
  if (v.notYetDueCount === 0) return '';
  return v.notYetDueCount === 1
    ? ` The other invoice in the list, for ${v.notYetDueTotal}, is not yet due; we include it only as a reminder of its date.`
    : ` The other ${v.notYetDueCount} invoices in the list, for ${v.notYetDueTotal}, are not yet due; we include them only as a reminder of their dates.`;
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
        `We hope all is well. This is a quick heads-up that the ${v.count} invoices listed below, for a total of ${v.total}, are coming due; ${theFirst(v)}.`,
        `If they are already scheduled for payment, thank you: there is nothing else you need to do. If you need a copy of any invoice or anything else from us, just ${v.contactUs} and we will be glad to help.`,
      ],
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `Reminder: ${v.count} invoices due from ${v.oldestDueDate}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `This is a reminder that the ${v.count} invoices listed below, for a total of ${v.total}, ${fallDueFrom(v, true)}. Please make sure they are included in your next payment run so that they are settled on time.`,
        `If anything prevents payment by those dates, please ${v.contactUs} beforehand so we can agree on how to proceed.`,
      ],
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `Notice of upcoming due dates: ${v.count} invoices`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `We wish to inform you that the ${v.count} invoices detailed below, for a total amount of ${v.total}, ${fallDueFrom(v, false)}.`,
        'We kindly request that each be paid no later than its due date. Should you have any observation regarding these invoices, please notify us before the due date.',
      ],
      closing: 'Sincerely,',
    }),
  },
  'due-today': {
    friendly: (v) => ({
      subject: `Friendly reminder: ${v.count} invoices, the first ${inGrace(first(v)) ? 'payable today without being late' : 'due today'}`,
      greeting: `Hello ${v.customerName} team,`,
      body: [
        `Just a friendly reminder that ${dueToday(v)}; together they come to ${v.total}.`,
        `If you have any questions about them, simply ${v.contactUs} and we will be happy to help.`,
      ],
      note: 'If the payment is already on its way, thank you very much!',
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `${inGrace(first(v)) ? 'Payable today without being late' : 'Payment due today'}: ${v.count} invoices`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `Please note that ${dueToday(v)}; together they come to ${v.total}. Please arrange ${inGrace(first(v)) ? 'that payment today' : 'payment of what is due today'} to keep your account up to date.`,
        `If there is any issue with these invoices, please ${v.contactUs} so we can resolve it promptly.`,
      ],
      note: ALREADY_PAID,
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `${inGrace(first(v)) ? 'Payable today without being late' : 'Due date today'}: ${v.count} invoices`,
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
        `We noticed that ${theLate(v)} ${verb(v, 'is', 'are')} still open; ${oldest(v)}.${aside(v)} ${verb(v, 'It', 'They')} may simply have slipped through the cracks; it happens to all of us.`,
        `Could you take a moment to look into it when you have a chance? If there is a problem with any invoice, just ${v.contactUs} and we will sort it out together.`,
      ],
      note: ALREADY_PAID,
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `Overdue: ${invoices(v.lateCount)}${inParens(overdue(v))}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `Our records show that ${theLate(v)} ${verb(v, 'remains', 'remain')} unpaid; ${oldest(v)}.${aside(v)}`,
        `Please arrange payment of what is overdue as soon as possible. If you have already paid, please send us the payment details so we can apply it to your account. If something prevents payment, please ${v.contactUs} so we can find a solution.`,
      ],
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `Past-due notice: ${invoices(v.lateCount)}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `Please be advised that ${theLate(v)} ${verb(v, 'is', 'are')} past due; ${oldest(v)}.${aside(v)}`,
        'We request that you settle the past-due balance at your earliest convenience, or contact us to agree on a payment arrangement. We remain at your disposal for any clarification.',
      ],
      note: ALREADY_PAID_FORMAL,
      closing: 'Sincerely,',
    }),
  },
  'final-notice': {
    friendly: (v) => ({
      subject: `Let us help you settle ${invoices(v.lateCount)}`,
      greeting: `Hello ${v.customerName} team,`,
      body: [
        `${capital(theLate(v))} ${verb(v, 'is still open and we have not been able to resolve it yet', 'are still open and we have not been able to resolve them yet')}; ${oldest(v)}.${aside(v)} We value working with you and would like to find a way forward together.`,
        `If paying the full amount at once is difficult right now, ${v.contactUs} and we will gladly discuss a payment plan.`,
      ],
      note: ALREADY_PAID,
      closing: 'Many thanks,',
    }),
    firm: (v) => ({
      subject: `Payment request: ${invoices(v.lateCount)}${inParens(overdue(v))}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `${capital(theLate(v))} ${verb(v, 'remains', 'remain')} unpaid; ${oldest(v)}.${aside(v)}`,
        `Please pay the overdue balance or, if you need a payment plan, ${v.contactUs} in the coming days to agree on one. ${LETTER_NEXT}`,
      ],
      note: ALREADY_PAID,
      closing: 'Kind regards,',
    }),
    formal: (v) => ({
      subject: `Request to settle the balance of ${invoices(v.lateCount)}`,
      greeting: `Dear ${v.customerName},`,
      body: [
        `We are writing to inform you that ${theLate(v)} ${verb(v, 'remains', 'remain')} unpaid; ${oldest(v)}.${aside(v)}`,
        `We request that you settle the overdue balance, or contact us to formalize a payment agreement, as soon as possible. ${LETTER_NEXT_FORMAL}`,
      ],
      note: ALREADY_PAID_FORMAL,
      closing: 'Sincerely,',
    }),
  },
};

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
