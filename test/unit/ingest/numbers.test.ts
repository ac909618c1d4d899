import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMinorUnits } from '../../../shared/domain/ingest/index.js';
import { toMinorUnits } from '../../../shared/domain/ingest/money.js';
import {
  decimalFromNumber,
  numberShape,
  parseNumber,
  splitAmountText,
  type DecimalSeparator,
} from '../../../shared/domain/ingest/numbers.js';

describe('splitAmountText', () => {
  it.each([
    ['1234.56', { negative: false, body: '1234.56', token: undefined }],
    ['$1,234.56', { negative: false, body: '1,234.56', token: '$' }],
    ['MXN 1,234.56', { negative: false, body: '1,234.56', token: 'MXN' }],
    ['1.234,56 €', { negative: false, body: '1.234,56', token: '€' }],
    ['S/. 1,234.50', { negative: false, body: '1,234.50', token: 'S/.' }],
    ['US$ 10', { negative: false, body: '10', token: 'US$' }],
    ['$.50', { negative: false, body: '.50', token: '$' }],
    ['1\u00A0234,56', { negative: false, body: '1 234,56', token: undefined }],
    ['-$5.00', { negative: true, body: '5.00', token: '$' }],
    ['$-5.00', { negative: true, body: '5.00', token: '$' }],
    ['5.00-', { negative: true, body: '5.00', token: undefined }],
    ['(1,234.56)', { negative: true, body: '1,234.56', token: undefined }],
  ])('takes %s apart', (raw, expected) => {
    expect(splitAmountText(raw)).toEqual(expected);
  });

  it.each(['', 'N/A', 'pendiente', '--5', '$5 MXN', '(-5)'])('refuses %j', (raw) => {
    expect(splitAmountText(raw)).toBeUndefined();
  });
});

describe('numberShape', () => {
  it.each([
    ['1500', { kind: 'integer' }],
    ['1 500', { kind: 'integer' }],
    ['1,234.56', { kind: 'decimal', decimal: '.' }],
    ['1.234,56', { kind: 'decimal', decimal: ',' }],
    ['1234,56', { kind: 'decimal', decimal: ',' }],
    ['1234.5', { kind: 'decimal', decimal: '.' }],
    ['1 234,56', { kind: 'decimal', decimal: ',' }],
    ['1.234.567', { kind: 'decimal', decimal: ',' }],
    ['1,234,567', { kind: 'decimal', decimal: '.' }],
    ['0,500', { kind: 'decimal', decimal: ',' }],
    ['1234,567', { kind: 'decimal', decimal: ',' }],
    ['.500', { kind: 'decimal', decimal: '.' }],
    ['1,234', { kind: 'ambiguous', separator: ',' }],
    ['1.500', { kind: 'ambiguous', separator: '.' }],
    ['999.999', { kind: 'ambiguous', separator: '.' }],
    ['1,23,456', { kind: 'invalid' }],
    ['1.234,567.89', { kind: 'invalid' }],
    ['12 34', { kind: 'invalid' }],
    ['1234.', { kind: 'invalid' }],
  ])('%s → %j', (body, shape) => {
    expect(numberShape(body)).toEqual(shape);
  });
});

describe('parseNumber', () => {
  it.each([
    ['1234.56', '.', '1234', '56'],
    ['1,234.56', '.', '1234', '56'],
    ['1.234,56', ',', '1234', '56'],
    ['1234,56', ',', '1234', '56'],
    ['1 234,56', ',', '1234', '56'],
    ['1 234.56', '.', '1234', '56'],
    ['0001.5', '.', '1', '5'],
    ['1.500', ',', '1500', ''],
  ] as const)('%s with %s as decimal → %s + %s', (body, decimal, integer, fraction) => {
    expect(parseNumber(body, decimal, false)).toEqual({ negative: false, integer, fraction });
  });

  it('refuses grouping that does not fit the convention', () => {
    expect(parseNumber('1,234.56', ',', false)).toBeUndefined();
    expect(parseNumber('12,34.56', '.', false)).toBeUndefined();
  });
});

