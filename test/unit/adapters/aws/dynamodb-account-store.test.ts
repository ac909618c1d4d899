import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseInvoiceRef } from '../../../../shared/domain/payments/matching/references.js';
import { DynamoDbAccountStore } from '../../../../shared/adapters/aws/dynamodb-account-store.js';
import { startDynalite, type DynaliteHandle } from '../../../../shared/adapters/local/dynalite-server.js';
import { invoiceKeyString } from '../../../../shared/domain/keys.js';
import type { ReminderRecord } from '../../../../shared/domain/types.js';
import type { StoredAccount, StoredInvoice } from '../../../../shared/ports.js';

let dynamo: DynaliteHandle;
let store: DynamoDbAccountStore;

const account = (accountId: string, extra: Partial<StoredAccount> = {}): StoredAccount => ({
  accountId,
  name: `Cliente ${accountId}`,
  email: `pagos@${accountId.toLowerCase()}.example.com`,
  country: 'MX',
  timezone: 'America/Mexico_City',
  locale: 'es-MX',
  contentHash: `h-${accountId}`,
  updatedAt: '2026-11-23T14:00:00.000Z',
  ...extra,
});

const invoice = (accountId: string, invoiceNumber: string, extra: Partial<StoredInvoice> = {}): StoredInvoice => ({
  accountId,
  invoiceNumber,
  currency: 'MXN',
  amount: 1_234_567,
  balance: 1_234_567,
  issueDate: '2026-11-01',
  dueDate: '2026-12-01',
  status: 'open',
  contentHash: `c-${invoiceNumber}`,
  updatedAt: '2026-11-23T14:00:00.000Z',
  ...extra,
});

const reminder = (key: { accountId: string; invoiceNumber: string }, reminderId: string, extra: Partial<ReminderRecord> = {}): ReminderRecord => ({
  ...key,
  reminderId,
  segmentId: 'standard',
  step: { id: 'd-5', offsetDays: -5, channel: 'email', template: 'upcoming', tone: 'friendly' },
  sendAt: '2026-11-26T15:00:00.000Z',
  timezone: 'America/Mexico_City',
  catchUp: false,
  scheduleName: `s-${reminderId}`,
  status: 'scheduled',
  updatedAt: '2026-11-23T14:00:00.000Z',
  ...extra,
});

beforeAll(async () => {
  dynamo = await startDynalite();
  store = new DynamoDbAccountStore(dynamo.client, dynamo.tableNames.Accounts);
});

afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbAccountStore on dynalite', () => {
  it('puts and gets an account and an invoice as plain domain objects (no keys)', async () => {
    const a = account('MX-1', { taxId: 'FNO010101AB1', phone: '+5215512345678' });
    const i = invoice('MX-1', 'F-1');
    await store.putAccounts([a]);
    await store.putInvoices([i]);

    expect(await store.getAccount('MX-1')).toStrictEqual(a);
    expect(await store.getInvoice({ accountId: 'MX-1', invoiceNumber: 'F-1' })).toStrictEqual(i);
    expect(await store.getAccount('nobody')).toBeUndefined();
    expect(await store.getInvoice({ accountId: 'MX-1', invoiceNumber: 'nope' })).toBeUndefined();
  });

  it('writes and reads 250 invoices in batches, missing keys simply absent, last duplicate wins', async () => {
    const invoices = Array.from({ length: 250 }, (_, n) => invoice(`B-${n % 7}`, `N-${String(n).padStart(3, '0')}`, { amount: 1000 + n, balance: 1000 + n }));
    const duplicate = invoice('B-0', 'N-000', { amount: 1, balance: 1 });
    await store.putInvoices([...invoices, duplicate]);
    await store.putAccounts(Array.from({ length: 7 }, (_, n) => account(`B-${n}`)));

    const keys = [...invoices.map(({ accountId, invoiceNumber }) => ({ accountId, invoiceNumber })), { accountId: 'B-0', invoiceNumber: 'missing' }];
    const found = await store.getInvoices([...keys, keys[0]!]);

    expect(found.size).toBe(250);
    expect(found.get(invoiceKeyString({ accountId: 'B-3', invoiceNumber: 'N-010' }))).toStrictEqual(invoices[10]);
    expect(found.get(invoiceKeyString({ accountId: 'B-0', invoiceNumber: 'N-000' }))?.amount).toBe(1);
    const accounts = await store.getAccounts(['B-0', 'B-6', 'B-0', 'missing']);
    expect([...accounts.keys()].sort()).toEqual(['B-0', 'B-6']);
  });

  it('writes invoices with the GSI1 keys under their normalised number, so a payment quoting "shared 0001" finds both', async () => {
    await store.putInvoices([invoice('GSI-A', 'SHARED-1'), invoice('GSI-B', 'SHARED-1')]);

    const out = await DynamoDBDocumentClient.from(dynamo.client).send(
      new QueryCommand({
        TableName: dynamo.tableNames.Accounts,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `INVREF#${normaliseInvoiceRef('shared 0001')}` },
      }),
    );
    const items = out.Items ?? [];
    expect(items.map((i) => [i.gsi1sk, i.pk, i.sk])).toEqual([
      ['ACCOUNT#GSI-A#SHARED-1', 'ACCOUNT#GSI-A', 'INVOICE#SHARED-1'],
      ['ACCOUNT#GSI-B#SHARED-1', 'ACCOUNT#GSI-B', 'INVOICE#SHARED-1'],
    ]);
  });

  it('marks an invoice planned only while it still has that content hash', async () => {
    const key = { accountId: 'MP-1', invoiceNumber: 'F-9' };
    await store.putInvoices([invoice(key.accountId, key.invoiceNumber, { contentHash: 'v1' })]);

    expect(await store.markPlanned(key, 'v1')).toBe(true);
    expect((await store.getInvoice(key))?.plannedHash).toBe('v1');

    await store.putInvoices([invoice(key.accountId, key.invoiceNumber, { contentHash: 'v2', plannedHash: 'v1' })]);
    expect(await store.markPlanned(key, 'v1')).toBe(false);
    expect((await store.getInvoice(key))?.plannedHash).toBe('v1');
    expect(await store.markPlanned({ accountId: 'MP-1', invoiceNumber: 'ghost' }, 'v1')).toBe(false);
    expect(await store.getInvoice({ accountId: 'MP-1', invoiceNumber: 'ghost' })).toBeUndefined();
  });

  it('stores reminders and lists only those of the invoice asked for', async () => {
    const key = { accountId: 'R-1', invoiceNumber: 'A' };
    await store.putReminder(reminder(key, 'r1'));
    await store.putReminder(reminder(key, 'r2', { catchUp: true }));
    await store.putReminder(reminder({ accountId: 'R-1', invoiceNumber: 'A#B' }, 'r3'));

    const listed = await store.listReminders(key);
    expect(listed.map((r) => r.reminderId)).toEqual(['r1', 'r2']);
    expect(listed[1]).toStrictEqual(reminder(key, 'r2', { catchUp: true }));
    expect(await store.getReminder(key, 'r1')).toStrictEqual(reminder(key, 'r1'));
    expect(await store.getReminder(key, 'nope')).toBeUndefined();
  });

  it('transitions a reminder from scheduled to sent once; the second attempt gets false', async () => {
    const key = { accountId: 'T-1', invoiceNumber: 'F-1' };
    await store.putReminder(reminder(key, 'r1'));

    expect(await store.transitionReminder(key, 'r1', ['scheduled', 'failed'], 'sent', '2026-11-26T15:00:05.000Z')).toBe(true);
    expect(await store.transitionReminder(key, 'r1', ['scheduled', 'failed'], 'sent', '2026-11-26T15:00:09.000Z')).toBe(false);

    expect(await store.getReminder(key, 'r1')).toMatchObject({ status: 'sent', updatedAt: '2026-11-26T15:00:05.000Z' });
    expect(await store.transitionReminder(key, 'missing', ['scheduled'], 'cancelled', '2026-11-26T15:00:00.000Z')).toBe(false);
    expect(await store.getReminder(key, 'missing')).toBeUndefined();
    expect(await store.transitionReminder(key, 'r1', [], 'cancelled', '2026-11-26T15:00:00.000Z')).toBe(false);
  });

  it('never stores keys on domain objects and never puts unknown fields in items', async () => {
    await store.putAccounts([{ ...account('X-1'), pk: 'evil', extra: 1 } as unknown as StoredAccount]);
    const scan = await DynamoDBDocumentClient.from(dynamo.client).send(new ScanCommand({ TableName: dynamo.tableNames.Accounts }));
    const item = (scan.Items ?? []).find((i) => i.accountId === 'X-1');
    expect(item).toMatchObject({ pk: 'ACCOUNT#X-1', sk: 'PROFILE' });
    expect(item).not.toHaveProperty('extra');
  });
});

