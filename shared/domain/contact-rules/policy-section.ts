import { z } from 'zod';

/** The countries whose legal contact rules ship as presets (shared/domain/contact-rules/presets.ts). */
export const CONTACT_PRESETS = ['MX', 'CO', 'PE', 'CL', 'US'] as const;
export type ContactPresetCountry = (typeof CONTACT_PRESETS)[number];

/**
 * `contactRules` in the policy: which legal preset applies, frequency caps across channels, and what
 * happens to a reminder the rules do not allow right now. Documented in examples/policy.md.
 */
export const contactRulesSchema = z
  .strictObject({
    /**
     * `auto`: the preset of the debtor's country (MX, CO, PE, CL, US; other countries: only the
     * policy's contactWindow). A country code: that preset for every debtor. `none`: contactWindow only.
     */
    preset: z.enum(['auto', 'none', ...CONTACT_PRESETS]).default('auto'),
    /** Keep to the policy's contactWindow (business hours) inside the legal preset. */
    businessHoursOnly: z.boolean().default(true),
    /** Messages per account across all channels; a preset's own limit wins when it is stricter. */
    caps: z
      .strictObject({
        perDay: z.int().min(1).max(10).default(1),
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
