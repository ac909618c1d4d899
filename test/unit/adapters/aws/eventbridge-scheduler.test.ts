import 'aws-sdk-client-mock-vitest/extend';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { atExpression, EventBridgeReminderScheduler } from '../../../../shared/adapters/aws/eventbridge-scheduler.js';

const schedulerMock = mockClient(SchedulerClient);
const NOW = new Date('2026-11-23T14:00:00Z');
const config = {
  groupName: 'cobranza-reminders',
  targetArn: 'arn:aws:sqs:us-east-1:123456789012:cobranza-dispatch',
  planningTargetArn: 'arn:aws:sqs:us-east-1:123456789012:cobranza-planning',
  roleArn: 'arn:aws:iam::123456789012:role/cobranza-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:cobranza-scheduler-dlq',
  clock: { now: () => NOW },
};
const payload = { accountId: 'MX-100', invoiceNumber: 'F-1', reminderId: 'r-f1-d-5', stepId: 'd-5', channel: 'email', template: 'upcoming', tone: 'friendly', scheduledFor: '2026-11-26T15:00:00.000Z' };

afterEach(() => {
  schedulerMock.reset();
});

describe('EventBridgeReminderScheduler', () => {
  it('sends a re-plan schedule to the planning queue, with the same role, retries and dead-letter queue', async () => {
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/y' });
    const scheduler = new EventBridgeReminderScheduler(new SchedulerClient({}), config);
    const replan = { accountId: 'MX-100', invoiceNumber: 'F-1', contentHash: 'h1' };

    await scheduler.schedule({ name: 'cobranza-replan-1', at: '2027-01-01T06:00:00.000Z', timezone: 'America/Mexico_City', target: 'planning', payload: replan });

    expect(schedulerMock).toHaveReceivedCommandWith(CreateScheduleCommand, {
      Name: 'cobranza-replan-1',
      ScheduleExpression: 'at(2027-01-01T00:00:00)',
      ScheduleExpressionTimezone: 'America/Mexico_City',
      ActionAfterCompletion: 'DELETE',
      Target: expect.objectContaining({
        Arn: config.planningTargetArn,
        RoleArn: config.roleArn,
        Input: JSON.stringify(replan),
        DeadLetterConfig: { Arn: config.deadLetterArn },
      }),
    });
  });

  it('creates a one-time schedule in the debtor’s local wall time that deletes itself and dead-letters failures', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' });
    const scheduler = new EventBridgeReminderScheduler(new SchedulerClient({}), config);

    // Act
    const result = await scheduler.schedule({ name: 'r-f1-d-5', at: '2026-11-26T15:00:00.000Z', timezone: 'America/Mexico_City', payload });

    // Assess
    expect(result).toBe('created');
    const expected: CreateScheduleCommandInput = {
      Name: 'r-f1-d-5',
      GroupName: 'cobranza-reminders',
      ScheduleExpression: 'at(2026-11-26T09:00:00)',
      ScheduleExpressionTimezone: 'America/Mexico_City',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: config.targetArn,
        RoleArn: config.roleArn,
        Input: JSON.stringify(payload),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: config.deadLetterArn },
      },
    };
    expect(schedulerMock).toHaveReceivedCommandExactlyOnceWith(CreateScheduleCommand, expected);
    expect(schedulerMock.commandCalls(CreateScheduleCommand)[0]!.args[0].input).toEqual(expected);
  });

  it('answers exists when a schedule with that name is already there', async () => {
    schedulerMock.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'Schedule r-1 already exists.', Message: 'Schedule r-1 already exists.', $metadata: {} }));
    const scheduler = new EventBridgeReminderScheduler(new SchedulerClient({}), config);

    await expect(scheduler.schedule({ name: 'r-1', at: '2026-12-01T15:00:00Z', timezone: 'America/Mexico_City', payload })).resolves.toBe('exists');
  });

  it('rethrows other errors', async () => {
    schedulerMock.on(CreateScheduleCommand).rejects(new ValidationException({ message: 'bad', Message: 'bad', $metadata: {} }));
    const scheduler = new EventBridgeReminderScheduler(new SchedulerClient({}), config);

    await expect(scheduler.schedule({ name: 'r-1', at: '2026-12-01T15:00:00Z', timezone: 'America/Mexico_City', payload })).rejects.toThrow('bad');
  });

  it('moves an instant in the past (a catch-up reminder) to one minute from now', async () => {
    schedulerMock.on(CreateScheduleCommand).resolves({});
    const scheduler = new EventBridgeReminderScheduler(new SchedulerClient({}), config);

    await scheduler.schedule({ name: 'r-late', at: '2026-11-20T15:00:00Z', timezone: 'America/Mexico_City', payload });

    // now = 14:00Z = 08:00 in Mexico City; + 1 minute.
    expect(schedulerMock).toHaveReceivedCommandWith(CreateScheduleCommand, { ScheduleExpression: 'at(2026-11-23T08:01:00)' });
  });

  it('deletes a schedule on cancel and ignores one that is already gone', async () => {
    schedulerMock.on(DeleteScheduleCommand).rejectsOnce(new ResourceNotFoundException({ message: 'not found', Message: 'not found', $metadata: {} })).resolves({});
    const scheduler = new EventBridgeReminderScheduler(new SchedulerClient({}), config);

    await expect(scheduler.cancel('r-gone')).resolves.toBeUndefined();
    await expect(scheduler.cancel('r-there')).resolves.toBeUndefined();

    expect(schedulerMock).toHaveReceivedCommandTimes(DeleteScheduleCommand, 2);
    expect(schedulerMock).toHaveReceivedNthCommandWith(DeleteScheduleCommand, 1, { Name: 'r-gone', GroupName: 'cobranza-reminders' });
  });

  it('rethrows a failed delete that is not ResourceNotFound', async () => {
    schedulerMock.on(DeleteScheduleCommand).rejects(new ValidationException({ message: 'nope', Message: 'nope', $metadata: {} }));
    await expect(new EventBridgeReminderScheduler(new SchedulerClient({}), config).cancel('r')).rejects.toThrow('nope');
  });
});

describe('atExpression', () => {
  it('follows daylight saving time in the debtor’s zone', () => {
    expect(atExpression(new Date('2026-07-01T14:00:00Z'), 'America/New_York')).toEqual({ expression: 'at(2026-07-01T10:00:00)', timezone: 'America/New_York' });
    expect(atExpression(new Date('2026-12-01T14:00:00Z'), 'America/New_York')).toEqual({ expression: 'at(2026-12-01T09:00:00)', timezone: 'America/New_York' });
  });

  it('writes an instant of the repeated hour (clocks going back) in UTC, where it is unambiguous', () => {
    // 2026-11-01 01:30 happens twice in New York (EDT, then EST).
    expect(atExpression(new Date('2026-11-01T05:30:00Z'), 'America/New_York')).toEqual({ expression: 'at(2026-11-01T05:30:00)', timezone: 'UTC' });
    expect(atExpression(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toEqual({ expression: 'at(2026-11-01T06:30:00)', timezone: 'UTC' });
  });

  it('rounds milliseconds up and rejects an unknown zone', () => {
    expect(atExpression(new Date('2026-12-01T15:00:00.250Z'), 'UTC').expression).toBe('at(2026-12-01T15:00:01)');
    expect(() => atExpression(new Date('2026-12-01T15:00:00Z'), 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
