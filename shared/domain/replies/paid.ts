import { clauses, tokens } from './normalize.js';

/**
 * Words that put what follows in the past: "ayer", "el viernes pasado", "la semana pasada", "hace dos
 * días", "desde el 20", "last Friday", "two days ago". "Pasado mañana" is the day after tomorrow.
 */
const PAST_TIME =
  / (?:ayer|antier|anteayer|anoche|yesterday|ago|earlier today|this morning|esta manana|this past|el pasado|last (?:week|month|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|pasad[oa](?! manana)|hace (?:un|una|unos|unas|dos|tres|cuatro|cinco|\d+|algunos|varios|pocos) (?:dia|dias|semana|semanas|mes|meses|rato|momento|hora|horas)|desde (?:el|hace|ayer|la semana)) /;

/** Whether the reply places something in the past ("ayer", "el viernes pasado", "last week"). */
export function mentionsPastTime(normalized: string): boolean {
  return PAST_TIME.test(normalized);
}

// Spanish verb forms, without accents (the normalized form). The tense decides: "pago" is "I pay",
// "pagué" / "se pagó" / "pagaron" are past; "pagamos" is both and needs a past word or "ya".
/** First person past, ambiguous only with the subjunctive ("que le pague"): past unless a subjunctive trigger precedes. */
const PAST_1SG = new Set(['pague', 'deposite', 'consigne', 'abone', 'cancele', 'liquide', 'transferi', 'yapee', 'plinee']);
/** Third person plural past ("ya depositaron"), unless it is someone paying the debtor ("me pagaron"). */
const PAST_3PL = new Set(['pagaron', 'depositaron', 'transfirieron', 'consignaron', 'abonaron', 'cancelaron', 'liquidaron', 'yapearon']);
/** After "se" these are past: "ya se pagó", "se hizo la transferencia", "se les depositó". */
const IMPERSONAL_PAST = new Set(['pago', 'deposito', 'transfirio', 'hizo', 'realizo', 'envio', 'mando', 'consigno', 'abono', 'cancelo', 'liquido', 'giro', 'efectuo', 'yapeo']);
/** Past forms that mean paying only with a payment word after them: "hice el pago", "te mandé la transfe". */
const PAST_WITH_OBJECT = new Set(['hice', 'hicimos', 'hicieron', 'hizo', 'realice', 'realizaron', 'envie', 'enviaron', 'mande', 'mandaron', 'gire', 'giraron', 'efectue', 'efectuaron']);
/** Present and past at once ("pagamos"): past with "ya" or a past time word, else a plan. */
const AMBIGUOUS_1PL = new Set(['pagamos', 'depositamos', 'transferimos', 'consignamos', 'abonamos', 'cancelamos', 'liquidamos', 'yapeamos']);
const AMBIGUOUS_1PL_WITH_OBJECT = new Set(['realizamos', 'enviamos', 'mandamos', 'giramos', 'efectuamos']);
/** A state that is already true: "ya está pagado", "quedó cancelada", "PAGADO", "transferencia realizada". */
const PARTICIPLES = new Set([
  'pagado', 'pagada', 'pagados', 'pagadas', 'cancelado', 'cancelada', 'liquidado', 'liquidada', 'depositado', 'depositada',
  'transferido', 'transferida', 'saldado', 'saldada', 'abonado', 'abonada', 'consignado', 'consignada',
]);
/** "transferencia realizada", "pago efectuado", "depósito enviado": a payment word, then one of these. */
const DONE = new Set(['realizada', 'realizado', 'efectuada', 'efectuado', 'enviada', 'enviado', 'hecha', 'hecho', 'aplicada', 'aplicado']);
const PAYMENT_NOUNS = new Set([
  'pago', 'pagos', 'transferencia', 'transfe', 'deposito', 'consignacion', 'abono', 'spei', 'cheque', 'giro', 'dinero', 'plata',
  'yape', 'plin', 'pse', 'ach', 'wire', 'comprobante', 'importe', 'monto',
]);
const RECEIPTS = new Set(['comprobante', 'voucher', 'captura', 'pantallazo']);
const RECEIPT_SENDERS = new Set(['adjunto', 'adjunta', 'adjuntamos', 'anexo', 'envio', 'mando', 'comparto', 'paso', 'aqui', 'ahi', 'va', 'envie', 'mande', 'enviamos', 'mandamos']);
/** A verb after these is wished, planned or denied, not done: "que le pague", "cuando depositen". */
const SUBJUNCTIVE = new Set(['que', 'cuando', 'hasta', 'apenas', 'cuanto', 'antes', 'ojala', 'espero', 'para']);

/**
 * Words just before a payment word that make it not (yet) a payment: "aún no he pagado", "será
 * pagado", "queda liquidado para fin de mes", "necesito pagar"; "not paid yet", "I get paid on
 * Friday", "will be paid".
 */
const BLOCKERS = new Set([
  'no', 'nunca', 'jamas', 'aun', 'todavia', 'sera', 'sea', 'seran', 'estara', 'queda', 'quedara', 'cuando', 'vamos', 'voy', 'van',
  'hay', 'tengo', 'tenemos', 'necesito', 'necesitamos', 'falta', 'faltan', 'para', 'hasta', 'apenas', 'antes', 'espero', 'ojala',
  'quiero', 'queremos', 'puedo', 'podemos', 'debo', 'debemos',
  'will', 'ill', 'well', 'going', 'gonna', 'can', 'could', 'should', 'would', 'need', 'needs', 'to', 'be', 'get', 'gets', 'getting',
  'not', 'never', 'havent', 'hasnt', 'didnt', 'dont', 'doesnt', 'wasnt', 'isnt', 'wont', 'when', 'once', 'after', 'if', 'until', 'before',
]);

/** English claims of a payment made. */
const ENGLISH: readonly RegExp[] = [
  / (?:already )?paid /,
  / (?:sent|mailed|wired|transferred|deposited|remitted) (?:it|them|that|this)(?: over| out| in)? /,
  / cut (?:the|a|you a|your) check /,
  / (?:ach|wire|payment|transfer|check|zelle|funds|money) (?:was |were |has been |have been )?(?:initiated|submitted|processed|issued|remitted|wired|sent|transferred|deposited) /,
  / payment (?:was |has been |is |got |went )?(?:sent|made|processed|submitted|issued|mailed|wired|completed|done|out|through) /,
  / (?:sent|mailed|wired|transferred|deposited|made|submitted|issued) (?:the |a |you |you a |your |our |them )?(?:payment|check|cheque|money|wire|transfer|funds|ach|deposit|balance) /,
  / checks? (?:is |was |has been |s )?(?:in the mail|mailed|sent|cashed) /,
  / (?:ach|wire|transfer|zelle) (?:was |has been )?(?:sent|went out|is out) /,
  / (?:we|i) (?:wired|deposited|transferred|mailed|sent|zelled|venmoed) /,
  / taken care of /,
  / (?:should have|has|have|already) (?:posted|cleared|gone through|arrived) /,
  / (?:made|sent|submitted) (?:the |a |my |our )?payment /,
  / (?:been|was|is|already) settled /,
];

/**
 * Claims of a payment already made, in Spanish and English, or undefined. `text` is the raw reply
 * (its accents tell "pagó" from "pago"); `normalized` its normalized form; `pastDate` whether the
 * reply names a date already past ("depositamos el 28 de noviembre"), which makes "depositamos" past.
 *
 * @example
 * matchPaid('pagamos el viernes pasado', normalizeReply('pagamos el viernes pasado'), false) // 'pagamos'
 * matchPaid('Pagamos el viernes', normalizeReply('Pagamos el viernes'), false) // undefined: a plan
 */
export function matchPaid(text: string, normalized: string, pastDate: boolean): string | undefined {
  const accented = accentedPreterites(text);
  const past = pastDate || mentionsPastTime(normalized);
  for (const clause of clauses(text)) {
    const words = tokens(clause);
    for (let i = 0; i < words.length; i++) {
      const found = paidAt(words, i, accented, past);
      if (found !== undefined) return found;
    }
    for (const re of ENGLISH) {
      const m = re.exec(clause);
      if (m && !tokens(clause.slice(0, m.index + 1)).slice(-3).some((w) => BLOCKERS.has(w))) return m[0].trim();
    }
  }
  return undefined;
}

function paidAt(words: readonly string[], i: number, accented: ReadonlySet<string>, past: boolean): string | undefined {
  const word = words[i]!;
  const before = words.slice(Math.max(0, i - 3), i);
  if (before.some((w) => BLOCKERS.has(w))) return undefined;
  const wished = before.some((w) => SUBJUNCTIVE.has(w));
  const objectFollows = words.slice(i + 1, i + 4).some((w) => PAYMENT_NOUNS.has(w));
  const withYa = before.includes('ya');
  const claim = `${before.join(' ')} ${word}`.trim();
  const afterSe = words[i - 1] === 'se' || (words[i - 2] === 'se' && (words[i - 1] === 'le' || words[i - 1] === 'les'));
  if (accented.has(word) && (!PAST_WITH_OBJECT.has(word) || objectFollows)) return claim;
  if (PAST_1SG.has(word) && !wished) return claim;
  if (PAST_3PL.has(word) && words[i - 1] !== 'me' && words[i - 1] !== 'nos') return claim;
  if (IMPERSONAL_PAST.has(word) && afterSe) return claim;
  if (PAST_WITH_OBJECT.has(word) && objectFollows && !wished) return claim;
  if (AMBIGUOUS_1PL.has(word) && (withYa || past)) return claim;
  if (AMBIGUOUS_1PL_WITH_OBJECT.has(word) && objectFollows && (withYa || past)) return claim;
  if (PARTICIPLES.has(word)) return claim;
  if (DONE.has(word) && PAYMENT_NOUNS.has(words[i - 1] ?? '')) return claim;
  if (word === 'paga' && (words[i - 1] === 'esta' || words[i - 1] === 'quedo')) return claim;
  if (RECEIPTS.has(word) && before.some((w) => RECEIPT_SENDERS.has(w))) return claim;
  return undefined;
}

/** Payment verbs written with the accent of a past tense: "pagué", "depositó", "mandé". */
const ACCENTED = /(?<!\p{L})\p{L}*[éó](?![\p{L}\p{M}])/gu;
const PAYMENT_STEMS = /^(?:pag|deposit|consign|abon|cancel|liquid|realic|realiz|envi|mand|gir|yape|transfer|transfiri|efectu|hic|hiz)/;
/**
 * The infinitives of those verbs. The first person future is the infinitive plus "é" ("pagaré",
 * "depositaré", "transferiré", "realizaré", "haré": I WILL pay), the same accent as the past
 * ("pagué", "giré"), so it is told apart by the infinitive it is built on, never by its ending alone:
 * "giré" (I wired) ends in "-iré" too.
 */
const PAYMENT_INFINITIVE = /^(?:pag|deposit|consign|abon|cancel|liquid|realiz|envi|mand|gir|yape|plin|efectu)ar$|^(?:transferir|har)$/;

function accentedPreterites(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.normalize('NFC').toLowerCase().matchAll(ACCENTED)) {
    const folded = m[0].normalize('NFKD').replace(/\p{M}/gu, '');
    if (m[0].endsWith('é') && PAYMENT_INFINITIVE.test(folded.slice(0, -1))) continue;
    if (PAYMENT_STEMS.test(folded)) found.add(folded);
  }
  return found;
}
