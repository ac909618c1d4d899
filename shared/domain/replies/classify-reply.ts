import { DateTime } from 'luxon';
import { findAmountText } from './amount.js';
import { hasPaymentIntent, matchHelp, matchOptOut, matchPaid } from './keywords.js';
import { normalizeReply, tokens } from './normalize.js';
import { findPromiseDate } from './promise-date.js';
import type { ReplyClassification, ReplyContext } from './types.js';

export type { ReplyClassification, ReplyContext } from './types.js';

/** Replies this short with a date and nothing else ("el viernes", "mañana sin falta") are promises. */
const SHORT_REPLY_TOKENS = 6;

/**
 * Classifies an inbound debtor reply. Pure: no I/O, the clock and zone come from `context`.
 *
 * Priority when several rules match: opt-out > paid > promise > help > other.
 * - Opt-out first because it is a legal obligation: once someone says STOP nothing else may be sent,
 *   whatever else the message says.
 * - Paid before promise: "ya pagué la mitad, el resto el viernes" must stop reminders until the
 *   payment is checked; a promise would keep chasing money that may already be in the bank.
 * - Promise before help: a dated commitment is what the plan acts on, and a collector sees it anyway.
 *   But a date alone does not beat a help request: "llámenme mañana" asks for a call tomorrow, so a
 *   date wins over help only with a payment word ("llámenme, pago mañana").
 */
export function classifyReply(text: string, context: ReplyContext): ReplyClassification {
  const normalized = normalizeReply(text);

  const optOut = matchOptOut(normalized);
  if (optOut !== undefined) return { kind: 'opt-out', keyword: optOut, reason: `opt-out: "${optOut}"` };

  const paid = matchPaid(normalized);
  if (paid !== undefined) return { kind: 'paid', reason: `claims payment: "${paid}"` };

  const help = matchHelp(normalized);
  const today = todayIn(context);
  const promise = today === undefined ? undefined : findPromiseDate(normalized, context.locale, today);
  if (promise?.found === true) {
    const intent = hasPaymentIntent(normalized);
    if (intent || (help === undefined && tokens(normalized).length <= SHORT_REPLY_TOKENS)) {
      const amountText = findAmountText(text);
      const reason = `promise: "${promise.label}" → ${promise.date}`;
      return amountText === undefined
        ? { kind: 'promise', date: promise.date, reason }
        : { kind: 'promise', date: promise.date, amountText, reason };
    }
  }

  if (help !== undefined) return { kind: 'help', reason: `asks for help: "${help}"` };
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
