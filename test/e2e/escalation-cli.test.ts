import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type Json } from './support/cli.js';
import { verifyPortalToken } from '../../shared/domain/portal/portal-token.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The collectors' commands of the CLI, run as a person runs them (a child process per command, one
 * data dir on disk): the worklist, claiming / noting / completing a task, a promise, a dispute and its
 * resolution, a payment plan, and the account view — each with `--json`, whose last stdout line is the
 * result, and the exit codes of the README (0 done, 1 refused, 2 wrong usage).
 */
let dir: string;
let dataDir: string;


const cli = (...args: string[]) => runCli(dataDir, args);

const ACCOUNT_KEYS = ['account', 'disputes', 'history', 'invoices', 'nextEvaluationAt', 'openTasks', 'plans', 'promises', 'since', 'stage', 'stages'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-escalation-cli-'));
  dataDir = join(dir, 'data');
  // ESC-501: F-7501 42 days past due (mid: a personal-contact task), F-7502 6 days. ESC-301: 10 days (early).
  const first = await cli('ingest', 'test/fixtures/escalation/parcial.csv', '--json', '--now', '2026-12-01T15:00:00Z');
  expect(first).toMatchObject({ code: 0, json: { accepted: 2, rejected: [] } });
  expect((await cli('ingest', 'test/fixtures/escalation/promesa-cumplida.csv', '--json')).json).toMatchObject({ accepted: 1 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cobranza tasks / task', () => {
  let taskId: string;

  it('tasks --json: the worklist, each open task with its account\'s balance, stage and expected value', async () => {
    const { code, json } = await cli('tasks', '--json');
    expect(code).toBe(0);
    expect(json).toEqual([
      {
        task: expect.objectContaining({ accountId: 'ESC-501', type: 'personal-contact', status: 'open', createdAt: '2026-12-01T15:00:00.000Z', deadline: '2026-12-03T15:00:00.000Z' }),
        balance: { MXN: 4_200_000 },
        stage: 'mid',
        recoveryProbability: expect.any(Number),
        urgency: 1,
        expectedValue: expect.any(Number),
      },
    ]);
    expect(json[0].task.text).toContain('Offer a payment plan');
    // MXN 42,000.00 in units of the policy's MXN balance reference (MXN 100,000.00) × probability × urgency 1.
    expect(json[0].expectedValue).toBeCloseTo(0.42 * json[0].recoveryProbability, 3);
    taskId = json[0].task.taskId;
    // Without --json: one line per task, for a person.
    const human = await cli('tasks');
    expect(human.stdout).toContain(`${taskId}  personal-contact ESC-501  mid`);
  });

  it('task claim / note / complete --outcome: owner, notes and outcome recorded; completion re-evaluates the account', async () => {
    const claimed = await cli('task', 'claim', taskId, '--by', 'ana', '--json');
    expect(claimed).toMatchObject({ code: 0, json: { taskId, owner: 'ana', status: 'open' } });
    const noted = await cli('task', 'note', taskId, '--by', 'ana', 'buzón', 'lleno', '--json');
    expect(noted.json.notes).toEqual([{ at: '2026-12-01T15:00:00.000Z', by: 'ana', text: 'buzón lleno' }]);
    const done = await cli('task', 'complete', taskId, '--outcome', 'promete pagar F-7501 el viernes', '--by', 'ana', '--json');
    expect(done).toMatchObject({ code: 0, json: { taskId, status: 'done', owner: 'ana', outcome: 'promete pagar F-7501 el viernes', completedAt: '2026-12-01T15:00:00.000Z' } });

    expect((await cli('tasks', '--json')).json).toEqual([]);
    const log = (await cli('log', 'ESC-501', '--json')).json as Json[];
    expect(log.find((l) => l.type === 'task.completed')?.detail).toBe('personal-contact done by ana: promete pagar F-7501 el viernes');
    // The evaluation the completion asked for ran (the account stays mid: nothing was paid).
    expect(log.some((l) => l.type === 'escalation.evaluated' && String(l.interactionId).includes(`ESC-501-task-${taskId}`))).toBe(true);
  });

  it('an unknown task is refused (exit 1, the reason as JSON); a missing action is wrong usage (exit 2)', async () => {
    expect(await cli('task', 'complete', 't-nope', '--outcome', 'x', '--json')).toMatchObject({ code: 1, json: { error: 'no task t-nope' } });
    expect(await cli('task', 'note', taskId, '--json')).toMatchObject({ code: 1, json: { error: 'a note needs some text' } });
    const usage = await cli('task', 'finish', taskId);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: cobranza task claim|complete|note');
  });
});

describe('cobranza promise / dispute / plan / account', () => {
  it('promise: recorded from the CLI, the escalation pauses for it', async () => {
    const { code, json } = await cli('promise', 'ESC-301', '--date', '2026-12-10', '--amount', '2200000', '--currency', 'mxn', '--json');
    expect(code).toBe(0);
    expect(json).toMatchObject({ accountId: 'ESC-301', date: '2026-12-10', amount: 2_200_000, currency: 'MXN', source: 'cli', status: 'open' });
    const view = (await cli('account', 'ESC-301', '--json')).json;
    expect(view.promises).toEqual([expect.objectContaining({ promiseId: json.promiseId, status: 'open' })]);
    expect(view.stage).toBe('early');
    // Looked at again when the promise's grace ends or at the weekly review, whichever comes first.
    expect(view.nextEvaluationAt).toBe('2026-12-08T15:00:00.000Z');
    expect(view.history.filter((l: Json) => l.type === 'promise.recorded').map((l: Json) => l.detail)).toEqual(['promise to pay on 2026-12-10 (MXN 22000.00) by cli']);

    expect(await cli('promise', 'ESC-301', '--date', '10/12/2026', '--json')).toMatchObject({ code: 1, json: { error: "promise date must be YYYY-MM-DD, got '10/12/2026'" } });
    expect(await cli('promise', 'ESC-301', '--date', '2026-11-30', '--json')).toMatchObject({ code: 1, json: { error: 'promise date 2026-11-30 is before today (2026-12-01 in America/Mexico_City)' } });
    expect((await cli('promise', 'ESC-301', '--json')).code).toBe(2);
  });

  it('promise: a date that would pause forever, or is not on the calendar, is refused (exit 1) and nothing is recorded', async () => {
    // 1 December + policy promises.maxDaysAhead (45 days) = 15 January.
    expect(await cli('promise', 'ESC-301', '--date', '9999-12-31', '--json')).toEqual(
      expect.objectContaining({
        code: 1,
        json: {
          error: 'promise date 9999-12-31 is after the last day a promise may name: from 2026-12-01 to 2027-01-15 (45 days ahead, policy promises.maxDaysAhead, in America/Mexico_City)',
          field: 'date',
        },
      }),
    );
    const rolled = await cli('promise', 'ESC-301', '--date', '2027-02-31');
    expect(rolled.code).toBe(1);
    expect(rolled.stderr).toBe('cobranza: promise date 2027-02-31 is not a day of the calendar\n');
    expect((await cli('account', 'ESC-301', '--json')).json.promises).toHaveLength(1);
  });

  it('dispute INVOICE --account --reason, then dispute resolve: open with its SLA, then resolved', async () => {
    const opened = await cli('dispute', 'F-7502', '--account', 'ESC-501', '--reason', 'damaged', '--note', 'llegó roto', '--json');
    expect(opened).toMatchObject({ code: 0, json: { accountId: 'ESC-501', invoiceNumber: 'F-7502', reason: 'damaged', note: 'llegó roto', status: 'open', slaDueAt: '2026-12-04T15:00:00.000Z' } });
    const disputeId = opened.json.disputeId as string;
    const resolved = await cli('dispute', 'resolve', disputeId, '--account', 'ESC-501', '--resolution', 'credit-note', '--json');
    expect(resolved).toMatchObject({ code: 0, json: { disputeId, status: 'resolved', resolution: 'credit-note', resolvedAt: '2026-12-01T15:00:00.000Z' } });

    const bad = await cli('dispute', 'F-7502', '--account', 'ESC-501', '--reason', 'because');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--reason takes price-difference, not-delivered, damaged, duplicate-invoice, credit-note-pending, other');
    expect(await cli('dispute', 'F-404', '--account', 'ESC-501', '--reason', 'other', '--json')).toMatchObject({ code: 1, json: { error: 'no invoice F-404 of account ESC-501' } });
  });

  it('plan: terms that could hurt are refused (exit 1), saying the flag and its allowed range; nothing is made', async () => {
    const down = await cli('plan', 'ESC-501', '--down', '150');
    expect(down.code).toBe(1);
    expect(down.stderr).toBe('cobranza: --down must be a percentage of at least 0 and less than 100, got 150\n');
    expect(await cli('plan', 'ESC-501', '--installments', '0', '--json')).toMatchObject({
      code: 1,
      json: { error: '--installments must be a whole number from 1 to 12 (policy escalation.plans.maxInstallments), got 0', field: 'installments' },
    });
    expect(await cli('plan', 'ESC-501', '--discount', '100', '--json')).toMatchObject({
      code: 1,
      json: { error: '--discount must be a percentage from 0 to 10 (policy escalation.plans.maxDiscountPercent), got 100', field: 'discountPercent' },
    });
    expect((await cli('plan', 'ESC-501', '--installments', '2.5')).stderr).toContain('--installments must be a whole number from 1 to 12');
    expect((await cli('account', 'ESC-501', '--json')).json.plans).toEqual([]);
  });

  it('plan: down payment now, installments every 30 days, summing to the balance', async () => {
    const { code, json } = await cli('plan', 'ESC-501', '--down', '40', '--installments', '2', '--json');
    expect(code).toBe(0);
    expect(json).toMatchObject({ accountId: 'ESC-501', currency: 'MXN', total: 4_200_000, status: 'active', discountPercent: 0 });
    expect(json.installments.map((i: Json) => i.dueDate)).toEqual(['2026-12-01', '2026-12-31', '2027-01-30']);
    expect(json.installments.map((i: Json) => i.amount)).toEqual([1_680_000, 1_260_000, 1_260_000]);
    const human = await cli('plan', 'ESC-501', '--installments', 'three');
    expect(human.code).toBe(2);
  });

  it('account --json: the keys a collector reads, with what the commands above left', async () => {
    const { code, json } = await cli('account', 'ESC-501', '--json');
    expect(code).toBe(0);
    expect(Object.keys(json).sort()).toEqual(ACCOUNT_KEYS);
    expect(json).toMatchObject({ stage: 'mid', account: { accountId: 'ESC-501', name: 'Comercializadora Abonos Parciales SA de CV' } });
    expect(json.nextEvaluationAt).toMatch(/^2026-12-\d\dT\d\d:00:00\.000Z$/);
    expect(json.stages).toEqual([expect.objectContaining({ from: 'current', to: 'mid', at: '2026-12-01T15:00:00.000Z' })]);
    expect(json.invoices.map((i: Json) => [i.invoiceNumber, i.status, i.balance])).toEqual([
      ['F-7501', 'open', 3_000_000],
      ['F-7502', 'open', 1_200_000],
    ]);
    expect(json.disputes).toEqual([expect.objectContaining({ status: 'resolved', resolution: 'credit-note' })]);
    expect(json.plans).toEqual([expect.objectContaining({ status: 'active', total: 4_200_000 })]);
    expect(json.openTasks).toEqual([]);
    const types = new Set(json.history.map((l: Json) => l.type));
    for (const type of ['invoice.ingested', 'escalation.stage', 'task.created', 'task.claimed', 'task.note', 'task.completed', 'dispute.opened', 'dispute.resolved', 'plan.created']) expect(types).toContain(type);

    const human = await cli('account', 'ESC-501');
    expect(human.stdout).toContain('stage: mid since 2026-12-01T15:00:00.000Z');
    expect(human.stdout).toContain('F-7501');
    expect(await cli('account', 'NOPE', '--json')).toMatchObject({ code: 1, json: { error: 'no account NOPE' } });
  });
});

describe('cobranza portal', () => {
  it('portal --json: the debtor\'s signed self-service link on the local server; an unknown account is refused', async () => {
    const { code, json } = await cli('portal', 'ESC-301', '--json');
    expect(code).toBe(0);
    expect(json).toEqual({ accountId: 'ESC-301', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8787\/portal\?t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/) });
    const key = (await readFile(join(dataDir, 'contact-key'), 'utf8')).trim();
    expect(verifyPortalToken(new URL((json as { url: string }).url).searchParams.get('t')!, key, new Date('2026-12-01T15:00:00Z'))).toBe('ESC-301');
    const unknown = await cli('portal', 'NOPE-1', '--json');
    expect(unknown.code).not.toBe(0);
    expect(unknown.json).toEqual({ error: 'no account NOPE-1' });
  });
});

