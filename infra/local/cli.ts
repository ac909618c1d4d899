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
 *   cobranza preview --account ID --step STEP [--channel C] [--json]   what that step would send now
 *   cobranza reply --account ID --channel sms|whatsapp "TEXT" [--json]  the debtor writes back
 *   cobranza bounce --account ID --channel C [--json]   the latest message on C fails permanently
 *   cobranza contacts ACCOUNT_ID [--json]   consent records, recent contacts, pause, open tasks
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
import { formatPreview, previewStep } from './preview.js';
import { CHANNELS, type Channel } from '../../shared/domain/types.js';

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
  preview --account ID --step STEP [--channel email|sms|whatsapp]
                              render what that cadence step would send the account now (nothing is sent)
  reply --account ID --channel sms|whatsapp "TEXT"
                              the debtor answers from the number on file ("STOP", "ya pagué", "pago el 15/12")
  bounce --account ID --channel email|sms|whatsapp
                              the provider reports the latest message on that channel as a permanent failure
  contacts ACCOUNT_ID         consent per channel, recent contacts, pause and open collector tasks

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
      account: { type: 'string' },
      channel: { type: 'string' },
      step: { type: 'string' },
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
        out(
          json
            ? JSON.stringify(result)
            : `clock ${result.from} → ${result.to}: ${result.fired} schedules fired, ${result.sent.email} emails, ${result.sent.sms} SMS and ${result.sent.whatsapp} WhatsApp messages sent, ${result.skipped} skipped (outbox: ${runtime.layout.outboxDir})`,
        );
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
      case 'preview': {
        const accountId = required(values.account, 'preview --account ID --step STEP');
        const preview = await previewStep(runtime, accountId, required(values.step, 'preview --account ID --step STEP'), optionalChannel(values.channel));
        out(json ? JSON.stringify(preview) : formatPreview(preview));
        return 0;
      }
      case 'reply': {
        const usage = 'reply --account ID --channel sms|whatsapp "TEXT"';
        const accountId = required(values.account, usage);
        const channel = optionalChannel(required(values.channel, usage))!;
        const text = args.join(' ').trim();
        if (!text) throw new UsageError(`usage: cobranza ${usage}`);
        const lines = await runtime.reply(accountId, channel, text);
        if (json) out(JSON.stringify({ accountId, channel, kind: lines.find((l) => l.type === 'reply.received')?.data?.kind ?? null, interactions: lines }));
        else for (const l of lines) out(`${l.at}  ${l.type.padEnd(20)} ${l.detail ?? ''}`);
        return 0;
      }
      case 'bounce': {
        const usage = 'bounce --account ID --channel email|sms|whatsapp';
        const lines = await runtime.bounce(required(values.account, usage), optionalChannel(required(values.channel, usage))!);
        if (json) out(JSON.stringify({ interactions: lines }));
        else for (const l of lines) out(`${l.at}  ${l.type.padEnd(20)} ${l.invoiceNumber ?? ''}  ${l.detail ?? ''}`);
        return 0;
      }
      case 'contacts': {
        const accountId = one(args, 'contacts ACCOUNT_ID');
        const [consents, state, tasks] = await Promise.all([runtime.consents(accountId), runtime.contactState(accountId), runtime.openTasks(accountId)]);
        const view = { accountId, consents, recentContacts: state.entries, pausedUntil: state.pausedUntil ?? null, pauseReason: state.pauseReason ?? null, openTasks: tasks };
        if (json) out(JSON.stringify(view));
        else out(formatContacts(view));
        return 0;
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

function required(value: string | undefined, usage: string): string {
  if (!value) throw new UsageError(`usage: cobranza ${usage}`);
  return value;
}

function optionalChannel(value: string | undefined): Channel | undefined {
  if (value === undefined) return undefined;
  if (!(CHANNELS as readonly string[]).includes(value)) throw new UsageError(`--channel takes ${CHANNELS.join(', ')}, got '${value}'`);
  return value as Channel;
}

function formatContacts(view: {
  accountId: string;
  consents: readonly { channel: string; address: string; status: string; since: string; source: string }[];
  recentContacts: readonly { at: string; channel: string; invoiceNumbers: readonly string[] }[];
  pausedUntil: string | null;
  pauseReason: string | null;
  openTasks: readonly { type: string; deadline: string; text: string }[];
}): string {
  const lines = [`${view.accountId}`];
  lines.push(view.consents.length ? 'consent:' : 'consent: nothing recorded (ingested contact data and WhatsApp consent apply)');
  for (const c of view.consents) lines.push(`  ${c.channel.padEnd(9)} ${c.address.padEnd(36)} ${c.status.padEnd(10)} since ${c.since} (${c.source})`);
  lines.push(view.pausedUntil ? `reminders paused until ${view.pausedUntil}: ${view.pauseReason ?? ''}` : 'reminders: not paused');
  lines.push(`recent contacts: ${view.recentContacts.length}`);
  for (const e of view.recentContacts) lines.push(`  ${e.at}  ${e.channel.padEnd(9)} ${e.invoiceNumbers.join(', ')}`);
  lines.push(`open tasks: ${view.openTasks.length}`);
  for (const t of view.openTasks) lines.push(`  ${t.type.padEnd(13)} due ${t.deadline}  ${t.text.replace(/\s+/g, ' ').slice(0, 80)}`);
  return lines.join('\n');
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
