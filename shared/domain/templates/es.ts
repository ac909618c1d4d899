import { inParens, type Language } from './catalog.js';
import { atraso, atrasoContado, conVencimientoNoHabil, cuandoVence, enPlazo, SIGUE_CARTA, SIGUE_CARTA_FORMAL, sinAtraso, YA_PAGO, YA_PAGO_FORMAL } from './es-phrases.js';
import { esSeveral } from './es-several.js';

/**
 * Textos en español, de ustedes: se escribe al equipo de cuentas por pagar del cliente (el trato
 * habitual entre empresas en Latinoamérica). El tono amable presume buena fe; el firme pide una
 * fecha; el formal es un aviso por escrito. Ninguno imita un acto judicial ni usa su vocabulario
 * ("requerimiento", "notificación", "apercibimiento": CL Ley 19.496 art. 37, PE CPDC art. 62 a),
 * ninguno se dice "último" o "final" cuando después viene una carta, y ninguno amenaza con algo
 * vago: dicen qué sigue (la carta de cobro). Solo piden responder el correo si alguien lee las
 * respuestas (`contactUs`).
 */
export const es: Language = {
  code: 'es',
  labels: {
    invoice: 'Factura',
    amountDue: 'Saldo pendiente',
    dueDate: 'Fecha de vencimiento',
    daysOverdue: 'Días de atraso',
    daysOverdueFrom: (days, rolledTo) => `${days} (${days === 1 ? 'contado' : 'contados'} desde el ${rolledTo}, primer día hábil tras el vencimiento)`,
    payableBy: (rolledTo, today) => ['Puede pagarse sin atraso', today ? `hoy, ${rolledTo}` : `hasta el ${rolledTo}`],
    payOnline: 'Pagar en línea',
    linkFallback: 'Si el botón no funciona, copien este enlace en su navegador:',
    total: 'Total de estas facturas',
    lateTotal: 'Total vencido de estas facturas',
    notYetDueTotal: 'Por vencer',
    viewAndPay: 'Ver y pagar en línea',
    payInvoice: (invoiceNumber) => `Pagar la factura ${invoiceNumber}`,
    pay: 'Pagar',
    portal: 'Consulten todas sus facturas en nuestro portal:',
    selfService: '¿Necesitan más tiempo, un plan de pagos, o hay un problema con una factura? Díganoslo aquí:',
    unsubscribe: 'Si prefieren no recibir estos recordatorios por correo:',
    unsubscribeLink: 'darse de baja',
  },
  several: esSeveral,
  templates: {
    upcoming: {
      friendly: (v) => ({
        subject: `Recordatorio amable: la factura ${v.invoiceNumber} ${enPlazo(v) ? `puede pagarse sin atraso hasta el ${v.rolledTo}` : `vence el ${v.dueDate}`}`,
        greeting: `Hola, equipo de ${v.customerName}:`,
        body: [
          `Esperamos que se encuentren muy bien. Les escribimos para recordarles, con tiempo, que la factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}.`,
          `Si ya está programada para pago, ¡muchas gracias! No necesitan hacer nada más. Si requieren una copia de la factura o cualquier otra cosa, ${v.contactUs} y con gusto les ayudamos.`,
        ],
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: `Recordatorio: la factura ${v.invoiceNumber} ${enPlazo(v) ? `puede pagarse sin atraso hasta el ${v.rolledTo}` : `vence el ${v.dueDate}`}`,
        greeting: `Estimado equipo de ${v.customerName}:`,
        body: [
          `Les recordamos que la factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}. Les pedimos incluirla en su próxima programación de pagos para que quede liquidada a tiempo.`,
          `Si algo impide el pago en esa fecha, por favor ${v.contactUs} antes del vencimiento para acordar cómo proceder.`,
        ],
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `${enPlazo(v) ? 'Aviso de plazo de pago' : 'Aviso de próximo vencimiento'}: factura ${v.invoiceNumber}`,
        greeting: `Estimados señores de ${v.customerName}:`,
        body: [
          enPlazo(v)
            ? `Por medio del presente les informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y ${conVencimientoNoHabil(v.dueDate)}, puede pagarse ${sinAtraso(v)}.`
            : `Por medio del presente les informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount}, vence el ${v.dueDate}.`,
          'Les solicitamos atentamente efectuar el pago a más tardar en dicha fecha. Si tienen alguna observación sobre la factura, les agradeceremos comunicarla antes del vencimiento.',
        ],
        closing: 'Atentamente,',
      }),
    },
    'due-today': {
      friendly: (v) => ({
        subject: `La factura ${v.invoiceNumber} ${enPlazo(v) ? 'puede pagarse hoy sin atraso' : 'vence hoy'}`,
        greeting: `Hola, equipo de ${v.customerName}:`,
        body: [
          `Solo un recordatorio amable: la factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}.`,
          `Si tienen cualquier duda, ${v.contactUs} y con gusto les atendemos.`,
        ],
        note: 'Si el pago ya está en camino, ¡muchas gracias!',
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: `${enPlazo(v) ? 'Pago sin atraso hasta hoy' : 'Pago con vencimiento hoy'}: factura ${v.invoiceNumber}`,
        greeting: `Estimado equipo de ${v.customerName}:`,
        body: [
          `La factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}. Les pedimos realizar el pago el día de hoy para mantener su cuenta al corriente.`,
          `Si hay algún inconveniente con esta factura, por favor ${v.contactUs} para resolverlo cuanto antes.`,
        ],
        note: YA_PAGO,
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `${enPlazo(v) ? 'Pago sin atraso hasta el día de hoy' : 'Vencimiento el día de hoy'}: factura ${v.invoiceNumber}`,
        greeting: `Estimados señores de ${v.customerName}:`,
        body: [
          enPlazo(v)
            ? `Les recordamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y ${conVencimientoNoHabil(v.dueDate)}, puede pagarse ${sinAtraso(v)}.`
            : `Les recordamos que hoy, ${v.dueDate}, vence la factura ${v.invoiceNumber} por un importe de ${v.amount}.`,
          'Les solicitamos efectuar el pago en esta fecha.',
        ],
        note: YA_PAGO_FORMAL,
        closing: 'Atentamente,',
      }),
    },
    overdue: {
      friendly: (v) => ({
        subject: `La factura ${v.invoiceNumber} sigue pendiente de pago`,
        greeting: `Hola, equipo de ${v.customerName}:`,
        body: [
          `Notamos que la factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, aún aparece pendiente${inParens(atrasoContado(v))}. Es posible que se haya pasado por alto; a todos nos ocurre.`,
          `¿Podrían revisarlo cuando tengan un momento? Si hay algún problema con la factura, ${v.contactUs} y lo resolvemos juntos.`,
        ],
        note: YA_PAGO,
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: `Factura ${v.invoiceNumber} vencida${inParens(atraso(v))}`,
        greeting: `Estimado equipo de ${v.customerName}:`,
        body: [
          `Según nuestros registros, la factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, sigue sin pagarse${inParens(atrasoContado(v))}.`,
          `Les pedimos realizar el pago a la brevedad. Si ya lo efectuaron, por favor envíennos el comprobante para aplicarlo a su cuenta. Si existe algún motivo que impida el pago, ${v.contactUs} para buscar una solución.`,
        ],
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `Aviso de saldo vencido: factura ${v.invoiceNumber}`,
        greeting: `Estimados señores de ${v.customerName}:`,
        body: [
          `Por medio del presente les informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y con vencimiento el ${v.dueDate}, se encuentra vencida${inParens(atrasoContado(v))}.`,
          'Les solicitamos liquidar el saldo pendiente a la brevedad o comunicarse con nosotros para acordar un convenio de pago. Quedamos a sus órdenes para cualquier aclaración.',
        ],
        note: YA_PAGO_FORMAL,
        closing: 'Atentamente,',
      }),
    },
    'final-notice': {
      friendly: (v) => ({
        subject: `Queremos ayudarles a regularizar la factura ${v.invoiceNumber}`,
        greeting: `Hola, equipo de ${v.customerName}:`,
        body: [
          `La factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, sigue pendiente${inParens(atrasoContado(v))} y aún no hemos podido resolverla. Valoramos mucho nuestra relación y queremos encontrar juntos una solución.`,
          `Si en este momento es complicado pagar el total en un solo pago, ${v.contactUs} y con gusto revisamos un plan de pagos.`,
        ],
        note: YA_PAGO,
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: `Solicitud de pago: factura ${v.invoiceNumber}${inParens(atraso(v))}`,
        greeting: `Estimado equipo de ${v.customerName}:`,
        body: [
          `La factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, sigue sin pagarse${inParens(atrasoContado(v))}.`,
          `Les pedimos liquidar el saldo. Si necesitan un plan de pagos, ${v.contactUs} en los próximos días para acordarlo. ${SIGUE_CARTA}`,
        ],
        note: YA_PAGO,
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `Solicitud de regularización: saldo de la factura ${v.invoiceNumber}`,
        greeting: `Estimados señores de ${v.customerName}:`,
        body: [
          `Por medio del presente les informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y con vencimiento el ${v.dueDate}, permanece sin pagar${inParens(atrasoContado(v))}.`,
          `Les solicitamos liquidar el saldo o contactarnos para formalizar un convenio de pago a la mayor brevedad. ${SIGUE_CARTA_FORMAL}`,
        ],
        note: YA_PAGO_FORMAL,
        closing: 'Atentamente,',
      }),
    },
  },
};
