import { formatMinorUnits } from '../../ingest/money.js';

/**
 * How a statement that disagrees with its own totals is reported: a warning that starts with this,
 * so the statement digest can tell finance (see reconcile-payment-file.ts).
 */
export const TOTALS_MISMATCH = 'the statement does not add up';

/** `-1970431.87 EUR`: a balance may be negative (an overdraft). */
export function signedMoney(minor: number, currency: string): string {
  return `${minor < 0 ? '-' : ''}${formatMinorUnits(Math.abs(minor), currency)} ${currency}`;
}
