import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalEvaluationStarter } from '../../infra/local/local-evaluation-starter.js';
import { Runtime } from '../../infra/local/runtime.js';
import { LocalScheduler, type ScheduleEntry } from '../../shared/adapters/local/local-scheduler.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import { DISPUTE_REASONS, DISPUTE_RESOLUTIONS, STAGES } from '../../shared/domain/escalation/types.js';
import type { Interaction } from '../../shared/domain/types.js';
import { accountView, completeTask, createPlan, openDispute, recordPromise, resolveDispute } from '../../shared/usecases/escalation-requests.js';

/**
 * The escalation of issue #5, end to end on the embedded runtime: invoice files in, the real
 * EvaluateEscalation ASL run by aws-local-stepfunctions with the real step use cases, payments from
 * bank statements, promises, disputes and tasks through the same use cases as the CLI and the API —
 * and every check on what a person would notice: the account's stage (`cobranza account --json`), the
 * tasks, the letters and reminders in the outbox, the hand-off package in the bucket, the alerts in
 * `outbox/alerts/`, the interaction log and the pending schedules.
 *
 * The clock starts on Tuesday 2026-12-01 at 09:00 in Mexico City (15:00 UTC); the fixtures' due dates
 * are written relative to it (test/fixtures/escalation/).
 */
const NOW = new Date('2026-12-01T15:00:00Z');
const DAY = 86_400_000;
const FIXTURES = 'test/fixtures/escalation';

interface World {
  readonly runtime: Runtime;
  readonly dir: string;
  /** Every evaluation run: its request and the states it went through. */
  readonly evaluations: { readonly request: EvaluationRequest; readonly states: readonly string[] }[];
}

const worlds: World[] = [];

afterEach(async () => {
  for (const world of worlds.splice(0)) {
    await world.runtime.close();
    await rm(world.dir, { recursive: true, force: true });
  }
});

/** A fresh embedded runtime (in-memory DynamoDB, its own data dir) at NOW with `files` ingested. */
async function world(...files: string[]): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'cobranza-escalation-'));
  const evaluations: World['evaluations'] = [];
  const runtime = await Runtime.open({
    dataDir: join(dir, 'data'),
    now: NOW,
    inMemory: true,
    events: { evaluation: (request, states) => evaluations.push({ request, states }) },
  });
  const w = { runtime, dir, evaluations };
  worlds.push(w);
  for (const file of files) {
    const report = await runtime.ingest(join(FIXTURES, file));
    expect(report.rejected).toEqual([]);
  }
  return w;
}

/** What `cobranza account ID --json` prints (the same use case, through JSON). */
async function account(w: World, accountId: string) {
  return JSON.parse(JSON.stringify(await accountView(w.runtime.escalationDeps, accountId))) as Awaited<ReturnType<typeof accountView>>;
}

async function log(w: World, accountId: string, type?: Interaction['type']): Promise<Interaction[]> {
  return (await w.runtime.interactions(accountId)).filter((line) => type === undefined || line.type === type);
}

/** Pending schedules that start an evaluation of `accountId` (the local scheduler's journal, read only). */
async function evaluationSchedules(w: World, accountId: string): Promise<ScheduleEntry[]> {
  const schedules = [...(await LocalScheduler.read(w.runtime.layout.schedulesFile)).values()];
  return schedules.filter((s) => s.target === 'escalation' && (s.payload as EvaluationRequest).accountId === accountId);
}

interface Email {
  readonly file: string;
  readonly account: string;
  readonly to: string;
  readonly messageId: string;
  readonly at: Date;
}

/** The emails in the outbox (`.eml` files), with the headers a reader would look at. */
async function emails(w: World, accountId: string): Promise<Email[]> {
  const dir = join(w.runtime.layout.outboxDir, 'email');
  const out: Email[] = [];
  for (const file of (await readdir(dir).catch(() => [] as string[])).sort()) {
    const text = await readFile(join(dir, file), 'utf8');
    const header = (name: string) => text.match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1]?.trim() ?? '';
    if (header('X-Cobranza-Account') !== accountId) continue;
    out.push({ file, account: header('X-Cobranza-Account'), to: header('To'), messageId: header('X-Cobranza-Reminder'), at: new Date(header('Date')) });
  }
  return out;
}

/** Letters: emails whose message id is a letter's, and the log's `message.sent` lines of kind `letter`. */
async function letters(w: World, accountId: string) {
  const files = (await emails(w, accountId)).filter((e) => e.messageId.startsWith('letter-'));
  const sent = (await log(w, accountId, 'message.sent')).filter((l) => l.data?.kind === 'letter');
  return { files, sent };
}

/** The PDF attachments of an .eml (nodemailer's layout: a base64 part with `Content-Type: application/pdf`), decoded. */
function attachedPdfs(eml: string): string[] {
  return [...eml.matchAll(/Content-Type: application\/pdf[^]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/g)].map((m) => Buffer.from(m[1]!.replace(/\r\n/g, ''), 'base64').toString('latin1'));
}

/** Reminder messages that went out (log lines `message.sent` of kind reminder), optionally from `since` on. */
async function remindersSent(w: World, accountId: string, since = new Date(0)): Promise<Interaction[]> {
  return (await log(w, accountId, 'message.sent')).filter((l) => (l.data?.kind ?? 'reminder') === 'reminder' && Date.parse(l.at) >= since.getTime());
}

