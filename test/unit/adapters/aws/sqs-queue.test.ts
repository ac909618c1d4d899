import 'aws-sdk-client-mock-vitest/extend';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueSendError } from '../../../../shared/adapters/aws/errors.js';
import { SqsQueue } from '../../../../shared/adapters/aws/sqs-queue.js';

const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/cobranza-planning';

/** Answers every entry as Successful. */
function acceptAll(input: SendMessageBatchCommandInput) {
  return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: `mid-${e.Id}`, MD5OfMessageBody: 'x' })), Failed: [] };
}

afterEach(() => {
  sqsMock.reset();
});

describe('SqsQueue', () => {
  it('sends 23 messages as three batches of 10, 10 and 3 with deterministic ids and JSON bodies', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake(acceptAll);
    const queue = new SqsQueue<{ n: number }>(new SQSClient({}), QUEUE_URL, { concurrency: 1 });

    await queue.send(Array.from({ length: 23 }, (_, n) => ({ n })));

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    const calls = sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls[2]).toEqual({
      QueueUrl: QUEUE_URL,
      Entries: [
        { Id: 'm20', MessageBody: '{"n":20}' },
        { Id: 'm21', MessageBody: '{"n":21}' },
        { Id: 'm22', MessageBody: '{"n":22}' },
      ],
    });
  });

  it('sends nothing for no messages', async () => {
    await new SqsQueue(new SQSClient({}), QUEUE_URL).send([]);
    expect(sqsMock).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('retries failed entries once and succeeds when they go through', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: 'm0', MessageId: 'a', MD5OfMessageBody: 'x' }],
        Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
      })
      .callsFake(acceptAll);
    const queue = new SqsQueue<string>(new SQSClient({}), QUEUE_URL);

    await queue.send(['a', 'b']);

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sqsMock).toHaveReceivedNthCommandWith(SendMessageBatchCommand, 2, { QueueUrl: QUEUE_URL, Entries: [{ Id: 'm1', MessageBody: '"b"' }] });
  });

  it('throws QueueSendError naming the entries that failed twice', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
      Successful: (input.Entries ?? []).filter((e) => e.Id !== 'm1').map((e) => ({ Id: e.Id, MessageId: 'x', MD5OfMessageBody: 'x' })),
      Failed: (input.Entries ?? []).filter((e) => e.Id === 'm1').map((e) => ({ Id: e.Id, Code: 'InvalidMessageContents', SenderFault: true, Message: 'bad char' })),
    }));
    const queue = new SqsQueue<string>(new SQSClient({}), QUEUE_URL);

    const error = await queue.send(['a', 'b', 'c']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(QueueSendError);
    expect((error as QueueSendError).failed).toEqual([{ id: 'm1', code: 'InvalidMessageContents', message: 'bad char', senderFault: true }]);
    expect((error as Error).message).toMatch(/m1 InvalidMessageContents \(sender fault\): bad char/);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
  });

  it('splits a batch whose bodies would pass 256 KiB', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake(acceptAll);
    const big = 'x'.repeat(100 * 1024);

    await new SqsQueue<string>(new SQSClient({}), QUEUE_URL, { concurrency: 1 }).send([big, big, big, big]);

    expect(sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.map((e) => e.Id))).toEqual([
      ['m0', 'm1'],
      ['m2', 'm3'],
    ]);
  });
});
