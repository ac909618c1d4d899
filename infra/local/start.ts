/**
 * `npm start` — the whole pipeline on this machine, no AWS account needed.
 *
 *   npm start                          load the sample portfolio (fresh data dir), then run the test
 *                                      clock at --speed and watch the inbox folder for new files
 *   npm start -- --days N --exit       simulate N days as fast as possible and exit; the last stdout
 *                                      line is a JSON summary
 * Options: --data-dir DIR, --now ISO (fresh data dir), --speed N (simulated s per real s),
 *          --policy FILE (activate a policy file first; a malformed one stops with its error),
 *          --port N (the local webhook/API server on 127.0.0.1, default 8787; --exit uses a free port).
 * Simulated days also simulate payments: card (Stripe) and bank-transfer webhooks, signed with the
 * data dir's local secrets and POSTed to the local server, so they take the deployed code path; and a
 * fixed story of replies, promises and a dispute (debtor-simulator.ts) for the escalation to react to.
 */
import { readdir, rename, mkdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, lockDataDir } from './data-dir.js';
import { formatIngestReport } from './format.js';
import { formatReconcileReport } from './format-payments.js';
import { terminalSafe } from './format-terminal.js';
import { startLocalServer } from './http-server.js';
import { localPages } from './local-pages.js';
import { paymentsDueOn } from './payment-simulator.js';
import { simulateDebtors } from './debtor-simulator.js';
import { Runtime } from './runtime.js';

