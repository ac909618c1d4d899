import { inParens, type Language, type SeveralVars } from './catalog.js';
import { atraso, faltan, YA_PAGO, YA_PAGO_FORMAL } from './es-phrases.js';

/** La más antigua, con su atraso: `la más antigua venció el 15 de diciembre de 2026 (3 días de atraso)`. */
function masAntigua(v: SeveralVars): string {
  return `la más antigua venció el ${v.oldestDueDate}${inParens(atraso(v))}`;
}

/** `vencen hoy, …` si todas vencen hoy; si no, la primera. */
function vencenHoy(v: SeveralVars): string {
  return v.sameDueDate
    ? `hoy, ${v.oldestDueDate}, vencen las ${v.count} facturas que listamos abajo`
    : `hoy, ${v.oldestDueDate}, vence la primera de las ${v.count} facturas que listamos abajo`;
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
        `Esperamos que se encuentren muy bien. Les escribimos para recordarles, con tiempo, que las ${v.count} facturas que listamos abajo, por un total de ${v.total}, vencen próximamente; la primera, el ${v.oldestDueDate}${inParens(faltan(v))}.`,
        'Si ya están programadas para pago, ¡muchas gracias! No necesitan hacer nada más. Si requieren una copia de alguna factura o cualquier otra cosa, basta con responder a este correo y con gusto les ayudamos.',
      ],
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `Recordatorio: ${v.count} facturas vencen a partir del ${v.oldestDueDate}`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `Les recordamos que las ${v.count} facturas que listamos abajo, por un total de ${v.total}, vencen a partir del ${v.oldestDueDate}${inParens(faltan(v))}. Les pedimos incluirlas en su próxima programación de pagos para que queden liquidadas a tiempo.`,
        'Si algo impide el pago en esas fechas, por favor avísennos antes del vencimiento para acordar cómo proceder.',
      ],
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `Aviso de próximo vencimiento: ${v.count} facturas`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Por medio del presente les informamos que las ${v.count} facturas que se detallan abajo, por un importe total de ${v.total}, vencen a partir del ${v.oldestDueDate}.`,
        'Les solicitamos atentamente efectuar el pago de cada una a más tardar en su fecha de vencimiento. Si tienen alguna observación sobre estas facturas, les agradeceremos comunicarla antes del vencimiento.',
      ],
      closing: 'Atentamente,',
    }),
  },
  'due-today': {
    friendly: (v) => ({
      subject: `Recordatorio amable: ${v.count} facturas, la primera vence hoy`,
      greeting: `Hola, equipo de ${v.customerName}:`,
      body: [
        `Solo un recordatorio amable: ${vencenHoy(v)}, por un total de ${v.total}.`,
        'Si tienen cualquier duda, respondan a este correo y con gusto les atendemos.',
      ],
      note: 'Si el pago ya está en camino, ¡muchas gracias!',
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `Pago con vencimiento hoy: ${v.count} facturas`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `Les recordamos que ${vencenHoy(v)}, por un total de ${v.total}. Les pedimos realizar el pago de lo que vence hoy para mantener su cuenta al corriente.`,
        'Si hay algún inconveniente con estas facturas, por favor respondan a este correo para resolverlo cuanto antes.',
      ],
      note: YA_PAGO,
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `Vencimiento el día de hoy: ${v.count} facturas`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Les recordamos que ${vencenHoy(v)}, por un importe total de ${v.total}.`,
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
        `Notamos que las ${v.count} facturas que listamos abajo, por un total de ${v.total}, aún aparecen pendientes; ${masAntigua(v)}. Es posible que se hayan pasado por alto; a todos nos ocurre.`,
        '¿Podrían revisarlo cuando tengan un momento? Si hay algún problema con alguna factura, respondan a este correo y lo resolvemos juntos.',
      ],
      note: YA_PAGO,
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `${v.count} facturas con saldo vencido${inParens(atraso(v))}`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `Según nuestros registros, las ${v.count} facturas que listamos abajo, por un total de ${v.total}, siguen sin pagarse; ${masAntigua(v)}.`,
        'Les pedimos realizar el pago a la brevedad. Si ya lo efectuaron, por favor envíennos el comprobante para aplicarlo a su cuenta. Si existe algún motivo que impida el pago, respondan a este correo para buscar una solución.',
      ],
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `Aviso de saldo vencido: ${v.count} facturas`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Por medio del presente les notificamos que las ${v.count} facturas que se detallan abajo, por un importe total de ${v.total}, presentan saldo pendiente; ${masAntigua(v)}.`,
        'Les solicitamos liquidar el saldo pendiente a la brevedad o comunicarse con nosotros para acordar un convenio de pago. El pago oportuno nos permite seguir atendiéndoles en las condiciones actuales.',
      ],
      note: YA_PAGO_FORMAL,
      closing: 'Atentamente,',
    }),
  },
  'final-notice': {
    friendly: (v) => ({
      subject: `Queremos ayudarles a regularizar ${v.count} facturas`,
      greeting: `Hola, equipo de ${v.customerName}:`,
      body: [
        `Las ${v.count} facturas que listamos abajo, por un total de ${v.total}, siguen pendientes y aún no hemos podido resolverlas; ${masAntigua(v)}. Valoramos mucho nuestra relación y queremos encontrar juntos una solución.`,
        'Si en este momento es complicado pagar el total en un solo pago, respondan a este correo y con gusto revisamos un plan de pagos.',
      ],
      note: YA_PAGO,
      closing: 'Muchas gracias y saludos cordiales,',
    }),
    firm: (v) => ({
      subject: `Último recordatorio: ${v.count} facturas${inParens(atraso(v))}`,
      greeting: `Estimado equipo de ${v.customerName}:`,
      body: [
        `Las ${v.count} facturas que listamos abajo, por un total de ${v.total}, siguen sin pagarse; ${masAntigua(v)}.`,
        'Les pedimos liquidar el saldo o comunicarse con nosotros en los próximos días para acordar un plan de pagos. De no recibir respuesta, tendremos que revisar el estado de su cuenta.',
      ],
      note: YA_PAGO,
      closing: 'Saludos cordiales,',
    }),
    formal: (v) => ({
      subject: `Aviso final: saldo pendiente de ${v.count} facturas`,
      greeting: `Estimados señores de ${v.customerName}:`,
      body: [
        `Por este medio les notificamos formalmente que las ${v.count} facturas que se detallan abajo, por un importe total de ${v.total}, permanecen sin pagar; ${masAntigua(v)}.`,
        'Les solicitamos liquidar el saldo o contactarnos para formalizar un convenio de pago a la mayor brevedad. En caso contrario, procederemos a revisar la cuenta conforme a nuestras políticas de crédito y cobranza.',
      ],
      note: YA_PAGO_FORMAL,
      closing: 'Atentamente,',
    }),
  },
};
