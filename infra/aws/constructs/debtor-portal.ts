/**
 * The debtor's self-service page (`GET|POST /portal?t=…` on the public HTTP API → debtor-portal):
 * the account's open invoices with their payment links, and forms to promise a payment date, report
 * a problem with an invoice (a dispute) or accept the policy's payment plan. Debtors reach it from
 * the signed link in their reminder emails (dispatch-reminder signs it with the ContactSecret key);
 * what they ask goes through the same use cases as the collectors' API and asks the escalation for
 * an evaluation. An accepted plan schedules its installments' reminders in the reminders' group.
 */
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ENV } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import type { Payments } from './payments.js';
import type { Reminders } from './reminders.js';

export const PORTAL_ROUTE = '/portal';

export interface DebtorPortalProps {
  readonly data: CobranzaData;
  /** Where a promise, dispute or plan asks for an evaluation. */
  readonly escalationQueue: sqs.IQueue;
  /** The key that signs the links in messages (channels.ts). */
  readonly contactSecret: secretsmanager.ISecret;
  readonly publicApi: Pick<Payments, 'addPublicRoutes' | 'publicUrl'>;
  /** An accepted plan's installment reminders are reminder schedules. */
  readonly reminders: Pick<Reminders, 'allowCreatingReminders'>;
}

export class DebtorPortal extends Construct {
  readonly debtorPortal: CobranzaFunction;
  readonly routes: readonly apigwv2.HttpRoute[];
  /** `https://…/portal`: the base of the signed links. */
  readonly portalUrl: string;

  constructor(scope: Construct, id: string, props: DebtorPortalProps) {
    super(scope, id);
    const { tables } = props.data;
    this.debtorPortal = new CobranzaFunction(this, 'DebtorPortal', {
      name: 'debtor-portal',
      description: 'Debtor self-service page: open invoices, promise a payment date, report a problem with an invoice, accept a payment plan',
      timeout: Duration.seconds(10),
    })
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'readWrite')
      .bindQueue(ENV.escalationQueueUrl, props.escalationQueue);
    this.debtorPortal.addEnvironment(ENV.contactSecretArn, props.contactSecret.secretArn);
    props.contactSecret.grantRead(this.debtorPortal);
    props.reminders.allowCreatingReminders(this.debtorPortal);

    this.routes = props.publicApi.addPublicRoutes('DebtorPortal', {
      path: PORTAL_ROUTE,
      methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST],
      handler: this.debtorPortal,
      reason:
        'Debtors open this page from the link in their reminder emails, with no account to sign in to; each link carries ' +
        'an HMAC token over the account and an expiry (60 days) that debtor-portal verifies with the ContactSecret key ' +
        'before showing or changing anything. The stage is throttled.',
    });
    this.portalUrl = props.publicApi.publicUrl(PORTAL_ROUTE);
  }

  /** Every function in this construct (for the stack's error alarms). */
  get functions(): readonly CobranzaFunction[] {
    return [this.debtorPortal];
  }
}
