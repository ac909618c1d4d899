import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAccountStore } from '../../../../shared/adapters/aws/dynamodb-account-store.js';
import { DataDirInUseError } from '../../../../shared/adapters/local/errors.js';
import { startDynalite } from '../../../../shared/adapters/local/dynalite-server.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-dynalite-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('startDynalite', () => {
  it('creates the three tables from the shared definitions, Accounts with its GSIs', async () => {
    const dynamo = await startDynalite();
    try {
      expect(dynamo.tableNames).toEqual({ Accounts: 'cobranza-Accounts', Interactions: 'cobranza-Interactions', Idempotency: 'cobranza-Idempotency' });
      expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: 'cobranza-Accounts' }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['gsi1', 'gsi2', 'gsi3']);
      const idem = await dynamo.client.send(new DescribeTableCommand({ TableName: 'cobranza-Idempotency' }));
      expect(idem.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    } finally {
      await dynamo.close();
    }
  });

  it('keeps data on disk across restarts and reuses the existing tables', async () => {
    const path = join(dir, 'persist');
    const first = await startDynalite({ path });
    await new DynamoDbAccountStore(first.client, first.tableNames.Accounts).putAccounts([
      { accountId: 'MX-100', name: 'Ferretería', timezone: 'America/Mexico_City', locale: 'es-MX', contentHash: 'h', updatedAt: 't' },
    ]);
    await first.close();

    const second = await startDynalite({ path });
    try {
      const account = await new DynamoDbAccountStore(second.client, second.tableNames.Accounts).getAccount('MX-100');
      expect(account?.name).toBe('Ferretería');
    } finally {
      await second.close();
    }
  });

  it('refuses a data dir another process holds, with a clear error', async () => {
    const path = join(dir, 'locked');
    const holder = await startDynalite({ path });
    try {
      const error = await startDynalite({ path }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect((error as Error).message).toBe(`data dir ${path} is in use by another cobranza process`);
    } finally {
      await holder.close();
    }
    // Released on close: it opens again.
    await (await startDynalite({ path })).close();
  });
});