/** The invoices the dispatcher put in a reminder message (its own and the ones merged into it), with when. */
async function remindedInvoices(w: World, accountId: string): Promise<{ at: string; invoiceNumber: string }[]> {
  return (await log(w, accountId))
    .filter((l) => l.type === 'reminder.dispatched' || l.type === 'reminder.merged')
    .map((l) => ({ at: l.at, invoiceNumber: l.invoiceNumber ?? '' }));
}

interface AlertFile {
  readonly at: string;
  readonly kind: string;
  readonly subject: string;
  readonly message: string;
  readonly data?: { readonly accountId?: string };
}

async function alerts(w: World, accountId: string, kind?: string): Promise<AlertFile[]> {
  const dir = w.runtime.layout.alertsDir;
  const out: AlertFile[] = [];
  for (const file of (await readdir(dir).catch(() => [] as string[])).sort()) {
    const alert = JSON.parse(await readFile(join(dir, file), 'utf8')) as AlertFile;
    if (alert.data?.accountId === accountId && (kind === undefined || alert.kind === kind)) out.push(alert);
  }
  return out;
}

/** Files in the local bucket under `prefix` (e.g. `escalation/hand-off/ESC-601`). */
async function bucketFiles(w: World, prefix: string): Promise<string[]> {
  const names = await readdir(join(w.runtime.layout.bucketDir, ...prefix.split('/')), { recursive: true }).catch(() => [] as string[]);
  return names.map(String).filter((name) => name.includes('.')).sort();
}

async function advanceDays(w: World, days: number) {
  return w.runtime.advance(days * DAY);
}

async function reconcile(w: World, file: string) {
  const report = await w.runtime.reconcile(join(FIXTURES, file), { currency: 'MXN' });
  expect(report.rejected).toEqual([]);
  return report;
}

const stagesOf = (view: Awaited<ReturnType<typeof account>>) => view.stages.map((change) => change.to);

