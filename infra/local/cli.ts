#!/usr/bin/env node
/**
 * `cobranza` — the embedded runtime's command line. Stable contracts (documented in the README):
 *   cobranza ingest FILE [--json]        last stdout line with --json: the ingest report
 *   cobranza advance DURATION [--json]   moves the test clock, firing everything due
 *   cobranza status [--json]             portfolio, schedules and sends
 *   cobranza policy FILE [--json]        validates and activates a policy file
 *   cobranza log ACCOUNT_ID [--json]     the account's interaction log
 *   cobranza reconcile FILE [--currency CUR] [--json]   last stdout line with --json: {"lines","payments","applied","partial","exceptions","duplicates","rejected",…}
 *   cobranza exceptions [--json]         payments waiting for a person, with suggestions
 *   cobranza apply PAYMENT_ID INVOICE…   applies an exception to the invoices named, in that order
 * All take --data-dir DIR (default .cobranza/) and --now ISO (sets the clock on a fresh data dir).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR } from './data-dir.js';
import { parseDuration } from './duration.js';
import { exceptionView } from '../../functions/payments-api/app.js';
import { ManualApplyError } from '../../shared/usecases/apply-payment-by-hand.js';
import { formatIngestReport, formatStatus, statusJson } from './format.js';
import { formatApplied, formatExceptions, formatReconcileReport, reconcileJson } from './format-payments.js';
import { Runtime } from './runtime.js';

// The embedded runtime supports Node 20 (Lambda runs 24); the AWS SDK's notice that its 2027
// releases need Node 22 would otherwise print eight lines before every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `usage: cobranza <command> [options]

commands:
  ingest FILE [--json]        load an invoice file (CSV or JSON) as if dropped into the bucket
  advance DURATION [--json]   move the test clock (7d, 36h, 90m), sending every reminder that falls due
  status [--json]             accounts, invoices, open balance, pending schedules, emails sent
  policy FILE [--json]        validate a policy file and make it active (a bad one is refused)
  log ACCOUNT_ID [--json]     everything that happened to one account
  reconcile FILE [--json]     apply a bank statement (camt.053/054, MT940, CSV) or CFDI payment complement
                              (--currency MXN for a CSV export that does not say its currency)
  exceptions [--json]         payments that could not be matched safely, with suggestions
  apply PAYMENT_ID INVOICE…   apply an exception by hand to these invoices (in order; the rest is credit)

options:
  --data-dir DIR   where the local state lives (default ${DEFAULT_DATA_DIR}/)
  --now ISO        start the test clock at this instant (only on a fresh data dir)
  --json           print only JSON (the last line is the result)
`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      currency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const now = values.now === undefined ? undefined : parseInstant(values.now);
  const json = values.json;
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const runtime = await Runtime.open({ dataDir: values['data-dir'], ...(now ? { now } : {}) });
  try {
    if (now && !runtime.fresh) process.stderr.write(`note: --now ignored, the clock of ${runtime.layout.root} is already at ${runtime.clock.now().toISOString()}\n`);
    switch (command) {
      case 'ingest': {
        const report = await runtime.ingest(one(args, 'ingest FILE'));
        out(json ? JSON.stringify(report) : formatIngestReport(report, runtime.layout.bucketDir));
        return report.rows === 0 && report.rejected.length > 0 ? 1 : 0;
      }
      case 'advance': {
        const result = await runtime.advance(parseDuration(one(args, 'advance DURATION')));
        out(json ? JSON.stringify(result) : `clock ${result.from} → ${result.to}: ${result.fired} schedules fired, ${result.sent.email} emails sent, ${result.skipped} skipped (outbox: ${runtime.layout.outboxDir})`);
        return 0;
      }
      case 'status': {
        const status = await runtime.status();
        out(json ? JSON.stringify(statusJson(status)) : formatStatus(status));
        return 0;
      }
      case 'policy': {
        const report = await runtime.setPolicy(one(args, 'policy FILE'));
        out(json ? JSON.stringify(report) : report.accepted ? `policy version ${report.version} is now active` : `policy refused (the previous one stays in force): ${report.error}`);
        return report.accepted ? 0 : 1;
      }
      case 'log': {
        const lines = await runtime.interactions(one(args, 'log ACCOUNT_ID'));
        if (json) out(JSON.stringify(lines));
        else for (const l of lines) out(`${l.at}  ${l.type.padEnd(20)} ${l.invoiceNumber ?? ''}  ${l.detail ?? ''}`);
        return 0;
      }
      case 'reconcile': {
        const currency = values.currency?.toUpperCase();
        if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw new UsageError(`--currency takes an ISO 4217 code such as MXN, got '${values.currency}'`);
        const report = await runtime.reconcile(one(args, 'reconcile FILE [--currency MXN]'), currency ? { currency } : {});
        out(json ? JSON.stringify(reconcileJson(report)) : formatReconcileReport(report));
        return report.format === null ? 1 : 0;
      }
      case 'exceptions': {
        const records = await runtime.exceptions();
        if (json) out(JSON.stringify(records.map(exceptionView)));
        else out(formatExceptions(records));
        return 0;
      }
      case 'apply': {
        const [paymentId, ...invoiceNumbers] = args;
        if (!paymentId || invoiceNumbers.length === 0) throw new UsageError('usage: cobranza apply PAYMENT_ID INVOICE_NUMBER…');
        try {
          const record = await runtime.applyByHand(paymentId, invoiceNumbers);
          out(
            json
              ? JSON.stringify({ paymentId, status: record.status, applications: record.applications, credit: record.credit ?? null })
              : formatApplied(record),
          );
          return 0;
        } catch (error) {
          if (!(error instanceof ManualApplyError)) throw error;
          if (json) out(JSON.stringify({ paymentId, error: error.message }));
          else process.stderr.write(`cobranza: ${error.message}\n`);
          return 1;
        }
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } finally {
    await runtime.close();
  }
}

function one(args: readonly string[], usage: string): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`usage: cobranza ${usage}`);
  return args[0];
}

function parseInstant(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`invalid --now '${text}': use an ISO instant such as 2026-11-23T14:00:00Z`);
  return date;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cobranza: ${message}\n`);
    if (error instanceof UsageError) process.stderr.write(`run 'cobranza --help' for usage\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
