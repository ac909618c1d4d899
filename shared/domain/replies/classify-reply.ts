import { DateTime } from 'luxon';
import { findAmountText } from './amount.js';
import { matchDispute } from './dispute.js';
import { namedInvoice } from './invoice-ref.js';
import { hasPaymentIntent, matchHelp, reportsBack } from './keywords.js';
import { foldReply, normalizeReply, ownWords, tokens } from './normalize.js';
import { matchOptOut, mayBeOptOut } from './opt-out.js';
import { matchPaid } from './paid.js';
import { findPromiseDate, pastDateMentioned } from './promise-date.js';
import type { ReplyClassification, ReplyContext } from './types.js';

export type { ReplyClassification, ReplyContext, ReplyIntent } from './types.js';
export { REPLY_INTENTS } from './types.js';

/**
 * A reply that is a date and nothing else ("el viernes", "Mañana", "next week", "a más tardar el
 * lunes sin falta") answers the reminder with a day: a promise. Anything more needs a payment word
 * ("vuelvo el lunes", "on vacation until the 10th" are not promises).
 */
const BARE_DATE_FILLER = new Set([
  'el', 'la', 'los', 'las', 'de', 'del', 'sin', 'falta', 'seguro', 'ok', 'si', 'yes', 'por', 'favor', 'porfa', 'please', 'on', 'the',
  'this', 'a', 'mas', 'tardar', 'antes', 'ya', 'pues', 'po', 'hola', 'buenas', 'buen', 'dia', 'gracias', 'thanks', 'by', 'en', 'para',
  'proximo', 'proxima', 'este', 'esta', 'next', 'primera', 'hora', 'le', 'les', 'te', 'lo', 'sure', 'okay', 'dale', 'listo',
]);

/** "until further notice", "hasta nuevo aviso", "until I say so", and goodbyes ("no me escriban más, hasta nunca" / "hasta luego"): a request to stop, not for a while. */
const FOR_GOOD = /^ (?:luego|pronto|la vista|la proxima|further notice|(?:(?:un|a) )?nuevo aviso|(?:otro|new) aviso|(?:i|we) (?:say|tell you)|que (?:yo )?(?:les|le) (?:diga|digamos|avise|avisemos)|the end of time|forever|siempre|nunca|(?:the day )?(?:i|we) die|(?:el dia (?:en )?que )?(?:me muera|nos muramos)) /;

function bareDate(normalized: string, label: string): boolean {
  const dateWords = new Set(tokens(` ${label} `));
  return tokens(normalized).every((w) => dateWords.has(w) || BARE_DATE_FILLER.has(w));
}

/**
 * Classifies an inbound debtor reply. Pure: no I/O; the clock, zone and open invoices come from
 * `context`. Only the debtor's own words are read (not a quoted thread, wherever the answer sits: above it
 * or below it), at most MAX_REPLY_CHARS (the beginning and the end of a longer text).
 *
 * Priority when a reply says several things: opt-out > dispute > paid > promise > help > other. An
 * "other" that may still be a request to stop, in words no rule knows, says so (`mayBeOptOut`): the
 * handler holds reminders until a person has read it.
 * - A request that only limits when or where to write ("don't text me before 9am") is no opt-out: it
 *   is `other` with `limitsContact`, and acts first like one (the handler holds reminders for a person).
 * - Nor is a request to stop only until a day ("stop the reminders until Friday"): not a revocation
 *   but a pause asked for. It is a promise when it names the payment with a date ("paren los mensajes
 *   hasta el 15, ese día pago"), else whatever else it says (a dispute, a payment made), else `other`
 *   with `holdUntil`: reminders held until that day, a person reads it. Until a time of day is a limit;
 *   until no day ("until after the holidays", "hasta que les pague") is `other` with `mayBeOptOut` (a
 *   person decides whether it is for good); "until further notice", "hasta nuevo aviso" is a request to stop.
 * - Opt-out first because it is a legal obligation (FCC 47 CFR 64.1200(a)(10); CO Ley 2300 art. 2:
 *   only channels the debtor authorises): once someone says stop, nothing else may go out, whatever
 *   else the message says. What else it says is kept (`alsoSays`) for a person to read.
 * - Dispute before paid: "ya la pagamos con la F-1023, esta está duplicada" must pause the contested
 *   invoice and reach a person; read as "paid", the reminders would resume on it a few days later.
 * - Paid before promise: "ya pagué la mitad, el resto el viernes" must stop reminders until the
 *   payment is checked; a promise would keep chasing money that may already be in the bank.
 * - Promise before help: a dated commitment is what the plan acts on, and a collector sees it anyway.
 *   But a date alone does not beat a help request: "llámenme mañana" asks for a call tomorrow, so a
 *   date wins over help only with a payment word ("llámenme, pago mañana"); nor an answer promised
 *   for a date ("el viernes le confirmo").
 *
 * @example
 * classifyReply('no reconozco la factura F-1', { locale: 'es-MX', timezone: 'America/Mexico_City', now, openInvoices: ['F-1', 'F-2'] })
 * // { kind: 'dispute', disputeReason: 'other', invoiceNumber: 'F-1', reason: 'disputes it (other): "no reconozco", names F-1' }
 */
