import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUpdatePolicyHandler } from '../../functions/update-policy/app.js';
import type { ObjectCreatedEvent } from '../../functions/ingest-file/app.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { defaultPolicy } from '../../shared/domain/policy/parse.js';
import { context, dynamoHarness, fixedClock, observability } from './harness.js';

const s3 = mockClient(S3Client);
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let handler: ReturnType<typeof createUpdatePolicyHandler>;

const uploaded: ObjectCreatedEvent = {
  version: '0',
  id: 'e1',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '123456789012',
  time: '2026-11-23T14:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { bucket: { name: 'files' }, object: { key: 'config/policy.json' } },
};

function objectBody(text: string) {
  return { Body: Object.assign(Readable.from([Buffer.from(text)]), { transformToString: async () => text }) };
}

beforeAll(async () => {
  h = await dynamoHarness();
  handler = createUpdatePolicyHandler({
    policies: h.policies,
    log: h.log,
    files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
    clock: fixedClock('2026-11-23T14:00:00Z'),
    observability,
  });
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('update-policy handler', () => {
  it('activates a valid policy dropped under config/ and reports it', async () => {
    const policy = { ...defaultPolicy, version: 7 };
    s3.on(GetObjectCommand, { Key: 'config/policy.json' }).resolves(objectBody(JSON.stringify(policy)) as never);

    const report = await handler(uploaded, context);

    expect(report).toEqual({ file: 'config/policy.json', accepted: true, version: 7 });
    expect((await h.policies.getActive())?.version).toBe(7);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'files', Key: 'reports/config/policy.json.json' });
  });

  it('refuses a malformed policy with the path of the error and keeps the previous one in force', async () => {
    const broken = { ...defaultPolicy, version: 8, contactWindow: { ...defaultPolicy.contactWindow, start: '25:00' } };
    s3.on(GetObjectCommand, { Key: 'config/policy.json' }).resolves(objectBody(JSON.stringify(broken)) as never);

    const report = await handler(uploaded, context);

    expect(report.accepted).toBe(false);
    expect(report).toMatchObject({ error: expect.stringContaining('contactWindow.start') });
    expect((await h.policies.getActive())?.version).toBe(7);
    const body = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body));
    expect(body).toEqual(report);
    const rejected = (await h.log.listForAccount('SYSTEM')).filter((i) => i.type === 'policy.rejected');
    expect(rejected[0]?.detail).toContain('contactWindow.start');
  });

  it('refuses text that is not JSON at all', async () => {
    s3.on(GetObjectCommand, { Key: 'config/policy.json' }).resolves(objectBody('segments: [oops') as never);
    const report = await handler(uploaded, context);
    expect(report.accepted).toBe(false);
    expect((await h.policies.getActive())?.version).toBe(7);
  });
});

describe('update-policy and the escalation', () => {
  it('re-evaluates every open escalation (not the closed ones) when a new policy is accepted', async () => {
    const { SQSClient, SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
    const { SqsQueue } = await import('../../shared/adapters/aws/sqs-queue.js');
    const { DynamoDbEscalationStore } = await import('../../shared/adapters/aws/dynamodb-escalation-store.js');
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({
      Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: `id-${e.Id}`, MD5OfMessageBody: '' })),
      Failed: [],
    }));
    const escalation = new DynamoDbEscalationStore(h.dynamo.client, h.dynamo.tableNames.Accounts);
    const base = { since: '2026-11-01T00:00:00.000Z', history: [], version: 0 } as const;
    await escalation.saveEscalation({ ...base, accountId: 'MX-1', stage: 'mid' });
    await escalation.saveEscalation({ ...base, accountId: 'MX-2', stage: 'closed' });
    await escalation.saveEscalation({ ...base, accountId: 'CO-1', stage: 'pre-legal' });
    const withEscalation = createUpdatePolicyHandler({
      policies: h.policies,
      log: h.log,
      files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
      clock: fixedClock('2026-11-24T14:00:00Z'),
      observability,
      escalation,
      evaluations: new SqsQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs/escalation'),
    });
    s3.on(GetObjectCommand).resolves(objectBody(JSON.stringify({ ...defaultPolicy, version: 7 })) as never);
    s3.on(PutObjectCommand).resolves({});

    await withEscalation(uploaded, context);

    const bodies = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((call) => call.args[0].input.Entries ?? [])
      .map((entry) => JSON.parse(entry.MessageBody!) as { accountId: string; evaluationId: string; trigger: { kind: string; detail?: string } });
    expect(bodies.map((b) => b.accountId).sort()).toEqual(['CO-1', 'MX-1']);
    expect(bodies[0]!.trigger).toMatchObject({ kind: 'policy', detail: 'policy version 7' });
    expect(bodies[0]!.evaluationId).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    sqs.restore();
  });
});
