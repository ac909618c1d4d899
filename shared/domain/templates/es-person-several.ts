import type { Language } from './catalog.js';
import { enPlazo, SIGUE_CARTA_FORMAL_USTED, SIGUE_CARTA_USTED, YA_PAGO_FORMAL_USTED, YA_PAGO_USTED } from './es-phrases.js';
import { aPartirDel, aparte, capital, esSeveral, facturas, laPrimera, masAntigua, primera, vencenHoy, vencidas, verbo } from './es-several.js';

/**
 * Los textos de varias facturas (consolidación) para un consumidor: de usted, a la persona (ver
 * es-person.ts). Las frases sobre las facturas (cuáles vencen, cuáles están vencidas, cuáles van
 * aparte) son las mismas que las de empresa (es-several.ts).
 */
export const esPersonSeveral: Language['several'] = {
  upcoming: {
    friendly: (v) => ({
      subject: esSeveral.upcoming.friendly(v).subject,
      greeting: `Hola, ${v.customerName}:`,
      body: [
        `Esperamos que se encuentre muy bien. Le escribimos para recordarle, con tiempo, que las ${v.count} facturas que listamos abajo, por un total de ${v.total}, vencen próximamente; ${laPrimera(v)}.`,
        `Si ya tiene programados los pagos, ¡muchas gracias! No necesita hacer nada más. Si requiere una copia de alguna factura o cualquier otra cosa, ${v.contactUs} y con gusto le ayudamos.`,
      ],
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: esSeveral.upcoming.firm(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [
        `Le recordamos que las ${v.count} facturas que listamos abajo, por un total de ${v.total}, ${aPartirDel(v, true)}. Le pedimos programar sus pagos para que queden liquidadas a tiempo.`,
        `Si algo le impide pagar en esas fechas, por favor ${v.contactUs} antes del vencimiento para acordar cómo proceder.`,
      ],
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: esSeveral.upcoming.formal(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [
        `Por medio del presente le informamos que las ${v.count} facturas que se detallan abajo, por un importe total de ${v.total}, ${aPartirDel(v, false)}.`,
        'Le solicitamos atentamente efectuar el pago de cada una a más tardar en su fecha de vencimiento. Si tiene alguna observación sobre estas facturas, le agradeceremos comunicarla antes del vencimiento.',
      ],
      closing: 'Atentamente,',
    }),
  },
  'due-today': {
    friendly: (v) => ({
      subject: esSeveral['due-today'].friendly(v).subject,
      greeting: `Hola, ${v.customerName}:`,
      body: [`Solo un recordatorio amable: ${vencenHoy(v, `por un total de ${v.total}`)}.`, `Si tiene cualquier duda, ${v.contactUs} y con gusto le atendemos.`],
      note: 'Si el pago ya está en camino, ¡muchas gracias!',
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: esSeveral['due-today'].firm(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [
        `Le recordamos que ${vencenHoy(v, `por un total de ${v.total}`)}. Le pedimos realizar ${enPlazo(primera(v)) ? 'hoy ese pago' : 'el pago de lo que vence hoy'} para mantener su cuenta al corriente.`,
        `Si hay algún inconveniente con estas facturas, por favor ${v.contactUs} para resolverlo cuanto antes.`,
      ],
      note: YA_PAGO_USTED,
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: esSeveral['due-today'].formal(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [`Le recordamos que ${vencenHoy(v, `por un importe total de ${v.total}`)}.`, 'Le solicitamos efectuar el pago de cada factura en su fecha de vencimiento.'],
      note: YA_PAGO_FORMAL_USTED,
      closing: 'Atentamente,',
    }),
  },
  overdue: {
    friendly: (v) => ({
      subject: esSeveral.overdue.friendly(v).subject,
      greeting: `Hola, ${v.customerName}:`,
      body: [
        `Notamos que ${vencidas(v)} aún ${verbo(v, 'aparece pendiente', 'aparecen pendientes')}; ${masAntigua(v)}.${aparte(v)} Es posible que ${verbo(v, 'se haya pasado', 'se hayan pasado')} por alto; a todos nos ocurre.`,
        `¿Podría revisarlo cuando tenga un momento? Si hay algún problema con alguna factura, ${v.contactUs} y lo resolvemos juntos.`,
      ],
      note: YA_PAGO_USTED,
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: esSeveral.overdue.firm(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [
        `Según nuestros registros, ${vencidas(v)} ${verbo(v, 'sigue', 'siguen')} sin pagarse; ${masAntigua(v)}.${aparte(v)}`,
        `Le pedimos realizar el pago de lo vencido a la brevedad. Si ya lo efectuó, por favor envíenos el comprobante para aplicarlo a su cuenta. Si existe algún motivo que le impida pagar, ${v.contactUs} para buscar una solución.`,
      ],
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: esSeveral.overdue.formal(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [
        `Por medio del presente le informamos que ${vencidas(v)} ${verbo(v, 'presenta', 'presentan')} saldo vencido; ${masAntigua(v)}.${aparte(v)}`,
        'Le solicitamos liquidar el saldo vencido a la brevedad o comunicarse con nosotros para acordar un convenio de pago. Quedamos a sus órdenes para cualquier aclaración.',
      ],
      note: YA_PAGO_FORMAL_USTED,
      closing: 'Atentamente,',
    }),
  },
  'final-notice': {
    friendly: (v) => ({
      subject: `Queremos ayudarle a regularizar ${facturas(v.lateCount)}`,
      greeting: `Hola, ${v.customerName}:`,
      body: [
        `${capital(vencidas(v))} ${verbo(v, 'sigue pendiente y aún no hemos podido resolverla', 'siguen pendientes y aún no hemos podido resolverlas')}; ${masAntigua(v)}.${aparte(v)} Valoramos mucho nuestra relación y queremos encontrar juntos una solución.`,
        `Si en este momento le resulta complicado pagar el total en un solo pago, ${v.contactUs} y con gusto revisamos un plan de pagos.`,
      ],
      note: YA_PAGO_USTED,
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: esSeveral['final-notice'].firm(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [
        `${capital(vencidas(v))} ${verbo(v, 'sigue', 'siguen')} sin pagarse; ${masAntigua(v)}.${aparte(v)}`,
        `Le pedimos liquidar el saldo vencido. Si necesita un plan de pagos, ${v.contactUs} en los próximos días para acordarlo. ${SIGUE_CARTA_USTED}`,
      ],
      note: YA_PAGO_USTED,
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: esSeveral['final-notice'].formal(v).subject,
      greeting: `Estimado/a ${v.customerName}:`,
      body: [
        `Por medio del presente le informamos que ${vencidas(v)} ${verbo(v, 'permanece', 'permanecen')} sin pagar; ${masAntigua(v)}.${aparte(v)}`,
        `Le solicitamos liquidar el saldo vencido o contactarnos para formalizar un convenio de pago a la mayor brevedad. ${SIGUE_CARTA_FORMAL_USTED}`,
      ],
      note: YA_PAGO_FORMAL_USTED,
      closing: 'Atentamente,',
    }),
  },
};