// The embedded runtime supports Node 20 (Lambda runs 24); the AWS SDK's notice that its 2027
// releases need Node 22 would otherwise print eight lines before every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The sample portfolio is dated around December 2026: a fresh clock starts on Monday 23 Nov 2026, 08:00 in Mexico City. */
const SAMPLE_START = new Date('2026-11-23T14:00:00Z');
const SAMPLES_DIR = new URL('../../examples/invoices/', import.meta.url);
const INVOICE_FILE = /\.(csv|tsv|txt|json|jsonl|ndjson)$/i;
const DAY_MS = 86_400_000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      now: { type: 'string' },
      days: { type: 'string' },
      exit: { type: 'boolean', default: false },
      speed: { type: 'string', default: '3600' },
      policy: { type: 'string' },
      port: { type: 'string', default: '8787' },
    },
  });
  const days = values.days === undefined ? undefined : Number(values.days);
  const speed = Number(values.speed);
  if (days !== undefined && !(Number.isInteger(days) && days >= 0)) throw new Error(`--days takes a whole number of days, got '${values.days}'`);
  if (!(speed > 0)) throw new Error(`--speed takes simulated seconds per real second (> 0), got '${values.speed}'`);
  const now = values.now ? new Date(values.now) : SAMPLE_START;
  if (Number.isNaN(now.getTime())) throw new Error(`invalid --now '${values.now}'`);

  // Sent messages quote debtors' names and addresses: printed through terminalSafe, like the CLI's output.
  const say = (line: string) => process.stdout.write(`${terminalSafe(line)}\n`);
  // Held while the pipeline runs (the OS drops it when the process ends): a CLI command on the same data dir stops with a clear message.
  await lockDataDir(values['data-dir']);
  const runtime = await Runtime.open({
    dataDir: values['data-dir'],
    now,
    events: {
      emailSent: (email, file) =>
        say(`  ✉ ${email.date.toISOString()}  ${email.to.padEnd(32)} ${email.subject}  → ${relative(process.cwd(), file)}`),
      smsSent: (sms, file) => say(`  ☎ ${sms.date.toISOString()}  ${sms.to.padEnd(32)} ${oneLine(sms.body, 70)}  → ${relative(process.cwd(), file)}`),
      whatsappSent: (message, file) =>
        say(`  ◎ ${message.date.toISOString()}  ${message.to.padEnd(32)} ${message.templateName} ${oneLine(message.preview, 50)}  → ${relative(process.cwd(), file)}`),
      alert: (alert, file) => say(`  ⚑ ${alert.subject}  → ${relative(process.cwd(), file)}`),
    },
  });
  // The managers' KPIs: this process holds the data dir, so the runtime curates the lake from its own
  // tables and runs DuckDB (runtime.kpis: curated again when the test clock moved or after 2 s).
  const pages = localPages({
    kpis: runtime.kpis,
    outboxDir: runtime.layout.outboxDir,
    portalExample: async () => {
      const [first] = [...new Set((await runtime.openInvoices()).map((i) => i.accountId))].sort();
      return first === undefined ? undefined : { accountId: first, url: runtime.portalLink(first) };
    },
  });
  // The same webhook and finance routes as API Gateway, on loopback; simulated payments go through it.
  const server = await startLocalServer(
    { webhook: (e) => runtime.webhook(e), paymentsApi: (e) => runtime.paymentsApi(e), contactApi: (e) => runtime.contactApi(e), portal: (e) => runtime.portal(e), pages },
    values.exit ? 0 : Number(values.port),
  );
  runtime.setPublicUrl(server.url);
  try {
    say(`Cobranza embedded runtime — data in ${relative(process.cwd(), runtime.layout.root) || '.'}/, test clock at ${runtime.clock.now().toISOString()}`);
    say(`Webhooks: POST ${server.url}/webhooks/{stripe|mercadopago|conekta|banco} (secrets in ${relative(process.cwd(), runtime.layout.webhookSecretsFile)}); exceptions: GET ${server.url}/payments/exceptions`);
    say(`Debtors' self-service page: ${server.url}/portal?t=… (every reminder email links to it; \`npm run cobranza -- portal ACCOUNT_ID\` prints one)`);
    say(`Dashboard: ${server.url}/dashboard (the managers' KPIs; ${server.url}/ links it, a portal page and the outbox)`);
    if (values.policy) {
      const report = await runtime.setPolicy(values.policy);
      if (!report.accepted) throw new Error(`policy ${values.policy} refused: ${report.error}`);
      say(`Policy ${values.policy} (version ${report.version}) is active.`);
    }
    if (runtime.fresh) {
      say('Fresh data dir: loading the sample portfolio from examples/invoices/ …');
      for (const file of await invoiceFiles(SAMPLES_DIR.pathname)) {
        say(formatIngestReport(await runtime.ingest(file), runtime.layout.bucketDir));
      }
      const status = await runtime.status();
      say(`${status.schedulesPending} reminders scheduled in the debtors' contact hours.`);
    }
    if (days !== undefined) {
      for (let day = 1; day <= days; day += 1) {
        await simulateDebtors(runtime, day, server.url, say);
        const paid = await simulatePayments(runtime, server.url, say);
        const result = await runtime.advance(DAY_MS);
        if (process.stderr.isTTY) {
          process.stderr.write(`day ${day}/${days}: ${paid} payments, ${result.sent.email} emails, ${result.sent.sms} SMS, ${result.sent.whatsapp} WhatsApp, ${result.skipped} skipped\n`);
        }
      }
    }
    if (values.exit) {
      const status = await runtime.status();
      const { invoices, remindersByStatus } = status.summary;
      const scheduled = Object.values(remindersByStatus).reduce((sum, n) => sum + (n ?? 0), 0);
      const payments = status.payments;
      const messages = await runtime.messageCounts();
      const escalation = await runtime.escalationSummary();
      say(
        JSON.stringify({
          days: days ?? 0,
          invoices: invoices.open + invoices.paid + invoices.cancelled,
          remindersScheduled: scheduled,
          remindersSent: remindersByStatus.sent ?? 0,
          paymentsApplied: (payments.applied ?? 0) + (payments.partial ?? 0) + (payments.credited ?? 0),
          paymentExceptions: (payments.exception ?? 0) + (payments.lookup ?? 0),
          invoicesPaid: invoices.paid,
          messagesSent: { email: messages.email, sms: messages.sms, whatsapp: messages.whatsapp },
          messageCostUsd: Math.round(messages.costMicros / 10_000) / 100,
          escalations: escalation.stages,
          promises: { kept: escalation.promises.kept, broken: escalation.promises.broken, open: escalation.promises.open },
          disputes: escalation.disputes,
          plans: escalation.plans,
          outbox: runtime.layout.outboxDir,
        }),
      );
      return 0;
    }
    await runLive(runtime, speed, server.url, say);
    return 0;
  } finally {
    server.server.close();
    await runtime.close();
  }
}

