/**
 * The KPI lake on AWS (infra/aws/constructs/analytics.ts), synthesised with three sample views
 * (test/infra/fixtures/views: a summary, aging, top debtors), without and with QuickSight.
 */
import { fileURLToPath } from 'node:url';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePrestoView } from '../../infra/aws/analytics/presto-view.js';
import { LAKE_TABLES } from '../../shared/analytics/lake-schema.js';
import { ENV } from '../../shared/config/functions.js';
import {
  actionsOf,
  asArray,
  environment,
  functionId,
  resolveCrossStack,
  resource,
  resources,
  roleIdOf,
  roleStatements,
  statementsFor,
  synthCobranza,
  type CfnResource,
  type Synthesized,
} from './support/cobranza.js';

/** Template JSON is untyped; each test reads the path it asserts on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation template fragments
type Json = any;

const VIEWS_DIR = fileURLToPath(new URL('./fixtures/views', import.meta.url));
const MANAGERS = 'arn:aws:quicksight:us-east-1:111122223333:group/default/cobranza-managers';

let plain: Synthesized;
let withQuickSight: Synthesized;

beforeAll(() => {
  // Template validation on: QuickSight and Glue property shapes are checked against the CloudFormation schema.
  plain = synthCobranza({ bundle: false, analyticsViewsDir: VIEWS_DIR });
  withQuickSight = synthCobranza({ bundle: false, analyticsViewsDir: VIEWS_DIR, context: { quicksightPrincipalArn: MANAGERS } });
}, 120_000);

const glueTables = (s: Synthesized): CfnResource[] => Object.values(resources(s.stateless, 'AWS::Glue::Table'));
const tableInput = (t: CfnResource) => t.Properties?.['TableInput'] as Record<string, Json>;
const statementsOf = (s: Synthesized, name: string) => roleStatements(s.stateless, s.stateful, roleIdOf(s.stateless, functionId(s.stateless, name)));

describe('lake: Glue database and tables', () => {
  it('declares one Parquet table per lake table, at lake/<table>/ of the files bucket, with mapped column types', () => {
    plain.stateless.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'cobranza_lake' } });
    const external = glueTables(plain).filter((t) => tableInput(t)['TableType'] === 'EXTERNAL_TABLE');
    expect(external).toHaveLength(LAKE_TABLES.length);
    const invoices = tableInput(external.find((t) => tableInput(t)['Name'] === 'invoices')!);
    expect(invoices['StorageDescriptor'].SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(JSON.stringify(invoices['StorageDescriptor'].Location)).toContain('/lake/invoices/');
    expect(invoices['StorageDescriptor'].Columns.map((c: { Name: string; Type: string }) => `${c.Name} ${c.Type}`)).toEqual([
      'account_id string',
      'invoice_number string',
      'currency string',
      'country string',
      'amount bigint',
      'issue_date date',
      'due_date date',
      'status string',
    ]);
    const rates = tableInput(external.find((t) => tableInput(t)['Name'] === 'exchange_rates')!);
    expect(rates['StorageDescriptor'].Columns.map((c: { Type: string }) => c.Type)).toEqual(['string', 'string', 'double']);
    const calendar = tableInput(external.find((t) => tableInput(t)['Name'] === 'calendar')!);
    expect(calendar['StorageDescriptor'].Columns.at(-1)).toMatchObject({ Name: 'days_in_month', Type: 'int' });
  });

  it('declares each view file as an Athena view that decodes to its SQL and columns', () => {
    const views = glueTables(plain).filter((t) => tableInput(t)['TableType'] === 'VIRTUAL_VIEW');
    expect(views.map((v) => tableInput(v)['Name']).sort()).toEqual(['aging', 'kpi_summary', 'top_debtors']);
    const aging = tableInput(views.find((v) => tableInput(v)['Name'] === 'aging')!);
    expect(aging['Parameters']).toEqual({ presto_view: 'true', comment: 'Presto View' });
    expect(aging['ViewExpandedText']).toBe('/* Presto View */');
    const decoded = decodePrestoView(aging['ViewOriginalText']);
    expect(decoded).toMatchObject({ catalog: 'awsdatacatalog', schema: 'cobranza_lake' });
    expect(decoded.originalSql).toContain('FROM report_dates r');
    expect(aging['StorageDescriptor'].Columns).toEqual([
      { Name: 'as_of', Type: 'date' },
      { Name: 'currency', Type: 'string' },
      { Name: 'bucket', Type: 'string' },
      { Name: 'ordinal', Type: 'int' },
      { Name: 'amount', Type: 'bigint' },
    ]);
  });
});

