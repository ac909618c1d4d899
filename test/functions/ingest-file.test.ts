import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIngestFileHandler } from '../../functions/ingest-file/app.js';
import { DynamoDbTaskStore } from '../../shared/adapters/aws/dynamodb-task-store.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { PlanRequest } from '../../shared/domain/types.js';
import { acceptAll, context, dynamoHarness, fixedClock, observability, objectCreated } from './harness.js';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/planning';
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let handler: ReturnType<typeof createIngestFileHandler>;

const CSV = [
  'Folio;Código Cliente;Razón Social;Correo;País;Moneda;Importe;Fecha Vencimiento',
  'F-1;MX-100;Ferretería del Norte;pagos@ferreteria.example.com;MX;MXN;"12,345.67";01/12/2026',
  'F-2;MX-100;Ferretería del Norte;pagos@ferreteria.example.com;MX;MXN;"800.00";10/12/2026',
  'F-3;MX-200;Abarrotes Lupita;no-es-un-correo;MX;MXN;"99.50";15/12/2026',
  'F-4;MX-300;Sin Fecha;x@example.com;MX;MXN;"10.00";',
].join('\n');


beforeAll(async () => {
  h = await dynamoHarness();
  handler = createIngestFileHandler({
    store: h.store,
    log: h.log,
    files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
    planning: new SqsQueue<PlanRequest>(new SQSClient({ region: 'us-east-1' }), QUEUE_URL),
    clock: fixedClock('2026-11-23T14:00:00Z'),
    observability,
  });
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  s3.reset();
  sqs.reset();
  s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(CSV, 'utf8')]) }));
  s3.on(PutObjectCommand).resolves({});
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
});

describe('ingest-file handler', () => {
  it('reads the object under its decoded key, writes the report beside it and queues planning for new invoices', async () => {
    const report = await handler(objectCreated('invoices/cartera+noviembre.csv'), context);

    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'files', Key: 'invoices/cartera noviembre.csv' });
    expect(report).toMatchObject({ rows: 4, accepted: 3, created: 3, updated: 0, unchanged: 0 });
    expect(report.rejected).toEqual([{ line: 5, reason: expect.stringMatching(/due/i) }]);
    expect(report.warnings).toEqual([{ line: 4, reason: expect.stringMatching(/email/i) }]);

    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'files',
      Key: 'reports/invoices/cartera noviembre.csv.json',
      ContentType: 'application/json',
    });
    const body = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body));
    expect(body).toEqual(report);

    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URL });
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(sent.map((e) => JSON.parse(e.MessageBody!).invoiceNumber).sort()).toEqual(['F-1', 'F-2', 'F-3']);
    expect(JSON.parse(sent[0]!.MessageBody!)).toMatchObject({ change: 'created', source: { file: 'invoices/cartera noviembre.csv' } });

    const f3 = await h.store.getInvoice({ accountId: 'MX-200', invoiceNumber: 'F-3' });
    expect(f3).toMatchObject({ amount: 9950, balance: 9950, currency: 'MXN', dueDate: '2026-12-15', status: 'open' });
    expect((await h.store.getAccount('MX-200'))?.email).toBeUndefined();
  });

  it('writes nothing and queues only the planning still owed when the same file arrives again', async () => {
    const report = await handler(objectCreated('invoices/cartera+noviembre.csv'), context);
    expect(report).toMatchObject({ rows: 4, accepted: 3, created: 0, updated: 0, unchanged: 3 });
    // Nobody planned them in this test (no planner ran), so the planning debt is re-queued, not the data.
    expect(sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? [])).toHaveLength(3);
    await h.store.markPlanned({ accountId: 'MX-100', invoiceNumber: 'F-1' }, (await h.store.getInvoice({ accountId: 'MX-100', invoiceNumber: 'F-1' }))!.contentHash);
    sqs.resetHistory();
    await handler(objectCreated('invoices/cartera+noviembre.csv'), context);
    expect(sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? [])).toHaveLength(2);
  });

  it('rejects a file with no recognisable header in its report and writes no invoice', async () => {
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from('foo,bar\n1,2\n')]) }));
    const report = await handler(objectCreated('invoices/otra-cosa.csv'), context);
    expect(report).toMatchObject({ rows: 0, accepted: 0 });
    expect(report.rejected).toEqual([{ line: null, reason: expect.stringMatching(/header/i) }]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'reports/invoices/otra-cosa.csv.json' });
  });
});

