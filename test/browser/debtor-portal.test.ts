import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../infra/local/http-server.js';
import { Runtime } from '../../infra/local/runtime.js';
import { accountView, createPlan } from '../../shared/usecases/escalation-requests.js';
import { launchChromium } from './chromium.js';

/**
 * The debtor's self-service page as a debtor sees it: a real (headless) Chromium opens the signed link
 * of a reminder, served by the embedded runtime's HTTP server with the deployed handler behind it, reads
 * the open invoices and fills in the three forms (promise a date, report a problem, accept the plan).
 * What the page confirms is checked against what the collectors' side then sees (accountView).
 */
const ACCOUNT = 'C-1002';

let dir: string;
let runtime: Runtime | undefined;
let server: Server | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let url: string;
let link: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-portal-browser-'));
  runtime = await Runtime.open({ dataDir: join(dir, 'data'), now: new Date('2026-11-23T14:00:00Z'), inMemory: true });
  await runtime.ingest('examples/invoices/cartera-mx.csv');
  const rt = runtime;
  ({ server, url } = await startLocalServer({ webhook: (e) => rt.webhook(e), paymentsApi: (e) => rt.paymentsApi(e), portal: (e) => rt.portal(e) }));
  rt.setPublicUrl(url);
  link = rt.portalLink(ACCOUNT);
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'es-MX', viewport: { width: 1000, height: 900 } });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  // Only the local server is ever asked (the page's "Pagar" links point elsewhere and are not followed).
  await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    const s = server;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await runtime?.close();
  await rm(dir, { recursive: true, force: true });
});

/** What the collectors' side sees of the account. */
const view = () => accountView(runtime!.escalationDeps, ACCOUNT);

/** Text as a person reads it: any run of whitespace (Intl's no-break spaces too) as one space. */
const read = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

async function openPortal(address = link): Promise<{ page: Page; status: number }> {
  const page = await context.newPage();
  const response = await page.goto(address, { waitUntil: 'load' });
  return { page, status: response?.status() ?? 0 };
}

async function cells(page: Page, invoiceNumber: string): Promise<string[]> {
  return (await page.locator(`tr[data-invoice="${invoiceNumber}"] td`).allTextContents()).map(read);
}

/**
 * Clicks a form's submit button and waits for the page the browser lands on. The POST must answer 303
 * (a 422 puts its `role=alert` text in the failure), then the redirect's page must load with `done=…`.
 */
