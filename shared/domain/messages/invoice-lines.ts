import { dias } from '../templates/es-phrases.js';
import { days } from '../templates/en-phrases.js';
import type { InvoiceFacts } from './facts.js';

/**
 * One invoice in a sentence, with what matters today: `factura F-1001 por $12,345.67, venció el 15
 * de diciembre de 2026 (3 días de atraso)`; `invoice F-1001 for $12,345.67, due on December 15, 2026 (3
 * days overdue)`.
 * Days overdue appear only once the invoice is late.
 *
 * @example
 * invoiceLine('es', invoice) // 'factura F-1001 por $12,345.67, vence hoy, 15 de diciembre de 2026'
 */
export function invoiceLine(language: 'es' | 'en', invoice: InvoiceFacts): string {
  const d = invoice.daysPastDue;
  if (language === 'es') {
    const state =
      d < 0 ? `vence el ${invoice.dueDate}` : d === 0 ? `vence hoy, ${invoice.dueDate}` : `venció el ${invoice.dueDate} (${dias(d)} de atraso)`;
    return `factura ${invoice.number} por ${invoice.amount}, ${state}`;
  }
  // A noun phrase in a list ("invoice F-1 for $5.00, due on …"): no verb, so no "was".
  const state = d < 0 ? `due on ${invoice.dueDate}` : d === 0 ? `due today, ${invoice.dueDate}` : `due on ${invoice.dueDate} (${days(d)} overdue)`;
  return `invoice ${invoice.number} for ${invoice.amount}, ${state}`;
}

/**
 * One invoice in a few characters, for SMS: `F-1001 $12,345.67 (3 días de atraso)`, `F-1001
 * $500.00 (vence 20 dic)`, `F-1001 $500.00 (due today)`.
 */
export function shortInvoiceLine(language: 'es' | 'en', invoice: InvoiceFacts): string {
  const d = invoice.daysPastDue;
  if (language === 'es') {
    const state = d < 0 ? `vence ${invoice.dueDateShort}` : d === 0 ? 'vence hoy' : `${dias(d)} de atraso`;
    return `${invoice.number} ${invoice.amount} (${state})`;
  }
  const state = d < 0 ? `due ${invoice.dueDateShort}` : d === 0 ? 'due today' : `${days(d)} overdue`;
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