describe('ingest-file: due dates that look like typing mistakes', () => {
  const ODD = [
    'Folio;Código Cliente;Razón Social;Correo;País;Moneda;Importe;Fecha Vencimiento',
    'Z-1;MX-900;Sin Fecha Real;cxp@z.example.com;MX;MXN;"5,000.00";01/01/1900',
    'Z-2;MX-900;Sin Fecha Real;cxp@z.example.com;MX;MXN;"100.00";15/12/2026',
    'Z-3;MX-900;Sin Fecha Real;cxp@z.example.com;MX;MXN;"100.00";15/12/2031',
  ].join('\n');

  it('loads them with a warning and one review task for a person (the planner plans nothing for them: planner.test.ts)', async () => {
    const tasks = new DynamoDbTaskStore(h.dynamo.client, h.dynamo.tableNames.Accounts);
    const withTasks = createIngestFileHandler({
      store: h.store,
      log: h.log,
      files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
      planning: new SqsQueue<PlanRequest>(new SQSClient({ region: 'us-east-1' }), QUEUE_URL),
      tasks,
      clock: fixedClock('2026-11-23T14:00:00Z'),
      observability,
    });
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(ODD, 'utf8')]) }));

    const report = await withTasks(objectCreated('invoices/odd.csv'), context);
    expect(report).toMatchObject({ rows: 3, accepted: 3, rejected: [] });
    expect(report.warnings).toEqual([
      { line: 2, reason: 'invoice Z-1: due date 1900-01-01 is before 2000-01-01; loaded for a person to check, no automatic reminders, letters or hand-off' },
      { line: 4, reason: 'invoice Z-3: due date 2031-12-15 is 1848 days ahead, more than 730; loaded for a person to check, no automatic reminders, letters or hand-off' },
    ]);
    expect((await h.store.getInvoice({ accountId: 'MX-900', invoiceNumber: 'Z-1' }))?.dateWarning).toBe('due date 1900-01-01 is before 2000-01-01');
    expect((await h.store.getInvoice({ accountId: 'MX-900', invoiceNumber: 'Z-2' }))?.dateWarning).toBeUndefined();
    const open = await tasks.listOpenTasks('MX-900');
    expect(open.map((t) => [t.type, t.text.split(':')[0]]).sort()).toEqual([
      ['review-invoice', 'Check invoice Z-1 (invoices/odd.csv line 2)'],
      ['review-invoice', 'Check invoice Z-3 (invoices/odd.csv line 4)'],
    ]);

    // The same file again: the same two tasks, not two more.
    await withTasks(objectCreated('invoices/odd.csv'), context);
    expect(await tasks.listOpenTasks('MX-900')).toHaveLength(2);

    // A corrected file: Z-1's real due date. Its warning and its task go; Z-3's stay.
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(ODD.replace('01/01/1900', '15/01/2027'), 'utf8')]) }));
    await withTasks(objectCreated('invoices/odd-fixed.csv'), context);
    expect((await h.store.getInvoice({ accountId: 'MX-900', invoiceNumber: 'Z-1' }))?.dateWarning).toBeUndefined();
    expect((await tasks.listOpenTasks('MX-900')).map((t) => t.text.split(':')[0])).toEqual(['Check invoice Z-3 (invoices/odd.csv line 4)']);
  });
});

