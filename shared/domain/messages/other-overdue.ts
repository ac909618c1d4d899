import { formatList } from '../templates/format.js';
import type { MessageFacts } from './facts.js';

/**
 * What a message says of the account's other overdue invoices — overdue, but not in this message
 * (their reminders go out on other days, or a person holds them): that they exist, which, and how
 * much, so that the message's own total is never read as the account's whole overdue balance. It
 * never asks for them: "no forma(n) parte de este mensaje" / "not part of this message".
 */

/**
 * The sentence an email adds under its invoice details, or `undefined` when there are none:
 * `Para su información, su cuenta tiene además 1 factura vencida que no forma parte de este mensaje:
 * F-2026-0934, por $9,280.00.` ("su" reads right to a company's team and to a person alike.)
 */
export function otherOverdueSentence(facts: MessageFacts): string | undefined {
  const n = facts.otherOverdueNumbers.length;
  if (n === 0) return undefined;
  const numbers = formatList(facts.otherOverdueNumbers, facts.locale);
  if (facts.language === 'es') {
    return n === 1
      ? `Para su información, su cuenta tiene además 1 factura vencida que no forma parte de este mensaje: ${numbers}, por ${facts.otherOverdueTotal}.`
      : `Para su información, su cuenta tiene además ${n} facturas vencidas que no forman parte de este mensaje: ${numbers}, por un total de ${facts.otherOverdueTotal}.`;
  }
  return n === 1
    ? `For your information, your account also has 1 other overdue invoice that is not part of this message: ${numbers}, for ${facts.otherOverdueTotal}.`
    : `For your information, your account also has ${n} other overdue invoices that are not part of this message: ${numbers}, for a total of ${facts.otherOverdueTotal}.`;
}

/**
 * The value of `{{otherOverdue}}`: `F-2026-0934, por $9,280.00`, `F-1 y F-2, por un total de
 * $12,040.00`, or `ninguna` / `none` (an approved WhatsApp text's words cannot depend on the count).
 * `numbers` may be shortened (`F-1 y 4 más`) to keep a WhatsApp body within Meta's limit.
 */
export function otherOverdueValue(facts: MessageFacts, numbers: string): string {
  const n = facts.otherOverdueNumbers.length;
  if (facts.language === 'es') return n === 0 ? 'ninguna' : `${numbers}, por ${n === 1 ? '' : 'un total de '}${facts.otherOverdueTotal}`;
  return n === 0 ? 'none' : `${numbers}, for ${n === 1 ? '' : 'a total of '}${facts.otherOverdueTotal}`;
}

/**
 * The SMS sentence, or `''` when there are none: `Su cuenta tiene además 1 factura vencida por
 * $9,280.00 que no incluye este mensaje.`; `short`: `(+1 vencida no incluida: $9,280.00)`.
 */
export function otherOverdueSms(language: 'es' | 'en', count: number, total: string, short: boolean): string {
  if (count === 0) return '';
  if (language === 'es') {
    if (short) return `(+${count} ${count === 1 ? 'vencida no incluida' : 'vencidas no incluidas'}: ${total})`;
    return `Su cuenta tiene además ${count === 1 ? '1 factura vencida' : `${count} facturas vencidas`} por ${total} que no incluye este mensaje.`;
  }
  if (short) return `(+${count} overdue not included: ${total})`;
  return `Your account also has ${count === 1 ? '1 other overdue invoice' : `${count} other overdue invoices`} for ${total} not included in this message.`;
}
