/**
 * Payments in: provider webhooks, bank statements and a finance API, all ending in cash application.
 *
 * - **Webhooks**: one explicit route per provider on the public webhook HTTP API — `POST /webhooks/stripe`,
 *   `/webhooks/mercadopago`, `/webhooks/conekta` and `POST /webhooks/<name>` for each generic provider
 *   named in `genericWebhookProviders` — runs payment-webhook. A name without a route (`/webhooks/junk`)
 *   answers 404 at the gateway: no Lambda invocation, no archive. Each route has its own throttle
 *   ({@link PROVIDER_WEBHOOK_THROTTLE}, the stage's `RouteSettings`), so a flood on one provider's URL
 *   (or on an unknown one) cannot use up another provider's rate. The routes have no API Gateway
 *   authorizer on purpose: providers cannot sign in, they sign their requests, and the function
 *   verifies every signature (and timestamp) before it believes a byte. It archives an accepted request
 *   in full under `webhooks/accepted/`, a rejected one as metadata plus its first 4 KB under
 *   `webhooks/rejected/` (shared/usecases/receive-webhook.ts), then queues what it says on the payments
 *   queue. Bodies over 1 MiB answer 413 from the function; the HTTP API itself refuses bodies over
 *   10 MB (its payload quota, not adjustable).
 *
 *   **No WAF**: AWS WAF web ACLs attach to REST APIs, CloudFront, ALB, AppSync and Cognito, not to HTTP
 *   APIs. Per-IP rate rules would need CloudFront (with WAF) in front of this API; until then the
 *   defences are the per-route throttles, the gateway's 404 for unknown providers, the 1 MiB body
 *   limit and the bounded archive of rejected requests.
 * - **Payments queue** (DLQ + alarms) → apply-payment: matches a payment to open invoices, applies it,
 *   asks for re-planning (planning queue), queues the receipt (email queue) and alerts finance.
 * - **Statements**: an object created under `statements/` (camt.053/054, MT940, CSV, CFDI complements)
 *   runs reconcile-statement through an EventBridge rule, like ingestion's files: two async retries,
 *   then an alarmed DLQ. It writes its report under `reports/`.
 * - **Finance API** (IAM-authorised HTTP API, `FinanceApiUrl` output): `GET /payments/exceptions` and
 *   `POST /payments/{paymentId}/apply` run payments-api, for the payments a person must decide. Other
 *   constructs add their IAM routes with {@link Payments.addIamRoutes} (escalation.ts: the worklist).
 * - **FinanceAlerts** topic (own rotating KMS key, TLS only): exceptions, overpayments and refunds for
 *   finance people, apart from the ops alarm topic. Optional email subscription (`financeAlertEmail`).
 *
 * The webhook API is the system's one public entry: other constructs put their unauthenticated routes
 * on it with {@link Payments.addPublicRoutes} (channels.ts: `GET|POST /unsubscribe`), each with the
 * reason its handler can trust a request nobody signed in for.
 *
 * Two HTTP APIs rather than one with mixed routes: the webhook API is public and unauthenticated at the
 * gateway, the finance API is IAM-only. Separate APIs keep their throttles apart (a flood of junk on
 * the public URL cannot throttle finance's calls), give each its own access log and 5xx alarm, and leave
 * no way for a route added later to land on the wrong side by default.
 *
 * **After the first deploy**, ops put the webhook provider configs into the `WebhookSecret` (its ARN is
 * the `WebhookSecretArn` output) as a JSON array, one object per provider — e.g.
 * `[{"kind":"stripe","signingSecrets":["whsec_…"]}]` (schema: shared/domain/payments/webhooks/config.ts):
 *
 *   aws secretsmanager put-secret-value --secret-id <WebhookSecretArn> --secret-string file://webhooks.json
 *
 * The stack creates the secret holding `[]` (no provider: every webhook answers 500 and says so in the
 * log) and never writes it again: CloudFormation only rewrites a property whose template value changes,
 * so keep that initial value as it is. Signing secrets rotate at the provider; during a rotation the
 * config lists both the old and the new secret (Stripe's `signingSecrets`).
 */
import { Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, PREFIX } from '../../../shared/config/functions.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import { ASYNC_RETRY_ATTEMPTS } from './ingestion.js';
import { AlarmedDeadLetterQueue, MonitoredQueue } from './monitored-queue.js';

