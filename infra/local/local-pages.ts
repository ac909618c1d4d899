import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalPageResult, LocalPages } from './http-server.js';
import { askKpis, CurrencyRequiredError, KPI_TABLES, kpiOptions, KpiQueryError, kpiTable, NoKpiDataError, toCsv, type KpiQuery, type KpiSource, type KpiTable } from './kpis.js';

/**
 * The local server's own pages, for a person at the machine running `npm start`:
 *   GET /                      an index: the dashboard, an example debtor portal page, the outbox
 *   GET /dashboard             the managers' dashboard (dashboard/dashboard.html + .js, ECharts)
 *   GET /api/kpis/options      {currencies, countries, defaultAsOf, minorDigits}
 *   GET /api/kpis?asOf=&from=&currency=&country=          the KpiReport (as `cobranza kpis --json`)
 *   GET /api/kpis.csv?table=aging&asOf=&from=&currency=&country=   one table of it as CSV
 *   GET /outbox, /outbox/<file>  the messages sent (emails, SMS, WhatsApp, alerts), as text
 *   GET /assets/echarts.min.js, /assets/dashboard.js, /assets/dashboard.css
 * Nothing here exists on AWS (QuickSight is the managers' dashboard there).
 */
export interface LocalPagesDeps {
  /** The runtime's KPIs (`runtime.kpis`). */
  readonly kpis: KpiSource;
  readonly outboxDir: string;
  /** The signed self-service link of the first account, when there is one. */
  readonly portalExample: () => Promise<{ readonly accountId: string; readonly url: string } | undefined>;
}

