import { defaultPolicy } from '../domain/policy/parse.js';
import type { Policy } from '../domain/policy/schema.js';
import type { Clock, PolicyStore } from '../ports.js';
import { CachedPolicy } from './cached-policy.js';

/** The policy in force: the last valid one set through `update-policy`, else the shipped default. */
export class ActivePolicy extends CachedPolicy<Policy> {
  constructor(store: PolicyStore, clock: Clock, ttlMs = 60_000) {
    super(store, clock, (stored) => stored ?? defaultPolicy, ttlMs);
  }
}
