import type { Channel } from '../types.js';
import { clauses, tokens } from './normalize.js';

/** The channel asked for, and the words that asked for it ("mejor al correo"). */
export interface ChannelSwitch {
  readonly channel: Channel;
  readonly phrase: string;
}

/** The channels by name, in the normalized reply: "correo electrónico", "e-mail", "WhatsApp" ("wsp"), "mensaje de texto", "text". */
const CHANNEL = '(correo electronico|correos|correo|e mail|emails|email|mails|mail|whatsapps|whatsapp|mensajes de texto|mensaje de texto|textos|texto|text messages|text message|texts|text|texting|sms)';

function channelOf(word: string): Channel {
  if (/^(?:correo|e mail|email|mail)/.test(word)) return 'email';
  if (word.startsWith('whatsapp')) return 'whatsapp';
  return 'sms';
}

/** "Write to me" in the imperative or as a question ("escríbanme", "mándenme", "me pueden escribir"): never an infinitive, which "dejen de mandarme" negates. */
const TO_ME =
  'escribanme|escribame|escribeme|escribime|escribenos|mandenme|mandeme|mandame|envienme|envieme|enviame|contactenme|contacteme|contactame|contactanos|busquenme|textenme|comuniquense conmigo|comunicate conmigo|(?:me|nos) (?:pueden|puede|podrian|podria) (?:escribir|mandar|enviar|contactar|mensajear)|(?:pueden|puede|podrian|podria) (?:escribirme|mandarme|enviarme|contactarme|escribirnos|contactarnos)';
/** What may stand between the words that ask and the channel: "mejor [mándenme un] correo", "prefiero [que me contacten por] correo", "I'd rather [get an] email". */
const FILL = `(?:${TO_ME}|por|al|a|el|un|una|mi|via|en|mediante|que|me|nos|escriban|contacten|manden|envien|busquen|to|be|get|receive|recibir|contacted|reached|written|by|on|over|through|an|the|my|just|please|favor|de|solo|only)`;
/** Words that mark another channel as wanted instead of this one. */
const INSTEAD = / (?:mejor|prefiero|preferimos|preferiria|prefeririamos|preferible|preferiblemente|preferentemente|de preferencia|solo|solamente|unicamente|exclusivamente|nomas|nada mas|en vez|en lugar|de ahora en adelante|a partir de ahora|prefer|prefers|preferred|rather|instead|only|exclusively|from now on) /;
const NOT_BEFORE = '(?<! (?:no|not|dont|never|nunca|ni))';

/**
 * Ways to ask for a channel, each with the channel as its last group. Each needs {@link INSTEAD} in the
 * same clause as well: "escríbanme por WhatsApp" alone may be no more than where to send a document.
 */
const SWITCHES: readonly RegExp[] = [
  // "mejor al correo", "mejor mándenme un correo", "prefiero que me contacten por correo electrónico", "prefiero WhatsApp", "I prefer email", "I'd rather get an email".
  new RegExp(`${NOT_BEFORE} (?:mejor|prefiero|preferimos|preferiria|prefeririamos|preferiblemente|preferentemente|prefer|rather) (?:${FILL} ){0,4}${CHANNEL}(?= )`),
  // "solo por correo", "únicamente por correo", "only by email": only a preposition between; not what someone does ("I only email on weekends").
  new RegExp(`${NOT_BEFORE}(?<! (?:i|we|yo|nosotros)) (?:solo|solamente|unicamente|exclusivamente|only|exclusively) (?:(?:por|via|mediante|al|a|el|mi|by|through|on|over|the|my) ){0,2}${CHANNEL}(?= )`),
  // "escríbanme por WhatsApp mejor", "me pueden escribir por correo mejor?", "Mándenme mensaje de texto mejor".
  new RegExp(`${NOT_BEFORE} (?:${TO_ME}) (?:${FILL} ){0,3}${CHANNEL}(?= )`),
  // "please email me instead", "text me instead of calling", "can you just email me instead?".
  new RegExp(`${NOT_BEFORE} (email|e mail|text|txt|whatsapp) (?:me|us)(?= )`),
  // "contact me via email from now on", "reach me on WhatsApp instead".
  new RegExp(`${NOT_BEFORE} (?:contact|reach|message|write|write to|get in touch with) (?:me|us) (?:only )?(?:by|via|through|on|over|at) (?:(?:the|my) )?${CHANNEL}(?= )`),
  // "email only", "por correo nada más", at the end of the clause ("el correo solamente lo reviso los lunes" says when it is read).
  new RegExp(` ${CHANNEL} (?:only|solamente|unicamente|nomas|nada mas|exclusivamente)(?= (?:(?:please|por favor|porfa|gracias|thanks) )*$)`),
];

/** A clause about a document or an amount asks for that to be sent ("mándenme la factura por correo"), not for another channel. */
const ASKS_FOR_SOMETHING =
  / (?:factura|facturas|estado|estados|pdf|xml|comprobante|comprobantes|link|liga|enlace|recibo|recibos|detalle|desglose|constancia|datos|saldo|monto|total|importe|invoice|invoices|bill|statement|receipt|copy|balance|amount|details|w9) /;

/**
 * The channel a reply asks to be written to instead of this one: "mejor al correo", "Prefiero que me
 * contacten por correo electrónico", "escríbanme por WhatsApp mejor", "solo por correo por favor",
 * "please email me instead", "text me instead of calling", "no more texts, email only". Read clause by
 * clause, the first that asks; not one that asks for a document or an amount to be sent that way
 * ("mándenme la factura por correo" is a request for the invoice), nor a channel refused ("mejor no
 * por WhatsApp").
 *
 * @example
 * channelSwitch('mejor al correo') // { channel: 'email', phrase: 'mejor al correo' }
 * channelSwitch('Mándenme la factura por correo') // undefined
 */
export function channelSwitch(text: string): ChannelSwitch | undefined {
  for (const clause of clauses(text.replace(/\p{Extended_Pictographic}+/gu, ' '))) {
    if (!INSTEAD.test(clause) || ASKS_FOR_SOMETHING.test(clause)) continue;
    const found = SWITCHES.map((re) => re.exec(clause))
      .filter((m) => m !== null)
      .sort((a, b) => a.index - b.index)[0];
    if (found) return { channel: channelOf(found[found.length - 1]!), phrase: tokens(found[0]).join(' ') };
  }
  return undefined;
}
