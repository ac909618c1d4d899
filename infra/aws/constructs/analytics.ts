/**
 * The KPI lake on AWS, in one construct:
 *
 *   07:00 UTC rule → export-tables (ExportTableToPointInTime of Accounts and Interactions → exports/)
 *   → S3 Object Created `exports/…/manifest-summary.json` → curate-lake (Parquet → lake/<table>/)
 *   → Glue database `cobranza_lake` (one table per LAKE_TABLES entry, one VIRTUAL_VIEW per sql/views file)
 *   → Athena workgroup `cobranza` (own encrypted results bucket, enforced settings, scan cutoff)
 *   → QuickSight (only with context `quicksightPrincipalArn`): Athena data source, one SPICE dataset
 *     per view (calendar-month rows only), a daily 09:00 UTC refresh, and the managers' dashboard.
 *   hourly rule → send-kpi-digest (the policy's weekly `reports.digest`: KPIs through the workgroup → SES)
 *
 * The curate trigger is an EventBridge rule on the bucket's S3 events (enabled on the bucket in the
 * stateful stack), as for invoices/: a bucket notification would need the Custom::S3BucketNotifications
 * function and a reference from the data stack to this one. The export finishes minutes after the
 * call that starts it; its manifest-summary.json is the last object DynamoDB writes, so its creation
 * means the export is complete.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, RemovalPolicy, Size, Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as quicksight from 'aws-cdk-lib/aws-quicksight';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAKE_TABLES } from '../../../shared/analytics/lake-schema.js';
import { CONFIG_PK } from '../../../shared/adapters/aws/items.js';
import { REPORTS_PK } from '../../../shared/adapters/aws/dynamodb-digest-ledger.js';
import { ENV, PREFIX } from '../../../shared/config/functions.js';
import { CHAIN_FOLDER } from '../../../shared/analytics/exports/chain.js';
import { dashboardDefinition, planDashboard, type DashboardPlan } from '../analytics/dashboard.js';
import { encodePrestoView, hiveType, parseViewFile, PRESTO_VIEW_EXPANDED_TEXT, type ViewDefinition } from '../analytics/presto-view.js';
import type { CobranzaData } from '../stacks/stateful-stack.js';
import { CobranzaFunction } from './cobranza-function.js';
import type { Email } from './email.js';
import { ASYNC_RETRY_ATTEMPTS } from './ingestion.js';
import { AlarmedDeadLetterQueue } from './monitored-queue.js';

export const LAKE_DATABASE = 'cobranza_lake';
/** Where export-tables keeps each table's export chain (shared/analytics/exports/chain.ts). */
export const EXPORT_CHAIN_PREFIX = CHAIN_FOLDER;
/**
 * From this table size on, the daily export is incremental (changed items only) with a full base every
 * 7 days: a full export is billed on the whole table, an incremental one on the changed data.
 */
export const EXPORT_FULL_MAX_BYTES = 5 * 1024 ** 3;
export const WORKGROUP_NAME = 'cobranza';
/**
 * Daily full export at 07:00 UTC: 01:00 in Mexico City, 02:00 in Bogotá and Lima. The curate run that
 * follows it takes "today" in the reporting zone, so it lands after midnight there and "yesterday"
 * (the last day of a month end, the last day of the weekly digest's 30 days) is complete in the lake.
 */
export const EXPORT_SCHEDULE = 'cron(0 7 * * ? *)';
/** The last object of a finished DynamoDB export (`exports/<table>/AWSDynamoDB/<export id>/manifest-summary.json`). */
export const EXPORT_DONE_KEY = `${PREFIX.exports}*/manifest-summary.json`;
/** SPICE refresh: daily, after the export (07:00 UTC) and the curate run that follows it (up to 15 minutes). */
export const REFRESH_TIME_UTC = '09:00';
/** The weekly digest function runs every hour; it sends only when the policy's `reports.digest` is due. */
export const DIGEST_SCHEDULE = 'rate(1 hour)';
/**
 * Keeps a dataset's calendar-month rows: the month ends and the month to date. `report_dates` on AWS
 * also holds the weekly digest's rolling 30-day periods (shared/analytics/curate/dates.ts); on the
 * dashboard they would add points to the DSO line and average two periods into one card. A QuickSight
 * calculated expression (truncDate: the first day of the date's month).
 */
