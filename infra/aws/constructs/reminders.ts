/**
 * Reminders: plan → schedule → dispatch.
 *
 * - The planning queue (filled by ingest-file) is consumed by plan-reminders, which creates one
 *   EventBridge Scheduler one-time schedule per reminder in our schedule group.
 * - Schedules run as the scheduler role, which can do exactly one thing: `sqs:SendMessage` to the
 *   dispatch queue (and to the scheduler DLQ, where Scheduler itself puts events it could not deliver).
 * - plan-reminders may create/get/delete schedules in our group only, and pass the scheduler role only
 *   to the Scheduler service.
 * - The dispatch queue is consumed by dispatch-reminder, which re-reads the invoice and puts the
 *   rendered message on its channel's queue: email here, SMS and WhatsApp once the channels construct
 *   is connected ({@link Reminders.connectChannels}). A reminder that falls outside the debtor's
 *   contact hours (or over a frequency cap) is deferred: dispatch-reminder creates a new one-time
 *   schedule for it, so it may create (only create) schedules in the group and pass the scheduler
 *   role, like plan-reminders.
 */
import { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, PREFIX } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { ScheduleDelivery } from './schedule-delivery.js';
import { CobranzaFunction } from './cobranza-function.js';
import type { AlarmedDeadLetterQueue} from './monitored-queue.js';
import { MonitoredQueue } from './monitored-queue.js';

const PLAN_TIMEOUT = Duration.minutes(2);
const DISPATCH_TIMEOUT = Duration.seconds(30);

/** What plan-reminders may do with schedules in the group. */
export const SCHEDULE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:GetSchedule', 'scheduler:DeleteSchedule'] as const;
/** What dispatch-reminder may do there: defer a reminder to a new time, nothing else. */
export const DEFER_ACTIONS = ['scheduler:CreateSchedule'] as const;

/** What dispatch-reminder needs from the channels construct. */
export interface ReminderChannels {
  readonly smsQueue: sqs.IQueue;
  readonly whatsappQueue: sqs.IQueue;
  /** Public base URL of the unsubscribe route; dispatch-reminder appends a signed token. */
  readonly unsubscribeUrl: string;
  /** HMAC key that signs unsubscribe links. */
  readonly contactSecret: secretsmanager.ISecret;
}

export interface RemindersProps {
  readonly data: CobranzaData;
  /** Where dispatch-reminder puts rendered emails. */
  readonly emailQueue: sqs.IQueue;
  readonly alarmTopic: sns.ITopic;
}

export class Reminders extends Construct {
  readonly planningQueue: MonitoredQueue;
  readonly dispatchQueue: MonitoredQueue;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly schedulerDeadLetters: AlarmedDeadLetterQueue;
  readonly scheduleDelivery: ScheduleDelivery;
  readonly planReminders: CobranzaFunction;
  readonly dispatchReminder: CobranzaFunction;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    const { tables } = props.data;

    this.planningQueue = new MonitoredQueue(this, 'PlanningQueue', {
      alarmTopic: props.alarmTopic,
      consumerTimeout: PLAN_TIMEOUT,
      purpose: 'Plan requests (accounts whose invoices changed) waiting for plan-reminders',
    });
    this.dispatchQueue = new MonitoredQueue(this, 'DispatchQueue', {
      alarmTopic: props.alarmTopic,
      consumerTimeout: DISPATCH_TIMEOUT,
      purpose: 'Fired reminder schedules waiting for dispatch-reminder',
    });

