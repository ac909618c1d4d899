import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../infra/local/http-server.js';
import { localPages } from '../../infra/local/local-pages.js';
import { Runtime } from '../../infra/local/runtime.js';
import { formatMoney } from '../../shared/domain/templates/format.js';
import { runCli, type Json } from '../e2e/support/cli.js';
import { launchChromium } from './chromium.js';

/**
 * The managers' dashboard as a manager opens it: `npm start` (infra/local/start.ts, a child process)
 * serves a data dir with 20 simulated days of reminders, payments, promises and a dispute; a real
 * headless Chromium opens /dashboard, picks the filters, and every number shown must equal
 * `cobranza kpis --json` for the same filters (run before the server took the data dir), formatted as
 * money is everywhere (formatMoney). The charts must be SVG, each CSV link must download its rows.
 * UPDATE_SCREENSHOT=1 (npm run screenshot:dashboard) also writes docs/images/dashboard.png.
 */
let root: string;
let dataDir: string;
let server: ChildProcess | undefined;
let url: string;
let browser: Browser | undefined;
let context: BrowserContext;
/** `kpis --json` of the default period (month to date) in MXN, and of November in MXN for Mexico. */
let monthToDate: Json;
let november: Json;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cobranza-dashboard-browser-'));
  dataDir = join(root, 'data');
  await run(['infra/local/start.ts', '--data-dir', dataDir, '--days', '20', '--exit']);
  monthToDate = (await runCli(dataDir, ['kpis', '--currency', 'MXN', '--json'])).json;
  november = (await runCli(dataDir, ['kpis', '--currency', 'MXN', '--country', 'MX', '--from', '2026-11-01', '--as-of', '2026-11-30', '--json'])).json;
  expect(monthToDate?.currency).toBe('MXN');
  expect(november?.country).toBe('MX');
  // The clock then barely moves (a millisecond per second): the numbers stay those of the CLI.
  ({ child: server, url } = await startServer(['--data-dir', dataDir, '--port', '0', '--speed', '0.001']));
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(30_000);
  await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGINT');
    await exited;
  }
  await rm(root, { recursive: true, force: true });
});

