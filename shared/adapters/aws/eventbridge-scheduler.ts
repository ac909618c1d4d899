import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { DateTime } from 'luxon';
import type { Clock, ReminderScheduler, ScheduleRequest } from '../../ports.js';
import { isAwsError } from './errors.js';

export interface EventBridgeSchedulerConfig {
  /** Schedule group holding every reminder schedule. */
  readonly groupName: string;
  /** The dispatch queue (SQS) ARN the reminder schedules target. */
  readonly targetArn: string;
  /** The planning queue (SQS) ARN the re-plan schedules (`target: 'planning'`) target. */
  readonly planningTargetArn?: string;
  /** The escalation queue (next evaluations); only the escalation-step function schedules there. */
  readonly escalationTargetArn?: string;
  /** Role EventBridge Scheduler assumes to send to the target (sqs:SendMessage). */
  readonly roleArn: string;
  /** SQS queue receiving events the scheduler could not deliver. */
  readonly deadLetterArn: string;
  /** @default the system clock */
  readonly clock?: Clock;
}

/**
 * The shortest lead time we give a schedule. The docs (CreateSchedule, Schedule types) do not say
 * what a one-time `at()` in the past does, and neither outcome is one we want: rejected, the
 * planner's catch-up reminder (sendAt ≈ now) fails; accepted, it may never fire. So an instant
 * closer than a minute (or past) is moved to now + 1 minute; the scheduler fires with one-minute
 * precision anyway.
 */
export const MIN_LEAD_MS = 60_000;

/**
 * Retry policy for delivering to the dispatch queue. A failure to SendMessage is an SQS or IAM
 * outage, not a bad event, so we retry for as long as the service allows (185 attempts, 24 h) and
 * let the dispatcher judge lateness: it re-reads the invoice and drops a reminder that is stale.
 * What still fails after a day goes to the scheduler DLQ (alarmed) to be redriven.
 */
export const TARGET_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 } as const;

const systemClock: Clock = { now: () => new Date() };

/**
 * ReminderScheduler on EventBridge Scheduler: one one-time schedule per reminder, written in the
 * debtor's local time (readable in the console; Scheduler applies the zone's DST rules), deleted by
 * the service after it fires.
 *
 * Idempotency is by name: a second CreateSchedule with an existing name gets ConflictException,
 * which is `exists`. No ClientToken is set on purpose: the SDK already generates one per call and
 * reuses it for its own retries, whereas a token derived from the name would make a later
 * re-creation (after the schedule fired or was cancelled) look like a replay and silently do nothing.
 *
 * @example
 * const scheduler = new EventBridgeReminderScheduler(new SchedulerClient({}), {
 *   groupName: 'cobranza-reminders', targetArn: dispatchQueueArn, roleArn, deadLetterArn,
 * });
 * await scheduler.schedule({ name: 'r-1', at: '2026-12-01T15:00:00Z', timezone: 'America/Mexico_City', payload });
 */
export class EventBridgeReminderScheduler implements ReminderScheduler {
  private readonly clock: Clock;

  constructor(
    private readonly client: SchedulerClient,
    private readonly config: EventBridgeSchedulerConfig,
  ) {
    this.clock = config.clock ?? systemClock;
  }

  async schedule(request: ScheduleRequest): Promise<'created' | 'exists'> {
    try {
      await this.client.send(new CreateScheduleCommand(this.createInput(request)));
      return 'created';
    } catch (error) {
      if (isAwsError(error, 'ConflictException')) return 'exists';
      throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.config.groupName }));
    } catch (error) {
      // Already fired (and deleted by ActionAfterCompletion) or cancelled before: nothing to do.
      if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
    }
  }

  /** The exact CreateSchedule input for `request` (exposed for tests and for reading). */
  createInput(request: ScheduleRequest): CreateScheduleCommandInput {
    const at = notBefore(new Date(request.at), new Date(this.clock.now().getTime() + MIN_LEAD_MS));
    const { expression, timezone } = atExpression(at, request.timezone);
    return {
      Name: request.name,
      GroupName: this.config.groupName,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: request.target === 'planning' ? planningTarget(this.config) : request.target === 'escalation' ? escalationTarget(this.config) : this.config.targetArn,
        RoleArn: this.config.roleArn,
        Input: JSON.stringify(request.payload),
        RetryPolicy: { ...TARGET_RETRY_POLICY },
        DeadLetterConfig: { Arn: this.config.deadLetterArn },
      },
    };
  }
}

/**
 * `at(yyyy-mm-ddThh:mm:ss)` for `instant` as wall time in `timezone` (luxon applies the zone's DST
 * rules). A wall time that occurs twice (the hour repeated when clocks go back) would be ambiguous
 * for Scheduler, so such an instant is written in UTC instead. Seconds are kept; milliseconds are
 * rounded up so the schedule is never earlier than asked.
 */
export function atExpression(instant: Date, timezone: string): { expression: string; timezone: string } {
  if (Number.isNaN(instant.getTime())) throw new RangeError('schedule instant is not a valid date');
  const utc = DateTime.fromMillis(Math.ceil(instant.getTime() / 1000) * 1000, { zone: 'utc' });
  const local = utc.setZone(timezone);
  if (!local.isValid) throw new RangeError(`unknown time zone '${timezone}': ${local.invalidExplanation ?? ''}`);
  const zoned = local.getPossibleOffsets().length === 1 ? { dt: local, timezone } : { dt: utc, timezone: 'UTC' };
  return { expression: `at(${zoned.dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")})`, timezone: zoned.timezone };
}

function notBefore(at: Date, earliest: Date): Date {
  return at.getTime() < earliest.getTime() ? earliest : at;
}

/** Only the planner schedules re-planning; a dispatcher's scheduler has no planning queue to name. */
function planningTarget(config: EventBridgeSchedulerConfig): string {
  if (!config.planningTargetArn) throw new Error('this scheduler has no planning queue (planningTargetArn) configured');
  return config.planningTargetArn;
}

function escalationTarget(config: EventBridgeSchedulerConfig): string {
  if (!config.escalationTargetArn) throw new Error('this scheduler has no escalation queue (escalationTargetArn) configured');
  return config.escalationTargetArn;
}
