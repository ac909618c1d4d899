import { SendEmailCommand, type Attachment, type MessageHeader, type MessageTag, type SendEmailCommandInput, type SESv2Client } from '@aws-sdk/client-sesv2';
import { PermanentDeliveryError } from '../../domain/channels/errors.js';
import type { EmailAttachment } from '../../domain/types.js';
import type { EmailSender, OutboundEmail } from '../../ports.js';
import { isAwsError } from './errors.js';

export interface SesEmailSenderConfig {
  /** Verified sender, e.g. `Cobranza <cobranza@example.com>`. */
  readonly from: string;
  /** Configuration set that routes delivery, bounce, complaint, open and click events back to us. */
  readonly configurationSetName?: string;
}

/** SES allows only ASCII letters, digits, `_` and `-` in tag names and values, at most 256 characters. */
const TAG_MAX = 256;
/** SES: a header value is printable ASCII, at most 995 characters (`<` and `>` included). */
const HEADER_VALUE_MAX = 995;

/**
 * EmailSender on SES v2 SendEmail (simple content, text + HTML, UTF-8). The tags become SES message
 * tags, so delivery events come back labelled with account, invoice and reminder. SES has no
 * idempotency key: the send-email function guards each reminder with Powertools idempotency.
 *
 * With `replyTo` the debtor's answers go to that address (`ReplyToAddresses`), not to the sender.
 * With `unsubscribeUrl` the message gets the RFC 8058 one-click headers (`List-Unsubscribe: <url>`,
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`) through Simple content `Headers`, which
 * Gmail and Yahoo require of bulk senders. Attachments (the pre-legal letter's PDF) go in Simple
 * content `Attachments` too, so no raw MIME is built here; SES caps the whole message at 40 MB.
 *
 * Errors: SendEmail refuses few things per recipient (a suppressed address is normally accepted and
 * bounces later as `OnAccountSuppressionList`, see the channel events), so only these become
 * PermanentDeliveryError; the rest (throttling, paused or suspended sending, an unverified sender,
 * content SES refuses) is rethrown for the queue to retry and dead-letter:
 *
 * | exception                           | message says                                     | reason          |
 * | ----------------------------------- | ------------------------------------------------ | --------------- |
 * | MessageRejected                     | suppressed / blacklisted address                 | suppressed      |
 * | MessageRejected, BadRequestException| illegal address, missing '@domain', bad domain   | invalid-address |
 * | MessageRejected                     | not verified, naming the recipient (sandbox)     | not-permitted   |
 *
 * @example
 * const email = new SesEmailSender(new SESv2Client({}), { from: env.sesFromAddress, configurationSetName: env.sesConfigurationSet });
 */
export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly config: SesEmailSenderConfig,
  ) {}

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const input = this.sendInput(email);
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(new SendEmailCommand(input)));
    } catch (error) {
      throw permanentEmailError(error, email.to) ?? error;
    }
    if (!messageId) throw new Error(`SES accepted email ${email.idempotencyKey} without a MessageId`);
    return { messageId };
  }

  /** The exact SendEmail input for `email`. */
  sendInput(email: OutboundEmail): SendEmailCommandInput {
    const tags = sesTags(email.tags);
    const headers = email.unsubscribeUrl === undefined ? [] : unsubscribeHeaders(email.unsubscribeUrl);
    return {
      FromEmailAddress: this.config.from,
      Destination: { ToAddresses: [email.to] },
      ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
          ...(headers.length > 0 ? { Headers: headers } : {}),
          ...(email.attachments?.length ? { Attachments: email.attachments.map(sesAttachment) } : {}),
        },
      },
      ...(this.config.configurationSetName ? { ConfigurationSetName: this.config.configurationSetName } : {}),
      ...(tags.length > 0 ? { EmailTags: tags } : {}),
    };
  }
}

/** An attachment as SES v2 takes it: the SDK base64-encodes `RawContent` on the wire. */
function sesAttachment(attachment: EmailAttachment): Attachment {
  return {
    FileName: attachment.filename,
    ContentType: attachment.contentType,
    ContentDisposition: 'ATTACHMENT',
    ContentTransferEncoding: 'BASE64',
    RawContent: Buffer.from(attachment.contentBase64, 'base64'),
  };
}

/** Tags as SES accepts them: other characters become `_`, cut to 256; empty names or values dropped. */
export function sesTags(tags: Readonly<Record<string, string>>): MessageTag[] {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, TAG_MAX);
  return Object.entries(tags)
    .map(([name, value]) => ({ Name: clean(name), Value: clean(value) }))
    .filter((tag) => tag.Name.length > 0 && tag.Value.length > 0);
}

/**
 * The RFC 8058 one-click unsubscribe headers for `url`. The URL is normalised by the URL parser
 * (non-ASCII percent-encoded, so the value is printable ASCII as SES requires); an unparsable or
 * over-long URL is our configuration's fault and throws instead of sending without the headers.
 *
 * @example
 * unsubscribeHeaders('https://cobranza.example.com/unsubscribe?t=abc')
 * // [{ Name: 'List-Unsubscribe', Value: '<https://cobranza.example.com/unsubscribe?t=abc>' },
 * //  { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' }]
 */
export function unsubscribeHeaders(url: string): MessageHeader[] {
  let href: string;
  try {
    href = new URL(url).href;
  } catch (error) {
    throw new Error('unsubscribeUrl is not a valid URL', { cause: error });
  }
  const value = `<${href}>`;
  if (value.length > HEADER_VALUE_MAX) throw new Error(`unsubscribeUrl is longer than SES allows in a header (${value.length} > ${HEADER_VALUE_MAX})`);
  return [
    { Name: 'List-Unsubscribe', Value: value },
    { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
  ];
}

const SUPPRESSED = /suppress|blacklist/i;
const INVALID_ADDRESS = /illegal address|missing final '@|local address contains|domain contains (illegal|control)|domain ends with dot|invalid (email )?address/i;
const NOT_VERIFIED = /not verified/i;

/** The PermanentDeliveryError for an SES error about the recipient `to` (see the class table), or undefined. */
export function permanentEmailError(error: unknown, to: string): PermanentDeliveryError | undefined {
  const rejected = isAwsError(error, 'MessageRejected');
  if (!rejected && !isAwsError(error, 'BadRequestException')) return undefined;
  const message = (error as Error).message;
  let reason: string | undefined;
  if (rejected && SUPPRESSED.test(message)) reason = 'suppressed';
  else if (INVALID_ADDRESS.test(message)) reason = 'invalid-address';
  // In the sandbox SES names the unverified identities; only the recipient's makes this address hopeless.
  else if (rejected && NOT_VERIFIED.test(message) && message.toLowerCase().includes(to.trim().toLowerCase())) reason = 'not-permitted';
  if (!reason) return undefined;
  return Object.assign(new PermanentDeliveryError(`SES refused the recipient: ${(error as Error).name} (${reason})`, reason), { cause: error });
}
