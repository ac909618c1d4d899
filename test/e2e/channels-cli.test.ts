import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type Json } from './support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The channel commands as a user runs them: preview what a step would send, a debtor replying by SMS
 * and WhatsApp, a provider reporting a bounce, and the consent record they leave behind.
 */
let dataDir: string;


const cli = (...args: string[]) => runCli(dataDir, args);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cobranza-channels-cli-'));
  for (const file of ['cartera-mx.csv', 'portfolio-us.json']) {
    expect((await cli('ingest', `examples/invoices/${file}`, '--now', '2026-11-23T14:00:00Z', '--json')).code).toBe(0);
  }
  expect((await cli('advance', '12d', '--json')).json.sent).toMatchObject({ email: expect.any(Number), sms: expect.any(Number), whatsapp: expect.any(Number) });
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('cobranza channel commands', () => {
  it('previews a step on the channel the customer prefers, without sending it', async () => {
    const before = (await cli('status', '--json')).json.sent;
    const sms = await cli('preview', '--account', 'C-1003', '--step', 'd+35', '--channel', 'sms', '--json');
    expect(sms.code).toBe(0);
    expect(sms.json).toMatchObject({ accountId: 'C-1003', step: 'd+35', channel: 'sms', to: '+528181234567', cost: { currency: 'USD' } });
    expect(sms.json.message.segments).toBeLessThanOrEqual(2);
    const whatsapp = await cli('preview', '--account', 'PE-601', '--step', 'd+3', '--json');
    expect(whatsapp.json).toMatchObject({ channel: 'whatsapp', message: { templateName: expect.stringMatching(/^cobranza_/), languageCode: 'es_PE' } });
    expect((await cli('status', '--json')).json.sent).toEqual(before);
  });

  it('explains a step the account does not have', async () => {
    const result = await cli('preview', '--account', 'US-501', '--step', 'd+999');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no open invoice of US-501 has a step 'd\+999'.*steps: /);
  });

  it('understands a STOP by SMS: opted out of every automated channel (policy optOut.scope: account), and the consent records say so', async () => {
    const reply = await cli('reply', '--account', 'C-1003', '--channel', 'sms', 'STOP', '--json');
    expect(reply.json.kind).toBe('opt-out');
    const contacts = await cli('contacts', 'C-1003', '--json');
    expect(contacts.json.consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'sms', address: '+528181234567', status: 'opted-out', source: 'sms-keyword' }),
        expect.objectContaining({ channel: 'email', address: 'pagos@transregio.example.org', status: 'opted-out', source: 'sms-keyword' }),
        expect.objectContaining({ channel: 'whatsapp', address: '+528181234567', status: 'opted-out', source: 'sms-keyword' }),
      ]),
    );
    // …plus one per channel for any address a later file brings (address "*").
    expect(contacts.json.consents.filter((c: Json) => c.address === '*')).toHaveLength(3);
    expect(contacts.json.consents).toHaveLength(6);
  });

  it('pauses reminders after a promise by WhatsApp and acknowledges it', async () => {
    const reply = await cli('reply', '--account', 'PE-601', '--channel', 'whatsapp', 'Buenos días, pago el 20/12 sin falta', '--json');
    expect(reply.json.kind).toBe('promise');
    expect(reply.json.interactions.map((i: Json) => i.type)).toEqual(expect.arrayContaining(['promise.recorded', 'reminders.paused', 'reply.queued']));
    expect((await cli('contacts', 'PE-601', '--json')).json.pausedUntil).toMatch(/^2026-12-23T05:00:00/);
  });

  it('marks an address invalid when the provider reports a hard bounce', async () => {
    const bounce = await cli('bounce', '--account', 'US-501', '--channel', 'email', '--json');
    expect(bounce.json.interactions.map((i: Json) => i.type)).toEqual(expect.arrayContaining(['message.bounced', 'contact.invalid']));
    expect((await cli('contacts', 'US-501', '--json')).json.consents).toEqual([expect.objectContaining({ channel: 'email', status: 'invalid' })]);
  });

  it('refuses a channel it does not know', async () => {
    const result = await cli('reply', '--account', 'C-1003', '--channel', 'fax', 'hola');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--channel takes email, sms, whatsapp, got 'fax'");
  });
});
