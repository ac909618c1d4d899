/**
 * cdk-nag AwsSolutions across both stacks. cdk-nag 3 is a CDK policy-validation plugin: findings go
 * to the cloud assembly's validation-report.json (and fail an in-memory synth); `validateScope(app)`
 * returns the same report directly. Acknowledged findings (`Validations.of(x).acknowledge`) are left
 * out of both. We check both, and that the check bites when a finding is not acknowledged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations, type App, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCobranzaApp } from './support/cobranza.js';

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingResources: readonly { readonly constructPath?: string }[];
}

/** Every unacknowledged AwsSolutions finding (errors and warnings), one line each. */
function findings(app: App, checks: AwsSolutionsChecks = new AwsSolutionsChecks()): string[] {
  const report = checks.validateScope(app);
  return (report.violations as readonly Violation[]).flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath ?? '?'}`),
  );
}

/** The same pack with acknowledgments ignored: what the findings would be with no suppression at all. */
class UnacknowledgedChecks extends AwsSolutionsChecks {}
Object.defineProperty(UnacknowledgedChecks.prototype, 'isAcknowledged', { value: () => false });

/** rule id → construct paths where it is acknowledged. */
function acknowledgments(app: App): Map<string, string[]> {
  const acknowledged = new Map<string, string[]>();
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        expect(reason.length, `reason for ${id} at ${construct.node.path}`).toBeGreaterThan(40);
        const rule = id.replace(/^annotation::/i, '');
        acknowledged.set(rule, [...(acknowledged.get(rule) ?? []), construct.node.path].sort());
      }
    }
  }
  return acknowledged;
}

let built: ReturnType<typeof buildCobranzaApp>;
let synthError: Error | undefined;

beforeAll(() => {
  // As infra/aws/app.ts does: the plugin registered on the app. Unacknowledged findings make an
  // in-memory synth throw; keep the error for the test below so the other tests still report.
  built = buildCobranzaApp({ nag: true });
  try {
    built.app.synth();
  } catch (error) {
    synthError = error as Error;
  }
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning in either stack', () => {
    expect(findings(built.app)).toEqual([]);
  });

  it('reports none either when the CLI knows the region (`cdk synth` with an AWS profile: ARNs then name it)', () => {
    expect(findings(buildCobranzaApp({ nag: true, bundle: false, cfnValidation: false, environment: { CDK_DEFAULT_REGION: 'us-east-1' } }).app)).toEqual([]);
  });

  it('synthesizes with the pack registered, and the validation report has no AwsSolutions violation', () => {
    expect(synthError?.message).toBeUndefined();
    const report = JSON.parse(readFileSync(join(built.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    const nag = report.pluginReports.filter((r) => r.pluginName === 'AwsSolutions');
    expect(nag.flatMap((r) => r.violations)).toEqual([]);
  });

  it('catches a finding that is not acknowledged (the check is live)', () => {
    const canary = buildCobranzaApp({ bundle: false, cfnValidation: false });
    const role = new iam.Role(canary.stacks.stateless, 'CanaryRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:*'], resources: ['*'] }));
    canary.app.synth();
    expect(findings(canary.app)).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-IAM5[Action::sqs:*] at CobranzaStateless/CanaryRole/DefaultPolicy/Resource',
        'error AwsSolutions-IAM5[Resource::*] at CobranzaStateless/CanaryRole/DefaultPolicy/Resource',
      ]),
    );
  });

  it('every acknowledgment covers a finding that really occurs (no stale or speculative suppression)', () => {
    const raw = findings(built.app, new UnacknowledgedChecks());
    for (const [rule, paths] of acknowledgments(built.app)) {
      for (const path of paths) {
        const covered = raw.some((line) => line.includes(` ${rule} at ${path}/`) || line.endsWith(` ${rule} at ${path}`));
        expect(covered, `${rule} acknowledged at ${path} matches no finding`).toBe(true);
      }
    }
  });

  it('acknowledges only the reviewed findings, each with a reason', () => {
    const acknowledged = acknowledgments(built.app);
    const group = built.stacks.stateless.reminders.scheduleGroup.scheduleGroupName;
    const escalationGroup = built.stacks.stateless.escalation.scheduleGroup.scheduleGroupName;
    const roles = [
      'Channels/ChannelEventsHandlerRole',
      'Channels/ContactApiRole',
      'Channels/SendSmsRole',
      'Channels/SendWhatsAppRole',
      'Email/SendEmailRole',
      'Escalation/EscalationApiRole',
      'Escalation/EscalationStepRole',
      // The state machine's role: CloudWatch Logs delivery and X-Ray actions (escalation.ts).
      'Escalation/EvaluateEscalation/Role',
      'Escalation/StartEscalationRole',
      'Ingestion/IngestChunkRole',
      'Ingestion/IngestFileRole',
      'Ingestion/IngestFinishRole',
      // The large-file state machine's role: CloudWatch Logs delivery and X-Ray actions (ingestion.ts).
      'Ingestion/IngestLargeFile/Role',
      'Ingestion/IngestPlanRole',
      'Ingestion/UpdatePolicyRole',
      'Payments/ApplyPaymentRole',
      'Payments/PaymentWebhookRole',
      'Payments/PaymentsApiRole',
      'Payments/ReconcileStatementRole',
      'Portal/DebtorPortalRole',
      'Reminders/DispatchReminderRole',
      'Reminders/PlanRemindersRole',
      // The KPI lake's three functions (analytics.ts): active tracing, as every function.
      'Analytics/CurateLakeRole',
      'Analytics/ExportTablesRole',
      'Analytics/SendKpiDigestRole',
    ];
    const tableWriters = [
      'AccountsTableReadWritePolicy',
      'IdempotencyTableReadWritePolicy',
      'InteractionsTableReadWritePolicy',
      'InteractionsTableWritePolicy',
    ];
    const smsVoice = (resource: string): string =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:${resource}]`;
    expect(Object.fromEntries(acknowledged)).toEqual({
      // Dead-letter queues of Scheduler, and of the channel events subscription and SES rule target.
      'AwsSolutions-SQS3': [
        'CobranzaStateless/Channels/UndeliveredEvents/Queue',
        'CobranzaStateless/Escalation/SchedulerDeadLetters/Queue',
        'CobranzaStateless/Reminders/SchedulerDeadLetters/Queue',
      ],
      // Providers sign webhooks (verified by payment-webhook); unsubscribe and self-service links carry an HMAC token (contact-api, debtor-portal).
      'AwsSolutions-APIG4': [
        'CobranzaStateless/Payments/WebhookHttpApi/GET--portal',
        'CobranzaStateless/Payments/WebhookHttpApi/GET--unsubscribe',
        'CobranzaStateless/Payments/WebhookHttpApi/POST--portal',
        'CobranzaStateless/Payments/WebhookHttpApi/POST--unsubscribe',
        'CobranzaStateless/Payments/WebhookHttpApi/POST--webhooks--conekta',
        'CobranzaStateless/Payments/WebhookHttpApi/POST--webhooks--mercadopago',
        'CobranzaStateless/Payments/WebhookHttpApi/POST--webhooks--stripe',
      ],
      // Providers rotate webhook secrets themselves; the unsubscribe key must outlive the links it signed.
      'AwsSolutions-SMG4': ['CobranzaStateless/Channels/ContactSecret', 'CobranzaStateless/Payments/WebhookSecret'],
      'AwsSolutions-IAM5[Resource::*]': roles.map((r) => `CobranzaStateless/${r}`).sort(),
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`]: [
        // A plan's installment reminders, scheduled when a collector records the plan.
        'CobranzaStateless/Escalation/EscalationApiRole',
        'CobranzaStateless/Portal/DebtorPortalRole',
        'CobranzaStateless/Reminders/DispatchReminderRole',
        'CobranzaStateless/Reminders/PlanRemindersRole',
      ],
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${escalationGroup}/*]`]: [
        'CobranzaStateless/Escalation/EscalationStepRole',
      ],
      // cdk.json configures no SMS origination identity: send-sms may use any of the account's (channels.ts).
      [smsVoice('phone-number/*')]: ['CobranzaStateless/Channels/SendSmsRole'],
      [smsVoice('pool/*')]: ['CobranzaStateless/Channels/SendSmsRole'],
      [smsVoice('sender-id/*')]: ['CobranzaStateless/Channels/SendSmsRole'],
      [smsVoice('opt-out-list/*')]: ['CobranzaStateless/Channels/SendSmsRole'],
      'AwsSolutions-IAM5[Resource::<AccountsTable.Arn>/index/*]': ['CobranzaStateful/AccountsTableReadWritePolicy'],
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]': tableWriters.map((p) => `CobranzaStateful/${p}`),
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]': tableWriters.map((p) => `CobranzaStateful/${p}`),
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/invoices/*]': ['CobranzaStateful/FilesReadInvoicesPolicy'],
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/config/*]': ['CobranzaStateful/FilesReadConfigPolicy'],
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/statements/*]': ['CobranzaStateful/FilesReadStatementsPolicy'],
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/webhooks/*]': ['CobranzaStateful/FilesWriteWebhooksPolicy'],
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/reports/*]': ['CobranzaStateful/FilesReadReportsPolicy', 'CobranzaStateful/FilesWriteReportsPolicy'],
      // Large files (ingestion.ts): LambdaInvoke's function:* (versions) and the Distributed Map's child executions.
      ...Object.fromEntries(
        (['IngestChunk', 'IngestFinish', 'IngestPlan'] as const).map((id) => [
          `AwsSolutions-IAM5[Resource::<${built.stacks.stateless.getLogicalId(built.stacks.stateless.ingestion[`ingest${id.slice(6)}` as 'ingestChunk'].node.defaultChild as CfnElement)}.Arn>:*]`,
          ['CobranzaStateless/Ingestion/IngestLargeFile/Role'],
        ]),
      ),
      ...Object.fromEntries(
        [':*', '/IngestChunks:*'].map((tail) => [
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${built.stacks.stateless.getLogicalId(built.stacks.stateless.ingestion.largeFileStateMachine.node.defaultChild as CfnElement)}"}]}]}${tail}]`,
          ['CobranzaStateless/Ingestion/IngestLargeFile'],
        ]),
      ),
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/escalation/*]': ['CobranzaStateful/FilesWriteEscalationPolicy'],
      // The KPI lake: table exports land under exports/ (export-tables, read by curate-lake), curate-lake replaces lake/.
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/exports/*]': ['CobranzaStateful/FilesReadExportsPolicy', 'CobranzaStateful/FilesUploadExportsPolicy'],
      // export-tables reads the export chain (exports/chain/<table>.json).
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/exports/chain/*]': ['CobranzaStateful/FilesReadExportsChainPolicy'],
      // send-kpi-digest reads lake/ through Athena.
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/lake/*]': [
        'CobranzaStateful/FilesDeleteLakePolicy',
        'CobranzaStateful/FilesReadLakePolicy',
        'CobranzaStateful/FilesWriteLakePolicy',
      ],
      // send-kpi-digest's Athena queries: the views and tables of the lake database, results under results/ (analytics.ts).
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/cobranza_lake/*]': ['CobranzaStateless/Analytics/SendKpiDigestRole'],
      [`AwsSolutions-IAM5[Resource::<${built.stacks.stateless.getLogicalId(built.stacks.stateless.analytics.resultsBucket.node.defaultChild as CfnElement)}.Arn>/results/*]`]: [
        'CobranzaStateless/Analytics/SendKpiDigestRole',
      ],
      // Athena query results (7 days); the data stack's access-logs bucket cannot log a bucket of this stack (analytics.ts).
      'AwsSolutions-S1': ['CobranzaStateless/Analytics/QueryResults'],
      'AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/escalation/letters/*]': ['CobranzaStateful/FilesReadEscalationLettersPolicy'],
    });
  });
});
