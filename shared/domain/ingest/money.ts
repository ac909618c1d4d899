import type { Decimal } from './numbers.js';

/** ISO 4217 currencies whose minor unit is not 2 (cents): 0 = no minor unit, 3 = thousandths, 4. */
const EXPONENT_NOT_2: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Active ISO 4217 currency codes with a minor unit of 2 (funds and precious metals left out). */
const EXPONENT_2 =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF ' +
  'CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF ' +
  'IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN ' +
  'MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS ' +
  'SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...EXPONENT_2.split(' ').map((code) => [code, 2] as const),
  ...Object.entries(EXPONENT_NOT_2),
]);

/**
 * The ISO 4217 minor-unit exponent: 2 for MXN, USD, COP, PEN, BRL, ARS, EUR; 0 for CLP, JPY, PYG;
 * 3 for BHD, KWD. Undefined for a code that is not an active currency.
 *
 * @example currencyExponent('CLP') // 0
 */
export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code);
}

/** Symbols that name exactly one currency. A bare `$` does not (pesos or dollars?) and is refused. */
const SYMBOLS: Readonly<Record<string, string>> = {
  'US$': 'USD', U$S: 'USD', USD$: 'USD', 'R$': 'BRL', 'S/': 'PEN', 'S/.': 'PEN', '€': 'EUR', '£': 'GBP',
  MX$: 'MXN', MXN$: 'MXN', COL$: 'COP', COP$: 'COP', CLP$: 'CLP', ARS$: 'ARS', UYU$: 'UYU', 'Q': 'GTQ', '₡': 'CRC',
  '₲': 'PYG', RD$: 'DOP',
};

/** "Moneda nacional": the country's own currency (common on Mexican invoices as `M.N.`). */
const NATIONAL_CURRENCY = new Set(['MN', 'M.N.', 'M.N', 'MONEDA NACIONAL']);

export type CurrencyReading =
  | { readonly ok: true; readonly currency: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a currency cell: an ISO code in any case (`mxn`), a symbol that names one currency (`US$`,
 * `R$`, `S/`), or `M.N.` (moneda nacional) when the row's country is known.
 */
export function parseCurrency(text: string, nationalCurrency: string | undefined): CurrencyReading {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (EXPONENTS.has(upper)) return { ok: true, currency: upper };
  const symbol = SYMBOLS[trimmed] ?? SYMBOLS[upper];
  if (symbol) return { ok: true, currency: symbol };
  if (NATIONAL_CURRENCY.has(upper)) {
    if (nationalCurrency) return { ok: true, currency: nationalCurrency };
    return { ok: false, reason: `currency '${trimmed}' (moneda nacional) needs a known country on the row; write the ISO code, e.g. MXN` };
  }
  if (trimmed === '$') return { ok: false, reason: `currency '$' is ambiguous (pesos or dollars?); write the ISO code, e.g. MXN or USD` };
  return { ok: false, reason: `unknown currency '${trimmed}'; use an ISO 4217 code such as MXN, COP, USD` };
}

/** The currency a symbol or code inside an amount cell names (`USD 1,200.00`, `R$ 10,00`), if any. */
export function currencyOfToken(token: string): string | undefined {
  const upper = token.toUpperCase();
  if (EXPONENTS.has(upper)) return upper;
  return SYMBOLS[token] ?? SYMBOLS[upper];
}

export type MinorUnitsReading =
  | { readonly ok: true; readonly minor: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Exact conversion of a decimal to integer minor units: `1234.5` USD → 123450; `1500` CLP → 1500.
 * Digits beyond the currency's exponent must be zeros (`1500.00` CLP is fine, `1500.50` CLP is
 * refused): nothing is ever rounded. Works on the digit strings (BigInt), never on floats.
 */
export function toMinorUnits(value: Decimal, currency: string): MinorUnitsReading {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { ok: false, reason: `unknown currency '${currency}'` };
  const beyond = value.fraction.slice(exponent);
  if (/[1-9]/.test(beyond)) {
    const places = value.fraction.replace(/0+$/, '').length;
    const allowed = exponent === 0 ? `${currency} has no decimals` : `${currency} allows ${exponent}`;
    return { ok: false, reason: `has ${places} decimal${places === 1 ? '' : 's'} but ${allowed}; nothing was rounded, fix the value` };
  }
  const digits = `${value.integer}${value.fraction.slice(0, exponent).padEnd(exponent, '0')}`;
  const minor = BigInt(digits);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'is too large' };
  const number = Number(minor);
  return { ok: true, minor: value.negative && number !== 0 ? -number : number };
}

/** Minor units back to a plain decimal string for messages: 123450 USD → `1234.50`. */
export function formatMinorUnits(minor: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2;
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
