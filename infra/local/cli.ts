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
 *   cobranza reply --account ID --channel sms|whatsapp "TEXT" [--json]  the debtor writes back; --json: {"accountId","channel","kind","interactions"}, kind opt-out|dispute|paid|promise|help|other
 *   cobranza bounce --account ID --channel C [--json]   the latest message on C fails permanently
 *   cobranza contacts ACCOUNT_ID [--json]   consent records, recent contacts, pause, open tasks
 *   cobranza tasks [--json]              the collectors' worklist, by expected recovered value
 *   cobranza task claim|complete|note ID [--outcome TEXT] [--by NAME] [TEXT]
 *   cobranza promise ACCOUNT_ID --date YYYY-MM-DD [--amount MINOR --currency CUR]
 *   cobranza dispute INVOICE [--account ID] --reason R [--note TEXT] | dispute resolve DISPUTE_ID --account ID --resolution R
 *   cobranza plan ACCOUNT_ID [--down PCT] [--installments N] [--discount PCT] [--currency CUR]
 *   cobranza account ACCOUNT_ID [--json]  stage, invoices, promises, disputes, plans, tasks, history
 *   cobranza recall ACCOUNT_ID [--note TEXT] [--json]   a hand-off comes back
 *   cobranza portal ACCOUNT_ID [--json]  the debtor's signed self-service link (as reminder emails carry it)
 *   cobranza redrive [--json]            dead letters back on their queues and processed; --json: {"redriven","deadLetters"}
 *   cobranza kpis [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--currency CUR] [--country CC] [--json]
 *                                        curates the local lake, then the KPIs from DuckDB; --json: the KpiReport
 * All take --data-dir DIR (default .cobranza/) and --now ISO (sets the clock on a fresh data dir).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, lockDataDir } from './data-dir.js';
