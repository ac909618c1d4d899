import { z } from 'zod';
import { DEBTOR_TYPES } from '../types.js';

/** The countries whose legal contact rules ship as presets (shared/domain/contact-rules/presets.ts). */
export const CONTACT_PRESETS = ['MX', 'CO', 'PE', 'CL', 'US'] as const;
export type ContactPresetCountry = (typeof CONTACT_PRESETS)[number];

/**
 * `contactRules` in the policy: which legal preset applies (and to which debtors), frequency caps
 * across channels, and what happens to a reminder the rules do not allow right now. Documented in
 * examples/policy.md and docs/contact-law.md.
 */
export const contactRulesSchema = z
  .strictObject({
    /**
     * `auto`: the preset of the debtor's country (MX, CO, PE, CL, US; other countries: only the
     * policy's contactWindow). A country code: that preset for every debtor. `none`: contactWindow only.
     */
    preset: z.enum(['auto', 'none', ...CONTACT_PRESETS]).default('auto'),
    /**
     * The debtor types (account column `debtor_type`) the legal preset applies to. The consumer
     * rules are law for consumers and, in several countries, for small businesses (CL Ley 20.416
     * art. 9, CO Ley 1480 art. 5.3, PE CPDC art. IV.1.2); for larger companies they are good
     * practice, so the default applies them to everyone. A type left out gets contactWindow only.
     */
    presetAppliesTo: z
      .array(z.enum(DEBTOR_TYPES))
      .min(1, { error: 'name at least one debtor type; use preset "none" to apply no legal preset' })
      .default([...DEBTOR_TYPES]),
    /** Keep to the policy's contactWindow (business hours) inside the legal preset. */
    businessHoursOnly: z.boolean().default(true),
    /** Messages per account across all channels; a preset's own limit wins when it is stricter. */
    caps: z
      .strictObject({
        // A refinement, not .max(1): its message reaches the user as written (parse.ts rewrites too_big).
        perDay: z
          .int()
          .min(1)
          .refine((perDay) => perDay <= 1, {
            error:
              'must be 1: one collection message per account per local day is a rule of the product and the law in Colombia (Ley 2300 de 2023 art. 3); the invoices of a day go out together in one message',
          })
          .default(1),
        per7Days: z.int().min(1).max(50).default(3),
      })
      .prefault({}),
    /** A reminder that would have to wait longer than this is dropped (the next step speaks instead). */
    maxDeferralDays: z.int().min(0).max(30).default(5),
    /** After a "ya pagué" reply: no reminders for this many days while the receipt is checked. */
    pauseDaysAfterPaidReply: z.int().min(0).max(30).default(3),
    /** A promise to pay pauses reminders until its date plus this many days. */
    promiseGraceDays: z.int().min(0).max(30).default(2),
  })
  .prefault({});

export type PolicyContactRules = z.infer<typeof contactRulesSchema>;
