import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReconcileStatementHandler } from '../../functions/reconcile-statement/app.js';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EmailMessage, PlanRequest } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { acceptAll, context, dynamoHarness, fixedClock, observability, stored, objectCreated } from './harness.js';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let handler: ReturnType<typeof createReconcileStatementHandler>;
let payments: DynamoDbPaymentStore;
const STATEMENT = readFileSync(new URL('../../examples/statements/estado-cuenta-2026-11.csv', import.meta.url));
/** A real public camt.053 (two statements; the first has one credit of EUR 8.85, opening 18.15, closing 27.00). */
const CAMT = readFileSync(new URL('../fixtures/payments/bank/genkgo_camt053.v2.multi.statement.xml', import.meta.url), 'utf8');
const MT940 = readFileSync(new URL('../fixtures/payments/bank/mt940_mbank_soh_etx.sta', import.meta.url));
/** What GetObject returns: the bytes, in chunks of `chunk` bytes (S3 streams a big object in pieces). */
let body: { bytes: Buffer; chunk: number } = { bytes: STATEMENT, chunk: Infinity };
/** Reports written under `reports/`, kept across the tests like a bucket. */
const reports = new Map<string, string>();

/** The fixture's one credit entry (lines 66–110), given a bank reference. */
function creditEntry(reference: string): string {
  const start = CAMT.indexOf('            <Ntry>');
  const entry = CAMT.slice(start, CAMT.indexOf('</Ntry>', start) + '</Ntry>'.length);
  return entry.replace('<Sts>BOOK</Sts>', `<Sts>BOOK</Sts>\n                <AcctSvcrRef>${reference}</AcctSvcrRef>`);
}

/** The fixture with its first statement's entry replaced by `entries` and that statement's closing balance. */
function camtWith(entries: readonly string[], closing: string): string {
  const start = CAMT.indexOf('            <Ntry>');
  const end = CAMT.indexOf('</Ntry>', start) + '</Ntry>'.length;
  return (CAMT.slice(0, start) + entries.join('\n') + CAMT.slice(end)).replace('<Amt Ccy="EUR">27.00</Amt>', `<Amt Ccy="EUR">${closing}</Amt>`);
}

/** 1-based line of the n-th (1-based) occurrence of `needle`. */
function lineOf(text: string, needle: string, nth = 1): number {
  let index = -1;
  for (let i = 0; i < nth; i += 1) index = text.indexOf(needle, index + 1);
  return text.slice(0, index).split('\n').length;
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  if (!Number.isFinite(size)) return [bytes];
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}


beforeAll(async () => {
  h = await dynamoHarness();
  const clock = fixedClock('2026-11-27T15:00:00Z');
  const client = new SQSClient({ region: 'us-east-1' });
  payments = new DynamoDbPaymentStore(h.dynamo.client, h.dynamo.tableNames.Accounts);
  handler = createReconcileStatementHandler({
    store: h.store,
    payments,
    log: h.log,
    planning: new SqsQueue<PlanRequest>(client, 'https://sqs/planning'),
    emailQueue: new SqsQueue<EmailMessage>(client, 'https://sqs/email'),
    alerts: new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), 'arn:aws:sns:us-east-1:123456789012:finance'),
    policy: new ActivePolicy(h.policies, clock),
    files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
    clock,
    observability,
  });
  await h.store.putAccounts([
    stored({ accountId: 'C-1001', name: 'Abarrotes La Esperanza SA de CV', taxId: 'ALE950314AB1', email: 'cobranza@abarroteslaesperanza.example.com', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' }),
  ]);
  await h.store.putInvoices([
    stored({ accountId: 'C-1001', invoiceNumber: 'F-2026-0934', currency: 'MXN', amount: 928_000, balance: 928_000, dueDate: '2026-09-17', status: 'open' as const }),
  ]);
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  s3.reset();
  body = { bytes: STATEMENT, chunk: Infinity };
  // Statements are the test's `body`; reports are what the handler wrote (none at first: NoSuchKey).
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    if (!input.Key.startsWith('reports/')) return { Body: Readable.from(chunks(body.bytes, body.chunk)) };
    const report = reports.get(input.Key);
    if (report === undefined) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return { Body: { transformToString: async () => report } };
  });
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
    reports.set(input.Key, input.Body);
    return {};
  });
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  sns.reset();
  sns.on(PublishCommand).resolves({});
});

