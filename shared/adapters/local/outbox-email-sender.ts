import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailSender, OutboundEmail } from '../../ports.js';
import { writeFileAtomic } from './atomic-file.js';

export interface OutboxEmailSenderOptions {
  /** The outbox root; emails go to `<outboxDir>/email/`. */
  readonly outboxDir: string;
  /** From header, e.g. `Cobranza <cobranza@example.com>`. */
  readonly from: string;
}

const EML = '.eml';
const MAX_KEY_CHARS = 160;

/**
 * The embedded runtime's SES: each email becomes a real RFC 5322 message (built by nodemailer's
 * MailComposer: multipart/alternative text + HTML, UTF-8, encoded-word subject) in
 * `<outboxDir>/email/<date>_<key>.eml`, openable in any mail client. The Date header is the email's
 * (simulated) send time, the Message-ID is `<key@cobranza.local>` and each tag becomes an
 * `X-Cobranza-<Tag>` header. Idempotent on the key: a second send of a key already in the outbox
 * writes nothing and answers the same message id.
 *
 * @example
 * const outbox = new OutboxEmailSender({ outboxDir: '.cobranza/outbox', from: 'Cobranza <cobranza@example.com>' });
 * const { messageId } = await outbox.send(email);
 */
export class OutboxEmailSender implements EmailSender {
  readonly emailDir: string;
  /** Encoded key → file name of the emails already in the outbox (read once, then kept up to date). */
  private index?: Promise<Map<string, string>>;
  private readonly inFlight = new Map<string, Promise<{ messageId: string }>>();
  private readonly known = new Map<string, string>();

  constructor(private readonly options: OutboxEmailSenderOptions) {
    this.emailDir = join(options.outboxDir, 'email');
  }

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const key = encodeKey(email.idempotencyKey);
    // Two concurrent sends of one key write one file.
    const running = this.inFlight.get(key);
    if (running) return running;
    const sending = this.write(email, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, sending);
    return sending;
  }

  /** The file holding `email`: the one already written for its key, else where it would be written. */
  fileFor(email: Pick<OutboundEmail, 'idempotencyKey' | 'date'>): string {
    const key = encodeKey(email.idempotencyKey);
    return join(this.emailDir, this.known.get(key) ?? fileName(email.date, key));
  }

  /** The Message-ID of the email with this idempotency key. */
  static messageIdFor(idempotencyKey: string): string {
    return `<${encodeKey(idempotencyKey)}@cobranza.local>`;
  }

  private async write(email: OutboundEmail, key: string): Promise<{ messageId: string }> {
    const messageId = OutboxEmailSender.messageIdFor(email.idempotencyKey);
    const index = await this.existing();
    if (index.has(key)) return { messageId };

    const headers = Object.fromEntries(
      Object.entries(email.tags)
        .filter(([tag]) => headerWord(tag) !== '')
        .map(([tag, value]) => [`X-Cobranza-${headerWord(tag)}`, value.replace(/[\r\n]+/g, ' ')]),
    );
    const message = await new MailComposer({
      from: this.options.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      date: email.date,
      messageId,
      headers,
      newline: 'win',
      // Derived from the key instead of random, so the same email always builds the same bytes.
      baseBoundary: createHash('sha256').update(email.idempotencyKey).digest('hex').slice(0, 24),
    })
      .compile()
      .build();
    const name = fileName(email.date, key);
    await writeFileAtomic(join(this.emailDir, name), message);
    index.set(key, name);
    this.known.set(key, name);
    return { messageId };
  }

  private existing(): Promise<Map<string, string>> {
    this.index ??= readdir(this.emailDir)
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      })
      .then((names) => {
        const index = new Map<string, string>();
        for (const name of names.filter((n) => n.endsWith(EML))) {
          const separator = name.indexOf('_');
          if (separator > 0) index.set(name.slice(separator + 1, -EML.length), name);
        }
        for (const [key, name] of index) this.known.set(key, name);
        return index;
      });
    return this.index;
  }
}

/** `2026-11-23T14-00-00.000Z_<key>.eml`: sorts by send time, no `:` (not allowed on every file system). */
function fileName(date: Date, key: string): string {
  return `${date.toISOString().replace(/:/g, '-')}_${key}${EML}`;
}

/**
 * The key as a file-name and Message-ID safe word: letters, digits, `-` and `_` stay, every other
 * byte becomes `%XX` (so distinct keys stay distinct); a very long key is cut and suffixed with a hash.
 */
function encodeKey(key: string): string {
  const encoded = [...Buffer.from(key, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  if (encoded.length <= MAX_KEY_CHARS) return encoded;
  return `${encoded.slice(0, MAX_KEY_CHARS - 17)}~${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** `invoice` → `Invoice`, `reminder_id` → `Reminder-Id`: a header-name word. */
function headerWord(tag: string): string {
  return tag
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('-');
}
