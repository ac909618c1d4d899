import { isTemplateName, TEMPLATE_NAMES, type TemplateName } from '../templates/catalog.js';
import type { Tone } from '../types.js';
import type { MessageFacts } from './facts.js';
import { withOptOutLine } from './opt-out-line.js';
import { braceProblem, placeholderNames } from './placeholders.js';
import type { MessagePolicy, TemplateOverride } from './policy-section.js';
import { LONG_SAMPLE_INVOICES, ROLLED_TEMPLATES, SAMPLE_MARKETS, sampleFacts, type SampleMarket } from './samples.js';
import { fitFirst, overrideTries, shippedTries } from './sms.js';
import { isMessageVariable, LATE_ONLY_VARIABLES, MESSAGE_VARIABLES } from './variables.js';
import { WHATSAPP_LANGUAGE_CODES, textLocale } from './whatsapp-language.js';
import { WHATSAPP_TEXTS } from './whatsapp-texts.js';
import { whatsappBodyProblems } from './whatsapp.js';

export interface TemplateProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

const TONES: readonly Tone[] = ['friendly', 'firm', 'formal'];
const KNOWN_VARIABLES = Object.keys(MESSAGE_VARIABLES)
  .map((name) => `{{${name}}}`)
  .join(', ');
/** The locales a WhatsApp text can be chosen for: one per Meta language code, plus the bare languages. */
const WHATSAPP_TEXT_LOCALES = [...WHATSAPP_LANGUAGE_CODES.map(textLocale), 'en'];

/**
 * What is wrong with a policy's message texts, so that a gap is an error when the policy loads and
 * never a blank in a message. Checks every `templates.overrides` entry — a known template, a subject
 * on email only, balanced `{{…}}`, only known variables, `{{portalLink}}` only with
 * `company.portalLinkTemplate`, no duplicate, a WhatsApp body Meta accepts, an SMS that fits
 * `channels.sms.segmentBudget` with long sample values — and that the shipped texts fit the budget
 * and find every variable they use. The policy schema reports these with their paths.
 *
 * @example
 * templateProblems(policy) // [{ path: ['templates', 'overrides', 0, 'text'], message: 'unknown variable {{nombre}}; …' }]
 */
export function templateProblems(policy: MessagePolicy): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const seen = new Map<string, number>();
  policy.templates.overrides.forEach((override, i) => {
    const path = ['templates', 'overrides', i];
    const key = JSON.stringify([override.channel, override.template, override.tone ?? '', override.locale?.toLowerCase() ?? '']);
    const same = seen.get(key);
    if (same !== undefined) problems.push({ path, message: `same channel, template, tone and locale as templates.overrides[${same}]; only one can apply` });
    else seen.set(key, i);
    problems.push(...overrideProblems(override, policy, path));
  });
  problems.push(...shippedProblems(policy));
  return problems;
}

function overrideProblems(override: TemplateOverride, policy: MessagePolicy, path: (string | number)[]): TemplateProblem[] {
  if (!isTemplateName(override.template)) {
    return [{ path: [...path, 'template'], message: `unknown template "${override.template}"; expected one of ${TEMPLATE_NAMES.map((t) => `"${t}"`).join(', ')}` }];
  }
  const problems: TemplateProblem[] = [];
  if (override.locale !== undefined && !isLocaleTag(override.locale)) {
    problems.push({ path: [...path, 'locale'], message: 'expected a BCP 47 language tag, e.g. "es" or "es-MX"' });
  }
  if (override.subject !== undefined && override.channel !== 'email') {
    problems.push({ path: [...path, 'subject'], message: `a subject is for email only, not ${override.channel}` });
  }
  const fields = [['text', override.text], ...(override.subject !== undefined ? [['subject', override.subject]] : [])] as const;
  let wellFormed = true;
  for (const [field, text] of fields) {
    const issues = variableProblems(text, policy, override.template);
    if (issues.length > 0) wellFormed = false;
    problems.push(...issues.map((message) => ({ path: [...path, field], message })));
  }
  if (override.channel === 'whatsapp') {
    // Measured as sent: with the opt-out line the body gets (the longer, Spanish one unless the override is English only).
    const language = override.locale?.toLowerCase().startsWith('en') ? 'en' : 'es';
    problems.push(...whatsappBodyProblems(withOptOutLine(override.text, language)).map((message) => ({ path: [...path, 'text'], message })));
    if (override.locale !== undefined && !WHATSAPP_TEXT_LOCALES.some((l) => l.toLowerCase() === override.locale?.replace(/_/g, '-').toLowerCase())) {
      problems.push({
        path: [...path, 'locale'],
        message: `WhatsApp texts are approved per Meta language, so a WhatsApp override's locale must be one of ${WHATSAPP_TEXT_LOCALES.join(', ')} (or none)`,
      });
    }
  }
  // Only a text whose variables all resolve can be measured.
  if (override.channel === 'sms' && wellFormed) {
    const tones = override.tone ? [override.tone] : TONES.slice(0, 1);
    const needed = smsSegmentsNeeded(policy, marketsFor(override.locale), [override.template], tones, (facts) => overrideTries(override.text, facts));
    if (needed) {
      problems.push({
        path: [...path, 'text'],
        message: `needs ${needed.segments} SMS segments with long sample values (${needed.market}, ${LONG_SAMPLE_INVOICES} invoices, a long customer name) even shortened; channels.sms.segmentBudget is ${policy.channels.sms.segmentBudget}`,
      });
    }
  }
  return problems;
}

