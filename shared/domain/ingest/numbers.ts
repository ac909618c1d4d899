/**
 * Reading amounts the way people write them: `1234.56`, `1,234.56`, `1.234,56`, `1234,56`, `1 234,56`,
 * `$1,234.56`, `MXN 1,234.56`, `(1,234.56)`. Everything is done on digit strings; a value never
 * passes through a float.
 */

export type DecimalSeparator = '.' | ',';

/** A decimal number as digit strings: `-1234.5` → { negative: true, integer: '1234', fraction: '5' }. */
export interface Decimal {
  readonly negative: boolean;
  /** Digits only, no leading zeros (but at least `0`). */
  readonly integer: string;
  /** Digits only, possibly empty. */
  readonly fraction: string;
}

/** An amount cell taken apart: sign, the number's text, and any currency symbol or code around it. */
export interface AmountText {
  readonly negative: boolean;
  /** Digits with `.`, `,` and spaces, e.g. `1.234,56`. */
  readonly body: string;
  /** `$`, `MXN`, `US$`, `S/.`, … as written, when there was one. */
  readonly token: string | undefined;
}

/**
 * What a number's own text says about the decimal separator.
 * - `integer`: no separator that could be decimal (`1500`, `1 500`).
 * - `decimal`: unambiguous evidence: both separators (`1,234.56`), a separator not followed by exactly
 *   three digits (`1234,5`), or one repeated (`1.234.567` can only be thousands).
 * - `ambiguous`: one separator followed by exactly three digits (`1,234`, `1.500`).
 * - `invalid`: not a number in any convention.
 */
export type NumberShape =
  | { readonly kind: 'integer' }
  | { readonly kind: 'decimal'; readonly decimal: DecimalSeparator }
  | { readonly kind: 'ambiguous'; readonly separator: DecimalSeparator }
  | { readonly kind: 'invalid' };

const SPACE_LIKE = /[\u00A0\u2007\u2009\u202F]/g;
// A currency token: letters and currency symbols (`MXN`, `US$`, `R$`, `€`); it may end in `/.` or
// letter + `.` (`S/.`, `Bs.`) but a bare `$` never swallows the decimal point of `$.50`.
const TOKEN = String.raw`(?:[\p{L}\p{Sc}/]*[\p{L}/]\.|[\p{L}\p{Sc}][\p{L}\p{Sc}/]*)`;
const AMOUNT = new RegExp(
  String.raw`^(?<s1>[+-])?\s*(?<t1>${TOKEN})?\s*(?<s2>[+-])?\s*(?<body>[\d.,][\d., ]*?)\s*(?<s3>-)?\s*(?<t2>${TOKEN})?\s*(?<s4>-)?$`,
  'u',
);

/**
 * Separates sign, currency token and number text. Undefined when the cell is not an amount at all
 * (`N/A`, `pendiente`, two signs, two currency tokens).
 *
 * @example splitAmountText('-$1,234.56') // { negative: true, body: '1,234.56', token: '$' }
 */
export function splitAmountText(raw: string): AmountText | undefined {
  let text = raw.replace(SPACE_LIKE, ' ').replace(/\u2212/g, '-').trim();
  let parenthesised = false;
  if (/^\(.*\)$/.test(text)) {
    parenthesised = true;
    text = text.slice(1, -1).trim();
  }
  const match = AMOUNT.exec(text);
  const groups = match?.groups;
  if (!groups || !/\d/.test(groups['body'] ?? '')) return undefined;
  const signs = [groups['s1'], groups['s2'], groups['s3'], groups['s4']].filter((sign) => sign !== undefined);
  if (signs.length > 1 || (groups['t1'] && groups['t2'])) return undefined;
  const negative = parenthesised || signs[0] === '-';
  if (parenthesised && signs.length > 0) return undefined;
  return { negative, body: groups['body'] ?? '', token: groups['t1'] ?? groups['t2'] };
}

