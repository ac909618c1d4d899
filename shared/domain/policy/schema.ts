import { z } from 'zod';
import { contactRulesSchema } from '../contact-rules/policy-section.js';
import { collectabilitySchema } from './collectability-section.js';
import { clockTime, contactWindowSchema } from './contact-window-section.js';
import { reportsSchema } from './reports-section.js';
import { escalationSchema } from '../escalation/policy-section.js';
import { templateProblems } from '../messages/policy-check.js';
import { channelsSchema, templatesSchema } from '../messages/policy-section.js';
import { AGING_BUCKETS } from '../planning/aging.js';
import { CHANNELS } from '../types.js';
import { TEMPLATE_NAMES } from '../templates/catalog.js';
import { languagesMissing } from '../templates/languages.js';

/**
 * The collections policy: who gets which reminders, when, in what tone. Validated with zod when a
 * user uploads one (`parsePolicy`) and when the shipped default loads. Every object is strict: a
 * misspelt field (`skipPublicHoliday`) is an error, not a silently ignored setting.
 *
 * Field-by-field documentation for users: `examples/policy.md`.
 */

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const TONES = ['friendly', 'firm', 'formal'] as const;
export const PAYMENT_LINK_PLACEHOLDERS = ['accountId', 'invoiceNumber'] as const;


/** Segment and step ids go into reminder ids and log lines: keep them short and plain. */
const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/, {
    error: 'expected 1-64 letters, digits, ".", "_", "+" or "-", starting with a letter or digit',
  });

const currencyCode = z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code in capitals, e.g. "MXN"' });

const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code in capitals, e.g. "MX"' });

const localeTag = z.string().refine(isLocaleTag, { error: 'expected a BCP 47 language tag, e.g. "es" or "es-MX"' });

const minorUnits = z.int().min(0);

const amountBandSchema = z.strictObject({
  currency: currencyCode,
  /** Inclusive lower bound of the balance, integer minor units. */
  minMinor: minorUnits.optional(),
  /** Inclusive upper bound of the balance, integer minor units. */
  maxMinor: minorUnits.optional(),
});

const matchSchema = z
  .strictObject({
    agingBuckets: z.array(z.enum(AGING_BUCKETS)).min(1).optional(),
    amountBands: z.array(amountBandSchema).min(1).optional(),
    countries: z.array(countryCode).min(1).optional(),
    locales: z.array(localeTag).min(1).optional(),
  })
  .prefault({});

const cadenceStepSchema = z.strictObject({
  id: identifier,
  /** Days relative to the due date; about a year before to ten years after. */
  offsetDays: z.int().min(-365).max(3650),
  /** A channel, or `preferred`: the account's first usable channel (its own order, else `channels.preference`). */
  channel: z.enum([...CHANNELS, 'preferred']).default('email'),
  template: z.string(),
  tone: z.enum(TONES),
});

const segmentSchema = z.strictObject({
  id: identifier,
  description: z.string().default(''),
  match: matchSchema,
  cadence: z.array(cadenceStepSchema),
  catchUp: z.boolean().default(true),
});

