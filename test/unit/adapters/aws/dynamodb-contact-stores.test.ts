import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAccountStore } from '../../../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbConsentStore } from '../../../../shared/adapters/aws/dynamodb-consent-store.js';
import { DynamoDbContactLedger } from '../../../../shared/adapters/aws/dynamodb-contact-ledger.js';
import { DynamoDbSentMessages } from '../../../../shared/adapters/aws/dynamodb-sent-messages.js';
import { DynamoDbTaskStore } from '../../../../shared/adapters/aws/dynamodb-task-store.js';
import { startDynalite, type DynaliteHandle } from '../../../../shared/adapters/local/dynalite-server.js';
import type { AgentTask, ConsentRecord, ContactLedgerEntry, SentMessageRef, StoredAccount } from '../../../../shared/ports.js';

let dynamo: DynaliteHandle;
let accounts: DynamoDbAccountStore;
let consents: DynamoDbConsentStore;
let ledger: DynamoDbContactLedger;
let sent: DynamoDbSentMessages;
let tasks: DynamoDbTaskStore;

const account = (accountId: string, extra: Partial<StoredAccount> = {}): StoredAccount => ({
  accountId,
  name: `Cliente ${accountId}`,
  country: 'MX',
  timezone: 'America/Mexico_City',
  locale: 'es-MX',
  contentHash: `h-${accountId}`,
  updatedAt: '2026-11-23T14:00:00.000Z',
  ...extra,
});

const consent = (accountId: string, extra: Partial<ConsentRecord> = {}): ConsentRecord => ({
  accountId,
  channel: 'sms',
  address: '+525512345678',
  status: 'opted-out',
  since: '2026-11-26T17:00:00.000Z',
  source: 'sms-keyword',
  ...extra,
});

const entry = (messageId: string, at = '2026-12-04T15:00:00.000Z'): ContactLedgerEntry => ({ messageId, at, channel: 'email', invoiceNumbers: ['F-1'] });

beforeAll(async () => {
  dynamo = await startDynalite();
  const table = dynamo.tableNames.Accounts;
  accounts = new DynamoDbAccountStore(dynamo.client, table);
  consents = new DynamoDbConsentStore(dynamo.client, table);
  ledger = new DynamoDbContactLedger(dynamo.client, table);
  sent = new DynamoDbSentMessages(dynamo.client, table);
  tasks = new DynamoDbTaskStore(dynamo.client, table);
});

afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbConsentStore on dynalite', () => {
  it('keeps one record per account, channel and address, emails in lower case, without keys', async () => {
    await consents.recordConsent(consent('C-1'));
    await consents.recordConsent(consent('C-1', { channel: 'email', address: ' Pagos@Ferreteria.Example.com ', source: 'email-unsubscribe', detail: 'one-click' }));
    await consents.recordConsent(consent('C-1', { channel: 'whatsapp', status: 'opted-in', source: 'ingest' }));
    await consents.recordConsent(consent('C-2'));

    const records = await consents.listConsents('C-1');
    expect(records.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { accountId: 'C-1', channel: 'email', address: 'pagos@ferreteria.example.com', status: 'opted-out', since: '2026-11-26T17:00:00.000Z', source: 'email-unsubscribe', detail: 'one-click' },
      { accountId: 'C-1', channel: 'sms', address: '+525512345678', status: 'opted-out', since: '2026-11-26T17:00:00.000Z', source: 'sms-keyword' },
      { accountId: 'C-1', channel: 'whatsapp', address: '+525512345678', status: 'opted-in', since: '2026-11-26T17:00:00.000Z', source: 'ingest' },
    ]);
    expect(await consents.listConsents('nobody')).toEqual([]);
  });

  it('the newest change wins: a replayed older event never undoes a later one', async () => {
    await consents.recordConsent(consent('C-3', { status: 'opted-out', since: '2026-11-20T10:00:00.000Z' }));
    await consents.recordConsent(consent('C-3', { status: 'opted-in', since: '2026-11-25T10:00:00.000Z', source: 'portal' }));
    // Redelivered last week's opt-out: history, ignored without an error.
    await consents.recordConsent(consent('C-3', { status: 'opted-out', since: '2026-11-20T10:00:00.000Z' }));
    expect(await consents.listConsents('C-3')).toMatchObject([{ status: 'opted-in', since: '2026-11-25T10:00:00.000Z', source: 'portal' }]);

    await consents.recordConsent(consent('C-3', { status: 'invalid', since: '2026-11-27T10:00:00.000Z', source: 'sms-provider' }));
    expect(await consents.listConsents('C-3')).toMatchObject([{ status: 'invalid', source: 'sms-provider' }]);
  });

  it('finds the accounts behind an inbound number or address through the profile indexes (GSI2, GSI3)', async () => {
    await accounts.putAccounts([
      account('G-1', { phone: '+525511112222', email: 'ap@uno.example.com' }),
      account('G-2', { phone: '+525511112222' }),
      account('G-3', { phone: '+525533334444', email: 'AP@Uno.Example.com' }),
    ]);

    expect(await consents.findAccountsByAddress('sms', '+525511112222')).toEqual(['G-1', 'G-2']);
    expect(await consents.findAccountsByAddress('whatsapp', ' +525533334444 ')).toEqual(['G-3']);
    expect(await consents.findAccountsByAddress('email', 'ap@UNO.example.com')).toEqual(['G-1', 'G-3']);
    expect(await consents.findAccountsByAddress('sms', '+525500000000')).toEqual([]);
    // A consent record is no profile: it does not make its account answer for the number.
    await consents.recordConsent(consent('G-9', { address: '+525555556666' }));
    expect(await consents.findAccountsByAddress('sms', '+525555556666')).toEqual([]);
  });

  it('follows a profile whose number changed', async () => {
    await accounts.putAccounts([account('G-4', { phone: '+525577778888' })]);
    await accounts.putAccounts([account('G-4', { phone: '+525599990000', contentHash: 'h-G-4b' })]);
    expect(await consents.findAccountsByAddress('sms', '+525577778888')).toEqual([]);
    expect(await consents.findAccountsByAddress('sms', '+525599990000')).toEqual(['G-4']);
  });
});