describe('reconcile-statement handler', () => {
  it('reads the statement (currency from its folder), applies the clear payment, reports the rest, writes the report beside it', async () => {
    const report = await handler(objectCreated('statements/MXN/estado+cuenta.csv'), context);

    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'files', Key: 'statements/MXN/estado cuenta.csv' });
    expect(report).toMatchObject({ format: 'csv', lines: 7, payments: 5, duplicates: 0 });
    expect(report.applied + report.partial + report.exceptions).toBe(5);
    expect(report.rejected).toEqual([{ line: 11, reason: expect.stringContaining('1O,OOO.00') as string }]);
    expect(await h.store.getInvoice({ accountId: 'C-1001', invoiceNumber: 'F-2026-0934' })).toMatchObject({ balance: 0, status: 'paid' });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'reports/statements/MXN/estado cuenta.csv.json', ContentType: 'application/json' });
    // Unplaceable credits alert finance.
    expect(sns).toHaveReceivedCommand(PublishCommand);
  });

  it('reports every payment as a duplicate the second time', async () => {
    const report = await handler(objectCreated('statements/MXN/estado+cuenta.csv'), context);
    expect(report).toMatchObject({ payments: 5, duplicates: 5, applied: 0, exceptions: 0 });
  });

  it('without a currency for a CSV export, rejects the credit lines with the reason instead of guessing', async () => {
    const report = await handler(objectCreated('statements/estado.csv'), context);
    expect(report.payments).toBe(0);
    expect(report.rejected.filter((r) => /currency/.test(r.reason))).toHaveLength(5);
  });

  it('a camt.053 streamed in small pieces: three unplaceable credits are ONE finance alert with the count and total; a re-run raises none', async () => {
    // 18.15 opening + 3 × 8.85 = 44.70 closing: the statement adds up.
    const text = camtWith([creditEntry('DIG-1'), creditEntry('DIG-2'), creditEntry('DIG-3')], '44.70');
    body = { bytes: Buffer.from(text), chunk: 7 };
    const report = await handler(objectCreated('statements/camt-digest.xml'), context);
    expect(report).toMatchObject({ format: 'camt053', lines: 4, payments: 3, exceptions: 3, applied: 0, duplicates: 0, rejected: [], warnings: [] });
    const entries = [1, 2, 3].map((n) => lineOf(text, '<Ntry>', n));
    expect(report.exceptionPayments.map(({ line, amount, currency }) => [line, amount, currency])).toEqual(entries.map((line) => [line, 885, 'EUR']));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const published = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(published?.Subject).toBe('Statement camt-digest.xml: 3 payments to review (26.55 EUR)');
    expect(published?.Message).toContain('reports/statements/camt-digest.xml.json');
    expect(published?.Message).toContain('cobranza exceptions');
    expect(published?.Message).toContain(`line ${entries[2]}: 8.85 EUR`);
    expect(published?.MessageAttributes?.['kind']?.StringValue).toBe('payment.exceptions');

    sns.resetHistory();
    const again = await handler(objectCreated('statements/camt-digest.xml'), context);
    expect(again).toMatchObject({ payments: 3, duplicates: 3, exceptions: 0, exceptionPayments: [] });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('the same entry twice in a camt.053 (same AcctSvcrRef) is one payment and a duplicate with both lines', async () => {
    const text = camtWith([creditEntry('TWICE-1'), creditEntry('TWICE-1'), creditEntry('TWICE-2')], '44.70');
    body = { bytes: Buffer.from(text), chunk: 4096 };
    const report = await handler(objectCreated('statements/camt-twice.xml'), context);
    const [first, second, third] = [1, 2, 3].map((n) => lineOf(text, '<Ntry>', n));
    // Two different credits of the same amount and date (TWICE-1, TWICE-2) are two payments.
    expect(report).toMatchObject({ payments: 2, duplicates: 1, exceptions: 2 });
    expect(report.duplicatesInFile).toEqual([{ line: second, firstLine: first, paymentId: report.exceptionPayments[0]?.paymentId }]);
    expect(report.exceptionPayments.map((held) => held.line)).toEqual([first, third]);
    expect(report.warnings).toContainEqual({ line: second, reason: `the same entry as line ${first} (bank reference TWICE-1): counted once, not a second payment` });
  });

  it('a camt.053 cut short after its first entry is rejected with the line, and nothing of it is applied', async () => {
    const text = camtWith([creditEntry('CUT-1')], '27.00');
    const cut = text.slice(0, text.indexOf('</Stmt>') + '</Stmt>'.length);
    body = { bytes: Buffer.from(cut), chunk: 64 };
    const report = await handler(objectCreated('statements/camt-cut.xml'), context);
    expect(report).toMatchObject({ format: 'camt053', payments: 0, applied: 0, exceptions: 0 });
    expect(report.rejected).toEqual([{ line: null, reason: expect.stringMatching(/^not well-formed XML \(line \d+, column \d+\): .*truncated/) as string }]);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('an MT940 without its closing balance (:62F:) is rejected as cut short, nothing applied', async () => {
    // mBank sample: :60F: at line 5, :62F: at line 24. Cut just before the closing balance.
    const text = MT940.toString('latin1');
    body = { bytes: Buffer.from(text.slice(0, text.indexOf(':62F:')), 'latin1'), chunk: Infinity };
    const report = await handler(objectCreated('statements/mt940-cut.sta'), context);
    expect(report).toMatchObject({ format: null, payments: 0, applied: 0, exceptions: 0 });
    expect(report.rejected).toEqual([{ line: null, reason: expect.stringContaining('opening balance is at line 5 has no closing balance (:62F:): the file was cut short') as string }]);
  });

  it('two lines paying the same invoice, applied concurrently: the invoice is paid once, the second waits for a person', async () => {
    await h.store.putInvoices([
      stored({ accountId: 'C-1001', invoiceNumber: 'F-2026-0950', currency: 'EUR', amount: 885, balance: 885, dueDate: '2026-11-01', status: 'open' as const }),
    ]);
    const paying = (reference: string): string => creditEntry(reference).replace('Transaction Description 1', 'Pago factura F-2026-0950');
    body = { bytes: Buffer.from(camtWith([paying('SAME-INV-1'), paying('SAME-INV-2')], '35.85')), chunk: Infinity };
    const report = await handler(objectCreated('statements/camt-same-invoice.xml'), context);
    // 18.15 + 2 × 8.85 = 35.85. One of the two pays the EUR 8.85 invoice; the other has nothing left to pay.
    expect(report).toMatchObject({ payments: 2, applied: 1, exceptions: 1, warnings: [] });
    expect(await h.store.getInvoice({ accountId: 'C-1001', invoiceNumber: 'F-2026-0950' })).toMatchObject({ balance: 0, status: 'paid' });
    const held = await payments.getPayment(report.exceptionPayments[0]?.paymentId ?? '');
    expect(held).toMatchObject({ status: 'exception', applications: [] });
  });

  it('a run that stopped before its alert (no report written): the retry alerts what that run held for this file, once', async () => {
    const text = camtWith([creditEntry('STOP-1'), creditEntry('STOP-2')], '35.85');
    body = { bytes: Buffer.from(text), chunk: Infinity };
    // The first run holds both payments; then it "stops" before its alert: its report is taken away
    // and its alert forgotten, as if the Lambda had timed out between holding and alerting.
    await handler(objectCreated('statements/camt-stopped.xml'), context);
    reports.delete('reports/statements/camt-stopped.xml.json');
    sns.resetHistory();

    const retry = await handler(objectCreated('statements/camt-stopped.xml'), context);
    expect(retry).toMatchObject({ payments: 2, duplicates: 2, exceptions: 0 });
    expect(retry.exceptionPayments).toHaveLength(2);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBe('Statement camt-stopped.xml: 2 payments to review (17.70 EUR)');

    // The retry finished (its report is there): a further re-run alerts nothing.
    sns.resetHistory();
    await handler(objectCreated('statements/camt-stopped.xml'), context);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });
});
