import type { OptOutDetails } from './types.js';
import { channelSwitch } from './channel-switch.js';
import { clauses, foldReply, normalizeReply, tokens } from './normalize.js';

/** What the classifier read as a request to stop. */
export interface OptOutMatch extends OptOutDetails {
  /** The keyword (upper case: `STOP`, `BAJA`) or the phrase that was read ("no me escriban"). */
  readonly keyword: string;
  /**
   * The request only limits when or where ("before 9am", "antes de las 10", "at work"): not a request
   * to stop at all. The words that limit it.
   */
  readonly limit?: string;
  /**
   * The request is to stop only until then ("stop the reminders until Friday", "no me manden mensajes
   * hasta el lunes"): the normalized words after "until" / "hasta", for the classifier to read as a
   * date. When they name a day, it is no revocation; for good ("until further notice", "hasta nuevo
   * aviso", "hasta luego"), a request to stop; anything else, for a person to read (classify-reply.ts).
   */
  readonly until?: string;
}

/**
 * Keywords that are an opt-out when a clause says nothing else (give or take politeness):
 * - AWS End User Messaging SMS, required opt-out keywords: ARRET, CANCEL, END, OPT-OUT, OPTOUT, QUIT,
 *   REMOVE, STOP, TD, UNSUBSCRIBE (docs.aws.amazon.com/sms-voice/latest/userguide/opt-out-list-keywords.html).
 * - CTIA / US carriers: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT.
 * - FCC, 47 CFR 64.1200(a)(10) (Report and Order FCC 24-24, 2024): "stop", "quit", "end", "revoke",
 *   "opt out", "cancel", "unsubscribe" — and any other words a reasonable person reads as a
 *   revocation, which is why the phrases below exist.
 * - Spanish: BAJA, ALTO, CANCELAR, PARAR, DETENER, SALIR, BASTA and "NO MÁS" (the FCC order's own
 *   example of a revocation in Spanish), DESUSCRIBIR.
 * Alone they are requests; inside a sentence they are ordinary words ("el monto es muy alto",
 * "end of the month", "Baja California", "cancelar la factura" = pay it in Peru and Chile).
 */
const KEYWORDS = new Set([
  'stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke', 'remove', 'arret', 'td',
  'baja', 'alto', 'cancelar', 'parar', 'detener', 'salir', 'basta', 'desuscribir', 'desuscribirme', 'unsuscribir',
]);
/** The same, in two words once politeness is set aside ("dar de baja" → "dar baja", "me doy de baja" → "doy baja"). */
const KEYWORD_PHRASES = new Set(['opt out', 'no mas', 'dar baja', 'darme baja', 'doy baja', 'stop all']);

/** Politeness around a keyword that does not change it ("BAJA por favor", "STOP pls", "stop it"). */
const FILLER = new Set([
  'por', 'favor', 'porfa', 'porfavor', 'porfis', 'xfa', 'xfavor', 'please', 'gracias', 'thanks', 'thank', 'you', 'ya',
  'now', 'me', 'ok', 'oki', 'okay', 'sr', 'sra', 'senor', 'senora', 'already', 'just', 'ahora', 'mismo', 'inmediatamente',
  'immediately', 'asap', 'it', 'po', 'che', 'pues', 'i', 'want', 'to', 'quiero', 'hola', 'hi', 'de', 'la', 'el',
]);

/**
 * Misspellings of the keywords people type in a hurry ("stpo", "Unsubscibe", "canselar"): one edit
 * away (two for the long "unsubscribe"). Real words that happen to be one edit from "stop" are not,
 * nor forms of "cancelar" (to pay, in Peru and Chile: "cancelaré" is I will pay).
 */
const FUZZY: ReadonlyArray<readonly [string, number]> = [['stop', 1], ['stopall', 1], ['optout', 1], ['revoke', 1], ['cancelar', 1], ['unsubscribe', 2]];
const NOT_TYPOS = new Set(['step', 'shop', 'atop', 'top', 'stow', 'sto', 'slop', 'spot', 'stay', 'stops', 'cancela', 'cancelas', 'cancelare', 'cancelara']);

/** The keywords that start a message even when more follows ("STOP ya pagué"), written in capitals. */
const LEADING = new Set(['stop', 'stopall', 'unsubscribe', 'optout', 'revoke', 'baja']);

