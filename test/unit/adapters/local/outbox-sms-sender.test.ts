import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxSmsSender, outboxMessageId } from '../../../../shared/adapters/local/outbox-sms-sender.js';
import { PermanentDeliveryError } from '../../../../shared/domain/channels/errors.js';
import type { OutboundSms } from '../../../../shared/ports.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-outbox-sms-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sms: OutboundSms = {
  idempotencyKey: 'r-MX-100-F-1-d-5:sms',
  to: '+525512345678',
  body: 'Ferretería del Norte: su factura F-1 por $12,345.67 vence el 1/12.',
  country: 'MX',
  date: new Date('2026-11-26T15:00:00Z'),
  tags: { account: 'MX-100', invoice: 'F-1', reminder: 'r-MX-100-F-1-d-5' },
};

describe('OutboxSmsSender', () => {
  it('writes one JSON file per message under sms/, named by date and key, with the caller’s extra fields', async () => {
    const outbox = new OutboxSmsSender({
      outboxDir: join(dir, 'one'),
      describe: (message) => ({ segments: 1, encoding: 'UCS-2', cost: { amount: 209, currency: 'USD', exponent: 4 }, to: 'ignored', length: message.body.length }),
    });

    const { messageId } = await outbox.send(sms);

    expect(messageId).toBe(outboxMessageId('sms', sms.idempotencyKey));
    expect(messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const file = outbox.fileFor(sms);
    expect(file).toBe(join(dir, 'one', 'sms', '2026-11-26T15-00-00.000Z_r-MX-100-F-1-d-5%3Asms.json'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      id: messageId,
      channel: 'sms',
      date: '2026-11-26T15:00:00.000Z',
      to: '+525512345678',
      body: sms.body,
      tags: sms.tags,
      segments: 1,
      encoding: 'UCS-2',
      cost: { amount: 209, currency: 'USD', exponent: 4 },
      length: sms.body.length,
    });
  });

  it('is idempotent on the key: same file and id on a repeat, after a restart, and for concurrent sends', async () => {
    const outboxDir = join(dir, 'idem');
    const first = new OutboxSmsSender({ outboxDir });
    const a = await first.send(sms);
    const again = await first.send({ ...sms, date: new Date('2026-11-27T15:00:00Z'), body: 'changed' });
    const restarted = new OutboxSmsSender({ outboxDir });
    const afterRestart = await restarted.send({ ...sms, date: new Date('2026-11-28T15:00:00Z') });
    const [x, y] = await Promise.all([restarted.send({ ...sms, idempotencyKey: 'other' }), restarted.send({ ...sms, idempotencyKey: 'other' })]);

    expect(again).toEqual(a);
    expect(afterRestart).toEqual(a);
    expect(x).toEqual(y);
    expect(x.messageId).not.toBe(a.messageId);
    expect((await readdir(join(outboxDir, 'sms'))).sort()).toEqual(['2026-11-26T15-00-00.000Z_other.json', '2026-11-26T15-00-00.000Z_r-MX-100-F-1-d-5%3Asms.json']);
    expect(JSON.parse(await readFile(restarted.fileFor({ ...sms, date: new Date('2030-01-01T00:00:00Z') }), 'utf8'))).toMatchObject({ body: sms.body });
  });

  it('simulates a refused number: PermanentDeliveryError with the given reason, nothing written', async () => {
    const outboxDir = join(dir, 'fail');
    const outbox = new OutboxSmsSender({ outboxDir, failures: (to) => (to === '+525500000000' ? { reason: 'invalid-number' } : undefined) });

    const refused = outbox.send({ ...sms, to: '+525500000000' });

    await expect(refused).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(refused).rejects.toMatchObject({ reason: 'invalid-number' });
    await expect(readdir(join(outboxDir, 'sms'))).rejects.toMatchObject({ code: 'ENOENT' });
    await outbox.send(sms);
    expect(await readdir(join(outboxDir, 'sms'))).toHaveLength(1);
  });

  it('gives one key different ids on different channels', () => {
    expect(outboxMessageId('sms', 'k')).not.toBe(outboxMessageId('whatsapp', 'k'));
  });
});
