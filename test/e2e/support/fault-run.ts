import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { FaultInjector, type FaultKind } from '../../../infra/local/faults.js';
import { stripePayment, type SimulatedInvoice } from '../../../infra/local/payment-simulator.js';
import { Runtime } from '../../../infra/local/runtime.js';
import { CLAIM_LEASE_MS } from '../../../shared/usecases/payment-claim.js';

/**
 * One fault-injection run of the embedded runtime, shared by test/e2e/fault-injection.test.ts and
 * `npm run bench`: a generated portfolio is ingested, the clock walks `days` days (reminders go out,
 * a share of the invoices is paid by webhook, some deliveries twice, some concurrently) with faults
 * at every port, then faults are turned off, dead letters redriven and the queues drained. The
 * oracle is computed from the generated inputs (amounts, payments) and from what reached the
 * "providers" (the outbox and the injector's record of accepted calls), compared with the same
 * inputs run without faults (the control run): a fault may delay a message, never lose or repeat it.
 */
export interface FaultRunOptions {
  readonly dir: string;
  readonly invoices: number;
  readonly days: number;
  readonly seed: number;
  /** Probability of a fault at each port call (0: the control run). */
  readonly rate: number;
  /** Fault kinds to inject. @default every kind */
  readonly kinds?: readonly FaultKind[];
  readonly progress?: (line: string) => void;
}

export const START = new Date('2026-11-23T14:00:00Z');
const DAY = 86_400_000;
const FUNCTION_TIMEOUT_MS = 2_000;
const REDRIVE_ROUNDS = 2;

/** One generated invoice: what the oracle knows without asking the implementation. */
export interface GeneratedInvoice {
  readonly accountId: string;
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly amount: number;
  readonly dueDate: string;
}

/** A payment the run makes, decided from the invoice number alone. */
export interface PlannedPayment {
  readonly invoice: GeneratedInvoice;
  readonly amount: number;
  /** Day of the run (0-based) it is made on. */
  readonly day: number;
  /** How the provider delivers it: once, twice (a retry a day later), or twice at the same time. */
  readonly delivery: 'once' | 'twice' | 'concurrent';
}

export interface RunOutcome {
  readonly seconds: number;
  readonly injected: Record<FaultKind, number>;
  readonly injectedTotal: number;
  /** Idempotency keys the providers accepted, with the number of accepted calls each. */
  readonly accepted: ReadonlyMap<string, number>;
  /** message.sent lines per message id (the log). */
  readonly sentLines: ReadonlyMap<string, number>;
  /** Invoice number → balance, status and the payments applied, as the table says at the end. */
  readonly invoices: ReadonlyMap<string, { balance: number; status: string; appliedPaymentIds: readonly string[] }>;
  /** Payment id → amount and Σ applied, from the payment records. */
  readonly payments: ReadonlyMap<string, { amount: number; applied: number; status: string }>;
  /** Invoice number → how many reminder messages named it (outbox file contents: what the debtors read). */
  readonly named: ReadonlyMap<string, number>;
  /** Receipt message ids in the outbox (one per applied payment). */
  readonly receipts: ReadonlySet<string>;
  readonly deadLettersRedriven: number;
  readonly deadLettersLeft: number;
  /** The dead letters left after the redrive: queue and last error → how many. */
  readonly deadLetterErrors: Readonly<Record<string, number>>;
  readonly webhookRetries: number;
  readonly ingestRetries: number;
}

/** A deterministic portfolio: `count` invoices, 4 per account, Mexican customers on email, SMS or WhatsApp. */
export function generateInvoices(count: number): GeneratedInvoice[] {
  const invoices: GeneratedInvoice[] = [];
  for (let i = 0; i < count; i += 1) {
    const h = hash(`inv${i}`);
    // Due dates from 12 days before the start to 6 days before the end of a 20-day run.
    const due = new Date(START.getTime() + ((h % 26) - 12) * DAY);
    invoices.push({
      accountId: `FX-${String(Math.floor(i / 4)).padStart(5, '0')}`,
      invoiceNumber: `FI-${String(i + 1).padStart(6, '0')}`,
      currency: 'MXN',
      amount: 100_000 + (h % 4_900_000),
      dueDate: due.toISOString().slice(0, 10),
    });
  }
  return invoices;
}

