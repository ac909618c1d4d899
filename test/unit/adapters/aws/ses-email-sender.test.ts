import 'aws-sdk-client-mock-vitest/extend';
import {
  AccountSuspendedException,
  BadRequestException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SendEmailCommand,
  SendingPausedException,
  SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesEmailSender, sesTags, unsubscribeHeaders } from '../../../../shared/adapters/aws/ses-email-sender.js';
import { PermanentDeliveryError } from '../../../../shared/domain/channels/errors.js';
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

  it('sends attachments in the Simple content: the PDF bytes, file name, type and disposition (SES base64-encodes them)', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: '0100018c-pdf' });
    const sender = new SesEmailSender(new SESv2Client({}), { from: 'cobranza@example.com' });
    const pdf = '%PDF-1.4\n% carta de cobranza \\341\n%%EOF\n';

    await sender.send({ ...email, attachments: [{ filename: 'carta-de-cobranza-2026-12-02.pdf', contentType: 'application/pdf', contentBase64: Buffer.from(pdf, 'latin1').toString('base64') }] });

    const simple = sesMock.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!;
    expect(simple.Attachments).toHaveLength(1);
    const [attachment] = simple.Attachments!;
    expect(attachment).toMatchObject({ FileName: 'carta-de-cobranza-2026-12-02.pdf', ContentType: 'application/pdf', ContentDisposition: 'ATTACHMENT', ContentTransferEncoding: 'BASE64' });
    expect(Buffer.from(attachment!.RawContent!).toString('latin1')).toBe(pdf);
    // Without attachments the input carries no Attachments key at all (the reminder test above checks the exact input).
    await sender.send(email);
    expect(sesMock.commandCalls(SendEmailCommand)[1]!.args[0].input.Content!.Simple).not.toHaveProperty('Attachments');
  });

  it('sends the Reply-To address as ReplyToAddresses, so the debtor\'s answer reaches a mailbox someone reads', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: '0100018c-reply' });
    const sender = new SesEmailSender(new SESv2Client({}), { from: 'Cobranza <no-reply@example.com>' });

    await sender.send({ ...email, replyTo: 'cobranza@example.com' });
    await sender.send(email);

    expect(sesMock).toHaveReceivedNthCommandWith(SendEmailCommand, 1, {
      FromEmailAddress: 'Cobranza <no-reply@example.com>',
      Destination: { ToAddresses: ['pagos@ferreteria.example.com'] },
      ReplyToAddresses: ['cobranza@example.com'],
    });
    // Without one, SES gets no ReplyToAddresses at all (answers go to the From address).
    expect(sesMock.commandCalls(SendEmailCommand)[1]!.args[0].input).not.toHaveProperty('ReplyToAddresses');
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

describe('SesEmailSender: one-click unsubscribe and recipient errors', () => {
  const sender = () => new SesEmailSender(new SESv2Client({}), { from: 'Cobranza <cobranza@example.com>', configurationSetName: 'cobranza-events' });

  it('adds the RFC 8058 List-Unsubscribe headers to the Simple content when unsubscribeUrl is set', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: '0100018c-def' });
    const url = 'https://cobranza.example.com/unsubscribe?t=eyJhIjoiTVgtMTAwIn0.c2ln';

    await sender().send({ ...email, unsubscribeUrl: url });

    expect(sesMock).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'Cobranza <cobranza@example.com>',
      Destination: { ToAddresses: ['pagos@ferreteria.example.com'] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          Headers: [
            { Name: 'List-Unsubscribe', Value: `<${url}>` },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      ConfigurationSetName: 'cobranza-events',
      EmailTags: [
        { Name: 'account', Value: 'MX-100' },
        { Name: 'invoice', Value: 'F_1__2' },
        { Name: 'reminder', Value: 'r-f1-d-5' },
      ],
    });
  });

  it('percent-encodes a non-ASCII URL (SES header values are printable ASCII) and refuses an unparsable one', () => {
    expect(unsubscribeHeaders('https://cobranza.example.com/baja/compañía')[0]).toEqual({ Name: 'List-Unsubscribe', Value: '<https://cobranza.example.com/baja/compa%C3%B1%C3%ADa>' });
    expect(() => sender().sendInput({ ...email, unsubscribeUrl: 'not a url' })).toThrow('unsubscribeUrl is not a valid URL');
    expect(() => unsubscribeHeaders(`https://x.example/${'a'.repeat(1000)}`)).toThrow(/longer than SES allows/);
  });

  it.each([
    ['a suppressed address', new MessageRejected({ message: 'Email address is on the suppression list for your account.', $metadata: {} }), 'suppressed'],
    ['an illegal address', new MessageRejected({ message: 'Illegal address', $metadata: {} }), 'invalid-address'],
    ["an address without '@domain'", new BadRequestException({ message: "Missing final '@domain'", $metadata: {} }), 'invalid-address'],
    [
      'an unverified recipient (sandbox)',
      new MessageRejected({ message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: pagos@ferreteria.example.com', $metadata: {} }),
      'not-permitted',
    ],
  ])('%s → PermanentDeliveryError(%s)', async (_, error, reason) => {
    sesMock.on(SendEmailCommand).rejects(error);

    const thrown = await sender().send(email).then(
      () => expect.unreachable('expected the send to fail'),
      (failure: unknown) => failure,
    );

    expect(thrown).toBeInstanceOf(PermanentDeliveryError);
    expect((thrown as PermanentDeliveryError).reason).toBe(reason);
    expect((thrown as Error).cause).toBe(error);
  });

  it.each([
    ['an unverified sender', new MessageRejected({ message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: cobranza@example.com', $metadata: {} })],
    ['content SES refuses', new MessageRejected({ message: 'Message length is more than 10485760 bytes long.', $metadata: {} })],
    ['paused sending', new SendingPausedException({ message: 'Sending is paused for this account.', $metadata: {} })],
    ['a suspended account', new AccountSuspendedException({ message: 'suspended', $metadata: {} })],
    ['an unverified MAIL FROM domain', new MailFromDomainNotVerifiedException({ message: 'not verified', $metadata: {} })],
  ])('rethrows %s as is', async (_, error) => {
    sesMock.on(SendEmailCommand).rejects(error);

    await expect(sender().send(email)).rejects.toBe(error);
  });
});
