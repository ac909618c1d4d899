import 'aws-sdk-client-mock-vitest/extend';
import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbAccountStore } from '../../../../shared/adapters/aws/dynamodb-account-store.js';
import { BatchIncompleteError } from '../../../../shared/adapters/aws/errors.js';
import type { StoredAccount } from '../../../../shared/ports.js';

const docMock = mockClient(DynamoDBDocumentClient);
const TABLE = 'Accounts';
const sleep = vi.fn(async (_ms: number) => undefined);
const store = () => new DynamoDbAccountStore(new DynamoDBClient({}), TABLE, { sleep, maxAttempts: 3 });
const profile = (id: string) => ({ pk: `ACCOUNT#${id}`, sk: 'PROFILE', accountId: id, name: id, timezone: 'UTC', locale: 'en-US', contentHash: 'h', updatedAt: 't' });

afterEach(() => {
  docMock.reset();
  sleep.mockClear();
});

describe('DynamoDbAccountStore batches', () => {
  it('reads in chunks of 100 and retries unprocessed keys after a jittered wait', async () => {
    docMock
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [profile('a0')] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'ACCOUNT#a1', sk: 'PROFILE' }] } },
      })
      .resolvesOnce({ Responses: { [TABLE]: [profile('a1')] } })
      .resolves({ Responses: { [TABLE]: [] } });
    const ids = Array.from({ length: 150 }, (_, n) => `a${n}`);

    const found = await new DynamoDbAccountStore(new DynamoDBClient({}), TABLE, { sleep, maxAttempts: 3, concurrency: 1 }).getAccounts(ids);

    expect([...found.keys()]).toEqual(['a0', 'a1']);
    const calls = docMock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.[TABLE]?.Keys);
    expect(calls.map((keys) => keys?.length)).toEqual([100, 1, 50]);
    expect(calls[1]).toEqual([{ pk: 'ACCOUNT#a1', sk: 'PROFILE' }]);
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]![0]).toBeLessThanOrEqual(100);
  });

  it('sends nothing for an empty request', async () => {
    expect((await store().getAccounts([])).size).toBe(0);
    expect((await store().getInvoices([])).size).toBe(0);
    await store().putInvoices([]);
    expect(docMock.calls()).toHaveLength(0);
  });

  it('gives up with BatchIncompleteError after the allowed attempts', async () => {
    docMock.on(BatchGetCommand).resolves({ UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'ACCOUNT#a', sk: 'PROFILE' }] } } });

    const error = await store().getAccounts(['a']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BatchIncompleteError);
    expect(error).toMatchObject({ operation: 'BatchGetItem', unprocessed: 1, attempts: 3 });
    expect(docMock).toHaveReceivedCommandTimes(BatchGetCommand, 3);
  });

  it('writes in chunks of 25 and retries unprocessed items', async () => {
    const accounts: StoredAccount[] = Array.from({ length: 30 }, (_, n) => ({ accountId: `w${n}`, name: 'n', timezone: 'UTC', locale: 'en-US', contentHash: 'h', updatedAt: 't' }));
    docMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: profile('w3') } }] } })
      .resolves({});

    await new DynamoDbAccountStore(new DynamoDBClient({}), TABLE, { sleep, concurrency: 1 }).putAccounts(accounts);

    const sizes = docMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toEqual([25, 1, 5]);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it('gives up writing with BatchIncompleteError', async () => {
    docMock.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: profile('x') } }] } });

    await expect(store().putAccounts([{ accountId: 'x', name: 'x', timezone: 'UTC', locale: 'en', contentHash: 'h', updatedAt: 't' }])).rejects.toThrow(BatchIncompleteError);
  });

  it('turns only ConditionalCheckFailedException into false', async () => {
    docMock
      .on(UpdateCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const s = store();

    await expect(s.markPlanned({ accountId: 'a', invoiceNumber: 'F' }, 'h')).resolves.toBe(false);
    await expect(s.markPlanned({ accountId: 'a', invoiceNumber: 'F' }, 'h')).rejects.toThrow('slow down');
    expect(docMock).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { pk: 'ACCOUNT#a', sk: 'INVOICE#F' },
      UpdateExpression: 'SET plannedHash = :h',
      ConditionExpression: 'contentHash = :h',
      ExpressionAttributeValues: { ':h': 'h' },
    });
  });

  it('writes the reminder transition as a conditional update on the status', async () => {
    docMock.on(UpdateCommand).resolves({});

    await expect(store().transitionReminder({ accountId: 'a', invoiceNumber: 'F' }, 'r1', ['scheduled', 'failed'], 'sent', 'T')).resolves.toBe(true);

    expect(docMock.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'ACCOUNT#a', sk: 'REMINDER#F#r1' },
      UpdateExpression: 'SET #status = :to, updatedAt = :at',
      ConditionExpression: '#status IN (:from0, :from1)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':to': 'sent', ':at': 'T', ':from0': 'scheduled', ':from1': 'failed' },
    });
  });
});