describe('escalation scenarios on the embedded runtime (the real ASL and step use cases)', () => {
  it('pays in the early stage: the escalation closes, its schedule is gone, no reminder follows', async () => {
    const w = await world('temprana.csv');
    const before = await account(w, 'ESC-101');
    expect(before).toMatchObject({ stage: 'early', nextEvaluationAt: '2026-12-08T15:00:00.000Z' });
    // Due Saturday 21 Nov: payable Monday 23, so 8 days past due on Tuesday 1 Dec.
    expect(before.stages.at(-1)!.reason).toContain('F-7101 is 8 days past due → early');
    expect(await evaluationSchedules(w, 'ESC-101')).toEqual([expect.objectContaining({ at: '2026-12-08T15:00:00.000Z' })]);

    await advanceDays(w, 2);
    const report = await reconcile(w, 'pago-temprana.csv');
    expect(report).toMatchObject({ payments: 1, applied: 1, exceptions: 0 });
    const paidAt = w.runtime.clock.now();

    const after = await account(w, 'ESC-101');
    expect(after).toMatchObject({ stage: 'closed', since: paidAt.toISOString(), nextEvaluationAt: null });
    expect(stagesOf(after)).toEqual(['early', 'closed']);
    expect(after.invoices).toEqual([expect.objectContaining({ invoiceNumber: 'F-7101', status: 'paid', balance: 0 })]);
    expect(await evaluationSchedules(w, 'ESC-101')).toEqual([]);
    expect((await log(w, 'ESC-101', 'escalation.closed')).map((l) => l.detail)).toEqual(['settled: escalation closed (was early)']);
    // The evaluation the payment started took the Close path of the state machine.
    const closing = w.evaluations.find((e) => e.request.trigger.kind === 'payment');
    expect(closing?.states).toEqual(['Load', 'Settled?', 'Close', 'Done']);

    const runs = w.evaluations.length;
    await advanceDays(w, 45);
    expect(await remindersSent(w, 'ESC-101', paidAt)).toEqual([]);
    expect(w.evaluations.length).toBe(runs);
    expect((await account(w, 'ESC-101')).stage).toBe('closed');
    expect(await w.runtime.openTasks('ESC-101')).toEqual([]);
  });

  it('promises, then pays before the date: the promise is kept and the escalation closes', async () => {
    const w = await world('promesa-cumplida.csv');
    const promise = await recordPromise(w.runtime.escalationDeps, { accountId: 'ESC-301', date: '2026-12-07', source: 'cli' });
    await w.runtime.settle();
    const promised = await account(w, 'ESC-301');
    expect(promised.promises).toEqual([expect.objectContaining({ promiseId: promise.promiseId, status: 'open', date: '2026-12-07' })]);
    // Paused: the state machine schedules the re-check and changes nothing.
    expect(w.evaluations.find((e) => e.request.trigger.kind === 'promise')?.states).toEqual(['Load', 'Settled?', 'ScheduleRecheck', 'Done']);
    expect(promised.stage).toBe('early');

    await advanceDays(w, 3);
    await reconcile(w, 'pago-promesa-cumplida.csv');
    const paid = await account(w, 'ESC-301');
    expect(paid.stage).toBe('closed');
    expect(paid.promises).toEqual([expect.objectContaining({ promiseId: promise.promiseId, status: 'kept', closedAt: w.runtime.clock.now().toISOString() })]);
    expect(await log(w, 'ESC-301', 'promise.kept')).toHaveLength(1);
    expect(await evaluationSchedules(w, 'ESC-301')).toEqual([]);
    expect((await w.runtime.escalationSummary()).promises).toEqual({ open: 0, kept: 1, broken: 0 });

    // Nothing breaks it afterwards: the promise's check date passes quietly.
    await advanceDays(w, 14);
    expect((await account(w, 'ESC-301')).promises[0]!.status).toBe('kept');
    expect(await alerts(w, 'ESC-301', 'broken-promise')).toEqual([]);
    expect(await log(w, 'ESC-301', 'promise.broken')).toEqual([]);
  });

  it('promises by SMS, then does not pay: broken, an alert, a task, and the reminders go out again', async () => {
    const w = await world('promesa-rota.csv');
    const reply = await w.runtime.reply('ESC-201', 'sms', 'Le pago el 8 de diciembre sin falta');
    expect(reply.find((l) => l.type === 'reply.received')?.data?.kind).toBe('promise');
    await w.runtime.settle();
    expect((await account(w, 'ESC-201')).promises).toEqual([expect.objectContaining({ date: '2026-12-08', status: 'open', source: 'sms' })]);

    // While the promise runs (until the end of 10 December, two days of grace), no reminder goes out.
    await advanceDays(w, 9); // → 10 December, 09:00
    expect(await remindersSent(w, 'ESC-201', new Date(NOW.getTime() + 60_000))).toEqual([]);
    expect(await alerts(w, 'ESC-201')).toEqual([]);

    await advanceDays(w, 2); // → 12 December: checked at 11 December 00:00 local (06:00 UTC)
    const view = await account(w, 'ESC-201');
    expect(view.promises).toEqual([expect.objectContaining({ status: 'broken', closedAt: '2026-12-11T06:00:00.000Z' })]);
    expect(await log(w, 'ESC-201', 'promise.broken')).toHaveLength(1);
    const [alert] = await alerts(w, 'ESC-201', 'broken-promise');
    expect(alert).toMatchObject({ at: '2026-12-11T06:00:00.000Z', subject: 'Cobranza: broken-promise (ESC-201)' });
    expect(alert!.message).toContain('broken, no payment since it was made');
    expect(view.openTasks).toEqual([expect.objectContaining({ type: 'broken-promise', deadline: '2026-12-12T06:00:00.000Z' })]);
    // The cadence resumed: the deferred reminder went out once the pause was over.
    const resumed = await remindersSent(w, 'ESC-201', new Date('2026-12-11T06:00:00Z'));
    expect(resumed.length).toBeGreaterThan(0);
    // The score remembers it.
    expect(view.stages.length).toBeGreaterThan(0);
    expect((await log(w, 'ESC-201', 'escalation.evaluated')).at(-1)!.detail).toContain('brokenPromises −0.80');
  });

  it('disputes one invoice, then resolves: the escalation waits for that invoice, the SLA alert goes out once, resolution re-evaluates', async () => {
    const w = await world('disputa.csv');
    const opened = await openDispute(w.runtime.escalationDeps, { accountId: 'ESC-401', invoiceNumber: 'F-7401', reason: 'damaged', note: 'llegó roto', by: 'test' });
    await w.runtime.settle();
    expect((await account(w, 'ESC-401')).disputes).toEqual([expect.objectContaining({ disputeId: opened.disputeId, status: 'open', slaDueAt: '2026-12-04T15:00:00.000Z' })]);

    // The SLA (72 h) runs out on 4 December: one alert and a task, once.
    await advanceDays(w, 7); // → 8 December
    const sla = await alerts(w, 'ESC-401', 'dispute-past-sla');
    expect(sla).toHaveLength(1);
    expect(sla[0]).toMatchObject({ at: '2026-12-04T15:00:00.000Z' });
    expect(sla[0]!.message).toContain(`dispute ${opened.disputeId} on invoice F-7401 (damaged)`);
    expect((await w.runtime.openTasks('ESC-401')).map((t) => t.type)).toContain('dispute-sla');
    // Meanwhile the other invoice's reminders went on.
    expect((await remindedInvoices(w, 'ESC-401')).filter((r) => r.invoiceNumber === 'F-7402').map((r) => r.at)).toEqual(['2026-12-07T14:00:00.000Z']);

    const runs = w.evaluations.length;
    await resolveDispute(w.runtime.escalationDeps, { accountId: 'ESC-401', disputeId: opened.disputeId, resolution: 'rejected', by: 'test' });
    await w.runtime.settle();
    const resolution = w.evaluations.slice(runs).find((e) => e.request.evaluationId === `ESC-401-dispute-${opened.disputeId}-resolved`);
    expect(resolution?.states).toContain('Decide');
    const view = await account(w, 'ESC-401');
    expect(view.disputes).toEqual([expect.objectContaining({ status: 'resolved', resolution: 'rejected', slaAlertedAt: '2026-12-04T15:00:00.000Z' })]);
    // Back in play: F-7401 is the oldest open invoice again.
    const reevaluated = (await log(w, 'ESC-401', 'escalation.evaluated')).find((l) => l.interactionId.includes(resolution!.request.evaluationId));
    // Due Saturday 21 Nov (payable Monday 23): 15 days past due on 8 Dec.
    expect(reevaluated?.detail).toContain('stays early: oldest open invoice F-7401 is 15 days past due');

    // Its reminders come back (the 31–60 days cadence) and the escalation walks on.
    await advanceDays(w, 30);
    expect((await remindedInvoices(w, 'ESC-401')).some((r) => r.invoiceNumber === 'F-7401' && r.at > '2026-12-08T15:00:00.000Z')).toBe(true);
    expect((await account(w, 'ESC-401')).stage).toBe('mid');
    expect(await alerts(w, 'ESC-401', 'dispute-past-sla')).toHaveLength(1);
  });

  // The dispatcher skips the reminders of a disputed invoice (here: its catch-up reminder five minutes
  // after the dispute) while the dispute is open.
  it('no reminder for a disputed invoice goes out while the dispute is open', async () => {
    const w = await world('disputa.csv');
    const opened = await openDispute(w.runtime.escalationDeps, { accountId: 'ESC-401', invoiceNumber: 'F-7401', reason: 'damaged', by: 'test' });
    await w.runtime.settle();
    await advanceDays(w, 7);
    expect((await remindedInvoices(w, 'ESC-401')).filter((r) => r.invoiceNumber === 'F-7401')).toEqual([]);
    expect((await account(w, 'ESC-401')).disputes[0]!.disputeId).toBe(opened.disputeId);
  });

  // A promise recorded by a collector (CLI, API) holds the reminders until its date plus grace, like a
  // promise in a debtor's reply (which also pauses the contact ledger).
  it('no reminder goes out while a promise recorded by a collector runs', async () => {
    const w = await world('promesa-cumplida.csv');
    await recordPromise(w.runtime.escalationDeps, { accountId: 'ESC-301', date: '2026-12-07', source: 'cli' });
    await w.runtime.settle();
    await advanceDays(w, 3);
    expect(await remindersSent(w, 'ESC-301')).toEqual([]);
  });

  it('a dispute holding the only invoice pauses the escalation, and its SLA still alerts once', async () => {
    const w = await world('disputa.csv');
    const opened = await openDispute(w.runtime.escalationDeps, { accountId: 'ESC-451', invoiceNumber: 'F-7451', reason: 'not-delivered', by: 'test' });
    await w.runtime.settle();
    expect(w.evaluations.find((e) => e.request.trigger.kind === 'dispute')?.states).toEqual(['Load', 'Settled?', 'ScheduleRecheck', 'Done']);

    await advanceDays(w, 14);
    const sla = await alerts(w, 'ESC-451', 'dispute-past-sla');
    expect(sla.map((a) => a.at)).toEqual(['2026-12-04T15:00:00.000Z']);
    expect((await w.runtime.openTasks('ESC-451')).map((t) => t.type)).toEqual(['dispute-sla']);
    const view = await account(w, 'ESC-451');
    expect(view.disputes).toEqual([expect.objectContaining({ disputeId: opened.disputeId, status: 'open', slaAlertedAt: '2026-12-04T15:00:00.000Z' })]);
    // Still paused: the stage it had when the dispute came.
    expect(view.stage).toBe('early');
  });

  it('a partial payment re-evaluates: the stage follows the new oldest open invoice', async () => {
    const w = await world('parcial.csv');
    const start = await account(w, 'ESC-501');
    expect(start.stage).toBe('mid');
    expect((await w.runtime.openTasks('ESC-501')).map((t) => t.type)).toEqual(['personal-contact']);

    await advanceDays(w, 2);
    expect(await reconcile(w, 'pago-parcial-1.csv')).toMatchObject({ payments: 1, partial: 1 });
    const partly = await account(w, 'ESC-501');
    expect(partly.invoices.find((i) => i.invoiceNumber === 'F-7501')).toMatchObject({ status: 'open', balance: 2_000_000 });
    expect(partly.stage).toBe('mid'); // F-7501 is still the oldest: 44 days past due
    const evaluated = w.evaluations.filter((e) => e.request.trigger.kind === 'payment');
    expect(evaluated).toHaveLength(1);
    expect(evaluated[0]!.states).toContain('Decide');
    expect((await log(w, 'ESC-501', 'escalation.evaluated')).at(-1)!.detail).toMatch(/stays mid: oldest open invoice F-7501 is 44 days past due/);

    await advanceDays(w, 2);
    await reconcile(w, 'pago-parcial-2.csv');
    const rest = await account(w, 'ESC-501');
    expect(rest.invoices.find((i) => i.invoiceNumber === 'F-7501')).toMatchObject({ status: 'paid', balance: 0 });
    expect(rest.stage).toBe('early');
    expect(stagesOf(rest)).toEqual(['mid', 'early']);
    expect(rest.stages.at(-1)!.reason).toContain('left F-7502 the oldest open invoice, 10 days past due → back to early');
    expect(await evaluationSchedules(w, 'ESC-501')).toHaveLength(1);
  });

  it('a payment plan: its installments get their own reminders, the invoices\' reminders pause, a paid installment is not reminded', async () => {
    const w = await world('parcial.csv');
    const plan = await createPlan(w.runtime.escalationDeps, { accountId: 'ESC-501', by: 'test' });
    // 42,000.00 MXN: 30% down today, then 9,800.00 on 31 Dec, 30 Jan (a Saturday) and 1 Mar.
    expect(plan.installments.map((i) => [i.dueDate, i.amount])).toEqual([
      ['2026-12-01', 1_260_000],
      ['2026-12-31', 980_000],
      ['2027-01-30', 980_000],
      ['2027-03-01', 980_000],
    ]);
    expect(plan.invoiceNumbers).toEqual(['F-7501', 'F-7502']);
    expect((await log(w, 'ESC-501', 'installment.scheduled')).map((l) => String(l.data?.sendAt)).sort()).toEqual([
      '2026-12-01T15:05:00.000Z',
      '2026-12-28T15:00:00.000Z',
      '2026-12-31T15:00:00.000Z',
      '2027-01-27T15:00:00.000Z',
      '2027-02-26T15:00:00.000Z',
      '2027-03-01T15:00:00.000Z',
    ]);

    // The same morning: the down payment's reminder (the whole plan in writing) goes out; the
    // invoices' own catch-up reminders, due at the same minute, pause for the plan.
    await advanceDays(w, 1);
    const installmentMails = async () => (await log(w, 'ESC-501', 'message.sent')).filter((l) => l.data?.kind === 'installment');
    expect((await installmentMails()).map((l) => [l.at, l.data?.template])).toEqual([['2026-12-01T15:05:00.000Z', 'installment-due-today']]);
    expect(await remindersSent(w, 'ESC-501', NOW)).toEqual([]);
    expect((await log(w, 'ESC-501', 'reminder.skipped')).map((l) => l.detail)).toContain(`invoice in payment plan ${plan.planId}: its installments have their own reminders`);
    const confirmation = (await emails(w, 'ESC-501')).find((e) => e.at.getTime() === Date.parse('2026-12-01T15:05:00.000Z'));
    const eml = await readFile(join(w.runtime.layout.outboxDir, 'email', confirmation!.file), 'utf8');
    expect(eml).toMatch(/Pago 3 de 3/);
    // Paid through the link, the payment names the plan's oldest open invoice and is matched like any other.
    expect(eml).toContain('https://pay.example.com/ESC-501/F-7501');

    await reconcile(w, 'pago-plan-enganche.csv');
    await advanceDays(w, 27); // → Monday 28 December 09:00 and a bit
    expect((await installmentMails()).map((l) => [l.at, l.data?.template])).toEqual([
      ['2026-12-01T15:05:00.000Z', 'installment-due-today'],
      ['2026-12-28T15:00:00.000Z', 'installment-upcoming'],
    ]);
    expect((await account(w, 'ESC-501')).plans).toEqual([expect.objectContaining({ status: 'active' })]);

    // Installment 1 paid early: its due-day reminder on 31 December is skipped, with why.
    await advanceDays(w, 1);
    await reconcile(w, 'pago-plan-parcialidad-1.csv');
    await advanceDays(w, 3);
    expect(await installmentMails()).toHaveLength(2);
    expect((await log(w, 'ESC-501', 'installment.skipped')).map((l) => l.detail)).toEqual(['installment 1 already paid']);
    expect(await remindersSent(w, 'ESC-501', NOW)).toEqual([]);
  });

  it('an old debt loaded fresh walks the ladder first (friendly, firm, formal), earns its letter (one: the lease), then the hand-off once the letter\'s deadline is over, then no more reminders', async () => {
    const w = await world('prelegal.csv');
    // Three invoices → three evaluations at once: one holds the account's lease, the others look again.
    // F-7601 is 103 days past due, but nobody ever wrote to this debtor: no letter yet.
    const fromFile = w.evaluations.filter((e) => e.request.trigger.kind === 'invoice');
    expect(fromFile).toHaveLength(3);
    expect(fromFile.filter((e) => e.states.includes('SendLetter'))).toHaveLength(0);
    expect(fromFile.filter((e) => e.states.includes('ScheduleRecheck'))).toHaveLength(2);
    const entered = await account(w, 'ESC-601');
    expect(entered.stage).toBe('advanced');
    expect(entered.stages.at(-1)!.reason).toContain('pre-legal not yet earned: 0 collection messages delivered (needs 3 and 21 days)');
    expect((await letters(w, 'ESC-601')).files).toEqual([]);

    // The ladder (policy escalation.ladder: a week apart, at 09:00 in Mexico City): Tuesday 1 Dec a
    // few minutes after loading, then 8 and 15 Dec; friendly, firm, then the formal notice.
    await advanceDays(w, 22);
    const ladder = (await remindersSent(w, 'ESC-601')).filter((l) => Date.parse(l.at) < Date.parse('2026-12-16T00:00:00Z'));
    expect(ladder.map((l) => [l.at, l.data?.tone, l.data?.template])).toEqual([
      ['2026-12-01T15:05:00.000Z', 'friendly', 'overdue'],
      ['2026-12-08T15:00:00.000Z', 'firm', 'overdue'],
      ['2026-12-15T15:00:00.000Z', 'formal', 'final-notice'],
    ]);
    // Three delivered, the first 21 days before: the letter on Tuesday 22 Dec at 09:00, the only one.
    const letter = await letters(w, 'ESC-601');
    expect(letter.files).toHaveLength(1);
    expect(letter.files[0]).toMatchObject({ to: 'tesoreria@morosa.example.com', at: new Date('2026-12-22T15:00:00.000Z') });
    expect(letter.sent).toHaveLength(1);
    expect((await account(w, 'ESC-601')).stage).toBe('pre-legal');
    // The evidence: the letter's text (and its printable copy) in the bucket, once.
    const evidence = (await bucketFiles(w, 'escalation/letters/ESC-601')).filter((name) => name.endsWith('.txt'));
    expect(evidence).toHaveLength(1);
    const text = await readFile(join(w.runtime.layout.bucketDir, 'escalation', 'letters', 'ESC-601', evidence[0]!), 'utf8');
    // All three are overdue by then: F-7603 fell due on Sunday 20 Dec, payable Monday 21, a day late on the 22nd.
    for (const number of ['F-7601', 'F-7602', 'F-7603']) expect(text).toMatch(new RegExp(`^- Factura ${number}:`, 'm'));
    // The last day to pay: 22 Dec + 10 days is 1 January (a holiday), then a weekend: Monday 4 January.
    expect(text).toContain('a más tardar el 4 de enero de 2027');
    // The email carries the letter as a PDF attachment: the same bytes as the evidence in the bucket.
    const eml = await readFile(join(w.runtime.layout.outboxDir, 'email', letter.files[0]!.file), 'utf8');
    const pdfEvidence = await readFile(join(w.runtime.layout.bucketDir, 'escalation', 'letters', 'ESC-601', evidence[0]!.replace(/\.txt$/, '.pdf')), 'latin1');
    expect(attachedPdfs(eml)).toEqual([pdfEvidence]);

    // Until the deadline is over, nothing new: on Monday 4 January it is still pre-legal.
    await advanceDays(w, 12); // → Monday 4 January, 09:00 in Mexico City
    expect((await letters(w, 'ESC-601')).files).toHaveLength(1);
    expect((await account(w, 'ESC-601')).stage).toBe('pre-legal');
    expect(await bucketFiles(w, 'escalation/hand-off')).toEqual([]);

    await advanceDays(w, 1); // → 5 January: the day after the deadline, at 09:00
    const handedOff = await account(w, 'ESC-601');
    expect(handedOff.stage).toBe('hand-off');
    expect(stagesOf(handedOff)).toEqual(['advanced', 'pre-legal', 'hand-off']);
    expect(handedOff.stages.at(-1)).toMatchObject({ at: '2027-01-05T15:00:00.000Z' });
    expect(handedOff.stages.at(-1)!.reason).toContain('→ hand-off to agency');
    const packages = await bucketFiles(w, 'escalation/hand-off/ESC-601');
    expect(packages).toHaveLength(1);
    const pack = JSON.parse(await readFile(join(w.runtime.layout.bucketDir, 'escalation', 'hand-off', 'ESC-601', packages[0]!), 'utf8'));
    expect(pack).toMatchObject({ to: 'agency', account: { accountId: 'ESC-601' } });
    expect(pack.invoices.map((i: { invoiceNumber: string }) => i.invoiceNumber).sort()).toEqual(['F-7601', 'F-7602', 'F-7603']);
    expect(pack.interactions.some((l: Interaction) => l.type === 'letter.queued')).toBe(true);
    expect((await log(w, 'ESC-601', 'handoff.prepared')).map((l) => l.data?.packageKey)).toEqual([`escalation/hand-off/ESC-601/${packages[0]}`]);

    // The account is the agency's now: every reminder still planned is skipped.
    const handOffAt = w.runtime.clock.now();
    await advanceDays(w, 21);
    expect(await remindersSent(w, 'ESC-601', handOffAt)).toEqual([]);
    for (const line of (await log(w, 'ESC-601', 'reminder.skipped')).filter((l) => Date.parse(l.at) >= handOffAt.getTime())) expect(line.detail).toContain('handed off to agency');
    expect((await letters(w, 'ESC-601')).files).toHaveLength(1);
    expect(await bucketFiles(w, 'escalation/hand-off/ESC-601')).toHaveLength(1);
    expect((await account(w, 'ESC-601')).stage).toBe('hand-off');
  });

  it('a small balance past the pre-legal letter\'s deadline is written off, and nobody is contacted again', async () => {
    const w = await world('castigo.csv');
    // Loaded 129 days past due and never written to: the ladder first, the letter on 22 Dec.
    expect((await account(w, 'ESC-701')).stage).toBe('advanced');
    await advanceDays(w, 22);
    expect((await account(w, 'ESC-701')).stage).toBe('pre-legal');
    expect((await letters(w, 'ESC-701')).files.map((f) => f.at)).toEqual([new Date('2026-12-22T15:00:00.000Z')]);

    await advanceDays(w, 14); // past Monday 4 January, the letter's last day to pay
    const view = await account(w, 'ESC-701');
    expect(view).toMatchObject({ stage: 'write-off', nextEvaluationAt: null });
    expect(stagesOf(view)).toEqual(['advanced', 'pre-legal', 'write-off']);
    expect(view.stages.at(-1)!.reason).toMatch(/balance MXN 800\.00 < MXN 1000\.00 and 162 days past due ≥ 120 → write-off/);
    expect(await log(w, 'ESC-701', 'account.written-off')).toHaveLength(1);
    expect(view.invoices).toEqual([expect.objectContaining({ status: 'open', balance: 80_000 })]); // stays on file for accounting
    expect(await evaluationSchedules(w, 'ESC-701')).toEqual([]);
    expect(await bucketFiles(w, 'escalation/hand-off')).toEqual([]);

    const writtenOffAt = w.runtime.clock.now();
    await advanceDays(w, 60);
    expect(await remindersSent(w, 'ESC-701', writtenOffAt)).toEqual([]);
    expect((await letters(w, 'ESC-701')).files).toHaveLength(1);
    expect((await account(w, 'ESC-701')).stage).toBe('write-off');
  });

  it('a debtor who never answers gets one silence alert per stage, not one per evaluation', async () => {
    const w = await world('temprana.csv');
    await advanceDays(w, 75); // early → mid (21 Dec) → advanced (20 Jan), weekly evaluations in between
    const view = await account(w, 'ESC-101');
    expect(stagesOf(view)).toEqual(['early', 'mid', 'advanced']);
    const silence = await alerts(w, 'ESC-101', 'silence');
    expect(silence.length).toBeGreaterThan(0);
    // At most one per stage entered, each after the stage began.
    const stageOf = (at: string) => [...view.stages].reverse().find((change) => change.at <= at)!.to;
    const perStage = new Map<string, number>();
    for (const alert of silence) perStage.set(stageOf(alert.at), (perStage.get(stageOf(alert.at)) ?? 0) + 1);
    for (const [stage, count] of perStage) expect({ stage, count }).toEqual({ stage, count: 1 });
    const evaluations = w.evaluations.filter((e) => e.states.includes('Record')).length;
    expect(evaluations).toBeGreaterThan(silence.length + 3);
  });

  it('completing an agent task asks for an evaluation', async () => {
    const w = await world('parcial.csv');
    const [task] = await w.runtime.openTasks('ESC-501');
    expect(task).toMatchObject({ type: 'personal-contact', status: 'open' });
    const runs = w.evaluations.length;
    await completeTask(w.runtime.escalationDeps, task!.taskId, 'ana', 'called: pays F-7501 next week');
    await w.runtime.settle();
    const after = w.evaluations.slice(runs);
    expect(after.map((e) => e.request.evaluationId)).toEqual([`ESC-501-task-${task!.taskId}`]);
    expect(after[0]!.states).toContain('Record');
    expect(await w.runtime.openTasks('ESC-501')).toEqual([]);
    expect((await log(w, 'ESC-501', 'task.completed'))[0]!.detail).toBe('personal-contact done by ana: called: pays F-7501 next week');
  });
});

