/**
 * Email channel: the email queue (filled by dispatch-reminder) consumed by send-email, which sends
 * through SES v2 with a configuration set (reputation metrics on, TLS required). send-email may call
 * `ses:SendEmail` only, only as the configured sender, only with this configuration set.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import { MonitoredQueue } from './monitored-queue.js';

const SEND_TIMEOUT = Duration.seconds(30);
/** Keeps sends under the SES account rate (default 14/s once out of the sandbox). */
const SEND_MAX_CONCURRENCY = 5;

export interface EmailProps {
  readonly data: CobranzaData;
  /** Verified SES identity (the address or its domain) reminders are sent from. */
  readonly sesFromAddress: string;
  readonly alarmTopic: sns.ITopic;
}

export class Email extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly emailQueue: MonitoredQueue;
  readonly sendEmail: CobranzaFunction;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    const { tables } = props.data;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      sendingEnabled: true,
    });

    this.emailQueue = new MonitoredQueue(this, 'EmailQueue', {
      alarmTopic: props.alarmTopic,
      consumerTimeout: SEND_TIMEOUT,
      purpose: 'Rendered reminder emails waiting for send-email',
    });

    this.sendEmail = new CobranzaFunction(this, 'SendEmail', {
      name: 'send-email',
      description: 'Sends queued reminder emails through SES, idempotently, and logs each send',
      timeout: SEND_TIMEOUT,
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write')
      .bindTable(tables.idempotency, 'readWrite');
    this.sendEmail.addEnvironment(ENV.sesFromAddress, props.sesFromAddress);
    this.sendEmail.addEnvironment(ENV.sesConfigurationSet, this.configurationSet.configurationSetName);
    this.sendEmail.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [...identityArns(this, props.sesFromAddress), this.configurationSetArn()],
        conditions: { StringEquals: { 'ses:FromAddress': props.sesFromAddress } },
      }),
    );
    this.emailQueue.addConsumer(this.sendEmail, { batchSize: 10, maxConcurrency: SEND_MAX_CONCURRENCY });
  }

  private configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }
}

/**
 * SES authorises a send against the identity that verified the sender: the address itself or its
 * domain. Both ARNs, so either way of verifying works.
 */
function identityArns(scope: Construct, address: string): string[] {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const stack = Stack.of(scope);
  return [address, domain].map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }));
}
