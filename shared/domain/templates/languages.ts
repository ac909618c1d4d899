import type { Tone } from '../types.js';
import { isTemplateName, type Language } from './catalog.js';
import type { Addressee } from './contact.js';
import { en } from './en.js';
import { enPerson } from './en-person.js';
import { es } from './es.js';
import { esPerson } from './es-person.js';

/** Every language a message can be written in, by code: the words for a company's team. */
export const LANGUAGES: Readonly<Record<Language['code'], Language>> = { es, en };

/** The same languages, written to a person (a consumer): `usted`, "Estimado/a Juan Pérez", "Dear Juan Pérez". */
export const PERSON_LANGUAGES: Readonly<Record<Language['code'], Language>> = { es: esPerson, en: enPerson };

/**
 * The words of a message in `code` for its addressee (templates/contact.ts `addresseeOf`).
 *
 * @example
 * wordsFor('es', 'person').templates.overdue.firm(vars).greeting // 'Estimado/a Juan Pérez:'
 */
export function wordsFor(code: Language['code'], addressee: Addressee): Language {
  return (addressee === 'person' ? PERSON_LANGUAGES : LANGUAGES)[code];
}

/**
 * The languages that have no text for `template` in `tone` (empty when every language has it, for a
 * company and for a person). The policy schema rejects a cadence step for which this is not empty,
 * so a render never meets a gap.
 */
export function languagesMissing(template: string, tone: Tone): string[] {
  return [...new Set([...Object.values(LANGUAGES), ...Object.values(PERSON_LANGUAGES)]
    .filter((language) => !isTemplateName(template) || typeof language.templates[template]?.[tone] !== 'function')
    .map((language) => language.code))];
}
