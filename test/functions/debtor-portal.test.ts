import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDebtorPortalHandler } from '../../functions/debtor-portal/app.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import { signPortalToken } from '../../shared/domain/portal/portal-token.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createPlan } from '../../shared/usecases/escalation-requests.js';
import {
  acceptAll,
  context,
  debtor,
  escalationHarness,
  ESCALATION_AWS,
  fixedClock,
  observability,
  openInvoice,
  queued,
  reminderScheduler,
  SCHEDULER,
  type EscalationHarness,
} from './harness.js';

/**
 * debtor-portal, the debtor's self-service page behind the signed link of their reminder emails:
 * dynalite for the account, SQS (escalation queue) and Scheduler (installment reminders) mocked.
 */
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
const KEY = 'test-contact-key';
const NOW = '2026-12-01T15:00:00.000Z'; // Tuesday 09:00 in Mexico City
let h: EscalationHarness;

function portal(now = NOW) {
  const clock = fixedClock(now);
  return createDebtorPortalHandler({
    store: h.store,
    log: h.log,
    escalation: h.escalation,
    tasks: h.tasks,
    evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({ region: 'us-east-1' }), ESCALATION_AWS.escalationQueueUrl),
    scheduler: reminderScheduler(clock),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    key: async () => KEY,
    observability,
  });
}

function request(method: 'GET' | 'POST', query: Record<string, string>, form?: Record<string, string>): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: `${method} /portal`,
    rawPath: '/portal',
    rawQueryString,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    queryStringParameters: query,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1',
      domainName: 'cobranza.example.com',
      domainPrefix: 'cobranza',
      http: { method, path: '/portal', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' },
      requestId: 'req-1',
      routeKey: `${method} /portal`,
      stage: '$default',
      time: '01/Dec/2026:15:00:00 +0000',
      timeEpoch: Date.parse(NOW),
    },
    isBase64Encoded: false,
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  };
}

async function call(event: APIGatewayProxyEventV2, now = NOW): Promise<APIGatewayProxyStructuredResultV2 & { body: string }> {
  const result = (await portal(now)(event, context)) as APIGatewayProxyStructuredResultV2;
  return { ...result, body: String(result.body ?? '') };
}

const token = (accountId: string, issued = new Date(NOW)) => signPortalToken(accountId, issued, KEY);
const evaluations = () => queued<EvaluationRequest>(sqs, ESCALATION_AWS.escalationQueueUrl);

beforeAll(async () => {
  h = await escalationHarness();
  await h.store.putAccounts(['WEB-1', 'WEB-2', 'WEB-3', 'WEB-4'].map((id) => debtor(id, { name: `Comercial ${id}` })));
  await h.store.putInvoices(
    ['WEB-1', 'WEB-2', 'WEB-3', 'WEB-4'].flatMap((id) => [
      openInvoice(id, 'A-1', { balance: 3_000_000, amount: 3_000_000, dueDate: '2026-10-20' }),
      openInvoice(id, 'A-2', { balance: 1_000_000, amount: 1_000_000, dueDate: '2026-11-20' }),
    ]),
  );
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/x/y' });
});

