import { inParens, type Language } from './catalog.js';
import { ALREADY_PAID, ALREADY_PAID_FORMAL, dueOnNonBusinessDay, inGrace, LETTER_NEXT, LETTER_NEXT_FORMAL, overdue, overdueCounted, whenDue, withoutBeingLate } from './en-phrases.js';
import { enSeveral } from './en-several.js';

/**
 * English texts. Friendly assumes good faith; firm asks for a date; formal is a written notice. None
 * imitates legal process or an official notice (FDCPA §807(9), (13)), none calls itself "final"
 * when a letter follows, and none makes a vague threat (§807(5)): they say what comes next (a
 * letter). They ask for a reply only when an address reads replies (`contactUs`).
 */
export const en: Language = {
  code: 'en',
  labels: {
    invoice: 'Invoice',
    amountDue: 'Amount due',
    dueDate: 'Due date',
    daysOverdue: 'Days overdue',
    daysOverdueFrom: (days, rolledTo) => `${days} (counted from ${rolledTo}, the first business day after the due date)`,
    payableBy: (rolledTo, today) => ['Can be paid without being late', today ? `today, ${rolledTo}` : `by ${rolledTo}`],
    payOnline: 'Pay online',
    linkFallback: 'If the button does not work, copy this link into your browser:',
    total: 'Total of these invoices',
    lateTotal: 'Overdue total of these invoices',
    notYetDueTotal: 'Not yet due',
    viewAndPay: 'View and pay online',
    payInvoice: (invoiceNumber) => `Pay invoice ${invoiceNumber}`,
    pay: 'Pay',
    portal: 'See all your invoices in our customer portal:',
    selfService: 'Need more time, a payment plan, or is something wrong with an invoice? Tell us here:',
    unsubscribe: 'If you would rather not receive these reminders by email:',
    unsubscribeLink: 'unsubscribe',
  },
  several: enSeveral,
  templates: {
    upcoming: {
      friendly: (v) => ({
        subject: `Friendly reminder: invoice ${v.invoiceNumber} ${inGrace(v) ? `can be paid by ${v.rolledTo} without being late` : `is due on ${v.dueDate}`}`,
        greeting: `Hello ${v.customerName} team,`,
        body: [
          `We hope all is well. This is a quick heads-up that invoice ${v.invoiceNumber} for ${v.amount}${whenDue(v)}.`,
          `If it is already scheduled for payment, thank you: there is nothing else you need to do. If you need a copy of the invoice or anything else from us, just ${v.contactUs} and we will be glad to help.`,
        ],
        closing: 'Many thanks,',
      }),
      firm: (v) => ({
        subject: `Reminder: invoice ${v.invoiceNumber} ${inGrace(v) ? `can be paid by ${v.rolledTo} without being late` : `is due on ${v.dueDate}`}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          `This is a reminder that invoice ${v.invoiceNumber} for ${v.amount}${whenDue(v, 'falls due')}. Please make sure it is included in your next payment run so that it is settled on time.`,
          `If anything prevents payment by that date, please ${v.contactUs} beforehand so we can agree on how to proceed.`,
        ],
        closing: 'Kind regards,',
      }),
      formal: (v) => ({
        subject: `${inGrace(v) ? 'Notice of payment deadline' : 'Notice of upcoming due date'}: invoice ${v.invoiceNumber}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          inGrace(v)
            ? `We wish to inform you that invoice ${v.invoiceNumber}, for the amount of ${v.amount} and ${dueOnNonBusinessDay(v.dueDate)}, can be paid ${withoutBeingLate(v)}.`
            : `We wish to inform you that invoice ${v.invoiceNumber}, for the amount of ${v.amount}, falls due on ${v.dueDate}.`,
          'We kindly request that payment be made no later than that date. Should you have any observation regarding this invoice, please notify us before the due date.',
        ],
        closing: 'Sincerely,',
      }),
    },
    'due-today': {
      friendly: (v) => ({
        subject: `Invoice ${v.invoiceNumber} ${inGrace(v) ? 'can be paid today without being late' : 'is due today'}`,
        greeting: `Hello ${v.customerName} team,`,
        body: [
          `Just a friendly reminder that invoice ${v.invoiceNumber} for ${v.amount}${whenDue(v)}.`,
          `If you have any questions about it, simply ${v.contactUs} and we will be happy to help.`,
        ],
        note: 'If the payment is already on its way, thank you very much!',
        closing: 'Many thanks,',
      }),
      firm: (v) => ({
        subject: `${inGrace(v) ? 'Payable today without being late' : 'Payment due today'}: invoice ${v.invoiceNumber}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          `Invoice ${v.invoiceNumber} for ${v.amount}${whenDue(v)}. Please arrange payment today to keep your account up to date.`,
          `If there is any issue with this invoice, please ${v.contactUs} so we can resolve it promptly.`,
        ],
        note: ALREADY_PAID,
        closing: 'Kind regards,',
      }),
      formal: (v) => ({
        subject: `${inGrace(v) ? 'Payable today without being late' : 'Due date today'}: invoice ${v.invoiceNumber}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          inGrace(v)
            ? `We remind you that invoice ${v.invoiceNumber}, for the amount of ${v.amount} and ${dueOnNonBusinessDay(v.dueDate)}, can be paid ${withoutBeingLate(v)}.`
            : `We remind you that today, ${v.dueDate}, is the due date of invoice ${v.invoiceNumber} for the amount of ${v.amount}.`,
          'We request that payment be made today.',
        ],
        note: ALREADY_PAID_FORMAL,
        closing: 'Sincerely,',
      }),
    },
    overdue: {
      friendly: (v) => ({
        subject: `Invoice ${v.invoiceNumber} is still open`,
        greeting: `Hello ${v.customerName} team,`,
        body: [
          `We noticed that invoice ${v.invoiceNumber} for ${v.amount}, due on ${v.dueDate}, is still open${inParens(overdueCounted(v))}. It may simply have slipped through the cracks; it happens to all of us.`,
          `Could you take a moment to look into it when you have a chance? If there is a problem with the invoice, just ${v.contactUs} and we will sort it out together.`,
        ],
        note: ALREADY_PAID,
        closing: 'Many thanks,',
      }),
      firm: (v) => ({
        subject: `Overdue: invoice ${v.invoiceNumber}${inParens(overdue(v))}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          `Our records show that invoice ${v.invoiceNumber} for ${v.amount}, due on ${v.dueDate}, remains unpaid${inParens(overdueCounted(v))}.`,
          `Please arrange payment as soon as possible. If you have already paid, please send us the payment details so we can apply it to your account. If something prevents payment, please ${v.contactUs} so we can find a solution.`,
        ],
        closing: 'Kind regards,',
      }),
      formal: (v) => ({
        subject: `Past-due notice: invoice ${v.invoiceNumber}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          `Please be advised that invoice ${v.invoiceNumber}, for the amount of ${v.amount} and due on ${v.dueDate}, is past due${inParens(overdueCounted(v))}.`,
          'We request that you settle the outstanding balance at your earliest convenience, or contact us to agree on a payment arrangement. We remain at your disposal for any clarification.',
        ],
        note: ALREADY_PAID_FORMAL,
        closing: 'Sincerely,',
      }),
    },
    'final-notice': {
      friendly: (v) => ({
        subject: `Let us help you settle invoice ${v.invoiceNumber}`,
        greeting: `Hello ${v.customerName} team,`,
        body: [
          `Invoice ${v.invoiceNumber} for ${v.amount}, due on ${v.dueDate}, is still open${inParens(overdueCounted(v))} and we have not been able to resolve it yet. We value working with you and would like to find a way forward together.`,
          `If paying the full amount at once is difficult right now, ${v.contactUs} and we will gladly discuss a payment plan.`,
        ],
        note: ALREADY_PAID,
        closing: 'Many thanks,',
      }),
      firm: (v) => ({
        subject: `Payment request: invoice ${v.invoiceNumber}${inParens(overdue(v))}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          `Invoice ${v.invoiceNumber} for ${v.amount}, due on ${v.dueDate}, remains unpaid${inParens(overdueCounted(v))}.`,
          `Please pay the outstanding balance or, if you need a payment plan, ${v.contactUs} in the coming days to agree on one. ${LETTER_NEXT}`,
        ],
        note: ALREADY_PAID,
        closing: 'Kind regards,',
      }),
      formal: (v) => ({
        subject: `Request to settle the balance of invoice ${v.invoiceNumber}`,
        greeting: `Dear ${v.customerName},`,
        body: [
          `We are writing to inform you that invoice ${v.invoiceNumber}, for the amount of ${v.amount} and due on ${v.dueDate}, remains unpaid${inParens(overdueCounted(v))}.`,
          `We request that you settle the balance, or contact us to formalize a payment agreement, as soon as possible. ${LETTER_NEXT_FORMAL}`,
        ],
        note: ALREADY_PAID_FORMAL,
        closing: 'Sincerely,',
      }),
    },
  },
};
