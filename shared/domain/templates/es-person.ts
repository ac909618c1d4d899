import { inParens, type Language } from './catalog.js';
import { es } from './es.js';
import {
  atrasoContado,
  conVencimientoNoHabil,
  cuandoVence,
  enPlazo,
  SIGUE_CARTA_FORMAL_USTED,
  SIGUE_CARTA_USTED,
  sinAtraso,
  YA_PAGO_FORMAL_USTED,
  YA_PAGO_USTED,
} from './es-phrases.js';
import { esPersonSeveral } from './es-person-several.js';

/**
 * Los mismos textos en español para un consumidor: se escribe a una persona, de usted ("Estimado/a
 * Juan Pérez:", "le recordamos"), nunca a "el equipo de" ni a "los señores de" alguien que no es una
 * empresa. Dicen lo mismo que los de empresa (es.ts), con las mismas reglas: ninguno imita un acto
 * judicial, ninguno se dice "último", ninguno amenaza con algo vago.
 */
export const esPerson: Language = {
  code: 'es',
  labels: {
    ...es.labels,
    linkFallback: 'Si el botón no funciona, copie este enlace en su navegador:',
    portal: 'Consulte todas sus facturas en nuestro portal:',
    selfService: '¿Necesita más tiempo, un plan de pagos, o hay un problema con una factura? Díganoslo aquí:',
    unsubscribe: 'Si prefiere no recibir estos recordatorios por correo:',
  },
  several: esPersonSeveral,
  templates: {
    upcoming: {
      friendly: (v) => ({
        subject: `Recordatorio amable: la factura ${v.invoiceNumber} ${enPlazo(v) ? `puede pagarse sin atraso hasta el ${v.rolledTo}` : `vence el ${v.dueDate}`}`,
        greeting: `Hola, ${v.customerName}:`,
        body: [
          `Esperamos que se encuentre muy bien. Le escribimos para recordarle, con tiempo, que la factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}.`,
          `Si ya tiene programado el pago, ¡muchas gracias! No necesita hacer nada más. Si requiere una copia de la factura o cualquier otra cosa, ${v.contactUs} y con gusto le ayudamos.`,
        ],
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: `Recordatorio: la factura ${v.invoiceNumber} ${enPlazo(v) ? `puede pagarse sin atraso hasta el ${v.rolledTo}` : `vence el ${v.dueDate}`}`,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          `Le recordamos que la factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}. Le pedimos programar su pago para que quede liquidada a tiempo.`,
          `Si algo le impide pagar en esa fecha, por favor ${v.contactUs} antes del vencimiento para acordar cómo proceder.`,
        ],
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `${enPlazo(v) ? 'Aviso de plazo de pago' : 'Aviso de próximo vencimiento'}: factura ${v.invoiceNumber}`,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          enPlazo(v)
            ? `Por medio del presente le informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y ${conVencimientoNoHabil(v.dueDate)}, puede pagarse ${sinAtraso(v)}.`
            : `Por medio del presente le informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount}, vence el ${v.dueDate}.`,
          'Le solicitamos atentamente efectuar el pago a más tardar en dicha fecha. Si tiene alguna observación sobre la factura, le agradeceremos comunicarla antes del vencimiento.',
        ],
        closing: 'Atentamente,',
      }),
    },
    'due-today': {
      friendly: (v) => ({
        subject: `La factura ${v.invoiceNumber} ${enPlazo(v) ? 'puede pagarse hoy sin atraso' : 'vence hoy'}`,
        greeting: `Hola, ${v.customerName}:`,
        body: [`Solo un recordatorio amable: la factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}.`, `Si tiene cualquier duda, ${v.contactUs} y con gusto le atendemos.`],
        note: 'Si el pago ya está en camino, ¡muchas gracias!',
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: `${enPlazo(v) ? 'Pago sin atraso hasta hoy' : 'Pago con vencimiento hoy'}: factura ${v.invoiceNumber}`,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          `La factura ${v.invoiceNumber} por ${v.amount}${cuandoVence(v)}. Le pedimos realizar el pago el día de hoy para mantener su cuenta al corriente.`,
          `Si hay algún inconveniente con esta factura, por favor ${v.contactUs} para resolverlo cuanto antes.`,
        ],
        note: YA_PAGO_USTED,
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `${enPlazo(v) ? 'Pago sin atraso hasta el día de hoy' : 'Vencimiento el día de hoy'}: factura ${v.invoiceNumber}`,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          enPlazo(v)
            ? `Le recordamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y ${conVencimientoNoHabil(v.dueDate)}, puede pagarse ${sinAtraso(v)}.`
            : `Le recordamos que hoy, ${v.dueDate}, vence la factura ${v.invoiceNumber} por un importe de ${v.amount}.`,
          'Le solicitamos efectuar el pago en esta fecha.',
        ],
        note: YA_PAGO_FORMAL_USTED,
        closing: 'Atentamente,',
      }),
    },
    overdue: {
      friendly: (v) => ({
        subject: `La factura ${v.invoiceNumber} sigue pendiente de pago`,
        greeting: `Hola, ${v.customerName}:`,
        body: [
          `Notamos que la factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, aún aparece pendiente${inParens(atrasoContado(v))}. Es posible que se haya pasado por alto; a todos nos ocurre.`,
          `¿Podría revisarlo cuando tenga un momento? Si hay algún problema con la factura, ${v.contactUs} y lo resolvemos juntos.`,
        ],
        note: YA_PAGO_USTED,
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: es.templates.overdue.firm(v).subject,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          `Según nuestros registros, la factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, sigue sin pagarse${inParens(atrasoContado(v))}.`,
          `Le pedimos realizar el pago a la brevedad. Si ya lo efectuó, por favor envíenos el comprobante para aplicarlo a su cuenta. Si existe algún motivo que le impida pagar, ${v.contactUs} para buscar una solución.`,
        ],
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `Aviso de saldo vencido: factura ${v.invoiceNumber}`,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          `Por medio del presente le informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y con vencimiento el ${v.dueDate}, se encuentra vencida${inParens(atrasoContado(v))}.`,
          'Le solicitamos liquidar el saldo pendiente a la brevedad o comunicarse con nosotros para acordar un convenio de pago. Quedamos a sus órdenes para cualquier aclaración.',
        ],
        note: YA_PAGO_FORMAL_USTED,
        closing: 'Atentamente,',
      }),
    },
    'final-notice': {
      friendly: (v) => ({
        subject: `Queremos ayudarle a regularizar la factura ${v.invoiceNumber}`,
        greeting: `Hola, ${v.customerName}:`,
        body: [
          `La factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, sigue pendiente${inParens(atrasoContado(v))} y aún no hemos podido resolverla. Valoramos mucho nuestra relación y queremos encontrar juntos una solución.`,
          `Si en este momento le resulta complicado pagar el total en un solo pago, ${v.contactUs} y con gusto revisamos un plan de pagos.`,
        ],
        note: YA_PAGO_USTED,
        closing: 'Muchas gracias y saludos cordiales,',
      }),
      firm: (v) => ({
        subject: es.templates['final-notice'].firm(v).subject,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          `La factura ${v.invoiceNumber} por ${v.amount}, con vencimiento el ${v.dueDate}, sigue sin pagarse${inParens(atrasoContado(v))}.`,
          `Le pedimos liquidar el saldo. Si necesita un plan de pagos, ${v.contactUs} en los próximos días para acordarlo. ${SIGUE_CARTA_USTED}`,
        ],
        note: YA_PAGO_USTED,
        closing: 'Saludos cordiales,',
      }),
      formal: (v) => ({
        subject: `Solicitud de regularización: saldo de la factura ${v.invoiceNumber}`,
        greeting: `Estimado/a ${v.customerName}:`,
        body: [
          `Por medio del presente le informamos que la factura ${v.invoiceNumber}, por un importe de ${v.amount} y con vencimiento el ${v.dueDate}, permanece sin pagar${inParens(atrasoContado(v))}.`,
          `Le solicitamos liquidar el saldo o contactarnos para formalizar un convenio de pago a la mayor brevedad. ${SIGUE_CARTA_FORMAL_USTED}`,
        ],
        note: YA_PAGO_FORMAL_USTED,
        closing: 'Atentamente,',
      }),
    },
  },
};
