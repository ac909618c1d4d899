import { normaliseHeader } from './headers.js';
import type { DecimalSeparator } from './numbers.js';

/** What a debtor's country tells us when a row leaves something out. */
export interface CountryProfile {
  /** ISO 4217 currency implied when a row has no currency. */
  readonly currency: string;
  /** IANA zone used when a row has no (valid) time zone: the capital's / main business zone. */
  readonly timezone: string;
  /** Default message language: the locale becomes `<language>-<country>`. */
  readonly language: 'es' | 'en' | 'pt';
  /**
   * The decimal separator people in this country write, used only as a hint for an amount like
   * `1.500` when nothing in the file shows which separator is the decimal one. `undefined` where
   * usage is genuinely mixed: then such amounts are rejected rather than guessed.
   */
  readonly decimal: DecimalSeparator | undefined;
  /** Other ways files name the country (Spanish, English, ISO alpha-3), matched like headers. */
  readonly names: readonly string[];
}

/**
 * Country defaults. The decimal separators follow everyday business usage, which matches CLDR
 * (`Intl.NumberFormat('es-XX')`) except where noted:
 * - `.` decimal (`1,234.56`): Mexico, Central America except Costa Rica, Dominican Republic, Puerto
 *   Rico, Peru, United States, Canada (English), United Kingdom.
 * - `,` decimal (`1.234,56`): Colombia, Venezuela, Bolivia, Chile, Argentina, Uruguay, Paraguay,
 *   Brazil, Spain, Portugal; Costa Rica too (`1 234,56`, space for thousands).
 * - no hint: Ecuador (dollarised: CLDR says `,` but `.` is widespread in invoicing software) and Cuba
 *   (CLDR says `.`, everyday usage is mixed). An ambiguous amount from these countries is rejected.
 * Time zones are the zone of the capital or main business centre (Mexico City, New York, São Paulo):
 * a row with a debtor elsewhere should say so in a timezone column.
 */
export const COUNTRY_PROFILES: Readonly<Record<string, CountryProfile>> = {
  MX: { currency: 'MXN', timezone: 'America/Mexico_City', language: 'es', decimal: '.', names: ['Mexico', 'Méjico', 'MEX', 'Estados Unidos Mexicanos'] },
  GT: { currency: 'GTQ', timezone: 'America/Guatemala', language: 'es', decimal: '.', names: ['Guatemala', 'GTM'] },
  SV: { currency: 'USD', timezone: 'America/El_Salvador', language: 'es', decimal: '.', names: ['El Salvador', 'Salvador', 'SLV'] },
  HN: { currency: 'HNL', timezone: 'America/Tegucigalpa', language: 'es', decimal: '.', names: ['Honduras', 'HND'] },
  NI: { currency: 'NIO', timezone: 'America/Managua', language: 'es', decimal: '.', names: ['Nicaragua', 'NIC'] },
  CR: { currency: 'CRC', timezone: 'America/Costa_Rica', language: 'es', decimal: ',', names: ['Costa Rica', 'CRI'] },
  PA: { currency: 'USD', timezone: 'America/Panama', language: 'es', decimal: '.', names: ['Panama', 'Panamá', 'PAN'] },
  CU: { currency: 'CUP', timezone: 'America/Havana', language: 'es', decimal: undefined, names: ['Cuba', 'CUB'] },
  DO: { currency: 'DOP', timezone: 'America/Santo_Domingo', language: 'es', decimal: '.', names: ['Republica Dominicana', 'Dominican Republic', 'DOM'] },
  PR: { currency: 'USD', timezone: 'America/Puerto_Rico', language: 'es', decimal: '.', names: ['Puerto Rico', 'PRI'] },
  CO: { currency: 'COP', timezone: 'America/Bogota', language: 'es', decimal: ',', names: ['Colombia', 'COL'] },
  VE: { currency: 'VES', timezone: 'America/Caracas', language: 'es', decimal: ',', names: ['Venezuela', 'VEN'] },
  EC: { currency: 'USD', timezone: 'America/Guayaquil', language: 'es', decimal: undefined, names: ['Ecuador', 'ECU'] },
  PE: { currency: 'PEN', timezone: 'America/Lima', language: 'es', decimal: '.', names: ['Peru', 'Perú', 'PER'] },
  BO: { currency: 'BOB', timezone: 'America/La_Paz', language: 'es', decimal: ',', names: ['Bolivia', 'BOL'] },
  CL: { currency: 'CLP', timezone: 'America/Santiago', language: 'es', decimal: ',', names: ['Chile', 'CHL'] },
  AR: { currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', language: 'es', decimal: ',', names: ['Argentina', 'ARG'] },
  UY: { currency: 'UYU', timezone: 'America/Montevideo', language: 'es', decimal: ',', names: ['Uruguay', 'URY'] },
  PY: { currency: 'PYG', timezone: 'America/Asuncion', language: 'es', decimal: ',', names: ['Paraguay', 'PRY'] },
  BR: { currency: 'BRL', timezone: 'America/Sao_Paulo', language: 'pt', decimal: ',', names: ['Brasil', 'Brazil', 'BRA'] },
  ES: { currency: 'EUR', timezone: 'Europe/Madrid', language: 'es', decimal: ',', names: ['España', 'Spain', 'ESP'] },
  PT: { currency: 'EUR', timezone: 'Europe/Lisbon', language: 'pt', decimal: ',', names: ['Portugal', 'PRT'] },
  US: {
    currency: 'USD',
    timezone: 'America/New_York',
    language: 'en',
    decimal: '.',
    names: ['United States', 'United States of America', 'USA', 'EEUU', 'EE.UU.', 'EUA', 'Estados Unidos', 'Estados Unidos de America'],
  },
  CA: { currency: 'CAD', timezone: 'America/Toronto', language: 'en', decimal: '.', names: ['Canada', 'Canadá', 'CAN'] },
  GB: { currency: 'GBP', timezone: 'Europe/London', language: 'en', decimal: '.', names: ['United Kingdom', 'Reino Unido', 'UK', 'GBR'] },
};

/** ISO 3166-1 alpha-2, officially assigned codes. */
const ISO_COUNTRIES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
    'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
    'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
    'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
    'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
    'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

const NAME_INDEX: ReadonlyMap<string, string> = new Map(
  Object.entries(COUNTRY_PROFILES).flatMap(([code, profile]) => profile.names.map((name) => [normaliseHeader(name), code] as const)),
);

/**
 * An ISO 3166-1 alpha-2 code (upper case) from what a file wrote: `mx`, `MX`, `MEX`, `México`,
 * `Estados Unidos`. Undefined when not recognised.
 */
export function parseCountry(text: string): string | undefined {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && ISO_COUNTRIES.has(upper)) return upper;
  return NAME_INDEX.get(normaliseHeader(trimmed));
}

export function countryProfile(code: string | undefined): CountryProfile | undefined {
  return code === undefined ? undefined : COUNTRY_PROFILES[code];
}

/** The decimal-separator hint for a country, undefined when there is none (see COUNTRY_PROFILES). */
export function countryDecimal(code: string | undefined): DecimalSeparator | undefined {
  return countryProfile(code)?.decimal;
}
