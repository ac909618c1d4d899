import { gsmSafe, isGsm7, smsSegments } from '../channels/sms-segments.js';
import type { Tone } from '../types.js';
import { MessageTooLongError } from './errors.js';
import type { MessageFacts } from './facts.js';
import { withOptOutLine } from './opt-out-line.js';
import { findOverride } from './overrides.js';
import { fillPlaceholders } from './placeholders.js';
import type { MessagePolicy } from './policy-section.js';
import { SMS_TEXTS, type SmsForm, type SmsVars } from './sms-words.js';
import { linkPaysOnly, truncate, variableValues, type Compaction } from './variables.js';

export interface ComposedSms {
  readonly channel: 'sms';
  readonly body: string;
  readonly segments: number;
  readonly encoding: 'GSM-7' | 'UCS-2';
  readonly locale: string;
}

/** A long customer name is cut to this many characters before the message gives up detail. */
const NAME_SHORT = 24;
const NAME_SHORTER = 12;

/**
 * Ways to shorten an override's values, mildest first: cut the name, then list numbers only, then
 * `F-1001 y 4 más`. The override's own words are never changed.
 */
const OVERRIDE_COMPACTIONS: readonly Compaction[] = [
  { list: 'full' },
  { list: 'full', nameLength: NAME_SHORT },
  { list: 'numbers', nameLength: NAME_SHORT },
  { list: 'first', nameLength: NAME_SHORT },
  { list: 'first', nameLength: NAME_SHORTER },
];

/**
 * The reminder SMS for the invoices of `facts`, within `channels.sms.segmentBudget` segments, ending
 * with the opt-out line (`Responda BAJA…` / `Reply STOP…`, opt-out-line.ts) in every form. It
 * tries the richest text first and shortens until one fits: the shipped words go from the full list
 * of invoices to a count-and-total summary to a short form without the customer's name (and, for
 * several invoices without a portal, one without the state, so the link can still name the invoice
 * it pays: the portal is preferred whenever the policy has one); an override
 * keeps its words and shortens its values. Each try is taken as written when that costs no more
 * segments than its GSM-safe form (`gsmSafe`: `á` → `a`, curly quotes → straight), else GSM-safe.
 * Throws MessageTooLongError when even the shortest form does not fit: the policy check rejects a
 * policy whose texts cannot fit with long sample values, so this means unusual real values.
 *
 * @example
 * composeSms(facts, 'firm', policy).segments // ≤ policy.channels.sms.segmentBudget
 */
export function composeSms(facts: MessageFacts, tone: Tone, policy: MessagePolicy): ComposedSms {
  const budget = policy.channels.sms.segmentBudget;
  const override = findOverride(policy.templates.overrides, { channel: 'sms', template: facts.template, tone, locale: facts.locale });
  const fitted = fitFirst(override ? overrideTries(override.text, facts) : shippedTries(facts, tone), budget);
  if ('body' in fitted) return { channel: 'sms', ...fitted, locale: facts.locale };
  throw new MessageTooLongError(
    `the shortest ${override ? 'override ' : ''}SMS for ${facts.template} (${tone}, ${facts.locale}) needs ${fitted.fewest} segments, ` +
      `more than channels.sms.segmentBudget (${budget}): raise the budget or shorten the text`,
  );
}

export interface FittedSms {
  readonly body: string;
  readonly segments: number;
  readonly encoding: 'GSM-7' | 'UCS-2';
}

/**
 * The first text that fits `budget` segments (as written, or GSM-safe when that is cheaper), or the
 * fewest segments any of them needed.
 *
 * @example
 * fitFirst(['Pagó €5 — gracias'], 1) // { body: 'Pagó €5 - gracias', segments: 1, encoding: 'GSM-7' }
 */
export function fitFirst(texts: Iterable<string>, budget: number): FittedSms | { readonly fewest: number } {
  let fewest = Number.POSITIVE_INFINITY;
  // No text of more code units than twice the GSM-7 capacity can fit (a character is at most 2 units).
  const hopeless = 2 * (budget === 1 ? 160 : budget * 153);
  for (const text of texts) {
    if (text.length > hopeless) {
      fewest = Math.min(fewest, Math.max(budget + 1, Math.ceil(text.length / 2 / 153)));
      continue;
    }
    // Intl puts no-break spaces in amounts (`$ 1.234`); a plain space says the same in GSM-7.
    const raw = text.replace(/[\u00a0\u202f]/g, ' ');
    const asWritten = smsSegments(raw);
    if (asWritten.encoding === 'GSM-7') {
      if (asWritten.segments <= budget) return { body: raw, segments: asWritten.segments, encoding: asWritten.encoding };
      fewest = Math.min(fewest, asWritten.segments);
      continue;
    }
    const safe = gsmSafe(raw);
    const gsm = smsSegments(safe);
    if (asWritten.segments <= budget && asWritten.segments <= gsm.segments) return { body: raw, segments: asWritten.segments, encoding: asWritten.encoding };
    if (gsm.segments <= budget) return { body: safe, segments: gsm.segments, encoding: gsm.encoding };
    fewest = Math.min(fewest, gsm.segments, asWritten.segments);
  }
  return { fewest };
}

