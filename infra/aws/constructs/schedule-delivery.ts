import { Arn, Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../../shared/config/functions.js';
import type { CobranzaFunction } from './cobranza-function.js';
import { AlarmedDeadLetterQueue } from './monitored-queue.js';

export interface ScheduleDeliveryProps {
  /** Suffix of the group name (`<stack>-<name>`): group names are unique per account and region. */
  readonly name: string;
  readonly alarmTopic: sns.ITopic;
  /** The queues schedules of this group deliver to. */
  readonly targets: readonly sqs.IQueue[];
  readonly roleDescription: string;
  readonly deadLetterPurpose: string;
  /** Why the DLQ has no DLQ of its own (cdk-nag SQS3). */
  readonly deadLetterNagReason: string;
  /** Why functions may act on every schedule of the group (cdk-nag IAM5 on `schedule/<group>/*`). */
  readonly schedulesNagReason: string;
}

/**
 * What EventBridge Scheduler needs to deliver one-time schedules to queues: a retained schedule
 * group (pending schedules are state), an alarmed dead-letter queue for what cannot be delivered, and
 * the role Scheduler assumes to send to the targets. Reminders and escalation each have their own,
 * so neither can create or delete the other's schedules. A plain class, not a construct: the
 * resources keep the ids (and logical ids) they had in their parent construct.
 */
export class ScheduleDelivery {
  readonly group: scheduler.ScheduleGroup;
  readonly deadLetters: AlarmedDeadLetterQueue;
  readonly role: iam.Role;

  constructor(
    scope: Construct,
    private readonly props: ScheduleDeliveryProps,
  ) {
    const stack = Stack.of(scope);
    this.group = new scheduler.ScheduleGroup(scope, 'ScheduleGroup', {
      scheduleGroupName: `${stack.stackName}-${props.name}`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetters = new AlarmedDeadLetterQueue(scope, 'SchedulerDeadLetters', { alarmTopic: props.alarmTopic, purpose: props.deadLetterPurpose });
    Validations.of(this.deadLetters.queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: props.deadLetterNagReason });
    this.role = new iam.Role(scope, 'SchedulerRole', {
      description: props.roleDescription,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [...props.targets.map((q) => q.queueArn), this.deadLetters.queue.queueArn],
      }),
    );
  }

  /**
   * Lets a function schedule into this group: the environment a schedule needs (group, role, DLQ),
   * `actions` on schedules of this group only, and passing the role only to EventBridge Scheduler.
   * The caller adds the target ARN it schedules to.
   */
  allow(fn: CobranzaFunction, actions: readonly string[]): void {
    fn.addEnvironment(ENV.scheduleGroup, this.group.scheduleGroupName);
    fn.addEnvironment(ENV.schedulerRoleArn, this.role.roleArn);
    fn.addEnvironment(ENV.schedulerDlqArn, this.deadLetters.queue.queueArn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions], resources: [this.schedulesInGroupArn()] }));
    Validations.of(fn.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.group.scheduleGroupName}/*]`,
      reason: this.props.schedulesNagReason,
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }

  /**
   * `arn:<partition>:scheduler:<region>:<account>:schedule/<group>/*`: every schedule in the group, no
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
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
  }
}
