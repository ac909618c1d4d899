/**
 * Replies arrive with any casing, accents, emoji and punctuation ("¡¡Ya pagué!!", "BAJA.", "stop 🙏").
 * Every rule matches against one canonical form: lowercase ASCII letters, digits, "/" (kept for
 * dates) and single spaces, padded with one space at each end so a phrase can be found as
 * ` ${phrase} ` without matching inside a longer word.
 */
export function normalizeReply(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents: "pagué" → "pague", "más" → "mas"
    .toLowerCase()
    .replace(/['’`´]/g, '') // contractions stay one word: "i'll" → "ill", "don't" → "dont"
    .replace(/(\d)\s*[-.]\s*(?=\d)/g, '$1/') // "15-12" and "15.12" are dates like "15/12"
    .replace(/[^a-z0-9/]+/g, ' ')
    .trim();
  return folded === '' ? ' ' : ` ${folded} `;
}

/** Index of ` phrase ` in a normalized reply, or -1. */
export function findPhrase(normalized: string, phrase: string): number {
  return normalized.indexOf(` ${phrase} `);
}

export function tokens(normalized: string): string[] {
  return normalized.trim() === '' ? [] : normalized.trim().split(' ');
}