describe('debtor-portal: the page', () => {
  it('GET shows the account\'s open invoices, never cached nor framed', async () => {
    const page = await call(request('GET', { t: token('WEB-1') }));
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
    expect(page.body).toContain('Comercial WEB-1');
    expect(page.body).toContain('$30,000.00');
    expect(page.body).toContain('20 de octubre de 2026');
    expect(page.body).toContain('id="plan-form"');
    // A promise from today through policy promises.maxDaysAhead (45 days: 1 December → 15 January).
    expect(page.body).toContain('<input type="date" name="date" min="2026-12-01" max="2027-01-15" required>');
    expect(page.body).toContain('Puede elegir una fecha del 1 de diciembre de 2026 al 15 de enero de 2027.');
    expect(evaluations()).toEqual([]);
  });

  it('a forged link is refused (400), an expired one says so (410), and neither shows anything of the account', async () => {
    const good = token('WEB-1');
    const forged = `${good.slice(0, -2)}xx`;
    const bad = await call(request('GET', { t: forged }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enlace no válido');
    expect(bad.body).not.toContain('WEB-1');
    const old = await call(request('GET', { t: token('WEB-1', new Date('2026-09-01T00:00:00Z')) }));
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('Enlace vencido');
    expect(old.body).not.toContain('$30,000.00');
    expect((await call(request('POST', { t: forged }, { action: 'plan' }))).statusCode).toBe(400);
    expect(await h.escalation.listPlans('WEB-1')).toEqual([]);
  });
});

describe('debtor-portal: what a debtor can ask', () => {
  it('promise: recorded from the portal with its amount in minor units, an evaluation asked, then the page confirms it (303)', async () => {
    const t = token('WEB-2');
    const posted = await call(request('POST', { t }, { action: 'promise', date: '2026-12-11', amount: '12,500.50' }));
    expect(posted.statusCode).toBe(303);
    expect(posted.headers?.location).toBe(`?t=${encodeURIComponent(t)}&done=promise`);

    const [promise, ...more] = await h.escalation.listPromises('WEB-2');
    expect(more).toEqual([]);
    expect(promise).toMatchObject({ date: '2026-12-11', amount: 1_250_050, currency: 'MXN', source: 'portal', status: 'open' });
    expect(evaluations()).toEqual([expect.objectContaining({ accountId: 'WEB-2', trigger: expect.objectContaining({ kind: 'promise' }) })]);

    const page = await call(request('GET', { t, done: 'promise' }));
    expect(page.body).toContain('role="status">Gracias: registramos su promesa de pago.');
    expect(page.body).toContain('Pago el 11 de diciembre de 2026 por $12,500.50');
  });

  it('dispute: one open invoice with a reason and a note; the page then shows it under review', async () => {
    const t = token('WEB-3');
    const posted = await call(request('POST', { t }, { action: 'dispute', invoiceNumber: 'A-2', reason: 'damaged', note: 'llegó golpeado' }));
    expect(posted.statusCode).toBe(303);
    expect(await h.escalation.listDisputes('WEB-3')).toEqual([expect.objectContaining({ invoiceNumber: 'A-2', reason: 'damaged', note: 'llegó golpeado', status: 'open' })]);
    const page = await call(request('GET', { t }));
    expect(page.body).toMatch(/<tr data-invoice="A-2">.*En revisión/);
    expect(page.body).not.toContain('<option value="A-2">');
  });

  it('plan: the policy\'s plan is created by the portal and its installments\' reminders are scheduled; a second one is refused', async () => {
    const t = token('WEB-4');
    expect((await call(request('POST', { t }, { action: 'plan' }))).statusCode).toBe(303);
    const [plan] = await h.escalation.listPlans('WEB-4');
    expect(plan).toMatchObject({ status: 'active', total: 4_000_000, currency: 'MXN', invoiceNumbers: ['A-1', 'A-2'] });
    expect((await h.log.listForAccount('WEB-4')).find((l) => l.type === 'plan.created')?.detail).toContain('(by portal)');
    expect(scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input.GroupName)).toEqual(expect.arrayContaining([SCHEDULER.groupName]));
    expect(scheduler.commandCalls(CreateScheduleCommand).length).toBeGreaterThan(0);

    const again = await call(request('POST', { t }, { action: 'plan' }));
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('role="alert">No pudimos registrar su solicitud: su cuenta ya tiene un plan de pagos vigente.');
    expect(await h.escalation.listPlans('WEB-4')).toHaveLength(1);
    const page = await call(request('GET', { t }));
    expect(page.body).toContain('Su plan de pagos');
    expect(page.body).not.toContain('id="plan-form"');
    expect(page.body).not.toContain('reemplaza');
  });

  it('a plan a collector agreed later replaces the portal\'s: the page lists the new installments and says the old plan no longer applies', async () => {
    const t = token('WEB-4');
    const clock = fixedClock('2026-12-03T16:00:00.000Z');
    await createPlan(
      { store: h.store, log: h.log, escalation: h.escalation, tasks: h.tasks, evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({ region: 'us-east-1' }), ESCALATION_AWS.escalationQueueUrl), scheduler: reminderScheduler(clock), policy: new ActivePolicy(h.policies, clock), clock },
      { accountId: 'WEB-4', downPaymentPercent: 10, installments: 2, by: 'ana' },
    );
    const page = await call(request('GET', { t }), '2026-12-03T16:00:00.000Z');
    const plan = page.body.slice(page.body.indexOf('id="plan"'), page.body.indexOf('</section>', page.body.indexOf('id="plan"')));
    // MXN 40,000.00: 10% down on 3 December, then 18,000.00 on 2 January and 1 February.
    expect(plan.match(/<li>[^<]*<\/li>/g)).toEqual([
      '<li>Pago inicial: 3 de diciembre de 2026 · $4,000.00 · pendiente</li>',
      '<li>Pago 1: 2 de enero de 2027 · $18,000.00 · pendiente</li>',
      '<li>Pago 2: 1 de febrero de 2027 · $18,000.00 · pendiente</li>',
    ]);
    expect(plan).toContain('Este plan reemplaza a su plan anterior del 1 de diciembre de 2026, que ya no está vigente.');
  });

  it('a bad form is a 422 page saying what is wrong, and nothing is recorded', async () => {
    const t = token('WEB-1');
    // Said to the (Spanish-speaking) debtor in their words, not the use cases' English.
    const cases: [Record<string, string>, string][] = [
      [{ action: 'promise', date: '' }, 'elija una fecha de pago.'],
      [{ action: 'promise', date: '2026-11-01' }, 'la fecha de pago no puede ser anterior a hoy.'],
      // A date that would pause the account forever, and one that is not on the calendar (not rolled into March).
      [{ action: 'promise', date: '9999-12-31' }, 'la fecha de pago puede ser a más tardar el 15 de enero de 2027.'],
      [{ action: 'promise', date: '2027-01-16' }, 'la fecha de pago puede ser a más tardar el 15 de enero de 2027.'],
      [{ action: 'promise', date: '2027-02-31' }, 'elija una fecha de pago.'],
      [{ action: 'promise', date: '2026-12-20', amount: 'mucho' }, 'escriba el monto con números, por ejemplo 1500.00, o déjelo vacío.'],
      [{ action: 'promise', date: '2026-12-20', amount: '10.555' }, 'el monto tiene más decimales de los que admite la moneda.'],
      [{ action: 'promise', date: '2026-12-20', amount: '0' }, 'escriba el monto con números, por ejemplo 1500.00, o déjelo vacío.'],
      [{ action: 'dispute', invoiceNumber: 'A-9', reason: 'damaged' }, 'esa factura ya no está pendiente.'],
      [{ action: 'dispute', invoiceNumber: 'A-1', reason: 'because' }, 'elija un motivo de la lista.'],
      [{ action: 'pay-me' }, 'el formulario llegó incompleto; inténtelo de nuevo.'],
    ];
    for (const [form, error] of cases) {
      const answer = await call(request('POST', { t }, form));
      expect({ form, status: answer.statusCode }).toEqual({ form, status: 422 });
      expect(answer.body.match(/role="alert">([^<]*)/)?.[1]).toBe(`No pudimos registrar su solicitud: ${error}`);
    }
    expect(await h.escalation.listPromises('WEB-1')).toEqual([]);
    expect(await h.escalation.listDisputes('WEB-1')).toEqual([]);
    expect(evaluations()).toEqual([]);
  });
});

