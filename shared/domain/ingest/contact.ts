import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { countryProfile } from './countries.js';
import { truncate } from './headers.js';

/**
 * The optional contact fields of an account. A bad value never rejects the row: it is dropped (or
 * replaced by a default) and the row carries a warning saying so.
 */
export interface Optional<T> {
  readonly value: T | undefined;
  readonly warnings: readonly string[];
}

const EMAIL = /^[^\s@<>()[\],;:"]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;

/**
 * A deliverable-looking address. A cell with several (`a@x.com; b@x.com`) keeps the first valid
 * one; `Ana Pérez <ana@x.com>` keeps the address. The domain is lower-cased.
 */
export function readEmail(raw: string): Optional<string> {
  const bracketed = [...raw.matchAll(/<([^>]*)>/g)].map((match) => match[1] ?? '');
  const candidates = (bracketed.length > 0 ? bracketed : raw.split(/[;,\s]+/))
    .map((part) => part.replace(/^mailto:/i, '').trim())
    .filter((part) => part !== '');
  const valid = candidates.filter((candidate) => EMAIL.test(candidate));
  const first = valid[0];
  if (first === undefined) return { value: undefined, warnings: [`invalid email '${truncate(raw.trim(), 80)}' skipped`] };
  const at = first.lastIndexOf('@');
  const email = `${first.slice(0, at)}@${first.slice(at + 1).toLowerCase()}`;
  const others = candidates.filter((candidate) => candidate !== first);
  const warnings = others.length > 0 ? [`only the first email '${email}' is used; ignored: ${others.map((o) => `'${o}'`).join(', ')}`] : [];
  return { value: email, warnings };
}

/**
 * A small memo for the expensive lookups (phone metadata, Intl zones): the same customer's phone
 * repeats on each of its invoices. Bounded: it is simply emptied when full.
 */
function memo<R>(compute: (key: string) => R, max = 10_000): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    if (cache.size >= max) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/**
 * E.164 (`+525512345678`) using the row's country for numbers written without a country code.
 * Several numbers in one cell (`55 1234 5678 / 55 8765 4321`): the first valid one is kept.
 */
export function readPhone(raw: string, country: string | undefined): Optional<string> {
  return phoneMemo(`${country ?? ''}\u0000${raw}`);
}

const phoneMemo = memo((key) => {
  const [country = '', raw = ''] = key.split('\u0000');
  return computePhone(raw, country === '' ? undefined : country);
});

function computePhone(raw: string, country: string | undefined): Optional<string> {
  const pieces = raw.split(/\s*[/;,|]\s*/).filter((piece) => piece.trim() !== '');
  const region = country && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  for (const [index, piece] of pieces.entries()) {
    const phone = parsePhone(piece, region);
    if (phone) {
      const rest = pieces.filter((_, other) => other !== index);
      return {
        value: phone,
        warnings: rest.length > 0 ? [`only the phone '${piece.trim()}' is used; ignored: ${rest.map((r) => `'${r.trim()}'`).join(', ')}`] : [],
      };
    }
  }
  const shown = truncate(raw.trim(), 60);
  const international = /^\s*(\+|00)/.test(raw);
  const reason = !region && !international
    ? `phone '${shown}' has no country code and the row has no country; skipped (write it as +52 55 1234 5678)`
    : `invalid phone '${shown}' skipped`;
  return { value: undefined, warnings: [reason] };
}

function parsePhone(text: string, region: CountryCode | undefined): string | undefined {
  const attempts: (PhoneNumber | undefined)[] = [parsePhoneNumberFromString(text, region ? { defaultCountry: region } : {})];
  const digits = text.replace(/\D/g, '');
  // Country code written without the `+` (`52 55 1234 5678`, how WhatsApp exports look): only when
  // the digits start with the row's calling code, or (no country) are too long for a national number.
  const withoutPlus = !/^\s*(\+|00)/.test(text);
  const startsWithCode = region !== undefined && digits.startsWith(getCountryCallingCode(region));
  if (withoutPlus && (startsWithCode || (region === undefined && digits.length >= 11))) {
    attempts.push(parsePhoneNumberFromString(`+${digits}`));
  }
  for (const attempt of attempts) {
    if (attempt?.isValid()) return attempt.number;
    // Mexico dropped the mobile `1` after +52 in 2019; old lists still have `+52 1 55 …`.
    if (attempt?.countryCallingCode === '52' && /^1\d{10}$/.test(attempt.nationalNumber)) {
      const modern = parsePhoneNumberFromString(`+52${attempt.nationalNumber.slice(1)}`);
      if (modern?.isValid()) return modern.number;
    }
  }
  return undefined;
}

/**
 * An IANA zone name. Abbreviations (`CST`, `EST`) are refused on purpose: `CST` resolves to
 * America/Chicago, an hour off Mexico City for half the year. Case is fixed (`america/bogota`).
 */
export function canonicalZone(text: string): string | undefined {
  return zoneMemo(text);
}

const zoneMemo = memo((text): string | undefined => {
  const trimmed = text.trim();
  if (!trimmed.includes('/') && trimmed.toUpperCase() !== 'UTC') return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
    if (resolved.toLowerCase() === trimmed.toLowerCase()) return resolved;
    // A valid alias (Asia/Kolkata): keep the name the file used when it is written properly.
    return /^[A-Z][A-Za-z_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)+$/.test(trimmed) ? trimmed : resolved;
  } catch {
    return undefined;
  }
});