export const CALENDAR_MONTH_ROWS = "{period_from} = truncDate('MM', {as_of})";
/** A query scanning more than this is cancelled (the whole lake for 1 M invoices is far smaller). */
export const BYTES_SCANNED_CUTOFF = Size.gibibytes(10).toBytes();
export const QUICKSIGHT_CONTEXT_KEY = 'quicksightPrincipalArn';

/** Glue / Trino column type → QuickSight input column type. */
const QUICKSIGHT_TYPES: Record<string, string> = {
  varchar: 'STRING',
  bigint: 'INTEGER',
  integer: 'INTEGER',
  double: 'DECIMAL',
  date: 'DATETIME',
  timestamp: 'DATETIME',
  boolean: 'BOOLEAN',
};

/** The owner action lists QuickSight documents for each resource type. */
export const DATA_SOURCE_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
  'quicksight:UpdateDataSource',
  'quicksight:DeleteDataSource',
  'quicksight:UpdateDataSourcePermissions',
];
export const DATA_SET_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
  'quicksight:UpdateDataSet',
  'quicksight:DeleteDataSet',
  'quicksight:CreateIngestion',
  'quicksight:CancelIngestion',
  'quicksight:UpdateDataSetPermissions',
];
export const DASHBOARD_ACTIONS = [
  'quicksight:DescribeDashboard',
  'quicksight:ListDashboardVersions',
  'quicksight:UpdateDashboardPermissions',
  'quicksight:QueryDashboard',
  'quicksight:UpdateDashboard',
  'quicksight:DeleteDashboard',
  'quicksight:DescribeDashboardPermissions',
  'quicksight:UpdateDashboardPublishedVersion',
];

export interface AnalyticsProps {
  readonly data: CobranzaData;
  readonly alarmTopic: sns.ITopic;
  /** The email channel: the digest is sent from its SES identity with its configuration set. */
  readonly email: Email;
  /** The managers' dashboard the digest links to (context `dashboardUrl`). @default - no link ('' in DASHBOARD_URL) */
  readonly dashboardUrl?: string;
  /** Folder of the KPI views (`<name>.sql`, each starting with `-- columns: …`). A missing folder means no views. */
  readonly viewsDir: string;
  /** QuickSight user or group (ARN) that owns the data source, datasets and dashboard. @default - no QuickSight resources */
  readonly quicksightPrincipalArn?: string;
  /** The currency the dashboard opens on (money is never added across currencies). @default MXN */
  readonly dashboardCurrency?: string;
}

/** Every `<name>.sql` of the folder, parsed, by name. */
export function readViews(dir: string): ViewDefinition[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => parseViewFile(file.slice(0, -4), readFileSync(join(dir, file), 'utf8')));
}

export class Analytics extends Construct {
  readonly exportTables: CobranzaFunction;
  readonly curateLake: CobranzaFunction;
  readonly sendKpiDigest: CobranzaFunction;
  readonly exportRule: events.Rule;
  readonly curateRule: events.Rule;
  readonly digestRule: events.Rule;
  readonly failures: AlarmedDeadLetterQueue;
  readonly database: glue.CfnDatabase;
  readonly tables: readonly glue.CfnTable[];
  readonly views: readonly glue.CfnTable[];
  readonly resultsBucket: s3.Bucket;
  readonly workGroup: athena.CfnWorkGroup;
  /** Set when QuickSight is configured. */
  readonly quicksight?: {
    readonly role: iam.Role;
    readonly dataSource: quicksight.CfnDataSource;
    readonly dataSets: readonly quicksight.CfnDataSet[];
    readonly refreshSchedules: readonly quicksight.CfnRefreshSchedule[];
    /** Absent when no view has the columns of any visual. */
    readonly dashboard?: quicksight.CfnDashboard;
    readonly plan: DashboardPlan;
  };

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const { files, tables, key } = props.data;
    const stack = Stack.of(this);