/** Today's simulated payments, POSTed to the local webhook endpoint like a provider would. */
async function simulatePayments(runtime: Runtime, url: string, say: (line: string) => void): Promise<number> {
  const now = runtime.clock.now();
  const requests = paymentsDueOn(now.toISOString().slice(0, 10), await runtime.openInvoices(), runtime.webhookSecrets, now);
  for (const request of requests) {
    const response = await fetch(`${url}/webhooks/${request.provider}`, { method: 'POST', headers: request.headers, body: request.body });
    const answer = await response.text();
    say(`  $ ${now.toISOString()}  ${request.provider.padEnd(8)} payment for ${request.invoiceNumber} → ${response.status} ${answer.slice(0, 80)}`);
  }
  return requests.length;
}

/** Runs the clock at `speed` simulated seconds per real second and ingests files dropped in the inbox. */
async function runLive(runtime: Runtime, speed: number, url: string, say: (line: string) => void): Promise<void> {
  const statementsInbox = join(runtime.layout.inboxDir, 'statements');
  await mkdir(statementsInbox, { recursive: true });
  say(`Running at ${speed}× (one simulated day every ${Math.round(86_400 / speed)} s). Drop invoice files into ${relative(process.cwd(), runtime.layout.inboxDir)}/ to ingest them, bank statements into ${relative(process.cwd(), statementsInbox)}/ to reconcile them. Ctrl-C to stop.`);
  let stopping = false;
  process.once('SIGINT', () => (stopping = true));
  process.once('SIGTERM', () => (stopping = true));
  let lastDay = runtime.clock.now().toISOString().slice(0, 10);
  while (!stopping) {
    const tick = Date.now();
    for (const file of await invoiceFiles(runtime.layout.inboxDir)) {
      const processed = join(runtime.layout.inboxDir, 'processed');
      await mkdir(processed, { recursive: true });
      const moved = join(processed, `${Date.now()}-${file.split('/').pop()}`);
      await rename(file, moved);
      say(formatIngestReport(await runtime.ingest(moved), runtime.layout.bucketDir));
    }
    for (const file of await statementFiles(statementsInbox)) {
      const processed = join(statementsInbox, 'processed');
      await mkdir(processed, { recursive: true });
      const moved = join(processed, `${Date.now()}-${file.split('/').pop()}`);
      await rename(file, moved);
      say(formatReconcileReport(await runtime.reconcile(moved)));
    }
    await runtime.advance(speed * 1000);
    const day = runtime.clock.now().toISOString().slice(0, 10);
    if (day !== lastDay) {
      await simulatePayments(runtime, url, say);
      const status = await runtime.status();
      say(`— ${day}: ${status.summary.invoices.open} invoices open, ${status.schedulesPending} reminders pending, ${status.summary.remindersByStatus.sent ?? 0} sent`);
      lastDay = day;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tick))));
  }
  say('Stopped. State is kept; run npm start again to continue where the clock left off.');
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

async function statementFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: string[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (!name.startsWith('.') && (await stat(path)).isFile()) files.push(path);
  }
  return files;
}

async function invoiceFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: string[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (INVOICE_FILE.test(name) && (await stat(path)).isFile()) files.push(path);
  }
  return files;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`cobranza: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