/** Providers expect an answer within seconds (Stripe: 10 s … 20 s); the function answers in milliseconds. */
const WEBHOOK_TIMEOUT = Duration.seconds(10);
const APPLY_TIMEOUT = Duration.minutes(1);
const RECONCILE_TIMEOUT = Duration.minutes(15);
/** Below the HTTP API's 30 s integration timeout, so a slow call ends as our 500, not a gateway 503. */
const API_TIMEOUT = Duration.seconds(20);

/** How often stalled payments are looked for (a claim's lease is 2 minutes: shared/usecases/payment-claim.ts). */
export const SWEEP_EVERY = Duration.minutes(10);

/**
 * Steady rate and burst (requests per second) of each route of the public API without a setting of
 * its own: the unsubscribe and self-service pages. Providers retry on 429.
 */
export const WEBHOOK_THROTTLE: apigwv2.ThrottleSettings = { rateLimit: 25, burstLimit: 50 };
/** Each provider's own route: its own bucket, so junk sent to one URL cannot starve another provider. */
export const PROVIDER_WEBHOOK_THROTTLE: apigwv2.ThrottleSettings = { rateLimit: 25, burstLimit: 50 };
/** The built-in providers (shared/domain/payments/webhooks/config.ts): each always has its route. */
export const BUILT_IN_WEBHOOK_PROVIDERS = ['stripe', 'mercadopago', 'conekta'] as const;
/** A generic provider's name, as its config allows it (it becomes a URL segment and a route key). */
const GENERIC_PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** A few finance people and their scripts. */
export const FINANCE_API_THROTTLE: apigwv2.ThrottleSettings = { rateLimit: 10, burstLimit: 20 };

/** `POST /webhooks/<provider>`: the path of a provider's route. */
export const webhookRoute = (provider: string): string => `/webhooks/${provider}`;
export const EXCEPTIONS_ROUTE = '/payments/exceptions';
export const APPLY_ROUTE = '/payments/{paymentId}/apply';

/**
 * One JSON object per request. HTTP API variables only (no `$context.resourcePath`); the caller's IAM
 * principal on the finance API, nothing from headers or bodies (webhook bodies are archived in S3).
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    caller: '$context.identity.userArn',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integration.latency',
    error: '$context.error.message',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export interface PaymentsProps {
  readonly data: CobranzaData;
  /** Where applied payments ask for re-planning of the accounts they touched (reminders construct). */
  readonly planningQueue: sqs.IQueue;
  /** Where receipts go (email construct). */
  readonly emailQueue: sqs.IQueue;
  readonly alarmTopic: sns.ITopic;
  /** Subscribed (email protocol) to the FinanceAlerts topic when set. @default - no subscription */
  readonly financeAlertEmail?: string;
  /**
   * The `name`s of the generic (HMAC) provider configs ops will put in the WebhookSecret: each gets its
   * route `POST /webhooks/<name>`. A config without a route is never reached (the gateway answers 404).
   * @default - none: only the built-in providers' routes
   */
  readonly genericWebhookProviders?: readonly string[];
}

/** A throttled, access-logged HTTP API with its `$default` stage. */
export interface PaymentsHttpApi {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** Any 5xx answered: the handlers turn internal failures into 500s, so function error alarms miss them. */
  readonly serverErrorAlarm: cloudwatch.Alarm;
}

export class Payments extends Construct {
  readonly financeAlertsKey: kms.Key;
  readonly financeAlerts: sns.Topic;
  readonly webhookSecret: secretsmanager.Secret;
  readonly paymentsQueue: MonitoredQueue;
  readonly failures: AlarmedDeadLetterQueue;
  readonly paymentWebhook: CobranzaFunction;
  readonly applyPayment: CobranzaFunction;
  readonly reconcileStatement: CobranzaFunction;
  readonly paymentsApi: CobranzaFunction;
  readonly statementRule: events.Rule;
  /** Puts `{"sweep":true}` on the payments queue every {@link SWEEP_EVERY}. */
  readonly sweepRule: events.Rule;
  readonly webhookHttpApi: PaymentsHttpApi;
  readonly financeHttpApi: PaymentsHttpApi;
  /** Provider name → its `POST /webhooks/<provider>` route. */
  readonly webhookRoutes: ReadonlyMap<string, apigwv2.HttpRoute>;
  /** SigV4: every route of the finance API. */
  private readonly iamAuthorizer = new HttpIamAuthorizer();

