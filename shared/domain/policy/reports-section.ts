import { IANAZone } from 'luxon';
import { z } from 'zod';
import { clockTime } from './contact-window-section.js';

/**
 * `reports` in the policy: how the managers' KPIs are computed and sent (issue #13). Its own module
 * (like the other sections) so that the curate step — a Lambda of its own and the local lake — reads
 * it without the rest of the policy schema and its template catalog.
 */

const currencyCode = z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code in capitals, e.g. "MXN"' });

/** An IANA zone luxon (and so Intl) knows, e.g. `America/Mexico_City`. */
const ianaZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}: expected an IANA zone name such as "America/Mexico_City" or "America/Bogota"`,
});

const agingBuckets = z
  .array(z.int().min(1).max(3650))
  .min(1)
  .max(12)
  .refine((bounds) => bounds.every((bound, i) => i === 0 || bound > bounds[i - 1]!), {
    error: 'expected increasing upper bounds in days past due, e.g. [30, 60, 90]',
  });

const digestSchema = z.strictObject({
  /** Who receives the weekly digest. */
  recipients: z.array(z.email({ error: 'expected an email address' })).min(1),
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: z.int().min(1).max(7).default(1),
  /** Local time (reports.timezone) it goes out. */
  time: clockTime.default('08:00'),
  /** The managers' language and number format (BCP 47), e.g. `es-MX`, `en-US`. */
  locale: z
    .string()
    .refine((tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    }, { error: 'expected a BCP 47 locale such as "es-MX" or "en-US"' })
    .default('es-MX'),
});

export const reportsSchema = z
  .strictObject({
    /** The reporting time zone: every KPI date (a payment's day, a message's day) is a day here. */
    timezone: ianaZone.default('America/Mexico_City'),
    /**
     * Upper bounds, in days past due, of the aging buckets after `current` (dpd ≤ 0). The default
     * [30, 60, 90] gives current, 1-30, 31-60, 61-90 and 90+ (91 days or more).
     */
    agingBuckets: agingBuckets.default([30, 60, 90]),
    /** Fixed monthly cost of collections (people, tools) per currency, minor units: added to message costs. */
    fixedMonthlyCost: z.record(currencyCode, z.int().min(0)).default({}),
    /** Cost currency → report currency → units of the report currency per unit of the cost currency. */
    exchangeRates: z.record(currencyCode, z.record(currencyCode, z.number().positive())).default({}),
    /** The weekly digest email to managers; absent = none. */
    digest: digestSchema.optional(),
  })
  .prefault({});

export type ReportsPolicy = z.infer<typeof reportsSchema>;

/** The defaults, for a policy stored before the section existed. */
export const DEFAULT_REPORTS: ReportsPolicy = reportsSchema.parse(undefined);

/** The `reports` section of a stored policy (which may predate it), validated, defaults filled in. */
export function reportsOf(policy: unknown): ReportsPolicy {
  const section = (policy as { reports?: unknown } | undefined)?.reports;
  const parsed = reportsSchema.safeParse(section);
  return parsed.success ? parsed.data : DEFAULT_REPORTS;
}

export interface AgingBucketDefinition {
  readonly bucket: string;
  readonly ordinal: number;
  /** Lowest days past due in it; null: no lower bound (`current`). */
  readonly minDpd: number | null;
  /** Highest days past due in it; null: no upper bound (the last). */
  readonly maxDpd: number | null;
}

/**
 * The buckets of `reports.agingBuckets`: `current` (dpd ≤ 0), then `a-b` per bound, then `N+` where
 * N is the last bound (so the default's last is `90+`, meaning 91 days or more).
 *
 * @example
 * agingBucketDefinitions([30, 60, 90]).map((b) => b.bucket) // ['current', '1-30', '31-60', '61-90', '90+']
 */
export function agingBucketDefinitions(bounds: readonly number[]): AgingBucketDefinition[] {
  const buckets: AgingBucketDefinition[] = [{ bucket: 'current', ordinal: 0, minDpd: null, maxDpd: 0 }];
  let from = 1;
  for (const bound of bounds) {
    buckets.push({ bucket: `${from}-${bound}`, ordinal: buckets.length, minDpd: from, maxDpd: bound });
    from = bound + 1;
  }
  buckets.push({ bucket: `${from - 1}+`, ordinal: buckets.length, minDpd: from, maxDpd: null });
  return buckets;
}
