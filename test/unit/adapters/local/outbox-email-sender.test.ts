import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxEmailSender } from '../../../../shared/adapters/local/outbox-email-sender.js';
import type { OutboundEmail } from '../../../../shared/ports.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-outbox-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const email: OutboundEmail = {
  idempotencyKey: 'r-MX-100-F-1-d-5',
  to: 'pagos@ferreteria.example.com',
  subject: 'Recordatorio: su factura F-1 por $12,345.67 vence el 1 de diciembre — gracias',
  text: 'Estimado cliente de Ferretería del Norte, S.A. de C.V.:\n\nLe recordamos que la factura F-1 por $12,345.67 MXN vence el 1 de diciembre de 2026.\n',
  html: '<p>Estimado cliente de <strong>Ferretería del Norte, S.A. de C.V.</strong>:</p><p>Le recordamos que la factura F-1 por $12,345.67 MXN vence el 1 de diciembre de 2026.</p>',
  date: new Date('2026-11-26T15:00:00Z'),
  tags: { account: 'MX-100', invoice: 'F-1', reminder: 'r-MX-100-F-1-d-5' },
};

/** A minimal RFC 5322 / MIME reader for the assertions (headers unfolded, encoded words and parts decoded). */
function parse(raw: string) {
  const [head = '', ...rest] = raw.split(/\r\n\r\n/);
  const body = rest.join('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

function decodePart(part: string): { type: string; content: string } {
  // The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1).
  const { headers, body } = parse(part.replace(/^\r\n/, '').replace(/\r\n$/, ''));
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
        : Buffer.from(body, 'utf8');
  return { type: headers.get('content-type') ?? '', content: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

describe('OutboxEmailSender', () => {
  it('writes a real .eml named by date and key: Date = send time, deterministic Message-ID, tags as X-headers, text + html', async () => {
    const outbox = new OutboxEmailSender({ outboxDir: join(dir, 'one'), from: 'Cobranza <cobranza@example.com>' });

    const { messageId } = await outbox.send(email);

    expect(messageId).toBe('<r-MX-100-F-1-d-5@cobranza.local>');
    const file = outbox.fileFor(email);
    expect(file).toBe(join(dir, 'one', 'email', '2026-11-26T15-00-00.000Z_r-MX-100-F-1-d-5.eml'));
    const raw = await readFile(file, 'utf8');
    const { headers, body } = parse(raw);
    expect(new Date(headers.get('date')!).toISOString()).toBe('2026-11-26T15:00:00.000Z');
    expect(headers.get('message-id')).toBe('<r-MX-100-F-1-d-5@cobranza.local>');
    expect(headers.get('from')).toBe('Cobranza <cobranza@example.com>');
    expect(headers.get('to')).toBe('pagos@ferreteria.example.com');
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('subject')).toMatch(/^=\?UTF-8\?/i);
    expect(decodeWords(headers.get('subject')!)).toBe(email.subject);
    expect(headers.get('x-cobranza-account')).toBe('MX-100');
    expect(headers.get('x-cobranza-invoice')).toBe('F-1');
    expect(headers.get('x-cobranza-reminder')).toBe('r-MX-100-F-1-d-5');

    const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type')!)?.[1];
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative;/);
    const parts = body.split(`--${boundary}`).slice(1, -1).map(decodePart);
    expect(parts.map((p) => p.type.split(';')[0])).toEqual(['text/plain', 'text/html']);
    expect(parts.every((p) => /charset=utf-8/i.test(p.type))).toBe(true);
    expect(parts[0]!.content).toBe(email.text);
    expect(parts[1]!.content).toBe(email.html);
    // Lines are CRLF-terminated, as RFC 5322 wants.
    expect(raw.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
  });

  it('is idempotent on the key: a second send (even later, from a new process) writes nothing new', async () => {
    const outboxDir = join(dir, 'idem');
    const first = new OutboxEmailSender({ outboxDir, from: 'cobranza@example.com' });
    await first.send(email);

    const again = await first.send({ ...email, date: new Date('2026-11-27T15:00:00Z') });
    const restarted = new OutboxEmailSender({ outboxDir, from: 'cobranza@example.com' });
    const afterRestart = await restarted.send({ ...email, date: new Date('2026-11-28T15:00:00Z') });
    await Promise.all([restarted.send({ ...email, idempotencyKey: 'other' }), restarted.send({ ...email, idempotencyKey: 'other' })]);

    expect(again.messageId).toBe('<r-MX-100-F-1-d-5@cobranza.local>');
    expect(afterRestart.messageId).toBe('<r-MX-100-F-1-d-5@cobranza.local>');
    expect(await readdir(join(outboxDir, 'email'))).toEqual(['2026-11-26T15-00-00.000Z_other.eml', '2026-11-26T15-00-00.000Z_r-MX-100-F-1-d-5.eml']);
    expect(restarted.fileFor({ ...email, date: new Date('2030-01-01T00:00:00Z') })).toBe(join(outboxDir, 'email', '2026-11-26T15-00-00.000Z_r-MX-100-F-1-d-5.eml'));
  });

  it('encodes keys that are not file- or Message-ID-safe, keeping distinct keys distinct', async () => {
    const outbox = new OutboxEmailSender({ outboxDir: join(dir, 'odd'), from: 'cobranza@example.com' });

    const a = await outbox.send({ ...email, idempotencyKey: 'F/1#d 5' });
    const b = await outbox.send({ ...email, idempotencyKey: 'F_1#d 5' });

    expect(a.messageId).toBe('<F%2F1%23d%205@cobranza.local>');
    expect(b.messageId).not.toBe(a.messageId);
    expect((await readdir(join(dir, 'odd', 'email'))).sort()).toEqual(['2026-11-26T15-00-00.000Z_F%2F1%23d%205.eml', '2026-11-26T15-00-00.000Z_F_1%23d%205.eml']);
  });

  it('writes the RFC 8058 one-click unsubscribe headers when the email has an unsubscribeUrl, and none without', async () => {
    const outbox = new OutboxEmailSender({ outboxDir: join(dir, 'unsubscribe'), from: 'cobranza@example.com' });
    const url = 'http://127.0.0.1:8787/unsubscribe?t=eyJhIjoiTVgtMTAwIn0.c2lnbmF0dXJlLXRoYXQtaXMtcXVpdGUtbG9uZy1pbmRlZWQtdG8tZm9sZA';

    await outbox.send({ ...email, unsubscribeUrl: url });
    await outbox.send({ ...email, idempotencyKey: 'plain' });

    const { headers } = parse(await readFile(outbox.fileFor(email), 'utf8'));
    expect(headers.get('list-unsubscribe')?.replace(/\s+/g, '')).toBe(`<${url}>`);
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const plain = parse(await readFile(outbox.fileFor({ ...email, idempotencyKey: 'plain' }), 'utf8'));
    expect(plain.headers.has('list-unsubscribe')).toBe(false);
    expect(plain.headers.has('list-unsubscribe-post')).toBe(false);
  });

  it('writes the Reply-To header when the email has a replyTo, and none without', async () => {
    const outbox = new OutboxEmailSender({ outboxDir: join(dir, 'reply-to'), from: 'Cobranza <no-reply@example.com>' });

    await outbox.send({ ...email, replyTo: 'cobranza@example.com' });
    await outbox.send({ ...email, idempotencyKey: 'no-reply-to' });

    const { headers } = parse(await readFile(outbox.fileFor(email), 'utf8'));
    expect(headers.get('reply-to')).toBe('cobranza@example.com');
    expect(headers.get('from')).toBe('Cobranza <no-reply@example.com>');
    const without = parse(await readFile(outbox.fileFor({ ...email, idempotencyKey: 'no-reply-to' }), 'utf8'));
    expect(without.headers.has('reply-to')).toBe(false);
  });

  it('writes attachments as attachment parts (multipart/mixed) whose bytes decode to the file sent', async () => {
    const outbox = new OutboxEmailSender({ outboxDir: join(dir, 'attach'), from: 'cobranza@example.com' });
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n(Carta de cobranza \\341)\n%%EOF\n';

    await outbox.send({ ...email, attachments: [{ filename: 'carta-de-cobranza-2026-12-02.pdf', contentType: 'application/pdf', contentBase64: Buffer.from(pdf, 'latin1').toString('base64') }] });

    const { headers, body } = parse(await readFile(outbox.fileFor(email), 'utf8'));
    expect(headers.get('content-type')).toMatch(/^multipart\/mixed;/);
    const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type')!)?.[1];
    const parts = body.split(`--${boundary}`).slice(1, -1).map((part) => parse(part.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    expect(parts.map((p) => p.headers.get('content-type')?.split(';')[0])).toEqual(['multipart/alternative', 'application/pdf']);
    const attachment = parts[1]!;
    expect(attachment.headers.get('content-disposition')).toMatch(/^attachment;\s*filename=carta-de-cobranza-2026-12-02\.pdf$/);
    expect(attachment.headers.get('content-transfer-encoding')).toBe('base64');
    expect(Buffer.from(attachment.body, 'base64').toString('latin1')).toBe(pdf);
  });
});
