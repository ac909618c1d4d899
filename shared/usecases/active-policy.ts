import { defaultPolicy } from '../domain/policy/parse.js';
import type { Policy } from '../domain/policy/schema.js';
import type { Clock, PolicyStore } from '../ports.js';

/**
 * The policy in force: the last valid one set through `update-policy`, else the shipped default.
 * Cached for `ttlMs` so a warm Lambda reads the table about once a minute, not once per message,
 * while a policy change still applies within a minute everywhere.
 */
export class ActivePolicy {
  private cached?: { policy: Policy; until: number };

  constructor(
    private readonly store: PolicyStore,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  async get(): Promise<Policy> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.policy;
    const policy = (await this.store.getActive()) ?? defaultPolicy;
    this.cached = { policy, until: now + this.ttlMs };
    return policy;
  }

  /** Forget the cached copy (the embedded runtime calls this after a local policy change). */
  invalidate(): void {
    this.cached = undefined;
  }
}
