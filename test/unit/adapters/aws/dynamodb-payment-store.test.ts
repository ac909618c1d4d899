import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAccountStore } from '../../../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbPaymentStore } from '../../../../shared/adapters/aws/dynamodb-payment-store.js';
import { startDynalite, type DynaliteHandle } from '../../../../shared/adapters/local/dynalite-server.js';
import type { StoredAccount, StoredInvoice } from '../../../../shared/ports.js';

let dynamo: DynaliteHandle;
let accounts: DynamoDbAccountStore;
let payments: DynamoDbPaymentStore;

const account = (accountId: string, taxId?: string): StoredAccount => ({
  accountId, name: `Cliente ${accountId}`, ...(taxId ? { taxId } : {}), timezone: 'America/Mexico_City', locale: 'es-MX', contentHash: 'h', updatedAt: 't',
});
const invoice = (accountId: string, invoiceNumber: string, balance: number, status: StoredInvoice['status'] = 'open'): StoredInvoice => ({
  accountId, invoiceNumber, currency: 'MXN', amount: balance || 1, balance, dueDate: '2026-11-30', status, contentHash: 'h', updatedAt: 't',
});
const query = (q: Partial<Parameters<DynamoDbPaymentStore['findCandidates']>[0]>) => ({ invoiceRefs: [], taxIds: [], fiscalUuids: [], accountIds: [], ...q });
const numbers = (c: { invoices: readonly { invoiceNumber: string }[] }) => c.invoices.map((i) => i.invoiceNumber).sort();

beforeAll(async () => {
  dynamo = await startDynalite();
  accounts = new DynamoDbAccountStore(dynamo.client, dynamo.tableNames.Accounts);
  payments = new DynamoDbPaymentStore(dynamo.client, dynamo.tableNames.Accounts);
  await accounts.putAccountsAndInvoices(
    [account('A', 'AAA010101AA1'), account('B')],
    [invoice('A', 'F-000123', 10_000), invoice('A', 'F-000124', 20_000), invoice('A', 'F-000001', 0, 'paid'), invoice('B', 'G-77', 30_000)],
  );
});

afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbPaymentStore.findCandidates on dynalite', () => {
  it('a full reference brings the whole account with its open invoices only', async () => {
    const found = await payments.findCandidates(query({ invoiceRefs: ['F123'] }));
    expect(found.accounts.map((a) => a.accountId)).toEqual(['A']);
    expect(numbers(found)).toEqual(['F-000123', 'F-000124']);
  });

  it('a tax id brings the account; a number without series brings that invoice alone', async () => {
    expect(numbers(await payments.findCandidates(query({ taxIds: ['AAA010101AA1'] })))).toEqual(['F-000123', 'F-000124']);
    expect(numbers(await payments.findCandidates(query({ invoiceRefs: ['77'] })))).toEqual(['G-77']);
  });

  it('an exact open balance brings that invoice alone, and says the list is complete', async () => {
    const found = await payments.findCandidates(query({ exactAmount: { currency: 'MXN', amount: 20_000 } }));
    expect(numbers(found)).toEqual(['F-000124']);
    expect(found.exactAmountComplete).toBe(true);
  });

  it('keeps the open-balance index in step with payments: a partly paid invoice is found by its new balance, a paid one not at all', async () => {
    await payments.applyToInvoice({ accountId: 'B', invoiceNumber: 'G-77' }, 'p-1', 5_000, false, '2026-12-01T00:00:00Z');
    expect(numbers(await payments.findCandidates(query({ exactAmount: { currency: 'MXN', amount: 25_000 } })))).toEqual(['G-77']);
    expect(numbers(await payments.findCandidates(query({ exactAmount: { currency: 'MXN', amount: 30_000 } })))).toEqual([]);
    await payments.applyToInvoice({ accountId: 'B', invoiceNumber: 'G-77' }, 'p-2', 25_000, false, '2026-12-01T00:00:00Z');
    expect(numbers(await payments.findCandidates(query({ exactAmount: { currency: 'MXN', amount: 25_000 } })))).toEqual([]);
  });

  it('applies a payment to an invoice once, and never below zero', async () => {
    const key = { accountId: 'A', invoiceNumber: 'F-000123' };
    expect(await payments.applyToInvoice(key, 'p-9', 15_000, false, 't')).toEqual({ result: 'applied', amount: 10_000, writtenOff: 0, balanceAfter: 0, paid: true });
    expect(await payments.applyToInvoice(key, 'p-9', 15_000, false, 't')).toEqual({ result: 'already', amount: 10_000, writtenOff: 0 }); // what the first write took, not what was asked
    expect(await payments.applyToInvoice(key, 'p-10', 1, false, 't')).toEqual({ result: 'closed' });
  });
});
