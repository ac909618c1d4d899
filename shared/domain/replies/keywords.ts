import { tokens } from './normalize.js';

/**
 * Requests a person has to answer: a call, the balance, a document (invoice, PDF, XML, statement,
 * W-9), where and how to pay (bank details: CLABE in Mexico, CBU/alias in Argentina), a payment plan.
 * HELP and INFO are the carriers' help keywords. Each is a whole-word match on the normalized reply.
 */
const REQUESTS =
  'mandenme|mandan|manda|mandas|mandame|mandeme|mandar|envienme|envian|envia|enviame|envieme|enviar|envien|pasenme|pasame|pasas|pasan|pasar|regala|regalan|regaleme|regalame|regalar|reenvien|reenviar|necesito|necesitamos|ocupo|requiero|send|email|text|forward|resend|need|needs';
const ASKED_FOR =
  'factura|facturas|estado|resumen|numero|cuenta|datos|link|liga|clabe|cbu|alias|cvu|referencia|detalle|recibo|saldo|monto|invoice|invoices|bill|statement|copy|details|balance|amount|receipt|w9';

const HELP: readonly RegExp[] = [
  / (?:llamenme|llameme|llamame|marquenme|marqueme|comuniquense conmigo|contactenme|ayudenme|call me|give me a call) /,
  / (?:me|nos) (?:pueden|puede|podrian|podria) (?:llamar|marcar|contactar|ayudar|atender) /,
  / (?:necesito|quiero|quisiera|queremos) hablar /,
  / hablar con (?:alguien|un asesor|una persona|un ejecutivo|el area|ustedes) /,
  / (?:alguien|someone|somebody) (?:me |que me )?(?:atienda|llame|call|help|contact) /,
  / (?:can|could) (?:someone|somebody|you) (?:call|help|contact) /,
  / (?:speak|talk) (?:to|with) (?:someone|a person|somebody|an agent|a human) /,
  / (?:ayuda|help|info|informacion|dudas|questions|question|asesor) /,
  / cuanto (?:es|son|seria|sale|queda|falta|debo|debemos|le debo|les debo|te debo|tengo que pagar|hay que pagar) /,
  / (?:cual|cuanto) es (?:mi|el|nuestro) (?:saldo|total|monto|adeudo|balance) /,
  / (?:saldo|adeudo|estado de cuenta|estados de cuenta|resumen de cuenta|extracto) /,
  / (?:cual|cuales|what|whats) (?:es|son|is|are)? ?(?:la|el|los|las|the|my|our) (?:referencia|referencias|cuenta|numero|clabe|cbu|saldo|total|monto|datos|reference|account|amount) /,
  / (?:a nombre de quien|a quien le (?:pago|deposito|transfiero|consigno)|who do (?:i|we) (?:pay|make))/,
  / (?:plazo|prorroga|mas tiempo|more time|an extension|una extension) /,
  / (?:monto|valor|total|importe) (?:total|a pagar|a cancelar|pendiente|adeudado) /,
  / (?:indicar|confirmar|confirman|confirma|decir|dicen) (?:el|cual es el) (?:monto|valor|total|saldo|importe) /,
  / how much (?:do|does|is|are|we|i) /,
  / (?:whats|what is|what s) (?:my|the|our) (?:balance|total|amount) /,
  / (?:balance|statement|total due|amount due|w 9|w9) /,
  / (?:pdf|xml|copia|copy|detalle|desglose|constancia) /,
  / (?:reenvien|reenviar|reenvian|reenvia|resend|re send) /,
  // A request verb, then within three words what is asked for: "¿me pueden mandar la factura otra
  // vez?", "regáleme el saldo", "send us a copy of the invoice", "I need an itemized invoice", "can you text me the amount?".
  new RegExp(` (?:${REQUESTS}) (?:[a-z0-9]+ ){0,3}?(?:${ASKED_FOR}) `),
  / no (?:me|nos) (?:llego|ha llegado|han llegado) (?:la|el|las|los) (?:factura|facturas|estado|correo|recibo) /,
  / no tengo (?:la|el) (?:factura|estado|recibo) /,
  / (?:never got|didnt get|did not get|havent received|never received) the (?:invoice|bill|statement) /,
  / (?:datos bancarios|numero de cuenta|cuenta bancaria|a que cuenta|cuenta para|bank details|account number|routing number|remit to|clabe|cbu|cvu|alias para) /,
  / (?:donde|como) (?:puedo |podemos |le |les |te )?(?:pago|pagar|deposito|depositar|transfiero|transferir|consigno|consignar|cancelo|cancelar|abono|abonar|hago el pago|me doy de alta) /,
  / (?:where|how) (?:can|do|should) (?:i|we) (?:pay|send|mail) /,
  / (?:link|liga|enlace) de pago /,
  / (?:payment plan|plan de pagos?|convenio|fraccionar|facilidades de pago|cuotas|payment arrangement|en partes|por partes|in installments) /,
  / (?:datos|cuenta|numero) para (?:transferir|depositar|consignar|pagar|abonar) /,
  / (?:still outstanding|still open|still due|which invoices|what invoices|que facturas|cuales facturas) /,
  / (?:stop by|drop off|pay in person) /,
];

/**
 * What the reply asks for, or undefined.
 *
 * @example
 * matchHelp(normalizeReply('cuánto debo?')) // 'cuanto debo'
 */
export function matchHelp(normalized: string): string | undefined {
  for (const re of HELP) {
    const m = re.exec(normalized);
    if (m) return m[0].trim();
  }
  return undefined;
}

/**
 * Word beginnings that show payment intent ("pago", "depositamos", "transfiero", "liquido", "I'll
 * pay", "send", "la lana", "yapeo", "la guita"). A date only beats a help request when it comes with one of these.
 */
const INTENT_PREFIXES = [
  'pag', 'deposit', 'consign', 'transf', 'abon', 'liquid', 'cubr', 'cancel', 'pay', 'wire', 'send', 'envi', 'dinero',
  'plata', 'lana', 'money', 'cheque', 'check', 'falta', 'yape', 'plin', 'guita', 'spei', 'zelle', 'luca', 'settl', 'remit',
];

export function hasPaymentIntent(normalized: string): boolean {
  return tokens(normalized).some((w) => INTENT_PREFIXES.some((p) => w.startsWith(p)));
}

/**
 * Verbs of answering later, not paying: "el viernes le confirmo", "mañana te aviso", "I'll get back
 * to you tomorrow". A date with one of these and no payment word is no promise.
 */
const REPORT_BACK = / (?:aviso|avisamos|confirmo|confirmamos|comento|comentamos|reviso|revisamos|consulto|escribo|respondo|contesto|llamo|marco|let you know|get back|confirm|call you|check and) /;

export function reportsBack(normalized: string): boolean {
  return REPORT_BACK.test(normalized);
}
