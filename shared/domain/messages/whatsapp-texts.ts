import type { TemplateName } from '../templates/catalog.js';
import type { Tone } from '../types.js';
import { OPT_OUT_LINE } from './opt-out-line.js';

/**
 * The account's other overdue invoices, not in this message: named, never asked for, so the total
 * of a text reads as this message's alone (messages/other-overdue.ts; `ninguna` / `none` when there are none).
 */
const OTROS_ES = 'Otras vencidas de su cuenta, aparte: {{otherOverdue}}.';
const OTHERS_EN = 'Other overdue on your account, not included: {{otherOverdue}}.';

/**
 * The shipped WhatsApp template bodies, with named `{{variables}}` (the catalog numbers them for
 * Meta). One text serves one invoice and several, so the words never depend on the count: the
 * invoices are in `Detalle:` / `Details:`, their total is labelled as this message's, and the
 * account's other overdue invoices are named apart, never asked for; a late text (overdue, final
 * notice) asks only for the overdue invoices, so it lists them and their total, and lists apart
 * those not yet due. The link is `{{paymentLinkWithInvoice}}`: for several invoices without a
 * portal it names the one invoice it pays. Meta's rules for a body, which these obey and the policy
 * check enforces on overrides: no variable at the very start or end, no two variables side by side,
 * at most 1,024 characters. Every body ends with the opt-out line (opt-out-line.ts), so it never
 * ends with a variable either.
 *
 * Spanish: de usted (a WhatsApp reaches a person), never "cancelar" for "pay". Meta approves one text
 * per template name and language, so the same words go to a company and to a consumer: they are
 * written to read right to both ("Hola, {{customerName}}", "Estimado cliente {{customerName}}", "A la
 * atención de {{customerName}}", never "equipo de" or "señores de"). No text calls itself
 * the last or final notice (a letter follows), none uses court words ("notifica"), none threatens
 * vaguely: the `final-notice` says what comes next.
 */
