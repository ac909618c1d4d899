import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessageId } from '../../../../shared/adapters/local/outbox-sms-sender.js';
import { OutboxWhatsAppSender } from '../../../../shared/adapters/local/outbox-whatsapp-sender.js';
import { PermanentDeliveryError } from '../../../../shared/domain/channels/errors.js';
import type { OutboundWhatsApp } from '../../../../shared/ports.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-outbox-whatsapp-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const message: OutboundWhatsApp = {
  idempotencyKey: 'r-MX-100-F-1-d-5/whatsapp',
  to: '+525512345678',
  templateName: 'recordatorio_pago',
  languageCode: 'es_MX',
  parameters: ['Ferretería del Norte', 'F-1', '$12,345.67 MXN', '1 de diciembre'],
  preview: 'Hola Ferretería del Norte, su factura F-1 por $12,345.67 MXN vence el 1 de diciembre.',
  date: new Date('2026-11-26T15:00:00Z'),
  tags: { account: 'MX-100', invoice: 'F-1', reminder: 'r-MX-100-F-1-d-5' },
};

describe('OutboxWhatsAppSender', () => {
  it('writes the template, parameters, preview and tags as JSON under whatsapp/', async () => {
    const outbox = new OutboxWhatsAppSender({ outboxDir: join(dir, 'one'), describe: () => ({ category: 'utility', cost: { amount: 85, currency: 'USD', exponent: 4 }, preview: 'ignored' }) });

    const { messageId } = await outbox.send(message);

    expect(messageId).toBe(outboxMessageId('whatsapp', message.idempotencyKey));
    const file = outbox.fileFor(message);
    expect(file).toBe(join(dir, 'one', 'whatsapp', '2026-11-26T15-00-00.000Z_r-MX-100-F-1-d-5%2Fwhatsapp.json'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      id: messageId,
      channel: 'whatsapp',
      date: '2026-11-26T15:00:00.000Z',
      to: '+525512345678',
      templateName: 'recordatorio_pago',
      languageCode: 'es_MX',
      parameters: message.parameters,
      preview: message.preview,
      tags: message.tags,
      category: 'utility',
      cost: { amount: 85, currency: 'USD', exponent: 4 },
    });
  });

  it('is idempotent on the key, also across restarts', async () => {
    const outboxDir = join(dir, 'idem');
    const first = await new OutboxWhatsAppSender({ outboxDir }).send(message);
    const second = await new OutboxWhatsAppSender({ outboxDir }).send({ ...message, date: new Date('2026-11-30T15:00:00Z') });

    expect(second).toEqual(first);
    expect(await readdir(join(outboxDir, 'whatsapp'))).toEqual(['2026-11-26T15-00-00.000Z_r-MX-100-F-1-d-5%2Fwhatsapp.json']);
  });

  it('simulates a number without WhatsApp as PermanentDeliveryError(no-whatsapp), writing nothing', async () => {
    const outboxDir = join(dir, 'fail');
    const outbox = new OutboxWhatsAppSender({ outboxDir, failures: () => ({ reason: 'no-whatsapp' }) });

    const refused = outbox.send(message);

    await expect(refused).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(refused).rejects.toMatchObject({ reason: 'no-whatsapp', message: 'simulated WhatsApp failure: no-whatsapp' });
    await expect(readdir(join(outboxDir, 'whatsapp'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
