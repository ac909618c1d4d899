import { currencyExponent } from '../ingest/money.js';

/**
 * Digits after the decimal point in the currency's minor unit (ISO 4217): `MXN` 2, `CLP` 0, `KWD` 3;
 * 2 for a code ingest would not have accepted. The table is ingest's, so amounts are read back with
 * the exponent they were stored with. (Not Intl's digits: CLDR displays COP with none, ISO has 2.)
 */
export function currencyMinorDigits(currency: string): number {
  return currencyExponent(currency.toUpperCase()) ?? 2;
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/**
 * An amount in minor units as the debtor reads money: `$12,345.67` (es-MX, MXN), `$ 1.234.567` (es-CO,
 * COP, whole pesos), `$1.234.567` (es-CL, CLP). Exact: the integer is turned into a decimal string, never
 * divided as a float. Cents are always shown where the locale usually shows them, and only when not zero
 * where it usually does not (COP), so a balance is never rounded in a payment request.
 *
 * @example
 * formatMoney(1234567, 'MXN', 'es-MX') // '$12,345.67'
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyMinorDigits(currency);
  const decimal = toDecimalString(minor, digits);
  const key = `${locale}\u0000${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    format = moneyFormat(locale, currency, digits);
    moneyFormats.set(key, format);
  }
  return format ? format.format(decimal as `${number}`) : `${decimal} ${currency}`;
}

function moneyFormat(locale: string, currency: string, digits: number): Intl.NumberFormat | null {
  try {
    const usual = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? digits;
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      ...(usual < digits ? { trailingZeroDisplay: 'stripIfInteger' as const } : {}),
    });
  } catch {
    // Not a well-formed currency code (ingest validates; this keeps a render from failing on it).
    return null;
  }
}

function toDecimalString(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const units = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/**
 * A calendar date (`YYYY-MM-DD`) in the locale's long style: `15 de diciembre de 2026`,
 * `December 15, 2026`. A calendar date is the same day in every zone, so `zone` is not needed (it is
 * kept for the callers that pass it).
 */
export function formatDate(date: string, locale: string, _zone: string): string {
  return dateFormat(locale, 'long').format(calendarNoon(date));
}

/**
 * A calendar day as the instant of its noon in UTC, to be formatted in UTC: the day printed is the
 * day written, whatever the debtor's offset (Kiritimati is UTC+14) and without a zone lookup.
 */
function calendarNoon(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one; a policy check formats hundreds of dates. */
function dateFormat(locale: string, style: 'long' | 'short'): Intl.DateTimeFormat {
  const key = `${locale}\u0000${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, style === 'long' ? { dateStyle: 'long', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format;
}

export interface MessageLocale {
  /** The language of the texts: Spanish for any `es*` locale, English otherwise. */
  readonly language: 'es' | 'en';
  /** The BCP 47 locale used to format amounts and dates, e.g. `es-MX`. */
  readonly locale: string;
}

/**
 * The language and formatting locale of a debtor's messages. The account's locale is used as is when it
 * is valid and in the message language; otherwise the bare language. A locale without a region takes
 * the account's country (`es` + `CO` → `es-CO`) so amounts look local (`$ 1.234.567`, not `1.234.567 COP`).
 *
 * @example
 * messageLocale('es_MX')       // { language: 'es', locale: 'es-MX' }
 * messageLocale('pt-BR', 'BR') // { language: 'en', locale: 'en-BR' }
 */
export function messageLocale(accountLocale: string, country?: string): MessageLocale {
  const normalized = accountLocale.trim().replace(/_/g, '-');
  const language = normalized.split('-')[0]?.toLowerCase() === 'es' ? 'es' : 'en';
  let locale = canonical(normalized);
  if (locale === undefined || new Intl.Locale(locale).language !== language) locale = language;
  if (new Intl.Locale(locale).region === undefined && country && /^[A-Za-z]{2}$/.test(country)) {
    locale = canonical(`${locale}-${country.toUpperCase()}`) ?? locale;
  }
  return { language, locale };
}

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * A calendar date in a few characters, for SMS: `15 dic` (es-MX), `Dec 15` (en-US). No year: an SMS
 * speaks of days around today.
 */
export function formatShortDate(date: string, locale: string): string {
  return dateFormat(locale, 'short').format(calendarNoon(date));
}

/**
 * Balances of several currencies as one phrase: each currency's sum formatted for the locale, in the
 * order the currencies first appear, joined with ` + ` (money of two currencies is never added up).
 *
 * @example
 * formatTotals([{ currency: 'MXN', minor: 150000 }, { currency: 'USD', minor: 2000 }], 'es-MX') // '$1,500.00 + USD 20.00'
 */
export function formatTotals(amounts: readonly { readonly currency: string; readonly minor: number }[], locale: string): string {
  const sums = new Map<string, number>();
  for (const { currency, minor } of amounts) sums.set(currency, (sums.get(currency) ?? 0) + minor);
  return [...sums].map(([currency, minor]) => formatMoney(minor, currency, locale)).join(' + ');
}

/**
 * Items as the locale lists them: `F-1, F-2 y F-3` (es), `F-1, F-2, and F-3` (en).
 */
export function formatList(items: readonly string[], locale: string): string {
  let format = listFormats.get(locale);
  if (format === undefined) {
    try {
      format = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
    } catch {
      format = null;
    }
    listFormats.set(locale, format);
  }
  return format ? format.format(items) : items.join(', ');
}

const listFormats = new Map<string, Intl.ListFormat | null>();
