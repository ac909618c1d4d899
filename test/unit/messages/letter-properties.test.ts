import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NothingToDemandError } from '../../../shared/domain/messages/errors.js';
import { composeLetter } from '../../../shared/domain/messages/pre-legal-letter.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { formatDate, formatMoney } from '../../../shared/domain/templates/format.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import { plain } from './fixtures.js';

/**
 * The oracle, restated from the rule and the law, not from the code: a letter may demand an invoice
 * when it is open, has a balance, is under no open dispute, and today (in the debtor's zone) is after
 * its business due date — the due date, or the next day that is Monday to Friday and not a public
 * holiday of the debtor's country (CO Código de Comercio art. 829; the holidays below are written out
 * by hand from each country's law for October 2026 – February 2027).
 */
const HOLIDAYS: Readonly<Record<string, readonly string[]>> = {
  // LFT art. 74: Revolución (third Monday of November), Navidad, Año Nuevo, Constitución (first Monday of February).
  MX: ['2026-11-16', '2026-12-25', '2027-01-01', '2027-02-01'],
  // Ley 51 de 1983 (Emiliani): Todos los Santos and Independencia de Cartagena and Reyes moved to Monday.
  CO: ['2026-11-02', '2026-11-16', '2026-12-08', '2026-12-25', '2027-01-01', '2027-01-11'],
  // Iglesias Evangélicas (Saturday 31 Oct), Todos los Santos (Sunday), Inmaculada Concepción, Navidad, Año Nuevo.
  CL: ['2026-10-31', '2026-11-01', '2026-12-08', '2026-12-25', '2027-01-01'],
  // Todos los Santos (Sunday), Inmaculada Concepción, Batalla de Ayacucho (Ley 31788), Navidad, Año Nuevo.
  PE: ['2026-11-01', '2026-12-08', '2026-12-09', '2026-12-25', '2027-01-01'],
  // 5 U.S.C. 6103: Veterans Day, Thanksgiving, Christmas, New Year, MLK Day, Washington's Birthday.
  US: ['2026-11-11', '2026-11-26', '2026-12-25', '2027-01-01', '2027-01-18', '2027-02-15'],
};

