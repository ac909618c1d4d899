import { CHANNELS, type Channel } from '../types.js';

const CHANNEL_WORDS: Readonly<Record<string, Channel>> = {
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  correo: 'email',
  sms: 'sms',
  texto: 'sms',
  text: 'sms',
  whatsapp: 'whatsapp',
  wa: 'whatsapp',
  wsp: 'whatsapp',
};

/**
 * The debtor's channel preference from a cell like `whatsapp, sms, email` or `WhatsApp > correo`
 * (best first; `,` `;` `|` `>` `/` or spaces separate). Unknown words are a warning and skipped;
 * an empty result means "use the policy's order".
 *
 * @example
 * readChannels('WhatsApp; correo') // { value: ['whatsapp', 'email'], warnings: [] }
 */
export function readChannels(text: string): { value: Channel[] | undefined; warnings: string[] } {
  const words = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .split(/[\s,;|>/]+/)
    .filter(Boolean);
  const value: Channel[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    const channel = CHANNEL_WORDS[word];
    if (channel === undefined) unknown.push(word);
    else if (!value.includes(channel)) value.push(channel);
  }
  const warnings = unknown.length
    ? [`unknown channel${unknown.length > 1 ? 's' : ''} ${unknown.map((w) => `'${w.slice(0, 20)}'`).join(', ')} ignored (expected ${CHANNELS.join(', ')})`]
    : [];
  return { value: value.length > 0 ? value : undefined, warnings };
}

const YES = new Set(['si', 'sí', 'yes', 'y', 's', 'true', '1', 'x', 'acepta', 'opt-in', 'optin']);
const NO = new Set(['no', 'n', 'false', '0', 'rechaza', 'opt-out', 'optout']);

/**
 * A WhatsApp consent cell: `sí`/`yes`/`1`/`x` → true, `no`/`0` → false; anything else is a warning
 * and counts as no consent (WhatsApp is never used on a guess).
 */
export function readOptIn(text: string): { value: boolean | undefined; warnings: string[] } {
  const word = text.trim().toLowerCase();
  if (word === '') return { value: undefined, warnings: [] };
  if (YES.has(word)) return { value: true, warnings: [] };
  if (NO.has(word)) return { value: false, warnings: [] };
  return { value: false, warnings: [`WhatsApp consent '${text.slice(0, 20)}' is neither yes nor no; treated as no consent`] };
}