/** The account's zone: the row's, else the country's, else UTC (with a warning saying why). */
export function readTimezone(
  raw: string | undefined,
  country: string | undefined,
  warnWithoutCountry: boolean,
): Optional<string> & { value: string } {
  const fallback = countryProfile(country)?.timezone;
  const warnings: string[] = [];
  if (raw !== undefined) {
    const zone = canonicalZone(raw);
    if (zone) return { value: zone, warnings };
    const using = fallback ? `${fallback} (country ${country})` : 'UTC';
    warnings.push(`unknown time zone '${truncate(raw.trim(), 60)}'; using ${using} (write an IANA name such as America/Mexico_City)`);
    return { value: fallback ?? 'UTC', warnings };
  }
  if (fallback) return { value: fallback, warnings };
  if (country) warnings.push(`no default time zone for country ${country}; using UTC (add a timezone column)`);
  // A file without a country column gets one file-level note instead of one per row.
  else if (warnWithoutCountry) warnings.push('no country, so the time zone is UTC');
  return { value: 'UTC', warnings };
}

const LANGUAGE_NAMES: ReadonlyMap<string, string> = new Map(
  [
    ['es', 'es spa espanol spanish castellano'],
    ['en', 'en eng ingles english'],
    ['pt', 'pt por portugues portuguese'],
  ].flatMap(([code, names]) => (names ?? '').split(' ').map((name) => [name, code ?? ''] as const)),
);

/** Where a language is spoken without a country: Latin American Spanish, US English, Brazilian Portuguese. */
const REGIONLESS: Readonly<Record<string, string>> = { es: 'es-419', en: 'en-US', pt: 'pt-BR' };

/**
 * The BCP 47 locale for messages. A full tag in the file (`es-MX`, `en_US`) is used as is; a language
 * (`es`, `español`, `English`) is combined with the row's country (`es` + CO → `es-CO`). Without a
 * language: the country's own language (`es-MX`, `en-US`, `pt-BR`), English for a country outside
 * COUNTRY_PROFILES (`en-DE`), and `es-419` (Latin American Spanish) when there is no country either.
 */
export function readLocale(raw: string | undefined, country: string | undefined): Optional<string> & { value: string } {
  const fallback = defaultLocale(country);
  if (raw === undefined) return { value: fallback, warnings: [] };
  const folded = raw.trim().normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const named = LANGUAGE_NAMES.get(folded);
  if (named) return { value: withCountry(named, country), warnings: [] };
  if (/^[a-z]{2,3}([-_][a-z0-9]{2,8})*$/.test(folded)) {
    try {
      const [tag] = Intl.getCanonicalLocales(raw.trim().replace(/_/g, '-'));
      if (tag) return { value: tag.includes('-') ? tag : withCountry(tag, country), warnings: [] };
    } catch {
      // fall through to the warning
    }
  }
  return { value: fallback, warnings: [`unknown language '${truncate(raw.trim(), 40)}'; using ${fallback}`] };
}

function defaultLocale(country: string | undefined): string {
  if (!country) return 'es-419';
  return `${countryProfile(country)?.language ?? 'en'}-${country}`;
}

function withCountry(language: string, country: string | undefined): string {
  return country ? `${language}-${country}` : (REGIONLESS[language] ?? language);
}