/** Text as a person reads it: any run of whitespace (Intl's no-break spaces too) as one space. */
const read = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** How the page must show a number of the report (the CLI's money formatter for amounts). */
function shown(value: unknown, kind: string, currency: string): string {
  if (value === null || value === undefined) return '—';
  const n = value as number;
  const two = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  switch (kind) {
    case 'money':
      return formatMoney(n, currency, 'en-US');
    case 'count':
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
    case 'pct':
      return `${two.format(n)}%`;
    case 'days':
      return `${two.format(n)} days`;
    case 'micros':
      return currency ? `${currency} ${new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(n / 1e6)}` : '—';
    default:
      return two.format(n);
  }
}

function at(report: Json, path: string): unknown {
  return path.split('.').reduce((value: Json, key) => (value === null || value === undefined ? undefined : value[key]), report);
}

async function openDashboard(query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/dashboard${query}`, { waitUntil: 'load' });
  await page.waitForSelector('body:not([data-state="loading"])');
  return page;
}

async function waitReady(page: Page, currency: string): Promise<void> {
  await waitPeriod(page, (period) => period.includes(currency));
}

/** Waits until the page shows a report whose period line passes `test`. */
async function waitPeriod(page: Page, test: (period: string) => boolean): Promise<void> {
  await expect
    .poll(async () => (await page.locator('body').getAttribute('data-state')) === 'ready' && test(read(await page.locator('#period').textContent())), { timeout: 30_000 })
    .toBe(true);
}

/** Every number on the page against the report: [path, shown, expected]. */
async function compare(page: Page, report: Json): Promise<{ checked: number; paths: Set<string> }> {
  const numbers = await page.locator('[data-kpi]').evaluateAll((els) => els.map((e) => ({ path: e.getAttribute('data-kpi')!, kind: e.getAttribute('data-format')!, currency: e.getAttribute('data-currency'), text: e.textContent })));
  const mismatches = numbers
    .map((n) => ({ path: n.path, shown: read(n.text), expected: shown(at(report, n.path), n.kind, n.kind === 'micros' ? (n.currency ?? '') : report.currency), inReport: at(report, n.path) !== undefined }))
    .filter((n) => !n.inReport || n.shown !== n.expected);
  expect(mismatches).toEqual([]);
  return { checked: numbers.length, paths: new Set(numbers.map((n) => n.path)) };
}

describe('the local dashboard in a browser', () => {
  it('/ links the dashboard, an example debtor portal page and the outbox, and each link works', async () => {
    const page = await context.newPage();
    expect((await page.goto(`${url}/`))?.status()).toBe(200);
    await page.locator('#dashboard-link').click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await page.waitForSelector('body[data-state="ready"]');

    await page.goto(`${url}/`);
    const portal = await page.locator('#portal-link').getAttribute('href');
    expect(portal).toMatch(/\/portal\?t=/);
    await page.locator('#portal-link').click();
    await page.waitForURL((u) => u.pathname === '/portal');
    expect(read(await page.locator('h1').textContent())).toMatch(/cuenta|account/i);

    await page.goto(`${url}/`);
    await page.locator('#outbox-link').click();
    await page.waitForURL((u) => u.pathname === '/outbox');
    const files = page.locator('#outbox a');
    expect(await files.count()).toBeGreaterThan(10);
    const emails = page.locator('#outbox a', { hasText: /^email\/.*\.eml$/ });
    const email = await emails.first().getAttribute('href');
    const response = await page.request.get(`${url}${email}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toMatch(/^Subject: /m);
    await page.close();
  });

  it('MXN, month to date: every number shown equals `kpis --json`, the charts are SVG, and the page looks right', async () => {
    const page = await openDashboard();
    await page.locator('#currency').selectOption('MXN');
    await waitReady(page, 'MXN');
    expect(await page.locator('#asOf').inputValue()).toBe(monthToDate.asOf);
    expect(await page.locator('#from').inputValue()).toBe(monthToDate.from);

    const { checked, paths } = await compare(page, monthToDate);
    expect(checked).toBeGreaterThan(30);
    for (const key of ['openAr', 'collected', 'dso', 'bestPossibleDso', 'averageDaysDelinquent', 'countbackDso', 'cei', 'percentCurrent', 'weightedDaysPastDue', 'costPerRecovered']) {
      expect(await page.locator(`.card [data-kpi="${key}"]`).count(), key).toBe(1);
    }
    for (const bucket of Object.keys(monthToDate.aging)) expect(paths.has(`aging.${bucket}`), bucket).toBe(true);
    if (monthToDate.previous) expect(paths.has('previous.openAr')).toBe(true);
    for (const i of monthToDate.topDebtors.keys()) expect(paths.has(`topDebtors.${i}.overdue`)).toBe(true);
    // Amounts read as money: MX$256,310.00.
    expect(read(await page.locator('.card [data-kpi="openAr"]').textContent())).toMatch(/^MX\$[\d,]+\.\d{2}$/);

    for (const chart of ['#chart-aging', '#chart-roll', '#chart-funnel']) {
      expect(await page.locator(`${chart} svg`).count(), chart).toBe(1);
      expect(await page.locator(`${chart} canvas`).count(), chart).toBe(0);
    }
    // One stacked segment per aging bucket with money in it.
    const filled = Object.values(monthToDate.aging as Record<string, number>).filter((v) => v > 0).length;
    expect(await page.locator('#chart-aging svg path[fill]').count()).toBeGreaterThanOrEqual(filled);

    const shot = process.env.UPDATE_SCREENSHOT ? 'docs/images/dashboard.png' : join(root, 'dashboard.png');
    await mkdir(process.env.UPDATE_SCREENSHOT ? 'docs/images' : root, { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1400);
    await page.close();
  });

  it('the aging CSV link downloads the aging rows of the report on the page', async () => {
    const page = await openDashboard('?currency=MXN');
    await waitReady(page, 'MXN');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-csv="aging"]').click()]);
    const path = join(root, 'aging.csv');
    await download.saveAs(path);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('bucket,amount,amount_minor,currency');
    // The amount as a spreadsheet reads it (pesos with 2 decimals), then exact in centavos.
    const pesos = (minor: number): string => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
    expect(lines.slice(1)).toEqual(Object.entries(monthToDate.aging as Record<string, number>).map(([bucket, amount]) => `${bucket},${pesos(amount)},${amount},MXN`));
    expect(download.suggestedFilename()).toBe(`kpis-aging-MXN-ALL-${monthToDate.from}-${monthToDate.asOf}.csv`);
    // Every table offers one.
    expect(await page.locator('.table').count()).toBe(await page.locator('.table a[data-csv]').count());
    await page.close();
  });

  it('filters: Mexico, November: the numbers equal `kpis --json --country MX --from 2026-11-01 --as-of 2026-11-30`', async () => {
    const page = await openDashboard('?currency=MXN');
    await waitReady(page, 'MXN');
    await page.locator('#from').fill('2026-11-01');
    await page.locator('#asOf').fill('2026-11-30');
    await page.locator('#country').selectOption('MX');
    await waitPeriod(page, (period) => period.startsWith('2026-11-01 to 2026-11-30 · MXN · MX ·'));
    await compare(page, november);
    expect(new URL(page.url()).searchParams.get('country')).toBe('MX');
    await page.close();
  });

  it('a bad period is said on the page, not shown as numbers', async () => {
    const page = await openDashboard('?currency=MXN&from=2026-12-20&asOf=2026-12-01');
    await page.waitForSelector('body[data-state="error"]');
    expect(read(await page.locator('#message').textContent())).toMatch(/must not be after/);
    expect(await page.locator('#report').isHidden()).toBe(true);
    await page.close();
  });
});

describe('the dashboard of a data dir without invoices', () => {
  it('says there is no data yet', async () => {
    const empty = join(root, 'empty');
    const runtime = await Runtime.open({ dataDir: empty, now: new Date('2026-11-23T14:00:00Z') });
    let local: { url: string; server: Server } | undefined;
    try {
      local = await startLocalServer({ webhook: notHere, paymentsApi: notHere, pages: localPages({ kpis: runtime.kpis, outboxDir: runtime.layout.outboxDir, portalExample: async () => undefined }) });
      const page = await context.newPage();
      await context.route(`${local.url}/**`, (route) => route.continue());
      await page.goto(`${local.url}/dashboard`);
      await page.waitForSelector('body[data-state="empty"]');
      expect(read(await page.locator('#message').textContent())).toMatch(/^No data yet/);
      expect(await page.locator('[data-kpi]').count()).toBe(0);
      await page.close();
    } finally {
      local?.server.closeAllConnections();
      local?.server.close();
      await runtime.close();
    }
  });
});

const notHere = async () => ({ statusCode: 404, body: '' });

/** Runs a script with tsx and waits for it to end successfully. */
function run(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/** `npm start` in a child process; resolves with the dashboard's base URL once it runs live. */
function startServer(args: readonly string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let dashboard: string | undefined;
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      dashboard ??= /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\/dashboard/.exec(out)?.[1];
      if (dashboard && out.includes('Running at')) resolve({ child, url: dashboard });
    });
    child.stderr!.on('data', (chunk) => (err += String(chunk)));
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${err || out}`)));
  });
}
