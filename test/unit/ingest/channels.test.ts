import { describe, expect, it } from 'vitest';
import { readChannels, readOptIn } from '../../../shared/domain/ingest/channels.js';
import { readInvoiceFile } from '../../../shared/domain/ingest/index.js';
import { Readable } from 'node:stream';

describe('channel preference cell', () => {
  it.each([
    ['whatsapp, sms, email', ['whatsapp', 'sms', 'email']],
    ['WhatsApp > Correo', ['whatsapp', 'email']],
    ['SMS;correo;sms', ['sms', 'email']],
    ['e-mail | WA', ['email', 'whatsapp']],
  ])('%s → %j', (text, expected) => {
    expect(readChannels(text)).toEqual({ value: expected, warnings: [] });
  });

  it('warns about unknown words and keeps the rest', () => {
    expect(readChannels('fax, sms')).toEqual({ value: ['sms'], warnings: ["unknown channel 'fax' ignored (expected email, sms, whatsapp)"] });
  });

  it('gives no preference (the policy order) when nothing is known', () => {
    expect(readChannels('paloma mensajera').value).toBeUndefined();
  });
});

describe('WhatsApp consent cell', () => {
  it.each([['Sí', true], ['yes', true], ['1', true], ['x', true], ['No', false], ['0', false], ['', undefined]])('%s → %s', (text, value) => {
    expect(readOptIn(text).value).toBe(value);
  });

  it('treats anything unclear as no consent, with a warning', () => {
    expect(readOptIn('quizás')).toEqual({ value: false, warnings: ["WhatsApp consent 'quizás' is neither yes nor no; treated as no consent"] });
  });
});

describe('an invoice file with channel columns', () => {
  it('stores the preference and the consent on the account', async () => {
    const csv = [
      'Folio;No. Cliente;Razón Social;Celular;País;Moneda;Importe;Fecha Vencimiento;Canales;Acepta WhatsApp',
      'F-1;C-1;Ferretería Sol;55 1234 5678;MX;MXN;1,000.00;15/12/2026;whatsapp, correo;Sí',
      'F-2;C-2;Abarrotes Luna;55 8765 4321;MX;MXN;2,000.00;15/12/2026;;no',
    ].join('\n');
    const file = await readInvoiceFile(() => Readable.from([Buffer.from(csv)]), { fileName: 'cartera.csv' });
    const accounts = [];
    for await (const row of file.rows) if (row.kind === 'accepted') accounts.push(row.account);
    expect(accounts).toHaveLength(2);
    expect(accounts[0]).toMatchObject({ accountId: 'C-1', channels: ['whatsapp', 'email'], whatsappOptIn: true });
    expect(accounts[1]).toMatchObject({ accountId: 'C-2', whatsappOptIn: false });
    expect(accounts[1]).not.toHaveProperty('channels');
  });
});

describe('a JSON file with channel fields', () => {
  it('takes a list of channels and a boolean consent', async () => {
    const json = JSON.stringify([
      { invoice_number: 'E-1', customer_id: 'PE-1', country: 'PE', amount: 100, due_date: '2026-12-15', channels: ['WhatsApp', 'email'], whatsapp_opt_in: true },
      { invoice_number: 'E-2', customer_id: 'PE-2', country: 'PE', amount: 100, due_date: '2026-12-15', channels: 'sms', whatsapp_opt_in: false },
    ]);
    const file = await readInvoiceFile(() => Readable.from([Buffer.from(json)]), { fileName: 'cartera.json' });
    const accounts = [];
    for await (const row of file.rows) if (row.kind === 'accepted') accounts.push(row.account);
    expect(accounts[0]).toMatchObject({ channels: ['whatsapp', 'email'], whatsappOptIn: true });
    expect(accounts[1]).toMatchObject({ channels: ['sms'], whatsappOptIn: false });
  });
});
