/**
 * Bounded exact subset-sum: which few open invoices of one customer add up to a transfer exactly.
 * Small pools only (the caller caps them); a step budget keeps a pathological pool from stalling.
 */

export interface SubsetSearch {
  /** Index sets (ascending) of the smallest size that has any, lexicographic: oldest first. */
  readonly subsets: readonly (readonly number[])[];
  /** False when the step budget ran out before the search finished. */
  readonly complete: boolean;
}

export interface SubsetOptions {
  readonly minSize: number;
  readonly maxSize: number;
  /** Stop after this many sets of the smallest size (2 is enough to call it ambiguous). */
  readonly limit: number;
  readonly budget?: number;
}

/**
 * Index sets of `values` (positive integers, given oldest first) summing exactly to `target`, sizes
 * `minSize`..`maxSize`: only the smallest size that has a solution, in lexicographic order of indices,
 * so with values ordered oldest first the oldest set comes first.
 */
export function exactSubsets(values: readonly number[], target: number, options: SubsetOptions): SubsetSearch {
  const n = values.length;
  // suffixMax[i]: the largest value at or after i, to prune branches that can no longer reach target.
  const suffixMax = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i -= 1) suffixMax[i] = Math.max(values[i]!, suffixMax[i + 1]!);
  let steps = options.budget ?? 200_000;
  const found: number[][] = [];
  const chosen: number[] = [];

  const search = (start: number, size: number, sum: number): boolean => {
    if (chosen.length === size) {
      if (sum === target) found.push([...chosen]);
      return found.length >= options.limit;
    }
    const remaining = size - chosen.length;
    for (let i = start; i <= n - remaining; i += 1) {
      if ((steps -= 1) < 0) return true;
      const next = sum + values[i]!;
      if (next > target || next + (remaining - 1) * suffixMax[i + 1]! < target) continue;
      chosen.push(i);
      const stop = search(i + 1, size, next);
      chosen.pop();
      if (stop) return true;
    }
    return false;
  };

  for (let size = Math.max(1, options.minSize); size <= Math.min(options.maxSize, n); size += 1) {
    search(0, size, 0);
    if (steps < 0) return { subsets: found, complete: false };
    if (found.length > 0) return { subsets: found, complete: true };
  }
  return { subsets: found, complete: true };
}