const SUBJ = 'escriban|escribas|escriba|manden|mandes|mande|envien|envies|envie|contacten|contactes|contacte|llamen|llames|llame|molesten|molestes|moleste|marquen|marques|jodan|jodas|friegen|frieguen|busquen|hablen|insistan';
const INF = '(?:escribir|mandar|enviar|contactar|llamar|molestar|marcar|fregar|joder|textear|mensajear|insistir|buscar|hablar)(?:me|nos|le|les)?';
const GER = 'escribiendo|mandando|enviando|contactando|llamando|molestando|marcando|fregando|jodiendo|chingando|insistiendo|texteando';
const PRONOUN = '(?:me |nos |le |les |te )?';
const DOCUMENT = 'factura|facturas|estado|pdf|xml|comprobante|link|liga|recibo|detalle|constancia|datos';
const MEDIA = 'mensajes|mensaje|sms|correos|mails|emails|whatsapp|whatsapps|recordatorios|notificaciones|comunicaciones|llamadas|cobros';
const MEDIA_EN = 'texts|text|messages|message|msgs|emails|calls|reminders|notifications|whatsapps';
const REMOVE_ME = 'eliminenme|eliminame|elimineme|borrenme|borrame|borreme|saquenme|sacame|saqueme|quitenme|quitame|quiteme|remuevanme|retirenme|retirame|bajenme|bajame|excluyanme';
const REMOVE = 'eliminen|eliminar|borren|borrar|saquen|sacar|quiten|quitar|remuevan|remover|retiren|retirar|den de baja|dar de baja';
const CONTACT_DATA = 'numero|correo|telefono|celular|contacto|datos|mail|email|whatsapp';
const REMOVE_ME_INF = 'eliminarme|borrarme|sacarme|quitarme|removerme|retirarme|bajarme|excluirme|eliminarnos|borrarnos|sacarnos|quitarnos|retirarnos|excluirnos';
const LISTS = 'lista|listas|base|bases|registro|registros|contactos|sistema|directorio|envios';
/** Verbs that stop or switch off: with the messages as their object they ask to stop them. */
const STOP_VERB =
  'detengan|detenga|deten|detener|paren|pare|parar|cancelen|cancele|cancelar|desactiven|desactive|desactivar|desactiva|suspendan|suspenda|suspender|terminen|cesen|cese|cesar|corten|apaguen|apagar|eliminen|eliminar|quiten|quitar|disable|deactivate|cancel|stop|end|halt|turn off|shut off|switch off';
/** What may stand between such a verb and the messages: articles, possessives, "el envío de". */
const BETWEEN = 'los|las|el|la|mis|mi|sus|su|tus|tu|estos|estas|esos|esas|todos|todas|todo|toda|de|del|envio|envios|the|my|your|these|those|all|this|any|of|sending|automatic|automaticos|automaticas';
/** The messages, as the object of a stopping verb ("cobros" is left out: "cancelar los cobros" is paying them in Peru). */
const STOP_MEDIA = 'mensajes|sms|correos|mails|emails|whatsapp|whatsapps|recordatorios|notificaciones|comunicaciones|llamadas|avisos|alertas|messages|texts|notifications|reminders|alerts|calls|communications';

/** One message of a kind, as what is not wanted any more ("no quiero ningún mensaje más"). */
const ONE_MEDIUM = 'mensaje|correo|llamada|recordatorio|notificacion|aviso|alerta|message|text|email|reminder|call';

