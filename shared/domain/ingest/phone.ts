import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { truncate } from './headers.js';
import { memo, type Optional } from './optional.js';

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
