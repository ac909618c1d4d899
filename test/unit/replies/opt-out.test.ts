import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply, type ReplyContext } from '../../../shared/domain/replies/classify-reply.js';

// Wednesday 2 December 2026, 09:00 in Mexico City.
const MX: ReplyContext = { locale: 'es-MX', timezone: 'America/Mexico_City', now: new Date('2026-12-02T15:00:00Z'), openInvoices: ['F-1023', 'F-1047'] };
const kind = (text: string) => classifyReply(text, MX).kind;

/**
 * The oracles are the regulators' and carriers' own lists, copied from their pages, not from the code.
 * - AWS End User Messaging SMS, "Required opt-out keywords"
 *   (docs.aws.amazon.com/sms-voice/latest/userguide/opt-out-list-keywords.html).
 * - CTIA / US carriers' standard opt-out keywords, as the messaging platforms process them.
 * - FCC 47 CFR 64.1200(a)(10), Report and Order FCC 24-24 (2024): the words a text reply may revoke
 *   consent with; anything else a reasonable person reads as a revocation counts too.
 * - Spanish keywords of the issue (#11) and "No más", the FCC order's own Spanish example.
 */
const AWS_REQUIRED = ['ARRET', 'CANCEL', 'END', 'OPT-OUT', 'OPTOUT', 'QUIT', 'REMOVE', 'STOP', 'TD', 'UNSUBSCRIBE'];
const CTIA = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
const FCC = ['stop', 'quit', 'end', 'revoke', 'opt out', 'cancel', 'unsubscribe'];
const SPANISH = ['BAJA', 'ALTO', 'CANCELAR', 'NO MÁS', 'Dar de baja', 'Basta'];

/** How people ask to stop, in their words (es-MX, es-CO, es-CL, es-PE, es-AR, en-US). */
const NATURAL = [
  'favor de no escribir más a este número',
  'ya no me manden mensajes porfa',
  'no me vuelvan a contactar',
  'elimínenme de su lista',
  'no me escriban',
  'dejen de enviarme mensajes',
  'no me sigan escribiendo',
  'quiero darme de baja',
  'no deseo recibir más mensajes',
  'dejá de escribirme',
  'no me jodan más con los mensajes',
  'bórrenme de su base de datos',
  'please stop texting me',
  'do not contact me again',
  'take me off your list',
  'I revoke my consent',
  'no more texts',
  'leave me alone',
  'remove my number',
];

/**
 * Consent withdrawn, and requests to stop, in words a person reads at once but no rule read before
 * (issue #11 attack: each of these was `other`, with no hold). FCC 47 CFR 64.1200(a)(10): revocation
 * "by any reasonable means"; CO Ley 2300 art. 2: only the channels the debtor authorises.
 */
const WITHDRAWN = [
  'No deseo ser contactado',
  'No contactar',
  'no llamar',
  'retiro mi consentimiento',
  'retiro mi autorización para ser contactado',
  'no tienen mi autorización',
  'Detengan los mensajes',
  'cancelen mis notificaciones',
  'desactiven las notificaciones',
  'borrar mis datos',
  'retirarme de la lista',
  'Do not contact',
  'DO NOT CONTACT',
  'I withdraw my consent',
  'withdraw consent',
  'I no longer consent to being contacted',
];
/** The same ideas in other words: the rules are about the ideas, not the sentences above. */
const WITHDRAWN_OTHERWISE = [
  'Ya no quiero ser contactada por ustedes',
  'No cuentan con mi autorización para enviarme mensajes',
  'revocamos el consentimiento otorgado',
  'no les doy permiso de llamarme',
  'Suspendan el envío de mensajes a este número',
  'Por favor apaguen las alertas',
  'Solicito la supresión de mis datos personales',
  'quiero excluirme de su base de datos',
  'No escribir a este número',
  'Please do not call',
  'You do not have my permission to contact me',
  "I'm revoking my consent for these calls and texts",
  'Turn off these notifications',
  'Please put this number on your do not call list',
  "I don't want to be contacted",
];

