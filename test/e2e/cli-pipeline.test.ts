import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { runCli } from './support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The whole pipeline through the CLI, as a user runs it, on a temp data dir: ingest → advance →
 * emails in the outbox at allowed local times → a second file marks one invoice paid → its later
 * reminders never go out.
 */
let dir: string;
let dataDir: string;


const cli = (...args: string[]) => runCli(dataDir, args);

interface Eml {
  file: string;
  date: Date;
  to: string;
  invoice: string;
  account: string;
  body: string;
}

async function outbox(): Promise<Eml[]> {
  const emailDir = join(dataDir, 'outbox', 'email');
  const names = (await readdir(emailDir).catch(() => [])).filter((n) => n.endsWith('.eml'));
  return Promise.all(
    names.map(async (name) => {
      const body = await readFile(join(emailDir, name), 'utf8');
      const header = (h: string) => body.match(new RegExp(`^${h}:\\s*(.+)$`, 'mi'))?.[1]?.trim() ?? '';
      return {
        file: name,
        date: new Date(header('Date')),
        to: header('To'),
        invoice: header('X-Cobranza-Invoice'),
        account: header('X-Cobranza-Account'),
        body,
      };
    }),
  );
}

const ZONES: Record<string, string> = { 'MX-100': 'America/Mexico_City', 'CO-200': 'America/Bogota' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-e2e-'));
  dataDir = join(dir, 'data');
  await writeFile(
    join(dir, 'cartera.csv'),
    [
      'Folio;Código Cliente;Razón Social;Correo;País;Moneda;Importe;Fecha Emisión;Fecha Vencimiento',
      'F-1;MX-100;Ferretería del Norte, S.A. de C.V.;pagos@ferreteria.example.com;MX;MXN;"12,345.67";01/11/2026;01/12/2026',
      'F-2;MX-100;Ferretería del Norte, S.A. de C.V.;pagos@ferreteria.example.com;MX;MXN;"8,000.00";10/11/2026;10/12/2026',
      'FV-9;CO-200;Distribuidora Andina S.A.S.;cartera@andina.example.com;CO;COP;"1,500,000.00";28/10/2026;28/11/2026',
      'F-3;MX-100;Ferretería del Norte, S.A. de C.V.;pagos@ferreteria.example.com;MX;MXN;;01/11/2026;01/12/2026',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'pagos.csv'),
    [
      'folio,codigo_cliente,razon_social,correo,pais,moneda,importe,saldo,fecha_emision,fecha_vencimiento,estado',
      'F-2,MX-100,"Ferretería del Norte, S.A. de C.V.",pagos@ferreteria.example.com,MX,MXN,8000.00,0,2026-11-10,2026-12-10,pagada',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cobranza CLI on the embedded runtime', () => {
  it('ingests a Spanish ERP export and reports the bad row with its line number', async () => {
    const { json, code } = await cli('ingest', join(dir, 'cartera.csv'), '--json', '--now', '2026-11-23T14:00:00Z');
    expect(code).toBe(0);
    expect(json).toMatchObject({ rows: 4, accepted: 3, created: 3, updated: 0, unchanged: 0 });
    expect(json.rejected).toHaveLength(1);
    expect(json.rejected[0].line).toBe(5);
    expect(json.rejected[0].reason).toMatch(/amount/i);
  });

  it('changes nothing when the same file is ingested again', async () => {
    const { json } = await cli('ingest', join(dir, 'cartera.csv'), '--json');
    expect(json).toMatchObject({ rows: 4, accepted: 3, created: 0, updated: 0, unchanged: 3 });
  });

  it('reports the portfolio and its pending schedules', async () => {
    const { json } = await cli('status', '--json');
    expect(json).toMatchObject({ now: '2026-11-23T14:00:00.000Z', accounts: 2, invoices: { open: 3, paid: 0, cancelled: 0 } });
    expect(json.openBalance).toEqual({ MXN: 1_234_567 + 800_000, COP: 150_000_000 });
    expect(json.schedulesPending).toBeGreaterThanOrEqual(8);
    expect(json.sent).toEqual({ email: 0, sms: 0, whatsapp: 0 });
  });

  it('sends the reminders that fall due, inside the contact window of each debtor', async () => {
    const { json } = await cli('advance', '10d', '--json');
    expect(json.sent.email).toBeGreaterThan(0);
    const emails = await outbox();
    expect(emails.length).toBe(json.sent.email);
    for (const email of emails) {
      const local = DateTime.fromJSDate(email.date).setZone(ZONES[email.account]!);
      expect(local.weekday, `${email.file} on a weekend`).toBeLessThanOrEqual(5);
      expect(local.hour, `${email.file} before 08:00 local`).toBeGreaterThanOrEqual(8);
      expect(local.hour, `${email.file} after 19:00 local`).toBeLessThan(19);
    }
    const f1 = emails.find((e) => e.invoice === 'F-1');
    expect(f1?.to).toBe('pagos@ferreteria.example.com');
    // Personalised: the customer's name and the amount formatted for Mexico.
    expect(f1?.body).toMatch(/Ferreter/);
    expect(f1?.body).toMatch(/12,345\.67/);
  });

  it('never sends another reminder for an invoice a later file marks paid', async () => {
    const { json: report } = await cli('ingest', join(dir, 'pagos.csv'), '--json');
    expect(report).toMatchObject({ rows: 1, updated: 1 });
    const paidAt = new Date((await cli('status', '--json')).json.now);

    await cli('advance', '40d', '--json');
    const emails = await outbox();
    expect(emails.filter((e) => e.invoice === 'F-2' && e.date >= paidAt)).toEqual([]);
    // The invoice still owed got its whole 0–30 cadence (-5, 0, +3, +7), one email per step, then,
    // planned again the day it turned 31 days late, the first step of the 31–60 cadence (+35).
    const f1 = emails.filter((e) => e.invoice === 'F-1').sort((a, b) => a.date.getTime() - b.date.getTime());
    expect(f1).toHaveLength(5);
    expect(f1[4]!.date.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-01-05T06:00:00Z'));

    const { json: status } = await cli('status', '--json');
    expect(status.invoices).toEqual({ open: 2, paid: 1, cancelled: 0 });
    expect(status.openBalance).toEqual({ MXN: 1_234_567, COP: 150_000_000 });
    expect(status.sent.email).toBe(emails.length);
  });

  it('keeps the full story in the interaction log', async () => {
    const { json } = await cli('log', 'MX-100', '--json');
    const types = new Set((json as { type: string }[]).map((i) => i.type));
    for (const t of ['invoice.ingested', 'reminder.scheduled', 'reminder.cancelled', 'message.sent']) expect(types).toContain(t);
  });

  it('refuses a malformed policy with the path of the error', async () => {
    await writeFile(join(dir, 'bad-policy.json'), JSON.stringify({ version: 'two' }));
    const { json, code } = await cli('policy', join(dir, 'bad-policy.json'), '--json');
    expect(code).toBe(1);
    expect(json.accepted).toBe(false);
    expect(json.error).toMatch(/version/);
  });
});