describe('DynamoDbContactLedger on dynalite', () => {
  it('starts empty at version 0 and bumps the version on each write', async () => {
    expect(await ledger.getContactState('L-1')).toEqual({ accountId: 'L-1', version: 0, entries: [] });

    expect(await ledger.saveContactState({ accountId: 'L-1', version: 0, entries: [entry('m-1')] })).toBe(true);
    const first = await ledger.getContactState('L-1');
    expect(first).toEqual({ accountId: 'L-1', version: 1, entries: [entry('m-1')] });

    expect(await ledger.saveContactState({ ...first, entries: [...first.entries, entry('m-2', '2026-12-05T15:00:00.000Z')], pausedUntil: '2026-12-08T06:00:00.000Z', pauseReason: 'promise to pay on 2026-12-05' })).toBe(true);
    expect(await ledger.getContactState('L-1')).toEqual({
      accountId: 'L-1',
      version: 2,
      entries: [entry('m-1'), entry('m-2', '2026-12-05T15:00:00.000Z')],
      pausedUntil: '2026-12-08T06:00:00.000Z',
      pauseReason: 'promise to pay on 2026-12-05',
    });
  });

  it('refuses a write from a stale read: two dispatchers cannot both pass a cap', async () => {
    const read = await ledger.getContactState('L-2');
    const results = await Promise.all([
      ledger.saveContactState({ ...read, entries: [entry('m-a')] }),
      ledger.saveContactState({ ...read, entries: [entry('m-b')] }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'm-a' : 'm-b';
    expect((await ledger.getContactState('L-2')).entries).toEqual([entry(winner)]);

    // The loser re-reads and decides again on the winner's state.
    const again = await ledger.getContactState('L-2');
    expect(await ledger.saveContactState({ ...read, entries: [entry('m-late')] })).toBe(false);
    expect(await ledger.saveContactState({ ...again, entries: [...again.entries, entry('m-late')] })).toBe(true);
    expect(await ledger.getContactState('L-2')).toMatchObject({ version: 2, entries: [entry(winner), entry('m-late')] });
  });

  it('clears a pause by leaving it out', async () => {
    await ledger.saveContactState({ accountId: 'L-3', version: 0, entries: [], pausedUntil: '2026-12-08T06:00:00.000Z', pauseReason: 'paid' });
    const paused = await ledger.getContactState('L-3');
    await ledger.saveContactState({ accountId: 'L-3', version: paused.version, entries: paused.entries });
    expect(await ledger.getContactState('L-3')).toEqual({ accountId: 'L-3', version: 2, entries: [] });
  });
});

describe('DynamoDbSentMessages on dynalite', () => {
  const ref = (providerMessageId: string, extra: Partial<SentMessageRef> = {}): SentMessageRef => ({
    channel: 'sms',
    providerMessageId,
    accountId: 'S-1',
    messageId: 'm-1',
    address: '+525512345678',
    sentAt: '2026-12-04T15:00:07.000Z',
    reminders: [
      { invoiceNumber: 'F-1', reminderId: 'r-1' },
      { invoiceNumber: 'F-2', reminderId: 'r-2' },
    ],
    fallback: ['email'],
    kind: 'reminder',
    dispatch: { accountId: 'S-1', invoiceNumber: 'F-1', reminderId: 'r-1', stepId: 'd+3', channel: 'sms', template: 'overdue', tone: 'friendly', scheduledFor: '2026-12-04T15:00:00.000Z' },
    ...extra,
  });

  it('finds a send again by the provider\'s message id, per channel', async () => {
    await sent.putSent(ref('p-1'));
    expect(await sent.getSent('sms', 'p-1')).toEqual(ref('p-1'));
    expect(await sent.getSent('whatsapp', 'p-1')).toBeUndefined();
    expect(await sent.getSent('sms', 'p-unknown')).toBeUndefined();
  });

  it('stores a receipt without a dispatch (undefined fields dropped) and keeps the latest per account and channel', async () => {
    const receipt = ref('p-2', { messageId: 'receipt-1', kind: 'receipt', reminders: [{ invoiceNumber: 'F-1', reminderId: 'receipt-1' }], fallback: [], sentAt: '2026-12-05T10:00:00.000Z', dispatch: undefined });
    await sent.putSent(receipt);
    const { dispatch: _none, ...expected } = receipt;
    expect(await sent.getSent('sms', 'p-2')).toEqual(expected);
    expect(await sent.latestSent('S-1', 'sms')).toEqual(expected);
    expect(await sent.latestSent('S-1', 'email')).toBeUndefined();
  });
});

describe('DynamoDbTaskStore on dynalite', () => {
  const task = (taskId: string, accountId: string, deadline: string, extra: Partial<AgentTask> = {}): AgentTask => ({
    taskId,
    accountId,
    type: 'review-reply',
    status: 'open',
    createdAt: '2026-12-03T16:00:00.000Z',
    deadline,
    text: 'quien es?',
    channel: 'sms',
    ...extra,
  });

  it('creates a task once: a retried reply does not overwrite or duplicate it', async () => {
    await tasks.createTask(task('t-1', 'T-1', '2026-12-04T16:00:00.000Z'));
    await tasks.createTask(task('t-1', 'T-1', '2026-12-09T00:00:00.000Z', { text: 'otra cosa' }));
    expect(await tasks.listOpenTasks('T-1')).toEqual([task('t-1', 'T-1', '2026-12-04T16:00:00.000Z')]);
  });

  it('lists open tasks per account and across accounts (the worklist), earliest deadline first, done ones left out', async () => {
    await tasks.createTask(task('t-2', 'T-2', '2026-12-06T00:00:00.000Z', { type: 'call-back', channel: undefined }));
    await tasks.createTask(task('t-3', 'T-2', '2026-12-05T00:00:00.000Z'));
    await tasks.createTask(task('t-4', 'T-3', '2026-12-01T00:00:00.000Z', { status: 'done' }));

    expect((await tasks.listOpenTasks('T-2')).map((t) => t.taskId)).toEqual(['t-3', 't-2']);
    expect((await tasks.listOpenTasks('T-2'))[1]).toEqual({ taskId: 't-2', accountId: 'T-2', type: 'call-back', status: 'open', createdAt: '2026-12-03T16:00:00.000Z', deadline: '2026-12-06T00:00:00.000Z', text: 'quien es?' });
    expect(await tasks.listOpenTasks('T-3')).toEqual([]);
    expect((await tasks.listOpenTasks()).map((t) => t.taskId)).toEqual(['t-1', 't-3', 't-2']);
  });
});