    this.failures = new AlarmedDeadLetterQueue(this, 'Failures', {
      alarmTopic: props.alarmTopic,
      purpose: 'Analytics runs (daily export, curate after an export, hourly KPI digest) that failed after retries',
    });
    const asyncOptions = { retryAttempts: ASYNC_RETRY_ATTEMPTS, deadLetterQueue: this.failures.queue };

    // --- Export: both tables, daily, to exports/ ----------------------------------------------------
    this.exportTables = new CobranzaFunction(this, 'ExportTables', {
      name: 'export-tables',
      description: 'Starts the daily point-in-time export of the Accounts and Interactions tables to exports/ (full, or incremental once a table is big)',
      timeout: Duration.minutes(1),
      ...asyncOptions,
    }).bindBucket(files, {});
    this.exportTables.addEnvironment(ENV.accountsTableArn, tables.accounts.table.tableArn);
    this.exportTables.addEnvironment(ENV.interactionsTableArn, tables.interactions.table.tableArn);
    this.exportTables.addEnvironment(ENV.exportFullMaxBytes, String(EXPORT_FULL_MAX_BYTES));
    this.exportTables.addToRolePolicy(
      new iam.PolicyStatement({
        // DescribeTable: the table's size decides between a full and an incremental export.
        actions: ['dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeTable'],
        resources: [tables.accounts.table.tableArn, tables.interactions.table.tableArn],
      }),
    );
    // DynamoDB writes the export with the caller's permissions (PITR is on for both tables: stateful stack).
    this.exportTables.executionRole.addManagedPolicy(files.objectsPolicy('upload', PREFIX.exports));
    // The export chain (exports/chain/<table>.json: the full base and the incrementals after it). Listing
    // lets a first run read "no such key" instead of "access denied".
    this.exportTables.executionRole.addManagedPolicy(files.objectsPolicy('read', EXPORT_CHAIN_PREFIX));
    this.exportTables.executionRole.addManagedPolicy(files.listPolicy(EXPORT_CHAIN_PREFIX));

    // --- Curate: exports/ → Parquet under lake/ ----------------------------------------------------------
    this.curateLake = new CobranzaFunction(this, 'CurateLake', {
      name: 'curate-lake',
      description: 'Turns a finished table export (exports/) into the lake tables (Parquet under lake/)',
      // 1 M invoices with their events, messages and promises are read into memory and rewritten as
      // Parquet in one run: `npm run bench` measured the curate step at 1 M invoices (18.5 M items) at
      // 3.9 GB peak RSS and ~200 s of one core, so Lambda's largest size (10 GB, 6 vCPUs) and its longest
      // timeout. A daily run of ~4 min at 10 GB is about 2,400 GB-s a day.
      memorySize: 10_240,
      // One curate at a time: two (a retried older day beside a new one, a duplicate event) would each
      // delete the parts the other wrote under lake/.
      reservedConcurrentExecutions: 1,
      timeout: Duration.minutes(15),
      ...asyncOptions,
    }).bindBucket(files, { read: [PREFIX.exports], write: [PREFIX.lake] });
    // Replacing a table's files: list what is there, delete what the new run did not write.
    this.curateLake.executionRole.addManagedPolicy(files.objectsPolicy('delete', PREFIX.lake));
    this.curateLake.executionRole.addManagedPolicy(files.listPolicy(PREFIX.lake));
    this.curateLake.executionRole.addManagedPolicy(files.listPolicy(EXPORT_CHAIN_PREFIX));