/** Requests to stop in a sentence, Spanish (MX, CO, CL, PE, AR) and English. Each is a whole-word match on the normalized reply. */
const PHRASES: readonly RegExp[] = [
  // "no me escriban", "que no me manden más" — but "no me manden la factura por aquí" is about a document.
  new RegExp(` no ${PRONOUN}(?:mas )?(?:${SUBJ})(?! (?:la|el|las|los) (?:${DOCUMENT}) )(?= )`),
  new RegExp(` no ${PRONOUN}(?:vuelvan|vuelva|vuelvas|volver) a ${INF} `),
  new RegExp(` no ${PRONOUN}(?:sigan|siga|sigas|seguir|continuen|continuar|esten|este|estes) (?:${GER}) `),
  // Colombia's Ley 2300 speaks of the channels the debtor authorises: "no autorizo que me contacten".
  new RegExp(` no (?:autorizo|autorizamos|doy autorizacion|damos autorizacion) (?:que (?:me |nos )?(?:${SUBJ})|(?:el |la |los |las )?(?:contacto|envio|uso|tratamiento|${MEDIA})) `),
  new RegExp(` (?:favor|pido|pedimos|solicito|solicitamos|agradezco|agradeceria|agradecemos|please) (?:de )?no ${INF} `),
  new RegExp(` no ${INF} (?:mas|nunca) `),
  new RegExp(` (?:dejen|deja|deje|dejes|dejar|dejan|para|paren|pare|parar|paras) de (?:estar )?(?:${INF}|${GER}) `),
  // "dejen de estar chingando con sus mensajes", "paren con los mensajes": stopping, and what is to stop.
  new RegExp(` (?:dejen|deja|deje|dejar|paren|pare|para|parar|basta) (?:de|con) (?:[a-z]+ ){0,4}?(?:${MEDIA}) `),
  new RegExp(` (?:abstenerse|abstenganse|abstengase|eviten|evitar|omitan|omitir) (?:de )?${INF} `),
  // "ya no quiero recibir nada" — but "no quiero recibir la factura en papel" is about a document.
  new RegExp(` no (?:quiero|queremos|deseo|deseamos|quisiera|quisieramos|me interesa) (?:seguir )?(?:recibir|recibiendo)(?! (?:la|el|las|los|mi|mis|su|sus) (?:${DOCUMENT}) )(?= )`),
  / (?:dont|do not|no longer) (?:want|wish) (?:to )?(?:receive|get|any) /,
  new RegExp(` no (?:quiero|queremos|deseo|deseamos) que (?:me|nos) (?:sigan )?(?:${SUBJ}|${GER}) `),
  new RegExp(` (?:no|cero|basta de|ya basta de) mas (?:${MEDIA}) `),
  new RegExp(` basta (?:ya )?(?:de|con) (?:(?:los|las|sus|tus|tantos|tantas|estos|estas) )?(?:${MEDIA}|molestar|escribir|mandar) `),
  // "ya basta" — but "ya basta con los intereses" is about the interest ("basta ya" alone is the keyword, clauseKeyword).
  / ya basta(?! (?:de|con) )(?= )/,
  // "No quiero más mensajes", "no quiero ningún mensaje más", "No queremos más correos de cobranza", "Ya no quiero más llamadas ni mensajes".
  new RegExp(` no (?:quiero|queremos|deseo|deseamos|quisiera|quisieramos) (?:(?:mas|ningun|ninguna|ni un|ni una|otro|otra|otros|otras|sus|tus|estos|estas|esos|esas|tantos|tantas) )*(?:${STOP_MEDIA}|${ONE_MEDIUM})(?! (?:con|de voz) )(?= )`),
  // "Enough with the texts", "Enough texts!", "enough already with these messages", "enough of your reminders".
  new RegExp(` enough (?:(?:already|with|w|of|the|these|those|your|all|this) )*(?:${STOP_MEDIA}|texting|messaging|calling|spam) `),
  / (?:darme|denme|dame|deme|darnos|dennos) de baja /,
  / me (?:doy|quiero dar|quisiera dar|pueden dar|puede dar) de baja /,
  / (?:quiero|solicito|pido|solicitamos|pedimos|quisiera) (?:la|mi|dar|darme) (?:de )?baja /,
  new RegExp(` baja de (?:la|las|los|estos|sus|su|este) (?:lista|listas|${MEDIA}|servicio|envios|base) `),
  new RegExp(` (?:${REMOVE_ME}) (?:(?:de|del|por|porfa|please|ya|gracias|xfa) |$)`),
  new RegExp(` (?:${REMOVE}) (?:mi|mis|este|esta|estos|nuestro|nuestra|nuestros|nuestras) (?:${CONTACT_DATA}) `),
  // "retirarme de la lista", "quiero sacarme de su base": the infinitive needs the list ("sacarme de una duda" is a question).
  new RegExp(` (?:${REMOVE_ME_INF}) de (?:la|las|los|su|sus|esta|este|estas|estos|esa|ese|tu|tus) (?:${LISTS}|${MEDIA}) `),
  // The privacy-law request (MX LFPDPPP's cancelación, CO Ley 1581's supresión): "solicito la eliminación de mis datos".
  new RegExp(` (?:cancelacion|supresion|eliminacion|borrado|remocion|baja) de (?:mi|mis|nuestro|nuestros|nuestra|nuestras|los) (?:${CONTACT_DATA}) `),
  / (?:eliminen|borren|saquen|quiten|retiren) (?:me )?de (?:su|sus|la|las) (?:lista|listas|base|registro|contactos|sistema) /,
  / (?:dejenme|dejame|dejeme|dejenos) en paz /,
  / (?:desuscrib|unsuscrib|desinscrib|unsubscrib|unsubcrib|unsubscib)[a-z]* /,
  / unsub /,
  / (?:stopall|optout|opt out|revoke|revoco|revocar) /,
  / cancel[a-z]* (?:la |mi )?suscripcion /,
  / (?:stop|quit|cease) (?:texting|txting|messaging|msging|sending|contacting|calling|emailing|writing|bugging|harassing|spamming|bothering|with the|these|the messages|the texts) /,
  / (?:do not|dont|never) (?:ever )?(?:contact|text|txt|message|msg|email|call|write|bother|reach) (?:me|us|this|again|anymore|any) /,
  / (?:do not|dont) send (?:me|us) (?:any|more|these|texts|messages|anything) /,
  new RegExp(` no more (?:${MEDIA_EN}|contact) `),
  / remove (?:me|us|(?:my|this|our) (?:number|phone|cell|email|contact|info|name|address)) /,
  / removed from (?:this|your|the|that|all|any) (?:[a-z]+ )?list /,
  / take (?:me|us|(?:my|this|our) (?:number|phone|cell|email|contact|info|name|address)) off /,
  / (?:opt (?:me|us) out|leave (?:me|us) alone|lose (?:my|this) number) /,
  / delete (?:my|this|our) (?:number|email|info|contact|data|details|information|phone) /,
  // "No deseo ser contactado", "I don't want to be contacted".
  / no (?:quiero|queremos|deseo|deseamos|quisiera|quisieramos|prefiero|preferimos) (?:ser|seguir siendo|volver a ser) (?:contactad|llamad|molestad|notificad|buscad|importunad)[oa]s? /,
  / (?:dont|do not|no longer|never) (?:want|wish|like) (?:to )?(?:be )?(?:contacted|called|texted|emailed|messaged|bothered|reached|harassed) /,
  // A stopping verb on the messages themselves: "Detengan los mensajes", "cancelen mis notificaciones",
  // "desactiven las notificaciones", "suspendan el envío de mensajes", "turn off these notifications".
  new RegExp(` (?:${STOP_VERB}) (?:(?:${BETWEEN}) )*(?:${STOP_MEDIA}) `),
  // The do-not-call lists: "put me on your do not call list", "lista de no llamar".
  / (?:do not|dont|no) (?:call|contact|text|email|disturb) (?:list|registry|register) /,
  / (?:lista|registro) (?:de )?no (?:llamar|contactar|molestar) /,
  / cease (?:and desist|all contact|all communication|contact|communication|communications) /,
];

