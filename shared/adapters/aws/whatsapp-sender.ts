import { SendWhatsAppMessageCommand, type SendWhatsAppMessageCommandInput, type SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { metaCodeIn, metaPermanentReason } from '../../domain/channels/events/meta-errors.js';
import { PermanentDeliveryError } from '../../domain/channels/errors.js';
import type { OutboundWhatsApp, WhatsAppSender } from '../../ports.js';
import { isAwsError } from './errors.js';

export interface EndUserMessagingWhatsAppSenderOptions {
  readonly client: SocialMessagingClient;
  /** `phone-number-id-…` (or its ARN) of the linked WhatsApp Business number, or `not-configured`. */
  readonly originationPhoneNumberId: string;
  /** Meta Graph API version the message JSON is written for. @default 'v20.0' */
  readonly metaApiVersion?: string;
}

/** The phone number id when no WhatsApp number is linked: every message falls back to the next channel. */
export const WHATSAPP_NOT_CONFIGURED = 'not-configured';
export const DEFAULT_META_API_VERSION = 'v20.0';

/** The Meta Cloud API message (the `message` bytes of SendWhatsAppMessage) for a template send. */
export interface MetaTemplateMessage {
  readonly messaging_product: 'whatsapp';
  readonly recipient_type: 'individual';
  readonly to: string;
  readonly type: 'template';
  readonly template: {
    readonly name: string;
    readonly language: { readonly code: string };
    readonly components?: readonly { readonly type: 'body'; readonly parameters: readonly { readonly type: 'text'; readonly text: string }[] }[];
  };
}

/**
 * WhatsAppSender on AWS End User Messaging Social (`SendWhatsAppMessage`): an approved template with
 * its body parameters, as the Meta Cloud API message JSON in UTF-8 bytes. Returns the messageId AWS
 * assigns; End User Messaging Social's status events carry the same id.
 *
 * Permanent failures (PermanentDeliveryError, reason):
 * - a Meta error code of META_PERMANENT_ERRORS named in the error message (131026 `no-whatsapp`,
 *   131021 `invalid-number`, 131030 `not-permitted`, 131050 `opted-out`);
 * - InvalidParametersException / ValidationException: `invalid-number` when the message is about the
 *   recipient, else `invalid-parameter` (our template or parameters: retrying the same request
 *   cannot succeed, the message falls back; the address itself is not to blame);
 * - `not-configured` when there is no WhatsApp number, without calling AWS.
 * Throttling, dependency (Meta) and internal errors, access denied and unknown resources are rethrown:
 * the queue retries, then dead-letters and alarms.
 *
 * Idempotency: SendWhatsAppMessage has no client token; the send-whatsapp function guards each
 * message with Powertools idempotency on `idempotencyKey`.
 *
 * @example
 * const whatsapp = new EndUserMessagingWhatsAppSender({ client: new SocialMessagingClient({}), originationPhoneNumberId: env.whatsappPhoneNumberId });
 * const { messageId } = await whatsapp.send(message);
 */
export class EndUserMessagingWhatsAppSender implements WhatsAppSender {
  constructor(private readonly options: EndUserMessagingWhatsAppSenderOptions) {}

  async send(message: OutboundWhatsApp): Promise<{ messageId: string }> {
    if (this.options.originationPhoneNumberId === WHATSAPP_NOT_CONFIGURED) {
      throw new PermanentDeliveryError('WhatsApp is not configured', 'not-configured');
    }
    let messageId: string | undefined;
    try {
      ({ messageId } = await this.options.client.send(new SendWhatsAppMessageCommand(this.sendInput(message))));
    } catch (error) {
      throw permanentWhatsAppError(error) ?? error;
    }
    if (!messageId) throw new Error(`End User Messaging Social accepted ${message.idempotencyKey} without a messageId`);
    return { messageId };
  }

  /** The exact SendWhatsAppMessage input for `message`. */
  sendInput(message: OutboundWhatsApp): SendWhatsAppMessageCommandInput {
    return {
      originationPhoneNumberId: this.options.originationPhoneNumberId,
      message: new TextEncoder().encode(JSON.stringify(metaTemplateMessage(message))),
      metaApiVersion: this.options.metaApiVersion ?? DEFAULT_META_API_VERSION,
    };
  }
}

/**
 * The Meta Cloud API template message. A template without body variables gets no `components`
 * (Meta refuses a body component with an empty parameter list).
 *
 * @example
 * metaTemplateMessage({ to: '+525512345678', templateName: 'recordatorio_pago', languageCode: 'es_MX', parameters: ['F-1'], … })
 * // { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+525512345678', type: 'template',
 * //   template: { name: 'recordatorio_pago', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'F-1' }] }] } }
 */
export function metaTemplateMessage(message: Pick<OutboundWhatsApp, 'to' | 'templateName' | 'languageCode' | 'parameters'>): MetaTemplateMessage {
  const parameters = message.parameters.map((text) => ({ type: 'text' as const, text }));
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to,
    type: 'template',
    template: {
      name: message.templateName,
      language: { code: message.languageCode },
      ...(parameters.length > 0 ? { components: [{ type: 'body' as const, parameters }] } : {}),
    },
  };
}

/** The PermanentDeliveryError for an SDK error (see the class documentation), or undefined. */
export function permanentWhatsAppError(error: unknown): PermanentDeliveryError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = metaCodeIn(error.message);
  const metaReason = metaPermanentReason(code);
  let reason = metaReason;
  if (!reason && (isAwsError(error, 'InvalidParametersException') || isAwsError(error, 'ValidationException'))) {
    // "originationPhoneNumberId" is ours, not the recipient's: it must not count as the recipient's number.
    reason = /recipient|(?<!origination)phone.?number/i.test(error.message) ? 'invalid-number' : 'invalid-parameter';
  }
  if (!reason) return undefined;
  const what = metaReason ? `Meta error ${code}` : error.name;
  return Object.assign(new PermanentDeliveryError(`WhatsApp message refused: ${what}`, reason), { cause: error });
}
