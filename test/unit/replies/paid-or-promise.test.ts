import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply, type ReplyContext } from '../../../shared/domain/replies/classify-reply.js';

// Wednesday 2 December 2026, 09:00 in Mexico City.
const NOW = new Date('2026-12-02T15:00:00Z');
const at = (locale: string): ReplyContext => ({ locale, timezone: locale === 'en-US' ? 'America/New_York' : 'America/Mexico_City', now: NOW });

/**
 * The tense decides: what was done is a payment to check, what will be done is a promise. Pairs of
 * the same words in the past and in the future, read as a person reads them.
 */
const PAIRS: Array<[string, string, string, string]> = [
  ['es-MX', 'pagamos el viernes pasado', 'pagamos el viernes', '2026-12-04'],
  ['es-MX', 'depositamos el 28 de noviembre', 'depositamos el 28 de diciembre', '2026-12-28'],
  ['es-MX', 'ya hicimos la transferencia', 'mañana hacemos la transferencia', '2026-12-03'],
  ['es-MX', 'Le deposité el lunes', 'Le deposito el lunes', '2026-12-07'],
  ['es-CO', 'consignamos ayer', 'consignamos mañana', '2026-12-03'],
  ['es-AR', 'te transferimos el lunes pasado', 'te transferimos el lunes', '2026-12-07'],
  ['en-US', 'we mailed the check', 'we will mail the check on Friday', '2026-12-04'],
  ['en-US', 'We paid on Friday', "We'll pay on Friday", '2026-12-04'],
  ['en-US', 'Payment was sent yesterday', 'Payment will be sent tomorrow', '2026-12-03'],
];

