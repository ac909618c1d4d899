import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPolicyStore } from '../../../../shared/adapters/aws/dynamodb-policy-store.js';
import { DynamoDbAccountStore } from '../../../../shared/adapters/aws/dynamodb-account-store.js';
import { startDynalite, type DynaliteHandle } from '../../../../shared/adapters/local/dynalite-server.js';
import type { Policy } from '../../../../shared/domain/policy/schema.js';

let dynamo: DynaliteHandle;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbPolicyStore on dynalite', () => {
  it('has no active policy until one is set, then returns exactly what was set', async () => {
    const policies = new DynamoDbPolicyStore(dynamo.client, dynamo.tableNames.Accounts);
    expect(await policies.getActive()).toBeUndefined();

    // The policy is opaque here: any validated JSON object round-trips unchanged.
    const v1 = { version: 1, segments: [{ id: 'standard', cadence: [{ id: 'd-5', offsetDays: -5 }] }], empty: {}, list: [], ratio: 0.25 } as unknown as Policy;
    const v2 = { ...(v1 as object), version: 2 } as unknown as Policy;
    await policies.setActive(v1, 'config/policy.json', '2026-11-23T14:00:00.000Z');
    expect(await policies.getActive()).toStrictEqual(v1);

    await policies.setActive(v2, 'config/policy.json', '2026-11-24T14:00:00.000Z');
    expect(await policies.getActive()).toStrictEqual(v2);
  });

  it('keeps the policy out of the portfolio counts', async () => {
    const summary = await new DynamoDbAccountStore(dynamo.client, dynamo.tableNames.Accounts).portfolioSummary();
    expect(summary).toEqual({ accounts: 0, invoices: { open: 0, paid: 0, cancelled: 0 }, openBalance: {}, remindersByStatus: {} });
  });
});
