import { decideContact, type GateDecision } from '../domain/contact-rules/gate.js';
import { contactRulesFor } from '../domain/contact-rules/presets.js';
import type { Policy } from '../domain/policy/schema.js';
import { effectiveZone } from '../domain/planning/zone.js';
import type { Account, Channel, DebtorType } from '../domain/types.js';
import type { ContactLedger } from '../ports.js';

/** Optimistic writes of the contact ledger: this many tries before the queue retries the message. */
const LEDGER_ATTEMPTS = 4;

export interface GateRequest {
  readonly accountId: string;
  readonly now: Date;
  readonly policy: Policy;
  readonly country: string | undefined;
  readonly zone: string;
  /** Whether the legal preset is law or policy for this debtor (contactRules.presetAppliesTo). */
  readonly debtorType?: DebtorType | undefined;
  /** Account.zoneCandidates: the rules must allow the moment in every zone the debtor may be in. */
  readonly zoneCandidates?: readonly string[] | undefined;
  readonly messageId: string;
  readonly channel: Channel;
  readonly invoiceNumbers: readonly string[];
  readonly notAfter?: Date;
  /** Instead of the policy's `contactRules.maxDeferralDays` (a letter waits as long as it must). */
  readonly maxDeferralDays?: number;
}

/**
 * The contact-rule gate for one collection message (a reminder, an installment's reminder, a letter):
 * the decision, recorded in the ledger with an optimistic write (re-read and decide again on a conflict).
 */
export async function gate(deps: { readonly ledger: ContactLedger }, request: GateRequest): Promise<GateDecision> {
  const rules = contactRulesFor(request.policy, request.country, request.debtorType);
  for (let attempt = 1; ; attempt += 1) {
    const state = await deps.ledger.getContactState(request.accountId);
    const decision = decideContact({
      now: request.now,
      rules,
      timezone: request.zone,
      ...(request.country ? { country: request.country } : {}),
      state,
      request: { messageId: request.messageId, channel: request.channel, invoiceNumbers: request.invoiceNumbers },
      maxDeferralDays: request.maxDeferralDays ?? request.policy.contactRules.maxDeferralDays,
      ...(request.notAfter ? { notAfter: request.notAfter } : {}),
      ...(request.zoneCandidates ? { zoneCandidates: request.zoneCandidates } : {}),
    });
    if (decision.decision !== 'send') return decision;
    if (await deps.ledger.saveContactState(decision.state)) return decision;
    if (attempt >= LEDGER_ATTEMPTS) throw new Error(`contact ledger of ${request.accountId} kept changing under ${LEDGER_ATTEMPTS} attempts; retrying later`);
  }
}


/**
 * Who a gate request is about, from the account: its id, country, zone, debtor type and zone
 * candidates, so every caller hands the rules the same facts.
 *
 * @example
 * await gate(deps, { ...gateDebtor(account), now, policy, messageId, channel: 'email', invoiceNumbers: ['F-1'] });
 */
export function gateDebtor(account: Pick<Account, 'accountId' | 'country' | 'timezone' | 'debtorType' | 'zoneCandidates'>) {
  return {
    accountId: account.accountId,
    country: account.country,
    zone: effectiveZone(account.timezone),
    debtorType: account.debtorType,
    zoneCandidates: account.zoneCandidates,
  } satisfies Partial<GateRequest>;
}
