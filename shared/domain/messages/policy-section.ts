import { z } from 'zod';
import type { CompanyIdentity } from '../templates/signature.js';
import { CHANNELS } from '../types.js';

const countryOrDefault = z.string().regex(/^([A-Z]{2}|default)$/, { error: 'expected an ISO 3166-1 alpha-2 country code in capitals, or "default"' });

/**
 * Estimated price of one message in millionths of the table's currency (SMS: per segment), by the
 * debtor's country; `default` for the rest. Estimates for measuring the cost of recovery, not billing.
 */
const priceTable = z
  .record(countryOrDefault, z.int().min(0))
  .refine((table) => table.default !== undefined, { error: 'needs a "default" price for the countries not listed' });

/**
 * `channels` in the policy: the default preference order, the SMS segment budget, the WhatsApp
 * template names and the price table. Origination identities (numbers, sender ids) are deployment
 * configuration (cdk.json context), not policy. Documented in examples/policy.md.
 */
export const channelsSchema = z
  .strictObject({
    /** Order to try channels when the account has no preference of its own; fallback follows it. */
    preference: z.array(z.enum(CHANNELS)).min(1).default(['email', 'whatsapp', 'sms']),
    sms: z
      .strictObject({
        /** Most segments one reminder SMS may take (GSM-7: 160 / 153 characters each; UCS-2: 70 / 67). */
        segmentBudget: z.int().min(1).max(10).default(2),
      })
      .prefault({}),
    whatsapp: z
      .strictObject({
        /**
         * The approved utility template's name in the WhatsApp Business account for each Cobranza
         * template and tone: `<prefix><template>_<tone>` with `-` as `_`, e.g. `cobranza_overdue_firm`.
         */
        templatePrefix: z
          .string()
          .regex(/^[a-z0-9_]{0,40}$/, { error: 'expected lower-case letters, digits and "_" (WhatsApp template names)' })
          .default('cobranza_'),
      })
      .prefault({}),
    prices: z
      .strictObject({
        currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
        email: priceTable.default({ default: 100 }),
        sms: priceTable.default({ default: 8_000, MX: 20_000, CO: 5_000, PE: 25_000, CL: 30_000, US: 8_300 }),
        whatsapp: priceTable.default({ default: 15_000, MX: 13_500, CO: 6_000, PE: 13_000, CL: 25_000, US: 9_000 }),
      })
      .prefault({}),
  })
  .prefault({});

/**
 * `templates` in the policy: a company's own words for a channel / template / tone / locale, with
 * `{{variable}}` placeholders. An unknown variable, or one the policy cannot fill (e.g.
 * `{{portalLink}}` without `company.portalLinkTemplate`), is an error when the policy loads.
 */
export const templatesSchema = z
  .strictObject({
    overrides: z
      .array(
        z.strictObject({
          channel: z.enum(CHANNELS),
          template: z.string().min(1),
          /** Absent: every tone. */
          tone: z.enum(['friendly', 'firm', 'formal']).optional(),
          /** `es`, `es-CO`, `en-US`…; absent: every locale. The most specific override wins. */
          locale: z.string().min(2).optional(),
          /** Email only. */
          subject: z.string().min(1).optional(),
          text: z.string().min(1),
        }),
      )
      .default([]),
  })
  .prefault({});

export type PolicyChannels = z.infer<typeof channelsSchema>;
export type PolicyTemplates = z.infer<typeof templatesSchema>;

/**
 * The parts of a policy that messages read: who writes (`company`), the channel settings and the
 * overrides. A structural type, so the policy schema can check templates while it validates
 * (`templateProblems`) without a circular import.
 */
export interface MessagePolicy {
  readonly company: CompanyIdentity & {
    readonly paymentLinkTemplate: string;
    readonly portalLinkTemplate?: string | undefined;
  };
  readonly channels: PolicyChannels;
  readonly templates: PolicyTemplates;
}

export type TemplateOverride = PolicyTemplates['overrides'][number];
