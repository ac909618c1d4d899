import { describe, expect, it } from 'vitest';
import { mergeAccount, mergeInvoice } from '../../../shared/domain/ingest/index.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import { lines, read, type Accepted } from './support.js';

const STORED: Account = {
  accountId: 'C-1',
  name: 'Abarrotes La Esperanza',
  email: 'pagos@esperanza.example.com',
  phone: '+525551234567',
  country: 'MX',
  timezone: 'America/Tijuana',
  locale: 'en',
  region: 'Baja California',
};

const INVOICE: Invoice = { accountId: 'C-1', invoiceNumber: 'F-1', currency: 'MXN', amount: 100000, balance: 100000, dueDate: '2026-12-15', status: 'open' };

async function accepted(header: string, row: string): Promise<Accepted> {
  const [outcome] = (await read(lines(header, row))).accepted;
  if (!outcome) throw new Error('row not accepted');
  return outcome;
}

describe('an account: absent columns and empty cells change nothing', () => {
  it('keeps every stored contact field when the file has only id, amounts, due date and status', async () => {
    const row = await accepted('invoice_number,customer_id,currency,amount,due_date,status', 'F-1,C-1,MXN,1000.00,2026-12-15,paid');
    expect(row.account.name).toBe('C-1');
    expect(mergeAccount(STORED, row.account, row.provided?.account)).toEqual(STORED);
  });

  it('treats an empty cell like an absent column, and takes the values a row does give', async () => {
    const row = await accepted('invoice_number,customer_id,customer_name,email,phone,country,currency,amount,due_date', 'F-1,C-1,La Esperanza SA,,,MX,MXN,1000.00,2026-12-15');
    expect(mergeAccount(STORED, row.account, row.provided?.account)).toEqual({ ...STORED, name: 'La Esperanza SA' });
  });

  it('names a NEW account by its id when the file has no name', async () => {
    const row = await accepted('invoice_number,customer_id,currency,amount,due_date', 'F-1,C-9,MXN,1000.00,2026-12-15');
    expect(mergeAccount(undefined, row.account, row.provided?.account)).toMatchObject({ accountId: 'C-9', name: 'C-9', timezone: 'UTC' });
  });

  it('re-derives the zone and language when the country changes, not when it repeats', async () => {
    const moved = await accepted('invoice_number,customer_id,country,currency,amount,due_date', 'F-1,C-1,CO,COP,1000.00,2026-12-15');
    expect(mergeAccount(STORED, moved.account, moved.provided?.account)).toMatchObject({ country: 'CO', timezone: 'America/Bogota', locale: 'es-CO', email: STORED.email });
    const same = await accepted('invoice_number,customer_id,country,currency,amount,due_date', 'F-1,C-1,MX,MXN,1000.00,2026-12-15');
    expect(mergeAccount(STORED, same.account, same.provided?.account)).toEqual(STORED);
  });

  it('re-derives the zone from the merged account: a stored region still counts when the file has no region column', async () => {
    const header = 'invoice_number,customer_id,phone,country,currency,amount,due_date';
    const newPhone = await accepted(header, 'F-1,C-1,33 1234 5678,MX,MXN,1000.00,2026-12-15');
    expect(mergeAccount(STORED, newPhone.account, newPhone.provided?.account)).toEqual({ ...STORED, phone: '+523312345678' });
    const newRegion = await accepted('invoice_number,customer_id,region,currency,amount,due_date', 'F-1,C-1,Jalisco,MXN,1000.00,2026-12-15');
    expect(mergeAccount(STORED, newRegion.account, newRegion.provided?.account)).toEqual({ ...STORED, region: 'Jalisco', timezone: 'America/Mexico_City' });
  });

  it('replaces the stored account whole for a caller that does not say what was provided', () => {
    const fromRow: Account = { accountId: 'C-1', name: 'C-1', timezone: 'UTC', locale: 'es-419' };
    expect(mergeAccount(STORED, fromRow, undefined)).toEqual(fromRow);
  });
});

describe('an invoice: the balance a file does not give', () => {
  const header = 'invoice_number,customer_id,currency,amount,due_date,status';

  it('is 0 once the file says paid', async () => {
    const row = await accepted(header, 'F-1,C-1,MXN,1000.00,2026-12-15,pagada');
    expect(mergeInvoice({ ...INVOICE, balance: 40000 }, row.invoice, row.provided?.invoice)).toMatchObject({ status: 'paid', balance: 0 });
  });

  it('stays what was still owed while the status is unchanged; follows a corrected amount when nothing was paid', async () => {
    const row = await accepted(header, 'F-1,C-1,MXN,1200.00,2026-12-15,abierta');
    expect(mergeInvoice({ ...INVOICE, balance: 40000 }, row.invoice, row.provided?.invoice)).toMatchObject({ amount: 120000, balance: 40000 });
    expect(mergeInvoice(INVOICE, row.invoice, row.provided?.invoice)).toMatchObject({ amount: 120000, balance: 120000 });
  });

  it('keeps a stored status the file does not give, but a paid invoice with money owed is open again', async () => {
    const noStatus = await accepted('invoice_number,customer_id,currency,amount,balance,due_date', 'F-1,C-1,MXN,1000.00,250.00,2026-12-15');
    expect(mergeInvoice({ ...INVOICE, status: 'cancelled' }, noStatus.invoice, noStatus.provided?.invoice)).toMatchObject({ status: 'cancelled', balance: 25000 });
    expect(mergeInvoice({ ...INVOICE, status: 'paid', balance: 0 }, noStatus.invoice, noStatus.provided?.invoice)).toMatchObject({ status: 'open', balance: 25000 });
  });

  it('keeps the stored issue date and fiscal UUID when the file lacks them', async () => {
    const stored: Invoice = { ...INVOICE, issueDate: '2026-11-15', fiscalUuid: '6F9619FF-8B86-D011-B42D-00C04FC964FF' };
    const row = await accepted(header, 'F-1,C-1,MXN,1000.00,2026-12-20,abierta');
    expect(mergeInvoice(stored, row.invoice, row.provided?.invoice)).toEqual({ ...stored, dueDate: '2026-12-20' });
  });
});
