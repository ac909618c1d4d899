import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { createIngestFileHandler, type ObjectCreatedEvent } from '../../functions/ingest-file/app.js';
import { createPlanRemindersHandler } from '../../functions/plan-reminders/app.js';
import { createSendEmailHandler } from '../../functions/send-email/app.js';
import { createSendSmsHandler } from '../../functions/send-sms/app.js';
import { createSendWhatsAppHandler } from '../../functions/send-whatsapp/app.js';
import { createChannelEventsHandler } from '../../functions/channel-events/app.js';
import { createContactApiHandler } from '../../functions/contact-api/app.js';
import { createDebtorPortalHandler } from '../../functions/debtor-portal/app.js';
import { DynamoDbConsentStore } from '../../shared/adapters/aws/dynamodb-consent-store.js';
import { DynamoDbContactLedger } from '../../shared/adapters/aws/dynamodb-contact-ledger.js';
import { DynamoDbSentMessages } from '../../shared/adapters/aws/dynamodb-sent-messages.js';
import { DynamoDbTaskStore } from '../../shared/adapters/aws/dynamodb-task-store.js';
import { signUnsubscribe } from '../../shared/domain/channels/unsubscribe-token.js';
import { signPortalToken } from '../../shared/domain/portal/portal-token.js';
import type { AgentTask, ConsentRecord, ContactState, SentMessageRef } from '../../shared/ports.js';
import { localChannels, type LocalChannelEvents, type LocalChannels } from './local-channels.js';
import { localContactKey } from './local-contact-key.js';
import { LocalEvaluationStarter } from './local-evaluation-starter.js';
import { createEscalationStepHandler } from '../../functions/escalation-step/app.js';
import { createStartEscalationHandler } from '../../functions/start-escalation/app.js';
import { createEscalationApiHandler } from '../../functions/escalation-api/app.js';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { evaluationName, type EvaluationRequest, type StepRequest } from '../../shared/config/escalation.js';
import type { EscalationSummary } from '../../shared/ports.js';
import type { PlanRequestDeps } from '../../shared/usecases/escalation-requests.js';
import { sesEvent, smsInboundEvent, smsStatusEvent, whatsappInboundEvent, whatsappStatusEvent } from './provider-events.js';
import { createUpdatePolicyHandler } from '../../functions/update-policy/app.js';
import { createApplyPaymentHandler } from '../../functions/apply-payment/app.js';
import { createPaymentWebhookHandler } from '../../functions/payment-webhook/app.js';
import { createPaymentsApiHandler } from '../../functions/payments-api/app.js';
import { createReconcileStatementHandler } from '../../functions/reconcile-statement/app.js';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import { WebhookConfigList } from '../../shared/adapters/aws/secrets-webhook-configs.js';
import { OutboxAlertPublisher } from '../../shared/adapters/local/outbox-alert-publisher.js';
import type { PaymentMessage } from '../../shared/schemas/payments.js';
import type { AlertPublisher, PaymentRecord, PaymentStatus } from '../../shared/ports.js';
import { finishStalledPayments, type ApplyPaymentDeps } from '../../shared/usecases/apply-payment.js';
import { applyPaymentByHand } from '../../shared/usecases/apply-payment-by-hand.js';
import type { ReconcileReport } from '../../shared/usecases/reconcile-payment-file.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { localWebhookSecrets, type LocalWebhookSecrets } from './local-webhook-secrets.js';
import type { SimulatedInvoice } from './payment-simulator.js';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { POLICY_KEY, PREFIX } from '../../shared/config/functions.js';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { startDynalite } from '../../shared/adapters/local/dynalite-server.js';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.js';
import { FolderByteRanges } from '../../shared/adapters/local/folder-byte-ranges.js';
import { LARGE_FILE_BYTES, ingestLargeFile, type ChunkProgress } from '../../shared/usecases/ingest-large-file.js';
import { InProcessQueue } from '../../shared/adapters/local/in-process-queue.js';
import { LocalScheduler, type ScheduleEntry } from '../../shared/adapters/local/local-scheduler.js';
import { PersistentClock } from '../../shared/adapters/local/persistent-clock.js';
import type { Channel, DispatchQueueMessage, EmailMessage, IngestReport, Interaction, PlanRequest, SmsMessage, WhatsAppMessage } from '../../shared/domain/types.js';
import { quietObservability } from '../../shared/lambda/observability.js';
import type { PortfolioSummary, StoredAccount, StoredInvoice } from '../../shared/ports.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import type { PolicyUpdateReport } from '../../shared/usecases/update-policy.js';
import { dataDirLayout, type DataDirLayout } from './data-dir.js';
import { LocalKpis } from './local-kpis.js';
import { reportsOf } from '../../shared/domain/policy/reports-section.js';
import { OutboxEmailSender } from '../../shared/adapters/local/outbox-email-sender.js';
import { digestDue, digestInstants } from '../../shared/analytics/kpi-digest.js';
import { localContext } from './lambda-context.js';
import type { FaultInjector } from './faults.js';