const MARKETS = [
  { country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX', currencies: ['MXN', 'USD'] },
  { country: 'CO', timezone: 'America/Bogota', locale: 'es-CO', currencies: ['COP', 'USD'] },
  { country: 'CL', timezone: 'America/Santiago', locale: 'es-CL', currencies: ['CLP', 'USD'] },
  { country: 'PE', timezone: 'America/Lima', locale: 'es-PE', currencies: ['PEN', 'USD'] },
  { country: 'US', timezone: 'America/New_York', locale: 'en-US', currencies: ['USD', 'MXN'] },
] as const;

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

function isBusinessDayOracle(date: string, country: string): boolean {
  const weekday = new Date(dayMs(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !(HOLIDAYS[country] ?? []).includes(date);
}

function rollOracle(date: string, country: string): string {
  let ms = dayMs(date);
  while (!isBusinessDayOracle(iso(ms), country)) ms += DAY;
  return iso(ms);
}

/** The local calendar date in `timezone` at `now`, read with Intl (no Cobranza code). */
function localDate(now: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts.slice(0, 10);
}

const caseArb = fc
  .record({
    market: fc.constantFrom(...MARKETS),
    // 1 December 2026 to 20 January 2027, at a random hour (the local date differs from UTC's at night).
    nowMs: fc.integer({ min: Date.parse('2026-12-01T00:00:00Z'), max: Date.parse('2027-01-20T23:59:59Z') }),
    graceDays: fc.integer({ min: 0, max: 14 }),
    rows: fc.array(
      fc.record({
        dueOffset: fc.integer({ min: -40, max: 20 }),
        balance: fc.integer({ min: 0, max: 5_000_000 }),
        paid: fc.boolean(),
        currencyIndex: fc.integer({ min: 0, max: 1 }),
        dispute: fc.constantFrom('none', 'none', 'open', 'resolved'),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ market, nowMs, graceDays, rows }) => {
    const now = new Date(nowMs);
    const today = localDate(now, market.timezone);
    const account: Account = { accountId: `${market.country}-1`, name: 'Cliente Ejemplo', country: market.country, timezone: market.timezone, locale: market.locale };
    const invoices: Invoice[] = rows.map((row, i) => ({
      accountId: account.accountId,
      invoiceNumber: `F-${100 + i}`,
      currency: market.currencies[row.currencyIndex]!,
      amount: row.balance,
      balance: row.balance,
      dueDate: iso(dayMs(today) + row.dueOffset * DAY),
      status: row.paid ? 'paid' : 'open',
    }));
    const disputes = rows.flatMap((row, i) => (row.dispute === 'none' ? [] : [{ invoiceNumber: `F-${100 + i}`, status: row.dispute as 'open' | 'resolved' }]));
    return { market, now, today, graceDays, account, invoices, disputes };
  });

describe('the pre-legal letter against an independent oracle (property)', () => {
  it('demands exactly the open, undisputed invoices past their business due date, totals them per currency, and sets a business-day deadline ≥ today + grace', () => {
    fc.assert(
      fc.property(caseArb, ({ market, now, today, graceDays, account, invoices, disputes }) => {
        const held = new Set(disputes.filter((d) => d.status === 'open').map((d) => d.invoiceNumber));
        const lateness = (invoice: Invoice) => Math.round((dayMs(today) - dayMs(rollOracle(invoice.dueDate, market.country))) / DAY);
        const candidates = invoices.filter((i) => i.status === 'open' && i.balance > 0 && !held.has(i.invoiceNumber));
        const demanded = candidates.filter((i) => lateness(i) >= 1).sort((a, b) => (a.dueDate === b.dueDate ? (a.invoiceNumber < b.invoiceNumber ? -1 : 1) : a.dueDate < b.dueDate ? -1 : 1));
        const notYetDue = candidates.filter((i) => lateness(i) < 1);

        if (demanded.length === 0) {
          expect(() => composeLetter({ account, invoices, disputes, policy: defaultPolicy, now, graceDays })).toThrow(NothingToDemandError);
          return;
        }
        const letter = composeLetter({ account, invoices, disputes, policy: defaultPolicy, now, graceDays });
        const text = plain(letter.text);
        const es = market.locale.startsWith('es');
        const section = text.slice(text.search(/Estimados señores:|Dear Sir or Madam,/), text.search(/Les solicitamos realizar el pago|Please make the payment/));

        // Every demanded line: the oracle's invoices, each at least one day late, by the oracle's count,
        // and — when the due date was not a business day — the business day that count starts from.
        const lines = [
          ...section.matchAll(
            /^- (?:Factura|Invoice) (F-\d+): .*\((\d+) (?:días?|days?) (?:de atraso|overdue)(?:, (?:contados? desde el|counted from) (.+), (?:primer día hábil tras el vencimiento|the first business day after the due date))?\)(?: – (?:Pagar|Pay): \S+)?$/gm,
          ),
        ];
        expect(lines.map((m) => m[1])).toEqual(demanded.map((i) => i.invoiceNumber));
        lines.forEach((m, i) => {
          const invoice = demanded[i]!;
          expect(Number(m[2])).toBeGreaterThanOrEqual(1);
          expect(Number(m[2])).toBe(lateness(invoice));
          const rolled = rollOracle(invoice.dueDate, market.country);
          expect(m[3]).toBe(rolled === invoice.dueDate ? undefined : plain(formatDate(rolled, market.locale, market.timezone)));
          expect(m[0]).toContain(plain(formatDate(invoice.dueDate, market.locale, market.timezone)));
        });
        // Nothing not yet due, disputed or paid in the demand.
        for (const invoice of invoices.filter((i) => !demanded.includes(i))) expect(section).not.toContain(invoice.invoiceNumber);
        for (const invoice of notYetDue) expect(text).toContain(invoice.invoiceNumber);

        // The overdue balance: the oracle's sums per currency, in the order the currencies first appear.
        const sums = new Map<string, number>();
        for (const invoice of demanded) sums.set(invoice.currency, (sums.get(invoice.currency) ?? 0) + invoice.balance);
        const total = plain([...sums].map(([currency, minor]) => formatMoney(minor, currency, market.locale)).join(' + '));
        expect(section).toContain(es ? `asciende a ${total}, integrado por` : `amounts to ${total}, made up of`);

        // The deadline: a business day, the first one on or after today + grace.
        const earliest = iso(dayMs(today) + graceDays * DAY);
        expect(letter.deadline >= earliest).toBe(true);
        expect(isBusinessDayOracle(letter.deadline, market.country)).toBe(true);
        expect(letter.deadline).toBe(rollOracle(earliest, market.country));
        expect(text).toContain(formatDate(letter.deadline, market.locale, market.timezone));
      }),
      { numRuns: 300 },
    );
  });
});
