/**
 * A debtor type the reader does not know must not take a debtor's protection away. Oracle typed by
 * hand from CO Ley 2300 de 2023 art. 3: Saturdays only 08:00–15:00. A policy that applies the legal
 * preset only to consumers and SMEs (contactRules.presetAppliesTo) with Saturday business hours until
 * 19:00 may contact a business at 17:00 on a Saturday, never a consumer.
 */
import { describe, expect, it } from 'vitest';
import { decideContact } from '../../../shared/domain/contact-rules/gate.js';
import { contactRulesFor } from '../../../shared/domain/contact-rules/presets.js';
import { DEBTOR_TYPE_WORDS, readDebtorType } from '../../../shared/domain/ingest/debtor-type.js';
import { normaliseHeader } from '../../../shared/domain/ingest/headers.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { PolicyInput } from '../../../shared/domain/policy/schema.js';
import type { DebtorType } from '../../../shared/domain/types.js';
import { local } from '../contact-rules/oracle.js';

const draft: PolicyInput = structuredClone(defaultPolicy);
draft.contactWindow = { ...draft.contactWindow, days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };
draft.contactRules = { presetAppliesTo: ['consumer', 'sme'] };
const parsed = parsePolicy(draft);
if (!parsed.ok) throw new Error(parsed.error);
const policy = parsed.policy;

/** Saturday 2027-01-16 17:00 in Bogotá: after the 15:00 the law allows on Saturdays. */
function saturday5pm(type: DebtorType): string {
  return decideContact({
    now: local('2027-01-16T17:00', 'America/Bogota'),
    rules: contactRulesFor(policy, 'CO', type),
    timezone: 'America/Bogota',
    country: 'CO',
    state: { accountId: 'A-1', version: 0, entries: [] },
    request: { messageId: 'm-1', channel: 'email', invoiceNumbers: ['F-1'] },
    maxDeferralDays: 5,
  }).decision;
}

describe('the debtor type and the law', () => {
  it('the policy contacts a business at 17:00 on a Saturday, and holds a consumer (the oracle holds)', () => {
    expect(saturday5pm('business')).toBe('send');
    expect(saturday5pm('consumer')).not.toBe('send');
  });

  it.each(['Consumidora', 'consumidor final', 'PN', 'Natural', 'Física', 'persona física', 'persona natural', 'natural person', 'individual'])(
    '%s is a consumer: no message at 17:00 on a Saturday',
    (text) => {
      const type = readDebtorType(text);
      expect(type).toEqual({ value: 'consumer', warnings: [] });
      expect(saturday5pm(type.value)).not.toBe('send');
    },
  );

  it.each(['sole proprietor', 'microempresa', 'MiPyme'])('%s is an SME: no message at 17:00 on a Saturday either', (text) => {
    const type = readDebtorType(text);
    expect(type).toEqual({ value: 'sme', warnings: [] });
    expect(saturday5pm(type.value)).not.toBe('send');
  });

  it.each(['gobierno', 'Cliente VIP', 'XYZ'])('an unknown type (%s) is a warning and counts as a consumer', (text) => {
    const type = readDebtorType(text);
    expect(type.value).toBe('consumer');
    expect(type.warnings).toEqual([`unknown debtor type '${text}' (expected business, sme or consumer; empresa, pyme or persona); counted as a consumer, the most protected`]);
    expect(saturday5pm(type.value)).not.toBe('send');
  });

  it('never lists one word under two types (the later one would win silently)', () => {
    const seen = new Map<string, DebtorType>();
    for (const [type, words] of Object.entries(DEBTOR_TYPE_WORDS) as [DebtorType, readonly string[]][]) {
      for (const word of words) {
        const key = normaliseHeader(word);
        expect(seen.get(key) ?? type, `${word} (${key})`).toBe(type);
        seen.set(key, type);
        expect(readDebtorType(word), word).toEqual({ value: type, warnings: [] });
      }
    }
  });
});