describe('paid or promise: the tense decides', () => {
  it.each(PAIRS)('%s: %j is paid, %j a promise for %s', (locale, past, future, date) => {
    expect(classifyReply(past, at(locale)).kind).toBe('paid');
    expect(classifyReply(future, at(locale))).toMatchObject({ kind: 'promise', date });
  });

  it.each([
    ['es-MX', 'ya se depositó'],
    ['es-MX', 'Ya pagó'], // the accent: "he/she paid"
    ['es-PE', 'ya le yapeé'],
    ['es-CO', 'Ya está paga'],
    ['es-MX', 'ya quedó pagada la factura'],
    ['en-US', 'check is in the mail'],
    ['en-US', 'The ACH went out yesterday'],
    ['en-US', 'already taken care of'],
  ])('%s: %j claims a payment made', (locale, text) => {
    expect(classifyReply(text, at(locale)).kind).toBe('paid');
  });

  /**
   * The first person future carries the same accent as the past ("pagaré" / "pagué"): "Pagaré el
   * viernes" is I WILL pay on Friday. Read as a payment made, reminders would pause three days and
   * ask for a receipt that does not exist; read as a promise, they wait for Friday.
   */
  it.each([
    ['Pagaré el viernes', '2026-12-04'],
    ['Depositaré el lunes', '2026-12-07'],
    ['transferiré el 20', '2026-12-20'],
    ['Realizaré el pago el 15', '2026-12-15'],
    ['Cancelaré el saldo el 30', '2026-12-30'],
    ['Le depositaré mañana sin falta', '2026-12-03'],
    ['Consignaré el 15', '2026-12-15'],
    ['Haré el pago el 10 de diciembre', '2026-12-10'],
  ])('es-MX: %j is a promise for %s (the future, not the past)', (text, date) => {
    expect(classifyReply(text, at('es-MX'))).toMatchObject({ kind: 'promise', date });
  });

  it('reads the future on any day of the week it is said, and keeps reading the past of the same verbs as paid', () => {
    // The attacker's clock: Wednesday 9 December 2026.
    const ninth: ReplyContext = { locale: 'es-MX', timezone: 'America/Mexico_City', now: new Date('2026-12-09T16:00:00Z') };
    expect(classifyReply('Pagaré el viernes', ninth)).toMatchObject({ kind: 'promise', date: '2026-12-11' });
    expect(classifyReply('Cancelaré el saldo el viernes', ninth)).toMatchObject({ kind: 'promise', date: '2026-12-11' });
    for (const text of ['Ya pagué', 'Ya deposité', 'Ya le transferí', 'Ya giré el cheque', 'Realicé el pago ayer', 'Ya cancelé el saldo']) {
      expect(classifyReply(text, at('es-MX')).kind, text).toBe('paid');
    }
    // "Cancelaré" (I will pay, in Peru and Chile) is no misspelt CANCELAR.
    expect(classifyReply('Cancelaré', at('es-PE')).kind).not.toBe('opt-out');
  });

  it.each([
    ['es-MX', 'Ya pago'], // no accent: "now I pay" or "already paid": a person asks
    ['es-MX', 'me pagaron ayer, mañana les deposito'], // the debtor was paid; they pay us tomorrow
    ['es-MX', 'Aún no he pagado'],
    ['es-MX', 'Todavía no hemos depositado'],
    ['en-US', "We haven't paid yet"],
    ['en-US', 'I get paid on Friday'],
    ['es-MX', 'Para fin de mes queda liquidado'],
  ])('%s: %j claims no payment made', (locale, text) => {
    expect(classifyReply(text, at(locale)).kind).not.toBe('paid');
  });

  it('a weekday marked past is never a promise, whatever the day it is said', () => {
    const weekday = fc.constantFrom('lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo');
    const english = fc.constantFrom('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday');
    const past = fc.oneof(
      weekday.map((d) => `pagamos el ${d} pasado`),
      weekday.map((d) => `depositamos el pasado ${d}`),
      weekday.map((d) => `ya le transferí el ${d}`),
      english.map((d) => `we paid last ${d}`),
      english.map((d) => `sent the payment last ${d}`),
    );
    const now = fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(past, now, (text, when) => {
        const got = classifyReply(text, { locale: 'es-MX', timezone: 'America/Mexico_City', now: when });
        expect(got.kind).toBe('paid');
      }),
    );
  });

  it('a date within the last six months is the past; a month further back is next year', () => {
    expect(classifyReply('Pago el 30/11', at('es-MX')).kind).toBe('other');
    expect(classifyReply('pago el 10/01', at('es-MX'))).toMatchObject({ kind: 'promise', date: '2027-01-10' });
    expect(classifyReply('Le pago el 15 de febrero', at('es-MX'))).toMatchObject({ kind: 'promise', date: '2027-02-15' });
    expect(classifyReply('pagamos el 20 de noviembre', at('es-MX')).kind).toBe('paid');
  });

  it('a promise date is a real calendar day: "31/02" and "29/02/2027" are no promise', () => {
    expect(classifyReply('pago el 31/02', at('es-MX')).kind).toBe('other');
    expect(classifyReply('pago el 29/02/2027', at('es-MX')).kind).toBe('other');
  });

  it('reads "en 15 días", "dentro de dos semanas", "in 10 days", "al tiro", "al toque"', () => {
    expect(classifyReply('le pago en 15 días', at('es-MX'))).toMatchObject({ kind: 'promise', date: '2026-12-17' });
    expect(classifyReply('dentro de dos semanas le deposito', at('es-MX'))).toMatchObject({ kind: 'promise', date: '2026-12-16' });
    expect(classifyReply('will pay in 10 days', at('en-US'))).toMatchObject({ kind: 'promise', date: '2026-12-12' });
    expect(classifyReply('le transfiero al tiro', at('es-CL'))).toMatchObject({ kind: 'promise', date: '2026-12-02' });
    expect(classifyReply('al toque le deposito', at('es-PE'))).toMatchObject({ kind: 'promise', date: '2026-12-02' });
  });

  it('a date alone answers the reminder; a date with anything but a payment is no promise', () => {
    expect(classifyReply('el viernes sin falta', at('es-MX'))).toMatchObject({ kind: 'promise', date: '2026-12-04' });
    expect(classifyReply('Estoy de viaje, vuelvo el lunes', at('es-MX')).kind).toBe('other');
    expect(classifyReply('El viernes le confirmo', at('es-MX')).kind).toBe('other');
    expect(classifyReply("I'm on vacation until the 10th", at('en-US')).kind).toBe('other');
    expect(classifyReply('no tengo dinero ahorita', at('es-MX')).kind).toBe('other');
  });
});
