import { inParens, type Language, type SeveralVars } from './catalog.js';
import { atraso, atrasoContado, conVencimientoNoHabil, enPlazo, faltan, SIGUE_CARTA, SIGUE_CARTA_FORMAL, sinAtraso, YA_PAGO, YA_PAGO_FORMAL } from './es-phrases.js';

/** La fecha de la más antigua como la entienden las frases de es-phrases.ts. */
export function primera(v: SeveralVars) {
  return { dueDate: v.oldestDueDate, daysPastDue: v.daysPastDue, rolledTo: v.rolledTo };
}

/**
 * `hoy, …, vencen las 3 facturas que listamos abajo, por un total de …` si todas vencen hoy; si no,
 * la primera. Si su vencimiento cayó en día no hábil y hoy es el día hábil al que se corrió, lo dice
 * así (nunca que hoy es su fecha de vencimiento): `las 3 facturas que listamos abajo, por un total de
 * …, con vencimiento el 21 de noviembre de 2026 (un día no hábil), pueden pagarse hoy, …, sin atraso`.
 */
export function vencenHoy(v: SeveralVars, total: string): string {
  const first = primera(v);
  if (enPlazo(first)) {
    return v.sameDueDate
      ? `las ${v.count} facturas que listamos abajo, ${total}, ${conVencimientoNoHabil(v.oldestDueDate)}, pueden pagarse ${sinAtraso(first)}`
      : `de las ${v.count} facturas que listamos abajo, ${total}, la primera, ${conVencimientoNoHabil(v.oldestDueDate)}, puede pagarse ${sinAtraso(first)}`;
  }
  return v.sameDueDate
    ? `hoy, ${v.oldestDueDate}, vencen las ${v.count} facturas que listamos abajo, ${total}`
    : `hoy, ${v.oldestDueDate}, vence la primera de las ${v.count} facturas que listamos abajo, ${total}`;
}

/**
 * Desde cuándo vencen: `vencen a partir del 15 de diciembre de 2026 (en 5 días)`, o, si la primera
 * vencía en día no hábil, `vencen a partir del 21 de noviembre de 2026, un día no hábil, así que la
 * primera puede pagarse sin atraso hasta el 23 de noviembre de 2026 (mañana)`.
 */
export function aPartirDel(v: SeveralVars, cuenta: boolean): string {
  const first = primera(v);
  if (enPlazo(first)) return `vencen a partir del ${v.oldestDueDate}, un día no hábil, así que la primera puede pagarse ${sinAtraso(first)}`;
  return `vencen a partir del ${v.oldestDueDate}${cuenta ? inParens(faltan(v)) : ''}`;
}

/** `la primera, el 15 de diciembre de 2026 (en 5 días)`, o la primera con vencimiento en día no hábil. */
export function laPrimera(v: SeveralVars): string {
  const first = primera(v);
  if (enPlazo(first)) return `la primera, ${conVencimientoNoHabil(v.oldestDueDate)}, puede pagarse ${sinAtraso(first)}`;
  return `la primera, el ${v.oldestDueDate}${inParens(faltan(v))}`;
}

/** `1 factura`, `3 facturas`. */
export function facturas(n: number): string {
  return n === 1 ? '1 factura' : `${n} facturas`;
}

/** El verbo en singular o en plural, según cuántas facturas vencidas hay. */
export function verbo(v: SeveralVars, singular: string, plural: string): string {
  return v.lateCount === 1 ? singular : plural;
}

/**
 * Las facturas vencidas y su total, como sujeto de la frase. Un mensaje de cobro que consolida una
 * factura que aún no vence habla solo de las vencidas (pedir lo que aún no se debe afirma una deuda
 * falsa) y menciona las otras aparte (`aparte`).
 */
export function vencidas(v: SeveralVars): string {
  if (v.notYetDueCount === 0) return `las ${v.count} facturas que listamos abajo, por un total de ${v.lateTotal},`;
  return v.lateCount === 1 ? `la factura vencida de la lista, por ${v.lateTotal},` : `las ${v.lateCount} facturas vencidas de la lista, por un total de ${v.lateTotal},`;
}

