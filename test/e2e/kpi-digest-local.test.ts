/**
 * The weekly digest on the embedded runtime: a policy with `reports.digest`, a clock that jumps a
 * week, and one email per recipient in the outbox with the portfolio's figures.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../infra/local/runtime.js';

const DAY = 86_400_000;

describe('weekly KPI digest, locally', () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cobranza-digest-'));
    // Wednesday 2026-12-02 12:00 UTC
    runtime = await Runtime.open({ dataDir: dir, now: new Date('2026-12-02T12:00:00Z') });
    const policy = JSON.parse(await readFile('examples/policy.json', 'utf8')) as Record<string, unknown>;
    const withDigest = { ...policy, version: Number(policy.version) + 1, reports: { ...(policy.reports as object), timezone: 'America/Mexico_City', digest: { recipients: ['cfo@example.mx', 'cobranza@example.mx'], weekday: 1, time: '08:00', locale: 'es-MX' } } };
    const file = join(dir, 'policy.json');
    await writeFile(file, JSON.stringify(withDigest));
    const report = await runtime.setPolicy(file);
    expect(report.accepted, JSON.stringify(report)).toBe(true);
    const csv = join(dir, 'invoices.csv');
    await writeFile(
      csv,
      [
        'account_id,name,email,country,timezone,locale,invoice_number,currency,amount,balance,issue_date,due_date',
        'MX-1,Alfa SA de CV,pagos@alfa.example.mx,MX,America/Mexico_City,es-MX,F-1,MXN,1500.00,1500.00,2026-10-01,2026-10-31',
        'MX-2,Beta SA de CV,pagos@beta.example.mx,MX,America/Mexico_City,es-MX,F-2,MXN,800.00,800.00,2026-11-20,2026-12-20',
      ].join('\n'),
    );
    await runtime.ingest(csv);
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('goes out on Monday at 08:00 Mexico City time, once per recipient, with the open AR', async () => {
    await runtime.advance(7 * DAY);
    await runtime.advance(1 * DAY);
    const files = (await readdir(join(dir, 'outbox', 'email'))).filter((f) => f.includes('digest'));
    // Monday 2026-12-07 08:00 in Mexico City = 14:00 UTC; one per recipient, not again the next day
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.startsWith('2026-12-07T14-00-00'))).toBe(true);
    const eml = await readFile(join(dir, 'outbox', 'email', files[0]!), 'utf8');
    expect(eml).toMatch(/^Subject: .*cobranza del 2026-11-07 al 2026-12-06/m);
    // open AR on Dec 6: F-1 1,500.00 + F-2 800.00
    expect(eml).toContain('Cartera abierta: $2,300.00');
    // F-1 is overdue (due Oct 31)
    expect(eml).toContain('Vencido: $1,500.00');
  }, 300_000);
});