describe('Athena workgroup', () => {
  it('is "cobranza", enforces its settings, cuts off big scans and encrypts results in its own bucket', () => {
    const [workGroup] = Object.values(resources(plain.stateless, 'AWS::Athena::WorkGroup'));
    expect(workGroup!.Properties).toMatchObject({
      Name: 'cobranza',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' } },
      },
    });
    const output = JSON.stringify((workGroup!.Properties?.['WorkGroupConfiguration'] as Json).ResultConfiguration.OutputLocation);
    const [bucketId] = Object.keys(resources(plain.stateless, 'AWS::S3::Bucket'));
    expect(output).toContain(bucketId);
    expect(resource(plain.stateless, bucketId!).Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
    });
  });
});

describe('export and curate', () => {
  it('exports both tables daily at 07:00 UTC (after midnight in Mexico City, Bogotá and Lima: yesterday is complete)', () => {
    const rules = Object.values(resources(plain.stateless, 'AWS::Events::Rule')).filter((r) => r.Properties?.['ScheduleExpression'] === 'cron(0 7 * * ? *)');
    expect(rules).toHaveLength(1);
    const target = (rules[0]!.Properties?.['Targets'] as { Arn: { 'Fn::GetAtt': [string, string] } }[])[0]!;
    expect(target.Arn['Fn::GetAtt'][0]).toBe(functionId(plain.stateless, 'export-tables'));
    const env = environment(resource(plain.stateless, functionId(plain.stateless, 'export-tables')));
    expect(resolveCrossStack(env[ENV.accountsTableArn], plain.stateful)).toEqual({ 'Fn::GetAtt': ['AccountsTable', 'Arn'] });
    expect(resolveCrossStack(env[ENV.interactionsTableArn], plain.stateful)).toEqual({ 'Fn::GetAtt': ['InteractionsTable', 'Arn'] });
  });

  it('keeps point-in-time recovery on for the exported tables', () => {
    for (const id of ['AccountsTable', 'InteractionsTable']) {
      expect(resource(plain.stateful, id).Properties).toMatchObject({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    }
  });

  it('runs curate-lake when an export under exports/ writes its manifest-summary.json', () => {
    const rules = Object.values(resources(plain.stateless, 'AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties?.['EventPattern'] ?? {}).includes('manifest-summary.json'),
    );
    expect(rules).toHaveLength(1);
    const pattern = rules[0]!.Properties?.['EventPattern'] as Json;
    expect(pattern.source).toEqual(['aws.s3']);
    expect(pattern['detail-type']).toEqual(['Object Created']);
    expect(pattern.detail.object.key).toEqual([{ wildcard: 'exports/*/manifest-summary.json' }]);
    expect(pattern.detail.bucket.name.map((n: unknown) => resolveCrossStack(n, plain.stateful))).toEqual([{ Ref: 'FilesBucket' }]);
    const target = (rules[0]!.Properties?.['Targets'] as { Arn: { 'Fn::GetAtt': [string, string] } }[])[0]!;
    expect(target.Arn['Fn::GetAtt'][0]).toBe(functionId(plain.stateless, 'curate-lake'));
  });

  it('export-tables: only the export of the two tables (their size decides full or incremental), writing under exports/, reading the chain', () => {
    const statements = statementsOf(plain, 'export-tables');
    const dynamo = statementsFor(statements, 'dynamodb');
    expect(actionsOf(dynamo)).toEqual(['dynamodb:DescribeTable', 'dynamodb:ExportTableToPointInTime']);
    expect(dynamo.flatMap((s) => asArray(s.Resource)).map((r) => resolveCrossStack(r, plain.stateful))).toEqual([
      { 'Fn::GetAtt': ['AccountsTable', 'Arn'] },
      { 'Fn::GetAtt': ['InteractionsTable', 'Arn'] },
    ]);
    const s3 = statementsFor(statements, 's3').map((s) => ({ Action: s.Action, Resource: s.Resource, Condition: s.Condition }));
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, `/${prefix}*`]] });
    expect(s3).toEqual(
      expect.arrayContaining([
        { Action: ['s3:AbortMultipartUpload', 's3:PutObject', 's3:PutObjectAcl'], Resource: objects('exports/'), Condition: undefined },
        { Action: 's3:GetObject', Resource: objects('exports/chain/'), Condition: undefined },
        { Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, Condition: { StringLike: { 's3:prefix': ['exports/chain/', 'exports/chain/*'] } } },
      ]),
    );
    expect(s3).toHaveLength(4); // + s3:GetBucketLocation on the bucket
    const env = resource(plain.stateless, functionId(plain.stateless, 'export-tables')).Properties?.['Environment'] as { Variables: Record<string, string> };
    expect(env.Variables['EXPORT_FULL_MAX_BYTES']).toBe(String(5 * 1024 ** 3));
  });

  it('curate-lake: reads exports/, writes, lists and deletes lake/ only; 10 GB, 15 minutes, one at a time', () => {
    const fn = resource(plain.stateless, functionId(plain.stateless, 'curate-lake'));
    // one run at a time: two would delete each other's parts under lake/
    expect(fn.Properties).toMatchObject({ MemorySize: 10240, Timeout: 900, ReservedConcurrentExecutions: 1 });
    const s3 = statementsFor(statementsOf(plain, 'curate-lake'), 's3').map((s) => ({ Action: s.Action, Resource: s.Resource, Condition: s.Condition }));
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, `/${prefix}/*`]] });
    expect(s3).toEqual(
      expect.arrayContaining([
        { Action: 's3:GetObject', Resource: objects('exports'), Condition: undefined },
        { Action: 's3:PutObject', Resource: objects('lake'), Condition: undefined },
        { Action: 's3:DeleteObject', Resource: objects('lake'), Condition: undefined },
        { Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, Condition: { StringLike: { 's3:prefix': ['lake/', 'lake/*'] } } },
      ]),
    );
    // + s3:GetBucketLocation on the bucket; list exports/chain/ too (a missing chain reads as "no such key")
    expect(s3).toContainEqual({ Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['FilesBucket', 'Arn'] }, Condition: { StringLike: { 's3:prefix': ['exports/chain/', 'exports/chain/*'] } } });
    expect(s3).toHaveLength(7);
    expect(actionsOf(statementsOf(plain, 'curate-lake')).filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('alarms on any of the three functions failing', () => {
    const alarms = Object.keys(resources(plain.stateless, 'AWS::CloudWatch::Alarm'));
    expect(alarms.some((id) => id.startsWith('MonitoringExportTablesErrors'))).toBe(true);
    expect(alarms.some((id) => id.startsWith('MonitoringCurateLakeErrors'))).toBe(true);
    expect(alarms.some((id) => id.startsWith('MonitoringSendKpiDigestErrors'))).toBe(true);
    expect(alarms.some((id) => id.startsWith('AnalyticsFailuresDeadLetterAlarm'))).toBe(true);
  });
});

