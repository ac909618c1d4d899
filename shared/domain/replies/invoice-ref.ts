import { foldReply } from './normalize.js';

/** Words that introduce an invoice number written without its letters ("la factura 1047", "folio 1047", "invoice #1047"). */
const INVOICE_WORDS = new Set(['factura', 'fact', 'fac', 'fra', 'invoice', 'inv', 'folio', 'no', 'nro', 'numero', 'num', 'bill']);

/**
 * An invoice named as the one already paid or the original of a copy is not the one disputed:
 * "es un duplicado de la F-1023", "se duplicó con la F-1023", "ya la pagamos con la F-1023", "a
 * duplicate of invoice F-1023".
 */
const REFERENCE_BEFORE = /(?:duplic[a-z]* (?:de|con|of|with)|copia de|copy of|igual (?:a|que)|mism[oa] que|same as|(?:pagamos|pague|pagada|pagado|paid) (?:con|with))(?: (?:la|el|invoice|factura|the|inv|fact))*$/;

interface Mention {
  readonly invoiceNumber: string;
  readonly at: number;
}

/** Words that stand for "la factura" before a bare number: "la 1002 no la reconozco", "esa 1047", "the 1088". */
const BARE_BEFORE = new Set(['la', 'las', 'esa', 'esta', 'otra', 'the']);
/** A number followed by these is an amount ("1047 pesos"), never an invoice. */
const AMOUNT_AFTER = new Set(['pesos', 'peso', 'soles', 'sol', 'dolares', 'dollars', 'bucks', 'usd', 'mxn', 'cop', 'pen', 'clp', 'ars', 'mil', 'k', 'lucas']);
/**
 * Words that turn to another invoice than the one just named: "la 1001 está bien pero la 1002 no la
 * reconozco", "all fine except 1088", "la 1001 está bien, no reconozco la otra". Sentence ends
 * (. ; ! ? and line breaks) part the reply too.
 */
const CONTRAST = / (?:pero|sino|aunque|excepto|salvo|en cambio|mientras que|la otra|el otro|las otras|los otros|but|however|although|though|except|whereas|the other) /g;

/** "la otra" within the six words that follow the dispute: "no reconozco la otra", "the other one is not ours". */
const OTHER_AFTER = /^(?: [a-z0-9/]+){0,5}? (?:otra|otro|otras|otros|other)(?= )/;

/**
 * Which of the account's open invoices the disputed one is, or undefined: then the handler asks the
 * debtor which one, never guesses. `near` is where the dispute was said (a character offset in
 * foldReply(text)). Matches ignore case, spaces and separators ("F-1023", "f1023", "F 1023"); the
 * digits alone count after an invoice word ("factura 1047") or standing for one ("la 1047"), only
 * when one open invoice has them and they are no amount ("1047 pesos"). An invoice named as the one
 * already paid or the original of a copy is never the disputed one.
 * - One invoice named in the clause of the dispute: that one.
 * - Several named there ("la 1023 y la 1047 no las reconozco"): not clear which, none.
 * - None named there: the only invoice the reply names, unless the reply turns from it to the
 *   dispute ("la factura 1001 está bien pero la otra no"), where it is the one not contested.
 * - The dispute is about "la otra" / "the other one": none of those named.
 * Linear in the reply plus the number of open invoices.
 *
 * @example
 * namedInvoice('ya pagué la F-1023, pero la F-1047 no la reconozco', ['F-1023', 'F-1047'], 40) // 'F-1047'
 * namedInvoice('la factura 1001 está bien pero la 1002 no la reconozco', ['F-1001', 'F-1002'], 46) // 'F-1002'
 */