    this.exportRule = new events.Rule(this, 'DailyExport', {
      description: 'Daily 07:00 UTC → export-tables (full export of Accounts and Interactions)',
      schedule: events.Schedule.expression(EXPORT_SCHEDULE),
      targets: [new targets.LambdaFunction(this.exportTables, this.targetOptions())],
    });
    this.curateRule = new events.Rule(this, 'ExportFinished', {
      description: `S3 Object Created ${EXPORT_DONE_KEY} → curate-lake`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [files.bucket.bucketName] },
          object: { key: events.Match.wildcard(EXPORT_DONE_KEY) },
        },
      },
      targets: [new targets.LambdaFunction(this.curateLake, this.targetOptions())],
    });

    // --- Glue: the lake's tables and the KPI views ------------------------------------------------------
    this.database = new glue.CfnDatabase(this, 'LakeDatabase', {
      catalogId: stack.account,
      databaseInput: { name: LAKE_DATABASE, description: 'Cobranza KPI lake: curated tables (Parquet under lake/) and the KPI views' },
    });
    this.tables = LAKE_TABLES.map((table) => {
      const cfn = new glue.CfnTable(this, `Table-${table.name}`, {
        catalogId: stack.account,
        databaseName: LAKE_DATABASE,
        tableInput: {
          name: table.name,
          description: table.comment,
          tableType: 'EXTERNAL_TABLE',
          parameters: { classification: 'parquet', EXTERNAL: 'TRUE', 'parquet.compression': 'SNAPPY' },
          storageDescriptor: {
            columns: table.columns.map((c) => ({ name: c.name, type: hiveType(c.type), comment: c.comment })),
            location: `s3://${files.bucket.bucketName}/${PREFIX.lake}${table.name}/`,
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
              parameters: { 'serialization.format': '1' },
            },
          },
        },
      });
      cfn.addResourceDependency(this.database);
      return cfn;
    });

    const views = readViews(props.viewsDir);
    this.views = views.map((view) => {
      const cfn = new glue.CfnTable(this, `View-${view.name}`, {
        catalogId: stack.account,
        databaseName: LAKE_DATABASE,
        tableInput: {
          name: view.name,
          description: `KPI view from sql/views/${view.name}.sql`,
          tableType: 'VIRTUAL_VIEW',
          parameters: { presto_view: 'true', comment: 'Presto View' },
          viewOriginalText: encodePrestoView(view, { schema: LAKE_DATABASE }),
          viewExpandedText: PRESTO_VIEW_EXPANDED_TEXT,
          storageDescriptor: {
            columns: view.columns.map((c) => ({ name: c.name, type: hiveType(c.type) })),
            serdeInfo: {},
          },
        },
      });
      cfn.addResourceDependency(this.database);
      // A view names lake tables: create them first so Athena can resolve it as soon as it exists.
      for (const table of this.tables) cfn.addResourceDependency(table);
      return cfn;
    });
    if (views.length === 0) {
      Annotations.of(this).addWarningV2(
        'cobranza:no-kpi-views',
        `no KPI views found in ${props.viewsDir}: the Glue catalog gets the lake tables only (no views, no datasets, no dashboard visuals)`,
      );
    }

    // --- Athena: the workgroup and its results bucket ---------------------------------------------------
    this.resultsBucket = new s3.Bucket(this, 'QueryResults', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Query results are a cache (QuickSight keeps its own copy in SPICE): a week is plenty.
      lifecycleRules: [
        { id: 'expire-results', expiration: Duration.days(7) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.resultsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Athena query results only, written by the cobranza workgroup and expired after 7 days; who ran which query is in the ' +
        "workgroup's query history and CloudTrail (StartQueryExecution). The data stack's access-logs bucket cannot take logs " +
        'from this stack without a reference back to it.',
    });
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: WORKGROUP_NAME,
      description: 'Cobranza KPI views (QuickSight and ad-hoc queries)',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.resultsBucket.s3UrlForObject('results/'),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: key.keyArn },
        },
      },
    });

    // --- The weekly KPI digest: hourly; sends once on the policy's reports.digest day -----------------
    this.sendKpiDigest = this.buildDigest(props, asyncOptions);
    this.digestRule = new events.Rule(this, 'HourlyDigest', {
      description: 'Every hour → send-kpi-digest (sends the weekly KPI digest once, when the policy\'s reports.digest is due)',
      schedule: events.Schedule.expression(DIGEST_SCHEDULE),
      // `{}`: the function judges its own clock (a scheduled event's `time` would do the same).
      targets: [new targets.LambdaFunction(this.sendKpiDigest, { ...this.targetOptions(), event: events.RuleTargetInput.fromObject({}) })],
    });

    // --- QuickSight (needs an account subscription, which CloudFormation cannot create) ----------------
    if (!props.quicksightPrincipalArn) {
      // A warning, not an info: `cdk synth` prints warnings (as for the placeholder SES sender).
      Annotations.of(this).addWarningV2(
        'cobranza:quicksight-skipped',
        `QuickSight is skipped: context ${QUICKSIGHT_CONTEXT_KEY} is not set. The lake, Glue tables and views and the Athena ` +
          `workgroup are still created. To add the data source, SPICE datasets, refresh schedule and dashboard: subscribe ` +
          `the account to QuickSight, then deploy with -c ${QUICKSIGHT_CONTEXT_KEY}=arn:aws:quicksight:<region>:<account>:group/default/<managers> ` +
          '(docs/analytics-aws.md).',
      );
      return;
    }
    this.quicksight = this.buildQuickSight(props.quicksightPrincipalArn, views, props.data, props.dashboardCurrency ?? 'MXN');
  }

  /** The three functions (for the stack's error alarms). */
  get functions(): readonly CobranzaFunction[] {
    return [this.exportTables, this.curateLake, this.sendKpiDigest];
  }

  /**
   * send-kpi-digest: reads the active policy and claims the day in the Accounts table, queries the KPI
   * views through the cobranza workgroup (Glue catalog, results bucket, lake/ of the files bucket, all
   * under the data key) and sends through SES as the reminders do. Nothing else.
   */
  private buildDigest(props: AnalyticsProps, asyncOptions: { retryAttempts: number; deadLetterQueue: sqs.IQueue }): CobranzaFunction {
    const stack = Stack.of(this);
    const { files, tables, key } = props.data;
    const fn = new CobranzaFunction(this, 'SendKpiDigest', {
      name: 'send-kpi-digest',
      description: "Hourly: sends the policy's weekly KPI digest (Athena → SES) once on its day",
      // Under the 15-minute claim takeover of send-kpi-digest.ts: a run still holding the day is never taken over.
      timeout: Duration.minutes(10),
      ...asyncOptions,
    });
    fn.addEnvironment(ENV.accountsTable, tables.accounts.table.tableName);
    fn.addEnvironment(ENV.athenaWorkgroup, WORKGROUP_NAME);
    fn.addEnvironment(ENV.glueDatabase, LAKE_DATABASE);
    fn.addEnvironment(ENV.dashboardUrl, props.dashboardUrl ?? '');
    props.email.allowSending(fn);

    // The active policy (pk CONFIG) and the digest ledger (pk REPORTS): single items, no query, no scan.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [tables.accounts.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CONFIG_PK, REPORTS_PK] } },
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults'],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: WORKGROUP_NAME })],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: LAKE_DATABASE }),
          stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${LAKE_DATABASE}/*` }),
        ],
      }),
    );
    // Athena writes the results as the caller (multipart) and the function reads them back.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [this.resultsBucket.arnForObjects('results/*')],
      }),
    );
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [this.resultsBucket.bucketArn] }));
    // Results bucket, lake files and Accounts table are all under the data key.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }));
    fn.executionRole.addManagedPolicy(files.objectsPolicy('read', PREFIX.lake));
    fn.executionRole.addManagedPolicy(files.listPolicy(PREFIX.lake));

    Validations.of(fn.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${pseudo(stack.partition, 'AWS::Partition')}:glue:${pseudo(stack.region, 'AWS::Region')}:${pseudo(stack.account, 'AWS::AccountId')}:table/${LAKE_DATABASE}/*]`,
      reason: `Athena resolves the KPI views and the lake tables they read by name at query time: every table of the ${LAKE_DATABASE} database, no other.`,
    });
    Validations.of(fn.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.resultsBucket.node.defaultChild as CfnElement)}.Arn>/results/*]`,
      reason: 'Athena names each query result object at run time; limited to results/ of the workgroup results bucket.',
    });
    return fn;
  }

  private targetOptions() {
    return { deadLetterQueue: this.failures.queue, retryAttempts: ASYNC_RETRY_ATTEMPTS, maxEventAge: Duration.hours(6) };
  }

  private buildQuickSight(principal: string, views: readonly ViewDefinition[], data: CobranzaData, currency: string): NonNullable<Analytics['quicksight']> {
    const stack = Stack.of(this);
    const account = stack.account;
    const { files, key } = data;

    // The role QuickSight assumes for this data source only (instead of the account-wide
    // aws-quicksight-service-role-v0, which would need broad S3 and Athena rights for every source).
    const role = new iam.Role(this, 'QuickSightAthenaRole', {
      assumedBy: new iam.ServicePrincipal('quicksight.amazonaws.com'),
      description: 'QuickSight reads the Cobranza KPI views through the cobranza Athena workgroup',
    });
    const workGroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: WORKGROUP_NAME });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryResultsStream',
          'athena:StopQueryExecution',
          'athena:BatchGetQueryExecution',
          'athena:ListQueryExecutions',
          'athena:GetWorkGroup',
        ],
        resources: [workGroupArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['athena:GetDataCatalog', 'athena:GetDatabase', 'athena:ListDatabases', 'athena:GetTableMetadata', 'athena:ListTableMetadata'],
        resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
      }),
    );
    const lakeTablesArn = stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${LAKE_DATABASE}/*` });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: LAKE_DATABASE }),
          lakeTablesArn,
        ],
      }),
    );
    // Query results: Athena writes them as the caller (multipart), QuickSight reads them back.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [this.resultsBucket.arnForObjects('results/*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [this.resultsBucket.bucketArn],
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }));
    role.addManagedPolicy(files.objectsPolicy('read', PREFIX.lake));
    role.addManagedPolicy(files.listPolicy(PREFIX.lake));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${pseudo(stack.partition, 'AWS::Partition')}:glue:${pseudo(stack.region, 'AWS::Region')}:${pseudo(stack.account, 'AWS::AccountId')}:table/${LAKE_DATABASE}/*]`,
      reason: `Athena resolves the KPI views and the lake tables they read by name at query time: every table of the ${LAKE_DATABASE} database, no other.`,
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.resultsBucket.node.defaultChild as CfnElement)}.Arn>/results/*]`,
      reason: 'Athena names each query result object at run time; limited to results/ of the workgroup results bucket.',
    });

    const dataSource = new quicksight.CfnDataSource(this, 'DataSource', {
      awsAccountId: account,
      dataSourceId: 'cobranza-athena',
      name: 'Cobranza KPIs (Athena)',
      type: 'ATHENA',
      dataSourceParameters: { athenaParameters: { workGroup: WORKGROUP_NAME, roleArn: role.roleArn } },
      sslProperties: { disableSsl: false },
      permissions: [{ principal, actions: DATA_SOURCE_ACTIONS }],
    });
    dataSource.addResourceDependency(this.workGroup);
    dataSource.node.addDependency(role);

    const plan = planDashboard(views);
    // With no views at all the construct has already said so once; naming every visual adds nothing.
    for (const skipped of views.length > 0 ? plan.skipped : []) {
      Annotations.of(this).addWarningV2(`cobranza:dashboard-visual-skipped:${skipped.visualId}`, `dashboard visual "${skipped.title}" skipped: ${skipped.reason}`);
    }

    const dataSets: quicksight.CfnDataSet[] = [];
    const refreshSchedules: quicksight.CfnRefreshSchedule[] = [];
    const arns = new Map<string, string>();
    views.forEach((view, index) => {
      // Map keys and ids allow letters, digits and '-' only (CloudFormation schema).
      const tableId = view.name.replace(/_/g, '-');
      const dataSetId = `cobranza-${tableId}`;
      const dataSet = new quicksight.CfnDataSet(this, `DataSet-${view.name}`, {
        awsAccountId: account,
        dataSetId,
        name: `Cobranza ${view.name}`,
        importMode: 'SPICE',
        // The deploy does not wait for the first SPICE load (an empty lake before the first export is normal).
        ingestionWaitPolicy: { waitForSpiceIngestion: false },
        physicalTableMap: {
          [tableId]: {
            relationalTable: {
              dataSourceArn: dataSource.attrArn,
              catalog: 'AwsDataCatalog',
              schema: LAKE_DATABASE,
              name: view.name,
              inputColumns: view.columns.map((c) => ({ name: c.name, type: QUICKSIGHT_TYPES[c.type] ?? 'STRING' })),
            },
          },
        },
        logicalTableMap: {
          [tableId]: {
            alias: view.name,
            source: { physicalTableId: tableId },
            // The calendar-month rows only (CALENDAR_MONTH_ROWS): the digest's rolling periods stay out of the dashboard.
            ...(hasColumns(view, 'as_of', 'period_from') ? { dataTransforms: [{ filterOperation: { conditionExpression: CALENDAR_MONTH_ROWS } }] } : {}),
          },
        },
        permissions: [{ principal, actions: DATA_SET_ACTIONS }],
      });
      dataSet.addResourceDependency(this.views[index]!);
      dataSets.push(dataSet);
      arns.set(view.name, dataSet.attrArn);

      const schedule = new quicksight.CfnRefreshSchedule(this, `Refresh-${view.name}`, {
        awsAccountId: account,
        dataSetId,
        schedule: {
          scheduleId: 'daily-after-curate',
          refreshType: 'FULL_REFRESH',
          scheduleFrequency: { interval: 'DAILY', timeOfTheDay: REFRESH_TIME_UTC, timeZone: 'UTC' },
        },
      });
      schedule.addResourceDependency(dataSet);
      refreshSchedules.push(schedule);
    });

    if (plan.visuals.length === 0) {
      Annotations.of(this).addWarningV2(
        'cobranza:no-dashboard',
        'QuickSight dashboard skipped: no KPI view declares the columns of any of its visuals (the data source and datasets are created)',
      );
      return { role, dataSource, dataSets, refreshSchedules, plan };
    }
    const withColumn = (column: string) => plan.views.find((name) => views.find((v) => v.name === name)?.columns.some((c) => c.name === column));
    const currencyView = withColumn('currency');
    const dashboard = new quicksight.CfnDashboard(this, 'Dashboard', {
      awsAccountId: account,
      dashboardId: 'cobranza-kpis',
      name: 'Cobranza — collections KPIs',
      definition: dashboardDefinition(plan, (view) => arns.get(view)!, currencyView, withColumn('country'), currency),
      permissions: [{ principal, actions: DASHBOARD_ACTIONS }],
      dashboardPublishOptions: {
        adHocFilteringOption: { availabilityStatus: 'ENABLED' },
        exportToCsvOption: { availabilityStatus: 'ENABLED' },
        sheetControlsOption: { visibilityState: 'EXPANDED' },
      },
    });
    for (const dataSet of dataSets) dashboard.addResourceDependency(dataSet);

    return { role, dataSource, dataSets, refreshSchedules, dashboard, plan };
  }
}

function hasColumns(view: ViewDefinition, ...names: string[]): boolean {
  return names.every((name) => view.columns.some((c) => c.name === name));
}

/** How cdk-nag writes an ARN part in a finding id: the value when the stack knows it (a deploy to a set region), else `<AWS::…>`. */
function pseudo(value: string, name: string): string {
  return Token.isUnresolved(value) ? `<${name}>` : value;
}
