import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSendKpiDigestHandler, viewLake } from '../../functions/send-kpi-digest/app.js';
import { AthenaViewReader } from '../../shared/adapters/aws/athena-view-reader.js';
import { documentClient } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbDigestLedger } from '../../shared/adapters/aws/dynamodb-digest-ledger.js';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import { orderedViews } from '../../shared/analytics/kpi-views.js';
import { defaultPolicy } from '../../shared/domain/policy/parse.js';
import type { Policy } from '../../shared/domain/policy/schema.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { context, dynamoHarness, fixedClock, observability } from './harness.js';

/**
 * The hourly digest function with the real DynamoDB adapters on dynalite (the claim is a conditional
 * write: its semantics matter), Athena and SES v2 mocked. The Athena mock answers each KPI view from
 * the rows below, typed by the view's declared columns (sql/views headers), as Athena returns them.
 */
const athena = mockClient(AthenaClient);
const ses = mockClient(SESv2Client);

// Monday 2026-12-07; 14:30 UTC is 08:30 in Mexico City (UTC−6). The digest covers Nov 7 … Dec 6 against Oct 8 … Nov 6.
const MONDAY_0830 = '2026-12-07T14:30:00.000Z';
const MONDAY_0930 = '2026-12-07T15:30:00.000Z';
const MONDAY_0759 = '2026-12-07T13:59:00.000Z';
const NOW = { asOf: '2026-12-06', from: '2026-11-07' };
const BEFORE = { asOf: '2026-11-06', from: '2026-10-08' };
const RECIPIENTS = ['cfo@ejemplo.mx', 'tesoreria@ejemplo.mx'];

type Rows = Record<string, unknown>[];
/** view → rows, each with its as_of, period_from, currency and country (the reader's filter picks them). */
let lake: Record<string, Rows> = {};
let reportDates: { as_of: string; period_from: string }[] = [];

const scope = (period: { asOf: string; from: string }, currency: string) => ({ as_of: period.asOf, period_from: period.from, currency, country: 'ALL' });

function portfolio(): Record<string, Rows> {
  return {
    kpi_summary: [
      // MXN now: open AR $4,850.00, collected $900.00, DSO 107.39; before: $4,650.00, $1,200.00, 96.44
      { ...scope(NOW, 'MXN'), days: 30, open_ar: 485000, current_ar: 140000, overdue_ar: 345000, collected: 90000, sales: 135000, dso: 107.39, cei: 55.93, percent_current: 28.87 },
      { ...scope(BEFORE, 'MXN'), days: 30, open_ar: 465000, current_ar: 150000, overdue_ar: 315000, collected: 120000, sales: 144000, dso: 96.44, cei: 61.5, percent_current: 32.26 },
      { ...scope(NOW, 'COP'), days: 30, open_ar: 1250000, current_ar: 1250000, overdue_ar: 0, collected: 0, sales: 1250000, dso: 30, cei: null, percent_current: 100 },
      // kpi_scopes gives every currency a row on every report date, zero or not
      { ...scope(BEFORE, 'COP'), days: 30, open_ar: 0, current_ar: 0, overdue_ar: 0, collected: 0, sales: 0, dso: null, cei: null, percent_current: null },
    ],
    kpi_aging: [
      { ...scope(NOW, 'MXN'), bucket: 'current', bucket_ordinal: 0, amount: 140000, invoices: 2 },
      { ...scope(NOW, 'MXN'), bucket: '1-30', bucket_ordinal: 1, amount: 115000, invoices: 1 },
      { ...scope(NOW, 'MXN'), bucket: '90+', bucket_ordinal: 4, amount: 230000, invoices: 1 },
      { ...scope(NOW, 'COP'), bucket: 'current', bucket_ordinal: 0, amount: 1250000, invoices: 1 },
    ],
    kpi_promises: [{ ...scope(NOW, 'MXN'), kept: 1, broken: 1, pending: 0, kept_amount: 50000, broken_amount: 20000, kept_rate: 50, kept_amount_rate: 71.43 }],
    kpi_top_debtors: [
      { ...scope(NOW, 'MXN'), debtor_rank: 1, account_id: 'A2', name: 'Beta SA de CV', account_country: 'MX', overdue: 230000, open: 230000, overdue_previous: 200000 },
      { ...scope(NOW, 'MXN'), debtor_rank: 2, account_id: 'A1', name: 'Acme & Hijos', account_country: 'MX', overdue: 115000, open: 255000, overdue_previous: 0 },
    ],
  };
}