describe('a plan that replaces another; tasks that end with their dispute', () => {
  it('a second plan supersedes the first (same instant, new id); the first one\'s installment reminder is skipped saying so', async () => {
    const before = (await cli('account', 'ESC-501', '--json')).json.plans as Json[];
    expect(before).toEqual([expect.objectContaining({ status: 'active' })]);
    const oldId = before[0].planId as string;

    const made = await cli('plan', 'ESC-501', '--down', '20', '--installments', '6', '--by', 'luis');
    expect(made.code).toBe(0);
    const json = { planId: /^plan (plan-[0-9a-f]+): /.exec(made.stdout)?.[1] };
    expect(json.planId).toBeDefined();
    expect(json.planId).not.toBe(oldId);
    expect(made.stdout).toContain(`supersedes ${oldId}: its installment reminders are skipped`);
    expect(made.stdout).toContain('\nsettles F-7501, F-7502\n');

    const view = (await cli('account', 'ESC-501', '--json')).json;
    expect(view.plans.map((p: Json) => [p.planId, p.status, p.supersededBy ?? null, p.installments.length])).toEqual([
      [oldId, 'superseded', json.planId, 3],
      [json.planId, 'active', null, 7],
    ]);
    const log = view.history as Json[];
    expect(log.find((l) => l.type === 'plan.superseded')?.detail).toBe(`payment plan ${oldId} (MXN 42000.00 in 3 payments from 2026-12-01) superseded by ${json.planId} (by luis): its installment reminders are skipped`);
    expect(log.filter((l) => l.type === 'plan.created').map((l) => l.detail)).toContain(`payment plan of 4200000 MXN in 7 payments (by luis); supersedes ${oldId}`);
    expect((await cli('account', 'ESC-501')).stdout).toContain(`${oldId} superseded by ${json.planId} 4200000 MXN, 3 payments for F-7501, F-7502`);

    // The old plan's down-payment reminder (09:05 in Mexico City) fires, and is skipped with the reason.
    expect((await cli('advance', '1h', '--json')).code).toBe(0);
    const skipped = ((await cli('log', 'ESC-501', '--json')).json as Json[]).filter((l) => l.type === 'installment.skipped' && l.data?.planId === oldId);
    expect(skipped.map((l) => l.detail)).toEqual([`plan superseded by ${json.planId}`]);
  });

  it('a dispute past its SLA gets a task; resolving the dispute closes that task, as done by system', async () => {
    const opened = await cli('dispute', 'F-7301', '--account', 'ESC-301', '--reason', 'not-delivered', '--json');
    expect(opened.code).toBe(0);
    const disputeId = opened.json.disputeId as string;
    // Its only invoice is in dispute: no plan may ask for it, and the refusal says why.
    const plan = await cli('plan', 'ESC-301');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe('cobranza: account ESC-301 owes nothing a plan may settle: F-7301 (open dispute) left out\n');
    // The SLA is 72 hours: the evaluation at its end creates the dispute-sla task.
    expect((await cli('advance', '4d', '--json')).code).toBe(0);
    const sla = ((await cli('tasks', '--json')).json as Json[]).filter((i) => i.task.type === 'dispute-sla' && i.task.accountId === 'ESC-301');
    expect(sla).toHaveLength(1);
    expect(sla[0].task.text).toContain(`dispute ${disputeId} on invoice F-7301`);
    const taskId = sla[0].task.taskId as string;

    expect((await cli('dispute', 'resolve', disputeId, '--account', 'ESC-301', '--resolution', 'rejected', '--by', 'ana', '--json')).code).toBe(0);
    expect(((await cli('tasks', '--json')).json as Json[]).map((i) => i.task.taskId)).not.toContain(taskId);
    const log = (await cli('log', 'ESC-301', '--json')).json as Json[];
    expect(log.filter((l) => l.type === 'task.completed').map((l) => l.detail)).toEqual([`dispute-sla done by system: dispute ${disputeId} on F-7301 resolved (rejected)`]);
  });
});