export const WHATSAPP_TEXTS: Readonly<Record<'es' | 'en', Readonly<Record<TemplateName, Readonly<Record<Tone, string>>>>>> = {
  es: {
    upcoming: {
      friendly: es(
        'Hola, {{customerName}}: le saludamos de {{companyName}} con un recordatorio amable de un próximo vencimiento.',
        'Puede pagar en línea aquí: {{paymentLinkWithInvoice}}\nSi el pago ya está programado, ¡muchas gracias!',
        'Si necesita una copia de la factura o tiene alguna duda, responda a este mensaje.',
      ),
      firm: es(
        'Estimado cliente {{customerName}}: le recordamos de parte de {{companyName}} un próximo vencimiento.',
        'Le pedimos incluir el pago en su próxima programación: {{paymentLinkWithInvoice}}\nSi algo impide el pago a tiempo, avísenos antes del vencimiento.',
        'Si tiene alguna duda, responda a este mensaje.',
      ),
      formal: es(
        'A la atención de {{customerName}}: por medio del presente, {{companyName}} le informa de un próximo vencimiento.',
        'Le solicitamos efectuar el pago a más tardar en la fecha de vencimiento: {{paymentLinkWithInvoice}}\nSi el pago ya está programado, le agradecemos su puntualidad.',
        'Para cualquier aclaración, responda a este mensaje.',
      ),
    },
    'due-today': {
      friendly: es(
        'Hola, {{customerName}}: le saludamos de {{companyName}} para recordarle, amablemente, que hoy vence un pago.',
        'Puede pagar en línea aquí: {{paymentLinkWithInvoice}}\nSi el pago ya está en camino, ¡muchas gracias!',
        'Si tiene alguna duda, responda a este mensaje.',
      ),
      firm: es(
        'Estimado cliente {{customerName}}: le recordamos de parte de {{companyName}} que hoy vence un pago.',
        'Le pedimos realizar el pago el día de hoy para mantener su cuenta al corriente: {{paymentLinkWithInvoice}}\nSi ya lo realizó, le pedimos hacer caso omiso de este mensaje.',
        'Si hay algún inconveniente con la factura, responda a este mensaje.',
      ),
      formal: es(
        'A la atención de {{customerName}}: por medio del presente, {{companyName}} le recuerda que el día de hoy vence un pago.',
        'Le solicitamos efectuar el pago en esta fecha: {{paymentLinkWithInvoice}}\nSi el pago ya fue efectuado, le rogamos hacer caso omiso del presente aviso.',
        'Para cualquier aclaración, responda a este mensaje.',
      ),
    },
    overdue: {
      friendly: esLate(
        'Hola, {{customerName}}: le escribimos de {{companyName}} porque notamos un saldo pendiente; es posible que se haya pasado por alto.',
        'Puede pagar en línea aquí: {{paymentLinkWithInvoice}}\nSi ya realizó el pago, ¡muchas gracias!',
        'Si hay algún problema con la factura, responda a este mensaje y lo resolvemos juntos.',
      ),
      firm: esLate(
        'Estimado cliente {{customerName}}: según los registros de {{companyName}}, tiene un saldo vencido.',
        'Le pedimos realizar el pago a la brevedad: {{paymentLinkWithInvoice}}\nSi ya lo efectuó, envíenos el comprobante por este medio para aplicarlo a su cuenta.',
        'Si existe algún motivo que impida el pago, responda a este mensaje para buscar una solución.',
      ),
      formal: esLate(
        'A la atención de {{customerName}}: por medio del presente, {{companyName}} le informa de un saldo vencido.',
        'Le solicitamos liquidar lo vencido de este mensaje a la brevedad o comunicarse con nosotros para acordar un convenio de pago: {{paymentLinkWithInvoice}}\nSi el pago ya fue efectuado, le rogamos hacer caso omiso del presente aviso.',
        'Para cualquier aclaración, responda a este mensaje.',
      ),
    },
    'final-notice': {
      friendly: esLate(
        'Hola, {{customerName}}: le escribimos de {{companyName}} porque un saldo sigue pendiente y queremos ayudarle a resolverlo.',
        'Puede pagar en línea aquí: {{paymentLinkWithInvoice}}\nSi le resulta complicado pagar lo vencido en un solo pago, con gusto revisamos un plan de pagos.',
        'Responda a este mensaje y lo vemos juntos. ¡Gracias!',
      ),
      firm: esLate(
        'Estimado cliente {{customerName}}: le escribimos de nuevo de parte de {{companyName}} sobre un saldo vencido.',
        'Le pedimos pagar lo vencido de este mensaje o acordar un plan de pagos en los próximos días: {{paymentLinkWithInvoice}}\nSi no tenemos noticias suyas, le enviaremos una carta de cobro con el detalle del saldo vencido.',
        'Para acordar un plan de pagos, responda a este mensaje.',
      ),
      formal: esLate(
        'A la atención de {{customerName}}: por medio del presente, {{companyName}} le informa de un saldo vencido que permanece sin pagar.',
        'Le solicitamos pagar lo vencido de este mensaje o formalizar un convenio de pago a la mayor brevedad: {{paymentLinkWithInvoice}}\nDe no recibir el pago ni una propuesta, le enviaremos una carta de cobro con el detalle del saldo vencido.',
        'Para cualquier aclaración, responda a este mensaje.',
      ),
    },
  },
  en: {
    upcoming: {
      friendly: en(
        'Hello {{customerName}}, this is a friendly heads-up from {{companyName}} about an upcoming due date.',
        'You can pay online here: {{paymentLinkWithInvoice}}\nIf payment is already scheduled, thank you!',
        'If you need a copy of the invoice or have any questions, just reply to this message.',
      ),
      firm: en(
        'Dear {{customerName}}, this is a reminder from {{companyName}} about an upcoming due date.',
        'Please include this payment in your next payment run: {{paymentLinkWithInvoice}}\nIf anything prevents payment on time, let us know before the due date.',
        'If you have any questions, reply to this message.',
      ),
      formal: en(
        'Dear {{customerName}}, {{companyName}} hereby informs you of an upcoming due date.',
        'We request that payment be made no later than the due date: {{paymentLinkWithInvoice}}\nIf payment is already scheduled, thank you for your punctuality.',
        'For any clarification, reply to this message.',
      ),
    },
    'due-today': {
      friendly: en(
        'Hello {{customerName}}, this is a friendly reminder from {{companyName}}: a payment is due today.',
        'You can pay online here: {{paymentLinkWithInvoice}}\nIf the payment is already on its way, thank you very much!',
        'If you have any questions, just reply to this message.',
      ),
      firm: en(
        'Dear {{customerName}}, this is a reminder from {{companyName}} that a payment is due today.',
        'Please arrange payment today to keep your account up to date: {{paymentLinkWithInvoice}}\nIf you have already paid, please disregard this message.',
        'If there is any issue with the invoice, reply to this message.',
      ),
      formal: en(
        'Dear {{customerName}}, {{companyName}} reminds you that a payment is due today.',
        'We request that payment be made today: {{paymentLinkWithInvoice}}\nIf payment has already been made, please disregard this notice.',
        'For any clarification, reply to this message.',
      ),
    },
    overdue: {
      friendly: enLate(
        'Hello {{customerName}}, we are writing from {{companyName}} because a balance is still open; it may simply have slipped through the cracks.',
        'You can pay online here: {{paymentLinkWithInvoice}}\nIf you have already paid, thank you very much!',
        'If there is a problem with the invoice, reply to this message and we will sort it out together.',
      ),
      firm: enLate(
        'Dear {{customerName}}, the records of {{companyName}} show an overdue balance.',
        'Please arrange payment as soon as possible: {{paymentLinkWithInvoice}}\nIf you have already paid, send us the payment details here so we can apply it to your account.',
        'If something prevents payment, reply to this message so we can find a solution.',
      ),
      formal: enLate(
        'Dear {{customerName}}, {{companyName}} is writing to let you know of a past-due balance.',
        'We request that you settle what is overdue in this message promptly or contact us to agree on a payment arrangement: {{paymentLinkWithInvoice}}\nIf payment has already been made, please disregard this notice.',
        'For any clarification, reply to this message.',
      ),
    },
    'final-notice': {
      friendly: enLate(
        'Hello {{customerName}}, we are writing from {{companyName}} because a balance is still open and we would like to help you resolve it.',
        'You can pay online here: {{paymentLinkWithInvoice}}\nIf paying the overdue amount at once is difficult right now, we will gladly discuss a payment plan.',
        'Just reply to this message and we will work it out together. Thank you!',
      ),
      firm: enLate(
        'Dear {{customerName}}, {{companyName}} is writing to you again about an overdue balance.',
        'Please pay what is overdue in this message or agree on a payment plan in the coming days: {{paymentLinkWithInvoice}}\nIf we do not hear from you, we will send you a letter setting out the overdue balance.',
        'To agree on a payment plan, reply to this message.',
      ),
      formal: enLate(
        'Dear {{customerName}}, {{companyName}} is writing to inform you of an overdue balance that remains unpaid.',
        'We request that you pay what is overdue in this message or formalize a payment agreement as soon as possible: {{paymentLinkWithInvoice}}\nIf we receive neither payment nor a proposal, we will send you a letter setting out the overdue balance.',
        'For any clarification, reply to this message.',
      ),
    },
  },
};