describe('debtor-portal: the plan accepted is the plan offered', () => {
  // PLAN-1 owes MXN 10,000.00 it may be asked for; A-2 (MXN 90,000.00) is in dispute and A-3
  // (MXN 5,000.00) has dates a person must check. The offer and the plan are over A-1 only.
  beforeAll(async () => {
    await h.store.putAccounts([debtor('PLAN-1', { name: 'Comercial PLAN-1' }), debtor('PLAN-2', { name: 'Comercial PLAN-2' })]);
    await h.store.putInvoices([
      openInvoice('PLAN-1', 'A-1', { balance: 1_000_000, amount: 1_000_000, dueDate: '2026-11-01' }),
      openInvoice('PLAN-1', 'A-2', { balance: 9_000_000, amount: 9_000_000, dueDate: '2026-11-05' }),
      openInvoice('PLAN-1', 'A-3', { balance: 500_000, amount: 500_000, dueDate: '1999-11-05', dateWarning: 'due before 2000' }),
      openInvoice('PLAN-2', 'B-1', { balance: 2_000_000, amount: 2_000_000, dueDate: '2026-11-01' }),
    ]);
    await h.escalation.putDispute({ disputeId: 'd-plan1', accountId: 'PLAN-1', invoiceNumber: 'A-2', reason: 'damaged', openedAt: '2026-11-20T15:00:00.000Z', slaDueAt: '2026-11-23T15:00:00.000Z', status: 'open' });
  });

  const offerKey = (body: string) => /<input type="hidden" name="offer" value="([^"]+)">/.exec(body)?.[1];

  it('the page offers MXN 10,000.00 over A-1, saying A-2 and A-3 are left out; accepting it makes that plan, and its installments ask for that', async () => {
    const t = token('PLAN-1');
    const page = await call(request('GET', { t }));
    expect(page.body).toContain('Un plan por $10,000.00, de la factura A-1. No incluye las facturas A-2 y A-3, que estamos revisando.');
    // 30% down today, then the rest in three: 233,333 + 233,333 + 233,334 minor units.
    expect(page.body).toContain('Le ofrecemos un pago inicial de $3,000.00 hoy y después $2,333.33 (31 de diciembre de 2026), $2,333.33 (30 de enero de 2027), $2,333.34 (1 de marzo de 2027).');
    const key = offerKey(page.body);
    expect(key).toBeDefined();

    expect((await call(request('POST', { t }, { action: 'plan', offer: key! }))).statusCode).toBe(303);
    const [plan, ...more] = await h.escalation.listPlans('PLAN-1');
    expect(more).toEqual([]);
    expect(plan).toMatchObject({
      total: 1_000_000,
      currency: 'MXN',
      invoiceNumbers: ['A-1'],
      leftOut: [
        { invoiceNumber: 'A-2', reason: 'disputed' },
        { invoiceNumber: 'A-3', reason: 'dates-to-check' },
      ],
    });
    expect(plan!.installments.map((i) => i.amount)).toEqual([300_000, 233_333, 233_333, 233_334]);
    expect((await h.log.listForAccount('PLAN-1')).find((l) => l.type === 'plan.created')?.detail).toBe(
      'payment plan of 1000000 MXN in 4 payments (by portal); settles A-1, leaves out A-2 (open dispute), A-3 (dates to check)',
    );
    // The page now shows the plan: four payments of the MXN 10,000.00.
    const after = await call(request('GET', { t, done: 'plan' }));
    expect(after.body).toContain('Pago inicial: 1 de diciembre de 2026 · $3,000.00 · pendiente');
    expect(after.body).toContain('Pago 3: 1 de marzo de 2027 · $2,333.34 · pendiente');
  });

  it('an offer that changed after the page showed it (a new invoice) is not accepted: 422, nothing made; the page shows the new offer', async () => {
    const t = token('PLAN-2');
    const shown = offerKey((await call(request('GET', { t }))).body);
    await h.store.putInvoices([openInvoice('PLAN-2', 'B-2', { balance: 3_000_000, amount: 3_000_000, dueDate: '2026-11-20' })]);
    const refused = await call(request('POST', { t }, { action: 'plan', offer: shown! }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('role="alert">No pudimos registrar su solicitud: sus facturas o su saldo cambiaron desde que abrió esta página;');
    expect(refused.body).toContain('Un plan por $50,000.00, de las facturas B-1 y B-2.');
    expect(await h.escalation.listPlans('PLAN-2')).toEqual([]);
    expect(evaluations()).toEqual([]);
  });
});