export function namedInvoice(text: string, openInvoices: readonly string[], near: number): string | undefined {
  const folded = foldReply(text);
  const mentions = findMentions(folded, openInvoices);
  if (mentions.length === 0) return undefined;
  // "no reconozco la otra": the dispute is about an invoice other than the one named.
  const other = OTHER_AFTER.exec(folded.slice(near, near + 120));
  if (other && !mentions.some((m) => m.at > near && m.at < near + other[0].length)) return undefined;
  const bounds = clauseBounds(text, folded);
  const clauseOf = (at: number): number => bounds.filter((b) => b <= at).length;
  // `near` is the space before the dispute's first word.
  const here = new Set(mentions.filter((m) => clauseOf(m.at) === clauseOf(near + 1)).map((m) => m.invoiceNumber));
  if (here.size === 1) return [...here][0];
  if (here.size > 1) return undefined;
  const named = new Set(mentions.map((m) => m.invoiceNumber));
  const turns = [...folded.matchAll(CONTRAST)].length > 0;
  return named.size === 1 && !turns ? [...named][0] : undefined;
}

/**
 * Where the clauses of the reply start, as offsets in `folded` (= foldReply(text)): after a contrast
 * word, and after each sentence end of `text` (found by folding sentence by sentence; if that ever
 * differs from `folded`, sentence ends are left out rather than misplaced).
 */
function clauseBounds(text: string, folded: string): number[] {
  const bounds = [...folded.matchAll(CONTRAST)].map((m) => m.index + 1);
  const sentences = text.split(/[.;!?]+(?=\s|$)|\n+/).map((piece) => foldReply(piece).trim()).filter((piece) => piece !== '');
  if (` ${sentences.join(' ')} ` === folded) {
    let at = 1;
    for (const sentence of sentences.slice(0, -1)) {
      at += sentence.length + 1;
      bounds.push(at);
    }
  }
  return bounds.sort((a, b) => a - b);
}

function findMentions(folded: string, openInvoices: readonly string[]): Mention[] {
  const words: Array<{ word: string; at: number }> = [];
  for (const m of folded.matchAll(/[a-z0-9/]+/g)) words.push({ word: m[0].replace(/\//g, ''), at: m.index });
  const digitsOf = (invoice: string): string => /(\d+)\D*$/.exec(invoice)?.[1]?.replace(/^0+(?=\d)/, '') ?? '';
  const byCompact = new Map<string, string>();
  /** The digits of each open invoice; null when two share them ("A-1023", "B-1023"): then the digits alone name none. */
  const byDigits = new Map<string, string | null>();
  for (const invoice of openInvoices) {
    const compact = foldReply(invoice).replace(/[^a-z0-9]/g, '');
    if (compact !== '' && !byCompact.has(compact)) byCompact.set(compact, invoice);
    const digits = digitsOf(invoice);
    if (digits !== '') byDigits.set(digits, byDigits.has(digits) ? null : invoice);
  }

  const mentions: Mention[] = [];
  for (let i = 0; i < words.length; i++) {
    // The whole number, in one to three words glued: "f 1023" → "f1023".
    let invoice: string | undefined;
    let joined = '';
    for (let n = 0; n < 3 && i + n < words.length && invoice === undefined; n++) {
      joined += words[i + n]!.word;
      invoice = byCompact.get(joined);
    }
    // The digits alone, after "factura" or standing for it ("la 1047"), and no amount.
    const word = words[i]!.word;
    const prev = words[i - 1]?.word ?? '';
    if (invoice === undefined && /^\d+$/.test(word) && (INVOICE_WORDS.has(prev) || BARE_BEFORE.has(prev)) && !AMOUNT_AFTER.has(words[i + 1]?.word ?? '')) {
      invoice = byDigits.get(word.replace(/^0+(?=\d)/, '')) ?? undefined;
    }
    if (invoice === undefined) continue;
    const before = words.slice(Math.max(0, i - 5), i).map((w) => w.word).join(' ');
    if (!REFERENCE_BEFORE.test(before)) mentions.push({ invoiceNumber: invoice, at: words[i]!.at });
  }
  return mentions;
}
