import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../shared/domain/replies/classify-reply.js';
import { MAX_REPLY_CHARS, normalizeReply, ownWords, TAIL_CHARS } from '../../../shared/domain/replies/normalize.js';

const CONTEXT = { locale: 'es-MX', timezone: 'America/Mexico_City', now: new Date('2026-12-02T15:00:00Z'), openInvoices: ['F-1023'] };

describe('normalizeReply', () => {
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', 'á', ' ', '-', '1', '.', '🙏', '\u0301', 'ß', 'ﬁ') }));

  it('never throws and gives lower-case ASCII words, digits and "/", single spaces, padded', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(normalizeReply(text)).toMatch(/^ (?:[a-z0-9/]+ )*$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('is a canonical form: normalizing twice changes nothing', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(normalizeReply(normalizeReply(text))).toBe(normalizeReply(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads accents, casing, shorthand and stretched letters as the words they are', () => {
    expect(normalizeReply('¡¡Ya PAGUÉ!!')).toBe(' ya pague ');
    expect(normalizeReply('xfa ya no m manden msjs')).toBe(' xfa ya no me manden mensajes ');
    expect(normalizeReply('STOOOOP')).toBe(' stop ');
    expect(normalizeReply('no me escrivan')).toBe(' no me escriban ');
  });

  it('handles a 1 MB reply (linear: it must not hang) and so does the classifier', () => {
    const big = 'Hola, ¿cuánto debo? pago el 15/12 ¡gracias! 🙏 '.repeat(25_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    expect(normalizeReply(big).length).toBeGreaterThan(900_000);
    expect(classifyReply(big, CONTEXT).kind).toBe('promise');
    expect(classifyReply('a'.repeat(1_000_000), CONTEXT).kind).toBe('other');
  });
});

describe('ownWords', () => {
  it('keeps the debtor’s words and drops the quoted thread of an email reply', () => {
    expect(ownWords('Ya pagué\n\nEl lun, 30 nov 2026 a las 9:00, Cobranza <c@example.com> escribió:\n> Responda BAJA')).toBe('Ya pagué');
    expect(ownWords('Paid.\nOn Mon, Nov 30, 2026 at 9:00 AM Cobranza <c@example.com> wrote:\n> Reply STOP')).toBe('Paid.');
    expect(ownWords('OK\n-----Original Message-----\nFrom: Cobranza')).toBe('OK');
    // A reply that opens with a quote and answers below it keeps the answer, not our question.
    expect(ownWords('> ¿Cuándo paga?\nel viernes')).toBe('el viernes');
    // Nothing but a quote: the first line, never an empty reply.
    expect(ownWords('> Responda BAJA\n> para no recibir más')).toBe('> Responda BAJA');
  });

  it('reads an answer written below the quoted thread (bottom-posting) or between its lines, never the quoted lines', () => {
    const reminder = '> Estimado cliente, le recordamos la factura F-1001.\n> Responda BAJA para no recibir más mensajes.';
    expect(ownWords(`Hola\n\nEl lun, 30 nov 2026 a las 10:00, Cobranza <cobranza@example.com> escribió:\n${reminder}\n\nNO ME ESCRIBAN MÁS`)).toBe('Hola\n\n\nNO ME ESCRIBAN MÁS');
    expect(ownWords(`On Mon, Nov 30, 2026 at 10:00 AM Billing <billing@example.com> wrote:\n\n> Reply STOP to opt out.\n\nPaid yesterday.`)).toBe('Paid yesterday.');
    expect(ownWords(`> ¿Reconoce la factura?\nNo.\n> ¿Cuándo paga?\nEl viernes`)).toBe('No.\nEl viernes');
  });

  it('drops an unmarked original message: below an Outlook header, or below a "wrote:" header not followed by ">" lines', () => {
    expect(ownWords('Ya pagué\n\n-----Original Message-----\nFrom: Cobranza\nResponda BAJA para no recibir más mensajes')).toBe('Ya pagué');
    expect(ownWords('Ya pagué\n\nEl lun, 30 nov 2026, Cobranza <c@example.com> escribió:\nResponda BAJA para no recibir más mensajes')).toBe('Ya pagué');
  });

  it(`reads at most ${MAX_REPLY_CHARS} characters: the beginning and the last ${TAIL_CHARS} of a longer text`, () => {
    expect(ownWords('x'.repeat(MAX_REPLY_CHARS * 3)).length).toBe(MAX_REPLY_CHARS);
    const pasted = `${'Estado de cuenta adjunto. '.repeat(200)}Por favor no me escriban más`;
    expect(pasted.length).toBeGreaterThan(MAX_REPLY_CHARS);
    expect(ownWords(pasted).length).toBe(MAX_REPLY_CHARS);
    expect(ownWords(pasted).endsWith('Por favor no me escriban más')).toBe(true);
  });
});