/** The keywords as ordinary words: a person never reads these as a request to stop. */
const ORDINARY = [
  'El monto es muy alto',
  'Estamos en Baja California, pago el lunes',
  'se nos pasó por alto, mañana pagamos',
  "I'll pay at the end of the month",
  'Our bookkeeper quit last week, sorry',
  'Can I stop by your office to drop off a check?',
  '¿Dónde puedo cancelar la factura?',
  'voy a cancelar el viernes',
  'no me llegó la factura',
  'no me han mandado el estado de cuenta',
  'Please remove the late fee, we paid on time',
  'The bank put a stop payment on our check by mistake',
  'El precio está alto pero lo pagamos el lunes',
  'Ya cancelamos la factura ayer',
  'Please remove this charge, it is wrong',
  // Near the new rules: a question, a document, goods, a payment, a charge.
  '¿Me pueden sacar de una duda? ¿Cuánto debo?',
  'no enviar la factura en papel, solo PDF',
  "Don't email the invoice, mail it to our office",
  'Cancelen el envío del pedido, ya no lo necesitamos',
  'voy a cancelar los cobros pendientes el viernes',
  'Retiro lo dicho, sí es nuestra factura',
  'Es mejor no llamar al banco',
  'no autorizo ese cargo',
  'No escribir el RFC en la factura',
  'The invoice has the wrong number of units',
  '¿Cómo me doy de alta en el portal?',
];

describe('opt-out keywords of the regulators and carriers', () => {
  it.each([...new Set([...AWS_REQUIRED, ...CTIA, ...FCC, ...SPANISH])])('%s alone is an opt-out', (keyword) => {
    expect(kind(keyword)).toBe('opt-out');
  });

  it('reads a keyword in any casing, with any punctuation, emoji or politeness around it', () => {
    const keyword = fc.constantFrom(...AWS_REQUIRED, ...CTIA, ...FCC, ...SPANISH);
    const lead = fc.constantFrom('', ' ', '¡', '¿', '"', '⛔ ', 'por favor ', '🙏 ', 'Please ', 'ya ');
    const tail = fc.constantFrom('', '.', '!!', ' ', '?', ' 🙏', ' por favor', ' gracias', ' please', ' 😡😡', ' ya', ' pls');
    fc.assert(
      fc.property(keyword, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), lead, tail, (word, upper, before, after) => {
        const cased = [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
        expect(kind(`${before}${cased}${after}`)).toBe('opt-out');
      }),
    );
  });

  it('reads a keyword sentence next to anything else the debtor says ("Ya pagué. BAJA", "STOP. We dispute this")', () => {
    const other = fc.constantFrom('Ya pagué', 'pago el viernes', 'no reconozco esa factura', 'We dispute this invoice', 'cuánto debo?', 'Gracias', '👍');
    fc.assert(
      fc.property(fc.constantFrom(...AWS_REQUIRED, ...SPANISH), other, fc.boolean(), (keyword, sentence, keywordFirst) => {
        expect(kind(keywordFirst ? `${keyword}. ${sentence}` : `${sentence}. ${keyword}`)).toBe('opt-out');
      }),
    );
  });

  it('reads common misspellings: "stpo", "sotp", "Unsubscibe", "unsuscribe", "stooop", "bajaaa"', () => {
    for (const text of ['stpo', 'sotp', 'Unsubscibe', 'unsuscribe', 'stooop', 'bajaaa', 'STOPP']) expect(kind(text), text).toBe('opt-out');
  });
});

