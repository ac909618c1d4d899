import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../../../shared/adapters/local/in-process-queue.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-queue-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const clock = { now: () => new Date('2026-11-26T15:00:00Z') };

describe('InProcessQueue', () => {
  it('delivers SQS-shaped events in batches of batchSize', async () => {
    const queue = new InProcessQueue<{ n: number }>('planning', { batchSize: 4 });
    await queue.send(Array.from({ length: 10 }, (_, n) => ({ n })));
    const events: SQSEvent[] = [];

    const result = await queue.drain(async (event) => {
      events.push(event);
    });

    expect(events.map((e) => e.Records.length)).toEqual([4, 4, 2]);
    const record = events[0]!.Records[0]!;
    expect(JSON.parse(record.body)).toEqual({ n: 0 });
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:planning',
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(record.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.receiptHandle).toBeTruthy();
    expect(result).toEqual({ batches: 3, delivered: 10, succeeded: 10, retried: 0, deadLettered: 0 });
    expect(queue.size()).toBe(0);
  });

  it('redelivers only the records named in batchItemFailures', async () => {
    const queue = new InProcessQueue<string>('dispatch');
    await queue.send(['ok-1', 'flaky', 'ok-2']);
    const seen: string[] = [];
    let failedOnce = false;

    const result = await queue.drain(async (event): Promise<SQSBatchResponse> => {
      const failures = [];
      for (const record of event.Records) {
        const body = JSON.parse(record.body) as string;
        seen.push(`${body}@${record.attributes.ApproximateReceiveCount}`);
        if (body === 'flaky' && !failedOnce) {
          failedOnce = true;
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    });

    expect(seen).toEqual(['ok-1@1', 'flaky@1', 'ok-2@1', 'flaky@2']);
    expect(result).toEqual({ batches: 2, delivered: 4, succeeded: 3, retried: 1, deadLettered: 0 });
  });

  it('redelivers the whole batch when the handler throws', async () => {
    const queue = new InProcessQueue<number>('email');
    await queue.send([1, 2]);
    let calls = 0;

    const result = await queue.drain(async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
    });

    expect(result).toEqual({ batches: 2, delivered: 4, succeeded: 2, retried: 2, deadLettered: 0 });
  });

  it('dead-letters a message after maxReceiveCount deliveries, to <dir>/<queue>.jsonl with the last error', async () => {
    const deadLetterDir = join(dir, 'dead-letters');
    const queue = new InProcessQueue<{ id: string }>('email', { deadLetterDir, maxReceiveCount: 3, batchSize: 1, clock });
    await queue.send([{ id: 'poison' }, { id: 'fine' }]);
    let deliveriesOfPoison = 0;

    const result = await queue.drain(async (event) => {
      for (const record of event.Records) {
        if ((JSON.parse(record.body) as { id: string }).id === 'poison') {
          deliveriesOfPoison += 1;
          throw new TypeError(`cannot render ${record.messageId}`);
        }
      }
    });

    expect(deliveriesOfPoison).toBe(3);
    expect(result).toEqual({ batches: 4, delivered: 4, succeeded: 1, retried: 2, deadLettered: 1 });
    expect(queue.size()).toBe(0);
    expect(queue.deadLetters()).toBe(1);
    const lines = (await readFile(join(deadLetterDir, 'email.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      queue: 'email',
      body: '{"id":"poison"}',
      receiveCount: 3,
      lastError: expect.stringMatching(/^TypeError: cannot render /),
      at: '2026-11-26T15:00:00.000Z',
    });
    expect(await queue.deadLetterList()).toHaveLength(1);

    // A new process on the same data dir still counts the earlier dead letters.
    expect(new InProcessQueue('email', { deadLetterDir }).deadLetters()).toBe(1);
    expect(new InProcessQueue('planning', { deadLetterDir }).deadLetters()).toBe(0);
  });

  it('treats a batchItemFailures id that is not in the batch as a failure of the whole batch', async () => {
    const queue = new InProcessQueue<number>('planning', { maxReceiveCount: 1 });
    await queue.send([1, 2]);

    const result = await queue.drain(async () => ({ batchItemFailures: [{ itemIdentifier: 'not-a-message' }] }));

    expect(result).toMatchObject({ succeeded: 0, deadLettered: 2 });
    expect((await queue.deadLetterList()).map((d) => d.lastError)).toEqual([
      'batchItemFailures named a message that is not in the batch',
      'batchItemFailures named a message that is not in the batch',
    ]);
  });

  it('also delivers what the handler sends to the same queue while draining', async () => {
    const queue = new InProcessQueue<number>('fan-out');
    await queue.send([3]);
    const seen: number[] = [];

    await queue.drain(async (event) => {
      for (const record of event.Records) {
        const n = JSON.parse(record.body) as number;
        seen.push(n);
        if (n > 1) await queue.send([n - 1]);
      }
    });

    expect(seen).toEqual([3, 2, 1]);
  });

  it('redrives its dead letters: back on the queue, processed, then dropped from the file (new ones stay)', async () => {
    const queue = new InProcessQueue<{ n: number }>('redrive', { deadLetterDir: dir, maxReceiveCount: 1, clock });
    await queue.send([{ n: 1 }, { n: 2 }]);
    await queue.drain(async () => {
      throw new Error('store throttled');
    });
    expect(queue.deadLetters()).toBe(2);

    expect(await queue.redrive()).toBe(2);
    const seen: number[] = [];
    // n = 2 fails again: it is a dead letter again, after the two redriven ones.
    await queue.drain(async (event) => {
      const failures = event.Records.filter((r) => (JSON.parse(r.body) as { n: number }).n === 2).map((r) => ({ itemIdentifier: r.messageId }));
      seen.push(...event.Records.map((r) => (JSON.parse(r.body) as { n: number }).n));
      return { batchItemFailures: failures };
    });
    await queue.forgetDeadLetters(2);

    expect(seen.sort()).toEqual([1, 2]);
    expect(queue.deadLetters()).toBe(1);
    expect((await queue.deadLetterList()).map((l) => JSON.parse(l.body))).toEqual([{ n: 2 }]);
    expect((await readFile(join(dir, 'redrive.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});