/**
 * An override's text with its values shortened step by step (its words stay as written), and the
 * opt-out line unless the override words it itself.
 */
export function* overrideTries(text: string, facts: MessageFacts): Generator<string> {
  for (const compaction of OVERRIDE_COMPACTIONS) yield withOptOutLine(fillPlaceholders(text, variableValues(facts, 'sms', compaction)), facts.language, ' ');
  const last = OVERRIDE_COMPACTIONS[OVERRIDE_COMPACTIONS.length - 1];
  yield withOptOutLine(fillPlaceholders(text, variableValues(facts, 'sms', last)), facts.language, ' ', 'short');
}

/** The shipped words with the opt-out line, from the full list to the short form. */
export function* shippedTries(facts: MessageFacts, tone: Tone): Generator<string> {
  const text = SMS_TEXTS[facts.language];
  const values = variableValues(facts, 'sms');
  // Several invoices and no portal: the link pays the first one only, and every form says so.
  const only = linkPaysOnly(facts);
  const vars = (customerName: string): SmsVars => ({
    companyName: facts.companyName,
    customerName,
    ...(facts.addressee === 'person' ? { person: true } : {}),
    count: facts.invoices.length,
    firstNumber: facts.invoices[0]?.number ?? '',
    list: values.invoiceList ?? '',
    total: facts.total,
    lateCount: facts.lateCount,
    lateTotal: facts.lateTotal,
    oldestDueDate: facts.oldestDueDateShort,
    daysPastDue: facts.daysPastDue,
    ...(facts.oldestRolledToShort ? { rolledTo: facts.oldestRolledToShort } : {}),
    ...(facts.otherOverdueNumbers.length > 0 ? { otherOverdueCount: facts.otherOverdueNumbers.length, otherOverdueTotal: facts.otherOverdueTotal } : {}),
    link: facts.payUrl,
    ...(only !== undefined ? { linkPaysOnly: only } : {}),
  });
  // The name as written; without what GSM-7 cannot carry (an emoji makes the whole SMS UCS-2, at
  // 70 characters a segment instead of 160); cut short.
  const gsmName = gsmOnly(facts.customerName);
  const names = [...new Set([facts.customerName, gsmName, truncate(gsmName, NAME_SHORT)])].filter((name) => name !== '');
  const forms: SmsForm[] = facts.invoices.length > 1 ? ['list', 'summary'] : ['list'];
  const withLine = (body: string): string => withOptOutLine(body, facts.language, ' ');
  // The account's other overdue invoices: in a sentence, else in a few characters (short forms always).
  const mentions: readonly Partial<SmsVars>[] = facts.otherOverdueNumbers.length > 0 ? [{}, { otherOverdueShort: true }] : [{}];
  for (const form of forms) {
    for (const name of names) {
      for (const mention of mentions) yield withLine(text(facts.template, tone, { ...vars(name), ...mention }, form));
    }
  }
  const shortest = text(facts.template, tone, vars(''), 'short');
  yield withLine(shortest);
  yield withOptOutLine(shortest, facts.language, ' ', 'short');
  // A due date on a weekend or holiday costs words to explain: when even the short form cannot
  // carry them, only until when it can be paid without being late, never a due date it does not have.
  if (facts.oldestRolledToShort !== undefined && facts.daysPastDue <= 0) {
    const terse = text(facts.template, tone, { ...vars(''), terse: true }, 'short');
    yield withLine(terse);
    yield withOptOutLine(terse, facts.language, ' ', 'short');
  }
  // Naming the invoice the link pays costs characters: when even the short form cannot carry it,
  // the state goes, never the name.
  if (only !== undefined) {
    const bare = text(facts.template, tone, vars(''), 'bare');
    yield withLine(bare);
    yield withOptOutLine(bare, facts.language, ' ', 'short');
  }
  // The account's other overdue invoices are said in every form above; a budget that cannot carry
  // even their short mention sends the reminder without it rather than not at all.
  if (facts.otherOverdueNumbers.length > 0) {
    const alone = { ...vars(''), otherOverdueCount: 0 };
    const last = text(facts.template, tone, facts.daysPastDue <= 0 && facts.oldestRolledToShort !== undefined ? { ...alone, terse: true } : alone, only !== undefined ? 'bare' : 'short');
    yield withOptOutLine(last, facts.language, ' ', 'short');
  }
}

/** `text` in GSM-7: accents dropped where needed (`gsmSafe`), anything else left out. */
function gsmOnly(text: string): string {
  return [...gsmSafe(text)]
    .filter((ch) => isGsm7(ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}
