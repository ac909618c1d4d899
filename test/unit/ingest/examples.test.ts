import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { read, type ReadResult } from './support.js';

const folder = fileURLToPath(new URL('../../../examples/invoices/', import.meta.url));

async function example(name: string): Promise<ReadResult> {
  return read(readFileSync(`${folder}${name}`), name.split('/').pop() ?? name);
}

const DAY = 86_400_000;
const daysFromDemoDay = (date: string): number => (Date.parse(date) - Date.parse('2026-12-01')) / DAY;

describe('examples/invoices', () => {
  it('cartera-mx.csv: 12 rows, one rejected for its missing amount, one warning for a bad email', async () => {
    const result = await example('cartera-mx.csv');
    expect(result.warnings).toEqual([]);
    expect(result.rows).toHaveLength(12);
    expect(result.rejected).toEqual([{ kind: 'rejected', line: 11, reason: 'missing amount' }]);
    const warned = result.accepted.filter((row) => row.warnings.length > 0);
    expect(warned.map((row) => [row.line, row.warnings])).toEqual([[10, ["invalid email 'tesoreria@farmaciasol' skipped"]]]);
    expect(new Set(result.accepted.map((row) => row.invoice.currency))).toEqual(new Set(['MXN']));
  });

  it('cartera-co.csv: Colombian pesos written 1.234.567,00', async () => {
    const result = await example('cartera-co.csv');
    expect(result.rejected).toEqual([]);
    expect(result.accepted[0]?.invoice).toMatchObject({ currency: 'COP', amount: 1_245_000_000 });
    expect(result.warnings).toEqual([]); // 'Ciudad' is the region column now
    expect(result.accepted[0]?.account).toMatchObject({ region: 'Medellín', timezone: 'America/Bogota' });
    expect(result.accepted[0]?.account.zoneCandidates).toBeUndefined();
  });

  it('portfolio-us.json: US dollars, plus Peruvian and Chilean customers', async () => {
    const result = await example('portfolio-us.json');
    expect(result.rejected).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.accepted.find((row) => row.invoice.currency === 'CLP')?.invoice.amount).toBe(4_850_000);
  });

  it('together: 8 to 15 accounts in MX, CO, PE, CL and US, due dates spread around 2026-12-01', async () => {
    const all = (await Promise.all(['cartera-mx.csv', 'cartera-co.csv', 'portfolio-us.json'].map(example))).flatMap((result) => result.accepted);
    const accounts = new Map(all.map((row) => [row.account.accountId, row.account]));
    expect(accounts.size).toBeGreaterThanOrEqual(8);
    expect(accounts.size).toBeLessThanOrEqual(15);
    expect(new Set([...accounts.values()].map((account) => account.country))).toEqual(new Set(['MX', 'CO', 'PE', 'CL', 'US']));
    for (const account of accounts.values()) {
      if (account.email) expect(account.email).toMatch(/@[a-z.]*example\.(com|org)$/);
    }
    const offsets = new Set(all.map((row) => daysFromDemoDay(row.invoice.dueDate)));
    for (const overdue of [-10, -40, -75, -120]) expect(offsets).toContain(overdue);
    expect([...offsets].filter((days) => days >= 1 && days <= 20).length).toBeGreaterThanOrEqual(4);
  });

  it('updates/pagos-2026-12.csv: two Mexican invoices paid and one cancelled, same accounts as before', async () => {
    const before = await example('cartera-mx.csv');
    const update = await example('updates/pagos-2026-12.csv');
    expect(update.rejected).toEqual([]);
    expect(update.warnings).toEqual([]);
    expect(update.accepted.map((row) => [row.invoice.invoiceNumber, row.invoice.status, row.invoice.balance])).toEqual([
      ['F-2026-0871', 'paid', 0],
      ['F-2026-1040', 'paid', 0],
      ['F-2026-1125', 'cancelled', 0],
    ]);
    for (const row of update.accepted) {
      const original = before.accepted.find((candidate) => candidate.invoice.invoiceNumber === row.invoice.invoiceNumber);
      expect(row.account).toEqual(original?.account);
      expect({ ...row.invoice, status: 'open', balance: original?.invoice.balance }).toEqual(original?.invoice);
    }
  });
});
