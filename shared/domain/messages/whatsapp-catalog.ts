import type { PaymentPlan } from '../escalation/types.js';
import type { Policy } from '../policy/schema.js';
import { TEMPLATE_NAMES } from '../templates/catalog.js';
import { formatDate } from '../templates/format.js';
import type { Account, Tone } from '../types.js';
import { composeInstallmentReminder } from './installment.js';
import { INSTALLMENT_MOMENTS, installmentWords } from './installment-words.js';
import { REPLY_KINDS, replyWords } from './reply-words.js';
import { SAMPLE_MARKETS, sampleFacts, type SampleMarket } from './samples.js';
import { variableValues } from './variables.js';
import { textLocale, WHATSAPP_LANGUAGE_CODES, whatsappTemplateName, type WhatsAppLanguageCode } from './whatsapp-language.js';
import { numberPlaceholders, templateMessage, whatsappBodyText } from './whatsapp.js';

/** One template to submit to Meta (WhatsApp Manager or the Graph API `message_templates` endpoint). */
export interface WhatsAppCatalogEntry {
  /** `cobranza_overdue_firm`, `cobranza_reply_promise_ack`. */
  name: string;
  /** Meta's language code, e.g. `es_MX`. */
  language: string;
  category: 'UTILITY';
  /** The body with `{{1}}`, `{{2}}`… as Meta wants it. */
  body: string;
  /** What each placeholder is, in order: the Cobranza variable names (`customerName`, `invoiceList`…). */
  parameters: string[];
  /** Realistic example values, in order (Meta requires them to review the template). */
  example: string[];
}

const TONES: readonly Tone[] = ['friendly', 'firm', 'formal'];

/**
 * Every WhatsApp template Cobranza may send under this policy, for ops to submit to Meta: each
 * reminder template and tone (the policy's WhatsApp override when it has one, else the shipped text),
 * each reply and each payment-plan installment reminder (upcoming, due today), in every language code
 * (es_MX, es_CO, es_PE, es_CL, es, en_US), category UTILITY, with the body numbered for Meta and
 * example values. A template must be approved under the same
 * name and language before a message using it can be sent; re-submit after changing an override.
 *
 * @example
 * whatsappTemplateCatalog(policy).find((t) => t.name === 'cobranza_overdue_firm' && t.language === 'es_CO')
 */
export function whatsappTemplateCatalog(policy: Policy): WhatsAppCatalogEntry[] {
  const prefix = policy.channels.whatsapp.templatePrefix;
  const entries: WhatsAppCatalogEntry[] = [];
  for (const code of WHATSAPP_LANGUAGE_CODES) {
    const market = marketFor(code);
    for (const template of TEMPLATE_NAMES) {
      const values = variableValues(sampleFacts(market, template, policy, 'typical'), 'whatsapp');
      for (const tone of TONES) {
        const text = whatsappBodyText(policy, template, tone, code);
        entries.push(entry(whatsappTemplateName(prefix, template, tone), code, text, templateMessage(text, values).parameters));
      }
    }
    const language = code.startsWith('es') ? 'es' : 'en';
    const replyValues = {
      customerName: market.name,
      companyName: policy.company.name,
      promiseDate: formatDate('2026-12-22', market.locale, market.timezone),
    };
    for (const kind of REPLY_KINDS) {
      const text = replyWords(language, kind, 'whatsapp').text;
      entries.push(entry(whatsappTemplateName(prefix, `reply-${kind}`), code, text, templateMessage(text, replyValues).parameters));
    }
    for (const moment of INSTALLMENT_MOMENTS) {
      // The example is a real message: payment 1 of 3 of the sample plan, whose down payment is paid.
      const message = composeInstallmentReminder({ ...sampleInstallment(market), channel: 'whatsapp', moment, policy });
      if (message.channel !== 'whatsapp' || message.languageCode !== code) {
        throw new Error(`the sample installment reminder for ${code} is not a WhatsApp message in ${code}`);
      }
      entries.push(entry(message.templateName, code, installmentWords(language, moment).whatsapp, [...message.parameters]));
    }
  }
  return entries;
}

function entry(name: string, language: WhatsAppLanguageCode, text: string, example: string[]): WhatsAppCatalogEntry {
  const { body, names } = numberPlaceholders(text);
  return { name, language, category: 'UTILITY', body, parameters: names, example };
}

/** The sample debtor of `market` with a plan of a down payment (paid) and three payments, reminded of the first. */
function sampleInstallment(market: SampleMarket): { account: Account; plan: PaymentPlan; index: number; now: Date } {
  const account: Account = { accountId: 'C-1042', name: market.name, country: market.country, timezone: market.timezone, locale: market.locale };
  // Whole amounts, as the reminder samples: a COP or CLP example shows no cents.
  const each = Math.round(market.largeMinor / 1_000_000) * 100;
  const plan: PaymentPlan = {
    planId: 'plan-3f9a1c',
    accountId: account.accountId,
    currency: market.currency,
    total: each * 4,
    installments: [
      { dueDate: '2026-12-01', amount: each, status: 'paid' },
      { dueDate: '2026-12-31', amount: each, status: 'due' },
      { dueDate: '2027-01-30', amount: each, status: 'due' },
      { dueDate: '2027-03-01', amount: each, status: 'due' },
    ],
    discountPercent: 0,
    interestWaived: true,
    createdAt: '2026-12-01T16:00:00.000Z',
    status: 'active',
  };
  return { account, plan, index: 1, now: new Date('2026-12-28T16:00:00Z') };
}

/** The sample debtor for a language code: its market, or (bare `es`) a Spanish locale without region. */
function marketFor(code: WhatsAppLanguageCode): SampleMarket {
  const locale = textLocale(code);
  const market = SAMPLE_MARKETS.find((m) => m.locale === locale);
  if (market) return market;
  const mexico = SAMPLE_MARKETS[0] as SampleMarket;
  return { ...mexico, locale, country: 'AR', currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires' };
}
