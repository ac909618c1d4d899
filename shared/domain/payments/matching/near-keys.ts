/**
 * "One keystroke apart": two invoice keys that differ by one substituted, inserted, deleted or
 * swapped-adjacent character. Used only together with an exact amount, never on its own.
 */

/** Keys shorter than this are too easy to be near by chance (`F12` ~ `F13`). */
const MIN_LENGTH = 4;

export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.min(a.length, b.length) < MIN_LENGTH || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const SERIES = /^[A-Z]*/;

/**
 * A typo within one series: one keystroke apart and the same letters in front (`F-024599` for
 * `F-025499`, not the bare `21019` for `A1019`: a series does not turn into a digit).
 */
export function typoNear(a: string, b: string): boolean {
  return SERIES.exec(a)![0] === SERIES.exec(b)![0] && oneEditApart(a, b);
}
