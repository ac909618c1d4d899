import { currencyExponent, toMinorUnits } from '../../ingest/money.js';
import { parseNumber, type DecimalSeparator } from '../../ingest/numbers.js';
import { readDate } from '../../ingest/dates.js';
import { truncate } from '../../ingest/headers.js';

export type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Machine-written amounts (XML `xs:decimal`, MT940 `1234,56` / `15000,`) → integer minor units,
 * exactly (digit strings, never floats). `label` names the field in the reason: `amount "12.3x" is not
 * a number`. Negative values are not accepted here: the files give direction separately.
 */
export function machineAmount(raw: string | undefined, separator: DecimalSeparator, currency: string, label: string): Reading<number> {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: `no ${label}` };
  const syntax = separator === '.' ? /^\+?(?:\d+(?:\.\d*)?|\.\d+)$/ : /^\d+,\d*$/;
  // `15000,` (MT940 allows a bare trailing comma) and `15.` mean whole units.
  const body = text.replace(/^\+/, '').replace(/[.,]$/, '');
  const decimal = syntax.test(text) ? parseNumber(body, separator, false) : undefined;
  if (!decimal) return { ok: false, reason: `${label} "${shorten(text)}" is not a number` };
  const minor = toMinorUnits(decimal, currency);
  if (!minor.ok) return { ok: false, reason: `${label} "${shorten(text)}" ${minor.reason}` };
  return { ok: true, value: minor.minor };
}

/** An ISO 4217 code as written in the file (`Ccy`, `MonedaP`, `:60F:`), checked. */
export function isoCurrency(raw: string | undefined, label: string): Reading<string> {
  const code = (raw ?? '').trim().toUpperCase();
  if (code === '') return { ok: false, reason: `no ${label}` };
  if (currencyExponent(code) === undefined) return { ok: false, reason: `${label} "${shorten(code)}" is not an ISO 4217 currency code` };
  return { ok: true, value: code };
}

/** `2014-12-31` or `2014-12-31T13:15:00+01:00` → `2014-12-31` (the date as the bank wrote it). */
export function isoDate(raw: string | undefined, label: string): Reading<string> {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: `no ${label}` };
  if (!/^\d{4}-\d{2}-\d{2}(?:$|T)/.test(text)) return { ok: false, reason: `${label} "${shorten(text)}" is not a date (expected YYYY-MM-DD)` };
  const reading = readDate(text.slice(0, 10), 'DMY');
  return reading.ok ? { ok: true, value: reading.date } : { ok: false, reason: `${label} "${shorten(text)}" is not a valid date: ${reading.detail}` };
}

/** The reasons of the failed readings, once each (a failed currency also fails the amount read in it). */
export function reasons(...readings: readonly Reading<unknown>[]): string {
  const found = readings.flatMap((reading) => (reading.ok ? [] : [reading.reason]));
  return [...new Set(found)].join('; ');
}

/** Keeps a quoted value short enough for a message (the ingest reader's rule). */
export function shorten(text: string): string {
  return truncate(text, 40);
}