  constructor(scope: Construct, id: string, props: PaymentsProps) {
    super(scope, id);
    const { files } = props.data;

    // --- Finance alerts ------------------------------------------------------------------------
    this.financeAlertsKey = new kms.Key(this, 'FinanceAlertsKey', {
      description: 'Cobranza finance alerts topic (payment exceptions, overpayments, refunds)',
      enableKeyRotation: true,
      // Only encrypts notifications in flight: nothing to recover once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.financeAlerts = new sns.Topic(this, 'FinanceAlerts', {
      displayName: 'Cobranza finance alerts',
      masterKey: this.financeAlertsKey,
      enforceSSL: true,
    });
    if (props.financeAlertEmail) {
      this.financeAlerts.addSubscription(new subscriptions.EmailSubscription(props.financeAlertEmail));
    }

    // --- Webhook provider configs --------------------------------------------------------------
    this.webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description:
        'Cobranza payment webhook provider configs: a JSON array, one object per provider (see infra/aws/constructs/payments.ts)',
      // Not a secret: the empty list the stack starts with. Ops put the real configs after deploy.
      secretStringValue: SecretValue.unsafePlainText('[]'),
    });
    Validations.of(this.webhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Webhook signing secrets are issued and rotated at the payment provider, not by Secrets Manager; the config ' +
        'array holds the old and the new secret during a rotation, then ops drop the old one.',
    });

    // --- Queues ----------------------------------------------------------------------------------
    this.paymentsQueue = new MonitoredQueue(this, 'PaymentsQueue', {
      alarmTopic: props.alarmTopic,
      consumerTimeout: APPLY_TIMEOUT,
      purpose: 'Payments received by webhook waiting for apply-payment',
      maxMessageAge: Duration.minutes(30),
    });
    this.failures = new AlarmedDeadLetterQueue(this, 'Failures', {
      alarmTopic: props.alarmTopic,
      purpose: 'Statement events (statements/) that failed after retries',
    });

    // --- Functions -------------------------------------------------------------------------------
    this.paymentWebhook = new CobranzaFunction(this, 'PaymentWebhook', {
      name: 'payment-webhook',
      description: 'Verifies a provider webhook, archives the raw request, queues its payments',
      timeout: WEBHOOK_TIMEOUT,
    })
      .bindBucket(files, { write: [PREFIX.webhooks] })
      .bindQueue(ENV.paymentsQueueUrl, this.paymentsQueue.queue);
    this.paymentWebhook.addEnvironment(ENV.webhookSecretArn, this.webhookSecret.secretArn);
    this.webhookSecret.grantRead(this.paymentWebhook);

    this.applyPayment = this.applier(props, 'ApplyPayment', {
      name: 'apply-payment',
      description: 'Matches a received payment to open invoices and applies it (or raises an exception)',
      timeout: APPLY_TIMEOUT,
    });
    this.paymentsQueue.addConsumer(this.applyPayment, { batchSize: 10 });

    this.reconcileStatement = this.applier(props, 'ReconcileStatement', {
      name: 'reconcile-statement',
      description: 'Reads a bank statement or payment complement, applies its payments, writes its report',
      timeout: RECONCILE_TIMEOUT,
      memorySize: 1024,
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      deadLetterQueue: this.failures.queue,
    }).bindBucket(files, { read: [PREFIX.statements], write: [PREFIX.reports] });

    this.paymentsApi = this.applier(props, 'PaymentsApi', {
      name: 'payments-api',
      description: 'Finance API: lists payment exceptions and applies one by hand',
      timeout: API_TIMEOUT,
    });

    this.statementRule = new events.Rule(this, 'StatementFileCreated', {
      description: `S3 Object Created under ${PREFIX.statements} → reconcile-statement`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [files.bucket.bucketName] },
          object: { key: events.Match.prefix(PREFIX.statements) },
        },
      },
      targets: [
        new targets.LambdaFunction(this.reconcileStatement, {
          deadLetterQueue: this.failures.queue,
          retryAttempts: ASYNC_RETRY_ATTEMPTS,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });

    // The safety net under the payment claims: a payment whose delivery died half-way and was never
    // retried is finished from its recorded decision (apply-payment's finishStalledPayments). A
    // message on the payments queue rather than a function of its own: the same consumer, its DLQ
    // and alarms; 4,320 messages a month.
    this.sweepRule = new events.Rule(this, 'StalledPaymentsSweep', {
      description: 'Every 10 minutes: apply-payment finishes payments whose delivery died half-way',
      schedule: events.Schedule.rate(SWEEP_EVERY),
      targets: [new targets.SqsQueue(this.paymentsQueue.queue, { message: events.RuleTargetInput.fromObject({ sweep: true }) })],
    });

    // --- HTTP APIs -------------------------------------------------------------------------------
    this.webhookHttpApi = this.httpApi('WebhookHttpApi', {
      description: 'Cobranza payment webhooks (public; every request is signature-verified by payment-webhook)',
      throttle: WEBHOOK_THROTTLE,
      alarmTopic: props.alarmTopic,
    });
    this.webhookRoutes = this.addWebhookRoutes([...BUILT_IN_WEBHOOK_PROVIDERS, ...(props.genericWebhookProviders ?? [])]);

    this.financeHttpApi = this.httpApi('FinanceHttpApi', {
      description: 'Cobranza finance API: payment exceptions, manual application, collections worklist (IAM-authorised)',
      throttle: FINANCE_API_THROTTLE,
      alarmTopic: props.alarmTopic,
    });
    this.addIamRoutes('PaymentsApi', {
      routes: [
        { method: apigwv2.HttpMethod.GET, path: EXCEPTIONS_ROUTE },
        { method: apigwv2.HttpMethod.POST, path: APPLY_ROUTE },
      ],
      handler: this.paymentsApi,
    });
  }

  /**
   * Adds IAM-authorised (SigV4) routes to the finance API, all run by `handler` through one Lambda
   * proxy integration (`<id>Integration`). For the company's own people and scripts: other
   * constructs put their routes here (escalation.ts: the agents' worklist) and share the API's
   * throttle, access log and 5xx alarm.
   */
  addIamRoutes(
    id: string,
    options: {
      readonly routes: readonly { readonly method: apigwv2.HttpMethod; readonly path: string }[];
      readonly handler: lambda.IFunction;
    },
  ): apigwv2.HttpRoute[] {
    const integration = new HttpLambdaIntegration(`${id}Integration`, options.handler);
    return options.routes.flatMap((route) =>
      this.financeHttpApi.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration,
        authorizer: this.iamAuthorizer,
      }),
    );
  }

  /**
   * Lets `fn` publish to the FinanceAlerts topic (ALERTS_TOPIC_ARN): `sns:Publish` on it and the two
   * KMS calls publishing under its key needs.
   */
  allowFinanceAlerts(fn: CobranzaFunction): void {
    fn.addEnvironment(ENV.alertsTopicArn, this.financeAlerts.topicArn);
    // Topic.grantPublish would add `kms:GenerateDataKey*`; publishing under SSE needs exactly these two.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.financeAlerts.topicArn] }));
    this.financeAlertsKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  /**
   * Applied and reversed payments ask escalation to re-evaluate the account: the three functions that
   * apply payments may send to the escalation queue (ESCALATION_QUEUE_URL).
   */
  connectEscalation(escalationQueue: sqs.IQueue): void {
    for (const fn of [this.applyPayment, this.reconcileStatement, this.paymentsApi]) {
      fn.bindQueue(ENV.escalationQueueUrl, escalationQueue);
    }
  }

  /** Every function in this construct (for the stack's error alarms). */
  get functions(): readonly CobranzaFunction[] {
    return [this.paymentWebhook, this.applyPayment, this.reconcileStatement, this.paymentsApi];
  }

  /** `https://…/webhooks/` : providers are given `<this><provider>`. */
  get webhookBaseUrl(): string {
    return this.publicUrl('webhooks/');
  }

  /** The public (webhook) API's URL of `path`, e.g. `publicUrl('unsubscribe')` → `https://…/unsubscribe`. */
  publicUrl(path: string): string {
    return `${this.webhookHttpApi.stage.url}${path.replace(/^\//, '')}`;
  }

  /**
   * Adds routes with no API Gateway authorizer to the public webhook API, for callers that cannot
   * sign in (payment providers, debtors following a link) and prove themselves inside the request
   * instead. They share the API's throttle, access log and 5xx alarm. `reason` says how the handler
   * verifies each request: it becomes the cdk-nag acknowledgment of every route added.
   */
  addPublicRoutes(
    id: string,
    options: { readonly path: string; readonly methods: apigwv2.HttpMethod[]; readonly handler: lambda.IFunction; readonly reason: string },
  ): apigwv2.HttpRoute[] {
    const routes = this.webhookHttpApi.api.addRoutes({
      path: options.path,
      methods: options.methods,
      integration: new HttpLambdaIntegration(`${id}Integration`, options.handler),
    });
    for (const route of routes) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: options.reason });
    }
    return routes;
  }

  /**
   * One `POST /webhooks/<provider>` route per provider, all to payment-webhook through one integration,
   * each with its own throttle in the stage's `RouteSettings` (the L2 HttpStage only sets the stage's
   * default route settings). The stage depends on the routes: CloudFormation refuses route settings
   * for a route key that does not exist yet.
   */
  private addWebhookRoutes(providers: readonly string[]): ReadonlyMap<string, apigwv2.HttpRoute> {
    const unique = [...new Set(providers)];
    for (const provider of unique) {
      if (!GENERIC_PROVIDER_NAME.test(provider)) {
        throw new Error(`webhook provider "${provider}" must be lower-case letters, digits, _ or - (it is a URL segment)`);
      }
    }
    const integration = new HttpLambdaIntegration('PaymentWebhookIntegration', this.paymentWebhook);
    const routes = new Map<string, apigwv2.HttpRoute>();
    // `RouteSettings` is a JSON property in the CloudFormation spec (route key → settings): CDK passes it
    // through as written, so the keys are CloudFormation's (PascalCase), not CDK's.
    const routeSettings: Record<string, { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }> = {};
    const stage = this.webhookHttpApi.stage.node.defaultChild as apigwv2.CfnStage;
    for (const provider of unique) {
      const [route] = this.webhookHttpApi.api.addRoutes({ path: webhookRoute(provider), methods: [apigwv2.HttpMethod.POST], integration });
      Validations.of(route!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Payment providers call this route with no AWS credentials; each request carries the provider signature, which ' +
          'payment-webhook verifies (with a timestamp tolerance) before anything is queued. The route is throttled.',
      });
      routeSettings[`POST ${webhookRoute(provider)}`] = {
        ThrottlingRateLimit: PROVIDER_WEBHOOK_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PROVIDER_WEBHOOK_THROTTLE.burstLimit,
      };
      stage.node.addDependency(route!);
      routes.set(provider, route!);
    }
    stage.routeSettings = routeSettings;
    return routes;
  }

  /**
   * A function that applies payments (apply-payment, reconcile-statement, payments-api): the same
   * composition (shared/lambda/apply-payment-deps.ts), so the same environment and grants.
   */
  private applier(props: PaymentsProps, id: string, fnProps: ConstructorParameters<typeof CobranzaFunction>[2]): CobranzaFunction {
    const { tables } = props.data;
    const fn = new CobranzaFunction(this, id, fnProps)
      .bindTable(tables.accounts, 'readWrite')
      .bindTable(tables.interactions, 'write')
      .bindQueue(ENV.planningQueueUrl, props.planningQueue)
      .bindQueue(ENV.emailQueueUrl, props.emailQueue);
    this.allowFinanceAlerts(fn);
    return fn;
  }

  private httpApi(
    id: string,
    options: { readonly description: string; readonly throttle: apigwv2.ThrottleSettings; readonly alarmTopic: sns.ITopic },
  ): PaymentsHttpApi {
    const accessLogs = new logs.LogGroup(this, `${id}AccessLogs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const api = new apigwv2.HttpApi(this, id, {
      apiName: `${Stack.of(this).stackName}-${id}`,
      description: options.description,
      // The stage is created below: the default one cannot take throttling or access logs.
      createDefaultStage: false,
    });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: options.throttle,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
    const serverErrorAlarm = new cloudwatch.Alarm(this, `${id}ServerErrors`, {
      alarmDescription: `${id}: 5xx answers (see the function's log group and the API's access log)`,
      metric: api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    serverErrorAlarm.addAlarmAction(new SnsAction(options.alarmTopic));
    return { api, stage, accessLogs, serverErrorAlarm };
  }
}