const VIEW_COLUMNS = new Map(orderedViews().map((v) => [v.name, v.columns]));
const TABLE_COLUMNS: Record<string, { name: string; type: string }[]> = {
  invoices: [{ name: 'currency', type: 'varchar' }],
  report_dates: [
    { name: 'as_of', type: 'date' },
    { name: 'period_from', type: 'date' },
  ],
};

/** What the Athena mock answers for one query: the rows of the view or table it names that match its parameters. */
function answer(sql: string, params: readonly string[]): { columns: { name: string; type: string }[]; rows: Rows } {
  const values = params.map((p) => p.replace(/^'|'$/g, '').replaceAll("''", "'"));
  const table = /\bFROM (\w+)/.exec(sql)![1]!;
  if (table === 'invoices') {
    const currencies = [...new Set(Object.values(lake).flatMap((rows) => rows.map((r) => String(r.currency))))].sort();
    return { columns: TABLE_COLUMNS.invoices!, rows: currencies.map((currency) => ({ currency })) };
  }
  if (table === 'report_dates') {
    const asked = new Set<string>();
    for (let i = 0; i < values.length; i += 2) asked.add(`${values[i]}/${values[i + 1]}`);
    return { columns: TABLE_COLUMNS.report_dates!, rows: reportDates.filter((d) => asked.has(`${d.as_of}/${d.period_from}`)) };
  }
  const columns = VIEW_COLUMNS.get(table);
  if (!columns) throw new Error(`no such view in sql/views: ${table}`);
  // The filter's order: as_of, period_from, then currency and country when the query has them.
  const names = ['as_of', 'period_from', ...(sql.includes('currency = ?') ? ['currency'] : []), ...(sql.includes('country = ?') ? ['country'] : [])];
  const rows = (lake[table] ?? []).filter((r) => names.every((n, i) => r[n] === undefined || r[n] === values[i]));
  return { columns: [...columns], rows };
}

function mockAthena() {
  const queries = new Map<string, { sql: string; params: readonly string[] }>();
  athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string; ExecutionParameters?: string[] }) => {
    const id = `q-${queries.size + 1}`;
    queries.set(id, { sql: input.QueryString, params: input.ExecutionParameters ?? [] });
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
  athena.on(GetQueryResultsCommand).callsFake((input: { QueryExecutionId: string }) => {
    const query = queries.get(input.QueryExecutionId)!;
    const { columns, rows } = answer(query.sql, query.params);
    const datum = (value: unknown) => (value === null || value === undefined ? {} : { VarCharValue: String(value) });
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ Name: c.name, Label: c.name, Type: c.type })) },
        Rows: [{ Data: columns.map((c) => ({ VarCharValue: c.name })) }, ...rows.map((r) => ({ Data: columns.map((c) => datum(r[c.name])) }))],
      },
    };
  });
}

let h: Awaited<ReturnType<typeof dynamoHarness>>;
let messageIds = 0;

function handlerAt(iso: string) {
  return createSendKpiDigestHandler({
    policy: new ActivePolicy(h.policies, fixedClock(iso), 0),
    lake: viewLake(new AthenaViewReader(new AthenaClient({ region: 'us-east-1' }), { workGroup: 'cobranza', database: 'cobranza_lake', sleep: async () => undefined })),
    ledger: new DynamoDbDigestLedger(h.dynamo.client, h.dynamo.tableNames.Accounts),
    email: new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), { from: 'Cobranza <reportes@ejemplo.mx>', configurationSetName: 'cobranza' }),
    clock: fixedClock(iso),
    dashboardUrl: 'https://quicksight.aws.amazon.com/sn/dashboards/cobranza',
    observability,
  });
}

async function setPolicy(reports: Partial<Policy['reports']>) {
  await h.policies.setActive({ ...defaultPolicy, reports: { ...defaultPolicy.reports, ...reports } } as Policy, 'test', MONDAY_0830);
}

