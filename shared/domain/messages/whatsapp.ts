import type { Tone } from '../types.js';
import { MessageTooLongError } from './errors.js';
import type { MessageFacts } from './facts.js';
import { withOptOutLine } from './opt-out-line.js';
import { findOverride } from './overrides.js';
import { fillPlaceholders, placeholderNames } from './placeholders.js';
import type { MessagePolicy } from './policy-section.js';
import { variableValues, type Compaction, type VariableValues } from './variables.js';
import { textLocale, whatsappLanguageCode, whatsappTemplateName } from './whatsapp-language.js';
import { WHATSAPP_TEXTS } from './whatsapp-texts.js';

export interface ComposedWhatsApp {
  readonly channel: 'whatsapp';
  readonly templateName: string;
  readonly languageCode: string;
  readonly parameters: readonly string[];
  readonly preview: string;
  readonly locale: string;
}

/** Meta's limit on a template body, in characters. */
export const WHATSAPP_BODY_LIMIT = 1024;

/** Values shortened, mildest first, until the body as read fits Meta's limit (many invoices). */
const COMPACTIONS: readonly Compaction[] = [{ list: 'full' }, { list: 'numbers' }, { list: 'first' }, { list: 'first', nameLength: 60 }, { list: 'first', nameLength: 30 }];

/**
 * A body with named variables as Meta wants it: each `{{name}}` becomes `{{1}}`, `{{2}}`… in order of
 * appearance (a name used twice gets two numbers: Meta checks that numbers run in sequence), with the
 * names in that order.
 *
 * @example
 * numberPlaceholders('Hola {{customerName}}, total {{total}}.') // { body: 'Hola {{1}}, total {{2}}.', names: ['customerName', 'total'] }
 */
export function numberPlaceholders(text: string): { body: string; names: string[] } {
  const names = placeholderNames(text);
  let n = 0;
  const body = text.replace(/\{\{[^{}]*\}\}/g, () => `{{${++n}}}`);
  return { body, names };
}

/**
 * A value as a template parameter Meta accepts: no new lines or tabs (line breaks become ` · `, as in
 * a signature's lines), never several spaces in a row (Meta refuses more than four), never empty.
 *
 * @example
 * whatsappParameter('Cuentas por Cobrar\nEjemplo Corp') // 'Cuentas por Cobrar · Ejemplo Corp'
 */
export function whatsappParameter(value: string): string {
  const flat = value
    .split(/[\r\n\u2028\u2029\v\f]+/)
    .map((line) => line.replace(/[\t ]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join(' · ');
  return flat === '' ? '-' : flat;
}

/**
 * Why Meta would refuse a template body, if it would: a variable at the very start or end, two
 * variables side by side, more than 1,024 characters.
 */
export function whatsappBodyProblems(text: string): string[] {
  const problems: string[] = [];
  const trimmed = text.trim();
  if (/^\{\{[^{}]*\}\}/.test(trimmed)) problems.push('a WhatsApp template may not start with a variable');
  if (/\{\{[^{}]*\}\}$/.test(trimmed)) problems.push('a WhatsApp template may not end with a variable; add a closing sentence');
  if (/\}\}\s*\{\{/.test(text)) problems.push('two variables side by side; put some words between them');
  if (text.length > WHATSAPP_BODY_LIMIT) problems.push(`longer than WhatsApp's ${WHATSAPP_BODY_LIMIT} characters (${text.length})`);
  return problems;
}

/**
 * The body text (named variables) of a template for a language code: the override if any, else
 * shipped; either way ending with the opt-out line (an override that words it itself is kept as is).
 * The catalog submits this same text to Meta.
 */
export function whatsappBodyText(policy: MessagePolicy, template: MessageFacts['template'], tone: Tone, code: ReturnType<typeof whatsappLanguageCode>): string {
  const locale = textLocale(code);
  const language = code.startsWith('es') ? 'es' : 'en';
  const override = findOverride(policy.templates.overrides, { channel: 'whatsapp', template, tone, locale });
  return withOptOutLine(override?.text ?? WHATSAPP_TEXTS[language][template][tone], language);
}

/**
 * The reminder as a WhatsApp utility template message: the approved template's name
 * (`channels.whatsapp.templatePrefix` + template + tone) and language code, the body parameters in
 * order, and the preview (the body as the debtor will read it). Amounts and dates follow the
 * debtor's full locale; the words follow the language code. With many invoices the list is shortened
 * (numbers only, then `F-1001 y 14 más`) to keep within Meta's 1,024 characters.
 *
 * @example
 * composeWhatsApp(facts, 'firm', policy).templateName // 'cobranza_overdue_firm'
 */
export function composeWhatsApp(facts: MessageFacts, tone: Tone, policy: MessagePolicy): ComposedWhatsApp {
  const languageCode = whatsappLanguageCode(facts.locale);
  const text = whatsappBodyText(policy, facts.template, tone, languageCode);
  const templateName = whatsappTemplateName(policy.channels.whatsapp.templatePrefix, facts.template, tone);
  for (const compaction of COMPACTIONS) {
    const message = templateMessage(text, variableValues(facts, 'whatsapp', compaction));
    if (message.preview.length <= WHATSAPP_BODY_LIMIT) return { channel: 'whatsapp', templateName, languageCode, ...message, locale: facts.locale };
  }
  throw new MessageTooLongError(`the WhatsApp message ${templateName} (${languageCode}) is longer than ${WHATSAPP_BODY_LIMIT} characters even with the invoice list shortened`);
}

/** Parameters and preview of a body with named variables. */
export function templateMessage(text: string, values: VariableValues | Readonly<Record<string, string | undefined>>): { parameters: string[]; preview: string } {
  const { body, names } = numberPlaceholders(text);
  const parameters = names.map((name) => whatsappParameter(fillPlaceholders(`{{${name}}}`, values)));
  const preview = body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => parameters[Number(n) - 1] ?? '');
  return { parameters, preview };
}