describe('money', () => {
  it('uses the ISO 4217 exponents', () => {
    expect(['MXN', 'COP', 'USD', 'PEN', 'BRL', 'ARS', 'EUR'].map(currencyExponent)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(['CLP', 'JPY', 'PYG'].map(currencyExponent)).toEqual([0, 0, 0]);
    expect(['BHD', 'KWD'].map(currencyExponent)).toEqual([3, 3]);
    expect(currencyExponent('XYZ')).toBeUndefined();
  });

  it('converts exactly, without rounding', () => {
    expect(toMinorUnits({ negative: false, integer: '1234', fraction: '5' }, 'USD')).toEqual({ ok: true, minor: 123450 });
    expect(toMinorUnits({ negative: false, integer: '1500', fraction: '' }, 'CLP')).toEqual({ ok: true, minor: 1500 });
    expect(toMinorUnits({ negative: false, integer: '1500', fraction: '00' }, 'CLP')).toEqual({ ok: true, minor: 1500 });
    expect(toMinorUnits({ negative: false, integer: '1', fraction: '234' }, 'KWD')).toEqual({ ok: true, minor: 1234 });
    expect(toMinorUnits({ negative: false, integer: '90071992547409', fraction: '91' }, 'USD')).toEqual({ ok: true, minor: 9007199254740991 });
  });

  it('refuses more decimals than the currency has, and values past 2^53', () => {
    expect(toMinorUnits({ negative: false, integer: '1500', fraction: '5' }, 'CLP')).toEqual({
      ok: false,
      reason: 'has 1 decimal but CLP has no decimals; nothing was rounded, fix the value',
    });
    expect(toMinorUnits({ negative: false, integer: '10', fraction: '005' }, 'USD')).toEqual({
      ok: false,
      reason: 'has 3 decimals but USD allows 2; nothing was rounded, fix the value',
    });
    expect(toMinorUnits({ negative: false, integer: '90071992547409', fraction: '92' }, 'USD')).toEqual({ ok: false, reason: 'is too large' });
  });

  it('formats minor units back for messages', () => {
    expect(formatMinorUnits(123450, 'USD')).toBe('1234.50');
    expect(formatMinorUnits(5, 'MXN')).toBe('0.05');
    expect(formatMinorUnits(1500, 'CLP')).toBe('1500');
    expect(formatMinorUnits(1234, 'KWD')).toBe('1.234');
  });
});

describe('decimalFromNumber (JSON numbers are major units)', () => {
  it.each([
    [1234.5, '1234', '5'],
    [1234.56, '1234', '56'],
    [0.1, '0', '1'],
    [100, '100', ''],
    [1e21, '1000000000000000000000', ''],
    [1.5e-7, '0', '00000015'],
  ])('%d → %s + %s', (value, integer, fraction) => {
    expect(decimalFromNumber(value)).toEqual({ negative: false, integer, fraction });
  });

  it('parses back any cents amount written in JSON to the same minor units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999_999 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        const decimal = decimalFromNumber(JSON.parse(text) as number);
        expect(decimal && toMinorUnits(decimal, 'USD')).toEqual({ ok: true, minor: cents });
      }),
    );
  });
});

/** Writes minor units the way one of the five common styles would. */
function format(minor: number, exponent: number, style: number): { text: string; decimal: DecimalSeparator } {
  const digits = String(minor).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : digits.slice(-exponent);
  const group = (separator: string): string => whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  const styles: { whole: string; decimal: DecimalSeparator }[] = [
    { whole, decimal: '.' }, // 1234.56
    { whole: group(','), decimal: '.' }, // 1,234.56
    { whole: group('.'), decimal: ',' }, // 1.234,56
    { whole, decimal: ',' }, // 1234,56
    { whole: group(' '), decimal: ',' }, // 1 234,56
  ];
  const chosen = styles[style] ?? { whole, decimal: '.' };
  return { text: fraction ? `${chosen.whole}${chosen.decimal}${fraction}` : chosen.whole, decimal: chosen.decimal };
}

describe('round trip', () => {
  it('reads back any amount formatted in any of the common styles, for 0, 2 and 3 decimal currencies', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('CLP', 'MXN', 'KWD'),
        fc.constantFrom('', '$', 'MXN ', ' €'),
        (minor, style, currency, symbol) => {
          const exponent = currencyExponent(currency) ?? 2;
          const { text, decimal } = format(minor, exponent, style);
          const written = symbol.startsWith(' ') ? `${text}${symbol}` : `${symbol}${text}`;
          const parts = splitAmountText(written);
          expect(parts?.body).toBe(text);
          const shape = numberShape(text);
          // The text's own evidence never contradicts the style it was written in.
          if (shape.kind === 'decimal') expect(shape.decimal).toBe(decimal);
          expect(shape.kind).not.toBe('invalid');
          const value = parseNumber(text, decimal, false);
          expect(value && toMinorUnits(value, currency)).toEqual({ ok: true, minor });
        },
      ),
      { numRuns: 500 },
    );
  });
});
