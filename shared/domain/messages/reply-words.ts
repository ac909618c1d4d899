import type { Channel } from '../types.js';

/** What Cobranza answers to something the debtor wrote, on the channel they wrote on. */
export const REPLY_KINDS = ['ask-receipt', 'promise-ack', 'opt-out-confirmation', 'help-ack', 'dispute-ack'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export interface ReplyWords {
  /** Email subject (the company's name is added). */
  readonly subject: string;
  /**
   * The text, with `{{customerName}}`, `{{companyName}}` and, for a promise, `{{promiseDate}}`. Never
   * starts or ends with a variable (it is also a WhatsApp template body).
   */
  readonly text: string;
}

const MEDIUM_ES: Readonly<Record<Channel, string>> = { email: 'correo electrónico', sms: 'SMS', whatsapp: 'WhatsApp' };
const MEDIUM_EN: Readonly<Record<Channel, string>> = { email: 'email', sms: 'text message', whatsapp: 'WhatsApp' };

/**
 * The replies, by language, kind and channel: short enough for one or two SMS segments, neutral in
 * tone (the debtor just wrote to us: thank them, say what happens next). The Spanish avoids verbs
 * whose accent carries the tense ("revisará"), since GSM-7 SMS drop it.
 */
export function replyWords(language: 'es' | 'en', kind: ReplyKind, channel: Channel): ReplyWords {
  if (language === 'es') {
    switch (kind) {
      case 'ask-receipt':
        return {
          subject: '¿Nos comparte el comprobante de pago?',
          text: 'Hola, {{customerName}}: le escribimos de {{companyName}} para agradecerle el aviso de su pago. Para aplicarlo a su cuenta, ¿nos puede enviar el comprobante en respuesta a este mensaje? ¡Gracias!',
        };
      case 'promise-ack':
        return {
          subject: 'Registramos su compromiso de pago',
          text: 'Hola, {{customerName}}: le escribimos de {{companyName}} para confirmarle que registramos su compromiso de pago para el {{promiseDate}}. Hasta esa fecha pausamos los recordatorios. ¡Gracias por avisarnos!',
        };
      case 'opt-out-confirmation':
        return {
          subject: `Confirmación: no recibirá más mensajes por ${MEDIUM_ES[channel]}`,
          text: `Hola, {{customerName}}: le escribimos de {{companyName}} para confirmarle que no le enviaremos otros mensajes por ${MEDIUM_ES[channel]}. Para cualquier asunto de su cuenta, puede contactarnos cuando lo necesite.`,
        };
      case 'help-ack':
        return {
          subject: 'Recibimos su mensaje',
          text: 'Hola, {{customerName}}: le escribimos de {{companyName}} para confirmarle que recibimos su mensaje. Una persona de nuestro equipo lo va a revisar y le va a responder a la brevedad. ¡Gracias!',
        };
      case 'dispute-ack':
        return {
          subject: 'Recibimos su aclaración sobre la factura',
          text: 'Hola, {{customerName}}: le escribimos de {{companyName}} para confirmarle que recibimos su aclaración sobre la factura. Mientras la revisamos, pausamos los recordatorios de esa factura, y una persona de nuestro equipo le va a responder a la brevedad. ¡Gracias!',
        };
    }
  }
  switch (kind) {
    case 'ask-receipt':
      return {
        subject: 'Could you send us the payment receipt?',
        text: 'Hello {{customerName}}, this is {{companyName}}: thank you for letting us know about your payment. To apply it to your account, could you reply with the payment receipt? Thank you!',
      };
    case 'promise-ack':
      return {
        subject: 'We have noted your payment date',
        text: 'Hello {{customerName}}, this is {{companyName}}: we have noted your commitment to pay on {{promiseDate}}. Reminders are paused until then. Thank you for letting us know!',
      };
    case 'opt-out-confirmation':
      return {
        subject: `Confirmed: no more messages by ${MEDIUM_EN[channel]}`,
        text: `Hello {{customerName}}, this is {{companyName}}: we confirm that we will send you no more messages by ${MEDIUM_EN[channel]}. For anything about your account, you can contact us whenever you need.`,
      };
    case 'help-ack':
      return {
        subject: 'We received your message',
        text: 'Hello {{customerName}}, this is {{companyName}}: we received your message. A person on our team will review it and get back to you shortly. Thank you!',
      };
    case 'dispute-ack':
      return {
        subject: 'We received your query about the invoice',
        text: 'Hello {{customerName}}, this is {{companyName}}: we received your query about the invoice. While we review it, reminders for that invoice are paused, and a person on our team will get back to you shortly. Thank you!',
      };
  }
}
