/**
 * The opt-out line every collection SMS and WhatsApp message ends with, by language: a keyword the
 * debtor replies with, in the words carriers and regulators use.
 * - US: CFPB Regulation F §1006.6(e) — every electronic communication about a debt carries "a clear
 *   and conspicuous statement describing a reasonable and simple method" to opt out; CTIA Messaging
 *   Principles: "Reply STOP to opt out", with STOP among the keywords carriers and AWS End User
 *   Messaging honour on their own (STOP, CANCEL, END, QUIT, UNSUBSCRIBE, OPTOUT, REMOVE…; STOP is the
 *   only one on US toll-free numbers).
 * - Spanish: BAJA, the keyword Latin American senders use ("Responda BAJA…"); the reply classifier
 *   reads it (and STOP, ALTO, CANCELAR…) as an opt-out, and it must be added as an opt-out keyword of
 *   the AWS origination numbers used for Spanish-speaking debtors.
 * Replies and receipts are answers, not collection contacts: they do not carry it.
 */
export const OPT_OUT_LINE: Readonly<Record<'es' | 'en', string>> = {
  es: 'Responda BAJA para no recibir más mensajes.',
  en: 'Reply STOP to opt out.',
};

/**
 * The same, shorter, for the last resort of an SMS under a tight segment budget: the keyword and what
 * it does are kept, only "mensajes" goes.
 */
export const OPT_OUT_LINE_SHORT: Readonly<Record<'es' | 'en', string>> = {
  es: 'Responda BAJA para no recibir más.',
  en: 'Reply STOP to opt out.',
};

/** The keyword of each language's line: a text that already names it (an override) is not given a second line. */
const KEYWORD: Readonly<Record<'es' | 'en', RegExp>> = { es: /\bBAJA\b/, en: /\bSTOP\b/ };

/**
 * `text` ending with the opt-out line (`short`: OPT_OUT_LINE_SHORT), on a line of its own (SMS: after
 * a space), unless it already tells the debtor how to opt out with the keyword (a company's own
 * override may word it itself).
 *
 * @example
 * withOptOutLine('Ejemplo Corp: su factura F-1 vence hoy.', 'es', ' ')
 * // 'Ejemplo Corp: su factura F-1 vence hoy. Responda BAJA para no recibir más mensajes.'
 */
export function withOptOutLine(text: string, language: 'es' | 'en', separator: ' ' | '\n' = '\n', length: 'full' | 'short' = 'full'): string {
  if (KEYWORD[language].test(text)) return text;
  return `${text.trimEnd()}${separator}${(length === 'short' ? OPT_OUT_LINE_SHORT : OPT_OUT_LINE)[language]}`;
}
