import { describe, expect, it } from 'vitest';
import { composeMessage, type ComposeInput } from '../../../shared/domain/messages/compose.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import { plain } from './fixtures.js';

/**
 * Days late as commercial law counts them: a due date on a weekend or public holiday is payable the
 * next business day (CO Código de Comercio art. 829), so the count starts there. Expected values are
 * read off a 2026 calendar: 25 December is a Friday (Navidad in MX, CO, CL, PE and the US), 12
 * December a Saturday.
 */
const mexico: Account = { accountId: 'MX-1', name: 'Abarrotes La Esperanza', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' };
const christmas: Invoice = { accountId: 'MX-1', invoiceNumber: 'F-25', currency: 'MXN', amount: 100_000, balance: 100_000, dueDate: '2026-12-25', status: 'open' };

function text(input: Partial<ComposeInput> & { now: Date }): string {
  const message = composeMessage({ account: mexico, invoices: [christmas], template: 'overdue', tone: 'firm', channel: 'email', policy: defaultPolicy, ...input });
  if (message.channel !== 'email') throw new Error('expected an email');
  return plain(`${message.subject}\n${message.text}`);
}

describe('days late on business days', () => {
  it('an invoice due on Navidad (Friday 25 Dec) is due "today" on Monday 28, not "3 días de atraso"', () => {
    const monday = text({ now: new Date('2026-12-28T16:00:00Z') });
    expect(monday).toContain('vence hoy, 28 de diciembre de 2026');
    expect(monday).not.toMatch(/atraso/);
  });

  it('is 1 day late on Tuesday 29 December, and the overdue wording names its own due date', () => {
    const tuesday = text({ now: new Date('2026-12-29T16:00:00Z') });
    expect(tuesday).toContain('la factura F-25 por $1,000.00, con vencimiento el 25 de diciembre de 2026, sigue sin pagarse (1 día de atraso)');
    expect(tuesday).toContain('Días de atraso: 1');
  });

  it('counts down to the invoice’s own date before it, and to the business day it rolls to after it', () => {
    const saturday = { ...christmas, invoiceNumber: 'F-12', dueDate: '2026-12-12' };
    expect(text({ invoices: [saturday], template: 'upcoming', now: new Date('2026-12-10T16:00:00Z') })).toContain('vence el 12 de diciembre de 2026 (en 2 días)');
    // Sunday 13: the invoice is payable Monday 14 — "tomorrow", not "1 day late".
    expect(text({ invoices: [saturday], template: 'overdue', now: new Date('2026-12-13T16:00:00Z') })).toContain('vence el 14 de diciembre de 2026 (mañana)');
    expect(text({ invoices: [saturday], template: 'overdue', now: new Date('2026-12-15T16:00:00Z') })).toContain('(1 día de atraso)');
  });

  it('uses the debtor’s own holidays: in Colombia 8 December (Inmaculada Concepción) rolls to Wednesday 9', () => {
    const colombia: Account = { ...mexico, accountId: 'CO-1', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO' };
    const due = { ...christmas, accountId: 'CO-1', currency: 'COP', dueDate: '2026-12-08' };
    expect(text({ account: colombia, invoices: [due], now: new Date('2026-12-09T16:00:00Z') })).toContain('vence hoy, 9 de diciembre de 2026');
    expect(text({ account: colombia, invoices: [due], now: new Date('2026-12-10T16:00:00Z') })).toContain('(1 día de atraso)');
    // In Mexico 8 December is an ordinary day: 2 days late on the 10th.
    expect(text({ invoices: [{ ...christmas, dueDate: '2026-12-08' }], now: new Date('2026-12-10T16:00:00Z') })).toContain('(2 días de atraso)');
  });
});
