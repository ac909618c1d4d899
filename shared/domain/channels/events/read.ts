/** Small readers shared by the event parsers: JSON, zod results, times and phone numbers. */
import type { z } from 'zod';
import { ChannelEventError } from './errors.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `JSON.parse` whose failure is a ChannelEventError naming `what`. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ChannelEventError(`${what} is not JSON`, { cause: error });
  }
}

/** The parsed value, or a ChannelEventError listing the first problems by path (never the values). */
export function shaped<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
  throw new ChannelEventError(`${what} has an unexpected shape (${problems})`, { cause: result.error });
}

/**
 * Instants outside this window are someone's bug, not an event time (a seconds value read as
 * milliseconds lands in 1970): they are ignored and the next clue is used instead.
 */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

function iso(ms: number): string | undefined {
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? new Date(ms).toISOString() : undefined;
}

/** An ISO-8601 text (SES, SNS; nanoseconds allowed, as End User Messaging Social writes them). */
export function isoFromText(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  // Date.parse handles milliseconds; trim finer fractions (`…43.271279391Z`) to them.
  const trimmed = text.trim().replace(/(\.\d{3})\d+/, '$1');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(trimmed)) return undefined;
  return iso(Date.parse(trimmed));
}

/** Unix milliseconds (End User Messaging SMS `eventTimestamp`). */
export function isoFromMillis(value: unknown): string | undefined {
  return typeof value === 'number' ? iso(value) : undefined;
}

/** Unix seconds as a string or number (Meta webhook `timestamp`). */
export function isoFromSeconds(value: unknown): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  return iso(seconds * 1000);
}


const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A phone number as E.164 with `+`: providers write `+5215512345678` (SMS) or bare digits
 * (`5215512345678`, WhatsApp `wa_id`). Undefined when it is not a plausible number.
 *
 * Mexico: WhatsApp still reports Mexican mobiles with the `1` dropped from the numbering plan in 2019
 * (`521` + 10 digits); the debtor's profile holds `+52` + 10 digits, so the `1` goes (as in ingest).
 */
export function toE164(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const compact = raw.replace(/[\s().-]/g, '');
  const plus = compact.startsWith('+') ? compact : `+${compact}`;
  if (!E164.test(plus)) return undefined;
  const mexico = /^\+521(\d{10})$/.exec(plus);
  return mexico ? `+52${mexico[1]}` : plus;
}

/** Provider wording cut to a log-friendly length on one line. */
export function short(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
