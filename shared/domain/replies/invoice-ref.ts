import { foldReply } from './normalize.js';

/** Words that introduce an invoice number written without its letters ("la factura 1047", "folio 1047", "invoice #1047"). */
const INVOICE_WORDS = new Set(['factura', 'fact', 'fac', 'fra', 'invoice', 'inv', 'folio', 'no', 'nro', 'numero', 'num', 'bill']);

/**
 * An invoice named as the one already paid or the original of a copy is not the one disputed:
 * "es un duplicado de la F-1023", "ya la pagamos con la F-1023", "a duplicate of invoice F-1023".
 */
const REFERENCE_BEFORE = /(?:duplicad[oa] de|duplicate of|copia de|copy of|igual (?:a|que)|mism[oa] que|same as|(?:pagamos|pague|pagada|pagado|paid) (?:con|with))(?: (?:la|el|invoice|factura|the|inv|fact))*$/;

interface Mention {
  readonly invoiceNumber: string;
  readonly at: number;
}

/**
 * Which of the account's open invoices the reply names, the one nearest to `near` (a character
 * offset in foldReply(text): where the dispute was said). Matches ignore case, spaces and separators
 * ("F-1023", "f1023", "F 1023"); the digits alone count after an invoice word ("factura 1047") when
 * only one open invoice has them. Undefined when none is named: the caller decides, never a guess.
 * Linear in the reply plus the number of open invoices.
 *
 * @example
 * namedInvoice('ya pagué la F-1023, pero la F-1047 no la reconozco', ['F-1023', 'F-1047'], 40) // 'F-1047'
 */
export function namedInvoice(text: string, openInvoices: readonly string[], near: number): string | undefined {
  const mentions = findMentions(foldReply(text), openInvoices);
  let best: Mention | undefined;
  for (const m of mentions) if (best === undefined || Math.abs(m.at - near) < Math.abs(best.at - near)) best = m;
  return best?.invoiceNumber;
}

function findMentions(folded: string, openInvoices: readonly string[]): Mention[] {
  // Every word and every run of two or three words, glued: "f 1023" → "f1023". One map, built once.
  const words: Array<{ word: string; at: number }> = [];
  for (const m of folded.matchAll(/[a-z0-9/]+/g)) words.push({ word: m[0].replace(/\//g, ''), at: m.index });
  const glued = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let n = 0; n < 3 && i + n < words.length; n++) {
      joined += words[i + n]!.word;
      if (!glued.has(joined)) glued.set(joined, i);
    }
  }
  const digitsOf = (invoice: string): string => /(\d+)\D*$/.exec(invoice)?.[1]?.replace(/^0+(?=\d)/, '') ?? '';
  const digitCount = new Map<string, number>();
  for (const invoice of openInvoices) digitCount.set(digitsOf(invoice), (digitCount.get(digitsOf(invoice)) ?? 0) + 1);
  const byDigits = new Map<string, number>();
  for (let i = 1; i < words.length; i++) {
    if (INVOICE_WORDS.has(words[i - 1]!.word) && /^\d+$/.test(words[i]!.word)) byDigits.set(words[i]!.word.replace(/^0+(?=\d)/, ''), i);
  }

  const mentions: Mention[] = [];
  for (const invoice of openInvoices) {
    const compact = foldReply(invoice).replace(/[^a-z0-9]/g, '');
    const digits = digitsOf(invoice);
    const index = (compact === '' ? undefined : glued.get(compact)) ?? (digitCount.get(digits) === 1 && digits !== '' ? byDigits.get(digits) : undefined);
    if (index === undefined) continue;
    const before = words.slice(Math.max(0, index - 5), index).map((w) => w.word).join(' ');
    if (!REFERENCE_BEFORE.test(before)) mentions.push({ invoiceNumber: invoice, at: words[index]!.at });
  }
  return mentions;
}
