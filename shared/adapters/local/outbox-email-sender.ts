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

const MAX_KEY_CHARS = 160;

/**
 * The embedded runtime's SES: each email becomes a real RFC 5322 message (built by nodemailer's
 * MailComposer: multipart/alternative text + HTML, UTF-8, encoded-word subject) in
 * `<outboxDir>/email/<date>_<key>.eml`, openable in any mail client. The Date header is the email's
 * (simulated) send time, the Message-ID is `<key@cobranza.local>`, each tag becomes an
 * `X-Cobranza-<Tag>` header, a `replyTo` becomes the `Reply-To` header, and an `unsubscribeUrl` becomes the RFC 8058 `List-Unsubscribe` and
 * `List-Unsubscribe-Post` headers, as SES would send them; attachments become attachment parts
 * (multipart/mixed). Idempotent on the key: a second send of a
 * key already in the outbox writes nothing and answers the same message id.
 *
 * @example
 * const outbox = new OutboxEmailSender({ outboxDir: '.cobranza/outbox', from: 'Cobranza <cobranza@example.com>' });
 * const { messageId } = await outbox.send(email);
 */
export class OutboxEmailSender implements EmailSender {
  readonly emailDir: string;
  private readonly folder: OutboxFolder;

  constructor(private readonly options: OutboxEmailSenderOptions) {
    this.emailDir = join(options.outboxDir, 'email');
    this.folder = new OutboxFolder(this.emailDir, '.eml');
  }

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const messageId = OutboxEmailSender.messageIdFor(email.idempotencyKey);
    await this.folder.writeOnce(email.idempotencyKey, email.date, () => this.compose(email, messageId));
    return { messageId };
  }

  /** The file holding `email`: the one already written for its key, else where it would be written. */
  fileFor(email: Pick<OutboundEmail, 'idempotencyKey' | 'date'>): string {
    return this.folder.fileFor(email.idempotencyKey, email.date);
  }

  /** The Message-ID of the email with this idempotency key. */
  static messageIdFor(idempotencyKey: string): string {
    return `<${OutboxFolder.encodeKey(idempotencyKey)}@cobranza.local>`;
  }

  private compose(email: OutboundEmail, messageId: string): Promise<Buffer> {
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(email.tags)
        .filter(([tag]) => headerWord(tag) !== '')
        .map(([tag, value]) => [`X-Cobranza-${headerWord(tag)}`, value.replace(/[\r\n]+/g, ' ')]),
    );
    if (email.unsubscribeUrl !== undefined) {
      headers['List-Unsubscribe'] = `<${email.unsubscribeUrl.replace(/[\r\n<>\s]+/g, '')}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    return new MailComposer({
      from: this.options.from,
      to: email.to,
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      subject: email.subject,
      text: email.text,
      html: email.html,
      date: email.date,
      messageId,
      headers,
      attachments: (email.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.contentBase64, encoding: 'base64' })),
      newline: 'win',
      // Derived from the key instead of random, so the same email always builds the same bytes.
      baseBoundary: createHash('sha256').update(email.idempotencyKey).digest('hex').slice(0, 24),
    })
      .compile()
      .build();
  }
}

/**
 * One outbox folder (`email/`, `sms/`, `whatsapp/`) holding one file per idempotency key, named
 * `<date>_<encoded key><extension>`: the local senders' idempotency. The folder is listed once, then
 * kept up to date; two concurrent writes of one key write one file.
 *
 * @example
 * const folder = new OutboxFolder('.cobranza/outbox/sms', '.json');
 * await folder.writeOnce(sms.idempotencyKey, sms.date, () => JSON.stringify(record)); // 'written', later 'exists'
 */
export class OutboxFolder {
  /** Encoded key → file name of the files already in the folder (read once, then kept up to date). */
  private index?: Promise<Map<string, string>>;
  private readonly inFlight = new Map<string, Promise<'written' | 'exists'>>();
  private readonly known = new Map<string, string>();

  constructor(
    readonly dir: string,
    private readonly extension: string,
  ) {}

  /** Writes `build()`'s content unless a file for `key` exists; `build` runs only when writing. */
  writeOnce(key: string, date: Date, build: () => string | Uint8Array | Promise<string | Uint8Array>): Promise<'written' | 'exists'> {
    const encoded = OutboxFolder.encodeKey(key);
    const running = this.inFlight.get(encoded);
    if (running) return running.then(() => 'exists');
    const writing = this.write(encoded, date, build).finally(() => this.inFlight.delete(encoded));
    this.inFlight.set(encoded, writing);
    return writing;
  }

  /** The file for `key`: the one already written, else where it would be written for `date`. */
  fileFor(key: string, date: Date): string {
    const encoded = OutboxFolder.encodeKey(key);
    return join(this.dir, this.known.get(encoded) ?? this.fileName(date, encoded));
  }

  /**
   * The key as a file-name and Message-ID safe word: letters, digits, `-` and `_` stay, every other
   * byte becomes `%XX` (so distinct keys stay distinct); a very long key is cut and suffixed with a hash.
   */
  static encodeKey(key: string): string {
    const encoded = [...Buffer.from(key, 'utf8')]
      .map((byte) => {
        const char = String.fromCharCode(byte);
        return /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      })
      .join('');
    if (encoded.length <= MAX_KEY_CHARS) return encoded;
    return `${encoded.slice(0, MAX_KEY_CHARS - 17)}~${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  }

  private async write(encoded: string, date: Date, build: () => string | Uint8Array | Promise<string | Uint8Array>): Promise<'written' | 'exists'> {
    const index = await this.existing();
    if (index.has(encoded)) return 'exists';
    const name = this.fileName(date, encoded);
    await writeFileAtomic(join(this.dir, name), await build());
    index.set(encoded, name);
    this.known.set(encoded, name);
    return 'written';
  }

  /** `2026-11-23T14-00-00.000Z_<key>.eml`: sorts by send time, no `:` (not allowed on every file system). */
  private fileName(date: Date, encoded: string): string {
    return `${date.toISOString().replace(/:/g, '-')}_${encoded}${this.extension}`;
  }

  private existing(): Promise<Map<string, string>> {
    this.index ??= readdir(this.dir)
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      })
      .then((names) => {
        const index = new Map<string, string>();
        for (const name of names.filter((n) => n.endsWith(this.extension))) {
          const separator = name.indexOf('_');
          if (separator > 0) index.set(name.slice(separator + 1, -this.extension.length), name);
        }
        for (const [key, name] of index) this.known.set(key, name);
        return index;
      });
    return this.index;
  }
}

/** `invoice` → `Invoice`, `reminder_id` → `Reminder-Id`: a header-name word. */
function headerWord(tag: string): string {
  return tag
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('-');
}