describe('the local Step Functions starter', () => {
  const request: EvaluationRequest = { accountId: 'ESC-1', evaluationId: 'ESC-1-manual-1', trigger: { kind: 'manual', at: NOW.toISOString() } };
  /** A step that says "settled" and counts the evaluations it ran. */
  const counting = () => {
    const runs = { load: 0 };
    const step = async (req: { step: string }) => {
      if (req.step !== 'load') return { closed: false };
      runs.load += 1;
      return { settled: true, paused: false, stage: 'closed', version: 1 };
    };
    return { runs, step };
  };

  it('runs an execution name once, even when the same request comes twice in one batch (concurrently)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cobranza-starter-'));
    try {
      const { runs, step } = counting();
      const starter = new LocalEvaluationStarter(join(dir, 'executions.jsonl'), step);
      expect((await Promise.all([starter.start(request), starter.start(request), starter.start(request)])).sort()).toEqual(['exists', 'exists', 'started']);
      expect(runs.load).toBe(1);
      // A new process (a new starter on the same data dir) remembers it, as Step Functions does for 90 days.
      const next = counting();
      const again = new LocalEvaluationStarter(join(dir, 'executions.jsonl'), next.step);
      expect(await again.start(request)).toBe('exists');
      expect(await again.start({ ...request, evaluationId: 'ESC-1-manual-2' })).toBe('started');
      expect(next.runs.load).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Property: over random orders of events on one account, a settled account is never escalated and
// the account is always in exactly one stage.
// ---------------------------------------------------------------------------------------------

const PROPERTY_ACCOUNT = 'ESC-901';
const PROPERTY_INVOICES = ['F-7901', 'F-7902'] as const;
const ZONE = 'America/Mexico_City';
/** A re-check scheduled by an evaluation that found the account busy (another one held its lease). */
const BUSY_RETRY_MS = 2 * 60_000;
/** What, once settled, must never happen to the account again. */
const ESCALATING: readonly Interaction['type'][] = ['letter.queued', 'task.created', 'handoff.prepared', 'account.written-off'];

type Event =
  | { readonly kind: 'advance'; readonly days: number }
  | { readonly kind: 'pay'; readonly invoice: 0 | 1; readonly part: 'full' | 'half' }
  | { readonly kind: 'payAll' }
  | { readonly kind: 'promise'; readonly inDays: number }
  | { readonly kind: 'dispute'; readonly invoice: 0 | 1; readonly reason: (typeof DISPUTE_REASONS)[number] }
  | { readonly kind: 'resolve'; readonly resolution: (typeof DISPUTE_RESOLUTIONS)[number] }
  | { readonly kind: 'complete' };

const invoiceIndex = fc.constantFrom<0 | 1>(0, 1);
const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), invoice: invoiceIndex, part: fc.constantFrom<'full' | 'half'>('full', 'half') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'payAll' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('promise' as const), inDays: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dispute' as const), invoice: invoiceIndex, reason: fc.constantFrom(...DISPUTE_REASONS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), resolution: fc.constantFrom(...DISPUTE_RESOLUTIONS) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'complete' as const }) },
);

