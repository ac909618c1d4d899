import type { Tone } from '../types.js';

/** The WhatsApp template languages Cobranza writes for (Meta's codes), Spanish regions first. */
export const WHATSAPP_LANGUAGE_CODES = ['es_MX', 'es_CO', 'es_PE', 'es_CL', 'es', 'en_US'] as const;
export type WhatsAppLanguageCode = (typeof WHATSAPP_LANGUAGE_CODES)[number];

const SPANISH_REGIONS: ReadonlySet<string> = new Set(['MX', 'CO', 'PE', 'CL']);

/**
 * The language code Meta approves a template under, for a message locale: `es-MX` → `es_MX` (also
 * CO, PE, CL); any other Spanish → `es`; everything else → `en_US` (the texts are English).
 *
 * @example
 * whatsappLanguageCode('es-AR') // 'es'
 */
export function whatsappLanguageCode(locale: string): WhatsAppLanguageCode {
  let language = '';
  let region: string | undefined;
  try {
    const parsed = new Intl.Locale(locale.replace(/_/g, '-'));
    language = parsed.language;
    region = parsed.region;
  } catch {
    language = locale.slice(0, 2).toLowerCase();
  }
  if (language !== 'es') return 'en_US';
  return region && SPANISH_REGIONS.has(region) ? (`es_${region}` as WhatsAppLanguageCode) : 'es';
}

/**
 * The locale a language code's text is chosen for (`es_CO` → `es-CO`, `es` → `es`). Meta approves one
 * text per template name and language, so an es-AR and an es-UY debtor, who share `es`, must get the
 * same words: overrides are looked up for this locale, not the debtor's own.
 */
export function textLocale(code: WhatsAppLanguageCode): string {
  return code.replace('_', '-');
}

/**
 * The approved template's name: `<prefix><template>_<tone>` with `-` as `_`.
 *
 * @example
 * whatsappTemplateName('cobranza_', 'due-today', 'firm') // 'cobranza_due_today_firm'
 */
export function whatsappTemplateName(prefix: string, template: string, tone?: Tone): string {
  return `${prefix}${template}${tone ? `_${tone}` : ''}`.replace(/-/g, '_');
}