import { parseDuration } from './duration.js';
import { exceptionView } from '../../functions/payments-api/app.js';
import { ManualApplyError } from '../../shared/usecases/apply-payment-by-hand.js';
import { formatIngestReport, formatStatus, statusJson } from './format.js';
import { oneLine, terminalSafe } from './format-terminal.js';
import { formatApplied, formatExceptions, formatReconcileReport, reconcileJson } from './format-payments.js';
import { Runtime } from './runtime.js';
import { formatPreview, previewStep } from './preview.js';
import { formatKpiReport } from './format-kpis.js';
import { askKpis, CurrencyRequiredError, KpiQueryError, NoKpiDataError } from './kpis.js';
import { DISPUTE_REASONS, DISPUTE_RESOLUTIONS, type DisputeReason, type DisputeResolution } from '../../shared/domain/escalation/types.js';
import { describeLeftOut, type PlanLeftOut } from '../../shared/domain/escalation/plan-scope.js';
import {
  accountView,
  addTaskNote,
  claimTask,
  completeTask,
  createPlan,
  EscalationInputError,
  EscalationRequestError,
  openDispute,
  recallHandOff,
  recordPromise,
  resolveDispute,
  worklist,
} from '../../shared/usecases/escalation-requests.js';
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
                              the debtor answers from the number on file ("STOP", "ya pagué", "pago el 15/12",
                              "no reconozco la factura F-1")
  bounce --account ID --channel email|sms|whatsapp
                              the provider reports the latest message on that channel as a permanent failure
  contacts ACCOUNT_ID         consent per channel, recent contacts, pause and open collector tasks
  tasks                       the collectors' worklist (open tasks by expected recovered value)
  task claim|complete|note ID [--outcome TEXT] [--by NAME] [TEXT]
                              claim a task, complete it with its outcome, or add a note
  promise ACCOUNT_ID --date YYYY-MM-DD [--amount MINOR --currency CUR] [--by NAME]
                              record a promise to pay (reminders pause; checked at date + grace); the date
                              is a calendar day from today through policy promises.maxDaysAhead (45 days);
                              --by: the collector who took it (the KPIs count it for them)
  dispute INVOICE [--account ID] --reason price-difference|not-delivered|damaged|duplicate-invoice|credit-note-pending|other [--note TEXT]
  dispute resolve DISPUTE_ID --account ID --resolution credit-note|corrected-amount|rejected
  plan ACCOUNT_ID [--down PCT] [--installments N] [--discount PCT] [--currency CUR]
                              a payment plan: down payment now (0 to under 100%), N installments every 30 days
                              (1 to policy plans.maxInstallments), discount up to plans.maxDiscountPercent;
                              it supersedes the account's active plan
  account ACCOUNT_ID          escalation stage and why, invoices, promises, disputes, plans, tasks, history
  recall ACCOUNT_ID [--note TEXT]
                              the agency or legal gave a handed-off account back: the next evaluation decides
  portal ACCOUNT_ID           the debtor's self-service link (open it while \`npm start\` serves on port 8787):
                              invoices, promise a payment date, report a problem, accept a payment plan
  redrive                     put every dead letter back on its queue and process it (SQS's DLQ redrive)
  kpis [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--currency CUR] [--country CC]
                              the managers' numbers (DSO, CEI, aging, roll rates, promises, channels, …):
                              curates the local lake, then runs the KPI SQL in DuckDB. The period runs from
                              --from (default: the 1st of the as-of month) to --as-of (default: today of the
                              test clock); --currency is required when the portfolio has several

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
      outcome: { type: 'string' },
      by: { type: 'string' },
      date: { type: 'string' },
      amount: { type: 'string' },
      reason: { type: 'string' },
      note: { type: 'string' },
      resolution: { type: 'string' },
      down: { type: 'string' },
      installments: { type: 'string' },
      discount: { type: 'string' },
      'as-of': { type: 'string' },
      from: { type: 'string' },
      country: { type: 'string' },
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
  // Every line printed goes through terminalSafe: debtor-supplied text never reaches the terminal raw.
  const out = (line: string) => process.stdout.write(`${terminalSafe(line)}\n`);

  // Held until the command ends: a second process on the same data dir stops here with a clear message.
  const lock = await lockDataDir(values['data-dir']);
  const runtime = await Runtime.open({ dataDir: values['data-dir'], ...(now ? { now } : {}) }).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
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
      case 'redrive': {
        const redriven = await runtime.redriveDeadLetters();
        const left = runtime.deadLetters();
        out(json ? JSON.stringify({ redriven, deadLetters: left }) : `${redriven} dead letters redriven, ${left} dead again (${runtime.layout.deadLetterDir})`);
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
        else for (const l of lines) out(`${l.at}  ${l.type.padEnd(20)} ${l.invoiceNumber ?? ''}  ${oneLine(l.detail ?? '')}`);
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
          else process.stderr.write(`cobranza: ${terminalSafe(error.message)}\n`);
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
      case 'portal': {
        const accountId = one(args, 'portal ACCOUNT_ID');
        if (!(await runtime.accountExists(accountId))) {
          if (json) out(JSON.stringify({ error: `no account ${accountId}` }));
          else process.stderr.write(`cobranza: no account ${terminalSafe(accountId)}\n`);
          return 1;
        }
        const url = runtime.portalLink(accountId);
        out(json ? JSON.stringify({ accountId, url }) : url);
        return 0;
      }
      case 'kpis':
        if (args.length > 0) throw new UsageError(`usage: cobranza kpis [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--currency CUR] [--country CC] [--json]`);
        return await kpisCommand(runtime, { asOf: values['as-of'], from: values.from, currency: values.currency, country: values.country }, json, out);
      case 'tasks':
      case 'task':
      case 'promise':
      case 'dispute':
      case 'plan':
      case 'account':
      case 'recall':
        return await escalationCommand(runtime, command, args, values, json, out);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } finally {
    await runtime.close();
    await lock.release();
  }
}

