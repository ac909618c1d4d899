import { findPhrase, tokens } from './normalize.js';

/**
 * Short opt-out keywords are only an opt-out when they are the whole message (give or take
 * politeness, at most two keywords): "ALTO" is a request, "el monto es muy alto" is a complaint and
 * "the bus stop" is noise. SMS carriers treat these words the same way.
 */
const SHORT_OPT_OUT = ['stop', 'baja', 'alto', 'cancelar', 'unsubscribe', 'end', 'quit', 'stopall', 'cancel'];

/** Words that may surround a short keyword without changing its meaning ("BAJA por favor", "STOP pls"). */
const FILLER = new Set([
  'por', 'favor', 'porfa', 'porfavor', 'xfa', 'plis', 'please', 'pls', 'plz', 'gracias', 'thanks',
  'thank', 'you', 'ya', 'now', 'me', 'de', 'la', 'el', 'dar', 'doy', 'ok', 'oki', 'sr', 'sra', 'senor', 'senora',
]);

/**
 * Phrases that are an unmistakable request anywhere in a longer message. "stop" only counts here
 * when it is followed by a contact verb ("stop texting me"), so "stop" inside an unrelated sentence
 * is not an opt-out.
 */
const OPT_OUT_PHRASES = [
  'no me escriban mas', 'no me escriban', 'no me escribas mas', 'no me manden mas', 'no me envien mas',
  'no me molesten mas', 'no me contacten mas', 'dejen de enviarme', 'dejen de escribirme', 'dejen de mandarme',
  'dejen de molestarme', 'dejen de llamarme', 'deja de enviarme', 'deja de escribirme',
  'denme de baja', 'dame de baja', 'darme de baja', 'dar de baja mi numero', 'quiero darme de baja',
  'unsubscribe', 'unsubscribe me', 'stop texting', 'stop messaging', 'stop sending', 'stop contacting',
  'stop calling', 'stop emailing', 'cancelar suscripcion', 'cancelar mensajes', 'cancelar notificaciones',
  'do not contact me', 'dont contact me', 'do not text me', 'dont text me',
  'remove me from', 'opt out',
];

export function matchOptOut(normalized: string): string | undefined {
  const words = tokens(normalized);
  const core = words.filter((w) => !FILLER.has(w));
  // "dar de baja" / "baja por favor": the keyword plus politeness only.
  if (core.length >= 1 && core.length <= 2 && core.every((w) => SHORT_OPT_OUT.includes(w))) {
    return core[0]!.toUpperCase();
  }
  for (const phrase of OPT_OUT_PHRASES) {
    if (findPhrase(normalized, phrase) >= 0) return phrase;
  }
  return undefined;
}

/**
 * Claims of a payment already made ("consigné" is Colombian for a bank deposit). "cancelé" is included because in Peru and Chile "cancelar una
 * factura" means paying it (the bare word CANCELAR stays an opt-out keyword above).
 */
const PAID_PHRASES = [
  'ya pague', 'ya le pague', 'ya les pague', 'ya pagamos', 'ya se pago', 'ya se realizo el pago',
  'ya realizamos el pago', 'ya realice el pago', 'ya hice el pago', 'ya hicimos el pago', 'ya se hizo el pago',
  'ya se hizo la transferencia', 'ya hice la transferencia', 'ya deposite', 'ya depositamos', 'ya transferi',
  'ya transferimos', 'ya cancele', 'ya cancelamos', 'ya se cancelo', 'ya esta pagado', 'ya esta pagada',
  'ya quedo pagado', 'pagado', 'pagada', 'pague ayer', 'pagamos ayer', 'ya abone', 'ya abonamos',
  'ya liquide', 'ya liquidamos', 'ya consigne', 'ya consignamos', 'ya se consigno', 'already paid', 'paid', 'payment sent', 'payment was sent', 'payment was made',
  'i paid', 'we paid', 'sent the payment', 'made the payment',
];

/**
 * Words that turn a paid phrase into its opposite or into the future when they come just before it:
 * "aún no he pagado", "not paid yet", "it will be paid Friday", "I get paid on the 15th".
 */
const PAID_BLOCKERS = new Set([
  'no', 'not', 'nunca', 'never', 'havent', 'hasnt', 'didnt', 'wasnt', 'isnt', 'get', 'gets', 'getting', 'be',
  'will', 'ill', 'well', 'sera', 'sea',
]);

export function matchPaid(reply: string): string | undefined {
  // "ya le pagué", "ya les depositamos": the indirect object does not change the claim.
  const normalized = reply.replace(/ ya (?:le|les) /g, ' ya ');
  for (const phrase of PAID_PHRASES) {
    let from = 0;
    for (;;) {
      const at = normalized.indexOf(` ${phrase} `, from);
      if (at < 0) break;
      const before = tokens(normalized.slice(0, at + 1)).slice(-3);
      if (!before.some((w) => PAID_BLOCKERS.has(w))) return phrase;
      from = at + 1;
    }
  }
  return undefined;
}

const HELP_PHRASES = [
  'llamenme', 'llameme', 'llamame', 'marquenme', 'marqueme', 'me pueden llamar', 'me puede llamar',
  'necesito hablar', 'quiero hablar', 'hablar con alguien', 'hablar con un asesor', 'hablar con una persona',
  'comuniquense conmigo', 'ayuda', 'ayudenme', 'necesito informacion', 'no reconozco', 'call me',
  'give me a call', 'can someone call', 'speak to someone', 'speak with someone', 'talk to someone',
  'talk to a person', 'help', 'info', 'informacion',
];

export function matchHelp(normalized: string): string | undefined {
  return HELP_PHRASES.find((p) => findPhrase(normalized, p) >= 0);
}

/**
 * Word beginnings that show payment intent ("pago", "depositamos", "transfiero", "liquido", "I'll
 * pay", "send", "la lana"). A date only beats a help request when it comes with one of these.
 */
const INTENT_PREFIXES = [
  'pag', 'deposit', 'consign', 'transf', 'abon', 'liquid', 'cubr', 'cancel', 'pay', 'wire', 'send', 'envi', 'dinero',
  'plata', 'lana', 'money', 'cheque', 'check', 'falta',
];

export function hasPaymentIntent(normalized: string): boolean {
  return tokens(normalized).some((w) => INTENT_PREFIXES.some((p) => w.startsWith(p)));
}
