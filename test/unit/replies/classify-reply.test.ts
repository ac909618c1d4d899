import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../shared/domain/replies/classify-reply.js';
import type { ReplyContext } from '../../../shared/domain/replies/classify-reply.js';

// Wednesday 2 December 2026, 09:00 in Mexico City.
const NOW = new Date('2026-12-02T15:00:00Z');
const MX: ReplyContext = { locale: 'es-MX', timezone: 'America/Mexico_City', now: NOW };
const at = (locale: string, timezone = 'America/Mexico_City'): ReplyContext => ({ locale, timezone, now: NOW });

type Expected =
  | { kind: 'opt-out' | 'paid' | 'help' | 'other' }
  | { kind: 'promise'; date: string; amountText?: string }
  | { kind: 'dispute'; disputeReason: string };

const CASES: Array<[string, string, Expected]> = [
  // opt-out
  ['es-MX', 'STOP', { kind: 'opt-out' }],
  ['es-MX', 'Baja.', { kind: 'opt-out' }],
  ['es-CO', 'BAJA por favor', { kind: 'opt-out' }],
  ['es-CL', 'alto', { kind: 'opt-out' }],
  ['es-PE', 'Cancelar', { kind: 'opt-out' }],
  ['en-US', 'unsubscribe', { kind: 'opt-out' }],
  ['en-US', 'Quit', { kind: 'opt-out' }],
  ['en-US', 'END', { kind: 'opt-out' }],
  ['es-MX', 'Cancelar suscripción', { kind: 'opt-out' }],
  ['es-MX', 'No me escriban más, ya les dije que no soy el dueño', { kind: 'opt-out' }],
  ['es-CO', 'Dejen de enviarme mensajes por favor', { kind: 'opt-out' }],
  ['en-US', 'Please stop texting me', { kind: 'opt-out' }],
  ['es-MX', 'Ya pagué, no me escriban más', { kind: 'opt-out' }],
  // not opt-out: the keyword inside an unrelated sentence ("no me corresponde": the debtor contests it)
  ['es-CL', 'El monto es muy alto, no me corresponde', { kind: 'dispute', disputeReason: 'other' }],
  ['en-US', 'The bus stop near your office is closed', { kind: 'other' }],
  // paid
  ['es-MX', 'Ya pagué!!', { kind: 'paid' }],
  ['es-MX', 'ya pague ayer en oxxo', { kind: 'paid' }],
  ['es-CO', 'Buenas tardes, ya se pagó la factura F-1023', { kind: 'paid' }],
  ['es-CL', 'Estimados, ya realizamos el pago por transferencia, adjunto comprobante', { kind: 'paid' }],
  ['es-PE', 'Ya cancelé la factura, revisen por favor', { kind: 'paid' }],
  ['es-MX', 'PAGADO', { kind: 'paid' }],
  ['es-CO', 'Ya le consigné esta mañana', { kind: 'paid' }],
  ['es-MX', 'ya les deposité, chequen por favor', { kind: 'paid' }],
  ['en-US', 'I already paid this last week', { kind: 'paid' }],
  ['en-US', 'Paid.', { kind: 'paid' }],
  ['es-MX', 'Ya pagué la mitad, el resto el viernes', { kind: 'paid' }],
  // not paid
  ['es-MX', 'Aún no he pagado, pago el viernes', { kind: 'promise', date: '2026-12-04' }],
  ['en-US', 'I get paid on Friday, will pay then', { kind: 'promise', date: '2026-12-04' }],
  // promise
  ['es-MX', 'Pago el 15/12', { kind: 'promise', date: '2026-12-15' }],
  ['es-CO', 'Pagamos el viernes', { kind: 'promise', date: '2026-12-04' }],
  ['es-PE', 'El lunes deposito', { kind: 'promise', date: '2026-12-07' }],
  ['es-CL', 'La próxima semana', { kind: 'promise', date: '2026-12-07' }],
  ['es-MX', 'Mañana', { kind: 'promise', date: '2026-12-03' }],
  ['es-MX', 'pasado mañana le deposito', { kind: 'promise', date: '2026-12-04' }],
  ['en-US', "I'll pay on Friday", { kind: 'promise', date: '2026-12-04' }],
  ['en-US', 'will pay Dec 15', { kind: 'promise', date: '2026-12-15' }],
  ['en-US', 'I can send it 12/15', { kind: 'promise', date: '2026-12-15' }],
  ['es-CO', 'Le transfiero el 15 de diciembre sin falta', { kind: 'promise', date: '2026-12-15' }],
  ['es-MX', 'Hoy en la tarde le hago el depósito de $5,000', { kind: 'promise', date: '2026-12-02', amountText: '$5,000' }],
  ['es-MX', 'hoy no puedo, pago el viernes en la mañana', { kind: 'promise', date: '2026-12-04' }],
  ['es-PE', 'Le abono S/ 1.200 el sábado', { kind: 'promise', date: '2026-12-05', amountText: 'S/ 1.200' }],
  ['es-CL', 'El miércoles le transfiero', { kind: 'promise', date: '2026-12-09' }],
  ['es-MX', 'pago el 10/01 cuando entre la lana', { kind: 'promise', date: '2027-01-10' }],
  ['es-CO', 'Para fin de mes le tengo la plata', { kind: 'promise', date: '2026-12-31' }],
  ['es-MX', 'En la quincena le pago', { kind: 'promise', date: '2026-12-15' }],
  ['es-MX', 'Llámenme, pago mañana', { kind: 'promise', date: '2026-12-03' }],
  ['en-US', 'Next week', { kind: 'promise', date: '2026-12-07' }],
  ['es-CL', 'Hola, le transfiero 200 lucas el lunes', { kind: 'promise', date: '2026-12-07', amountText: '200 lucas' }],
  ['en-US', 'I will pay 500 dollars on December 20th', { kind: 'promise', date: '2026-12-20', amountText: '500 dollars' }],
  ['es-CO', 'Le consigno el día 20', { kind: 'promise', date: '2026-12-20' }],
  ['es-MX', 'me pagan el viernes y le deposito', { kind: 'promise', date: '2026-12-04' }],
  ['es-PE', 'Cancelo el viernes', { kind: 'promise', date: '2026-12-04' }],
  // a date a couple of days past is no promise
  ['es-MX', 'pago el 30/11', { kind: 'other' }],
  // help
  ['es-MX', 'Llámenme por favor', { kind: 'help' }],
  ['es-CO', 'Necesito hablar con alguien sobre esta factura', { kind: 'help' }],
  ['es-PE', 'ayuda', { kind: 'help' }],
  ['en-US', 'HELP', { kind: 'help' }],
  ['en-US', 'Can you call me tomorrow?', { kind: 'help' }],
  ['es-MX', 'Llámenme mañana', { kind: 'help' }],
  ['en-US', 'Can you text me the amount?', { kind: 'help' }],
  ['es-MX', 'mándenme el monto por favor', { kind: 'help' }],
  ['en-US', "I'll send the amount tomorrow", { kind: 'promise', date: '2026-12-03' }],
  // other
  ['es-MX', '¿Quién es?', { kind: 'other' }],
  ['es-MX', 'no voy a pagar, esa factura no es mía', { kind: 'dispute', disputeReason: 'other' }],
  ['es-MX', 'Ya pago', { kind: 'other' }], // "ya pagó" or "now I pay": ambiguous without accents, left to a human
  ['es-CL', 'Gracias, saludos', { kind: 'other' }],
  ['en-US', '👍', { kind: 'other' }],
  ['es-MX', '', { kind: 'other' }],
];

