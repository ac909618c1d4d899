import { describeValue } from './cells.js';
import { truncate } from './headers.js';
import { currencyOfToken, toMinorUnits } from './money.js';
import { decimalFromNumber, numberShape, parseNumber, splitAmountText, type Decimal, type DecimalSeparator } from './numbers.js';
import { decimalForAmbiguous, quote, type FileProfile } from './profile.js';

/** An amount or balance cell, read as a decimal with the file's number convention. */
export type MoneyCell =
  | { readonly kind: 'missing' }
  | { readonly kind: 'problem'; readonly reason: string }
  | {
      readonly kind: 'ok';
      readonly decimal: Decimal;
      /** The value as written, for messages. */
      readonly display: string;
      /** The currency a code or symbol in the cell names (`USD 1,200.00`), if any. */
      readonly currency: string | undefined;
    };

/**
 * Reads `1,234.56`, `1.234,56`, `$ 1 234,56` or a JSON number. A value whose own separators contradict
 * the file's convention is a problem; an ambiguous one (`1.500`) is read with the file's convention,
 * else the row's country's, else it is a problem that says how to write it.
 */
export function readMoneyCell(value: unknown, label: 'amount' | 'balance', profile: FileProfile, country: string | undefined): MoneyCell {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { kind: 'missing' };
  if (typeof value === 'number') {
    const decimal = decimalFromNumber(value);
    return decimal ? { kind: 'ok', decimal, display: String(value), currency: undefined } : problem(`invalid ${label} ${String(value)}`);
  }
  if (typeof value !== 'string') return problem(`invalid ${label}: expected a number, found ${describeValue(value)}`);

  const display = truncate(value.trim(), 40);
  const notANumber = problem(`invalid ${label} '${display}': not a number`);
  const parts = splitAmountText(value);
  if (!parts) return notANumber;
  const currency = parts.token === undefined ? undefined : currencyOfToken(parts.token);
  if (parts.token !== undefined && currency === undefined && !/\p{Sc}/u.test(parts.token)) return notANumber;

  const shape = numberShape(parts.body);
  let separator: DecimalSeparator;
  switch (shape.kind) {
    case 'invalid':
      return notANumber;
    case 'integer':
      separator = '.';
      break;
    case 'decimal':
      if (profile.decimal && shape.decimal !== profile.decimal) {
        return problem(
          `${label} '${display}' does not match this file's number format: the file uses '${profile.decimal}' as decimal ` +
            `separator (e.g. ${quote(profile.decimalExample)})`,
        );
      }
      separator = shape.decimal;
      break;
    case 'ambiguous': {
      const decided = decimalForAmbiguous(profile, country);
      if (!decided) {
        const [whole = '', fraction = ''] = parts.body.split(shape.separator);
        return problem(
          `ambiguous ${label} '${display}': '${shape.separator}' could be a decimal or a thousands separator; ` +
            `write ${whole}${fraction}.00 or ${whole},${fraction}.00`,
        );
      }
      separator = decided;
      break;
    }
  }
  const decimal = parseNumber(parts.body, separator, parts.negative);
  return decimal ? { kind: 'ok', decimal, display, currency } : notANumber;
}

/** Integer minor units of `currency`, or the problem (a code of another currency, too many decimals). */
export function minorUnitsOf(
  cell: Extract<MoneyCell, { kind: 'ok' }>,
  label: string,
  currency: string,
): { readonly minor: number } | { readonly problem: string } {
  if (cell.currency && cell.currency !== currency) {
    return { problem: `${label} '${cell.display}' is in ${cell.currency} but the invoice currency is ${currency}` };
  }
  const reading = toMinorUnits(cell.decimal, currency);
  return reading.ok ? { minor: reading.minor } : { problem: `${label} '${cell.display}' ${reading.reason}` };
}

function problem(reason: string): MoneyCell {
  return { kind: 'problem', reason };
}