    // Reminders go to the dispatch queue; re-plans (an invoice entering its next aging bucket) to the
    // planning queue.
    this.scheduleDelivery = new ScheduleDelivery(this, {
      name: 'reminders',
      alarmTopic: props.alarmTopic,
      targets: [this.dispatchQueue.queue, this.planningQueue.queue],
      roleDescription: 'Assumed by EventBridge Scheduler to deliver reminder schedules (dispatch queue) and re-plans (planning queue)',
      deadLetterPurpose: 'Reminder schedules EventBridge Scheduler could not deliver to the dispatch queue',
      deadLetterNagReason:
        'This queue is itself a dead-letter queue: EventBridge Scheduler DeadLetterConfig of every reminder schedule ' +
        '(set per schedule by plan-reminders), which cdk-nag cannot see. It is alarmed.',
      schedulesNagReason: 'Schedule names are derived per reminder at run time; the wildcard covers schedules in our own schedule group only.',
    });
    this.scheduleGroup = this.scheduleDelivery.group;
    this.schedulerDeadLetters = this.scheduleDelivery.deadLetters;
    this.schedulerRole = this.scheduleDelivery.role;

    this.planReminders = new CobranzaFunction(this, 'PlanReminders', {
      name: 'plan-reminders',
      description: 'Plans reminders for changed invoices and creates their one-time schedules',
      timeout: PLAN_TIMEOUT,
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write');
    this.planReminders.addEnvironment(ENV.planningQueueArn, this.planningQueue.queue.queueArn);
    this.allowScheduling(this.planReminders, SCHEDULE_ACTIONS);
    this.planningQueue.addConsumer(this.planReminders, { batchSize: 10 });

    this.dispatchReminder = new CobranzaFunction(this, 'DispatchReminder', {
      name: 'dispatch-reminder',
      description: 'Re-checks a due reminder and queues the rendered message for its channel',
      timeout: DISPATCH_TIMEOUT,
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write')
      .bindQueue(ENV.emailQueueUrl, props.emailQueue)
      // A pre-legal letter a sender held back after hours is sent again exactly as the escalation kept it.
      .bindBucket(props.data.files, { read: [PREFIX.letters] });
    this.allowScheduling(this.dispatchReminder, DEFER_ACTIONS);
    this.dispatchQueue.addConsumer(this.dispatchReminder, { batchSize: 10 });
  }

  /**
   * Lets dispatch-reminder use the channels beyond email: send to the SMS and WhatsApp queues, and
   * sign the unsubscribe link it puts in every message (read access to the contact secret).
   */
  /**
   * A new or changed invoice from a file asks escalation to evaluate its account: the planner (which
   * sees every ingested change) may send to the escalation queue (ESCALATION_QUEUE_URL).
   */
  connectEscalation(escalationQueue: sqs.IQueue): void {
    this.planReminders.bindQueue(ENV.escalationQueueUrl, escalationQueue);
  }

  connectChannels(channels: ReminderChannels): void {
    this.dispatchReminder
      .bindQueue(ENV.smsQueueUrl, channels.smsQueue)
      .bindQueue(ENV.whatsappQueueUrl, channels.whatsappQueue);
    this.dispatchReminder.addEnvironment(ENV.unsubscribeUrl, channels.unsubscribeUrl);
    this.dispatchReminder.addEnvironment(ENV.contactSecretArn, channels.contactSecret.secretArn);
    channels.contactSecret.grantRead(this.dispatchReminder);
  }

  /** Reminder emails link to the debtor's self-service page (a signed link; debtor-portal.ts). */
  connectPortal(portalUrl: string): void {
    this.dispatchReminder.addEnvironment(ENV.portalUrl, portalUrl);
  }

  /**
   * Another capability's function that creates reminder schedules (escalation-api: a payment plan's
   * installment reminders): create only, in the reminders' group, onto the dispatch queue.
   */
  allowCreatingReminders(fn: CobranzaFunction): void {
    this.allowScheduling(fn, DEFER_ACTIONS);
  }

  /** A function that creates or deletes reminder schedules: `actions` in our group, the dispatch queue as target. */
  private allowScheduling(fn: CobranzaFunction, actions: readonly string[]): void {
    fn.addEnvironment(ENV.dispatchQueueArn, this.dispatchQueue.queue.queueArn);
    this.scheduleDelivery.allow(fn, actions);
  }
}