/** A bank statement (CSV export, as the sample's) paying `amounts` (minor units) to the invoices named, dated today. */
async function statement(w: World, name: string, payments: readonly { invoiceNumber: string; minor: number }[]): Promise<string> {
  const date = DateTime.fromJSDate(w.runtime.clock.now(), { zone: ZONE }).toFormat('dd/MM/yyyy');
  const money = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const lines = payments.map((p, i) => `${date};SPEI RECIBIDO GRUPO INDUSTRIAL AZAR;PAGO FACTURA ${p.invoiceNumber} ${name}-${i};;${money(p.minor)};1,000,000.00`);
  const file = join(w.dir, `${name}.csv`);
  await writeFile(file, ['Fecha;Concepto;Referencia;Cargo;Abono;Saldo', ...lines, ''].join('\n'));
  return file;
}

async function apply(w: World, event: Event, step: number): Promise<void> {
  const deps = w.runtime.escalationDeps;
  const view = await account(w, PROPERTY_ACCOUNT);
  const open = view.invoices.filter((i) => i.status === 'open' && i.balance > 0);
  switch (event.kind) {
    case 'advance':
      await w.runtime.advance(event.days * DAY);
      return;
    case 'pay': {
      const invoice = open.find((i) => i.invoiceNumber === PROPERTY_INVOICES[event.invoice]);
      if (!invoice) return;
      const minor = event.part === 'full' || invoice.balance < 200 ? invoice.balance : Math.floor(invoice.balance / 2);
      await w.runtime.reconcile(await statement(w, `pago-${step}`, [{ invoiceNumber: invoice.invoiceNumber, minor }]), { currency: 'MXN' });
      return;
    }
    case 'payAll':
      if (open.length === 0) return;
      await w.runtime.reconcile(await statement(w, `pago-${step}`, open.map((i) => ({ invoiceNumber: i.invoiceNumber, minor: i.balance }))), { currency: 'MXN' });
      return;
    case 'promise': {
      const date = DateTime.fromJSDate(w.runtime.clock.now(), { zone: ZONE }).plus({ days: event.inDays }).toISODate()!;
      await recordPromise(deps, { accountId: PROPERTY_ACCOUNT, date, source: 'cli', key: `promise-${step}` });
      break;
    }
    case 'dispute':
      await openDispute(deps, { accountId: PROPERTY_ACCOUNT, invoiceNumber: PROPERTY_INVOICES[event.invoice], reason: event.reason, by: 'property' });
      break;
    case 'resolve': {
      const dispute = view.disputes.find((d) => d.status === 'open');
      if (!dispute) return;
      await resolveDispute(deps, { accountId: PROPERTY_ACCOUNT, disputeId: dispute.disputeId, resolution: event.resolution, by: 'property' });
      break;
    }
    case 'complete': {
      const [task] = await w.runtime.openTasks(PROPERTY_ACCOUNT);
      if (!task) return;
      await completeTask(deps, task.taskId, 'property', 'called the debtor');
      break;
    }
  }
  await w.runtime.settle();
}

