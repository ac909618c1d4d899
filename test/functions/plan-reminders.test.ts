import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlanRemindersHandler } from '../../functions/plan-reminders/app.js';
import { EventBridgeReminderScheduler } from '../../shared/adapters/aws/eventbridge-scheduler.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { account, context, dynamoHarness, fixedClock, invoice, observability, sqsEvent, stored } from './harness.js';

const scheduler = mockClient(SchedulerClient);
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:dispatch';
const PLANNING_ARN = 'arn:aws:sqs:us-east-1:123456789012:planning';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/scheduler';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:123456789012:scheduler-dlq';

let h: Awaited<ReturnType<typeof dynamoHarness>>;
let handler: ReturnType<typeof createPlanRemindersHandler>;

beforeAll(async () => {
  h = await dynamoHarness();
  const clock = fixedClock('2026-11-23T14:00:00Z');
  handler = createPlanRemindersHandler({
    store: h.store,
    log: h.log,
    scheduler: new EventBridgeReminderScheduler(new SchedulerClient({ region: 'us-east-1' }), {
      groupName: 'cobranza-reminders',
      targetArn: QUEUE_ARN,
      planningTargetArn: PLANNING_ARN,
      roleArn: ROLE_ARN,
      deadLetterArn: DLQ_ARN,
      clock,
    }),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    observability,
  });
  await h.store.putAccounts([stored(account)]);
  await h.store.putInvoices([stored(invoice)]);
});

afterAll(async () => {
  await h.dynamo.close();
});

/** CreateSchedule inputs of reminders (to the dispatch queue), leaving out re-plan schedules. */
function reminderSchedules() {
  return scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input).filter((i) => i.Target?.Arn === QUEUE_ARN);
}

beforeEach(() => {
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
  scheduler.on(DeleteScheduleCommand).resolves({});
});

describe('plan-reminders handler', () => {
  it('creates one one-time schedule per cadence step, in the debtor’s time zone, deleted after it fires', async () => {
    const request = { accountId: 'MX-100', invoiceNumber: 'F-1', contentHash: stored(invoice).contentHash, change: 'created' };
    const result = await handler(sqsEvent(request), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(reminderSchedules()).toHaveLength(4);
    // The -5 step: due 1 Dec 2026 → Thursday 26 Nov at 09:00 in Mexico City.
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: expect.stringMatching(/^cobranza-[0-9a-f]{32}$/),
      GroupName: 'cobranza-reminders',
      ScheduleExpression: 'at(2026-11-26T09:00:00)',
      ScheduleExpressionTimezone: 'America/Mexico_City',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: expect.objectContaining({ Arn: QUEUE_ARN, RoleArn: ROLE_ARN, DeadLetterConfig: { Arn: DLQ_ARN } }),
    });
    const first = reminderSchedules()[0]!;
    expect(JSON.parse(first.Target!.Input!)).toMatchObject({ accountId: 'MX-100', invoiceNumber: 'F-1', channel: 'email' });

    const log = await h.log.listForAccount('MX-100');
    expect(log.filter((i) => i.type === 'reminder.scheduled')).toHaveLength(4);
    expect(log.filter((i) => i.type === 'invoice.ingested')).toHaveLength(1);
  });

  it('plans the invoice again on the day it turns 31 days late, when the 31–60 cadence takes over', async () => {
    // Due 1 Dec 2026 → 31 days late on 1 Jan 2027, from 00:00 in Mexico City.
    await handler(sqsEvent({ accountId: 'MX-100', invoiceNumber: 'F-1', contentHash: stored(invoice).contentHash }), context);
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: expect.stringMatching(/^cobranza-replan-[0-9a-f]{32}$/),
      ScheduleExpression: 'at(2027-01-01T00:00:00)',
      ScheduleExpressionTimezone: 'America/Mexico_City',
      ActionAfterCompletion: 'DELETE',
      Target: expect.objectContaining({ Arn: PLANNING_ARN, RoleArn: ROLE_ARN }),
    });
    const replan = scheduler.commandCalls(CreateScheduleCommand).find((c) => c.args[0].input.Target?.Arn === PLANNING_ARN)!;
    expect(JSON.parse(replan.args[0].input.Target!.Input!)).toEqual({ accountId: 'MX-100', invoiceNumber: 'F-1', contentHash: stored(invoice).contentHash });
  });

  it('schedules no reminder twice when the same request is delivered again', async () => {
    const request = { accountId: 'MX-100', invoiceNumber: 'F-1', contentHash: stored(invoice).contentHash };
    await handler(sqsEvent(request), context);
    expect(reminderSchedules()).toEqual([]);
    expect((await h.store.listReminders(invoice)).filter((r) => r.status === 'scheduled')).toHaveLength(4);
  });

  it('deletes the pending schedules of an invoice that is now paid', async () => {
    const paid = stored({ ...invoice, status: 'paid' as const, balance: 0 });
    await h.store.putInvoices([paid]);
    await handler(sqsEvent({ accountId: 'MX-100', invoiceNumber: 'F-1', contentHash: paid.contentHash, change: 'updated' }), context);

    expect(scheduler).toHaveReceivedCommandTimes(DeleteScheduleCommand, 4);
    expect(scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, { GroupName: 'cobranza-reminders', Name: expect.stringMatching(/^cobranza-/) });
    const reminders = await h.store.listReminders(invoice);
    expect(reminders.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const cancelled = (await h.log.listForAccount('MX-100')).filter((i) => i.type === 'reminder.cancelled');
    expect(cancelled.map((i) => i.detail)).toEqual(Array(4).fill('invoice paid'));
  });

  it('reports only the malformed message as a batch item failure', async () => {
    const result = await handler(
      sqsEvent({ accountId: 'MX-100' }, { accountId: 'MX-100', invoiceNumber: 'F-1', contentHash: 'x' }),
      context,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
  });
});