const digestItem = async (sk: string) =>
  (await documentClient(h.dynamo.client).send(new GetCommand({ TableName: h.dynamo.tableNames.Accounts, Key: { pk: 'REPORTS', sk } }))).Item;
const sentTo = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0]);

beforeAll(async () => {
  h = await dynamoHarness();
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(async () => {
  // Each test starts with the Monday unclaimed.
  const doc = documentClient(h.dynamo.client);
  for (const sk of ['DIGEST#2026-12-07', ...RECIPIENTS.map((r) => `DIGEST#2026-12-07#TO#${r}`)]) {
    await doc.send(new DeleteCommand({ TableName: h.dynamo.tableNames.Accounts, Key: { pk: 'REPORTS', sk } }));
  }
  lake = portfolio();
  reportDates = [
    { as_of: NOW.asOf, period_from: NOW.from },
    { as_of: BEFORE.asOf, period_from: BEFORE.from },
  ];
  athena.reset();
  mockAthena();
  ses.reset();
  ses.on(SendEmailCommand).callsFake(() => ({ MessageId: `ses-${(messageIds += 1)}` }));
  await setPolicy({ timezone: 'America/Mexico_City', digest: { recipients: RECIPIENTS, weekday: 1, time: '08:00', locale: 'es-MX' } });
});

describe('send-kpi-digest', () => {
  it('does nothing, and asks Athena nothing, when the policy has no digest or it is not due', async () => {
    // 07:59 on the Monday
    expect(await handlerAt(MONDAY_0759)({}, context)).toEqual({ status: 'not-due' });
    // Tuesday 08:30
    expect(await handlerAt('2026-12-08T14:30:00.000Z')({}, context)).toEqual({ status: 'not-due' });
    await setPolicy({ digest: undefined });
    expect(await handlerAt(MONDAY_0830)({}, context)).toEqual({ status: 'no-digest' });

    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 0);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
    expect(await digestItem('DIGEST#2026-12-07')).toBeUndefined();
  });

  it('when due, emails every recipient once, with each currency’s figures of the last 30 days against the 30 before', async () => {
    const outcome = await handlerAt(MONDAY_0830)({}, context);
    expect(outcome).toMatchObject({ status: 'sent', day: '2026-12-07', sent: 2, currencies: ['COP', 'MXN'] });

    expect(sentTo()).toEqual(RECIPIENTS);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.FromEmailAddress).toBe('Cobranza <reportes@ejemplo.mx>');
    expect(input.ConfigurationSetName).toBe('cobranza');
    expect(input.Content?.Simple?.Subject?.Data).toBe('Ejemplo Corp: cobranza del 2026-11-07 al 2026-12-06');
    const text = input.Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain('Indicadores de cobranza del 2026-11-07 al 2026-12-06, comparados con el 2026-10-08 al 2026-11-06.');
    expect(text).toContain('Cartera abierta: $4,850.00 (antes: $4,650.00)');
    expect(text).toContain('Cobrado: $900.00 (antes: $1,200.00)');
    // overdue = 1-30 + 90+ = 115000 + 230000
    expect(text).toContain('Vencido: $3,450.00');
    expect(text).toContain('DSO (días): 107.39 (antes: 96.44)');
    expect(text).toContain('Promesas cumplidas: 50 %');
    expect(text).toContain('Beta SA de CV (A2): $2,300.00');
    expect(text).toContain('== COP ==');
    const html = input.Content!.Simple!.Body!.Html!.Data!;
    expect(html).toContain('Acme &#38; Hijos');
    expect(html).toContain('href="https://quicksight.aws.amazon.com/sn/dashboards/cobranza"');

    // The KPI views were asked for the digest's periods, by parameter.
    const summaryCalls = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input).filter((i) => /FROM kpi_summary /.test(i.QueryString!));
    expect(summaryCalls.map((i) => i.ExecutionParameters)).toEqual(
      expect.arrayContaining([
        ["'2026-12-06'", "'2026-11-07'", "'MXN'", "'ALL'"],
        ["'2026-11-06'", "'2026-10-08'", "'MXN'", "'ALL'"],
      ]),
    );
    expect(summaryCalls.every((i) => i.WorkGroup === 'cobranza' && i.QueryExecutionContext?.Database === 'cobranza_lake')).toBe(true);
    expect(await digestItem('DIGEST#2026-12-07')).toMatchObject({ status: 'sent', sent: 2 });
  });

  it('a second run the same day (a retry, the next hour) sends nothing and queries nothing', async () => {
    await handlerAt(MONDAY_0830)({}, context);
    athena.resetHistory();
    ses.resetHistory();

    expect(await handlerAt(MONDAY_0830)({}, context)).toEqual({ status: 'claimed', day: '2026-12-07' });
    expect(await handlerAt(MONDAY_0930)({}, context)).toEqual({ status: 'claimed', day: '2026-12-07' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 0);
  });

  it('when sending fails, gives the day back: the next hour sends to whoever did not get it, and only to them', async () => {
    ses
      .on(SendEmailCommand)
      .resolvesOnce({ MessageId: 'ses-a' })
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} }))
      .resolves({ MessageId: 'ses-b' });

    await expect(handlerAt(MONDAY_0830)({}, context)).rejects.toThrow('Maximum sending rate exceeded');
    expect(await digestItem('DIGEST#2026-12-07')).toBeUndefined();
    expect(sentTo()).toEqual(RECIPIENTS);

    ses.resetHistory();
    expect(await handlerAt(MONDAY_0930)({}, context)).toMatchObject({ status: 'sent', sent: 1, alreadySent: 1 });
    expect(sentTo()).toEqual(['tesoreria@ejemplo.mx']);
    expect(await digestItem('DIGEST#2026-12-07')).toMatchObject({ status: 'sent', sent: 2 });
  });

  it('a failed Athena query sends nothing and gives the day back', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'Insufficient permissions to execute the query.' } } });
    await expect(handlerAt(MONDAY_0830)({}, context)).rejects.toThrow('Insufficient permissions to execute the query.');
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
    expect(await digestItem('DIGEST#2026-12-07')).toBeUndefined();
  });

  it('waits for a lake curated with the digest periods: nothing sent, the day not taken, until it is there', async () => {
    reportDates = [];
    expect(await handlerAt(MONDAY_0830)({}, context)).toEqual({ status: 'lake-not-ready', day: '2026-12-07' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
    expect(await digestItem('DIGEST#2026-12-07')).toBeUndefined();

    reportDates = [
      { as_of: NOW.asOf, period_from: NOW.from },
      { as_of: BEFORE.asOf, period_from: BEFORE.from },
    ];
    expect(await handlerAt(MONDAY_0930)({}, context)).toMatchObject({ status: 'sent', sent: 2 });
  });

  it('takes over a claim whose run died (still sending after 15 minutes), not a fresh one', async () => {
    const doc = documentClient(h.dynamo.client);
    const claim = (claimedAt: string) =>
      doc.send(new PutCommand({ TableName: h.dynamo.tableNames.Accounts, Item: { pk: 'REPORTS', sk: 'DIGEST#2026-12-07', status: 'sending', token: 'dead', claimedAt } }));
    await claim('2026-12-07T14:20:00.000Z');
    expect(await handlerAt(MONDAY_0830)({}, context)).toEqual({ status: 'claimed', day: '2026-12-07' });
    await claim('2026-12-07T14:10:00.000Z');
    expect(await handlerAt(MONDAY_0830)({}, context)).toMatchObject({ status: 'sent', sent: 2 });
  });

  it("is written in the digest's locale", async () => {
    await setPolicy({ timezone: 'America/Mexico_City', digest: { recipients: ['cfo@ejemplo.mx'], weekday: 1, time: '08:00', locale: 'en-US' } });
    await handlerAt(MONDAY_0830)({}, context);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Simple?.Subject?.Data).toBe('Ejemplo Corp: collections 2026-11-07 to 2026-12-06');
    expect(input.Content?.Simple?.Body?.Text?.Data).toContain('Open AR: MX$4,850.00 (before: MX$4,650.00)');
  });

  it('with no invoices in the lake, sends nothing and is done for the day', async () => {
    lake = {};
    expect(await handlerAt(MONDAY_0830)({}, context)).toEqual({ status: 'no-invoices', day: '2026-12-07' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
    expect(await digestItem('DIGEST#2026-12-07')).toMatchObject({ status: 'sent', sent: 0 });
  });
});