describe('opt-outs in natural phrasing', () => {
  it('reads each phrase with noise around it, any casing, with or without accents, emoji between words', () => {
    const noise = fc.constantFrom('', 'Buenas tardes. ', 'Hola, ', 'Soy Ana, de compras. ', 'Good morning. ', '😡 ', '... ');
    const after = fc.constantFrom('', '.', ' gracias', ' 🙏🙏', '!!!', ', ya pagué', ' de una vez', '. Thanks');
    fc.assert(
      fc.property(fc.constantFrom(...NATURAL), noise, after, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 8 }), (phrase, before, tail, shout, stripAccents, emojiAt) => {
        let text = stripAccents ? phrase.normalize('NFKD').replace(/\p{M}/gu, '') : phrase;
        const words = text.split(' ');
        if (emojiAt < words.length) words.splice(emojiAt, 0, '🙏');
        text = words.join(' ');
        expect(kind(`${before}${shout ? text.toUpperCase() : text}${tail}`)).toBe('opt-out');
      }),
    );
  });

  it('says when the address is not the debtor’s, and which channel the debtor wants instead', () => {
    expect(classifyReply('Número equivocado', MX)).toMatchObject({ kind: 'opt-out', wrongContact: true });
    expect(classifyReply('ya no trabajo en esa empresa', MX)).toMatchObject({ kind: 'opt-out', wrongContact: true });
    expect(classifyReply('no me escriban por aquí, mejor al correo', MX)).toMatchObject({ kind: 'opt-out', prefers: 'email' });
    expect(classifyReply('dont text me, email me instead', MX)).toMatchObject({ kind: 'opt-out', prefers: 'email' });
    expect(classifyReply('STOP', MX)).not.toHaveProperty('prefers');
  });

  it.each([
    'La persona ya no labora aquí',
    'este no es el número de la empresa',
    'El señor ya no trabaja aquí',
    'Este no es el correo de la empresa que buscan',
    'No conocemos a esa empresa',
    'No soy el titular de esa cuenta',
    'She no longer works here',
    "This is not the company's number",
  ])('a third party: %j stops this address only, for a person to fix the contact', (text) => {
    expect(classifyReply(text, MX)).toMatchObject({ kind: 'opt-out', wrongContact: true });
    expect(classifyReply(text, MX)).not.toHaveProperty('deceased');
  });

  it.each(['El titular falleció', 'Lamento informarle que el titular de la cuenta falleció', 'Falleció hace un mes', 'The account holder passed away last month'])(
    'the debtor has died: %j stops this address, and says so',
    (text) => {
      expect(classifyReply(text, MX)).toMatchObject({ kind: 'opt-out', wrongContact: true, deceased: true });
    },
  );

  it('a number or a place that is not a contact, or a loss the debtor tells of, is no third party', () => {
    expect(classifyReply('no es el número de cuenta correcto', MX)).not.toMatchObject({ kind: 'opt-out' });
    expect(classifyReply('la factura ya no está en el sistema', MX)).not.toMatchObject({ kind: 'opt-out' });
    expect(classifyReply('la empresa no trabaja con cheques', MX)).not.toMatchObject({ kind: 'opt-out' });
    expect(classifyReply('Mi papá falleció y por eso no he pagado, pago el viernes', MX)).toMatchObject({ kind: 'promise', date: '2026-12-04' });
  });

  it('keeps what else the reply says for a person: a payment, a dispute, a promise', () => {
    expect(classifyReply('Ya pagué, no me escriban más', MX)).toMatchObject({ kind: 'opt-out', alsoSays: 'paid' });
    expect(classifyReply('STOP. No reconozco esa factura', MX)).toMatchObject({ kind: 'opt-out', alsoSays: 'dispute' });
    expect(classifyReply('pago el viernes pero no me manden más mensajes', MX)).toMatchObject({ kind: 'opt-out', alsoSays: 'promise' });
    expect(classifyReply('STOP', MX)).not.toHaveProperty('alsoSays');
  });
});

