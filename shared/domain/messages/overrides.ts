import type { Channel, Tone } from '../types.js';
import type { TemplateOverride } from './policy-section.js';

export interface OverrideQuery {
  readonly channel: Channel;
  readonly template: string;
  readonly tone: Tone;
  /** The message locale, e.g. `es-CO`. */
  readonly locale: string;
}

/**
 * The policy's own words for this message, if any: among the overrides of the channel and template
 * whose tone (if given) and locale (if given) match, the most specific wins — the full locale
 * (`es-CO`) over the language (`es`) over no locale, then a tone over no tone; on a tie, the first.
 *
 * @example
 * findOverride(policy.templates.overrides, { channel: 'sms', template: 'overdue', tone: 'firm', locale: 'es-CO' })
 */
export function findOverride(overrides: readonly TemplateOverride[], query: OverrideQuery): TemplateOverride | undefined {
  let best: TemplateOverride | undefined;
  let bestScore = -1;
  for (const override of overrides) {
    if (override.channel !== query.channel || override.template !== query.template) continue;
    if (override.tone !== undefined && override.tone !== query.tone) continue;
    const locale = localeScore(override.locale, query.locale);
    if (locale < 0) continue;
    const score = locale * 2 + (override.tone === undefined ? 0 : 1);
    if (score > bestScore) {
      best = override;
      bestScore = score;
    }
  }
  return best;
}

/** 2: the same locale; 1: the override names the message's language only; 0: no locale; -1: no match. */
function localeScore(overrideLocale: string | undefined, messageLocale: string): number {
  if (overrideLocale === undefined) return 0;
  const wanted = overrideLocale.replace(/_/g, '-').toLowerCase();
  const have = messageLocale.toLowerCase();
  if (wanted === have) return 2;
  return !wanted.includes('-') && have.split('-')[0] === wanted ? 1 : -1;
}
