import 'aws-sdk-client-mock-vitest/extend';
import {
  AccessDeniedByMetaException,
  DependencyException,
  InternalServiceException,
  InvalidParametersException,
  ResourceNotFoundException,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
  ThrottledRequestException,
  ValidationException,
} from '@aws-sdk/client-socialmessaging';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EndUserMessagingWhatsAppSender, metaTemplateMessage } from '../../../../shared/adapters/aws/whatsapp-sender.js';
import { PermanentDeliveryError } from '../../../../shared/domain/channels/errors.js';
import type { OutboundWhatsApp } from '../../../../shared/ports.js';

const socialMock = mockClient(SocialMessagingClient);
const message: OutboundWhatsApp = {
  idempotencyKey: 'r-MX-100-F-1-d-5:whatsapp',
  to: '+525512345678',
  templateName: 'recordatorio_pago',
  languageCode: 'es_MX',
  parameters: ['Ferretería del Norte', 'F-1', '$12,345.67 MXN', '1 de diciembre'],
  preview: 'Hola Ferretería del Norte, su factura F-1 por $12,345.67 MXN vence el 1 de diciembre.',
  date: new Date('2026-11-26T15:00:00Z'),
  tags: { account: 'MX-100', invoice: 'F-1', reminder: 'r-MX-100-F-1-d-5' },
};
const phoneNumberId = 'phone-number-id-976c72a700aac43eaf573ae050example';

function sender(originationPhoneNumberId = phoneNumberId, metaApiVersion?: string) {
  return new EndUserMessagingWhatsAppSender({ client: new SocialMessagingClient({}), originationPhoneNumberId, ...(metaApiVersion ? { metaApiVersion } : {}) });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the send to fail'),
    (error: unknown) => error,
  );
}

afterEach(() => {
  socialMock.reset();
});

describe('EndUserMessagingWhatsAppSender', () => {
  it('sends the Meta template message as UTF-8 JSON bytes with the phone number id and API v20.0', async () => {
    socialMock.on(SendWhatsAppMessageCommand).resolves({ messageId: '6d69f07a-c317-4278-9d5c-6a84078419ec' });

    const result = await sender().send(message);

    expect(result).toEqual({ messageId: '6d69f07a-c317-4278-9d5c-6a84078419ec' });
    const meta = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+525512345678',
      type: 'template',
      template: {
        name: 'recordatorio_pago',
        language: { code: 'es_MX' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ferretería del Norte' },
              { type: 'text', text: 'F-1' },
              { type: 'text', text: '$12,345.67 MXN' },
              { type: 'text', text: '1 de diciembre' },
            ],
          },
        ],
      },
    };
    expect(socialMock).toHaveReceivedCommandExactlyOnceWith(SendWhatsAppMessageCommand, {
      originationPhoneNumberId: phoneNumberId,
      message: new TextEncoder().encode(JSON.stringify(meta)),
      metaApiVersion: 'v20.0',
    });
    const input = socialMock.commandCalls(SendWhatsAppMessageCommand)[0]!.args[0].input;
    expect(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(input.message))).toEqual(meta);
  });

  it('uses the configured Meta API version', () => {
    expect(sender(phoneNumberId, 'v21.0').sendInput(message).metaApiVersion).toBe('v21.0');
  });

  it('a template without variables has no components (Meta refuses an empty body component)', () => {
    expect(metaTemplateMessage({ ...message, parameters: [] }).template).toEqual({ name: 'recordatorio_pago', language: { code: 'es_MX' } });
  });

  it('refuses to send when WhatsApp is not configured, without calling AWS', async () => {
    const thrown = await rejection(sender('not-configured').send(message));

    expect(thrown).toBeInstanceOf(PermanentDeliveryError);
    expect(thrown).toMatchObject({ message: 'WhatsApp is not configured', reason: 'not-configured' });
    expect(socialMock.commandCalls(SendWhatsAppMessageCommand)).toHaveLength(0);
  });

  it.each([
    ['a Meta 131026 (not on WhatsApp)', new ValidationException({ message: '(#131026) Message undeliverable', $metadata: {} }), 'no-whatsapp'],
    ['a Meta 131030 (not in the allowed list)', new InvalidParametersException({ message: 'Meta error 131030: Recipient phone number not in allowed list', $metadata: {} }), 'not-permitted'],
    ['an invalid recipient', new InvalidParametersException({ message: 'Invalid parameter: recipient phone number is not valid', $metadata: {} }), 'invalid-number'],
    ['an invalid template parameter', new InvalidParametersException({ message: 'Template name does not exist in the translation', $metadata: {} }), 'invalid-parameter'],
    ['a ValidationException on our phone number id', new ValidationException({ message: 'originationPhoneNumberId is malformed', $metadata: {} }), 'invalid-parameter'],
  ])('%s → PermanentDeliveryError(%s)', async (_, error, reason) => {
    socialMock.on(SendWhatsAppMessageCommand).rejects(error);

    const thrown = await rejection(sender().send(message));

    expect(thrown).toBeInstanceOf(PermanentDeliveryError);
    expect((thrown as PermanentDeliveryError).reason).toBe(reason);
    expect((thrown as Error).cause).toBe(error);
    expect((thrown as Error).message).not.toContain(message.to);
  });

  it.each([
    ['ThrottledRequestException', new ThrottledRequestException({ message: 'slow down', $metadata: {} })],
    ['DependencyException (Meta down)', new DependencyException({ message: 'Meta unavailable', $metadata: {} })],
    ['InternalServiceException', new InternalServiceException({ message: 'oops', $metadata: {} })],
    ['AccessDeniedByMetaException', new AccessDeniedByMetaException({ message: 'denied', $metadata: {} })],
    ['ResourceNotFoundException (our number)', new ResourceNotFoundException({ message: 'no such phone number id', $metadata: {} })],
    ['a Meta 131049 (held back, retry later)', new DependencyException({ message: 'Meta error 131049', $metadata: {} })],
  ])('rethrows %s as is, so the queue retries', async (_, error) => {
    socialMock.on(SendWhatsAppMessageCommand).rejects(error);

    expect(await rejection(sender().send(message))).toBe(error);
  });

  it('fails loudly when AWS answers without a messageId', async () => {
    socialMock.on(SendWhatsAppMessageCommand).resolves({});

    await expect(sender().send(message)).rejects.toThrow(/without a messageId/);
  });
});