/** Unbalanced braces, unknown variables, and variables this policy (or this template) cannot fill. */
function variableProblems(text: string, policy: MessagePolicy, template: TemplateName): string[] {
  const braces = braceProblem(text);
  if (braces) return [braces];
  const problems: string[] = [];
  const late = template === 'overdue' || template === 'final-notice';
  for (const name of new Set(placeholderNames(text))) {
    if (!isMessageVariable(name)) problems.push(`unknown variable {{${name}}}; known: ${KNOWN_VARIABLES}`);
    else if (name === 'portalLink' && !policy.company.portalLinkTemplate) problems.push('{{portalLink}} needs company.portalLinkTemplate');
    // Only a late message has overdue invoices to list apart (templates/catalog.ts templateForToday).
    else if (!late && LATE_ONLY_VARIABLES.includes(name)) problems.push(`{{${name}}} is for overdue and final-notice texts only, not ${template}`);
  }
  return problems;
}

function shippedProblems(policy: MessagePolicy): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const needed = smsSegmentsNeeded(policy, SAMPLE_MARKETS, TEMPLATE_NAMES, TONES, (facts, tone) => shippedTries(facts, tone));
  if (needed) {
    problems.push({
      path: ['channels', 'sms', 'segmentBudget'],
      message: `the shipped ${needed.tone} SMS for "${needed.template}" needs ${needed.segments} segments with long sample values (${needed.market}): raise segmentBudget to ${needed.segments}, add shorter SMS overrides, or shorten company.name`,
    });
  }
  for (const language of ['es', 'en'] as const) {
    for (const template of TEMPLATE_NAMES) {
      for (const tone of TONES) {
        const issues = variableProblems(WHATSAPP_TEXTS[language][template][tone], policy, template);
        if (issues.length > 0) problems.push({ path: ['company', 'portalLinkTemplate'], message: `the shipped WhatsApp text ${template}/${tone} (${language}): ${issues[0]}` });
      }
    }
  }
  return problems;
}

/**
 * The first sample that does not fit the budget, with the fewest segments it needed; undefined when
 * every one fits. Each sample: a long customer name and 12 invoices, and one invoice alone.
 */
function smsSegmentsNeeded(
  policy: MessagePolicy,
  markets: readonly SampleMarket[],
  templates: readonly TemplateName[],
  tones: readonly Tone[],
  tries: (facts: MessageFacts, tone: Tone) => Iterable<string>,
): { segments: number; market: string; template: TemplateName; tone: Tone } | undefined {
  const budget = policy.channels.sms.segmentBudget;
  for (const market of markets) {
    for (const template of templates) {
      // A due date on a weekend or holiday has its own, longer words (until when it can be paid without being late).
      for (const rolled of ROLLED_TEMPLATES.includes(template) ? [false, true] : [false]) {
        for (const count of [LONG_SAMPLE_INVOICES, 1]) {
          const facts = sampleFacts(market, template, policy, 'long', count, rolled);
          for (const tone of tones) {
            const fitted = fitFirst(tries(facts, tone), budget);
            if (!('body' in fitted)) return { segments: fitted.fewest, market: market.locale, template, tone };
          }
        }
      }
    }
  }
  return undefined;
}

/** The sample markets an override applies to (its locale, its language, or all). */
function marketsFor(locale: string | undefined): readonly SampleMarket[] {
  if (locale === undefined) return SAMPLE_MARKETS;
  const wanted = locale.replace(/_/g, '-').toLowerCase();
  const matching = SAMPLE_MARKETS.filter((m) => m.locale.toLowerCase() === wanted || m.locale.toLowerCase().split('-')[0] === wanted);
  if (matching.length > 0) return matching;
  const base = SAMPLE_MARKETS.find((m) => m.locale.startsWith(wanted.split('-')[0] ?? '')) ?? SAMPLE_MARKETS[SAMPLE_MARKETS.length - 1];
  return base && isLocaleTag(locale) ? [{ ...base, locale }] : [];
}

function isLocaleTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