/** Who is told what the runtime does (the CLI prints it; tests collect it). */
export interface RuntimeEvents extends LocalChannelEvents {
  alert?(alert: Parameters<AlertPublisher['publish']>[0], file: string): void;
  /** An escalation evaluation ran (the states it went through). */
  evaluation?(request: EvaluationRequest, states: readonly string[]): void;
}

export interface OpenRuntimeOptions {
  readonly dataDir: string;
  /** Sets the test clock, but only on a fresh data dir (an existing clock never moves backwards). */
  readonly now?: Date;
  readonly events?: RuntimeEvents;
  /** Keep DynamoDB in memory instead of on disk (benchmarks, quick tests). */
  readonly inMemory?: boolean;
  /** Base URL of the local server, for the unsubscribe links in emails. @default http://127.0.0.1:8787 */
  readonly publicUrl?: string;
  /**
   * Fault injection for tests and `npm run bench` (infra/local/faults.ts): store calls, queue sends
   * and deliveries, scheduler calls and channel senders fail at the injector's rate. Off by default.
   */
  readonly faults?: FaultInjector;
  /**
   * The functions' timeout in wall-clock ms (their Lambda context). Powertools idempotency keeps an
   * interrupted message "in progress" until then, so its retries fail until it has passed; on AWS
   * the SQS visibility timeout outlasts it, here retries come at once. @default 900000 (15 min)
   */
  readonly functionTimeoutMs?: number;
  /**
   * The wall clock payment claims (leases) are measured on. A fault run moves it on by a lease each
   * simulated day, as the real minutes would pass, instead of sleeping. @default Date.now
   */
  readonly leaseNow?: () => number;
}

export interface AdvanceResult {
  readonly from: string;
  readonly to: string;
  readonly fired: number;
  readonly sent: Readonly<Record<Channel, number>>;
  readonly skipped: number;
}

/**
 * The embedded runtime: the same function handlers as on AWS, wired to local transports. dynalite
 * (on disk) stands in for DynamoDB, a folder for the bucket, a persistent scheduler on a test clock
 * for EventBridge Scheduler, in-process queues for SQS and an outbox folder of `.eml` files for SES.
 */
