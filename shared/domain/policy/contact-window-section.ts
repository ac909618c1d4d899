import { z } from 'zod';
import { contactRulesSchema } from '../contact-rules/policy-section.js';
import { WEEKDAY_CODES } from '../contact-rules/presets.js';
import type { Policy } from './schema.js';

/** `HH:MM`, 24 hours. */
export const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a 24-hour time "HH:MM" between "00:00" and "23:59"' });

/** `contactWindow` in the policy: your business hours, inside which every contact rule applies. */
export const contactWindowSchema = z
  .strictObject({
    days: z
      .array(z.enum(WEEKDAY_CODES))
      .min(1)
      .default(['MON', 'TUE', 'WED', 'THU', 'FRI']),
    start: clockTime.default('08:00'),
    end: clockTime.default('19:00'),
    skipPublicHolidays: z.boolean().default(true),
  })
  .prefault({});

/** The two sections the contact rules are made of (contactRulesFor). */
export type ContactPolicy = Pick<Policy, 'contactRules' | 'contactWindow'>;

/**
 * The shipped defaults of those sections, for a function that checks contact rules but has no use
 * for the rest of the policy (the channel senders): without the whole schema and template catalog in
 * its bundle.
 */
export const DEFAULT_CONTACT_POLICY: ContactPolicy = {
  contactRules: contactRulesSchema.parse(undefined),
  contactWindow: contactWindowSchema.parse(undefined),
};
