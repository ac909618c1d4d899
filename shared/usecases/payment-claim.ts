import type { PaymentRecord, PaymentStore } from '../ports.js';

/**
 * How long a claim holds before another delivery may take the payment over. Longer than one attempt
 * (apply-payment's timeout is 1 minute; one payment takes well under a second), shorter than the
 * payments queue's redelivery (its visibility timeout is 6 × the function timeout): a delivery that
 * died holding the claim comes back after the lease has ended, and a claim is never held forever.
 */
export const CLAIM_LEASE_MS = 2 * 60_000;

/** Versioned writes that lost to another writer are read and tried again, this many times. */
const MAX_ATTEMPTS = 8;

export interface ClaimDeps {
  readonly payments: PaymentStore;
  /** Wall-clock milliseconds for leases (not the business clock, which a simulation may move). */
  readonly leaseNow?: () => number;
}

export type ClaimResult =
  /** Ours now: decide (or finish the recorded decision) and release with the final write. */
  | { readonly kind: 'claimed'; readonly record: PaymentRecord }
  /** Nothing to do: the payment is past the states `claimable` accepts (decided and applied, held, …). */
  | { readonly kind: 'done'; readonly record: PaymentRecord }
  /** Another delivery holds an unexpired claim: it finishes the payment (or its retry does). */
  | { readonly kind: 'busy'; readonly record: PaymentRecord };

/** The claim a delivery starts with when it creates the payment record itself. */
export function freshClaim(deps: ClaimDeps, owner: string): NonNullable<PaymentRecord['claim']> {
  return { owner, until: new Date(now(deps) + CLAIM_LEASE_MS).toISOString() };
}

/**
 * Takes the payment for `owner` with one conditional write: allowed when it is in a state
 * `claimable` accepts and no live claim is held — not even one under the same owner name, which may
 * be the same message delivered twice at once (a claim is taken over only once its lease has
 * ended; a failed attempt releases its claim so its retry need not wait). `prepare` may rewrite the
 * record as it is claimed.
 */
export async function claimPayment(
  deps: ClaimDeps,
  paymentId: string,
  owner: string,
  claimable: (record: PaymentRecord) => boolean,
  prepare: (record: PaymentRecord) => PaymentRecord = (record) => record,
): Promise<ClaimResult> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const record = await deps.payments.getPayment(paymentId);
    if (!record) throw new Error(`payment ${paymentId} is not on file`);
    if (!claimable(record)) return { kind: 'done', record };
    if (record.claim && Date.parse(record.claim.until) > now(deps)) return { kind: 'busy', record };
    const claimed = await deps.payments.replacePayment({ ...prepare(record), version: record.version ?? 0, claim: freshClaim(deps, owner) });
    if (claimed) return { kind: 'claimed', record: claimed };
  }
  throw new Error(`payment ${paymentId} kept changing: ${MAX_ATTEMPTS} attempts to claim it`);
}

/**
 * Another delivery took the payment over after our claim ran out: it finishes the recorded decision.
 * Thrown so this delivery is retried (and then finds the payment done) rather than acknowledged.
 */
export class ClaimLostError extends Error {
  constructor(paymentId: string) {
    super(`payment ${paymentId} was taken over by another delivery after this one's claim ran out; that delivery finishes it`);
    this.name = 'ClaimLostError';
  }
}

/**
 * A write by the claim holder: conditional on the version it holds, and the lease renewed (or the
 * claim dropped, with `release`, on the final write).
 */
export async function writeClaimed(deps: ClaimDeps, record: PaymentRecord, release = false): Promise<PaymentRecord> {
  const { claim, ...rest } = record;
  const next: PaymentRecord = release || !claim ? rest : { ...rest, claim: freshClaim(deps, claim.owner) };
  const written = await deps.payments.replacePayment(next);
  if (!written) throw new ClaimLostError(record.payment.paymentId);
  return written;
}

/**
 * Drops our claim after a failed attempt, so the retry (often immediate) need not wait out the lease.
 * Best effort: a crash that skips this only delays the takeover until the lease ends.
 */
export async function releaseClaim(deps: ClaimDeps, paymentId: string, owner: string): Promise<void> {
  const record = await deps.payments.getPayment(paymentId);
  if (record?.claim?.owner !== owner) return;
  const { claim: _claim, ...rest } = record;
  await deps.payments.replacePayment(rest);
}

function now(deps: ClaimDeps): number {
  return (deps.leaseNow ?? Date.now)();
}