/** What an address is: "este número no es de la empresa", "this is not the company's email". */
const ADDRESS = 'numero|telefono|celular|whatsapp|correo|email|mail';
/** "no es el número de cuenta": a number that is not a phone. */
const NOT_A_PHONE = 'cuenta|referencia|factura|folio|pedido|orden|tarjeta|cliente|contrato|operacion|transferencia|guia|rastreo|serie|seguimiento|confirmacion';
const COMPANY = '(?:la|esta|esa|nuestra) (?:empresa|compania|oficina|sucursal|tienda)';
/** Who a reply may say has died: the account's holder, never "mi papá" (the debtor telling of a loss). */
const HOLDER = 'titular|cliente|deudor|deudora|dueno|duena|propietario|propietaria|persona|senor|senora|sr|sra|representante';

/**
 * The address is not the debtor's, or no longer reaches them: a wrong number, someone who has left
 * the company ("La persona ya no labora aquí", "she no longer works here"), an address that is not
 * the company's ("este no es el número de la empresa"), a person who does not know the debtor. A
 * third party must not keep getting collection messages: the opt-out stays on this channel and a
 * person fixes the contact data.
 */
const WRONG_CONTACT: readonly RegExp[] = [
  / (?:numero equivocado|equivocado de numero|equivocaron de (?:numero|persona|contacto)) /,
  / wrong (?:number|person|contact) (?!of )/,
  / ya no (?:trabajo|laboro|colaboro|pertenezco|trabajamos|laboramos) (?:en|ahi|aqui|aca|para|con|a) /,
  / ya no (?:trabaja|labora|colabora|pertenece|trabajan|laboran|forma parte|es parte) (?:mas )?(?:en|ahi|aqui|aca|alli|para|con|a|de) /,
  new RegExp(` no (?:trabaja|labora|trabajan|laboran) (?:aqui|aca|ahi|alli|con nosotros|en ${COMPANY}) `),
  new RegExp(` ya no (?:esta|estan) (?:aqui|aca|con nosotros|en ${COMPANY}) `),
  / (?:dejo de (?:trabajar|laborar)|(?:se retiro|se fue|salio|renuncio) (?:de|a) (?:la|esta|esa) (?:empresa|compania)|ya no es (?:empleado|empleada|colaborador|colaboradora|trabajador|trabajadora) de) /,
  / (?:no longer|doesnt|does not|dont|do not) (?:works?|working|employed) (?:here|there|for|at|with) /,
  / no longer (?:work|with) /,
  / (?:is|are|s) no longer (?:with|at|employed|here|part of) /,
  / (?:left|quit) (?:the|this|our) (?:company|firm|business|organization|organisation) /,
  / corresponde a otra persona /,
  / (?:no es mi numero|este numero no es de|not my number) /,
  new RegExp(` (?:este|ese|esta|el|this|that) (?:${ADDRESS}) no (?:es|pertenece) (?:de|del|a|al|mio|mia|nuestro|nuestra) `),
  new RegExp(` no es (?:el|la|mi|nuestro|nuestra|su) (?:${ADDRESS})(?! de (?:${NOT_A_PHONE}) )(?= )`),
  / (?:this|that) (?:is not|isnt|s not) (?:the|his|her|their|my|our|your|a) (?:[a-z]+ )?(?:number|phone|email|cell|address) /,
  / (?:no conozco|no conocemos|desconozco|desconocemos) (?:a )?(?:esa|ese|la|el|dicha|dicho|esta|este|tal) (?:persona|empresa|senor|senora|compania|negocio|sr|sra) /,
  / (?:dont|do not|never) (?:know|heard of) (?:this|that|the|any|a) (?:person|company|business|guy|lady|man|woman|customer) /,
  / (?:no one|nobody|noone) (?:here )?(?:by|with) (?:that|this) name /,
  / no hay (?:nadie|ninguna persona) (?:aqui )?con ese nombre /,
  / no soy (?:el|la) (?:titular|cliente|deudor|deudora|dueno|duena|persona que buscan|senor|senora) /,
  / (?:i am|im) not (?:the|your) (?:customer|debtor|account holder|person you) /,
];

/**
 * The reply says the debtor has died ("El titular falleció", "the account holder passed away"): stop
 * here like a wrong address, and a person decides what happens to the account before anything else
 * is sent. Only of the holder or the person written to; "mi papá falleció" is the debtor telling of a
 * loss, for a person to read as any other reply.
 */
