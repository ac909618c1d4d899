import { SendEmailCommand, type MessageTag, type SendEmailCommandInput, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailSender, OutboundEmail } from '../../ports.js';

export interface SesEmailSenderConfig {
  /** Verified sender, e.g. `Cobranza <cobranza@example.com>`. */
  readonly from: string;
  /** Configuration set that routes delivery, bounce, complaint, open and click events back to us. */
  readonly configurationSetName?: string;
}

/** SES allows only ASCII letters, digits, `_` and `-` in tag names and values, at most 256 characters. */
const TAG_MAX = 256;

/**
 * EmailSender on SES v2 SendEmail (simple content, text + HTML, UTF-8). The tags become SES message
 * tags, so delivery events come back labelled with account, invoice and reminder. SES has no
 * idempotency key: the send-email function guards each reminder with Powertools idempotency.
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
    const out = await this.client.send(new SendEmailCommand(this.sendInput(email)));
    if (!out.MessageId) throw new Error(`SES accepted email ${email.idempotencyKey} without a MessageId`);
    return { messageId: out.MessageId };
  }

  /** The exact SendEmail input for `email`. */
  sendInput(email: OutboundEmail): SendEmailCommandInput {
    const tags = sesTags(email.tags);
    return {
      FromEmailAddress: this.config.from,
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
      },
      ...(this.config.configurationSetName ? { ConfigurationSetName: this.config.configurationSetName } : {}),
      ...(tags.length > 0 ? { EmailTags: tags } : {}),
    };
  }
}

/** Tags as SES accepts them: other characters become `_`, cut to 256; empty names or values dropped. */
export function sesTags(tags: Readonly<Record<string, string>>): MessageTag[] {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, TAG_MAX);
  return Object.entries(tags)
    .map(([name, value]) => ({ Name: clean(name), Value: clean(value) }))
    .filter((tag) => tag.Name.length > 0 && tag.Value.length > 0);
}