describe('weekly KPI digest', () => {
  const digest = (s: Synthesized): CfnResource => resource(s.stateless, functionId(s.stateless, 'send-kpi-digest'));

  it('runs send-kpi-digest every hour with input {} (the function decides whether the digest is due), retried then dead-lettered', () => {
    const rules = Object.values(resources(plain.stateless, 'AWS::Events::Rule')).filter((r) => r.Properties?.['ScheduleExpression'] === 'rate(1 hour)');
    expect(rules).toHaveLength(1);
    const targets = rules[0]!.Properties?.['Targets'] as Json[];
    expect(targets).toHaveLength(1);
    expect(targets[0].Arn['Fn::GetAtt'][0]).toBe(functionId(plain.stateless, 'send-kpi-digest'));
    expect(JSON.parse(targets[0].Input)).toEqual({});
    expect(targets[0].RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(targets[0].DeadLetterConfig).toBeDefined();
    const id = functionId(plain.stateless, 'send-kpi-digest');
    plain.stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: id }, MaximumRetryAttempts: 2 });
    // The same dead-letter queue (and alarm) as export and curate.
    const exportDlq = (resource(plain.stateless, functionId(plain.stateless, 'export-tables')).Properties?.['DeadLetterConfig'] as Json).TargetArn;
    expect((digest(plain).Properties?.['DeadLetterConfig'] as Json).TargetArn).toEqual(exportDlq);
  });

  it('times out after 10 minutes, under the 15-minute takeover of a claimed day', () => {
    expect(digest(plain).Properties).toMatchObject({ Timeout: 600 });
  });

  it('reads the Accounts table, the cobranza workgroup and the cobranza_lake database; links no dashboard unless dashboardUrl is set', () => {
    const env = environment(digest(plain));
    expect(resolveCrossStack(env[ENV.accountsTable], plain.stateful)).toEqual({ Ref: 'AccountsTable' });
    expect(env[ENV.athenaWorkgroup]).toBe('cobranza');
    expect(env[ENV.glueDatabase]).toBe('cobranza_lake');
    expect(env[ENV.dashboardUrl]).toBe('');
    const url = 'https://us-east-1.quicksight.aws.amazon.com/sn/dashboards/cobranza-kpis';
    const linked = synthCobranza({ bundle: false, cfnValidation: false, analyticsViewsDir: VIEWS_DIR, context: { dashboardUrl: url } });
    expect(environment(digest(linked))[ENV.dashboardUrl]).toBe(url);
    expect(() => synthCobranza({ bundle: false, cfnValidation: false, context: { dashboardUrl: 'http://dashboards.example' } })).toThrow(/dashboardUrl/);
  });

  it('DynamoDB: GetItem, PutItem, DeleteItem on the Accounts table, only on the CONFIG (policy) and REPORTS (digest ledger) items', () => {
    const statements = statementsOf(plain, 'send-kpi-digest');
    const dynamo = statementsFor(statements, 'dynamodb');
    expect(dynamo).toHaveLength(1);
    expect(asArray(dynamo[0]!.Action).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(asArray(dynamo[0]!.Resource).map((r) => resolveCrossStack(r, plain.stateful))).toEqual([{ 'Fn::GetAtt': ['AccountsTable', 'Arn'] }]);
    expect(dynamo[0]!.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONFIG', 'REPORTS'] } });
    // No table-wide access policy from the data stack either.
    expect(actionsOf(statements).filter((a) => /dynamodb:(Query|Scan|UpdateItem|BatchWriteItem)/.test(a))).toEqual([]);
  });

  it('Athena on the cobranza workgroup, Glue reads of cobranza_lake, its results and lake/ only', () => {
    const statements = statementsOf(plain, 'send-kpi-digest');
    const athena = statementsFor(statements, 'athena');
    expect(actionsOf(athena)).toEqual(['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution']);
    expect(JSON.stringify(athena.map((s) => s.Resource))).toContain(':workgroup/cobranza"');
    const glue = statementsFor(statements, 'glue');
    expect(actionsOf(glue)).toEqual(['glue:BatchGetPartition', 'glue:GetDatabase', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables']);
    const glueResources = JSON.stringify(glue.map((s) => s.Resource));
    for (const part of [':catalog"', ':database/cobranza_lake"', ':table/cobranza_lake/*"']) expect(glueResources).toContain(part);

    const s3 = statementsFor(statements, 's3');
    const files = s3.filter((s) => JSON.stringify(s.Resource).includes('FilesBucket'));
    expect(actionsOf(files)).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
    expect(JSON.stringify(files.find((s) => asArray(s.Action).includes('s3:GetObject'))!.Resource)).toContain('/lake/*');
    const results = s3.filter((s) => !JSON.stringify(s.Resource).includes('FilesBucket'));
    expect(JSON.stringify(results.map((s) => s.Resource))).toContain('QueryResults');
    expect(actionsOf(results)).toEqual([
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:ListBucket',
      's3:ListMultipartUploadParts',
      's3:PutObject',
    ]);
    expect(JSON.stringify(results.find((s) => asArray(s.Action).includes('s3:PutObject'))!.Resource)).toContain('/results/*');
    expect(statements.filter((s) => asArray(s.Resource).includes('*')).flatMap((s) => asArray(s.Action)).sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe('QuickSight', () => {
  it('is skipped with one clear synth message when quicksightPrincipalArn is not set; the rest is still built', () => {
    for (const type of ['AWS::QuickSight::DataSource', 'AWS::QuickSight::DataSet', 'AWS::QuickSight::Dashboard', 'AWS::QuickSight::RefreshSchedule']) {
      expect(Object.keys(resources(plain.stateless, type)), type).toEqual([]);
    }
    const infos = Annotations.fromStack(plain.stacks.stateless).findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(infos.filter((m) => m.includes('QuickSight is skipped') && m.includes('quicksightPrincipalArn'))).toHaveLength(1);
    expect(Object.keys(resources(plain.stateless, 'AWS::Athena::WorkGroup'))).toHaveLength(1);
    const withIt = Annotations.fromStack(withQuickSight.stacks.stateless).findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(withIt.filter((m) => m.includes('QuickSight is skipped'))).toEqual([]);
  });

  it('reads the views through an Athena data source on the cobranza workgroup, with its own role', () => {
    const [source] = Object.values(resources(withQuickSight.stateless, 'AWS::QuickSight::DataSource'));
    expect(source!.Properties).toMatchObject({ Type: 'ATHENA', DataSourceParameters: { AthenaParameters: { WorkGroup: 'cobranza' } } });
    const roleArn = (source!.Properties?.['DataSourceParameters'] as Json).AthenaParameters.RoleArn;
    const role = resource(withQuickSight.stateless, roleArn['Fn::GetAtt'][0]);
    expect(JSON.stringify(role.Properties?.['AssumeRolePolicyDocument'])).toContain('quicksight.amazonaws.com');
  });

  it('has one SPICE dataset per view, each refreshed daily at 09:00 UTC (after the 07:00 export and the curate)', () => {
    const dataSets = Object.values(resources(withQuickSight.stateless, 'AWS::QuickSight::DataSet'));
    expect(dataSets).toHaveLength(3);
    for (const dataSet of dataSets) {
      expect(dataSet.Properties?.['ImportMode']).toBe('SPICE');
      const [table] = Object.values(dataSet.Properties?.['PhysicalTableMap'] as Record<string, Json>);
      expect(table.RelationalTable).toMatchObject({ Catalog: 'AwsDataCatalog', Schema: 'cobranza_lake' });
    }
    const aging = dataSets.find((d) => JSON.stringify(d.Properties?.['PhysicalTableMap']).includes('"Name":"aging"'))!;
    const [agingTable] = Object.values(aging.Properties?.['PhysicalTableMap'] as Record<string, Json>);
    expect(agingTable.RelationalTable.InputColumns).toEqual([
      { Name: 'as_of', Type: 'DATETIME' },
      { Name: 'currency', Type: 'STRING' },
      { Name: 'bucket', Type: 'STRING' },
      { Name: 'ordinal', Type: 'INTEGER' },
      { Name: 'amount', Type: 'INTEGER' },
    ]);
    const schedules = Object.values(resources(withQuickSight.stateless, 'AWS::QuickSight::RefreshSchedule'));
    expect(schedules.map((s) => s.Properties?.['DataSetId']).sort()).toEqual(dataSets.map((d) => d.Properties?.['DataSetId']).sort());
    for (const schedule of schedules) {
      expect(schedule.Properties?.['Schedule']).toMatchObject({ ScheduleFrequency: { Interval: 'DAILY', TimeOfTheDay: '09:00', TimeZone: 'UTC' } });
    }
  });

  it('keeps only the calendar-month periods (month ends, month to date) of views with as_of and period_from, not the digest\'s rolling 30 days', () => {
    const dataSets = Object.values(resources(withQuickSight.stateless, 'AWS::QuickSight::DataSet'));
    const transformsOf = (view: string): Json => {
      const dataSet = dataSets.find((d) => JSON.stringify(d.Properties?.['PhysicalTableMap']).includes(`"Name":"${view}"`))!;
      const [logical] = Object.values(dataSet.Properties?.['LogicalTableMap'] as Record<string, Json>);
      return logical.DataTransforms;
    };
    expect(transformsOf('kpi_summary')).toEqual([{ FilterOperation: { ConditionExpression: "{period_from} = truncDate('MM', {as_of})" } }]);
    // No period_from: nothing to tell the periods apart by, nothing filtered.
    expect(transformsOf('aging')).toBeUndefined();
    expect(transformsOf('top_debtors')).toBeUndefined();
  });

  it('builds the "Cobranza" sheet with the visuals the views can feed, and says which ones it skipped', () => {
    const [dashboard] = Object.values(resources(withQuickSight.stateless, 'AWS::QuickSight::Dashboard'));
    const definition = dashboard!.Properties?.['Definition'] as Json;
    expect(definition.Sheets).toHaveLength(1);
    expect(definition.Sheets[0].Name).toBe('Cobranza');
    const visuals = (definition.Sheets[0].Visuals as Record<string, Json>[]).map((v) => {
      const [kind, body] = Object.entries(v)[0]!;
      return `${kind}: ${body.Title.FormatText.PlainText}`;
    });
    expect(visuals).toEqual([
      'KPIVisual: Open AR',
      'KPIVisual: DSO (days)',
      'KPIVisual: CEI (%)',
      'KPIVisual: Percent current',
      'KPIVisual: Collected',
      'LineChartVisual: DSO vs best possible DSO',
      'BarChartVisual: Aging of open AR',
      'GaugeChartVisual: Collection effectiveness (CEI)',
      'TableVisual: Top debtors by overdue balance',
    ]);
    const bars = definition.Sheets[0].Visuals.find((v: Json) => v.BarChartVisual).BarChartVisual.ChartConfiguration;
    expect(bars.BarsArrangement).toBe('STACKED');
    const line = definition.Sheets[0].Visuals.find((v: Json) => v.LineChartVisual).LineChartVisual.ChartConfiguration.FieldWells.LineChartAggregatedFieldWells;
    expect(line.Values.map((m: Json) => m.NumericalMeasureField.Column.ColumnName)).toEqual(['dso', 'best_possible_dso']);
    expect(line.Category[0].DateDimensionField.Column.ColumnName).toBe('as_of');
    // Money is never summed across currencies, nor a country's rows added to the ALL rows: one control each, on every dataset.
    const groups = Object.fromEntries((definition.FilterGroups as Json[]).map((g) => [g.FilterGroupId, g]));
    expect(groups['currency']).toMatchObject({ CrossDataset: 'ALL_DATASETS' });
    expect(groups['country']).toMatchObject({ CrossDataset: 'ALL_DATASETS' });
    expect(groups['country'].Filters[0].CategoryFilter.Configuration.FilterListConfiguration.CategoryValues).toEqual(['ALL']);
    // One currency is always selected (context dashboardCurrency, default MXN), never "all".
    expect(groups['currency'].Filters[0].CategoryFilter.Configuration.FilterListConfiguration).toEqual({ MatchOperator: 'CONTAINS', CategoryValues: ['MXN'] });
    expect((definition.Sheets[0].FilterControls as Json[]).map((c) => `${c.Dropdown.Title} ${c.Dropdown.Type}`).sort()).toEqual([
      'Country SINGLE_SELECT',
      'Currency SINGLE_SELECT',
    ]);

    const warnings = Annotations.fromStack(withQuickSight.stacks.stateless).findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
    for (const title of ['Roll rates by bucket', 'Escalation stage funnel', 'Channels']) {
      expect(warnings.some((w) => w.includes(`dashboard visual "${title}`) && w.includes('skipped'))).toBe(true);
    }
  });

  it('gives the managers principal the owner permissions on the data source, every dataset and the dashboard', () => {
    const types = ['AWS::QuickSight::DataSource', 'AWS::QuickSight::DataSet', 'AWS::QuickSight::Dashboard'];
    for (const type of types) {
      for (const [id, r] of Object.entries(resources(withQuickSight.stateless, type))) {
        const permissions = r.Properties?.['Permissions'] as { Principal: string; Actions: string[] }[];
        expect(permissions, id).toHaveLength(1);
        expect(permissions[0]!.Principal).toBe(MANAGERS);
        expect(permissions[0]!.Actions.some((a) => a.startsWith('quicksight:Describe'))).toBe(true);
        expect(permissions[0]!.Actions.some((a) => /^quicksight:Update\w*Permissions$/.test(a))).toBe(true);
      }
    }
    const dashboard = Object.values(resources(withQuickSight.stateless, 'AWS::QuickSight::Dashboard'))[0]!;
    expect((dashboard.Properties?.['Permissions'] as Json)[0].Actions).toContain('quicksight:QueryDashboard');
  });

  it("QuickSight's role reads the lake and the workgroup only: no write to the files bucket, no Resource \"*\"", () => {
    const [source] = Object.values(resources(withQuickSight.stateless, 'AWS::QuickSight::DataSource'));
    const roleId = (source!.Properties?.['DataSourceParameters'] as Json).AthenaParameters.RoleArn['Fn::GetAtt'][0];
    const statements = roleStatements(withQuickSight.stateless, withQuickSight.stateful, roleId);
    expect(statements.filter((s) => asArray(s.Resource).includes('*'))).toEqual([]);
    const files = statements.filter((s) => JSON.stringify(s.Resource).includes('FilesBucket') && asArray(s.Action).some((a) => a.startsWith('s3:')));
    expect(actionsOf(files)).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
    expect(JSON.stringify(files.find((s) => asArray(s.Action).includes('s3:GetObject'))!.Resource)).toContain('/lake/*');
  });

  it('refuses a principal that is not a QuickSight group or user ARN', () => {
    expect(() => synthCobranza({ bundle: false, cfnValidation: false, context: { quicksightPrincipalArn: 'managers' } })).toThrow(/quicksightPrincipalArn/);
  });

  it('passes cdk-nag AwsSolutions with QuickSight on too (acknowledged findings only)', () => {
    const report = new AwsSolutionsChecks().validateScope(withQuickSight.app);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? '?'}`))).toEqual([]);
    // As `cdk synth` with a known region: ARNs in findings then name it.
    const regional = synthCobranza({
      bundle: false,
      cfnValidation: false,
      analyticsViewsDir: VIEWS_DIR,
      context: { quicksightPrincipalArn: MANAGERS },
      environment: { CDK_DEFAULT_REGION: 'us-east-1' },
    });
    const regionalReport = new AwsSolutionsChecks().validateScope(regional.app);
    expect(regionalReport.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? '?'}`))).toEqual([]);
  });
});