const companySchema = z.strictObject({
  /** The name debtors know (the brand), used in subjects and greetings. */
  name: z.string().trim().min(1),
  /** The registered legal name (razón social) shown in the signature and letters; absent: `name`. */
  legalName: z.string().trim().min(1).max(200).optional(),
  /** The creditor's tax id (RFC, NIT, RUT, RUC, EIN) shown in the signature and letters. */
  taxId: z.string().trim().min(1).max(40).optional(),
  /** A phone number debtors can call, as it should be printed. */
  phone: z.string().trim().min(1).max(40).optional(),
  /** The postal address printed in the signature and on letters. */
  address: z.string().trim().min(1).max(300).optional(),
  /** The collections mailbox printed in the signature. */
  email: z.email({ error: 'expected an email address' }).optional(),
  /**
   * A sign-off of your own, used as written under every message in every language. Absent (the
   * default): written in the debtor's language from legalName, taxId, phone, email and address
   * (shared/domain/templates/signature.ts).
   */
  signature: z.string().trim().min(1).optional(),
  /** `https://…{accountId}…{invoiceNumber}`; the values are URL-encoded into it. */
  paymentLinkTemplate: z.string().superRefine((template, ctx) => {
    const problem = paymentLinkProblem(template);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /**
   * Where debtors' answers to emails go (the Reply-To header of every email); absent: `email`. With
   * neither, emails never say "reply to this email": they point to the phone or the self-service page.
   */
  replyTo: z.email({ error: 'expected an email address' }).optional(),
  /** `https://…{accountId}…`: the debtor's self-service page (all invoices, promises, disputes, opt-out). */
  portalLinkTemplate: z
    .string()
    .superRefine((template, ctx) => {
      const problem = paymentLinkProblem(template, ['accountId']);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});

/**
 * Cash application: how sure the matcher must be to apply a payment by itself, and which small
 * differences still settle an invoice. Defaults are conservative: a wrong application is worse than
 * an exception a clerk resolves in a minute.
 */
const paymentsSchema = z
  .strictObject({
    /** Confidence (0..1) at or above which a match is applied without a person. */
    autoApplyThreshold: z.number().min(0.5).max(1).default(0.9),
    /** A payment short by at most this still settles the invoice (bank fees). */
    shortfallTolerance: z
      .strictObject({
        /** Minor units, in the payment's currency. */
        absoluteMinor: minorUnits.default(0),
        /** Percent of the invoice balance. */
        percent: z.number().min(0).max(5).default(0),
      })
      .prefault({}),
    /** Early-payment discount honoured when the payment is exactly balance × (1 − percent/100). 0 = none. */
    earlyPaymentDiscountPercent: z.number().min(0).max(10).default(0),
    /** Spread a payment of a known payer without references over their invoices, oldest due first. */
    allowOldestFirst: z.boolean().default(false),
    /** Receipt / thank-you message when a payment settles an invoice. */
    sendReceipts: z.boolean().default(true),
  })
  .prefault({});

/** How far an opt-out reaches. */
const optOutSchema = z
  .strictObject({
    /**
     * `account` (default): an opt-out on any channel stops every automated channel of the account
     * (a person who writes "no me escriban más" by SMS does not expect the email to go on);
     * `channel`: only the channel it came on.
     */
    scope: z.enum(['account', 'channel']).default('account'),
  })
  .prefault({});

/** What a promise to pay may be, whoever records it (portal, API, CLI, a reply). */
const promisesSchema = z
  .strictObject({
    /** A promise must fall within this many days of today (debtor's zone): a date further out is refused. */
    maxDaysAhead: z.int().min(1).max(365).default(45),
  })
  .prefault({});

export const policySchema = z
  .strictObject({
    version: z.int().min(1),
    /** Free text for the people who maintain the file. */
    description: z.string().optional(),
    company: companySchema,
    contactWindow: contactWindowSchema,
    /** Preferred local time for a step's nominal day; moved into the contact window when outside it. */
    sendTime: clockTime.default('09:00'),
    segments: z.array(segmentSchema).min(1),
    payments: paymentsSchema,
    contactRules: contactRulesSchema,
    channels: channelsSchema,
    templates: templatesSchema,
    escalation: escalationSchema,
    optOut: optOutSchema,
    promises: promisesSchema,
    collectability: collectabilitySchema,
    /** Managers' KPIs: reporting time zone, aging buckets, costs, the weekly digest (reports-section.ts). */
    reports: reportsSchema,
  })
  .superRefine((policy, ctx) => {
    for (const issue of crossFieldIssues(policy)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** The collections policy, as validated (defaults filled in). */
export type Policy = z.infer<typeof policySchema>;
/** A policy as a user may write it (defaulted fields optional). */
export type PolicyInput = z.input<typeof policySchema>;
export type PolicySegment = Policy['segments'][number];
export type PolicyContactWindow = Policy['contactWindow'];
export type PolicyPayments = Policy['payments'];
export type { PolicyContactRules } from '../contact-rules/policy-section.js';
export type { PolicyChannels, PolicyTemplates } from '../messages/policy-section.js';

type ParsedPolicy = z.output<typeof policySchema>;
interface CrossFieldIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** The rules no single field can check: uniqueness, ordering, templates, the catch-all segment. */
function crossFieldIssues(policy: ParsedPolicy): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const window = policy.contactWindow;
  window.days.forEach((day, i) => {
    if (window.days.indexOf(day) !== i) issues.push({ path: ['contactWindow', 'days', i], message: `${day} is listed twice` });
  });
  if (window.start >= window.end) {
    issues.push({ path: ['contactWindow', 'end'], message: `must be later than start (${window.start})` });
  }

  const segmentIds = new Map<string, number>();
  policy.segments.forEach((segment, s) => {
    const first = segmentIds.get(segment.id);
    if (first !== undefined) {
      issues.push({ path: ['segments', s, 'id'], message: `duplicate segment id "${segment.id}" (also segments[${first}])` });
    } else {
      segmentIds.set(segment.id, s);
    }
    issues.push(...segmentIssues(segment, s));
  });

  const last = policy.segments.length - 1;
  const lastMatch = policy.segments[last]?.match;
  if (lastMatch && Object.values(lastMatch).some((criterion) => criterion !== undefined)) {
    issues.push({
      path: ['segments', last, 'match'],
      message: 'the last segment must match every invoice (no criteria), so that no invoice is left without a cadence',
    });
  }
  // One promise, one grace period: the reminders' pause and the escalation's check (parse.ts aligns a lone one).
  if (policy.escalation.promiseGraceDays !== policy.contactRules.promiseGraceDays) {
    issues.push({
      path: ['escalation', 'promiseGraceDays'],
      message: `must equal contactRules.promiseGraceDays (${policy.contactRules.promiseGraceDays}): reminders pause for a promise as long as the escalation waits to check it`,
    });
  }
  // Message texts: overrides with unknown or unfillable {{variables}}, SMS that cannot fit the budget…
  issues.push(...templateProblems(policy));
  return issues;
}

function segmentIssues(segment: PolicySegment, s: number): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const stepIds = new Map<string, number>();
  const offsets = new Map<number, string>();
  segment.cadence.forEach((step, i) => {
    const path = ['segments', s, 'cadence', i];
    if (step.id.startsWith('ladder-')) {
      issues.push({ path: [...path, 'id'], message: 'step ids starting with "ladder-" are reserved for the catch-up ladder of old debts' });
    }
    const sameId = stepIds.get(step.id);
    if (sameId !== undefined) {
      issues.push({ path: [...path, 'id'], message: `duplicate step id "${step.id}" (also cadence[${sameId}])` });
    } else {
      stepIds.set(step.id, i);
    }
    const sameDay = offsets.get(step.offsetDays);
    if (sameDay !== undefined) {
      issues.push({
        path: [...path, 'offsetDays'],
        message: `step "${sameDay}" is already on day ${step.offsetDays}; one invoice gets at most one reminder a day`,
      });
    } else {
      offsets.set(step.offsetDays, step.id);
    }
    const missing = languagesMissing(step.template, step.tone);
    if (missing.length > 0) {
      issues.push({
        path: [...path, 'template'],
        message: (TEMPLATE_NAMES as readonly string[]).includes(step.template)
          ? `no ${step.tone} text for "${step.template}" in ${missing.join(', ')}`
          : `unknown template "${step.template}"; expected one of ${TEMPLATE_NAMES.map((t) => `"${t}"`).join(', ')}`,
      });
    }
  });
  segment.match.amountBands?.forEach((band, b) => {
    if (band.minMinor !== undefined && band.maxMinor !== undefined && band.minMinor > band.maxMinor) {
      issues.push({
        path: ['segments', s, 'match', 'amountBands', b, 'maxMinor'],
        message: `must be at least minMinor (${band.minMinor})`,
      });
    }
  });
  return issues;
}

/** Why a payment-link template is unusable, or undefined when it is fine. */
function paymentLinkProblem(template: string, known: readonly string[] = PAYMENT_LINK_PLACEHOLDERS): string | undefined {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    return `unknown placeholder {${unknown[0]}}; use ${known.map((name) => `{${name}}`).join(' and ')}`;
  }
  let url: URL;
  try {
    url = new URL(template.replaceAll('{accountId}', 'A').replaceAll('{invoiceNumber}', 'N'));
  } catch {
    return 'expected an absolute URL, e.g. "https://pay.example.com/{accountId}/{invoiceNumber}"';
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'expected an http or https URL';
}

function isLocaleTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
