import { DEFAULT_CONTACT_POLICY, type ContactPolicy } from '../domain/policy/contact-window-section.js';
import type { Clock, PolicyStore } from '../ports.js';
import { CachedPolicy } from './cached-policy.js';

/**
 * The contact sections (`contactRules`, `contactWindow`) of the policy in force, for a function that
 * checks contact rules and nothing else (the channel senders, at send time): it falls back to the
 * defaults of those two sections only, so the whole policy schema and its template catalog stay out
 * of the bundle.
 */
export class ActiveContactPolicy extends CachedPolicy<ContactPolicy> {
  constructor(store: PolicyStore, clock: Clock, ttlMs = 60_000) {
    super(store, clock, (stored) => (stored ? { contactRules: stored.contactRules, contactWindow: stored.contactWindow } : DEFAULT_CONTACT_POLICY), ttlMs);
  }
}
