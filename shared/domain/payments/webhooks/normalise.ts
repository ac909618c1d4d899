/** Building blocks the providers share: results, headers, the JSON body, dates, links, money. */
import { z } from 'zod';
import { currencyExponent, toMinorUnits } from '../../ingest/money.js';
import { decimalFromNumber, type Decimal } from '../../ingest/numbers.js';
import type { Payment } from '../types.js';
import { describeIssues } from './issues.js';
import type { WebhookAccepted, WebhookLookup, WebhookRejected, WebhookRequest } from './types.js';

export function reject(status: WebhookRejected['status'], error: string): WebhookRejected {
  return { ok: false, status, error };
}

export function accept(
  eventId: string,
  eventType: string,
  payments: Payment[],
  lookups: WebhookLookup[] = [],
  ignored?: string,
): WebhookAccepted {
  if (payments.length === 0 && lookups.length === 0) {
    return { ok: true, eventId, eventType, payments, lookups, ignored: ignored ?? `event type ${eventType} is not a payment` };
  }
  return { ok: true, eventId, eventType, payments, lookups };
}

/** A header's value, trimmed; undefined when absent or blank. Names are matched without regard to case. */
export function headerValue(request: WebhookRequest, name: string): string | undefined {
  const headers = request.headers;
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed === '' ? undefined : trimmed;
}

/** The body as JSON, or 400. Only called once the signature is verified, so the message is for the sender. */
export function parseBody(rawBody: string): { ok: true; value: unknown } | WebhookRejected {
  if (rawBody.trim() === '') return reject(400, 'body is empty; expected JSON');
  try {
    return { ok: true, value: JSON.parse(rawBody) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return reject(400, `body is not JSON: ${message.slice(0, 120)}`);
  }
}

/**
 * zod's complaint about an authentic body as a 422 naming the path (`data.object.amount: …`); `within`
 * is where the validated part sits in the body when it is not the whole body.
 */
export function shapeProblem(error: z.ZodError, what: string, within: readonly PropertyKey[] = []): WebhookRejected {
  const issues = error.issues.map((issue) => ({ ...issue, path: [...within, ...issue.path] }));
  return reject(422, `${what}: ${describeIssues(issues, 'body')}`);
}

/**
 * A Unix time in seconds as providers send it. Bounded to year 9999: a larger (still safe) integer
 * would make an Invalid Date and a thrown RangeError out of a signed but absurd payload.
 */
export const unixSeconds = z.number().int().nonnegative().max(253_402_300_799);

/** The UTC calendar date of a Unix time in seconds (within `unixSeconds`' range). */
export function utcDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/**
 * The calendar date an ISO timestamp with offset was written in (`2024-02-05T15:35:49.000-04:00` →
 * `2024-02-05`): the provider's local day is the merchant's, which UTC would move past midnight.
 */
export function writtenDate(iso: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T/.exec(iso);
  return match?.[1] !== undefined && isCalendarDate(match[1]) ? match[1] : undefined;
}

export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Links we put in provider metadata when we created the payment link or checkout:
 * `invoice_number`, `invoice_numbers` (comma separated), `account_id`, `payment_link_token`.
 * `paymentLinkToken` is the fallback token (a checkout session's `client_reference_id`).
 */
export function linksFromMetadata(
  metadata: Readonly<Record<string, unknown>> | null | undefined,
  paymentLinkToken?: string | null,
): Payment['links'] | undefined {
  const text = (key: string): string | undefined => {
    const value = metadata?.[key];
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const numbers = [text('invoice_number'), ...(text('invoice_numbers')?.split(',') ?? [])]
    .map((value) => value?.trim())
    .filter((value): value is string => value !== undefined && value !== '');
  const invoiceNumbers = [...new Set(numbers)];
  const accountId = text('account_id');
  const token = text('payment_link_token') ?? (paymentLinkToken?.trim() || undefined);
  const links = {
    ...(invoiceNumbers.length > 0 ? { invoiceNumbers } : {}),
    ...(accountId !== undefined ? { accountId } : {}),
    ...(token !== undefined ? { paymentLinkToken: token } : {}),
  };
  return Object.keys(links).length > 0 ? links : undefined;
}

/** Payment metadata: strings only, blanks dropped, undefined when nothing is left. */
export function metadataOf(
  entries: Readonly<Record<string, string | number | boolean | null | undefined>>,
): Record<string, string> | undefined {
  const kept = Object.entries(entries)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== null && entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => [key, String(value).slice(0, 500)] as const);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** Longest free text kept (names, references): what the payments queue accepts. */
const MAX_TEXT = 2000;

/**
 * Drops the fields that are undefined, so a Payment never carries `payerName: undefined`, and clips
 * free text a provider may send at any length.
 */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => [key, typeof field === 'string' ? field.slice(0, MAX_TEXT) : field]),
  ) as T;
}

export type Money = { readonly ok: true; readonly currency: string; readonly minor: number } | { readonly ok: false; readonly reason: string };

/** An ISO currency code in any case, upper-cased; an error names codes we cannot convert. */
export function knownCurrency(code: string): { ok: true; currency: string; exponent: number } | { ok: false; reason: string } {
  const currency = code.trim().toUpperCase();
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { ok: false, reason: `unknown currency "${code.slice(0, 12)}"` };
  return { ok: true, currency, exponent };
}

/**
 * A provider's integer amount in ITS minor unit (`providerExponent` decimals) to ISO minor units.
 * Exact or refused: a provider amount with digits the ISO unit cannot hold is an error, never rounded.
 */
export function fromProviderMinor(amount: number, code: string, providerExponent: (currency: string, iso: number) => number): Money {
  const known = knownCurrency(code);
  if (!known.ok) return known;
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, reason: `amount ${amount} is not a positive integer` };
  const shift = known.exponent - providerExponent(known.currency, known.exponent);
  if (shift >= 0) {
    const minor = amount * 10 ** shift;
    return Number.isSafeInteger(minor) ? { ok: true, currency: known.currency, minor } : { ok: false, reason: 'amount is too large' };
  }
  const divisor = 10 ** -shift;
  if (amount % divisor !== 0) return { ok: false, reason: `amount ${amount} has more precision than ${known.currency} allows` };
  return { ok: true, currency: known.currency, minor: amount / divisor };
}

/** A major-unit decimal (a JSON number such as 1234.5, or text such as "1234.50") to minor units, exactly. */
export function fromMajor(value: number | string, code: string): Money {
  const known = knownCurrency(code);
  if (!known.ok) return known;
  const decimal = typeof value === 'number' ? decimalFromNumber(value) : decimalFromText(value);
  if (decimal === undefined || decimal.negative) return { ok: false, reason: `amount ${String(value).slice(0, 24)} is not a positive decimal` };
  const minor = toMinorUnits(decimal, known.currency);
  if (!minor.ok) return { ok: false, reason: `amount ${String(value).slice(0, 24)} ${minor.reason}` };
  if (minor.minor <= 0) return { ok: false, reason: `amount ${String(value).slice(0, 24)} is not positive` };
  return { ok: true, currency: known.currency, minor: minor.minor };
}

/** `1234.56` → digits; plain decimal notation only (no sign, grouping, exponent or currency). */
function decimalFromText(text: string): Decimal | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  return { negative: false, integer: (match[1] ?? '0').replace(/^0+(?=\d)/, ''), fraction: match[2] ?? '' };
}
