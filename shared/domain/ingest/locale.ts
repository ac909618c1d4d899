import { countryProfile } from './countries.js';
import { truncate } from './headers.js';
import { memo, type Optional } from './optional.js';

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
