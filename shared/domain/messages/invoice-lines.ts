import { atrasoContado, conVencimientoNoHabil, dias, enPlazo, sinAtraso } from '../templates/es-phrases.js';
import { days, dueOnNonBusinessDay, inGrace, overdueCounted, withoutBeingLate } from '../templates/en-phrases.js';
import type { InvoiceFacts } from './facts.js';

/**
 * One invoice in a sentence, with what matters today: `factura F-1001 por $12,345.67, venció el 15
 * de diciembre de 2026 (3 días de atraso)`; `invoice F-1001 for $12,345.67, due on December 15, 2026 (3
 * days overdue)`. Days overdue appear only once the invoice is late. The date is always the
 * invoice's own due date; one on a non-business day says until when it can be paid without being
 * late, and, once late, from which business day the days are counted.
 *
 * @example
 * invoiceLine('es', invoice) // 'factura F-1001 por $12,345.67, vence hoy, 15 de diciembre de 2026'
 * invoiceLine('es', rolled)  // 'factura F-1 por $5.00, con vencimiento el 21 de noviembre de 2026 (un día no hábil), puede pagarse hoy, 23 de noviembre de 2026, sin atraso'
 */
export function invoiceLine(language: 'es' | 'en', invoice: InvoiceFacts): string {
  const d = invoice.daysPastDue;
  if (language === 'es') {
    const state = enPlazo(invoice)
      ? `${conVencimientoNoHabil(invoice.dueDate)}, puede pagarse ${sinAtraso(invoice)}`
      : d < 0
        ? `vence el ${invoice.dueDate}`
        : d === 0
          ? `vence hoy, ${invoice.dueDate}`
          : `venció el ${invoice.dueDate} (${atrasoContado(invoice)})`;
    return `factura ${invoice.number} por ${invoice.amount}, ${state}`;
  }
  // A noun phrase in a list ("invoice F-1 for $5.00, due on …"): no verb, so no "was".
  const state = inGrace(invoice)
    ? `${dueOnNonBusinessDay(invoice.dueDate)}, payable ${withoutBeingLate(invoice)}`
    : d < 0
      ? `due on ${invoice.dueDate}`
      : d === 0
        ? `due today, ${invoice.dueDate}`
        : `due on ${invoice.dueDate} (${overdueCounted(invoice)})`;
  return `invoice ${invoice.number} for ${invoice.amount}, ${state}`;
}

/**
 * One invoice in a few characters, for SMS: `F-1001 $12,345.67 (3 días de atraso)`, `F-1001
 * $500.00 (vence 20 dic)`, `F-1001 $500.00 (due today)`; a due date on a non-business day, until
 * the business day it rolled to: `F-1 $5.00 (del 21 nov, día no hábil: sin atraso hasta el 23 nov)`,
 * `(… sin atraso si se paga hoy)`. (A late one shows no date, so its count needs no explanation.)
 */
export function shortInvoiceLine(language: 'es' | 'en', invoice: InvoiceFacts): string {
  const d = invoice.daysPastDue;
  const rolled = invoice.rolledToShort !== undefined && d <= 0;
  if (language === 'es') {
    const state = rolled
      ? `del ${invoice.dueDateShort}, día no hábil: ${d === 0 ? 'sin atraso si se paga hoy' : `sin atraso hasta el ${invoice.rolledToShort}`}`
      : d < 0
        ? `vence ${invoice.dueDateShort}`
        : d === 0
          ? 'vence hoy'
          : `${dias(d)} de atraso`;
    return `${invoice.number} ${invoice.amount} (${state})`;
  }
  const state = rolled
    ? `due ${invoice.dueDateShort}, a non-business day: ${d === 0 ? 'not late if paid today' : `not late if paid by ${invoice.rolledToShort}`}`
    : d < 0
      ? `due ${invoice.dueDateShort}`
      : d === 0
        ? 'due today'
        : `${days(d)} overdue`;
  return `${invoice.number} ${invoice.amount} (${state})`;
}

/** `F-1001 y 4 más` / `F-1001 and 4 more`: the shortest way to name several invoices. */
export function firstAndMore(language: 'es' | 'en', invoices: readonly InvoiceFacts[]): string {
  const first = invoices[0]?.number ?? '';
  const more = invoices.length - 1;
  if (more === 0) return first;
  return language === 'es' ? `${first} y ${more} más` : `${first} and ${more} more`;
}

/** The first letter in capitals, for a line that starts a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