describe('portfolioSummary', () => {
  it('counts accounts, invoices by status, open balance per currency and reminders by status', async () => {
    const fresh = await startDynalite();
    try {
      const s = new DynamoDbAccountStore(fresh.client, fresh.tableNames.Accounts);
      await s.putAccounts([account('MX-100'), account('CO-200', { country: 'CO', timezone: 'America/Bogota' })]);
      await s.putInvoices([
        invoice('MX-100', 'F-1', { balance: 1_234_567 }),
        invoice('MX-100', 'F-2', { amount: 800_000, balance: 0, status: 'paid' }),
        invoice('MX-100', 'F-3', { amount: 500_000, balance: 200_000 }),
        invoice('CO-200', 'FV-9', { currency: 'COP', amount: 150_000_000, balance: 150_000_000 }),
        invoice('CO-200', 'FV-10', { currency: 'COP', balance: 5, status: 'cancelled' }),
      ]);
      const key = { accountId: 'MX-100', invoiceNumber: 'F-1' };
      await s.putReminder(reminder(key, 'r1', { status: 'sent' }));
      await s.putReminder(reminder(key, 'r2'));
      await s.putReminder(reminder(key, 'r3'));
      await s.putReminder(reminder(key, 'r4', { status: 'cancelled' }));

      expect(await s.portfolioSummary()).toEqual({
        accounts: 2,
        invoices: { open: 3, paid: 1, cancelled: 1 },
        openBalance: { MXN: 1_434_567, COP: 150_000_000 },
        remindersByStatus: { sent: 1, scheduled: 2, cancelled: 1 },
      });
    } finally {
      await fresh.close();
    }
  });
});

describe('DynamoDbAccountStore mixed batches (ingest)', () => {
  it('writes accounts and invoices of several debtors together, each findable as its own kind', async () => {
    await store.putAccountsAndInvoices(
      [account('MIX-1'), account('MIX-2')],
      Array.from({ length: 130 }, (_, i) => invoice(i % 2 ? 'MIX-1' : 'MIX-2', `M-${i}`)),
    );
    const accounts = await store.getAccounts(['MIX-1', 'MIX-2', 'MIX-404']);
    expect([...accounts.keys()].sort()).toEqual(['MIX-1', 'MIX-2']);
    expect(accounts.get('MIX-1')).toEqual(account('MIX-1'));
    const invoices = await store.getInvoices(Array.from({ length: 130 }, (_, i) => ({ accountId: i % 2 ? 'MIX-1' : 'MIX-2', invoiceNumber: `M-${i}` })));
    expect(invoices.size).toBe(130);
    expect(invoices.get(invoiceKeyString({ accountId: 'MIX-1', invoiceNumber: 'M-7' }))).toEqual(invoice('MIX-1', 'M-7'));
  });
});