describe('consent withdrawn and requests to stop in plain words', () => {
  it.each(WITHDRAWN)('%j is an opt-out', (text) => {
    expect(classifyReply(text, text.match(/^[A-Za-z ]+$/) && !/^no /i.test(text) ? { ...MX, locale: 'en-US', timezone: 'America/New_York' } : MX)).toMatchObject({ kind: 'opt-out' });
  });

  it.each(WITHDRAWN_OTHERWISE)('%j is an opt-out', (text) => {
    expect(kind(text)).toBe('opt-out');
  });

  it('reads them with noise around, any casing, with or without accents, an emoji between words', () => {
    const noise = fc.constantFrom('', 'Buenas tardes. ', 'Hola, ', 'Good morning. ', '😡 ', '... ', 'Por favor, ');
    const after = fc.constantFrom('', '.', ' gracias', ' 🙏🙏', '!!!', ', ya pagué', '. Thanks', ' a partir de hoy');
    fc.assert(
      fc.property(fc.constantFrom(...WITHDRAWN, ...WITHDRAWN_OTHERWISE), noise, after, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 8 }), (phrase, before, tail, shout, stripAccents, emojiAt) => {
        let text = stripAccents ? phrase.normalize('NFKD').replace(/\p{M}/gu, '') : phrase;
        const words = text.split(' ');
        if (emojiAt < words.length) words.splice(emojiAt, 0, '🙏');
        text = words.join(' ');
        expect(kind(`${before}${shout ? text.toUpperCase() : text}${tail}`)).toBe('opt-out');
      }),
      { numRuns: 500 },
    );
  });

  it('a consent withdrawn for something else than contact, or "No autorizo" alone, is held for a person, not recorded', () => {
    for (const text of ['retiro mi autorización para el débito automático', 'I did not consent to these charges', 'No autorizo']) {
      expect(classifyReply(text, MX), text).toMatchObject({ kind: 'other', mayBeOptOut: true });
    }
  });

  it('keeps what else the reply says: "Don\'t call, I\'ll pay Friday" stops and keeps the promise for a person', () => {
    expect(classifyReply("Don't call, I'll pay Friday", MX)).toMatchObject({ kind: 'opt-out', alsoSays: 'promise' });
  });
});

/**
 * Plain requests to stop that were only held for a person in Spanish while the English equivalent was
 * an opt-out (issue #11, second round), then as people type them: without accents, shorthand ("msjs",
 * "kiero", "q", "d"), misspelt ("mensages", "resibir", "escriviendo", "qiero"), letters held down.
 */
const PLAIN_STOPS = [
  'No quiero más mensajes',
  'No quiero más mensajes de ustedes',
  'basta ya de mensajes!!',
  'Enough with the texts',
  'ya no quiero recibir nada',
  'no quiero que me sigan escribiendo',
];
const PLAIN_STOPS_TYPED = [
  'no kiero mas msjs',
  'No quiero mas mensages',
  'no qiero más mensajes de ustedes',
  'NO QUIERO MAS MENSAJESSS',
  'basta ya d mensajes',
  'bastaaa ya de msjs',
  'enough w the txts',
  'Enough with the textsss',
  'ya no quiero resibir nada',
  'ya no kiero recivir nada',
  'no quiero q me sigan escribiendo',
  'no kiero que me sigan escriviendo',
  // The same requests in other words.
  'No quiero ningún mensaje más de esta empresa',
  'Ya no quiero más llamadas ni mensajes',
  'No queremos más correos de cobranza',
  'Enough texts!',
  'enough of your reminders',
];

