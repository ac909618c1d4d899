import { TEMPLATE_NAMES, type Language, type TemplateName, type TemplateText } from './catalog.js';
import { en } from './en.js';
import type { Tone } from '../types.js';

/**
 * The greeting of a message to a person: `Hello Juan Pérez,` (friendly), `Dear Juan Pérez,` — never
 * "the Juan Pérez team".
 */
function greeting(tone: Tone, name: string): string {
  return tone === 'friendly' ? `Hello ${name},` : `Dear ${name},`;
}

const TONES: readonly Tone[] = ['friendly', 'firm', 'formal'];

/** `texts` with each greeting written to the person. */
function each<V extends { readonly customerName: string }>(
  texts: Readonly<Record<TemplateName, Readonly<Record<Tone, (v: V) => TemplateText>>>>,
): Record<TemplateName, Record<Tone, (v: V) => TemplateText>> {
  const out = {} as Record<TemplateName, Record<Tone, (v: V) => TemplateText>>;
  for (const template of TEMPLATE_NAMES) {
    const tones = {} as Record<Tone, (v: V) => TemplateText>;
    for (const tone of TONES) {
      const text = texts[template][tone];
      tones[tone] = (v) => ({ ...text(v), greeting: greeting(tone, v.customerName) });
    }
    out[template] = tones;
  }
  return out;
}

/**
 * The English texts for a consumer: the company texts (en.ts), which already say "you" to whoever
 * reads them, written to the person by name rather than to "the … team".
 */
export const enPerson: Language = {
  code: 'en',
  labels: en.labels,
  templates: each(en.templates),
  several: each(en.several),
};