const PAGE_DIR = fileURLToPath(new URL('./dashboard/', import.meta.url));
const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
const ASSETS: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/assets/echarts.min.js': { file: ECHARTS, type: 'text/javascript; charset=utf-8' },
  '/assets/dashboard.js': { file: join(PAGE_DIR, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  '/assets/dashboard.css': { file: join(PAGE_DIR, 'dashboard.css'), type: 'text/css; charset=utf-8' },
};
/** The pages only ever load what this server serves. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const HTML = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function localPages(deps: LocalPagesDeps): LocalPages {
  return async (_method, url) => {
    const path = url.pathname;
    if (path === '/') return html(await indexPage(deps));
    if (path === '/favicon.ico') return { status: 204, headers: {}, body: '' };
    if (path === '/dashboard') return html(await readFile(join(PAGE_DIR, 'dashboard.html'), 'utf8'));
    const asset = ASSETS[path];
    if (asset) return { status: 200, headers: { 'content-type': asset.type, 'cache-control': 'max-age=300', 'x-content-type-options': 'nosniff' }, body: await readFile(asset.file) };
    if (path === '/api/kpis/options') return json(200, await kpiOptions(deps.kpis));
    if (path === '/api/kpis') return kpiAnswer(() => askKpis(deps.kpis, query(url)).then((report) => json(200, report)));
    if (path === '/api/kpis.csv') {
      const table = url.searchParams.get('table') ?? '';
      if (!(KPI_TABLES as readonly string[]).includes(table)) return json(400, { error: `table must be one of ${KPI_TABLES.join(', ')}, got '${table}'`, field: 'table' });
      return kpiAnswer(async () => {
        const report = await askKpis(deps.kpis, query(url));
        const name = `kpis-${table}-${report.currency}-${report.country}-${report.from}-${report.asOf}.csv`;
        return {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
          body: toCsv(kpiTable(report, table as KpiTable)),
        };
      });
    }
    if (path === '/outbox' || path.startsWith('/outbox/')) return outbox(deps.outboxDir, path);
    return undefined;
  };
}

function query(url: URL): Partial<KpiQuery> {
  const q: { asOf?: string; from?: string; currency?: string; country?: string } = {};
  for (const key of ['asOf', 'from', 'currency', 'country'] as const) {
    const value = url.searchParams.get(key);
    if (value) q[key] = value;
  }
  return q;
}

async function kpiAnswer(answer: () => Promise<LocalPageResult>): Promise<LocalPageResult> {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof CurrencyRequiredError) return json(400, { error: error.message, field: error.field, currencies: error.currencies });
    if (error instanceof KpiQueryError) return json(400, { error: error.message, field: error.field });
    if (error instanceof NoKpiDataError) return json(404, { error: error.message, noData: true });
    throw error;
  }
}

function html(body: string): LocalPageResult {
  return { status: 200, headers: HTML, body };
}

function json(status: number, value: unknown): LocalPageResult {
  return { status, headers: JSON_TYPE, body: JSON.stringify(value) };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function indexPage(deps: LocalPagesDeps): Promise<string> {
  const example = await deps.portalExample();
  const portal = example
    ? `<li><a id="portal-link" href="${escapeHtml(example.url)}">An example debtor portal page</a>: what account ${escapeHtml(example.accountId)} sees from its reminders' link (<code>npm run cobranza -- portal ACCOUNT_ID</code> prints any account's).</li>`
    : '<li>The debtor portal: no account yet (ingest an invoice file first); each reminder email links to it.</li>';
  return page(
    'Cobranza — local',
    `<h1>Cobranza, running on this machine</h1>
<ul class="links">
<li><a id="dashboard-link" href="/dashboard">The managers' dashboard</a>: DSO, CEI, aging, roll rates, promises, channels, recovery (<code>npm run cobranza -- kpis</code> prints the same).</li>
${portal}
<li><a id="outbox-link" href="/outbox">The outbox</a>: every email, SMS and WhatsApp message sent, and the finance alerts.</li>
</ul>
<p>Webhooks: <code>POST /webhooks/{stripe|mercadopago|conekta|banco}</code>; payment exceptions: <a href="/payments/exceptions">/payments/exceptions</a>.</p>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/dashboard.css"></head>
<body><main class="page">${body}</main></body></html>`;
}

const TEXT_TYPES: Readonly<Record<string, string>> = { '.eml': 'text/plain; charset=utf-8', '.json': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };
const MAX_LISTED = 500;

/** The outbox as a listing (newest first) and each file as text: never anything outside the folder. */
async function outbox(outboxDir: string, path: string): Promise<LocalPageResult> {
  const root = resolve(outboxDir);
  const rest = decodeURIComponent(path.slice('/outbox'.length)).replace(/^\/+/, '');
  const target = resolve(root, rest);
  if (target !== root && !target.startsWith(root + sep)) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  const info = await stat(target).catch(() => undefined);
  if (!info && target === root) return html(page('Outbox', '<h1>Outbox</h1><p>Nothing sent yet.</p><p><a href="/">Back</a></p>'));
  if (!info) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  if (info.isFile()) {
    const ext = target.slice(target.lastIndexOf('.'));
    // Outbox files quote debtors' text: served as plain text or JSON, never as HTML.
    return { status: 200, headers: { 'content-type': TEXT_TYPES[ext] ?? 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'" }, body: await readFile(target) };
  }
  const files = await listFiles(target, root);
  const items = files
    .slice(0, MAX_LISTED)
    .map((f) => `<li><a href="/outbox/${f.rel.split(sep).map(encodeURIComponent).join('/')}">${escapeHtml(f.rel)}</a> <small>${f.mtime.toISOString()}</small></li>`)
    .join('\n');
  return html(
    page(
      'Outbox',
      `<h1>Outbox</h1><p>${files.length} files (newest first${files.length > MAX_LISTED ? `, the first ${MAX_LISTED} listed` : ''}) in <code>${escapeHtml(root)}</code>. <a href="/">Back</a></p><ul id="outbox">${items}</ul>`,
    ),
  );
}

/** Every file under `dir`, named relative to `root`. */
async function listFiles(dir: string, root: string): Promise<{ rel: string; mtime: Date }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: { rel: string; mtime: Date }[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({ rel: relative(root, full), mtime: (await stat(full)).mtime });
  }
  return files.sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || a.rel.localeCompare(b.rel));
}