describe('plain requests to stop', () => {
  it.each([...PLAIN_STOPS, ...PLAIN_STOPS_TYPED])('%j is an opt-out, for the whole account', (text) => {
    const got = classifyReply(text, MX);
    expect(got).toMatchObject({ kind: 'opt-out' });
    expect(got).not.toHaveProperty('prefers');
    expect(got).not.toHaveProperty('switchOnly');
  });

  it('in every casing, with or without accents, an emoji anywhere between the words, noise around', () => {
    const noise = fc.constantFrom('', 'Buenas tardes. ', 'Hola, ', 'Good morning. ', '😡 ', '... ', 'Por favor, ', 'Señores: ');
    const after = fc.constantFrom('', '.', ' gracias', ' 🙏🙏', '!!!', ', ya pagué', '. Thanks', ' 😡😡😡', ' por favor');
    fc.assert(
      fc.property(
        fc.constantFrom(...PLAIN_STOPS, ...PLAIN_STOPS_TYPED),
        noise,
        after,
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('🙏', '😡', '👎', '🚫'),
        (phrase, before, tail, upper, stripAccents, emojiAt, emoji) => {
          const plain = stripAccents ? phrase.normalize('NFKD').replace(/\p{M}/gu, '') : phrase;
          const cased = [...plain].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
          const words = cased.split(' ');
          if (emojiAt < words.length) words.splice(emojiAt, 0, emoji);
          expect(kind(`${before}${words.join(' ')}${tail}`)).toBe('opt-out');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('"no quiero más", "basta" or "enough" about something else is no request to stop', () => {
    expect(classifyReply('No quiero más problemas, pago el viernes', MX)).toMatchObject({ kind: 'promise', date: '2026-12-04' });
    expect(kind('No quiero más intereses, ¿cuánto debo para liquidar?')).toBe('help');
    expect(kind('Enough is enough, I already paid this')).toBe('paid');
    expect(classifyReply('Basta ya con los intereses, pago el viernes', MX)).toMatchObject({ kind: 'promise', date: '2026-12-04' });
    expect(classifyReply('Ya basta con los intereses, pago el viernes', MX)).toMatchObject({ kind: 'promise', date: '2026-12-04' });
    expect(kind('no quiero un mensaje, quiero una solución')).not.toBe('opt-out');
    expect(kind('No quiero recibir la factura en papel, solo PDF')).toBe('help');
    expect(kind('no quiero otro correo con la factura equivocada')).not.toBe('opt-out');
  });
});

describe('a request about one address, or about when and where', () => {
  it('"escriban a pagos@empresa.com" gives the address to use instead: the opt-out keeps it, for the scope to stay on this address', () => {
    expect(classifyReply('No me escriban a este correo, escriban a pagos@empresa.com', MX)).toMatchObject({ kind: 'opt-out', newAddress: 'pagos@empresa.com' });
    expect(classifyReply('No me escriban a este WhatsApp, escríbanme al 3001234567', MX)).toMatchObject({ kind: 'opt-out', newAddress: '3001234567' });
    expect(classifyReply('Please stop emailing this address, send it to ap@acme.example instead', MX)).toMatchObject({ kind: 'opt-out', newAddress: 'ap@acme.example' });
    expect(classifyReply('Ya no me manden mensajes, mi nuevo correo es ana@x.mx', MX)).toMatchObject({ kind: 'opt-out', newAddress: 'ana@x.mx' });
  });

  it('an address in a signature, or a date written with dots, is no address given instead', () => {
    expect(classifyReply('STOP\n--\nJuan Pérez\nCorreo: juan@empresa.com\nTel. 55 1234 5678', MX)).not.toHaveProperty('newAddress');
    expect(classifyReply('no me escriban más, les pago el 15.12.2026', MX)).not.toHaveProperty('newAddress');
  });

  it.each([
    ["please don't text me before 9am", 'before 9am'],
    ['No me llamen antes de las 10, estoy en el trabajo', 'antes de las 10'],
    ["Please don't call me at work", 'at work'],
    ['no me escriban en la noche', 'en la noche'],
    ['No contactar los fines de semana', 'los fines de semana'],
  ])('%j only limits when or where (%s): no opt-out, a task for a person', (text, limit) => {
    expect(classifyReply(text, MX)).toMatchObject({ kind: 'other', limitsContact: limit });
  });

  it.each([
    ['Do not call the office, call my cell', 'call the office'],
    ["Don't call me at the office", 'at the office'],
    ['No me llamen a la oficina, mejor al celular', 'a la oficina'],
    ['no llamar a la casa', 'a la casa'],
    ["Don't call my house", 'call my house'],
  ])('%j only limits where (%s): no opt-out, held for a person', (text, limit) => {
    expect(classifyReply(text, MX)).toMatchObject({ kind: 'other', limitsContact: limit });
  });

  it.each([
    ['stop the reminders until Friday', '2026-12-04'],
    ['No me manden recordatorios hasta el lunes', '2026-12-07'],
    ['no me manden nada hasta fin de mes', '2026-12-31'],
    ["please don't text me till the 15th", '2026-12-15'],
    ['Dejen de escribirme hasta mañana 🙏', '2026-12-03'],
  ])('%j asks to stop only until a day: no revocation, held until %s', (text, date) => {
    expect(classifyReply(text, MX)).toMatchObject({ kind: 'other', holdUntil: date });
  });

  it('until a day and the payment named is a promise; for good ("until further notice"), or next to a keyword, a request to stop; until something else, held for a person', () => {
    expect(classifyReply('Paren los mensajes hasta el 15, ese día pago', MX)).toMatchObject({ kind: 'promise', date: '2026-12-15' });
    expect(classifyReply("Stop the reminders until Monday, I'll pay on Monday", MX)).toMatchObject({ kind: 'promise', date: '2026-12-07' });
    expect(classifyReply("don't message me until I pay on Friday", MX)).toMatchObject({ kind: 'promise', date: '2026-12-04' });
    for (const text of ['Stop the messages until further notice', 'No me escriban hasta nuevo aviso', 'no me escriban hasta que yo les avise', 'STOP. No me escriban hasta el lunes', 'stop texting me until the day I die', 'stop texting me until I say so', 'no me escriban más hasta luego', 'No me manden mensajes hasta nunca']) {
      expect(classifyReply(text, MX), text).toMatchObject({ kind: 'opt-out' });
    }
    for (const text of ['no me escriban hasta que les pague', "Don't contact me until after the holidays", 'No me escriban hasta enero']) {
      expect(classifyReply(text, MX), text).toMatchObject({ kind: 'other', mayBeOptOut: true });
    }
    // Until a time of day is a limit.
    expect(classifyReply("don't text me until 5pm", MX)).toMatchObject({ kind: 'other', limitsContact: 'until 5pm' });
  });

  it('a request to stop next to a limit elsewhere is still one', () => {
    expect(kind('STOP. No me llamen en la noche')).toBe('opt-out');
    expect(kind('No me escriban más. Pago el viernes antes de las 5')).toBe('opt-out');
  });
});

/**
 * Another channel asked for instead (README, replies: "asking for another channel instead ('mejor al
 * correo') stops only the channel it came on"). Each was read as nothing before (issue #11, second round).
 */
const SWITCHES: ReadonlyArray<readonly [string, 'email' | 'sms' | 'whatsapp']> = [
  ['mejor al correo', 'email'],
  ['mejor mándenme un correo', 'email'],
  ['Prefiero que me contacten por correo electrónico', 'email'],
  ['please email me instead', 'email'],
  ['escríbanme por WhatsApp mejor', 'whatsapp'],
  ['solo por correo por favor', 'email'],
  ['text me instead of calling', 'sms'],
  // The same requests in other words.
  ['Mejor escribime por mail', 'email'],
  ['prefiero whatsapp', 'whatsapp'],
  ["I'd rather get an email", 'email'],
  ['Please contact me via email from now on', 'email'],
  ['únicamente por WhatsApp', 'whatsapp'],
  ['Mándenme mensaje de texto mejor', 'sms'],
  ['me pueden escribir por e-mail mejor?', 'email'],
  ['Email only please', 'email'],
  ['mejor por wsp', 'whatsapp'],
];

/** A channel named, a document or an amount asked for by it, a way to pay preferred: no channel asked for. */
const NOT_A_SWITCH = [
  'Mándenme la factura por correo por favor',
  'Please email me the invoice',
  'Can you text me the amount?',
  'envíenme el estado de cuenta por WhatsApp mejor',
  'Ya les mandé el comprobante por WhatsApp',
  'Le escribí por WhatsApp y nadie contesta',
  'escríbanme por WhatsApp',
  'I only check email on weekends',
  "I'd rather pay by check",
  'Prefiero pagar en efectivo',
  'Mejor les mando el comprobante por correo',
  'Solo un correo para avisar que ya pagué',
  'mejor no por WhatsApp',
  'el correo solamente lo reviso los lunes',
  'I only email on weekends',
];

describe('another channel asked for instead', () => {
  it.each(SWITCHES)('%j asks for %s: an opt-out of the channel it came on only, and nothing else stops', (text, channel) => {
    expect(classifyReply(text, MX)).toMatchObject({ kind: 'opt-out', prefers: channel, switchOnly: true });
  });

  it('reads them with noise around, any casing, with or without accents, an emoji at the end', () => {
    const noise = fc.constantFrom('', 'Buenas tardes. ', 'Hola, ', 'Good morning. ', '... ', 'Por favor, ');
    const after = fc.constantFrom('', '.', ' gracias', ' 🙏🙏', '!!!', '. Thanks', ' porfa');
    fc.assert(
      fc.property(fc.constantFrom(...SWITCHES), noise, after, fc.boolean(), fc.boolean(), ([phrase, channel], before, tail, shout, stripAccents) => {
        const text = stripAccents ? phrase.normalize('NFKD').replace(/\p{M}/gu, '') : phrase;
        expect(classifyReply(`${before}${shout ? text.toUpperCase() : text}${tail}`, MX)).toMatchObject({ kind: 'opt-out', prefers: channel, switchOnly: true });
      }),
    );
  });

  it('a request to stop that names the channel to keep ("no more texts, email only") keeps it: prefers, but a request to stop', () => {
    for (const text of ['no more texts, email only', 'ya no me manden SMS, solo correo', 'Stop texting me. Email only.', 'Dejen de mandarme WhatsApp, mejor por correo']) {
      const got = classifyReply(text, MX);
      expect(got, text).toMatchObject({ kind: 'opt-out', prefers: 'email' });
      expect(got, text).not.toHaveProperty('switchOnly');
    }
    expect(classifyReply("don't email me, text me instead", MX)).toMatchObject({ kind: 'opt-out', prefers: 'sms' });
  });

  it.each(NOT_A_SWITCH)('%j asks for no other channel', (text) => {
    expect(classifyReply(text, MX)).not.toMatchObject({ kind: 'opt-out' });
  });

  it('keeps what else the reply says', () => {
    expect(classifyReply('Ya pagué, mejor escríbanme al correo', MX)).toMatchObject({ kind: 'opt-out', prefers: 'email', switchOnly: true, alsoSays: 'paid' });
  });
});

describe('a possible opt-out in words no rule knows', () => {
  it('is held for a person, never recorded as an opt-out by itself', () => {
    for (const text of ['nunca más sus mensajes', 'never again these texts', 'No recibí ningún mensaje con la factura']) {
      expect(classifyReply(text, MX), text).toMatchObject({ kind: 'other', mayBeOptOut: true });
    }
  });

  it('is not raised by replies that only mention messages or only say no', () => {
    for (const text of ['Ok, recibí sus mensajes', 'No', 'no tengo dinero ahorita', 'Gracias por el mensaje']) {
      expect(classifyReply(text, MX), text).not.toHaveProperty('mayBeOptOut');
    }
  });
});

describe('false opt-outs', () => {
  it.each(ORDINARY)('%j is not an opt-out', (text) => {
    expect(kind(text)).not.toBe('opt-out');
  });

  it('none of them becomes one in any casing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORDINARY), fc.constantFrom('lower', 'upper', 'title'), (text, casing) => {
        const cased = casing === 'lower' ? text.toLowerCase() : casing === 'upper' ? text.toUpperCase() : text.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
        expect(kind(cased)).not.toBe('opt-out');
      }),
    );
  });

  it('an email reply quoting our reminder ("Responda BAJA …") is read by the debtor’s own words only', () => {
    const reply = 'Ya pagué ayer, adjunto comprobante.\n\nEl lun, 30 nov 2026 a las 9:00, Cobranza <cobranza@example.com> escribió:\n> Hola, le recordamos su factura F-1023.\n> Responda BAJA para no recibir más mensajes.';
    expect(kind(reply)).toBe('paid');
    expect(kind('Paid yesterday.\n\nOn Mon, Nov 30, 2026 at 9:00 AM Cobranza wrote:\n> Reply STOP to opt out.')).toBe('paid');
  });

  it('reads an opt-out written below the quoted reminder (bottom-posting), and one after a long pasted statement', () => {
    const text = 'Hola\n\nEl lun, 30 nov 2026 a las 10:00, Cobranza <cobranza@example.com> escribió:\n> Estimado cliente, le recordamos la factura F-1001.\n\nNO ME ESCRIBAN MÁS';
    expect(kind(text)).toBe('opt-out');
    expect(kind(`${'Estado de cuenta adjunto. '.repeat(200)}Por favor no me escriban más`)).toBe('opt-out');
    // Our quoted "Responda BAJA" above a bottom-posted payment is still not read.
    expect(kind('El lun, 30 nov 2026, Cobranza <c@example.com> escribió:\n> Responda BAJA para no recibir más mensajes.\n\nYa pagué ayer')).toBe('paid');
  });
});