/**
 * The invariants after every event. `settled` is set once the account owes nothing: the log lines that
 * were there before the event that settled it (everything after is what happened to a settled account).
 */
async function checkInvariants(w: World, settled: ReadonlySet<string> | undefined, history: readonly Event[]): Promise<void> {
  const why = JSON.stringify(history);
  const view = await account(w, PROPERTY_ACCOUNT);
  // Exactly one stage: one escalation record for the account, in one of the stages, its history a chain.
  const summary = await w.runtime.escalationSummary();
  expect(summary.stages, why).toEqual({ [view.stage]: 1 });
  expect(STAGES, why).toContain(view.stage);
  view.stages.forEach((change, i) => {
    if (i > 0) expect(change.from, why).toBe(view.stages[i - 1]!.to);
  });
  if (view.stages.length > 0) expect(view.stages.at(-1)!.to, why).toBe(view.stage);
  // Never two letters for one entry into pre-legal.
  const letters = (await log(w, PROPERTY_ACCOUNT, 'letter.queued')).length;
  expect(letters, why).toBeLessThanOrEqual(view.stages.filter((change) => change.to === 'pre-legal').length);

  if (!settled) return;
  // Settled: closed, nothing pending beyond a busy look-again, and nothing escalating since.
  expect(view.invoices.every((i) => i.balance === 0), why).toBe(true);
  expect(view.stage, why).toBe('closed');
  expect(view.nextEvaluationAt, why).toBeNull();
  const now = w.runtime.clock.now().getTime();
  for (const pending of await evaluationSchedules(w, PROPERTY_ACCOUNT)) expect(Date.parse(pending.at), why).toBeLessThanOrEqual(now + BUSY_RETRY_MS);
  const since = (await log(w, PROPERTY_ACCOUNT)).filter((l) => !settled.has(l.interactionId));
  expect(since.filter((l) => ESCALATING.includes(l.type)).map((l) => `${l.at} ${l.type} ${l.detail ?? ''}`), why).toEqual([]);
  expect(since.filter((l) => l.type === 'escalation.stage').map((l) => l.data?.to), why).toEqual(since.filter((l) => l.type === 'escalation.stage').map(() => 'closed'));
  expect(since.filter((l) => l.type === 'message.sent' && (l.data?.kind ?? 'reminder') === 'reminder'), why).toEqual([]);
}

describe('escalation property: random orders of payments, promises, disputes, task completions and clock advances', () => {
  it('a settled account is never escalated again, and the account is always in exactly one stage', async () => {
    let runs = 0;
    let settledRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { minLength: 3, maxLength: 8 }), async (events) => {
        runs += 1;
        const w = await world('propiedad.csv');
        try {
          let settled: Set<string> | undefined;
          const done: Event[] = [];
          await checkInvariants(w, settled, done);
          for (const [step, event] of events.entries()) {
            const before = new Set((await log(w, PROPERTY_ACCOUNT)).map((l) => l.interactionId));
            await apply(w, event, step);
            done.push(event);
            if (!settled && (await account(w, PROPERTY_ACCOUNT)).invoices.every((i) => i.balance === 0)) settled = before;
            await checkInvariants(w, settled, done);
          }
          if (settled) settledRuns += 1;
        } finally {
          worlds.splice(worlds.indexOf(w), 1);
          await w.runtime.close();
          await rm(w.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 30 },
    );
    expect(runs).toBeGreaterThanOrEqual(30);
    // The generated statements do get applied: about a third of the runs settle the account.
    expect(settledRuns).toBeGreaterThan(0);
  }, 300_000);
});