/** Classifies a number's text (see NumberShape). */
export function numberShape(body: string): NumberShape {
  const hasDot = body.includes('.');
  const hasComma = body.includes(',');
  if (hasDot && hasComma) {
    const decimal: DecimalSeparator = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    return parseNumber(body, decimal, false) ? { kind: 'decimal', decimal } : { kind: 'invalid' };
  }
  if (!hasDot && !hasComma) return parseNumber(body, '.', false) ? { kind: 'integer' } : { kind: 'invalid' };

  const separator: DecimalSeparator = hasDot ? '.' : ',';
  const other: DecimalSeparator = hasDot ? ',' : '.';
  const parts = body.split(separator);
  if (parts.length > 2) {
    // Repeated: it can only be the thousands separator, so the other one is the decimal.
    return parseNumber(body, other, false) ? { kind: 'decimal', decimal: other } : { kind: 'invalid' };
  }
  if (!parseNumber(body, separator, false)) {
    return parseNumber(body, other, false) ? { kind: 'decimal', decimal: other } : { kind: 'invalid' };
  }
  const [before = '', after = ''] = parts;
  // `1.500` could be 1.5 or 1500. `0.500`, `1234.567`, `1 234,567` or `.500` cannot be thousands.
  const couldBeThousands = after.length === 3 && /^[1-9]\d{0,2}$/.test(before);
  return couldBeThousands ? { kind: 'ambiguous', separator } : { kind: 'decimal', decimal: separator };
}

/**
 * Reads a number's text with a known decimal separator; the other separator (or a space) may group
 * thousands, in groups of three. Undefined when the text does not fit that convention.
 *
 * @example parseNumber('1.234,56', ',', false) // { negative: false, integer: '1234', fraction: '56' }
 */
export function parseNumber(body: string, decimal: DecimalSeparator, negative: boolean): Decimal | undefined {
  const grouping = decimal === '.' ? ',' : '.';
  const parts = body.split(decimal);
  if (parts.length > 2) return undefined;
  const [whole = '', fraction] = parts;
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return undefined;
  let integer: string;
  if (whole === '') {
    if (fraction === undefined) return undefined;
    integer = '0';
  } else if (/^\d+$/.test(whole)) {
    integer = whole;
  } else if (groupedBy(whole, grouping) || groupedBy(whole, ' ')) {
    integer = whole.replace(/\D/g, '');
  } else {
    return undefined;
  }
  return { negative, integer: integer.replace(/^0+(?=\d)/, ''), fraction: fraction ?? '' };
}

const GROUPED: Readonly<Record<string, RegExp>> = {
  ',': /^\d{1,3}(?:,\d{3})+$/,
  '.': /^\d{1,3}(?:\.\d{3})+$/,
  ' ': /^\d{1,3}(?: \d{3})+$/,
};

/** `1,234,567` grouped by `,`: a first group of 1–3 digits, then groups of exactly 3. */
function groupedBy(whole: string, separator: ',' | '.' | ' '): boolean {
  return GROUPED[separator]?.test(whole) ?? false;
}

/**
 * A JSON number (a decimal in major units) as digit strings, without float arithmetic: the shortest
 * round-trip text of the number is taken apart (`1234.5` → '1234' + '5'; `1e-7` → '0' + '0000001').
 */
export function decimalFromNumber(value: number): Decimal | undefined {
  if (!Number.isFinite(value)) return undefined;
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(value)));
  if (!match) return undefined;
  const digits = `${match[1] ?? ''}${match[2] ?? ''}`;
  const point = (match[1] ?? '').length + Number(match[3] ?? 0);
  let integer: string;
  let fraction: string;
  if (point <= 0) {
    integer = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    integer = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    integer = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  return { negative: value < 0, integer: integer.replace(/^0+(?=\d)/, ''), fraction: fraction.replace(/0+$/, '') };
}
