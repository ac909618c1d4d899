import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type Json } from './support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Cash application through the CLI, as finance runs it, on the sample Mexican portfolio and the
 * sample bank statement (examples/statements/): reconcile → what was applied, what waits for a person
 * → apply an exception by hand → the same statement again changes nothing → paid invoices get no
 * more reminders, their customers a receipt.
 */
let dir: string;
let dataDir: string;
const STATEMENT = 'examples/statements/estado-cuenta-2026-11.csv';


const cli = (...args: string[]) => runCli(dataDir, args);

async function log(accountId: string): Promise<Json[]> {
  return (await cli('log', accountId, '--json')).json as Json[];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-pay-'));
  dataDir = join(dir, 'data');
  const { code } = await cli('ingest', 'examples/invoices/cartera-mx.csv', '--json', '--now', '2026-11-27T15:00:00Z');
  expect(code).toBe(0);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cobranza reconcile / exceptions / apply', () => {
  it('applies what the statement says clearly, holds the rest for review, and names the bad line', async () => {
    const { json, code } = await cli('reconcile', STATEMENT, '--currency', 'MXN', '--json');
    expect(code).toBe(0);
    // 7 movements: 5 credits, one bank commission (a debit: not a payment), one unreadable amount.
    expect(json).toMatchObject({ lines: 7, payments: 5, applied: 3, partial: 1, exceptions: 1, duplicates: 0 });
    expect(json.rejected).toEqual([{ line: 11, reason: expect.stringContaining("'1O,OOO.00'") }]);

    const status = (await cli('status', '--json')).json;
    // F-2026-0934 by its noisy reference, F-2026-1040 by the payer's RFC and its exact balance,
    // F-2026-0990 + F-2026-1125 by their numbers without series, in one transfer from their RFC.
    expect(status.invoices).toEqual({ open: 7, paid: 4, cancelled: 0 });
    expect(status.payments).toMatchObject({ applied: 3, partial: 1, exception: 1 });
  });

  it('records each application in the account log, with the rule and confidence', async () => {
    const lines = await log('C-1001');
    const applied = lines.find((l) => l.type === 'payment.applied' && l.invoiceNumber === 'F-2026-0934');
    expect(applied).toBeDefined();
    expect(applied.data).toMatchObject({ amount: 928_000, balanceAfter: 0, by: 'auto' });
    expect(applied.data.confidence).toBeGreaterThanOrEqual(0.9);
    expect(lines.some((l) => l.type === 'invoice.paid' && l.invoiceNumber === 'F-2026-0934')).toBe(true);
  });

  it('lists the cash deposit nobody can place, then applies it by hand to the invoice finance names', async () => {
    const exceptions = (await cli('exceptions', '--json')).json as Json[];
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({ amount: 150_000, currency: 'MXN', valueDate: '2026-11-25' });
    expect(exceptions[0].reason).toMatch(/1,500\.00/);

    const { json, code } = await cli('apply', exceptions[0].paymentId, 'F-2026-1131', '--json');
    expect(code).toBe(0);
    expect(json).toMatchObject({ status: 'partial', applications: [{ invoiceNumber: 'F-2026-1131', amount: 150_000, balanceAfter: 337_200 }] });
    expect((await cli('exceptions', '--json')).json).toEqual([]);

    // Applying it again is refused with the reason; nothing moves.
    const again = await cli('apply', exceptions[0].paymentId, 'F-2026-1131', '--json');
    expect(again.code).toBe(1);
    expect(again.json.error).toMatch(/not waiting/);
  });

  it('changes nothing when the same statement arrives again: every payment is a duplicate', async () => {
    const { json } = await cli('reconcile', STATEMENT, '--currency', 'MXN', '--json');
    expect(json).toMatchObject({ lines: 7, payments: 5, applied: 0, partial: 0, exceptions: 0, duplicates: 5 });
    expect((await cli('status', '--json')).json.invoices).toEqual({ open: 7, paid: 4, cancelled: 0 });
  });

  it('sends a receipt to each paying customer and no reminder for a paid invoice afterwards', async () => {
    await cli('advance', '20d', '--json');
    const emailDir = join(dataDir, 'outbox', 'email');
    const emails = await Promise.all((await readdir(emailDir)).map((name) => readFile(join(emailDir, name), 'utf8')));
    const receipts = emails.filter((body) => /Recibimos su pago/.test(body));
    expect(receipts.length).toBeGreaterThanOrEqual(4);
    expect(receipts.some((body) => /F-2026-0934/.test(body) && /liquidada/.test(body))).toBe(true);
    const remindersOfPaid = emails.filter((body) => !/Recibimos su pago/.test(body) && /X-Cobranza-Invoice: F-2026-(0934|1040|0990|1125)\b/.test(body));
    expect(remindersOfPaid).toEqual([]);
  });

  it('refuses a file that is not a statement, with the reason, and loses nothing', async () => {
    const { json, code } = await cli('reconcile', 'examples/policy.json', '--json');
    expect(code).toBe(1);
    expect(json.payments).toBe(0);
    expect(json.rejected[0]).toMatchObject({ line: null, reason: expect.any(String) as string });
    expect((await cli('status', '--json')).json.invoices).toEqual({ open: 7, paid: 4, cancelled: 0 });
  });
});