const DECEASED: readonly RegExp[] = [
  new RegExp(` (?:${HOLDER})(?: [a-z]+){0,4}? (?:ya )?(?:ha |esta |es )?(?:fallecio|murio|fallecido|fallecida|muerto|muerta|difunto|difunta) `),
  / (?:holder|owner|customer|debtor|he|she|person|mr|mrs|ms)(?: [a-z]+){0,3}? (?:has |is |was )?(?:passed away|passed on|died|deceased|dead) /,
];
/** A clause that opens with the death itself: "Falleció hace un mes", "Él falleció", "Ya murió". */
const DECEASED_OPENING = /^ (?:ya )?(?:el |ella )?(?:ha |esta )?(?:fallecio|murio|fallecido|fallecida|passed away|is deceased|deceased|died) /;

/**
 * Reads a request to stop messages, in any of the forms above. `normalized` is
 * normalizeReply(`text`); `text` is needed for the clauses and for the capitals of a leading keyword.
 *
 * @example
 * matchOptOut('Ya pagué. BAJA', normalizeReply('Ya pagué. BAJA')) // { keyword: 'BAJA' }
 * matchOptOut('El monto es muy alto', normalizeReply('El monto es muy alto')) // undefined
 */
export function matchOptOut(text: string, normalized: string): OptOutMatch | undefined {
  const died =
    DECEASED.map((re) => re.exec(normalized)?.[0].trim()).find((m) => m !== undefined) ??
    clauses(withoutEmoji(text)).map((clause) => DECEASED_OPENING.exec(clause)?.[0].trim()).find((m) => m !== undefined);
  const wrong = WRONG_CONTACT.map((re) => re.exec(normalized)?.[0].trim()).find((m) => m !== undefined) ?? died;
  const keywordAlone = clauseKeyword(text) ?? leadingKeyword(text);
  const phrase = PHRASES.map((re) => re.exec(normalized)?.[0].trim()).find((m) => m !== undefined) ?? imperativeInfinitive(text);
  const stop = keywordAlone ?? phrase ?? consentWithdrawn(text, 'opt-out') ?? wrong;
  const prefers = channelSwitch(text);
  const keyword = stop ?? prefers?.phrase;
  if (keyword === undefined) return undefined;
  const newAddress = addressGiven(text);
  const limit = keywordAlone === undefined && phrase !== undefined && wrong === undefined ? limitOnly(text) : undefined;
  const until = keywordAlone === undefined && phrase !== undefined && wrong === undefined && limit === undefined ? untilOnly(text) : undefined;
  return {
    keyword,
    ...(wrong !== undefined ? { wrongContact: true as const } : {}),
    ...(died !== undefined ? { deceased: true as const } : {}),
    ...(prefers !== undefined ? { prefers: prefers.channel } : {}),
    ...(stop === undefined ? { switchOnly: true as const } : {}),
    ...(newAddress !== undefined ? { newAddress } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

/**
 * When or where not to write, in the same clause as the request: "please don't text me before 9am",
 * "no me llamen antes de las 10", "no me escriban en la noche", "don't call me at work" (FDCPA §805(a)
 * and Reg. F §1006.6(b): an inconvenient time or place). That limits the contact, it does not stop it.
 */
const LIMITS: readonly RegExp[] = [
  / (?:antes|despues) de (?:las |la )?\d{1,2}(?: \d{2})?(?: ?(?:am|pm|hrs|horas|h))? /,
  / (?:hasta|desde) las \d{1,2} /,
  / (?:before|after|until|till|past) (?:\d{1,2}(?: \d{2})? ?(?:am|pm|oclock)?|noon|midnight|work|business hours|office hours) /,
  / (?:en|por|durante) (?:la|las) (?:noche|noches|madrugada|manana|mananas|tarde|tardes) /,
  / (?:de noche|de madrugada|tan temprano|tan tarde|so early|so late|late at night|at night|in the morning|in the evening) /,
  / (?:los|en|el|durante el|durante los) (?:fin de semana|fines de semana|domingos|sabados|feriados|dias festivos) /,
  / (?:on|during|over) (?:the )?(?:weekend|weekends|sundays|saturdays|holidays) /,
  / (?:en|durante|fuera de|fuera del) (?:horario|horas|mi horario) (?:laboral|laborales|de oficina|de trabajo) /,
  / (?:during|in|outside) (?:work|working|business|office) hours /,
  / (?:al|a mi|en mi|en el|a la) (?:trabajo|oficina|chamba|chamba) /,
  / at (?:work|my work|my office|the office|my job) /,
  / (?:call|text|contact|phone|email|visit) (?:the|my|our) (?:office|workplace|job|landline|house|home|desk) /,
  / (?:a|al|en) (?:la|mi|el) (?:casa|domicilio|fijo|telefono fijo) /,
];

/** The limit, when every clause asking to stop only limits: "STOP" elsewhere, or a clause without a limit, is a request to stop. */
function limitOnly(text: string): string | undefined {
  let limit: string | undefined;
  for (const clause of clauses(withoutEmoji(text))) {
    if (!PHRASES.some((re) => re.test(clause)) && imperativeInfinitive(clause) === undefined) continue;
    const found = LIMITS.map((re) => re.exec(clause)?.[0].trim()).find((m) => m !== undefined);
    if (found === undefined) return undefined;
    limit ??= found;
  }
  return limit;
}

/** "until Friday", "hasta el lunes", "till the 15th": what follows, to the end of the clause. */
const UNTIL = / (?:until|till|til|untill|hasta) ((?:[a-z0-9/]+ )+)/;

/** What every clause asking to stop says it lasts until, when each says so: "stop the reminders until Friday" (see OptOutMatch.until). */
function untilOnly(text: string): string | undefined {
  let until: string | undefined;
  for (const clause of clauses(withoutEmoji(text))) {
    if (!PHRASES.some((re) => re.test(clause)) && imperativeInfinitive(clause) === undefined) continue;
    const found = UNTIL.exec(clause)?.[1];
    if (found === undefined) return undefined;
    until ??= ` ${found}`;
  }
  return until;
}

// Bounded repetitions (an address part is at most 64 characters, a phone at most 15 digits) keep both linear in the reply.
const EMAIL = /[\p{L}\d._%+-]{1,64}@[\p{L}\d-]{1,63}(?:\.[\p{L}\d-]{1,63}){0,5}\.\p{L}{2,24}/gu;
const PHONE = /\+?\d[\d ().-]{6,22}\d/g;
/** Words that give an address to use instead: "escriban a", "envíenlo a", "mi nuevo correo es", "send it to", "email me at". */
const GIVES_ADDRESS = new RegExp(
  ` (?:(?:escrib|mand|envi|contact|dirig|llam|marq|comuniq|remit|reenv|writ|send|forward|reach|call|text|nuev|new|mejor|instead|actualic|updat|cambi|chang)[a-z]*|email (?:me|us|it|them|to)) (?:(?:${[
    'a', 'al', 'en', 'por', 'para', 'to', 'at', 'on', 'me', 'us', 'it', 'them', 'is', 'es', 'este', 'esta', 'nuevo', 'nueva', 'new', 'correo', 'numero',
    'email', 'mail', 'whatsapp', 'celular', 'telefono', 'the', 'my', 'mi', 'nuestro', 'our', 'via', 'el', 'la', 'lo', 'los', 'las', 'les', 'le', 'nos', 'please', 'favor', 'of',
  ].join('|')}) ){0,4}$`,
);

/**
 * An email address or phone number the reply gives to write to instead: "No me escriban a este
 * correo, escriban a pagos@empresa.com", "escríbanme al 3001234567". Only one that words of sending
 * or contacting introduce, so an address in a signature ("Correo: …", "Tel. …") is not taken for one.
 */
function addressGiven(text: string): string | undefined {
  const digits = (m: RegExpExecArray): number => m[0].replace(/\D/g, '').length;
  const found = [...text.matchAll(EMAIL), ...text.matchAll(PHONE)].filter((m) => m[0].includes('@') || (digits(m) >= 8 && digits(m) <= 15));
  for (const m of found.sort((a, b) => a.index - b.index)) {
    const before = normalizeReply(text.slice(Math.max(0, m.index - 80), m.index));
    if (GIVES_ADDRESS.test(before)) return m[0].trim();
  }
  return undefined;
}

/** A clause that is only keywords and politeness: "STOP", "Baja por favor", "NO MÁS", "⛔ STOP ⛔". */
function clauseKeyword(text: string): string | undefined {
  for (const clause of clauses(text)) {
    const core = tokens(clause).filter((w) => !FILLER.has(w));
    if (core.length === 0 || core.length > 3) continue;
    const joined = core.join(' ');
    if (KEYWORD_PHRASES.has(joined)) return joined.toUpperCase();
    const canonical = core.map(canonicalKeyword);
    if (canonical.every((w) => w !== undefined)) return canonical[0]!.toUpperCase();
  }
  return undefined;
}

/** What may open a clause before an instruction without changing it ("Por favor, no contactar", "Please do not contact"). */
const LEAD = new Set(['por', 'favor', 'porfa', 'porfavor', 'xfa', 'please', 'pls', 'hola', 'hi', 'hello', 'buenas', 'buenos', 'buen', 'tardes', 'dias', 'dia', 'noches', 'ok', 'sr', 'sra', 'senor', 'senora', 'de', 'ya', 'y', 'and', 'so']);
const CONTACT_INF = /^(?:contactar|llamar|escribir|mandar|enviar|marcar|molestar|textear|mensajear)(?:me|nos|le|les)?$/;
const CONTACT_EN = /^(?:contact|call|phone|text|txt|email|message|msg|write)$/;
const DOCUMENTS = new Set([...DOCUMENT.split('|'), 'invoice', 'invoices', 'bill', 'statement', 'receipt', 'copy', 'check', 'payment']);
const ARTICLES = new Set(['la', 'el', 'las', 'los', 'the', 'a', 'an', 'my', 'mi', 'su', 'sus']);
/** What may follow such an instruction: "No contactar" is about us contacting, "No escribir el RFC en la factura" is not. */
const AFTER_INSTRUCTION = new Set([
  'a', 'al', 'aqui', 'aca', 'mas', 'nunca', 'nuevamente', 'otra', 'por', 'para', 'este', 'esta', 'en', 'de', 'antes', 'despues', 'durante', 'hasta', 'me', 'nos', 'le', 'les', 'ya', 'gracias', 'favor', 'porfa', 'ni',
  'us', 'this', 'again', 'anymore', 'ever', 'please', 'at', 'on', 'by', 'here', 'before', 'after', 'until', 'via', 'thanks', 'or', 'and', 'y', 'o',
]);
const WHEN = new Set(['fines', 'fin', 'domingos', 'sabados', 'feriados', 'noches', 'mananas', 'tardes', 'weekends', 'weekend', 'evenings', 'mornings', 'nights']);
/** Where, after an article: "Do not call the office", "no llamar a la oficina" is about where, not whether. */
const WHERE = new Set(['office', 'oficina', 'work', 'trabajo', 'job', 'workplace', 'house', 'home', 'casa', 'landline', 'fijo', 'desk']);

/**
 * An instruction in the infinitive, the way a sign says it ("No fumar"): a clause that opens with "No
 * contactar", "No llamar", "no escribir a este número", "Do not contact", "DON'T CALL". Not about a
 * document ("no enviar la factura en papel", "don't email the invoice, mail it").
 */
function imperativeInfinitive(text: string): string | undefined {
  for (const clause of clauses(withoutEmoji(text))) {
    const words = tokens(clause);
    let i = 0;
    while (i < words.length && LEAD.has(words[i]!)) i += 1;
    let verb: number | undefined;
    if (words[i] === 'no' && CONTACT_INF.test(words[i + 1] ?? '')) verb = i + 1;
    else if ((words[i] === 'dont' || words[i] === 'never') && CONTACT_EN.test(words[i + 1] ?? '')) verb = i + 1;
    else if (words[i] === 'do' && words[i + 1] === 'not' && CONTACT_EN.test(words[i + 2] ?? '')) verb = i + 2;
    if (verb === undefined) continue;
    const next = words[verb + 1];
    const object = ARTICLES.has(next ?? '') ? words[verb + 2] : next;
    if (object !== undefined && DOCUMENTS.has(object)) continue;
    // Nothing after, or where, how, when and to whom: "No contactar a este número", "no llamar más", "do not call me".
    if (next !== undefined && !AFTER_INSTRUCTION.has(next) && !(ARTICLES.has(next) && (WHEN.has(words[verb + 2] ?? '') || WHERE.has(words[verb + 2] ?? '')))) continue;
    return words.slice(i, verb + 1).join(' ');
  }
  return undefined;
}

/** An emoji between words ("No 🙏 contactar") is no clause break for the sentence rules. */
const withoutEmoji = (text: string): string => text.replace(/\p{Extended_Pictographic}+/gu, ' ');

const CONSENT = 'consentimiento|consentimientos|autorizacion|autorizaciones|permiso|permisos|consent|permission|authorization|authorisation';
const OF_CONSENT = '(?:mi |mis |el |la |los |las |nuestro |nuestra |nuestros |todo |toda |todos |cualquier |este |esta |dicho |dicha |my |our |the |all |any |this |that )?';
/**
 * Consent withdrawn in the debtor's words, which the FCC (47 CFR 64.1200(a)(10): "any reasonable
 * means") and Colombia's Ley 2300 (art. 2: only channels the debtor authorises) both honour: "retiro mi
 * consentimiento", "revoco la autorización que les di", "no tienen mi autorización", "I withdraw my
 * consent", "I no longer consent to being contacted", "you do not have my permission". `otherObject`
 * is what it means when the consent named is for something else ("retiro mi autorización para el
 * débito automático"): maybe an opt-out (a person reads it), or nothing.
 */
const WITHDRAWALS: ReadonlyArray<{ readonly re: RegExp; readonly bare: 'opt-out' | 'possible'; readonly otherObject: 'possible' | 'none' }> = [
  {
    re: new RegExp(` (?:retiro|retiramos|retirar|revoco|revocamos|revocar|cancelo|cancelamos|anulo|anulamos|withdraw|withdrawing|withdrew|revoke|revoking|revoked|rescind|rescinding|retract|retracting) ${OF_CONSENT}(?:${CONSENT})(?= )`),
    bare: 'opt-out',
    otherObject: 'possible',
  },
  { re: new RegExp(` no (?:tienen|tiene|tienes|cuentan con|cuenta con|cuentas con) (?:mi|mis|nuestro|nuestra|ningun|ninguna) (?:${CONSENT})(?= )`), bare: 'opt-out', otherObject: 'possible' },
  { re: new RegExp(` no (?:les |le |te )?(?:doy|damos|otorgo|otorgamos) ${OF_CONSENT}(?:${CONSENT})(?= )`), bare: 'opt-out', otherObject: 'possible' },
  { re: / (?:dont|do not|does not|doesnt) have (?:my|our|any) (?:consent|permission|authorization|authorisation)(?= )/, bare: 'opt-out', otherObject: 'possible' },
  { re: / (?:no longer|do not|dont|never|did not|didnt) (?:give (?:my |our )?)?(?:consent|consented)(?= )/, bare: 'opt-out', otherObject: 'possible' },
  // "No autorizo" alone may be a charge refused as well as a contact; with a charge ("no autorizo ese cargo") it is nothing here.
  { re: / (?:ya )?no (?:autorizo|autorizamos|consiento|consentimos)(?= )/, bare: 'possible', otherObject: 'none' },
];
/** Words after the consent that say it is the contact that is refused: "para ser contactado", "to being contacted", "para enviarme mensajes". */
const CONTACT_WORD = /^(?:contact|llam|escrib|notific|mensaj|correo|mail|email|sms|whatsapp|recordatori|comunica|call|text|messag|remind|datos|data|tratamiento|medio|marc|molest|telefon|phone|celular|numero|number)/;
/** Words that leave a withdrawal bare: which consent ("el que les di", "previously given"), when it takes effect, how much. */
const BARE_TAIL = new Set([
  'a', 'partir', 'desde', 'hoy', 'ahora', 'momento', 'este', 'en', 'inmediato', 'total', 'totalmente', 'mismo', 'aqui', 'todo', 'toda', 'y',
  'que', 'les', 'le', 'di', 'dimos', 'otorgue', 'otorgamos', 'otorgado', 'otorgada', 'dado', 'dada', 'concedido', 'concedida', 'previo', 'previa', 'anterior', 'anteriormente',
  'from', 'now', 'on', 'effective', 'immediately', 'today', 'completely', 'entirely', 'here', 'and', 'all', 'i', 'we', 'you', 'gave', 'given', 'granted', 'previously', 'earlier', 'ever',
]);

function consentWithdrawn(text: string, want: 'opt-out' | 'possible'): string | undefined {
  for (const clause of clauses(withoutEmoji(text))) {
    for (const rule of WITHDRAWALS) {
      const m = rule.re.exec(clause);
      if (!m) continue;
      const rest = tokens(clause.slice(m.index + m[0].length)).filter((w) => !FILLER.has(w));
      const reading = rest.slice(0, 8).some((w) => CONTACT_WORD.test(w)) ? 'opt-out' : rest.every((w) => BARE_TAIL.has(w)) ? rule.bare : rule.otherObject;
      if (reading === want) return m[0].trim();
    }
  }
  return undefined;
}

/** "STOP ya pagué", "BAJA ya pagué todo": a keyword in capitals opening the message (carriers read it so too). */
function leadingKeyword(text: string): string | undefined {
  const first = /^[^\p{L}]*(\p{L}+)[^\p{L}]*(\p{L}*)/u.exec(text.slice(0, 200));
  if (!first) return undefined;
  const [, word = '', next = ''] = first;
  const folded = foldReply(word).trim();
  if (word.length < 3 || word !== word.toUpperCase() || !LEADING.has(folded)) return undefined;
  return foldReply(next).trim() === 'california' ? undefined : folded.toUpperCase();
}

function canonicalKeyword(word: string): string | undefined {
  if (KEYWORDS.has(word)) return word;
  if (word.length < 4 || word.length > 14 || NOT_TYPOS.has(word)) return undefined;
  return FUZZY.find(([keyword, edits]) => distance(word, keyword, edits) <= edits)?.[0];
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of neighbours:
 * "stpo" is one edit from "stop"), giving up early once it exceeds `limit`. Both words are short.
 */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    if (Math.min(...row) > limit) return limit + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * Words of stopping and words of messages: together in one clause, a reply may be asking to stop
 * in words no rule above knows ("no me estén mandando mensajes", "No autorizo que me contacten",
 * "I'd like to be removed from this list", "unsub"). The rules above miss some new wordings (about
 * one in five opt-outs of the blind set, test/fixtures/replies/blind.jsonl, before they were added), and
 * missing one is the costly mistake, so such a reply is held for a person rather than read as
 * nothing. Never an opt-out by itself: "no recibí ningún mensaje con la factura" matches too. So is
 * a consent withdrawn for something that may not be contact ("retiro mi autorización para el débito
 * automático", "No autorizo" alone).
 */
const STOPPING = /^(?:no|not|dont|never|nunca|stop|quit|cease|remove|removed|removing|unsub[a-z]*|desus[a-z]*|quitar|quiten[a-z]*|eliminar|eliminen[a-z]*|borrar|borren[a-z]*|sacar|saquen[a-z]*|basta|dejen|dejar|deja|abstenerse|abstenganse|autorizo|autorizamos|enough|off|detengan|detener|cancelen|desactiven|desactivar|suspendan|suspender|apaguen|pausen|pausar|pause|disable)$/;
const MESSAGING = /^(?:mensajes?|messages|texts|texting|messaging|sms|whatsapps?|correos|emails|mails|recordatorios?|reminders?|notificaciones|notifications|comunicaciones|llamadas|calls|list|lista|listas|contacten|contactarme|escribirme|escriban|manden|mandando|envien|enviando|llamen)$/;

/**
 * Whether a reply no rule reads as an opt-out may still be one (see above): hold it for a person.
 *
 * @example
 * mayBeOptOut('nunca más sus mensajes') // true
 * mayBeOptOut('Ok, recibí sus mensajes') // false
 */
export function mayBeOptOut(text: string): boolean {
  if (consentWithdrawn(text, 'possible') !== undefined) return true;
  for (const clause of clauses(text)) {
    const words = tokens(clause);
    if (words.some((w) => /^(?:unsub|desus|optout)/.test(w))) return true;
    if (words.some((w) => STOPPING.test(w)) && words.some((w) => MESSAGING.test(w))) return true;
  }
  return false;
}
