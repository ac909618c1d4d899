import type { Tone } from '../types.js';
import { isTemplateName, type Language } from './catalog.js';
import { en } from './en.js';
import { es } from './es.js';

/** Every language a message can be written in, by code. */
export const LANGUAGES: Readonly<Record<Language['code'], Language>> = { es, en };

/**
 * The languages that have no text for `template` in `tone` (empty when every language has it). The
 * policy schema rejects a cadence step for which this is not empty, so a render never meets a gap.
 */
export function languagesMissing(template: string, tone: Tone): string[] {
  return Object.values(LANGUAGES)
    .filter((language) => !isTemplateName(template) || typeof language.templates[template]?.[tone] !== 'function')
    .map((language) => language.code);
}