describe('ingest-file: a later file with fewer columns never erases data', () => {
  const serve = (csv: string) => s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(csv, 'utf8')]) }));
  const FULL = [
    'Folio;Código Cliente;Razón Social;Correo;Teléfono;País;Moneda;Importe;Saldo;Fecha Vencimiento;Estado',
    'G-1;MX-500;Papelería Central;cobranza@papeleria.example.com;55 5123 4567;MX;MXN;1000.00;1000.00;15/12/2026;abierta',
    'G-2;MX-500;Papelería Central;cobranza@papeleria.example.com;55 5123 4567;MX;MXN;500.00;500.00;20/12/2026;abierta',
  ].join('\n');
  // A common ERP status export: no name, email, phone or country columns.
  const STATUS_ONLY = [
    'Folio;Código Cliente;Moneda;Importe;Saldo;Fecha Vencimiento;Estado',
    'G-1;MX-500;MXN;1000.00;0.00;15/12/2026;pagada',
    'G-2;MX-500;MXN;500.00;200.00;20/12/2026;abierta',
  ].join('\n');

  it('keeps name, email and phone; lands balance and status; the report names the fields changed', async () => {
    serve(FULL);
    expect(await handler(objectCreated('invoices/full.csv'), context)).toMatchObject({ created: 2, updated: 0 });
    const account = await h.store.getAccount('MX-500');

    serve(STATUS_ONLY);
    const report = await handler(objectCreated('invoices/status.csv'), context);
    expect(report).toMatchObject({ rows: 2, accepted: 2, created: 0, updated: 2, unchanged: 0, rejected: [] });
    expect(report.fieldsChanged).toEqual({ account: [], invoice: ['balance', 'status'] });

    expect(await h.store.getAccount('MX-500')).toEqual(account);
    expect(await h.store.getAccount('MX-500')).toMatchObject({
      name: 'Papelería Central',
      email: 'cobranza@papeleria.example.com',
      phone: '+525551234567',
      timezone: 'America/Mexico_City',
    });
    expect(await h.store.getInvoice({ accountId: 'MX-500', invoiceNumber: 'G-1' })).toMatchObject({ balance: 0, status: 'paid' });
    expect(await h.store.getInvoice({ accountId: 'MX-500', invoiceNumber: 'G-2' })).toMatchObject({ balance: 20000, status: 'open', amount: 50000 });

    // The same export again: the file says the same, so nothing is rewritten.
    const again = await handler(objectCreated('invoices/status.csv'), context);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.fieldsChanged).toEqual({ account: [], invoice: [] });
    // The full file again: it says the balances are owed in full and G-1 open again; name, email, phone unchanged.
    serve(FULL);
    const full = await handler(objectCreated('invoices/full.csv'), context);
    expect(full).toMatchObject({ updated: 2 });
    expect(full.fieldsChanged).toEqual({ account: [], invoice: ['balance', 'status'] });
  });

  it('stays unchanged for the same file after a payment we applied lowered the balance', async () => {
    serve(FULL.replaceAll('MX-500', 'MX-502'));
    await handler(objectCreated('invoices/full-502.csv'), context);
    const g2 = (await h.store.getInvoice({ accountId: 'MX-502', invoiceNumber: 'G-2' }))!;
    await h.store.putInvoices([{ ...g2, balance: 10000, appliedPaymentIds: ['p-1'] }]);
    expect(await handler(objectCreated('invoices/full-502.csv'), context)).toMatchObject({ updated: 0, unchanged: 2 });
    serve(STATUS_ONLY.replaceAll('MX-500', 'MX-502'));
    const report = await handler(objectCreated('invoices/status-502.csv'), context);
    // G-1 is paid per the file; G-2's merged result is what is stored (our lower balance wins): unchanged.
    expect(report).toMatchObject({ updated: 1, unchanged: 1 });
    // The export lags our cash application: 200.00 owed per the file, 100.00 per the payment applied.
    expect(await h.store.getInvoice({ accountId: 'MX-502', invoiceNumber: 'G-2' })).toMatchObject({ balance: 10000, status: 'open', appliedPaymentIds: ['p-1'] });
  });

  it('changes only the contact field a file gives, and reports it', async () => {
    serve(FULL.replaceAll('MX-500', 'MX-501'));
    await handler(objectCreated('invoices/full-501.csv'), context);
    serve(['Folio;Código Cliente;Correo;Moneda;Importe;Fecha Vencimiento', 'G-1;MX-501;nuevo@papeleria.example.com;MXN;1000.00;15/12/2026'].join('\n'));
    const report = await handler(objectCreated('invoices/emails.csv'), context);
    expect(report.fieldsChanged).toEqual({ account: ['email'], invoice: [] });
    // Its invoice row, with fewer columns, says what is stored: unchanged, not "updated".
    expect(report).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await h.store.getAccount('MX-501')).toMatchObject({ name: 'Papelería Central', email: 'nuevo@papeleria.example.com', phone: '+525551234567' });
  });
});

