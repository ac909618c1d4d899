/**
 * Email channel: the email queue (filled by dispatch-reminder) consumed by send-email, which sends
 * through SES v2 with a configuration set (reputation metrics on, TLS required). send-email may call
 * `ses:SendEmail` only, only as the configured sender, only with this configuration set.
 *
 * The configuration set keeps SES's suppression list on for bounces and complaints (an address that
 * bounced hard or complained is never mailed again, whatever our own records say) and publishes the
 * events of {@link EMAIL_EVENTS} to the default EventBridge bus, where channels.ts picks up those of
 * this configuration set for channel-events. A permanent failure falls back to the next channel:
 * send-email may put the reminder back on the dispatch queue ({@link Email.fallBackTo}).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import { MonitoredQueue } from './monitored-queue.js';

const SEND_TIMEOUT = Duration.seconds(30);
/** Keeps sends under the SES account rate (default 14/s once out of the sandbox). */
const SEND_MAX_CONCURRENCY = 5;

/**
 * The SES events channel-events acts on, each with the EventBridge `detail-type` it arrives as.
 * Not SEND (our own send log already says so) nor SUBSCRIPTION (SES subscription management is not
 * used: unsubscribe links point at our own /unsubscribe route).
 */
export const EMAIL_EVENTS: readonly (readonly [ses.EmailSendingEvent, string])[] = [
  [ses.EmailSendingEvent.DELIVERY, 'Email Delivered'],
  [ses.EmailSendingEvent.BOUNCE, 'Email Bounced'],
  [ses.EmailSendingEvent.COMPLAINT, 'Email Complaint Received'],
  [ses.EmailSendingEvent.OPEN, 'Email Opened'],
  [ses.EmailSendingEvent.CLICK, 'Email Clicked'],
  [ses.EmailSendingEvent.REJECT, 'Email Rejected'],
  [ses.EmailSendingEvent.RENDERING_FAILURE, 'Email Rendering Failed'],
  [ses.EmailSendingEvent.DELIVERY_DELAY, 'Email Delivery Delayed'],
];

export interface EmailProps {
  readonly data: CobranzaData;
  /** Verified SES identity (the address or its domain) reminders are sent from. */
  readonly sesFromAddress: string;
  readonly alarmTopic: sns.ITopic;
}

export class Email extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  /** Publishes {@link EMAIL_EVENTS} to the default event bus. */
  readonly eventDestination: ses.ConfigurationSetEventDestination;
  readonly emailQueue: MonitoredQueue;
  readonly sendEmail: CobranzaFunction;
  /** The verified SES identity every email of the app is sent from. */
  readonly sesFromAddress: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    const { tables } = props.data;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // SES publishes to the default bus only; no resource policy needed on it.
    this.eventDestination = this.configurationSet.addEventDestination('EventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: EMAIL_EVENTS.map(([event]) => event),
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
    this.sesFromAddress = props.sesFromAddress;
    this.allowSending(this.sendEmail);
    this.emailQueue.addConsumer(this.sendEmail, { batchSize: 10, maxConcurrency: SEND_MAX_CONCURRENCY });
  }

  /**
   * Lets `fn` send email as the reminders do: SES_FROM_ADDRESS and SES_CONFIGURATION_SET set, and
   * `ses:SendEmail` only, only as the configured sender, only with this configuration set (whose
   * suppression list and event publishing then apply to its mail too).
   */
  allowSending(fn: CobranzaFunction): void {
    fn.addEnvironment(ENV.sesFromAddress, this.sesFromAddress);
    fn.addEnvironment(ENV.sesConfigurationSet, this.configurationSet.configurationSetName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [...identityArns(this, this.sesFromAddress), this.configurationSetArn()],
        conditions: { StringEquals: { 'ses:FromAddress': this.sesFromAddress } },
      }),
    );
  }

  /**
   * Lets send-email put a reminder back on the dispatch queue (DISPATCH_QUEUE_URL) when SES says the
   * address can never work, so dispatch-reminder tries the next channel. The queue belongs to the
   * reminders construct, built after this one.
   */
  fallBackTo(dispatchQueue: sqs.IQueue): void {
    this.sendEmail.bindQueue(ENV.dispatchQueueUrl, dispatchQueue);
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
