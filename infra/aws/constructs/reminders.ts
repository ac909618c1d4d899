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
 *   rendered message on the email queue.
 */
import { Arn, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import { AlarmedDeadLetterQueue, MonitoredQueue } from './monitored-queue.js';

const PLAN_TIMEOUT = Duration.minutes(2);
const DISPATCH_TIMEOUT = Duration.seconds(30);

/** What plan-reminders may do with schedules in the group. */
export const SCHEDULE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:GetSchedule', 'scheduler:DeleteSchedule'] as const;

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
  readonly planReminders: CobranzaFunction;
  readonly dispatchReminder: CobranzaFunction;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    const { tables } = props.data;
    const stack = Stack.of(this);

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

    // Pending schedules are state: keep the group (and them) if the stack is ever deleted. Group names
    // are unique per account and region, so the name carries the (stage-suffixed) stack name.
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: `${stack.stackName}-reminders`,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.schedulerDeadLetters = new AlarmedDeadLetterQueue(this, 'SchedulerDeadLetters', {
      alarmTopic: props.alarmTopic,
      purpose: 'Reminder schedules EventBridge Scheduler could not deliver to the dispatch queue',
    });
    Validations.of(this.schedulerDeadLetters.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: EventBridge Scheduler DeadLetterConfig of every reminder schedule ' +
        '(set per schedule by plan-reminders), which cdk-nag cannot see. It is alarmed.',
    });

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to deliver reminder schedules (dispatch queue) and re-plans (planning queue)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        // Reminders go to the dispatch queue; re-plans (an invoice entering its next aging bucket) to
        // the planning queue; what cannot be delivered to the scheduler's own DLQ.
        resources: [
          this.dispatchQueue.queue.queueArn,
          this.planningQueue.queue.queueArn,
          this.schedulerDeadLetters.queue.queueArn,
        ],
      }),
    );

    this.planReminders = new CobranzaFunction(this, 'PlanReminders', {
      name: 'plan-reminders',
      description: 'Plans reminders for changed invoices and creates their one-time schedules',
      timeout: PLAN_TIMEOUT,
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write');
    this.planReminders.addEnvironment(ENV.dispatchQueueArn, this.dispatchQueue.queue.queueArn);
    this.planReminders.addEnvironment(ENV.planningQueueArn, this.planningQueue.queue.queueArn);
    this.planReminders.addEnvironment(ENV.scheduleGroup, this.scheduleGroup.scheduleGroupName);
    this.planReminders.addEnvironment(ENV.schedulerRoleArn, this.schedulerRole.roleArn);
    this.planReminders.addEnvironment(ENV.schedulerDlqArn, this.schedulerDeadLetters.queue.queueArn);
    this.planReminders.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...SCHEDULE_ACTIONS], resources: [this.schedulesInGroupArn()] }),
    );
    Validations.of(this.planReminders.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.scheduleGroup.scheduleGroupName}/*]`,
      reason:
        'Schedule names are derived per reminder at run time; the wildcard covers schedules in our own schedule group only.',
    });
    this.planReminders.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    this.planningQueue.addConsumer(this.planReminders, { batchSize: 10 });

    this.dispatchReminder = new CobranzaFunction(this, 'DispatchReminder', {
      name: 'dispatch-reminder',
      description: 'Re-checks a due reminder and queues the rendered message for its channel',
      timeout: DISPATCH_TIMEOUT,
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write')
      .bindQueue(ENV.emailQueueUrl, props.emailQueue);
    this.dispatchQueue.addConsumer(this.dispatchReminder, { batchSize: 10 });
  }

  /**
   * `arn:<partition>:scheduler:<region>:<account>:schedule/<group>/*`: every schedule in our group, no
   * other. Built from the pseudo parameters even when the stack has a concrete env, so the cdk-nag
   * finding id acknowledged above is the same in every environment.
   */
  schedulesInGroupArn(): string {
    return Arn.format({
      partition: Aws.PARTITION,
      service: 'scheduler',
      region: Aws.REGION,
      account: Aws.ACCOUNT_ID,
      resource: 'schedule',
      resourceName: `${this.scheduleGroup.scheduleGroupName}/*`,
    });
  }
}