describe('ingest-file: one bad row never stops the file', () => {
  const serve = (csv: string) => s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(csv, 'utf8')]) }));
  const HEADER = 'Folio;Código Cliente;Razón Social;Moneda;Importe;Fecha Vencimiento';
  const good = (i: number) => `K-${i};MX-700;Refacciones Kilo;MXN;100.00;15/12/2026`;

  it('rejects a 1025-byte invoice number and a 2049-byte customer id by line and loads the 10 good rows', async () => {
    serve([HEADER, ...[1, 2, 3, 4, 5].map(good), `${'K'.repeat(1025)};MX-700;Refacciones Kilo;MXN;1.00;15/12/2026`, `K-99;${'M'.repeat(2049)};Otro;MXN;1.00;15/12/2026`, ...[6, 7, 8, 9, 10].map(good)].join('\n'));
    const report = await handler(objectCreated('invoices/long-ids.csv'), context);
    expect(report).toMatchObject({ rows: 12, accepted: 10, created: 10, rejectedCount: 2 });
    expect(report.rejected.map((r) => r.line)).toEqual([7, 8]);
    expect(report.rejected[0]!.reason).toMatch(/^invoice number 'K+…' is too long \(1025 characters\)/);
    expect(report.rejected[1]!.reason).toMatch(/^customer id 'M+…' is too long \(2049 characters\)/);
    expect(await h.store.listAccountInvoices('MX-700')).toHaveLength(10);
  });

  it('lists the first 1000 rejections and counts them all; a 900-junk-column warning stays short', async () => {
    const junk = Array.from({ length: 900 }, (_, i) => `;columna_sin_uso_${i}`).join('');
    const emptyJunk = ';'.repeat(900);
    const bad = (i: number) => `B-${i};MX-800;Sin Fecha;MXN;1.00;${emptyJunk}`;
    serve([`${HEADER}${junk}`, ...Array.from({ length: 1500 }, (_, i) => bad(i + 1)), `B-0;MX-800;Con Fecha;MXN;1.00;15/12/2026${emptyJunk}`].join('\n'));
    const report = await handler(objectCreated('invoices/many-bad.csv'), context);
    expect(report).toMatchObject({ rows: 1501, accepted: 1, rejectedCount: 1500 });
    expect(report.rejected).toHaveLength(1001);
    expect(report.rejected[999]).toEqual({ line: 1001, reason: 'missing due date' });
    expect(report.rejected[1000]).toEqual({ line: null, reason: '… and 500 more rejected rows (the first 1000 are listed)' });
    const ignored = report.warnings.find((w) => w.reason.startsWith('ignored columns'))!;
    expect(ignored.reason).toMatch(/^ignored columns \(not recognised\): 'columna_sin_uso_0', .*'columna_sin_uso_19' … and 880 more$/);
    expect(ignored.reason.length).toBeLessThan(500);
  });
});
