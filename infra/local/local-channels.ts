import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { InProcessQueue } from '../../shared/adapters/local/in-process-queue.js';
import { OutboxEmailSender } from '../../shared/adapters/local/outbox-email-sender.js';
import { OutboxSmsSender } from '../../shared/adapters/local/outbox-sms-sender.js';
import { OutboxWhatsAppSender } from '../../shared/adapters/local/outbox-whatsapp-sender.js';
import type { Channel } from '../../shared/domain/types.js';
import type { Clock, EmailSender, OutboundEmail, OutboundSms, OutboundWhatsApp, SmsSender, WhatsAppSender } from '../../shared/ports.js';
import { sesEvent, smsStatusEvent, whatsappStatusEvent } from './provider-events.js';

/** Who is told about each local send (the CLI prints it; tests collect it). */
export interface LocalChannelEvents {
  emailSent?(email: OutboundEmail, file: string): void;
  smsSent?(sms: OutboundSms, file: string): void;
  whatsappSent?(message: OutboundWhatsApp, file: string): void;
}

export interface LocalChannels {
  readonly email: EmailSender;
  readonly sms: SmsSender;
  readonly whatsapp: WhatsAppSender;
  readonly sent: Record<Channel, number>;
}

/**
 * The three channels of the embedded runtime: outbox files (email `.eml`, SMS and WhatsApp `.json`)
 * plus, as the providers would, a delivery receipt on the channel-events queue after each send. A
 * simulated carrier stands in for the network: a landline cannot receive SMS or WhatsApp, so a text
 * to one is accepted and then reported invalid (TEXT_INVALID / Meta 131026), exactly the
 * asynchronous failure that makes the real system mark the number invalid and fall back.
 */
export function localChannels(options: {
  readonly outboxDir: string;
  readonly clock: Clock;
  readonly channelEvents: InProcessQueue<unknown>;
  readonly events?: LocalChannelEvents;
}): LocalChannels {
  const { clock, channelEvents, events } = options;
  const sent: Record<Channel, number> = { email: 0, sms: 0, whatsapp: 0 };
  const emailOutbox = new OutboxEmailSender({ outboxDir: options.outboxDir, from: 'Cobranza <cobranza@example.com>' });
  // Segments, encoding and estimated cost go into the outbox file (never to a provider).
  const smsOutbox = new OutboxSmsSender({ outboxDir: options.outboxDir, describe: (sms) => ({ ...sms.details }) });
  const whatsappOutbox = new OutboxWhatsAppSender({ outboxDir: options.outboxDir, describe: (message) => ({ ...message.details }) });
  return {
    sent,
    email: {
      async send(email) {
        const result = await emailOutbox.send(email);
        sent.email += 1;
        events?.emailSent?.(email, emailOutbox.fileFor(email));
        await channelEvents.send([sesEvent('delivered', result.messageId, email.to, email.tags, clock.now())]);
        return result;
      },
    },
    sms: {
      async send(sms) {
        const result = await smsOutbox.send(sms);
        sent.sms += 1;
        events?.smsSent?.(sms, smsOutbox.fileFor(sms));
        const outcome = isLandline(sms.to) ? 'TEXT_INVALID' : 'TEXT_DELIVERED';
        await channelEvents.send([smsStatusEvent(outcome, result.messageId, sms.to, sms.tags, clock.now())]);
        return result;
      },
    },
    whatsapp: {
      async send(message) {
        const result = await whatsappOutbox.send(message);
        sent.whatsapp += 1;
        events?.whatsappSent?.(message, whatsappOutbox.fileFor(message));
        await channelEvents.send([whatsappStatusEvent(isLandline(message.to) ? 'failed' : 'delivered', result.messageId, message.to, clock.now())]);
        return result;
      },
    },
  };
}

/** A fixed-line number (libphonenumber's metadata): no SMS, no WhatsApp. */
export function isLandline(e164: string): boolean {
  return parsePhoneNumberFromString(e164)?.getType() === 'FIXED_LINE';
}