export function classifyReply(text: string, context: ReplyContext): ReplyClassification {
  const own = ownWords(text);
  const normalized = normalizeReply(own);
  const folded = foldReply(own);
  const today = todayIn(context);

  const optOut = matchOptOut(own, normalized);
  const dispute = matchDispute(folded);
  const pastDate = today !== undefined && pastDateMentioned(normalized, context.locale, today);
  const paid = matchPaid(own, normalized, pastDate);
  const promise = today === undefined ? undefined : findPromiseDate(normalized, context.locale, today);
  const help = matchHelp(normalized);
  const promised = promise?.found === true && (hasPaymentIntent(normalized) || (help === undefined && !reportsBack(normalized) && bareDate(normalized, promise.label)));

  if (optOut?.limit !== undefined) {
    return { kind: 'other', limitsContact: optOut.limit, reason: `limits when or where to write: "${optOut.keyword}" … "${optOut.limit}" (no request to stop)` };
  }
  const bound = optOut?.until !== undefined && today !== undefined ? findPromiseDate(optOut.until, context.locale, today) : undefined;
  const forAWhile = bound?.found === true ? bound : undefined;
  // "until after the holidays", "hasta que les pague": for a while, but no day to hold until; a person decides.
  const forAWhileUndated = optOut?.until !== undefined && forAWhile === undefined && !FOR_GOOD.test(optOut.until);
  if (optOut !== undefined && forAWhile === undefined && !forAWhileUndated) {
    const alsoSays = dispute ? 'dispute' : paid ? 'paid' : promised ? 'promise' : help ? 'help' : undefined;
    return {
      kind: 'opt-out',
      keyword: optOut.keyword,
      ...(optOut.wrongContact ? { wrongContact: true as const } : {}),
      ...(optOut.deceased ? { deceased: true as const } : {}),
      ...(optOut.prefers ? { prefers: optOut.prefers } : {}),
      ...(optOut.switchOnly ? { switchOnly: true as const } : {}),
      ...(optOut.newAddress ? { newAddress: optOut.newAddress } : {}),
      ...(alsoSays ? { alsoSays } : {}),
      reason: `${optOut.switchOnly ? `asks for ${optOut.prefers} instead` : 'asks to stop'}: "${optOut.keyword}"${optOut.deceased ? ' (the debtor may have died)' : optOut.wrongContact ? ' (not the debtor’s address)' : ''}${optOut.newAddress ? ` (write to ${optOut.newAddress} instead)` : ''}${alsoSays ? `; also says ${alsoSays}` : ''}`,
    };
  }
  if (dispute !== undefined) {
    const invoiceNumber = namedInvoice(own, context.openInvoices ?? [], dispute.at);
    const reason = `disputes it (${dispute.reason}): "${dispute.cue}"${invoiceNumber ? `, names ${invoiceNumber}` : ''}`;
    return invoiceNumber === undefined ? { kind: 'dispute', disputeReason: dispute.reason, reason } : { kind: 'dispute', disputeReason: dispute.reason, invoiceNumber, reason };
  }
  if (paid !== undefined) return { kind: 'paid', reason: `claims payment: "${paid}"` };
  if (promise?.found === true && promised) {
    const amountText = findAmountText(own);
    const reason = `promise: "${promise.label}" → ${promise.date}`;
    return amountText === undefined ? { kind: 'promise', date: promise.date, reason } : { kind: 'promise', date: promise.date, amountText, reason };
  }
  if (forAWhile !== undefined) {
    return { kind: 'other', holdUntil: forAWhile.date, reason: `asks for no messages until "${forAWhile.label}" → ${forAWhile.date}: "${optOut?.keyword}" for a while, no request to stop` };
  }
  if (forAWhileUndated) {
    return { kind: 'other', mayBeOptOut: true, reason: `asks to stop until "${optOut?.until?.trim()}": for a while or for good, a person reads it` };
  }
  if (help !== undefined) return { kind: 'help', reason: `asks for help: "${help}"` };
  if (mayBeOptOut(own)) return { kind: 'other', mayBeOptOut: true, reason: 'may be asking to stop, in words no rule reads for certain (stopping and messages, or a consent withdrawn)' };
  if (promise?.found === false && promise.rejected !== undefined) {
    return { kind: 'other', reason: `date not usable as a promise (${promise.rejected})` };
  }
  if (promise?.found === true) return { kind: 'other', reason: `mentions "${promise.label}" without a payment word` };
  return { kind: 'other', reason: 'no rule matched' };
}

/**
 * Start of today in the debtor's zone. An unknown zone falls back to UTC rather than throwing (a bad
 * contact record must not lose the reply); an invalid clock yields no promises at all.
 */
function todayIn(context: ReplyContext): DateTime | undefined {
  const instant = DateTime.fromJSDate(context.now);
  if (!instant.isValid) return undefined;
  const zoned = instant.setZone(context.timezone);
  return (zoned.isValid ? zoned : instant.setZone('UTC')).startOf('day');
}