async function submit(page: Page, form: string, done: 'promise' | 'dispute' | 'plan'): Promise<void> {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/portal');
  await page.locator(`${form} button[type=submit]`).click();
  const response = await posted;
  if (response.status() !== 303) {
    await page.waitForLoadState('load');
    const alert = await page.locator('p[role=alert]').allTextContents();
    expect.fail(`POST ${form} answered ${response.status()}: ${read(alert.join(' ')) || '(no alert on the page)'}`);
  }
  await page.waitForURL((u) => u.pathname === '/portal' && u.searchParams.get('done') === done, { waitUntil: 'load' });
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('the debtor portal in a browser', () => {
  it('lists the open invoices with their balances and due dates, in Spanish', async () => {
    const { page, status } = await openPortal();
    expect(status).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('es-MX');
    expect(read(await page.locator('h1').textContent())).toMatch(/^Su cuenta con /);
    expect(read(await page.locator('main > p').first().textContent())).toBe('Estado de cuenta de Construcciones del Bajío SA de CV');
    expect(read(await page.locator('#invoices h2').textContent())).toBe('Facturas pendientes');
    expect((await page.locator('#invoices th').allTextContents()).map(read)).toEqual(['Factura', 'Saldo', 'Vence', 'Días de atraso', 'Estado', '']);

    // Oldest due first; the clock is 2026-11-23, so the first two are overdue.
    const rows = await page.locator('tr[data-invoice]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-invoice')));
    expect(rows).toEqual(['F-2026-0955', 'F-2026-1040', 'F-2026-1118']);
    expect(await cells(page, 'F-2026-0955')).toEqual(['F-2026-0955', '$96,320.00', '22 de octubre de 2026', '32', 'Pendiente', 'Pagar']);
    // Due Saturday 21 Nov: payable on Monday 23 without being late (as the reminders say it).
    expect(await cells(page, 'F-2026-1040')).toEqual(['F-2026-1040', '$58,000.00', '21 de noviembre de 2026', '—', 'Pendiente', 'Pagar']);
    expect(await cells(page, 'F-2026-1118')).toEqual(['F-2026-1118', '$73,950.00', '2 de diciembre de 2026', '—', 'Pendiente', 'Pagar']);

    // The three forms are offered, in Spanish.
    expect(read(await page.locator('#promise-form button[type=submit]').textContent())).toBe('Registrar mi promesa');
    expect(read(await page.locator('#dispute-form button[type=submit]').textContent())).toBe('Enviar reporte');
    expect(read(await page.locator('#plan-form button[type=submit]').textContent())).toBe('Aceptar este plan de pagos');
    expect(await page.locator('p[role=status], p[role=alert]').count()).toBe(0);

    // What the debtor sees, as a picture (kept in the temp dir only).
    const shot = join(dir, 'portal.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.readUInt32BE(16)).toBeGreaterThan(0); // IHDR width
    expect(png.readUInt32BE(20)).toBeGreaterThan(0); // IHDR height
    expect(png.length).toBeGreaterThan(5_000);
    await page.close();
  });

  it('records a promise to pay a week ahead: confirmed, listed on the page and seen by the collectors', async () => {
    const { page } = await openPortal();
    const dateInput = page.locator('#promise-form input[name=date]');
    expect(await dateInput.getAttribute('type')).toBe('date');
    const today = await dateInput.getAttribute('min');
    expect(today).toBe('2026-11-23');
    // Through policy promises.maxDaysAhead (45): 23 November + 7 = 30 November, + 38 more = 7 January.
    expect(await dateInput.getAttribute('max')).toBe('2027-01-07');
    expect(read(await page.locator('#promise-form p').textContent())).toBe(
      'Díganos cuándo pagará: pausamos los recordatorios hasta esa fecha. Puede elegir una fecha del 23 de noviembre de 2026 al 7 de enero de 2027.',
    );
    const date = addDays(today!, 7);
    await dateInput.fill(date);
    await page.locator('#promise-form input[name=amount]').fill('25,000.50');
    await submit(page, '#promise-form', 'promise');

    expect(read(await page.locator('p[role=status]').textContent())).toBe(
      'Gracias: registramos su promesa de pago. No le enviaremos recordatorios hasta esa fecha.',
    );
    expect((await page.locator('#promises li').allTextContents()).map(read)).toEqual(['Pago el 30 de noviembre de 2026 por $25,000.50']);

    const { promises } = await view();
    expect(promises).toHaveLength(1);
    expect(promises[0]).toMatchObject({ accountId: ACCOUNT, date, amount: 2_500_050, currency: 'MXN', source: 'portal', status: 'open' });
    await page.close();
  });

  it('a date after the window: the browser will not send it, and a browser that ignores the limit is told the last day in Spanish', async () => {
    const { page } = await openPortal();
    const dateInput = page.locator('#promise-form input[name=date]');
    await dateInput.fill('2027-01-08');
    // The page's own limit: the browser flags the value as past `max` and keeps the form.
    expect(await dateInput.evaluate((input) => (input as unknown as { validity: { rangeOverflow: boolean } }).validity.rangeOverflow)).toBe(true);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await page.locator('#promise-form button[type=submit]').click();
    await page.waitForTimeout(300);
    expect(posts).toEqual([]);

    // An old browser without date limits (as if max were not there) posts it: the page refuses it.
    await dateInput.evaluate((input) => input.removeAttribute('max'));
    await dateInput.fill('2027-01-08');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/portal');
    await page.locator('#promise-form button[type=submit]').click();
    expect((await posted).status()).toBe(422);
    await page.waitForLoadState('load');
    expect(read(await page.locator('p[role=alert]').textContent())).toBe('No pudimos registrar su solicitud: la fecha de pago puede ser a más tardar el 7 de enero de 2027.');
    expect((await view()).promises).toHaveLength(1); // only the one of the test before
    await page.close();
  });

  it('reports a damaged delivery on one invoice: confirmed, the row says "En revisión", the dispute is open', async () => {
    const { page } = await openPortal();
    const note = 'Llegaron 3 de 10 tarimas con daños; adjuntamos fotos por correo.';
    await page.locator('#dispute-form select[name=invoiceNumber]').selectOption('F-2026-1040');
    await page.locator('#dispute-form select[name=reason]').selectOption('damaged');
    await page.locator('#dispute-form textarea[name=note]').fill(note);
    await submit(page, '#dispute-form', 'dispute');

    expect(read(await page.locator('p[role=status]').textContent())).toBe(
      'Recibimos su reporte. Revisaremos la factura y le responderemos; mientras tanto no le recordaremos esa factura.',
    );
    expect((await cells(page, 'F-2026-1040'))[4]).toBe('En revisión');
    expect((await cells(page, 'F-2026-0955'))[4]).toBe('Pendiente');
    expect((await cells(page, 'F-2026-1118'))[4]).toBe('Pendiente');
    // An invoice under review cannot be reported twice.
    expect(await page.locator('#dispute-form select[name=invoiceNumber] option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).toEqual([
      'F-2026-0955',
      'F-2026-1118',
    ]);

    const { disputes } = await view();
    expect(disputes).toHaveLength(1);
    expect(disputes[0]).toMatchObject({ accountId: ACCOUNT, invoiceNumber: 'F-2026-1040', reason: 'damaged', note, status: 'open' });
    await page.close();
  });

  it('accepts the offered payment plan: confirmed, the installments are listed and the offer is gone', async () => {
    const { page } = await openPortal();
    expect(read(await page.locator('#plan-form p.plan-offer').textContent())).toMatch(/^Le ofrecemos un pago inicial de \$[\d,]+\.\d{2} hoy y después /);
    // The invoice reported above is in dispute: the offer (and so the plan) leaves it out, and says so.
    expect(read(await page.locator('#plan-form p.plan-covers').textContent())).toMatch(/^Un plan por \$[\d,]+\.\d{2}, de las? facturas? .*\. No incluye la factura F-2026-1040, que estamos revisando\.$/);
    await submit(page, '#plan-form', 'plan');

    expect(read(await page.locator('p[role=status]').textContent())).toBe(
      'Su plan de pagos quedó registrado. Le recordaremos cada pago unos días antes de su fecha.',
    );
    expect(await page.locator('#plan-form').count()).toBe(0);
    const installments = (await page.locator('#plan li').allTextContents()).map(read);
    expect(installments.length).toBeGreaterThanOrEqual(2);
    expect(installments[0]).toMatch(/^Pago inicial: \d{1,2} de \p{L}+ de \d{4} · \$[\d,]+\.\d{2} · pendiente$/u);
    for (const [index, line] of installments.slice(1).entries()) {
      expect(line).toMatch(new RegExp(`^Pago ${index + 1}: \\d{1,2} de \\p{L}+ de \\d{4} · \\$[\\d,]+\\.\\d{2} · pendiente$`, 'u'));
    }

    const { plans } = await view();
    const active = plans.filter((p) => p.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ accountId: ACCOUNT, currency: 'MXN', leftOut: [{ invoiceNumber: 'F-2026-1040', reason: 'disputed' }] });
    expect(active[0]!.invoiceNumbers).not.toContain('F-2026-1040');
    expect(active[0]!.installments).toHaveLength(installments.length);
    await page.close();
  });

  it('after a collector agrees other terms, the page shows the new plan and that the one accepted here no longer applies', async () => {
    const before = (await view()).plans;
    await createPlan(runtime!.escalationDeps, { accountId: ACCOUNT, downPaymentPercent: 10, installments: 6, by: 'ana' });
    const { page } = await openPortal();
    const installments = (await page.locator('#plan li').allTextContents()).map(read);
    expect(installments).toHaveLength(7);
    expect(installments[0]).toMatch(/^Pago inicial: 23 de noviembre de 2026 · \$[\d,]+\.\d{2} · pendiente$/);
    expect(installments[6]).toMatch(/^Pago 6: 22 de mayo de 2027 · /);
    expect(read(await page.locator('#plan p.superseded').textContent())).toBe('Este plan reemplaza a su plan anterior del 23 de noviembre de 2026, que ya no está vigente.');
    const { plans } = await view();
    expect(plans.map((p) => [p.planId, p.status])).toEqual([
      [before[0]!.planId, 'superseded'],
      [expect.not.stringMatching(before[0]!.planId), 'active'],
    ]);
    await page.close();
  });

  it('refuses a link whose signature was tampered with, and shows no account data', async () => {
    const token = new URL(link).searchParams.get('t')!;
    const [payload, signature] = token.split('.') as [string, string];
    const i = Math.floor(signature.length / 2);
    const forged = `${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
    const address = new URL(link);
    address.searchParams.set('t', forged);

    const { page, status } = await openPortal(address.toString());
    expect(status).toBe(400);
    expect(read(await page.locator('h1').textContent())).toBe('Enlace no válido · Invalid link');
    expect(read(await page.locator('body').textContent())).toContain('Este enlace no es válido.');
    expect(await page.locator('tr[data-invoice], form').count()).toBe(0);
    const body = read(await page.locator('body').textContent());
    expect(body).not.toContain('F-2026-');
    expect(body).not.toContain('Construcciones del Bajío');
    await page.close();
  });
});
