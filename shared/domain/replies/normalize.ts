/**
 * How much of a reply is read. A WhatsApp text is at most 4,096 characters and a concatenated SMS
 * about 1,600; an email's own words are what is left once the quoted thread is dropped ({@link ownWords}).
 * A longer text (a pasted statement, a 1 MB attachment read as text) is read at its beginning and its
 * last {@link TAIL_CHARS} characters only, so no reply can make the classifier slow (every rule below
 * is linear in what it reads anyway) and a "no me escriban más" written after a long paste is still read.
 */
export const MAX_REPLY_CHARS = 4096;
/** How much of the end of an over-long reply is read (part of {@link MAX_REPLY_CHARS}). */
export const TAIL_CHARS = 1024;

/** Gmail, Apple Mail and most clients: "On Mon, … wrote:" / "El lun, … escribió:", then the quoted lines, each starting with ">". */
const QUOTE_HEADER = /^\s*(?:on|el) .{0,200}(?:wrote|escribi[oó]):\s*$/i;
/** Outlook and forwards: "-----Original Message-----", "De: …" / "From: …": the original message follows unmarked, to the end. */
const ORIGINAL_START = /^\s*(?:-{2,}\s*(?:original message|mensaje original)|(?:from|de|sent|enviado):\s)/i;
const QUOTED_LINE = /^\s*>/;

/**
 * The debtor's own words, without the quoted thread: our reminder quoted in the reply says "Responda
 * BAJA", "pago", "factura", and read it would be mistaken for the debtor's words.
 * - Lines starting with ">" are quoted, wherever they are, and so is a "… wrote:" header above them.
 * - Text after such a quoted block is the debtor's again: a bottom-posted answer, or one written between
 *   the quoted lines. A header followed by unmarked text is the original message: the rest is dropped.
 * - An "Original Message" / "From:" header starts the original message: the rest is dropped.
 * At most {@link MAX_REPLY_CHARS} characters (the beginning and the end of a longer text). Never empty
 * when the text is not: a reply that is nothing but a quote keeps its first line.
 *
 * @example
 * ownWords('Ya pagué\n\nEl lun, 30 nov 2026, Cobranza escribió:\n> Responda BAJA …') // 'Ya pagué'
 * ownWords('Hola\n\nEl lun, 30 nov 2026, Cobranza escribió:\n> Responda BAJA …\n\nNO ME ESCRIBAN MÁS') // 'Hola\n\nNO ME ESCRIBAN MÁS'
 */
export function ownWords(text: string): string {
  const kept: string[] = [];
  /** After a "wrote:" header: quoted lines are expected; unmarked text before any of them is the original message. */
  let header = false;
  for (const line of text.split('\n')) {
    const start = line.slice(0, 300);
    if (QUOTED_LINE.test(start)) {
      header = false;
      continue;
    }
    if (line.trim() === '') {
      kept.push(line);
      continue;
    }
    if (header) break;
    if (QUOTE_HEADER.test(start)) {
      header = true;
      continue;
    }
    if (ORIGINAL_START.test(start) && kept.some((l) => l.trim() !== '')) break;
    kept.push(line);
  }
  const own = kept.join('\n').trim() || text.trim().split('\n', 1)[0]!.trim();
  if (own.length <= MAX_REPLY_CHARS) return own;
  return `${own.slice(0, MAX_REPLY_CHARS - TAIL_CHARS - 1)}\n${own.slice(-TAIL_CHARS)}`;
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
  msj: 'mensajes', msjs: 'mensajes', mjs: 'mensajes', mensages: 'mensajes', mensage: 'mensaje', txts: 'texts', resibir: 'recibir', recivir: 'recibir',
  wsp: 'whatsapp', wasap: 'whatsapp', whats: 'whatsapp', whatsap: 'whatsapp', watsap: 'whatsapp', guasap: 'whatsapp',
  mnn: 'manana', mna: 'manana', mnna: 'manana', tmrw: 'tomorrow', tmw: 'tomorrow', tmr: 'tomorrow',
  tomorow: 'tomorrow', '2morrow': 'tomorrow', kedo: 'quedo', keda: 'queda', kiero: 'quiero', qiero: 'quiero', bn: 'buen',
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
