/**
 * How much of a reply is read. A WhatsApp text is at most 4,096 characters and a concatenated SMS
 * about 1,600; an email's own words come before the quoted thread, which {@link ownWords} drops. A
 * longer text (a pasted statement, a 1 MB attachment read as text) is read up to here only, so no
 * reply can make the classifier slow; every rule below is linear in what it reads anyway.
 */
export const MAX_REPLY_CHARS = 4096;

/**
 * Lines that start the quoted thread of an email reply ("On Mon, … wrote:", "El lun, … escribió:",
 * "-----Original Message-----", "De: …" / "From: …" headers, "> " quoted lines). Our own reminder
 * below them says "Responda BAJA", "pago", "factura": read, it would be mistaken for the debtor's words.
 */
const QUOTE_START = /^\s*(?:>|-{2,}\s*(?:original message|mensaje original)|(?:on|el) .{0,200}(?:wrote|escribi[oó]):\s*$|(?:from|de|sent|enviado):\s)/i;

/**
 * The debtor's own words: the text before any quoted thread, at most {@link MAX_REPLY_CHARS}
 * characters. Never empty when the text is not (a reply that starts with a quote keeps its first line).
 *
 * @example
 * ownWords('Ya pagué\n\nEl lun, 30 nov 2026, Cobranza escribió:\n> Responda BAJA …') // 'Ya pagué'
 */
export function ownWords(text: string): string {
  const head = text.slice(0, MAX_REPLY_CHARS);
  let end = 0;
  for (const line of head.split('\n')) {
    if (end > 0 && QUOTE_START.test(line.slice(0, 300))) break;
    end += line.length + 1;
  }
  return head.slice(0, end).trim();
}

/**
 * Replies arrive with any casing, accents, emoji and punctuation ("¡¡Ya pagué!!", "BAJA.", "stop 🙏").
 * Rules match against one canonical form: lowercase ASCII letters, digits, "/" (kept for dates)
 * and single spaces, padded with one space at each end so a phrase can be found as ` ${phrase} `
 * without matching inside a longer word. Letters typed three or more times in a row count once
 * ("stooop", "bajaaa": no Spanish or English word has a letter three times running).
 *
 * @example
 * foldReply('¡¡Ya pagué!!') // ' ya pague '
 */
export function foldReply(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents: "pagué" → "pague", "más" → "mas"
    .toLowerCase()
    .replace(/['’`´]/g, '') // contractions stay one word: "i'll" → "ill", "don't" → "dont"
    .replace(/(\d)\s*[-.]\s*(?=\d)/g, '$1/') // "15-12" and "15.12" are dates like "15/12"
    .replace(/[^a-z0-9/]+/g, ' ')
    .replace(/([a-z])\1{2,}/g, '$1')
    .trim();
  return folded === '' ? ' ' : ` ${folded} `;
}

/**
 * Chat shorthand and common misspellings, word for word (always one word for one, so positions in
 * the folded and the normalized forms stay the same): "q" → "que", "x favor", "m" → "me", "d" → "de",
 * "msj" → "mensajes", "mñn" → "mañana", "tmrw" → "tomorrow", "escrivan" → "escriban" (b and v sound
 * the same in Spanish), "kedo" → "quedo".
 */
const SHORTHAND: Readonly<Record<string, string>> = {
  q: 'que', ke: 'que', k: 'que', xq: 'porque', pq: 'porque', x: 'por', d: 'de', m: 'me', t: 'te',
  msj: 'mensajes', msjs: 'mensajes', mjs: 'mensajes', mensages: 'mensajes',
  wsp: 'whatsapp', wasap: 'whatsapp', whats: 'whatsapp', whatsap: 'whatsapp', watsap: 'whatsapp', guasap: 'whatsapp',
  mnn: 'manana', mna: 'manana', mnna: 'manana', tmrw: 'tomorrow', tmw: 'tomorrow', tmr: 'tomorrow',
  tomorow: 'tomorrow', '2morrow': 'tomorrow', kedo: 'quedo', keda: 'queda', kiero: 'quiero', bn: 'buen',
  vaja: 'baja', orita: 'ahorita', horita: 'ahorita', pls: 'please', plz: 'please', plis: 'please',
};

/**
 * {@link foldReply} plus {@link SHORTHAND}: the form the opt-out, payment, promise and help rules read.
 *
 * @example
 * normalizeReply('xfa ya no m manden msjs') // ' xfa ya no me manden mensajes '
 */
export function normalizeReply(text: string): string {
  return foldReply(text).replace(/[a-z0-9]+/g, (word) => SHORTHAND[word] ?? (word.startsWith('escriv') ? `escrib${word.slice(6)}` : word));
}

/**
 * The reply cut into clauses at punctuation, line breaks and emoji, each normalized: "Ya pagué. BAJA"
 * is two clauses, and the second is nothing but an opt-out keyword.
 */
export function clauses(text: string): string[] {
  return text
    .split(/[.!?¡¿;:,\n\r()"«»]+|\p{Extended_Pictographic}+/u)
    .map(normalizeReply)
    .filter((clause) => clause.trim() !== '');
}

export function tokens(normalized: string): string[] {
  return normalized.trim() === '' ? [] : normalized.trim().split(' ');
}