export async function writeInvoiceCsv(path: string, invoices: readonly GeneratedInvoice[]): Promise<void> {
  const lines = ['Folio;No. Cliente;Razón Social;Correo;Teléfono;País;Moneda;Importe;Fecha Emisión;Fecha Vencimiento;Canales;Acepta WhatsApp'];
  for (const invoice of invoices) {
    const n = Number(invoice.accountId.slice(3));
    const channels = ['correo', 'sms, correo', 'whatsapp, correo'][n % 3]!;
    const phone = `55 ${String(1000 + (n % 9000)).padStart(4, '0')} ${String(1000 + ((n * 7) % 9000)).padStart(4, '0')}`;
    const issue = new Date(Date.parse(`${invoice.dueDate}T00:00:00Z`) - 30 * DAY);
    lines.push(
      [
        invoice.invoiceNumber,
        invoice.accountId,
        `Cliente ${n} SA de CV`,
        `pagos${n}@cliente${n}.example.com`,
        phone,
        'MX',
        invoice.currency,
        money(invoice.amount),
        ddmmyyyy(issue),
        ddmmyyyy(new Date(`${invoice.dueDate}T00:00:00Z`)),
        channels,
        n % 3 === 2 ? 'Sí' : 'No',
      ].join(';'),
    );
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** About 30% pay in full, 10% pay half, a few days around the due date; a fifth of them twice. */
export function planPayments(invoices: readonly GeneratedInvoice[], days: number): PlannedPayment[] {
  const payments: PlannedPayment[] = [];
  for (const invoice of invoices) {
    const h = hash(`pay${invoice.invoiceNumber}`);
    const share = h % 100;
    if (share >= 40) continue;
    const due = Math.round((Date.parse(`${invoice.dueDate}T00:00:00Z`) - Date.parse(START.toISOString().slice(0, 10))) / DAY);
    const day = Math.min(days - 2, Math.max(0, due + ((h >>> 8) % 9) - 2));
    const kind = (h >>> 16) % 10;
    payments.push({
      invoice,
      amount: share < 30 ? invoice.amount : Math.floor(invoice.amount / 2),
      day,
      delivery: kind < 1 ? 'concurrent' : kind < 2 ? 'twice' : 'once',
    });
  }
  return payments;
}

export async function runWithFaults(options: FaultRunOptions): Promise<RunOutcome> {
  const say = options.progress ?? (() => undefined);
  const started = performance.now();
  const invoices = generateInvoices(options.invoices);
  const payments = planPayments(invoices, options.days);
  await mkdir(options.dir, { recursive: true });
  const csv = join(options.dir, 'cartera-faults.csv');
  await writeInvoiceCsv(csv, invoices);

  const faults = new FaultInjector({ seed: options.seed, rate: options.rate, ...(options.kinds ? { kinds: options.kinds } : {}) });
  const dataDir = join(options.dir, 'data');
  // A short function timeout: an interrupted send's idempotency record stops being "in progress"
  // after 2 s of wall time (middy aborts a handler at its timeout, so not much less), as it would after the Lambda timeout on AWS (before SQS redelivers).
  // Payment claims are leases on the wall clock: a simulated day is more than a lease, so each day
  // moves this clock on by one (the day's stalled claims have ended) instead of sleeping for it.
  let skew = 0;
  const runtime = await Runtime.open({
    dataDir,
    now: START,
    inMemory: !process.env.KEEP_FAULTS_DIR,
    faults,
    functionTimeoutMs: FUNCTION_TIMEOUT_MS,
    leaseNow: () => Date.now() + skew,
  });
  let webhookRetries = 0;
  let ingestRetries = 0;
  let redriven = 0;
  try {
    // An S3 event is an asynchronous invoke: Lambda tries it three times, then the on-failure
    // destination's alarm has someone upload the file again (re-uploading changes nothing twice).
    for (let attempt = 1; ; attempt += 1) {
      try {
        const report = await runtime.ingest(csv);
        say(`ingest: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected`);
        break;
      } catch (error) {
        say(`ingest failed: ${String(error)}`);
        if (attempt >= 12) throw error;
        ingestRetries += 1;
      }
    }
    say(`ingested ${invoices.length} invoices (${faults.total} faults so far)`);
    const secrets = runtime.webhookSecrets;
    const byDay = new Map<number, PlannedPayment[]>();
    for (const p of payments) byDay.set(p.day, [...(byDay.get(p.day) ?? []), p]);
    const retriesTomorrow: PlannedPayment[] = [];
    const post = async (request: ReturnType<typeof stripePayment>) => {
      // A provider retries a webhook until it gets a 2xx (Stripe: for three days).
      for (let attempt = 1; attempt <= 20; attempt += 1) {
        const answer = await runtime.webhook(webhookEvent(request)).catch(() => ({ statusCode: 500 }));
        if ((answer.statusCode ?? 200) < 300) return;
        webhookRetries += 1;
      }
      throw new Error(`webhook for ${request.invoiceNumber} never accepted`);
    };
    for (let day = 0; day < options.days; day += 1) {
      await runtime.advance(DAY);
      const today = [...retriesTomorrow.splice(0), ...(byDay.get(day) ?? [])];
      for (const payment of today) {
        const request = stripePayment(simulated(payment), payment.amount, secrets, runtime.clock.now());
        if (payment.delivery === 'concurrent') await Promise.all([post(request), post(request)]);
        else await post(request);
        if (payment.delivery === 'twice' && payment.day === day) retriesTomorrow.push(payment);
      }
      // The dead-letter alarm is answered the same day: dead letters are redriven (faults still on)
      // once the interrupted functions' idempotency records have expired. A message that stays
      // dead all day would be stale (dispatch drops reminders more than 48 h late).
      skew += CLAIM_LEASE_MS;
      for (let round = 0; round < REDRIVE_ROUNDS && runtime.deadLetters() > 0; round += 1) {
        await sleep(FUNCTION_TIMEOUT_MS + 50);
        redriven += await runtime.redriveDeadLetters();
      }
      say(`day ${day + 1}/${options.days}: ${faults.total} faults injected, ${redriven} dead letters redriven so far`);
    }
    // Faults off: the system settles. Dead letters go back to their queues (redrive), then drain.
    faults.enabled = false;
    skew += CLAIM_LEASE_MS;
    await sleep(FUNCTION_TIMEOUT_MS + 50);
    redriven += await runtime.redriveDeadLetters();
    await runtime.advance(DAY);
    say(`settled: ${redriven} dead letters redriven`);

    const tables = await runtime.tableItems();
    const sentLines = new Map<string, number>();
    for (const line of tables.interactions) {
      if (line.type !== 'message.sent') continue;
      const id = String(line.reminderId);
      sentLines.set(id, (sentLines.get(id) ?? 0) + 1);
    }
    const invoiceState = new Map<string, { balance: number; status: string; appliedPaymentIds: readonly string[] }>();
    const paymentState = new Map<string, { amount: number; applied: number; status: string }>();
    for (const item of tables.accounts) {
      if (String(item.sk).startsWith('INVOICE#')) {
        invoiceState.set(String(item.invoiceNumber), { balance: Number(item.balance), status: String(item.status), appliedPaymentIds: (item.appliedPaymentIds as string[] | undefined) ?? [] });
      } else if (item.sk === 'PAYMENT' && item.payment) {
        const payment = item.payment as { paymentId: string; amount: number };
        const applications = (item.applications as { amount: number }[] | undefined) ?? [];
        paymentState.set(payment.paymentId, { amount: payment.amount, applied: applications.reduce((sum, a) => sum + a.amount, 0), status: String(item.status) });
      }
    }
    const deadLettersLeft = runtime.deadLetters();
    return {
      seconds: (performance.now() - started) / 1000,
      injected: { ...faults.injected },
      injectedTotal: faults.total,
      accepted: new Map([...faults.accepted].map(([key, value]) => [key, value.calls])),
      sentLines,
      invoices: invoiceState,
      payments: paymentState,
      ...(await namedInOutbox(join(dataDir, 'outbox'), invoices)),
      deadLettersRedriven: redriven,
      deadLettersLeft,
      deadLetterErrors: await deadLetterErrors(runtime.layout.deadLetterDir),
      webhookRetries,
      ingestRetries,
    };
  } finally {
    await runtime.close();
  }
}

/** What the oracle finds wrong in a faulty run, given the control run of the same inputs. */
export interface FaultVerdict {
  /** Invoices the control run named in a reminder that no reminder of the faulty run named, plus receipts of the control run missing. */
  readonly lost: number;
  /** Provider calls beyond the first for one message id, plus `extra`. */
  readonly duplicates: number;
  /** Receipts the control run did not send. */
  readonly extra: number;
  /** Σ over invoices of |messages naming it − the control run's|: how far the faults moved things (not a failure by itself). */
  readonly namedDifference: number;
  /** Provider calls beyond the first for one message id (what SES / SMS / WhatsApp would send twice; the local outbox keeps one file per id). */
  readonly providerRepeats: number;
  /** Sent messages without exactly one `message.sent` line: `unloggedSends` + `duplicateLogLines`. */
  readonly missingLogLines: number;
  /** Messages a provider accepted that have no `message.sent` at all. */
  readonly unloggedSends: number;
  /** `message.sent` lines beyond the first for one message id. */
  readonly duplicateLogLines: number;
  /** Invoices whose balance is not amount − Σ its payments (from the generated inputs). */
  readonly balanceMismatches: number;
  /** A payment applied twice to one invoice, or Σ applied > its amount. */
  readonly doubleApplications: number;
  /** Unpaid invoices (by the inputs) due well inside the run that no message named. */
  readonly unreminded: number;
  readonly examples: readonly string[];
}

export function judge(run: RunOutcome, control: RunOutcome, invoices: readonly GeneratedInvoice[], payments: readonly PlannedPayment[], days: number): FaultVerdict {
  const examples: string[] = [];
  const note = (line: string) => void (examples.length < 20 && examples.push(line));
  // Faults change the order messages go out in, so which reminders merge into one message (and
  // what the caps then defer) may differ from the control run: per invoice, a reminder is lost
  // when the control run named an unpaid invoice in a message and the faulty run never did; receipts are
  // one per payment, so each one of the control run must be there.
  const paid = new Map<string, number>();
  for (const p of payments) paid.set(p.invoice.invoiceNumber, (paid.get(p.invoice.invoiceNumber) ?? 0) + p.amount);
  let lost = 0;
  let namedDifference = 0;
  for (const invoice of invoices) {
    const want = control.named.get(invoice.invoiceNumber) ?? 0;
    const got = run.named.get(invoice.invoiceNumber) ?? 0;
    namedDifference += Math.abs(want - got);
    // A paid invoice's reminder that a fault delayed past the payment is rightly never sent.
    if (want > 0 && got === 0 && !paid.has(invoice.invoiceNumber)) {
      lost += 1;
      note(`lost: ${invoice.invoiceNumber} named in no message, ${want} without faults`);
    }
  }
  for (const key of control.receipts) {
    if (!run.receipts.has(key)) {
      lost += 1;
      note(`lost: ${key}`);
    }
  }
  const extra = [...run.receipts].filter((key) => !control.receipts.has(key)).length;
  let repeated = 0;
  for (const [key, calls] of run.accepted) {
    if (calls > 1) {
      repeated += calls - 1;
      note(`provider called ${calls}× for ${key}`);
    }
  }
  let unloggedSends = 0;
  let duplicateLogLines = 0;
  for (const key of run.accepted.keys()) {
    const lines = run.sentLines.get(key) ?? 0;
    if (lines === 0) unloggedSends += 1;
    if (lines > 1) duplicateLogLines += lines - 1;
    if (lines !== 1) note(`log: ${lines} message.sent for ${key}`);
  }
  const missingLogLines = unloggedSends + duplicateLogLines;

  let balanceMismatches = 0;
  let doubleApplications = 0;
  for (const invoice of invoices) {
    const state = run.invoices.get(invoice.invoiceNumber);
    const expected = Math.max(0, invoice.amount - (paid.get(invoice.invoiceNumber) ?? 0));
    if (!state || state.balance !== expected) {
      balanceMismatches += 1;
      note(`balance ${invoice.invoiceNumber}: ${state?.balance} ≠ ${expected}`);
    }
    if (state && new Set(state.appliedPaymentIds).size !== state.appliedPaymentIds.length) {
      doubleApplications += 1;
      note(`applied twice to ${invoice.invoiceNumber}`);
    }
  }
  for (const [id, p] of run.payments) {
    if (p.applied > p.amount) {
      doubleApplications += 1;
      note(`payment ${id}: applied ${p.applied} > ${p.amount}`);
    }
  }

  // Cadence -5/0/+3/+7 days: an invoice still unpaid three days after its due date, inside the run, was named in some message.
  const end = START.getTime() + days * DAY;
  let unreminded = 0;
  for (const invoice of invoices) {
    const due = Date.parse(`${invoice.dueDate}T00:00:00Z`);
    if (paid.has(invoice.invoiceNumber) || due - 5 * DAY < START.getTime() || due + 4 * DAY > end) continue;
    if (!run.named.get(invoice.invoiceNumber)) {
      unreminded += 1;
      note(`never named: ${invoice.invoiceNumber}`);
    }
  }
  return { lost, duplicates: repeated + extra, providerRepeats: repeated, extra, namedDifference, missingLogLines, unloggedSends, duplicateLogLines, balanceMismatches, doubleApplications, unreminded, examples };
}

async function namedInOutbox(outbox: string, invoices: readonly GeneratedInvoice[]): Promise<{ named: Map<string, number>; receipts: Set<string> }> {
  const wanted = new Set(invoices.map((i) => i.invoiceNumber));
  const named = new Map<string, number>();
  const receipts = new Set<string>();
  for (const channel of ['email', 'sms', 'whatsapp']) {
    const dir = join(outbox, channel);
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files) {
      // `<date>_<message id>.<ext>`: a receipt's id is per payment, a reminder's per message.
      const key = file.replace(/^[^_]*_/, '').replace(/\.[a-z]+$/, '');
      if (key.startsWith('receipt-')) {
        receipts.add(key);
        continue;
      }
      const text = await readFile(join(dir, file), 'utf8');
      for (const number of new Set(text.match(/FI-\d{6}/g) ?? [])) if (wanted.has(number)) named.set(number, (named.get(number) ?? 0) + 1);
    }
  }
  return { named, receipts };
}

async function deadLetterErrors(dir: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n').filter(Boolean)) {
      const letter = JSON.parse(line) as { queue: string; lastError: string };
      const key = `${letter.queue}: ${letter.lastError.slice(0, 120)}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

function simulated(payment: PlannedPayment): SimulatedInvoice {
  const { invoice } = payment;
  return { accountId: invoice.accountId, invoiceNumber: invoice.invoiceNumber, currency: invoice.currency, balance: invoice.amount, dueDate: invoice.dueDate };
}

/** The API Gateway HTTP API v2 event the local server builds for `POST /webhooks/{provider}`. */
function webhookEvent(request: ReturnType<typeof stripePayment>): APIGatewayProxyEventV2 {
  const path = `/webhooks/${request.provider}`;
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/{provider}',
    rawPath: path,
    rawQueryString: '',
    headers: request.headers,
    pathParameters: { provider: request.provider },
    body: request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: 'local',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fault-run' },
      requestId: `fault-run-${hash(request.body)}`,
      routeKey: 'POST /webhooks/{provider}',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  } as APIGatewayProxyEventV2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

function money(cents: number): string {
  return `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
}

function ddmmyyyy(date: Date): string {
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
}