/** Opening, the invoices and total, the request with the link, the signature, a last line and the opt-out line. */
function es(opening: string, request: string, last: string): string {
  return body(opening, `Detalle: {{invoiceList}}.\nTotal de este mensaje: {{total}}\n${OTROS_ES}`, request, last, 'es');
}

function en(opening: string, request: string, last: string): string {
  return body(opening, `Details: {{invoiceList}}.\nTotal in this message: {{total}}\n${OTHERS_EN}`, request, last, 'en');
}

/**
 * A late text (`overdue`, `final-notice`): it asks for what is overdue, so its total is the overdue
 * invoices' alone; a consolidated message's invoices not yet due are listed apart, outside that
 * total ("ninguna" / "none" when there are none: an approved template's words cannot depend on the
 * count). Kept short: 40 invoice numbers still fit Meta's 1,024 characters in every tone.
 */
function esLate(opening: string, request: string, last: string): string {
  return body(opening, `Vencidas: {{overdueList}}.\nTotal vencido de este mensaje: {{overdueTotal}}\nPor vencer, aparte: {{notYetDueList}}.\n${OTROS_ES}`, request, last, 'es');
}

function enLate(opening: string, request: string, last: string): string {
  return body(opening, `Overdue: {{overdueList}}.\nTotal overdue in this message: {{overdueTotal}}\nNot yet due (not included): {{notYetDueList}}.\n${OTHERS_EN}`, request, last, 'en');
}

function body(opening: string, details: string, request: string, last: string, language: 'es' | 'en'): string {
  return `${opening}\n${details}\n\n${request}\n\n{{signature}}\n${last}\n${OPT_OUT_LINE[language]}`;
}
