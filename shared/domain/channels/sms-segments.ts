/**
 * SMS segment counting (3GPP TS 23.038 / TS 23.040), pure and I/O-free.
 *
 * Why this exists: carriers bill per segment, so a reminder that grows from 160 to 161 septets, or
 * picks up a single "á", can double or triple its cost. The planner uses these numbers to stay
 * inside a policy's segment budget before anything is sent.
 *
 * Rules implemented:
 * - If every character is in the GSM 7-bit default alphabet or its extension table, the message is
 *   GSM-7. Extension characters (form feed ^ { } \ [ ~ ] | €) are sent as ESC + char, so they cost
 *   2 septets. One message holds 160 septets; once concatenated, the User Data Header eats 7
 *   septets so each segment holds 153.
 * - Otherwise the whole message is UCS-2: 70 UTF-16 code units alone, 67 per concatenated segment.
 * - Multi-unit characters are never split across segments: an ESC + char pair in GSM-7, and a
 *   surrogate pair (emoji, etc.) in UCS-2. Handsets and gateways (e.g. Twilio, AWS) do the same, so
 *   a segment may end one unit short of its capacity, and the count is computed by greedy packing,
 *   not by a plain division.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Number of SMS segments billed; 0 for empty text. */
  segments: number;
  /** Total septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Capacity per segment that applies: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
}

// GSM 03.38 basic table, in code order 0x00–0x7F (0x1B is ESC, which is not a printable character and
// is left out). Written out in full rather than as ranges so it can be checked against the spec table.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

// Extension table characters reachable via ESC (form feed, ^ { } \ [ ~ ] | €): 2 septets each.
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET: ReadonlySet<string> = new Set(GSM_BASIC);
const EXTENSION_SET: ReadonlySet<string> = new Set(GSM_EXTENSION);

const GSM_SINGLE = 160;
const GSM_MULTI = 153;
const UCS2_SINGLE = 70;
const UCS2_MULTI = 67;

/** Septets a character costs in GSM-7, or undefined when it is not representable. */
function gsmSeptets(ch: string): 1 | 2 | undefined {
  if (BASIC_SET.has(ch)) return 1;
  if (EXTENSION_SET.has(ch)) return 2;
  return undefined;
}

/** True when every character of `text` can be sent in GSM-7 (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (gsmSeptets(ch) === undefined) return false;
  return true;
}

/**
 * Greedy packing of indivisible items (sizes 1 or 2) into segments of `capacity`. A segment that
 * cannot take the next item whole is closed early, which is what keeps ESC pairs and surrogate
 * pairs in one piece.
 */
function pack(sizes: readonly number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

/** Encoding, segment count and unit count of an SMS body. */
export function smsSegments(text: string): SmsSegments {
  // `for...of` walks code points, so an emoji arrives as one 2-unit item and a lone surrogate as a
  // 1-unit item (it is still not GSM-7 and forces UCS-2).
  const chars = [...text];
  const gsm = chars.every((ch) => gsmSeptets(ch) !== undefined);
  const sizes = gsm ? chars.map((ch) => gsmSeptets(ch) ?? 1) : chars.map((ch) => ch.length);
  const units = sizes.reduce((a, b) => a + b, 0);
  const single = gsm ? GSM_SINGLE : UCS2_SINGLE;
  const multi = gsm ? GSM_MULTI : UCS2_MULTI;
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  if (units === 0) return { encoding, segments: 0, units: 0, perSegment: single };
  if (units <= single) return { encoding, segments: 1, units, perSegment: single };
  return { encoding, segments: pack(sizes, multi), units, perSegment: multi };
}

/** True when `text` fits in at most `maxSegments` SMS segments. */
export function fitsBudget(text: string, maxSegments: number): boolean {
  return smsSegments(text).segments <= maxSegments;
}

// Explicit replacements for characters common in Spanish/English reminders that fall outside GSM-7.
// Typography (curly quotes, dashes, ellipsis, non-breaking spaces) comes in from word processors and
// templates; ordinals º/ª appear in addresses and "Nº de factura".
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201A': "'", // ‚
  '\u201B': "'", // ‛
  '\u2032': "'", // ′
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u201F': '"', // ‟
  '\u2033': '"', // ″
  '\u00AB': '"', // «
  '\u00BB': '"', // »
  '\u2010': '-', // ‐
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // ‒
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2015': '-', // ―
  '\u2212': '-', // minus sign
  '\u2026': '...', // …
  '\u00A0': ' ', // no-break space
  '\u202F': ' ', // narrow no-break space (French/Spanish number formatting)
  '\u2009': ' ', // thin space
  '\u00BA': 'o', // º
  '\u00AA': 'a', // ª
  '\u2022': '-', // •
  '\t': ' ',
  '\u00B4': "'", // ´ standalone acute accent
  '`': "'", // backtick is not in GSM-7 either
  ç: 'c', // GSM-7 has only uppercase Ç
};

/**
 * Rewrites `text` towards GSM-7 so a reminder costs GSM-7 segments, for policies that prefer cost over
 * accents.
 *
 * Choice: only characters that are NOT already GSM-7 are touched. So é, ñ, ü, ¿, ¡, à (all in the
 * GSM-7 table) are kept as written, and only á í ó ú Á Í Ó Ú (and other accented letters) lose
 * their accent — the least lossy way to stay in GSM-7. Typographic quotes, dashes and the ellipsis
 * become their ASCII forms. Any other accented Latin letter falls back to its base letter (Unicode
 * NFD with the combining marks removed). Characters with no reasonable GSM-7 form (emoji, CJK, …)
 * are left alone, so the result may still be UCS-2: callers check with `smsSegments`/`isGsm7`
 * rather than having a payment reference or a name silently deleted.
 */
export function gsmSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    if (gsmSeptets(ch) !== undefined) {
      out += ch;
      continue;
    }
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base !== ch && base.length > 0 && isGsm7(base) ? base : ch;
  }
  return out;
}
