import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PermanentDeliveryError } from '../../domain/channels/errors.js';
import type { OutboundSms, SmsSender } from '../../ports.js';
import { OutboxFolder } from './outbox-email-sender.js';

/** What a local send simulates as refused: the number, or undefined to deliver. */
export type SimulatedFailures = (to: string) => { readonly reason: string } | undefined;

export interface OutboxSmsSenderOptions {
  /** The outbox root; messages go to `<outboxDir>/sms/`. */
  readonly outboxDir: string;
  /**
   * Extra fields for the file, computed by the caller (segments, encoding, cost…): the port's
   * OutboundSms has no room for them. Fields named like the file's own (`id`, `to`, …) are ignored.
   */
  readonly describe?: (sms: OutboundSms) => Readonly<Record<string, unknown>>;
  /** Numbers to refuse as the provider would (`invalid-number`, `opted-out`…): PermanentDeliveryError. */
  readonly failures?: SimulatedFailures;
}

/** The JSON each outbox file holds. */
export interface OutboxSmsRecord {
  readonly id: string;
  readonly channel: 'sms';
  readonly date: string;
  readonly to: string;
  readonly body: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly [extra: string]: unknown;
}

/**
 * The embedded runtime's End User Messaging SMS: each message becomes
 * `<outboxDir>/sms/<date>_<key>.json` (`{ id, channel, date, to, body, tags, …describe(sms) }`).
 * Idempotent on the key: a second send writes nothing and answers the same message id, a UUID
 * derived from the key. `failures` simulates numbers the provider refuses, before anything is written.
 *
 * @example
 * const sms = new OutboxSmsSender({ outboxDir: '.cobranza/outbox', describe: (m) => ({ segments: countSegments(m.body) }) });
 * const { messageId } = await sms.send(message);
 */
export class OutboxSmsSender implements SmsSender {
  readonly smsDir: string;
  private readonly folder: OutboxFolder;

  constructor(private readonly options: OutboxSmsSenderOptions) {
    this.smsDir = join(options.outboxDir, 'sms');
    this.folder = new OutboxFolder(this.smsDir, '.json');
  }

  async send(sms: OutboundSms): Promise<{ messageId: string }> {
    refuseSimulated(this.options.failures, sms.to, 'SMS');
    const id = outboxMessageId('sms', sms.idempotencyKey);
    await this.folder.writeOnce(sms.idempotencyKey, sms.date, () => {
      const record: OutboxSmsRecord = {
        id,
        channel: 'sms',
        date: sms.date.toISOString(),
        to: sms.to,
        body: sms.body,
        tags: sms.tags,
        ...extraFields(this.options.describe?.(sms), ['id', 'channel', 'date', 'to', 'body', 'tags']),
      };
      return `${JSON.stringify(record, null, 2)}\n`;
    });
    return { messageId: id };
  }

  /** The file holding `sms`: the one already written for its key, else where it would be written. */
  fileFor(sms: Pick<OutboundSms, 'idempotencyKey' | 'date'>): string {
    return this.folder.fileFor(sms.idempotencyKey, sms.date);
  }
}

/**
 * A provider-looking message id (UUID layout) derived from channel and key: the same send always
 * gets the same id, and one key on two channels gets two ids.
 */
export function outboxMessageId(channel: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`${channel}\u0000${idempotencyKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Throws the simulated PermanentDeliveryError when `failures` refuses `to`. */
export function refuseSimulated(failures: SimulatedFailures | undefined, to: string, channel: string): void {
  const failure = failures?.(to);
  if (failure) throw new PermanentDeliveryError(`simulated ${channel} failure: ${failure.reason}`, failure.reason);
}

/** The caller's extra fields without the ones the record already has. */
export function extraFields(extra: Readonly<Record<string, unknown>> | undefined, own: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extra ?? {}).filter(([key]) => !own.includes(key)));
}