/**
 * `cobranza kpis`: the runtime's KPIs (it holds the data dir: the lake is curated from its tables, then
 * DuckDB runs the views). Usage errors (a bad date, several currencies and none chosen) exit 2.
 */
async function kpisCommand(
  runtime: Runtime,
  flags: { asOf: string | undefined; from: string | undefined; currency: string | undefined; country: string | undefined },
  json: boolean,
  out: (line: string) => void,
): Promise<number> {
  try {
    const report = await askKpis(runtime.kpis, {
      ...(flags.asOf !== undefined ? { asOf: flags.asOf } : {}),
      ...(flags.from !== undefined ? { from: flags.from } : {}),
      ...(flags.currency !== undefined ? { currency: flags.currency } : {}),
      ...(flags.country !== undefined ? { country: flags.country } : {}),
    });
    out(json ? JSON.stringify(report) : formatKpiReport(report));
    return 0;
  } catch (error) {
    if (error instanceof CurrencyRequiredError) throw new UsageError(`--currency is required: the portfolio has invoices in ${error.currencies.join(', ')}`);
    if (error instanceof KpiQueryError) throw new UsageError(error.message);
    if (error instanceof NoKpiDataError) {
      if (json) out(JSON.stringify({ error: error.message }));
      else process.stderr.write(`cobranza: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function one(args: readonly string[], usage: string): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`usage: cobranza ${usage}`);
  return args[0];
}

type Values = Record<string, string | boolean | undefined>;

/** The collectors' commands: the same use cases as the escalation API, recorded as done by `cli` (or --by). */
async function escalationCommand(runtime: Runtime, command: string, args: readonly string[], values: Values, json: boolean, out: (line: string) => void): Promise<number> {
  const deps = runtime.escalationDeps;
  const by = typeof values.by === 'string' ? values.by : 'cli';
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const num = (name: string) => {
    const text = str(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} takes a number, got '${text}'`);
    return n;
  };
  try {
    let result: unknown;
    // Said after the summary for a person (the JSON result stays the use case's).
    let also = '';
    if (command === 'tasks') {
      const items = await worklist(deps);
      if (!json) {
        out(items.length ? items.map((i) => `${i.task.taskId}  ${i.task.type.padEnd(16)} ${i.task.accountId.padEnd(8)} ${i.stage.padEnd(9)} due ${i.task.deadline}  value ${i.expectedValue}${i.task.owner ? `  (${i.task.owner})` : ''}\n    ${oneLine(i.task.text).slice(0, 110)}`).join('\n') : 'no open tasks');
        return 0;
      }
      result = items;
    } else if (command === 'task') {
      const [action, taskId, ...rest] = args;
      if (!taskId || !['claim', 'complete', 'note'].includes(action ?? '')) throw new UsageError('usage: cobranza task claim|complete|note TASK_ID [--outcome TEXT] [TEXT]');
      if (action === 'claim') result = await claimTask(deps, taskId, by);
      else if (action === 'complete') result = await completeTask(deps, taskId, by, str('outcome') ?? rest.join(' '));
      else result = await addTaskNote(deps, taskId, by, str('note') ?? rest.join(' '));
    } else if (command === 'promise') {
      const accountId = one(args, 'promise ACCOUNT_ID --date YYYY-MM-DD [--amount MINOR --currency CUR]');
      const amount = num('amount');
      result = await recordPromise(deps, { accountId, date: required(str('date'), 'promise ACCOUNT_ID --date YYYY-MM-DD'), ...(amount !== undefined ? { amount } : {}), ...(str('currency') ? { currency: str('currency')!.toUpperCase() } : {}), source: 'cli', ...(str('note') ? { note: str('note')! } : {}), ...(str('by') ? { recordedBy: str('by')! } : {}) });
    } else if (command === 'dispute') {
      if (args[0] === 'resolve') {
        const resolution = required(str('resolution'), 'dispute resolve DISPUTE_ID --account ID --resolution credit-note|corrected-amount|rejected');
        if (!(DISPUTE_RESOLUTIONS as readonly string[]).includes(resolution)) throw new UsageError(`--resolution takes ${DISPUTE_RESOLUTIONS.join(', ')}, got '${resolution}'`);
        result = await resolveDispute(deps, { accountId: required(str('account'), 'dispute resolve DISPUTE_ID --account ID --resolution R'), disputeId: required(args[1], 'dispute resolve DISPUTE_ID --account ID --resolution R'), resolution: resolution as DisputeResolution, by });
      } else {
        const reason = required(str('reason'), 'dispute INVOICE --account ID --reason R');
        if (!(DISPUTE_REASONS as readonly string[]).includes(reason)) throw new UsageError(`--reason takes ${DISPUTE_REASONS.join(', ')}, got '${reason}'`);
        const invoiceNumber = one(args, 'dispute INVOICE [--account ID] --reason R');
        const accountId = str('account') ?? (await accountOfInvoice(runtime, invoiceNumber));
        result = await openDispute(deps, { accountId, invoiceNumber, reason: reason as DisputeReason, ...(str('note') ? { note: str('note')! } : {}), by });
      }
    } else if (command === 'plan') {
      const accountId = one(args, 'plan ACCOUNT_ID [--down PCT] [--installments N] [--discount PCT]');
      const down = num('down');
      const count = num('installments');
      const discount = num('discount');
      result = await createPlan(deps, {
        accountId,
        by,
        ...(str('currency') ? { currency: str('currency')!.toUpperCase() } : {}),
        ...(down !== undefined ? { downPaymentPercent: down } : {}),
        ...(count !== undefined ? { installments: count } : {}),
        ...(discount !== undefined ? { discountPercent: discount } : {}),
      });
      const planId = (result as { planId: string }).planId;
      const replaced = (await deps.escalation.listPlans(accountId)).filter((p) => p.supersededBy === planId).map((p) => p.planId);
      if (replaced.length > 0) also = `\nsupersedes ${replaced.join(', ')}: its installment reminders are skipped`;
    } else if (command === 'recall') {
      result = await recallHandOff(deps, { accountId: one(args, 'recall ACCOUNT_ID [--note TEXT]'), by, ...(str('note') ? { note: str('note')! } : {}) });
    } else {
      const view = await accountView(deps, one(args, 'account ACCOUNT_ID'));
      if (!json) {
        out(formatAccount(view));
        return 0;
      }
      result = view;
    }
    await runtime.settle();
    out(json ? JSON.stringify(result) : `${summarise(command, result)}${also}`);
    return 0;
  } catch (error) {
    if (!(error instanceof EscalationRequestError)) throw error;
    const message = error instanceof EscalationInputError ? inFlags(error) : error.message;
    if (json) out(JSON.stringify({ error: message, ...(error instanceof EscalationInputError ? { field: error.field } : {}) }));
    else process.stderr.write(`cobranza: ${terminalSafe(message)}\n`);
    return 1;
  }
}

/** The request fields of the use cases as this command line names them. */
const FLAGS: Readonly<Record<string, string>> = { downPaymentPercent: '--down', installments: '--installments', discountPercent: '--discount', date: '--date', amount: '--amount' };

/** A refused field, named as it was typed: `--down must be …, got 150` rather than the API's `downPaymentPercent`. */
function inFlags(error: EscalationInputError): string {
  const flag = FLAGS[error.field];
  return flag && error.message.startsWith(`${error.field} `) ? `${flag}${error.message.slice(error.field.length)}` : error.message;
}

/** The account of an invoice number, when only one account has it (invoice numbers are per account). */
async function accountOfInvoice(runtime: Runtime, invoiceNumber: string): Promise<string> {
  const owners = [...new Set((await runtime.openInvoices()).filter((i) => i.invoiceNumber === invoiceNumber).map((i) => i.accountId))];
  if (owners.length === 1) return owners[0]!;
  if (owners.length === 0) throw new EscalationRequestError(`no open invoice ${invoiceNumber}`);
  throw new UsageError(`invoice ${invoiceNumber} exists in ${owners.join(', ')}: say which with --account`);
}

function summarise(command: string, result: unknown): string {
  const r = result as Record<string, unknown>;
  if (command === 'task') return `task ${String(r.taskId)}: ${String(r.status)}${r.owner ? `, owner ${String(r.owner)}` : ''}${r.outcome ? `, outcome: ${String(r.outcome)}` : ''}`;
  if (command === 'promise') return `promise ${String(r.promiseId)}: pay on ${String(r.date)} (${String(r.status)}); reminders pause, checked after the grace period`;
  if (command === 'dispute') return `dispute ${String(r.disputeId)} on ${String(r.invoiceNumber)}: ${String(r.status)}${r.resolution ? ` (${String(r.resolution)})` : `, SLA ${String(r.slaDueAt)}`}`;
  if (command === 'recall') return `${String(r.accountId)}: hand-off recalled at ${String((r.handOff as { recalledAt?: string } | undefined)?.recalledAt)}; stage now ${String(r.stage)}`;
  if (command === 'plan') {
    const installments = r.installments as { dueDate: string; amount: number }[];
    const leftOut = (r.leftOut as PlanLeftOut[] | undefined) ?? [];
    // What it settles, and what it does not (in dispute, dates to check): a collector knows what is still open.
    return (
      `plan ${String(r.planId)}: ${String(r.total)} ${String(r.currency)} in ${installments.length} payments: ${installments.map((i) => `${i.dueDate} ${i.amount}`).join(', ')}` +
      `\nsettles ${((r.invoiceNumbers as string[] | undefined) ?? []).join(', ')}${leftOut.length ? `; leaves out ${describeLeftOut(leftOut)}` : ''}`
    );
  }
  return JSON.stringify(result);
}

function formatAccount(view: Awaited<ReturnType<typeof accountView>>): string {
  const lines = [`${view.account.accountId}  ${view.account.name}  (${view.account.country ?? '—'}, ${view.account.locale})`, `stage: ${view.stage} since ${view.since}${view.nextEvaluationAt ? `, next evaluation ${view.nextEvaluationAt}` : ''}`];
  for (const change of view.stages.slice(-5)) lines.push(`  ${change.at}  ${change.from} → ${change.to}: ${change.reason.slice(0, 160)}`);
  lines.push('invoices:');
  for (const i of view.invoices) lines.push(`  ${i.invoiceNumber.padEnd(14)} ${i.status.padEnd(9)} ${String(i.balance).padStart(12)} ${i.currency} due ${i.dueDate}`);
  if (view.promises.length) lines.push('promises:', ...view.promises.map((p) => `  ${p.date} ${p.status} (${p.source})`));
  if (view.disputes.length) lines.push('disputes:', ...view.disputes.map((d) => `  ${d.disputeId} ${d.invoiceNumber} ${d.reason} ${d.status}${d.resolution ? ` (${d.resolution})` : ''}`));
  if (view.plans.length) {
    lines.push(
      'plans:',
      ...view.plans.map(
        (p) =>
          `  ${p.planId} ${p.status}${p.supersededBy ? ` by ${p.supersededBy}` : ''} ${p.total} ${p.currency}, ${p.installments.length} payments` +
          `${p.invoiceNumbers?.length ? ` for ${p.invoiceNumbers.join(', ')}` : ''}${p.leftOut?.length ? `; leaves out ${describeLeftOut(p.leftOut)}` : ''}`,
      ),
    );
  }
  if (view.openTasks.length) lines.push('open tasks:', ...view.openTasks.map((t) => `  ${t.taskId} ${t.type} due ${t.deadline}`));
  lines.push(`history: ${view.history.length} entries (cobranza log ${view.account.accountId})`);
  return lines.join('\n');
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
    process.stderr.write(`cobranza: ${terminalSafe(message)}\n`);
    if (error instanceof UsageError) process.stderr.write(`run 'cobranza --help' for usage\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