export class Runtime {
  private constructor(
    readonly layout: DataDirLayout,
    readonly fresh: boolean,
    readonly clock: PersistentClock,
    private readonly scheduler: LocalScheduler,
    private readonly queues: {
      readonly planning: InProcessQueue<PlanRequest>;
      readonly dispatch: InProcessQueue<DispatchQueueMessage>;
      readonly email: InProcessQueue<EmailMessage>;
      readonly sms: InProcessQueue<SmsMessage>;
      readonly whatsapp: InProcessQueue<WhatsAppMessage>;
      readonly channelEvents: InProcessQueue<unknown>;
      readonly payments: InProcessQueue<PaymentMessage>;
      readonly escalation: InProcessQueue<EvaluationRequest>;
    },
    private readonly handlers: {
      readonly ingest: (event: ObjectCreatedEvent) => Promise<IngestReport>;
      /** Large files: IngestLargeFile's plan, chunks and finish in process (ingest-large-file.ts). */
      readonly ingestLarge: (key: string, afterChunk: (progress: ChunkProgress) => Promise<void>) => Promise<IngestReport>;
      readonly policy: (event: ObjectCreatedEvent) => Promise<PolicyUpdateReport>;
      readonly plan: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly dispatch: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly send: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly sendSms: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly sendWhatsApp: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly channelEvents: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly contactApi: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
      readonly portal: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
      readonly startEscalation: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly escalationApi: (event: APIGatewayProxyEventV2WithIAMAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;
      readonly webhook: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
      readonly paymentsApi: (event: APIGatewayProxyEventV2WithIAMAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;
      readonly applyPayment: (event: SQSEvent) => Promise<SQSBatchResponse>;
      readonly reconcile: (event: ObjectCreatedEvent) => Promise<ReconcileReport>;
    },
    private readonly stores: {
      readonly accounts: DynamoDbAccountStore;
      readonly log: DynamoDbInteractionLog;
      readonly policy: ActivePolicy;
      readonly payments: DynamoDbPaymentStore;
      readonly consents: DynamoDbConsentStore;
      readonly ledger: DynamoDbContactLedger;
      readonly sentMessages: DynamoDbSentMessages;
      readonly tasks: DynamoDbTaskStore;
      readonly escalation: DynamoDbEscalationStore;
    },
    /** Deps of the escalation requests (the CLI's promise, dispute, plan and task commands). */
    readonly escalationDeps: PlanRequestDeps,
    private readonly paymentDeps: ApplyPaymentDeps,
    /** The made-up provider secrets of this data dir (to sign simulated webhooks). */
    readonly webhookSecrets: LocalWebhookSecrets,
    private readonly scanAccounts: () => Promise<Record<string, unknown>[]>,
    private readonly scanInteractions: () => Promise<Record<string, unknown>[]>,
    private readonly channels: LocalChannels,
    /** Where the unsubscribe and self-service links point (the local server's URL once it runs), and the key that signs them. */
    private readonly links: { baseUrl: string; readonly key: string },
    private readonly shutdown: () => Promise<void>,
    /** The managers' KPIs over this runtime's tables (`cobranza kpis`, the dashboard, the weekly digest). */
    readonly kpis: LocalKpis,
    private readonly faults?: FaultInjector,
  ) {}

  static async open(options: OpenRuntimeOptions): Promise<Runtime> {
    const layout = dataDirLayout(options.dataDir);
    await mkdir(layout.root, { recursive: true });
    const clock = await PersistentClock.open(layout.clockFile, options.now ?? new Date());
    const dynamo = await startDynalite(options.inMemory ? {} : { path: layout.dynamoDir });
    const observability = quietObservability(process.env.COBRANZA_LOG_LEVEL === 'debug' ? 'WARN' : 'SILENT');
    const accounts = new DynamoDbAccountStore(dynamo.client, dynamo.tableNames.Accounts);
    const log = new DynamoDbInteractionLog(dynamo.client, dynamo.tableNames.Interactions);
    const policy = new ActivePolicy(new DynamoDbPolicyStore(dynamo.client, dynamo.tableNames.Accounts), clock, 0);
    const files = new FolderObjectStore(layout.bucketDir);
    const faults = options.faults;
    const timeoutMs = options.functionTimeoutMs ?? 900_000;
    const bind = <E, R>(handler: (event: E, context: ReturnType<typeof localContext>) => Promise<R>, name: string) => bindHandler(handler, name, timeoutMs);
    faults?.instrumentDynamo(dynamo.client);
    const timeline = await LocalScheduler.open(layout.schedulesFile);
    // The use cases see the scheduler through the injector (when there is one); the runtime's own
    // firing loop reads the timeline directly.
    const scheduler = faults ? faults.scheduler(timeline) : timeline;
    const queue = <T>(name: string): InProcessQueue<T> =>
      faults ? faults.queue<T>(name, { deadLetterDir: layout.deadLetterDir }) : new InProcessQueue<T>(name, { deadLetterDir: layout.deadLetterDir });
    const queues = {
      planning: queue<PlanRequest>('planning'),
      dispatch: queue<DispatchQueueMessage>('dispatch'),
      email: queue<EmailMessage>('email'),
      sms: queue<SmsMessage>('sms'),
      whatsapp: queue<WhatsAppMessage>('whatsapp'),
      channelEvents: queue<unknown>('channel-events'),
      payments: queue<PaymentMessage>('payments'),
      escalation: queue<EvaluationRequest>('escalation'),
    };
    const local = localChannels({ outboxDir: layout.outboxDir, clock, channelEvents: queues.channelEvents, ...(options.events ? { events: options.events } : {}) });
    const channels = faults ? faults.channels(local) : local;
    const common = { store: accounts, log, clock, observability };
    const consents = new DynamoDbConsentStore(dynamo.client, dynamo.tableNames.Accounts);
    const ledger = new DynamoDbContactLedger(dynamo.client, dynamo.tableNames.Accounts);
    const sentMessages = new DynamoDbSentMessages(dynamo.client, dynamo.tableNames.Accounts);
    const tasks = new DynamoDbTaskStore(dynamo.client, dynamo.tableNames.Accounts);
    const contactKey = await localContactKey(layout.contactKeyFile);
    const links = { baseUrl: options.publicUrl ?? 'http://127.0.0.1:8787', key: contactKey };
    const idempotencyStore = new DynamoDBPersistenceLayer({ tableName: dynamo.tableNames.Idempotency, awsSdkV3Client: dynamo.client });
    const channelDeps = { ...common, consents, ledger, sent: sentMessages, dispatchQueue: queues.dispatch, idempotencyStore, policy };
    const channelQueues = { email: queues.email, sms: queues.sms, whatsapp: queues.whatsapp };
    const payments = new DynamoDbPaymentStore(dynamo.client, dynamo.tableNames.Accounts);
    const webhookSecrets = await localWebhookSecrets(layout.webhookSecretsFile);
    const escalation = new DynamoDbEscalationStore(dynamo.client, dynamo.tableNames.Accounts);
    const paymentDeps: ApplyPaymentDeps = {
      evaluations: queues.escalation,
      store: accounts,
      payments,
      log,
      planning: queues.planning,
      emailQueue: queues.email,
      alerts: new OutboxAlertPublisher(layout.alertsDir, clock, options.events?.alert),
      policy,
      clock,
      ...(options.leaseNow ? { leaseNow: options.leaseNow } : {}),
    };
    const escalationDeps: PlanRequestDeps = { store: accounts, escalation, tasks, log, clock, policy, evaluations: queues.escalation, scheduler };
    // The escalation-step function's handler runs the Task states of the same ASL (aws-local-stepfunctions).
    const escalationStep = bind(
      createEscalationStepHandler({
        store: accounts,
        escalation,
        tasks,
        log,
        files,
        ledger,
        consents,
        emailQueue: queues.email,
        alerts: paymentDeps.alerts,
        scheduler,
        policy,
        clock,
        observability,
      }),
      'escalation-step',
    );
    const evaluationStarter = new LocalEvaluationStarter(layout.executionsFile, (request: StepRequest) => escalationStep(request), options.events?.evaluation);
    const handlers = {
      ingest: bind(createIngestFileHandler({ ...common, files, planning: queues.planning, collectability: async () => (await policy.get()).collectability, tasks }), 'ingest-file'),
      ingestLarge: (key: string, afterChunk: (progress: ChunkProgress) => Promise<void>) =>
        ingestLargeFile({ ...common, files, ranges: new FolderByteRanges(files), planning: queues.planning, collectability: async () => (await policy.get()).collectability, tasks }, { key }, afterChunk),
      policy: bind(
        createUpdatePolicyHandler({ policies: new DynamoDbPolicyStore(dynamo.client, dynamo.tableNames.Accounts), log, files, clock, observability, escalation, evaluations: queues.escalation }),
        'update-policy',
      ),
      plan: bind(createPlanRemindersHandler({ ...common, scheduler, policy, evaluations: queues.escalation }), 'plan-reminders'),
      dispatch: bind(
        createDispatchReminderHandler({
          ...common,
          queues: channelQueues,
          consents,
          ledger,
          scheduler,
          policy,
          escalation,
          files,
          unsubscribeLink: (accountId, address) => `${links.baseUrl}/unsubscribe?t=${signUnsubscribe({ accountId, channel: 'email', address }, contactKey)}`,
          selfServiceLink: (accountId, issuedAt) => `${links.baseUrl}/portal?t=${signPortalToken(accountId, issuedAt, contactKey)}`,
        }),
        'dispatch-reminder',
      ),
      send: bind(createSendEmailHandler({ ...channelDeps, senders: { email: channels.email } }), 'send-email'),
      sendSms: bind(createSendSmsHandler({ ...channelDeps, senders: { sms: channels.sms } }), 'send-sms'),
      sendWhatsApp: bind(createSendWhatsAppHandler({ ...channelDeps, senders: { whatsapp: channels.whatsapp } }), 'send-whatsapp'),
      channelEvents: bind(
        createChannelEventsHandler({ ...common, consents, ledger, sent: sentMessages, tasks, dispatchQueue: queues.dispatch, queues: channelQueues, policy, escalation, evaluations: queues.escalation }),
        'channel-events',
      ),
      contactApi: bind(createContactApiHandler({ consents, log, clock, key: async () => contactKey, observability }), 'contact-api'),
      portal: bind(createDebtorPortalHandler({ ...escalationDeps, key: async () => contactKey, observability }), 'debtor-portal'),
      startEscalation: bind(createStartEscalationHandler({ starter: evaluationStarter, observability }), 'start-escalation'),
      escalationApi: bind(createEscalationApiHandler({ ...escalationDeps, observability }), 'escalation-api'),
      webhook: bind(
        createPaymentWebhookHandler({
          files,
          paymentsQueue: queues.payments,
          configs: new WebhookConfigList(async () => webhookSecrets.configs),
          clock,
          observability,
        }),
        'payment-webhook',
      ),
      paymentsApi: bind(createPaymentsApiHandler({ ...paymentDeps, observability }), 'payments-api'),
      applyPayment: bind(createApplyPaymentHandler({ ...paymentDeps, observability }), 'apply-payment'),
      reconcile: bind(createReconcileStatementHandler({ ...paymentDeps, files, observability }), 'reconcile-statement'),
    };
    return new Runtime(
      layout,
      clock.fresh,
      clock,
      timeline,
      queues,
      handlers,
      { accounts, log, policy, payments, consents, ledger, sentMessages, tasks, escalation },
      escalationDeps,
      paymentDeps,
      webhookSecrets,
      () => scanAll(dynamo.client, dynamo.tableNames.Accounts),
      () => scanAll(dynamo.client, dynamo.tableNames.Interactions),
      channels,
      links,
      dynamo.close,
      new LocalKpis(options.dataDir, dynamo, () => clock.now(), async () => reportsOf(await policy.get())),
      faults,
    );
  }

  /**
   * Copies a file into the bucket under `invoices/` (the raw file is kept) and ingests it. From
   * LARGE_FILE_BYTES on, in chunks as IngestLargeFile does on AWS: a progress line on stderr after
   * each chunk, and the queues drained there, so the first chunk's reminders are planned before the
   * last chunk is read.
   */
  async ingest(path: string): Promise<IngestReport> {
    const key = `${PREFIX.invoices}${basename(path)}`;
    await this.putFile(path, key);
    const report =
      (await stat(path)).size >= LARGE_FILE_BYTES
        ? await this.handlers.ingestLarge(key, async (p) => {
            const percent = Math.floor((100 * p.bytesDone) / Math.max(p.totalBytes, 1));
            process.stderr.write(`${basename(path)}: chunk ${p.chunk}/${p.chunks}, ${p.rowsDone} rows, ${percent}% of ${(p.totalBytes / 1048576).toFixed(1)} MB\n`);
            await this.pump();
          })
        : await this.handlers.ingest(objectCreated(key));
    await this.pump();
    return report;
  }

  /**
   * Copies a statement / payment file into the bucket under `statements/` (`statements/<CUR>/` when
   * the file does not say its currency) and reconciles it.
   */
  async reconcile(path: string, hints: { readonly currency?: string } = {}): Promise<ReconcileReport> {
    const key = `${PREFIX.statements}${hints.currency ? `${hints.currency}/` : ''}${basename(path)}`;
    await this.putFile(path, key);
    const report = await this.handlers.reconcile(objectCreated(key));
    await this.pump();
    return report;
  }

  /** An HTTP API v2 event for the webhook route (the local server's), then the queues are drained. */
  async webhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const result = await this.handlers.webhook(event);
    await this.pump();
    return result;
  }

  /** An HTTP API v2 event for the finance routes (exceptions, apply by hand). */
  async paymentsApi(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const result = await this.handlers.paymentsApi(event as APIGatewayProxyEventV2WithIAMAuthorizer);
    await this.pump();
    return result;
  }

  /** Every open invoice with its customer's tax id (a scan: for the payment simulator). */
  async openInvoices(): Promise<SimulatedInvoice[]> {
    const items = await this.scanAccounts();
    const taxIds = new Map<string, string>();
    for (const item of items) if (item.sk === 'PROFILE' && typeof item.taxId === 'string') taxIds.set(String(item.accountId), item.taxId);
    return items
      .filter((item) => String(item.sk).startsWith('INVOICE#') && item.status === 'open' && Number(item.balance) > 0)
      .map((item) => ({
        accountId: String(item.accountId),
        invoiceNumber: String(item.invoiceNumber),
        currency: String(item.currency),
        balance: Number(item.balance),
        dueDate: String(item.dueDate),
        ...(taxIds.has(String(item.accountId)) ? { taxId: taxIds.get(String(item.accountId))! } : {}),
      }))
      .sort((a, b) => (a.accountId + a.invoiceNumber < b.accountId + b.invoiceNumber ? -1 : 1));
  }

  async exceptions(): Promise<PaymentRecord[]> {
    return this.stores.payments.listExceptions();
  }

  /** `cobranza apply`: the same use case as the API route, recorded as applied by `cli`. */
  async applyByHand(paymentId: string, invoiceNumbers: readonly string[]): Promise<PaymentRecord> {
    const record = await applyPaymentByHand(this.paymentDeps, { paymentId, invoiceNumbers, by: 'cli' });
    await this.pump();
    return record;
  }

  async paymentCounts(): Promise<Readonly<Partial<Record<PaymentStatus, number>>>> {
    return this.stores.payments.paymentCounts();
  }

  /** Installs a policy file (as if dropped at `config/policy.json`); a bad one is refused. */
  async setPolicy(path: string): Promise<PolicyUpdateReport> {
    await this.putFile(path, POLICY_KEY);
    const report = await this.handlers.policy(objectCreated(POLICY_KEY));
    this.stores.policy.invalidate();
    await this.pump();
    return report;
  }

  /**
   * Moves the test clock forward by `ms`, firing every schedule that falls due in order, each at its
   * own instant (so an email's Date header is the moment its schedule fired), and drains the queues.
   */
  async advance(ms: number): Promise<AdvanceResult> {
    const from = this.clock.now();
    const until = new Date(from.getTime() + ms);
    const sentBefore = { ...this.channels.sent };
    const skippedBefore = await this.skippedCount();
    // What the AWS schedule's sweep does: a payment left half-way by a killed process is finished.
    // A sweep that fails (a throttled table) is simply the next one's work, as on AWS every 10 minutes.
    if ((await finishStalledPayments(this.paymentDeps).catch(() => 0)) > 0) await this.pump();
    let fired = 0;
    const digests = await this.digestInstants(from, until);
    for (let next = this.scheduler.next(until); next; next = this.scheduler.next(until)) {
      while (digests.length > 0 && digests[0]! <= new Date(next.at)) await this.sendDigest(digests.shift()!);
      if (new Date(next.at) > this.clock.now()) await this.clock.advanceTo(new Date(next.at));
      await this.fire(next);
      await this.scheduler.remove(next.name);
      fired += 1;
      await this.pump();
    }
    for (const at of digests) await this.sendDigest(at);
    await this.clock.advanceTo(until);
    return {
      from: from.toISOString(),
      to: until.toISOString(),
      fired,
      sent: {
        email: this.channels.sent.email - sentBefore.email,
        sms: this.channels.sent.sms - sentBefore.sms,
        whatsapp: this.channels.sent.whatsapp - sentBefore.whatsapp,
      },
      skipped: (await this.skippedCount()) - skippedBefore,
    };
  }

  /**
   * Delivers a schedule's payload to its queue, retrying a failed send as EventBridge Scheduler does
   * (its retry policy), and only then is the schedule deleted: a failed delivery never loses it.
   */
  private async fire(entry: ScheduleEntry): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (entry.target === 'planning') await this.queues.planning.send([entry.payload as PlanRequest]);
        else if (entry.target === 'escalation') await this.queues.escalation.send([entry.payload as EvaluationRequest]);
        else await this.queues.dispatch.send([entry.payload as DispatchQueueMessage]);
        return;
      } catch (error) {
        if (attempt >= SCHEDULER_ATTEMPTS) throw error;
      }
    }
  }

  /** When the policy's weekly KPI digest falls due in (from, until] (the hourly rule's catches on AWS). */
  private async digestInstants(from: Date, until: Date): Promise<Date[]> {
    // A throttled read is tried again (as the next hourly run would on AWS); it never stops the clock.
    for (let attempt = 1; ; attempt += 1) {
      try {
        const reports = reportsOf(await this.stores.policy.get());
        return reports.digest ? digestInstants(from, until, reports.digest, reports.timezone) : [];
      } catch (error) {
        if (attempt >= 3) {
          process.stderr.write(`weekly digest: could not read the policy (${error instanceof Error ? error.message : String(error)}); no digest in this step\n`);
          return [];
        }
      }
    }
  }

  /**
   * The weekly digest at `at`: the clock moves there, the KPIs of the last 30 days go to every
   * recipient (an `.eml` in the outbox, keyed by day and recipient so it is written once).
   */
  private async sendDigest(at: Date): Promise<void> {
    if (at > this.clock.now()) await this.clock.advanceTo(at);
    // A digest that fails (a throttled table) is said on stderr; the simulation goes on.
    await this.composeAndSendDigest(at).catch((error: unknown) => {
      process.stderr.write(`weekly digest of ${at.toISOString()} not sent: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  }

  private async composeAndSendDigest(at: Date): Promise<void> {
    const policy = await this.stores.policy.get();
    const reports = reportsOf(policy);
    const period = reports.digest ? digestDue(at, reports.digest, reports.timezone) : null;
    if (!reports.digest || !period) return;
    const email = await this.kpis.digest(period, policy.company.name, reports.digest.locale, `${this.links.baseUrl}/dashboard`);
    if (!email) return;
    const sender = new OutboxEmailSender({ outboxDir: this.layout.outboxDir, from: 'Cobranza <reportes@example.com>' });
    for (const to of reports.digest.recipients) {
      await sender.send({ idempotencyKey: `digest-${period.day}-${to}`, to, subject: email.subject, text: email.text, html: email.html, date: at, tags: { kind: 'kpi-digest' } });
    }
  }

  async status(): Promise<{
    now: string;
    summary: PortfolioSummary;
    schedulesPending: number;
    deadLetters: number;
    payments: Partial<Record<PaymentStatus, number>>;
    messages: Record<Channel, number> & { costMicros: number };
  }> {
    return {
      messages: await this.messageCounts(),
      payments: await this.stores.payments.paymentCounts(),
      now: this.clock.now().toISOString(),
      summary: await this.stores.accounts.portfolioSummary(),
      schedulesPending: this.scheduler.pending(),
      deadLetters: Object.values(this.queues).reduce((sum, queue) => sum + queue.deadLetters(), 0),
    };
  }

  /** The local server's URL, once it listens: unsubscribe links in emails point there. */
  setPublicUrl(url: string): void {
    this.links.baseUrl = url;
  }

  /** An HTTP API v2 event for `GET|POST /portal` (the debtor-portal function). */
  async portal(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const result = await this.handlers.portal(event);
    await this.pump();
    return result;
  }

  async accountExists(accountId: string): Promise<boolean> {
    return (await this.stores.accounts.getAccount(accountId)) !== undefined;
  }

  /** `cobranza portal ACCOUNT`: the debtor's signed self-service link, as a reminder email carries it. */
  portalLink(accountId: string): string {
    return `${this.links.baseUrl}/portal?t=${signPortalToken(accountId, this.clock.now(), this.links.key)}`;
  }

  /** An HTTP API v2 event for `GET|POST /unsubscribe` (the contact-api function). */
  async contactApi(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const result = await this.handlers.contactApi(event);
    await this.pump();
    return result;
  }

  /**
   * `cobranza reply`: the debtor writes back from the number on file, delivered as the provider would
   * (an SNS notification of End User Messaging SMS / Social on the channel-events queue). Returns the
   * log lines it produced.
   */
  async reply(accountId: string, channel: Channel, text: string): Promise<Interaction[]> {
    const account = await this.stores.accounts.getAccount(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    if (channel === 'email') throw new Error('email replies arrive through SES inbound receiving on AWS; the embedded runtime simulates SMS and WhatsApp replies');
    if (!account.phone) throw new Error(`account ${accountId} has no mobile number on file`);
    const now = this.clock.now();
    const body = channel === 'sms' ? smsInboundEvent(account.phone, text, now) : whatsappInboundEvent(account.phone, text, now);
    return this.injectEvent(accountId, body);
  }

  /**
   * `cobranza bounce`: the provider reports the latest message to this account on `channel` as a
   * permanent failure (hard bounce, invalid number, not on WhatsApp). Returns the log lines it produced.
   */
  async bounce(accountId: string, channel: Channel): Promise<Interaction[]> {
    const ref = await this.stores.sentMessages.latestSent(accountId, channel);
    if (!ref) throw new Error(`nothing was sent to ${accountId} by ${channel} yet`);
    const now = this.clock.now();
    const body =
      channel === 'email'
        ? sesEvent('bounced', ref.providerMessageId, ref.address, {}, now)
        : channel === 'sms'
          ? smsStatusEvent('TEXT_INVALID', ref.providerMessageId, ref.address, {}, now)
          : whatsappStatusEvent('failed', ref.providerMessageId, ref.address, now);
    return this.injectEvent(accountId, body);
  }

  /** An HTTP API v2 event for the collectors' routes (worklist, tasks, promises, disputes, plans, account). */
  async escalationApi(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const result = await this.handlers.escalationApi(event as APIGatewayProxyEventV2WithIAMAuthorizer);
    await this.pump();
    return result;
  }

  /**
   * `cobranza redrive`: every queue's dead letters go back on their queue (SQS's DLQ redrive) and
   * are processed; the ones processed are then dropped from the dead-letter files (a crash before
   * that redrives them again: every consumer is idempotent). Returns how many were redriven; those
   * that fail five times again are dead letters again.
   */
  async redriveDeadLetters(): Promise<number> {
    const taken: [InProcessQueue<unknown>, number][] = [];
    for (const queue of Object.values(this.queues) as InProcessQueue<unknown>[]) taken.push([queue, await queue.redrive()]);
    await this.pump();
    for (const [queue, count] of taken) await queue.forgetDeadLetters(count);
    return taken.reduce((sum, [, count]) => sum + count, 0);
  }

  /** Dead letters waiting in every queue (earlier runs on the data dir included). */
  deadLetters(): number {
    return Object.values(this.queues).reduce((sum, queue) => sum + queue.deadLetters(), 0);
  }

  /** Every item of both tables (scans: for the fault-injection oracle and its bench). */
  async tableItems(): Promise<{ accounts: Record<string, unknown>[]; interactions: Record<string, unknown>[] }> {
    return { accounts: await this.scanAccounts(), interactions: await this.scanInteractions() };
  }

  /** Runs what the escalation requests queued (evaluations), after a CLI command. */
  async settle(): Promise<void> {
    await this.pump();
  }

  /** Queues an evaluation of every account with an open invoice (a policy change, `npm start`'s first day). */
  async evaluateAll(key: string): Promise<void> {
    const accounts = new Set((await this.openInvoices()).map((i) => i.accountId));
    const at = this.clock.now();
    for (const accountId of accounts) {
      await this.queues.escalation.send([{ accountId, evaluationId: evaluationName(accountId, 'policy', key), trigger: { kind: 'policy', at: at.toISOString(), detail: key } }]);
    }
    await this.pump();
  }

  async escalationSummary(): Promise<EscalationSummary> {
    return this.stores.escalation.escalationSummary();
  }

  async consents(accountId: string): Promise<ConsentRecord[]> {
    return this.stores.consents.listConsents(accountId);
  }

  async contactState(accountId: string): Promise<ContactState> {
    return this.stores.ledger.getContactState(accountId);
  }

  async openTasks(accountId?: string): Promise<AgentTask[]> {
    return this.stores.tasks.listOpenTasks(accountId);
  }

  async latestSent(accountId: string, channel: Channel): Promise<SentMessageRef | undefined> {
    return this.stores.sentMessages.latestSent(accountId, channel);
  }

  /** The account and its open invoices (a scan: for `cobranza preview`). */
  async accountWithInvoices(accountId: string): Promise<{ account: StoredAccount | undefined; invoices: StoredInvoice[] }> {
    const account = await this.stores.accounts.getAccount(accountId);
    const numbers = (await this.scanAccounts())
      .filter((item) => item.accountId === accountId && String(item.sk).startsWith('INVOICE#'))
      .map((item) => ({ accountId, invoiceNumber: String(item.invoiceNumber) }));
    const invoices = [...(await this.stores.accounts.getInvoices(numbers)).values()].sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
    return { account, invoices };
  }

  async activePolicy() {
    return this.stores.policy.get();
  }

  /** Messages sent per channel, from the interaction log (survives restarts). */
  async messageCounts(): Promise<Record<Channel, number> & { costMicros: number }> {
    const counts = { email: 0, sms: 0, whatsapp: 0, costMicros: 0 };
    for (const item of await this.scanInteractions()) {
      if (item.type !== 'message.sent') continue;
      const channel = item.channel as Channel;
      if (channel in counts) counts[channel] += 1;
      const data = item.data as Record<string, unknown> | undefined;
      if (typeof data?.costMicros === 'number') counts.costMicros += data.costMicros;
    }
    return counts;
  }

  private async injectEvent(accountId: string, body: unknown): Promise<Interaction[]> {
    const before = new Set((await this.interactions(accountId)).map((i) => i.interactionId));
    await this.queues.channelEvents.send([body]);
    await this.pump();
    return (await this.interactions(accountId)).filter((i) => !before.has(i.interactionId));
  }

  async interactions(accountId: string): Promise<Interaction[]> {
    return this.stores.log.listForAccount(accountId);
  }

  async close(): Promise<void> {
    await this.kpis.close();
    await this.shutdown();
  }

  /** Runs the queue consumers until every queue is empty (messages may fan out into other queues). */
  private async pump(): Promise<void> {
    const queues = Object.values(this.queues);
    while (queues.reduce((sum, queue) => sum + queue.size(), 0) > 0) {
      await this.queues.payments.drain(this.handlers.applyPayment);
      await this.queues.planning.drain(this.handlers.plan);
      await this.queues.dispatch.drain(this.handlers.dispatch);
      await this.queues.email.drain(this.handlers.send);
      await this.queues.sms.drain(this.handlers.sendSms);
      await this.queues.whatsapp.drain(this.handlers.sendWhatsApp);
      await this.queues.channelEvents.drain(this.handlers.channelEvents);
      await this.queues.escalation.drain(this.handlers.startEscalation);
    }
  }

  private async skippedCount(): Promise<number> {
    // The runtime's own report, not a function's port: no injected faults here.
    return this.withoutFaults(async () => (await this.stores.accounts.portfolioSummary()).remindersByStatus.skipped ?? 0);
  }

  /** Runs the runtime's own bookkeeping with the fault injector off (nothing else runs meanwhile). */
  private async withoutFaults<T>(work: () => Promise<T>): Promise<T> {
    if (!this.faults?.enabled) return work();
    this.faults.enabled = false;
    try {
      return await work();
    } finally {
      this.faults.enabled = true;
    }
  }

  private async putFile(path: string, key: string): Promise<void> {
    const target = join(this.layout.bucketDir, ...key.split('/'));
    await mkdir(join(target, '..'), { recursive: true });
    await copyFile(path, target);
  }
}

/** Deliveries a schedule's target gets before the failure surfaces (EventBridge Scheduler retries for up to 24 h). */
const SCHEDULER_ATTEMPTS = 10;

async function scanAll(client: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> {
  const doc = DynamoDBDocumentClient.from(client);
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

function bindHandler<E, R>(handler: (event: E, context: ReturnType<typeof localContext>) => Promise<R>, name: string, timeoutMs: number) {
  return (event: E) => handler(event, localContext(name, timeoutMs));
}

function objectCreated(key: string): ObjectCreatedEvent {
  return {
    version: '0',
    id: `local-${key}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'local',
    resources: ['arn:aws:s3:::cobranza-local'],
    // S3 sends keys URL-encoded; so do we, so the handler's decoding is exercised here too.
    detail: { bucket: { name: 'cobranza-local' }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } },
  };
}
