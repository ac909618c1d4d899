/**
 * Candidates oldest first — due date, then issue date, then number, account and balance — so that
 * every decision is the same whatever order the store returned them in. A big customer brings
 * hundreds of open invoices with each payment, so the dates are packed into numbers and sorted
 * natively; only invoices sharing both dates go through a string comparison.
 */
import type { MatchInvoice } from './types.js';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The full order (also the tie-break after the packed sort). */
export function compareAge(a: MatchInvoice, b: MatchInvoice): number {
  return (
    cmp(a.dueDate, b.dueDate) ||
    cmp(a.issueDate ?? '', b.issueDate ?? '') ||
    cmp(a.invoiceNumber, b.invoiceNumber) ||
    cmp(a.accountId, b.accountId) ||
    a.balance - b.balance
  );
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/**
 * `YYYY-MM-DD` (years 1900–2099) as an order-preserving integer below 2^17, 0 for a missing date,
 * undefined for anything else (then the caller sorts with strings).
 */
function packDate(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return 0;
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  let year = 0;
  for (let i = 0; i < 4; i += 1) year = year * 10 + digit(s, i);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  if (!(year >= 1900 && year <= 2099 && month >= 0 && month <= 99 && day >= 0 && day <= 99)) return undefined;
  // Not a day count, just an order: 100 slots per month, 100 months per year would also do; this is tighter.
  return 1 + (year - 1900) * 32 * 13 + month * 32 + day;
}

const INDEX_BITS = 2 ** 19;

export function ageOrder(invoices: readonly MatchInvoice[]): MatchInvoice[] {
  const n = invoices.length;
  if (n > INDEX_BITS) return [...invoices].sort(compareAge);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const due = packDate(invoices[i]!.dueDate);
    const issue = packDate(invoices[i]!.issueDate);
    if (due === undefined || issue === undefined) return [...invoices].sort(compareAge);
    keys[i] = (due * 2 ** 17 + issue) * INDEX_BITS + i;
  }
  keys.sort();
  const out = new Array<MatchInvoice>(n);
  const dates = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    dates[i] = Math.floor(keys[i]! / INDEX_BITS);
    out[i] = invoices[keys[i]! - dates[i]! * INDEX_BITS]!;
  }
  // Equal dates: the rest of the order, by strings.
  let start = 0;
  for (let i = 1; i <= n; i += 1) {
    if (i < n && dates[i] === dates[start]) continue;
    // Insertion sort in place: runs are short, and slicing each one cost more than the sort.
    for (let k = start + 1; k < i; k += 1) {
      const item = out[k]!;
      let j = k - 1;
      while (j >= start && compareAge(out[j]!, item) > 0) {
        out[j + 1] = out[j]!;
        j -= 1;
      }
      out[j + 1] = item;
    }
    start = i;
  }
  return out;
}
