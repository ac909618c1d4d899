import type { Policy } from '../domain/policy/schema.js';
import type { Clock, PolicyStore } from '../ports.js';

/**
 * The stored policy in force, seen through `project` (the whole policy, or the sections a function
 * needs), cached for `ttlMs`: a warm Lambda reads the table about once a minute, not once per message,
 * while a policy change still applies within a minute everywhere.
 */
export class CachedPolicy<T> {
  private cached?: { value: T; until: number };

  constructor(
    private readonly store: PolicyStore,
    private readonly clock: Clock,
    /** What a function sees of the stored policy; `undefined` when none was ever set. */
    private readonly project: (stored: Policy | undefined) => T,
    private readonly ttlMs = 60_000,
  ) {}

  async get(): Promise<T> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const value = this.project(await this.store.getActive());
    this.cached = { value, until: now + this.ttlMs };
    return value;
  }

  /** Forget the cached copy (the embedded runtime calls this after a local policy change). */
  invalidate(): void {
    this.cached = undefined;
  }
}
