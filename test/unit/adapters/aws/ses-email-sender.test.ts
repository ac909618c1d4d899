import 'aws-sdk-client-mock-vitest/extend';
import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesEmailSender, sesTags } from '../../../../shared/adapters/aws/ses-email-sender.js';
import type { OutboundEmail } from '../../../../shared/ports.js';

const sesMock = mockClient(SESv2Client);
const email: OutboundEmail = {
  idempotencyKey: 'r-f1-d-5',
  to: 'pagos@ferreteria.example.com',
  subject: 'Recordatorio: factura F-1 vence el 1 de diciembre',
  text: 'Hola, Ferretería del Norte…',
  html: '<p>Hola, Ferretería del Norte…</p>',
  date: new Date('2026-11-26T15:00:00Z'),
  tags: { account: 'MX-100', invoice: 'F/1 #2', reminder: 'r-f1-d-5' },
};

afterEach(() => {
  sesMock.reset();
});

describe('SesEmailSender', () => {
  it('sends simple UTF-8 text + HTML content with the configuration set and sanitised tags', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: '0100018c-abc' });
    const sender = new SesEmailSender(new SESv2Client({}), { from: 'Cobranza <cobranza@example.com>', configurationSetName: 'cobranza-events' });

    const result = await sender.send(email);

    expect(result).toEqual({ messageId: '0100018c-abc' });
    const expected = {
      FromEmailAddress: 'Cobranza <cobranza@example.com>',
      Destination: { ToAddresses: ['pagos@ferreteria.example.com'] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
        },
      },
      ConfigurationSetName: 'cobranza-events',
      EmailTags: [
        { Name: 'account', Value: 'MX-100' },
        { Name: 'invoice', Value: 'F_1__2' },
        { Name: 'reminder', Value: 'r-f1-d-5' },
      ],
    };
    expect(sesMock).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, expected);
    expect(sesMock.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual(expected);
  });

  it('rethrows SES errors so the queue retries', async () => {
    sesMock.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    const sender = new SesEmailSender(new SESv2Client({}), { from: 'cobranza@example.com' });

    await expect(sender.send(email)).rejects.toThrow('slow down');
  });
});

describe('sesTags', () => {
  it('keeps only allowed characters, cuts to 256 and drops empty tags', () => {
    expect(sesTags({ 'a.b': 'é', long: 'x'.repeat(300), empty: '' })).toEqual([
      { Name: 'a_b', Value: '_' },
      { Name: 'long', Value: 'x'.repeat(256) },
    ]);
  });
});
