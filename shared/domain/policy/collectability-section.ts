import { z } from 'zod';

/**
 * `collectability` in the policy: dates that are probably typing mistakes. An invoice with such a due
 * date is loaded with a warning and goes to a person; it never drives automated reminders, letters or
 * a hand-off. Its own module (like the other sections) so that ingest can read it without the rest of
 * the policy schema and its template catalog.
 */
export const collectabilitySchema = z
  .strictObject({
    /** Due before this date: suspicious (a 1900-01-01 typed for "unknown"). */
    earliestDueDate: z.iso.date({ error: 'expected a date YYYY-MM-DD' }).default('2000-01-01'),
    /** More than this many days past due: too old to collect automatically (default 5 years). */
    maxDaysPastDue: z.int().min(365).max(7300).default(1825),
    /** Due more than this many days ahead: suspicious (default 2 years). */
    maxDaysUntilDue: z.int().min(30).max(3650).default(730),
  })
  .prefault({});

export type Collectability = z.infer<typeof collectabilitySchema>;

/** The defaults, for a policy stored before the section existed. */
export const DEFAULT_COLLECTABILITY: Collectability = collectabilitySchema.parse(undefined);
