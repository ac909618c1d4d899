import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbInteractionLog } from '../../../../shared/adapters/aws/dynamodb-interaction-log.js';
import { startDynalite, type DynaliteHandle } from '../../../../shared/adapters/local/dynalite-server.js';
import type { Interaction } from '../../../../shared/domain/types.js';

let dynamo: DynaliteHandle;
let log: DynamoDbInteractionLog;

const line = (interactionId: string, at: string, extra: Partial<Interaction> = {}): Interaction => ({
  interactionId,
  accountId: 'MX-100',
  at,
  type: 'reminder.scheduled',
  invoiceNumber: 'F-1',
  ...extra,
});

beforeAll(async () => {
  dynamo = await startDynalite();
  log = new DynamoDbInteractionLog(dynamo.client, dynamo.tableNames.Interactions);
});

afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbInteractionLog on dynalite', () => {
  it('appends an interaction once, however often the same step logs it', async () => {
    const sent = line('message.sent#r1', '2026-11-26T15:00:05.000Z', { type: 'message.sent', reminderId: 'r1', channel: 'email', detail: 'local-1' });

    await log.append([sent]);
    await log.append([sent, { ...sent, detail: 'retried' }]);

    const items = await DynamoDBDocumentClient.from(dynamo.client).send(
      new QueryCommand({ TableName: dynamo.tableNames.Interactions, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ACCOUNT#MX-100' } }),
    );
    expect(items.Items).toHaveLength(1);
    expect(items.Items?.[0]).toMatchObject({ pk: 'ACCOUNT#MX-100', sk: '2026-11-26T15:00:05.000Z#message.sent#r1', detail: 'local-1' });
  });

  it('lists an account’s story in time order, without keys, across pages', async () => {
    const lines = Array.from({ length: 60 }, (_, n) =>
      line(`i-${n}`, new Date(Date.UTC(2026, 10, 23, 14, 0, 60 - n)).toISOString(), {
        accountId: 'CO-200',
        type: 'invoice.ingested',
        detail: 'x'.repeat(20_000),
        data: { status: 'open', balance: n, paid: false, note: null },
      }),
    );
    await log.append(lines);
    await log.append([line('other', '2026-11-23T14:00:00.000Z', { accountId: 'CO-2000' })]);

    const story = await log.listForAccount('CO-200');

    expect(story).toHaveLength(60);
    expect(story.map((i) => i.at)).toEqual([...lines.map((i) => i.at)].sort());
    expect(story[0]).toStrictEqual({ ...lines[59], data: { status: 'open', balance: 59, paid: false, note: null } });
    expect(story[0]).not.toHaveProperty('pk');
  });

  it('returns an empty story for an unknown account', async () => {
    expect(await log.listForAccount('nobody')).toEqual([]);
  });
});
