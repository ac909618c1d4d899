/** Small helpers the AWS adapters share: chunking, bounded concurrency and retry backoff. */

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

export interface RetryOptions {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** Base of the exponential backoff, in ms. */
  readonly baseDelayMs: number;
  /** Upper bound of one wait, in ms. */
  readonly maxDelayMs: number;
  /** Injected for tests. */
  readonly sleep: (ms: number) => Promise<void>;
}

export const defaultRetry: RetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * "Full jitter" backoff (AWS Architecture Blog, Exponential Backoff and Jitter): a uniform wait in
 * [0, min(cap, base·2^attempt)], so clients throttled together do not retry together.
 */
export function backoffDelay(attempt: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  return Math.floor(Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt));
}
