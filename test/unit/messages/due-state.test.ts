import { describe, expect, it } from 'vitest';
import { composeMessage, type ComposeInput } from '../../../shared/domain/messages/compose.js';
import { dueState } from '../../../shared/domain/messages/due-state.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Account, Invoice, Tone } from '../../../shared/domain/types.js';
import { plain } from './fixtures.js';

/**
 * Days late as commercial law counts them: a due date on a weekend or public holiday is payable the
 * next business day (CO Código de Comercio art. 829), so the count starts there — but the message
 * always prints the invoice's own due date, and says why the day it rolled to is still on time.
 * Expected values are read off a 2026 calendar: 25 December is a Friday (Navidad in MX, CO, CL, PE
 * and the US), 12 December and 21 November are Saturdays, 31 October a Saturday followed by Todos
 * los Santos (Sunday 1) and, in Colombia, its Monday holiday (2 November).
 */
const mexico: Account = { accountId: 'MX-1', name: 'Abarrotes La Esperanza', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' };
const colombia: Account = { accountId: 'CO-1', name: 'Logística del Caribe Ltda.', country: 'CO', timezone: 'America/Bogota', locale: 'es-CO' };
const us: Account = { accountId: 'US-1', name: 'Harbor Pine Foods', country: 'US', timezone: 'America/New_York', locale: 'en-US' };
const christmas: Invoice = { accountId: 'MX-1', invoiceNumber: 'F-25', currency: 'MXN', amount: 100_000, balance: 100_000, dueDate: '2026-12-25', status: 'open' };
const saturday: Invoice = { ...christmas, invoiceNumber: 'F-12', dueDate: '2026-12-12' };
const coSaturday: Invoice = { accountId: 'CO-1', invoiceNumber: 'FE-10350', currency: 'COP', amount: 2_560_000_000, balance: 2_560_000_000, dueDate: '2026-11-21', status: 'open' };

function email(input: Partial<ComposeInput> & { now: Date }): string {
  const message = composeMessage({ account: mexico, invoices: [christmas], template: 'overdue', tone: 'firm', channel: 'email', policy: defaultPolicy, ...input });
  if (message.channel !== 'email') throw new Error('expected an email');
  return plain(`${message.subject}\n${message.text}`);
}

function sms(input: Partial<ComposeInput> & { now: Date }): string {
  const message = composeMessage({ account: mexico, invoices: [christmas], template: 'due-today', tone: 'firm', channel: 'sms', policy: defaultPolicy, ...input });
  if (message.channel !== 'sms') throw new Error('expected an SMS');
  return message.body;
}

const text = email;

describe('dueState', () => {
  it('keeps the invoice’s own date, and names the business day it rolled to once it has come', () => {
    expect(dueState('2026-12-25', new Date('2026-12-20T16:00:00Z'), 'America/Mexico_City', 'MX')).toEqual({ days: -5, date: '2026-12-25' });
    // Friday 25 (Navidad) itself: not due yet — it can be paid on Monday 28.
    expect(dueState('2026-12-25', new Date('2026-12-25T16:00:00Z'), 'America/Mexico_City', 'MX')).toEqual({ days: -3, date: '2026-12-25', rolledTo: '2026-12-28' });
    expect(dueState('2026-12-25', new Date('2026-12-28T16:00:00Z'), 'America/Mexico_City', 'MX')).toEqual({ days: 0, date: '2026-12-25', rolledTo: '2026-12-28' });
    expect(dueState('2026-12-25', new Date('2026-12-29T16:00:00Z'), 'America/Mexico_City', 'MX')).toEqual({ days: 1, date: '2026-12-25', rolledTo: '2026-12-28' });
    expect(dueState('2026-12-15', new Date('2026-12-18T16:00:00Z'), 'America/Mexico_City', 'MX')).toEqual({ days: 3, date: '2026-12-15' });
  });
});

describe('a due date on a non-business day: the message prints it, and says the invoice can be paid on the next business day without being late', () => {
  it('the demo’s case: due Saturday 21 November, on Monday 23 the friendly reminder never says "vence hoy, 23 de noviembre"', () => {
    const monday = email({ account: colombia, invoices: [coSaturday], template: 'due-today', tone: 'friendly', now: new Date('2026-11-23T14:05:00Z') });
    expect(monday).toContain('La factura FE-10350 puede pagarse hoy sin atraso – Ejemplo Corp');
    expect(monday).toContain(
      'Solo un recordatorio amable: la factura FE-10350 por $ 25.600.000, con vencimiento el 21 de noviembre de 2026 (un día no hábil), puede pagarse hoy, 23 de noviembre de 2026, sin atraso.',
    );
    expect(monday).toContain('Fecha de vencimiento: 21 de noviembre de 2026\nPuede pagarse sin atraso: hoy, 23 de noviembre de 2026\n');
    expect(monday).not.toMatch(/vence hoy|Fecha de vencimiento: 23|\d+ días? de atraso/);
  });

  it('says it in every tone, in Spanish and in English, and the subject never calls the rolled day the due date', () => {
    const monday = new Date('2026-12-28T16:00:00Z');
    const expected: Record<Tone, [string, string]> = {
      friendly: [
        'La factura F-25 puede pagarse hoy sin atraso',
        'la factura F-25 por $1,000.00, con vencimiento el 25 de diciembre de 2026 (un día no hábil), puede pagarse hoy, 28 de diciembre de 2026, sin atraso.',
      ],
      firm: [
        'Pago sin atraso hasta hoy: factura F-25',
        'La factura F-25 por $1,000.00, con vencimiento el 25 de diciembre de 2026 (un día no hábil), puede pagarse hoy, 28 de diciembre de 2026, sin atraso. Les pedimos realizar el pago el día de hoy',
      ],
      formal: [
        'Pago sin atraso hasta el día de hoy: factura F-25',
        'Les recordamos que la factura F-25, por un importe de $1,000.00 y con vencimiento el 25 de diciembre de 2026 (un día no hábil), puede pagarse hoy, 28 de diciembre de 2026, sin atraso.',
      ],
    };
    const english: Record<Tone, [string, string]> = {
      friendly: [
        'Invoice F-25 can be paid today without being late',
        'Just a friendly reminder that invoice F-25 for $1,000.00, due on December 25, 2026 (a non-business day), can be paid today, December 28, 2026, without being late.',
      ],
      firm: [
        'Payable today without being late: invoice F-25',
        'Invoice F-25 for $1,000.00, due on December 25, 2026 (a non-business day), can be paid today, December 28, 2026, without being late. Please arrange payment today',
      ],
      formal: [
        'Payable today without being late: invoice F-25',
        'We remind you that invoice F-25, for the amount of $1,000.00 and due on December 25, 2026 (a non-business day), can be paid today, December 28, 2026, without being late.',
      ],
    };
    const usInvoice = { ...christmas, accountId: 'US-1', currency: 'USD' };
    for (const tone of ['friendly', 'firm', 'formal'] as const) {
      const es = email({ tone, now: monday });
      expect(es.split('\n')[0], tone).toBe(`${expected[tone][0]} – Ejemplo Corp`);
      expect(es, tone).toContain(expected[tone][1]);
      expect(es, tone).toContain('Fecha de vencimiento: 25 de diciembre de 2026\n');
      expect(es, tone).not.toMatch(/vence hoy|28 de diciembre de 2026, vence|\d+ días? de atraso/);
      const en = email({ account: us, invoices: [usInvoice], tone, now: monday });
      expect(en.split('\n')[0], tone).toBe(`${english[tone][0]} – Ejemplo Corp`);
      expect(en, tone).toContain(english[tone][1]);
      expect(en, tone).toContain('Due date: December 25, 2026\nCan be paid without being late: today, December 28, 2026\n');
      expect(en, tone).not.toMatch(/is due today|due date of invoice|overdue/);
    }
  });

  it('on the days between (Sunday 13 for Saturday 12): until when it can be paid, never "vence el 14"', () => {
    expect(text({ invoices: [saturday], template: 'upcoming', now: new Date('2026-12-10T16:00:00Z') })).toContain('vence el 12 de diciembre de 2026 (en 2 días)');
    const sunday = text({ invoices: [saturday], template: 'overdue', now: new Date('2026-12-13T16:00:00Z') });
    expect(sunday).toContain('Recordatorio: la factura F-12 puede pagarse sin atraso hasta el 14 de diciembre de 2026 – Ejemplo Corp');
    expect(sunday).toContain(
      'Les recordamos que la factura F-12 por $1,000.00, con vencimiento el 12 de diciembre de 2026 (un día no hábil), puede pagarse sin atraso hasta el 14 de diciembre de 2026 (mañana).',
    );
    expect(sunday).toContain('Fecha de vencimiento: 12 de diciembre de 2026\nPuede pagarse sin atraso: hasta el 14 de diciembre de 2026\n');
    expect(sunday).not.toContain('vence el 14');
  });

  it('once late, counts from the business day and names it next to the printed due date', () => {
    const tuesday = text({ now: new Date('2026-12-29T16:00:00Z') });
    expect(tuesday.split('\n')[0]).toBe('Factura F-25 vencida (1 día de atraso) – Ejemplo Corp');
    expect(tuesday).toContain(
      'la factura F-25 por $1,000.00, con vencimiento el 25 de diciembre de 2026, sigue sin pagarse (1 día de atraso, contado desde el 28 de diciembre de 2026, primer día hábil tras el vencimiento).',
    );
    expect(tuesday).toContain('Días de atraso: 1 (contado desde el 28 de diciembre de 2026, primer día hábil tras el vencimiento)');
    // The demo’s 7 December message about an invoice due Saturday 31 October (Colombia: Sunday 1 and Monday 2 November are holidays).
    const october = { ...coSaturday, invoiceNumber: 'FE-10295', dueDate: '2026-10-31' };
    expect(text({ account: colombia, invoices: [october], tone: 'friendly', now: new Date('2026-12-07T15:00:00Z') })).toContain(
      'con vencimiento el 31 de octubre de 2026, aún aparece pendiente (34 días de atraso, contados desde el 3 de noviembre de 2026, primer día hábil tras el vencimiento).',
    );
    const english = text({ account: us, invoices: [{ ...christmas, accountId: 'US-1', currency: 'USD' }], tone: 'formal', now: new Date('2026-12-30T16:00:00Z') });
    expect(english).toContain('is past due (2 days overdue, counted from December 28, 2026, the first business day after the due date).');
    expect(english).toContain('Days overdue: 2 (counted from December 28, 2026, the first business day after the due date)');
  });

  it('a due date on a business day reads as before: no explanation where there is nothing to explain', () => {
    const ordinary = text({ invoices: [{ ...christmas, dueDate: '2026-12-08' }], now: new Date('2026-12-10T16:00:00Z') });
    expect(ordinary).toContain('con vencimiento el 8 de diciembre de 2026, sigue sin pagarse (2 días de atraso).');
    expect(ordinary).toContain('Días de atraso: 2\n');
    expect(ordinary).not.toMatch(/hábil/);
    expect(text({ template: 'due-today', now: new Date('2026-12-25T16:00:00Z'), invoices: [{ ...christmas, dueDate: '2026-12-24' }] })).not.toMatch(/hábil/);
  });

  it('uses the debtor’s own holidays: in Colombia 8 December (Inmaculada Concepción) rolls to Wednesday 9', () => {
    const due = { ...christmas, accountId: 'CO-1', currency: 'COP', dueDate: '2026-12-08' };
    expect(text({ account: colombia, invoices: [due], now: new Date('2026-12-09T16:00:00Z') })).toContain(
      'con vencimiento el 8 de diciembre de 2026 (un día no hábil), puede pagarse hoy, 9 de diciembre de 2026, sin atraso',
    );
    expect(text({ account: colombia, invoices: [due], now: new Date('2026-12-10T16:00:00Z') })).toContain('(1 día de atraso, contado desde el 9 de diciembre de 2026');
  });

  it('in a list of several invoices, each says it of itself; the text says it of the first', () => {
    const other = { ...coSaturday, invoiceNumber: 'FE-10360', dueDate: '2026-11-27', balance: 100_000_000, amount: 100_000_000 };
    const monday = email({ account: colombia, invoices: [coSaturday, other], template: 'due-today', tone: 'formal', now: new Date('2026-11-23T15:00:00Z') });
    expect(monday).toContain('Pago sin atraso hasta el día de hoy: 2 facturas – Ejemplo Corp');
    expect(monday).toContain(
      'Les recordamos que de las 2 facturas que listamos abajo, por un importe total de $ 26.600.000, la primera, con vencimiento el 21 de noviembre de 2026 (un día no hábil), puede pagarse hoy, 23 de noviembre de 2026, sin atraso.',
    );
    expect(monday).toContain(
      '- Factura FE-10350 por $ 25.600.000, con vencimiento el 21 de noviembre de 2026 (un día no hábil), puede pagarse hoy, 23 de noviembre de 2026, sin atraso – Pagar:',
    );
    expect(monday).toContain('- Factura FE-10360 por $ 1.000.000, vence el 27 de noviembre de 2026 – Pagar:');
    const late = email({ account: colombia, invoices: [coSaturday, other], tone: 'firm', now: new Date('2026-11-30T15:00:00Z') });
    expect(late).toContain('la más antigua venció el 21 de noviembre de 2026 (7 días de atraso, contados desde el 23 de noviembre de 2026, primer día hábil tras el vencimiento).');
  });
});

describe('SMS and WhatsApp say it too', () => {
  it('SMS: its own date and "today without being late", within the budget, in Spanish and English', () => {
    const monday = new Date('2026-12-28T16:00:00Z');
    expect(sms({ now: monday })).toBe(
      'Ejemplo Corp: Abarrotes La Esperanza, le recordamos que la factura F-25 por $1,000.00 con vencimiento el 25 dic (dia no habil) puede pagarse hoy sin atraso. Le pedimos realizar el pago hoy: https://pay.example.com/MX-1/F-25 Responda BAJA para no recibir mas mensajes.',
    );
    expect(sms({ account: us, invoices: [{ ...christmas, accountId: 'US-1', currency: 'USD' }], tone: 'friendly', now: monday })).toBe(
      'Ejemplo Corp: Hi Harbor Pine Foods, a reminder that invoice F-25 for $1,000.00 due Dec 25 (a non-business day) can be paid today without being late. Thank you! Pay online: https://pay.example.com/US-1/F-25 Reply STOP to opt out.',
    );
    // One segment: the short form still gives the invoice's own date, abbreviated.
    const oneSegment = { ...defaultPolicy, channels: { ...defaultPolicy.channels, sms: { segmentBudget: 1 } } };
    const tight = composeMessage({ account: mexico, invoices: [christmas], template: 'due-today', tone: 'formal', channel: 'sms', policy: oneSegment, now: monday });
    expect(tight.channel === 'sms' && [tight.body, tight.segments]).toEqual([
      'Ejemplo Corp: factura F-25 por $1,000.00, vto. 25 dic (no habil): sin atraso hoy. Pague en: https://pay.example.com/MX-1/F-25 Responda BAJA para no recibir mas.',
      1,
    ]);
    // Tighter still (a longer company name): only until when it can be paid, never "vence hoy".
    const longer = { ...oneSegment, company: { ...oneSegment.company, name: 'Ejemplo Corp Mexico' } };
    const terse = composeMessage({ account: mexico, invoices: [christmas], template: 'due-today', tone: 'formal', channel: 'sms', policy: longer, now: monday });
    expect(terse.channel === 'sms' && terse.body).toBe(
      'Ejemplo Corp Mexico: factura F-25 por $1,000.00, pagadera hoy sin atraso. Pague en: https://pay.example.com/MX-1/F-25 Responda BAJA para no recibir mas.',
    );
  });

  it('WhatsApp: the approved text’s invoice line carries it', () => {
    const message = composeMessage({ account: mexico, invoices: [christmas], template: 'due-today', tone: 'formal', channel: 'whatsapp', policy: defaultPolicy, now: new Date('2026-12-28T16:00:00Z') });
    expect(message.channel === 'whatsapp' && plain(message.preview)).toContain(
      'factura F-25 por $1,000.00, con vencimiento el 25 de diciembre de 2026 (un día no hábil), puede pagarse hoy, 28 de diciembre de 2026, sin atraso.',
    );
  });
});