describe('classifyReply examples (now = Wed 2026-12-02 09:00 America/Mexico_City)', () => {
  it.each(CASES)('%s: %j', (locale, text, expected) => {
    const got = classifyReply(text, at(locale));
    expect(got.reason.length).toBeGreaterThan(0);
    expect(got).toMatchObject(expected);
    if (got.kind === 'promise' && expected.kind === 'promise' && expected.amountText === undefined) {
      expect(got.amountText).toBeUndefined();
    }
  });

  it('has at least 40 examples', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
});

describe('classifyReply details', () => {
  it('reads numeric dates month-first only for en-US', () => {
    expect(classifyReply('pago el 05/01', at('es-MX'))).toMatchObject({ date: '2027-01-05' });
    expect(classifyReply('will pay 05/01', at('en-US'))).toMatchObject({ date: '2027-05-01' });
  });

  it('counts "today" in the debtor zone, not UTC', () => {
    // 03:00Z on 3 Dec is still 2 Dec (21:00) in Mexico City but 3 Dec in Madrid.
    const late = new Date('2026-12-03T03:00:00Z');
    expect(classifyReply('mañana pago', { ...MX, now: late })).toMatchObject({ date: '2026-12-03' });
    expect(classifyReply('mañana pago', { locale: 'es-MX', timezone: 'Europe/Madrid', now: late })).toMatchObject({
      date: '2026-12-04',
    });
  });

  it('treats the same weekday as next week and "hoy" as today', () => {
    expect(classifyReply('pago el miércoles', MX)).toMatchObject({ date: '2026-12-09' });
    expect(classifyReply('hoy pago', MX)).toMatchObject({ date: '2026-12-02' });
  });

  it('gives the keyword for opt-outs', () => {
    expect(classifyReply('stop!!', MX)).toMatchObject({ kind: 'opt-out', keyword: 'STOP' });
  });

  it('does not throw on a bad zone or clock', () => {
    expect(classifyReply('pago mañana', { ...MX, timezone: 'Not/AZone' })).toMatchObject({ kind: 'promise' });
    expect(classifyReply('pago mañana', { ...MX, now: new Date(Number.NaN) }).kind).toBe('other');
  });
});

describe('classifyReply properties', () => {
  const WORDS = [
    'pago', 'el', 'mañana', 'pasado', 'viernes', 'lunes', '15/12', '31/02', '29/11', '01/01/2025', 'dic', '15',
    'de', 'diciembre', 'Dec', 'hoy', 'no', 'stop', 'ya', 'pagué', 'llámenme', 'help', 'next week', 'fin de mes',
    'quincena', '$500', 'el 31', 'on the 30th', 'próxima semana', 'today',
  ];
  const reply = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' ')),
  );
  const context = fc.record({
    locale: fc.constantFrom('es-MX', 'es-CO', 'es-PE', 'es-CL', 'en-US'),
    timezone: fc.constantFrom('America/Mexico_City', 'America/Bogota', 'America/Lima', 'America/Santiago', 'America/New_York', 'Pacific/Kiritimati', 'Etc/GMT+12'),
    now: fc.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }),
  });

  it('never throws and always gives a reason', () => {
    fc.assert(
      fc.property(reply, context, (text, ctx) => {
        const got = classifyReply(text, ctx);
        expect(got.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never promises a date before today in the debtor zone', () => {
    fc.assert(
      fc.property(reply, context, (text, ctx) => {
        const got = classifyReply(text, ctx);
        if (got.kind !== 'promise') return;
        const today = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).toISODate()!;
        expect(got.date >= today).toBe(true);
        expect(got.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a bare opt-out keyword in any casing and punctuation as an opt-out', () => {
    const keyword = fc.constantFrom('stop', 'baja', 'alto', 'cancelar', 'unsubscribe', 'end', 'quit');
    const casing = fc.array(fc.boolean(), { minLength: 11, maxLength: 11 });
    const lead = fc.constantFrom('', ' ', '¡', '¿', '"', 'por favor ', '🙏 ');
    const tail = fc.constantFrom('', '.', '!!', ' ', '?', ' 🙏', ' por favor', ' gracias', ' please');
    fc.assert(
      fc.property(keyword, casing, lead, tail, (word, upper, before, after) => {
        const cased = [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        const got = classifyReply(`${before}${cased}${after}`, MX);
        expect(got).toMatchObject({ kind: 'opt-out', keyword: word.toUpperCase() });
      }),
    );
  });

  it('lets a clear opt-out phrase win over anything else in the message', () => {
    fc.assert(
      fc.property(reply, context, (text, ctx) => {
        expect(classifyReply(`${text}. No me escriban más`, ctx).kind).toBe('opt-out');
      }),
      { numRuns: 500 },
    );
  });
});
