import { DEFAULT_CONTACT_POLICY, type ContactPolicy } from '../domain/policy/contact-window-section.js';
import type { Clock, PolicyStore } from '../ports.js';

/**
 * The contact sections (`contactRules`, `contactWindow`) of the policy in force, for a function that
 * checks contact rules and nothing else (the channel senders, at send time). Like ActivePolicy it
 * reads the stored policy about once a minute; unlike it, it falls back to the defaults of those
 * two sections only, so the whole policy schema and its template catalog stay out of the bundle.
 */
export class ActiveContactPolicy {
  private cached?: { policy: ContactPolicy; until: number };

  constructor(
    private readonly store: PolicyStore,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  async get(): Promise<ContactPolicy> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.policy;
    const stored = await this.store.getActive();
    const policy = stored ? { contactRules: stored.contactRules, contactWindow: stored.contactWindow } : DEFAULT_CONTACT_POLICY;
    this.cached = { policy, until: now + this.ttlMs };
    return policy;
  }
}