/**
 * La más antigua, con su atraso: `la más antigua venció el 15 de diciembre de 2026 (3 días de atraso)`
 * (contado desde el día hábil al que se corrió su vencimiento, si cayó en día no hábil: atrasoContado).
 */
export function masAntigua(v: SeveralVars): string {
  return `${v.lateCount === 1 ? 'venció' : 'la más antigua venció'} el ${v.oldestDueDate}${inParens(atrasoContado(v))}`;
}

/** Las facturas de la lista que aún no vencen, dichas aparte (o nada si no hay). */
export function aparte(v: SeveralVars): string {
  if (v.notYetDueCount === 0) return '';
  return v.notYetDueCount === 1
    ? ` La otra factura de la lista, por ${v.notYetDueTotal}, aún no vence; la incluimos solo como recordatorio de su fecha.`
    : ` Las otras ${v.notYetDueCount} facturas de la lista, por ${v.notYetDueTotal}, aún no vencen; las incluimos solo como recordatorio de sus fechas.`;
}

/**
 * Los mismos textos para varias facturas de una cuenta en un solo mensaje (consolidación). Cada
 * factura, con su saldo, vencimiento y atraso, va en la lista que el renderizador pone debajo.
 */
export const esSeveral: Language['several'] = {
  upcoming: {
    friendly: (v) => ({
      subject: `Recordatorio amable: ${v.count} facturas próximas a vencer`,
      greeting: `Hola, equipo de ${v.customerName}:`,
      body: [
        `Esperamos que se encuentren muy bien. Les escribimos para recordarles, con tiempo, que las ${v.count} facturas que listamos abajo, por un total de ${v.total}, vencen próximamente; ${laPrimera(v)}.`,
        `Si ya están programadas para pago, ¡muchas gracias! No necesitan hacer nada más. Si requieren una copia de alguna factura o cualquier otra cosa, ${v.contactUs} y con gusto les ayudamos.`,
      ],
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `Recordatorio: ${v.count} facturas vencen a partir del ${v.oldestDueDate}`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `Les recordamos que las ${v.count} facturas que listamos abajo, por un total de ${v.total}, ${aPartirDel(v, true)}. Les pedimos incluirlas en su próxima programación de pagos para que queden liquidadas a tiempo.`,
        `Si algo impide el pago en esas fechas, por favor ${v.contactUs} antes del vencimiento para acordar cómo proceder.`,
      ],
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `Aviso de próximo vencimiento: ${v.count} facturas`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Por medio del presente les informamos que las ${v.count} facturas que se detallan abajo, por un importe total de ${v.total}, ${aPartirDel(v, false)}.`,
        'Les solicitamos atentamente efectuar el pago de cada una a más tardar en su fecha de vencimiento. Si tienen alguna observación sobre estas facturas, les agradeceremos comunicarla antes del vencimiento.',
      ],
      closing: 'Atentamente,',
    }),
  },
  'due-today': {
    friendly: (v) => ({
      subject: `Recordatorio amable: ${v.count} facturas, la primera ${enPlazo(primera(v)) ? 'puede pagarse hoy sin atraso' : 'vence hoy'}`,
      greeting: `Hola, equipo de ${v.customerName}:`,
      body: [
        `Solo un recordatorio amable: ${vencenHoy(v, `por un total de ${v.total}`)}.`,
        `Si tienen cualquier duda, ${v.contactUs} y con gusto les atendemos.`,
      ],
      note: 'Si el pago ya está en camino, ¡muchas gracias!',
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `${enPlazo(primera(v)) ? 'Pago sin atraso hasta hoy' : 'Pago con vencimiento hoy'}: ${v.count} facturas`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `Les recordamos que ${vencenHoy(v, `por un total de ${v.total}`)}. Les pedimos realizar ${enPlazo(primera(v)) ? 'hoy ese pago' : 'el pago de lo que vence hoy'} para mantener su cuenta al corriente.`,
        `Si hay algún inconveniente con estas facturas, por favor ${v.contactUs} para resolverlo cuanto antes.`,
      ],
      note: YA_PAGO,
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `${enPlazo(primera(v)) ? 'Pago sin atraso hasta el día de hoy' : 'Vencimiento el día de hoy'}: ${v.count} facturas`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Les recordamos que ${vencenHoy(v, `por un importe total de ${v.total}`)}.`,
        'Les solicitamos efectuar el pago de cada factura en su fecha de vencimiento.',
      ],
      note: YA_PAGO_FORMAL,
      closing: 'Atentamente,',
    }),
  },
  overdue: {
    friendly: (v) => ({
      subject: `${v.count} facturas siguen pendientes de pago`,
      greeting: `Hola, equipo de ${v.customerName}:`,
      body: [
        `Notamos que ${vencidas(v)} aún ${verbo(v, 'aparece pendiente', 'aparecen pendientes')}; ${masAntigua(v)}.${aparte(v)} Es posible que ${verbo(v, 'se haya pasado', 'se hayan pasado')} por alto; a todos nos ocurre.`,
        `¿Podrían revisarlo cuando tengan un momento? Si hay algún problema con alguna factura, ${v.contactUs} y lo resolvemos juntos.`,
      ],
      note: YA_PAGO,
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `${facturas(v.lateCount)} con saldo vencido${inParens(atraso(v))}`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `Según nuestros registros, ${vencidas(v)} ${verbo(v, 'sigue', 'siguen')} sin pagarse; ${masAntigua(v)}.${aparte(v)}`,
        `Les pedimos realizar el pago de lo vencido a la brevedad. Si ya lo efectuaron, por favor envíennos el comprobante para aplicarlo a su cuenta. Si existe algún motivo que impida el pago, ${v.contactUs} para buscar una solución.`,
      ],
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `Aviso de saldo vencido: ${facturas(v.lateCount)}`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Por medio del presente les informamos que ${vencidas(v)} ${verbo(v, 'presenta', 'presentan')} saldo vencido; ${masAntigua(v)}.${aparte(v)}`,
        'Les solicitamos liquidar el saldo vencido a la brevedad o comunicarse con nosotros para acordar un convenio de pago. Quedamos a sus órdenes para cualquier aclaración.',
      ],
      note: YA_PAGO_FORMAL,
      closing: 'Atentamente,',
    }),
  },
  'final-notice': {
    friendly: (v) => ({
      subject: `Queremos ayudarles a regularizar ${facturas(v.lateCount)}`,
      greeting: `Hola, equipo de ${v.customerName}:`,
      body: [
        `${capital(vencidas(v))} ${verbo(v, 'sigue pendiente y aún no hemos podido resolverla', 'siguen pendientes y aún no hemos podido resolverlas')}; ${masAntigua(v)}.${aparte(v)} Valoramos mucho nuestra relación y queremos encontrar juntos una solución.`,
        `Si en este momento es complicado pagar el total en un solo pago, ${v.contactUs} y con gusto revisamos un plan de pagos.`,
      ],
      note: YA_PAGO,
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `Solicitud de pago: ${facturas(v.lateCount)}${inParens(atraso(v))}`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `${capital(vencidas(v))} ${verbo(v, 'sigue', 'siguen')} sin pagarse; ${masAntigua(v)}.${aparte(v)}`,
        `Les pedimos liquidar el saldo vencido. Si necesitan un plan de pagos, ${v.contactUs} en los próximos días para acordarlo. ${SIGUE_CARTA}`,
      ],
      note: YA_PAGO,
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `Solicitud de regularización: saldo de ${facturas(v.lateCount)}`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Por medio del presente les informamos que ${vencidas(v)} ${verbo(v, 'permanece', 'permanecen')} sin pagar; ${masAntigua(v)}.${aparte(v)}`,
        `Les solicitamos liquidar el saldo vencido o contactarnos para formalizar un convenio de pago a la mayor brevedad. ${SIGUE_CARTA_FORMAL}`,
      ],
      note: YA_PAGO_FORMAL,
      closing: 'Atentamente,',
    }),
  },
};

/** The first letter in capitals. */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
