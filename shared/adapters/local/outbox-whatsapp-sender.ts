import { join } from 'node:path';
import type { OutboundWhatsApp, WhatsAppSender } from '../../ports.js';
import { OutboxFolder } from './outbox-email-sender.js';
import { extraFields, outboxMessageId, refuseSimulated, type SimulatedFailures } from './outbox-sms-sender.js';

export interface OutboxWhatsAppSenderOptions {
  /** The outbox root; messages go to `<outboxDir>/whatsapp/`. */
  readonly outboxDir: string;
  /** Extra fields for the file (cost, conversation category…); ones named like the file's own are ignored. */
  readonly describe?: (message: OutboundWhatsApp) => Readonly<Record<string, unknown>>;
  /** Numbers to refuse as the provider would (`no-whatsapp`, …): PermanentDeliveryError. */
  readonly failures?: SimulatedFailures;
}

/** The JSON each outbox file holds. */
export interface OutboxWhatsAppRecord {
  readonly id: string;
  readonly channel: 'whatsapp';
  readonly date: string;
  readonly to: string;
  readonly templateName: string;
  readonly languageCode: string;
  readonly parameters: readonly string[];
  /** The text as the debtor reads it. */
  readonly preview: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly [extra: string]: unknown;
}

const OWN_FIELDS = ['id', 'channel', 'date', 'to', 'templateName', 'languageCode', 'parameters', 'preview', 'tags'];

/**
 * The embedded runtime's End User Messaging Social: each template message becomes
 * `<outboxDir>/whatsapp/<date>_<key>.json` with the template, its parameters and the rendered
 * preview. Idempotent on the key (same file, same message id); `failures` simulates numbers that are
 * not on WhatsApp, before anything is written.
 *
 * @example
 * const whatsapp = new OutboxWhatsAppSender({ outboxDir: '.cobranza/outbox', failures: (to) => (to.endsWith('0000') ? { reason: 'no-whatsapp' } : undefined) });
 * const { messageId } = await whatsapp.send(message);
 */
export class OutboxWhatsAppSender implements WhatsAppSender {
  readonly whatsappDir: string;
  private readonly folder: OutboxFolder;

  constructor(private readonly options: OutboxWhatsAppSenderOptions) {
    this.whatsappDir = join(options.outboxDir, 'whatsapp');
    this.folder = new OutboxFolder(this.whatsappDir, '.json');
  }

  async send(message: OutboundWhatsApp): Promise<{ messageId: string }> {
    refuseSimulated(this.options.failures, message.to, 'WhatsApp');
    const id = outboxMessageId('whatsapp', message.idempotencyKey);
    await this.folder.writeOnce(message.idempotencyKey, message.date, () => {
      const record: OutboxWhatsAppRecord = {
        id,
        channel: 'whatsapp',
        date: message.date.toISOString(),
        to: message.to,
        templateName: message.templateName,
        languageCode: message.languageCode,
        parameters: message.parameters,
        preview: message.preview,
        tags: message.tags,
        ...extraFields(this.options.describe?.(message), OWN_FIELDS),
      };
      return `${JSON.stringify(record, null, 2)}\n`;
    });
    return { messageId: id };
  }

  /** The file holding `message`: the one already written for its key, else where it would be written. */
  fileFor(message: Pick<OutboundWhatsApp, 'idempotencyKey' | 'date'>): string {
    return this.folder.fileFor(message.idempotencyKey, message.date);
  }
}
