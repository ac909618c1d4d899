import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitsBudget, gsmSafe, isGsm7, smsSegments } from '../../../shared/domain/channels/sms-segments.js';

// Expected numbers below were counted independently (character counts from a separate script, then
// septets/code units and segments worked out by hand from the 3GPP limits 160/153 and 70/67).
const LONG_SPANISH =
  'Estimada Sra. Peña: su factura F-3310 por $8,900.00 MXN venció hace 15 días. Puede pagar en línea en https://pagos.ejemplo.mx/F-3310 o por transferencia. Si ya realizó el pago, ignore este mensaje. ¡Gracias!';

const reminders: ReadonlyArray<{
  name: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  units: number;
  segments: number;
}> = [
  {
    name: 'short Spanish, ASCII only',
    text: 'Hola Ana, su factura F-1001 por $1,234.56 vence el 15/12. Gracias.',
    encoding: 'GSM-7',
    units: 66,
    segments: 1,
  },
  {
    // ó and á are not in GSM-7: 99 code units > 70, so 2 × 67.
    name: 'Spanish with ó/á forces UCS-2',
    text: 'Estimado Sr. Muñoz: le recordamos que la factura F-2040 venció el 01/12. ¿Necesita ayuda? Llámenos.',
    encoding: 'UCS-2',
    units: 99,
    segments: 2,
  },
  {
    // 126 characters, € costs 2 septets: 127.
    name: 'English with euro sign',
    text: 'Reminder: invoice INV-778 for €2,450.00 is 10 days overdue. Pay at https://pay.example.com/i/INV-778 or reply STOP to opt out.',
    encoding: 'GSM-7',
    units: 127,
    segments: 1,
  },
  {
    name: 'emoji counts 2 code units',
    text: 'Gracias por su pago 🙏',
    encoding: 'UCS-2',
    units: 22,
    segments: 1,
  },
  {
    name: 'long English, 176 septets',
    text: 'Dear Acme Supplies, this is a friendly reminder that invoice INV-2291 for USD 12,480.00 was due on 30 Nov 2026. If you have already paid, please ignore this message. Thank you!',
    encoding: 'GSM-7',
    units: 176,
    segments: 2,
  },
  {
    // 207 code units: 3 × 67 = 201 < 207, so 4 segments.
    name: 'long Spanish with accents',
    text: LONG_SPANISH,
    encoding: 'UCS-2',
    units: 207,
    segments: 4,
  },
  {
    // ñ is GSM-7; €, [, ~ and ] are extension characters: 110 + 4 = 114.
    name: 'Spanish with extension characters',
    text: 'Recordatorio: factura F-1200 vence mañana. Saldo: €1.250,00. Pague en https://pay.example.com/F-1200 [ref ~A1]',
    encoding: 'GSM-7',
    units: 114,
    segments: 1,
  },
];

describe('smsSegments: reminder texts', () => {
  it.each(reminders)('$name', ({ text, encoding, units, segments }) => {
    const result = smsSegments(text);
    expect(result).toEqual({
      encoding,
      units,
      segments,
      perSegment: encoding === 'GSM-7' ? (units > 160 ? 153 : 160) : units > 70 ? 67 : 70,
    });
  });
});

describe('smsSegments: alphabet', () => {
  it('empty text is 0 segments', () => {
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0, perSegment: 160 });
  });

  it.each([...'éùìòÇØøÅåÄÖÑÜßÉäöñüà¿¡£¥§¤ΔΦΓΛΩΠΨΣΘΞÆæ@$_\n\r'])('%j is in the GSM-7 basic table', (ch) => {
    expect(smsSegments(ch)).toMatchObject({ encoding: 'GSM-7', units: 1 });
  });

  it.each([...'^{}\\[~]|€\f'])('%j is an extension character (2 septets)', (ch) => {
    expect(smsSegments(ch)).toMatchObject({ encoding: 'GSM-7', units: 2, segments: 1 });
  });

  it.each([...'áíóúÁÍÓÚçâ`’“–…'])('%j is not GSM-7 and switches to UCS-2', (ch) => {
    expect(smsSegments(`Hola ${ch}`)).toMatchObject({ encoding: 'UCS-2', units: 6 });
    expect(isGsm7(ch)).toBe(false);
  });

  it('a lone surrogate is UCS-2, 1 unit', () => {
    expect(smsSegments('\uD83D')).toMatchObject({ encoding: 'UCS-2', units: 1, segments: 1 });
  });
});

describe('smsSegments: boundaries', () => {
  const a = (n: number) => 'a'.repeat(n);
  const acute = (n: number) => 'á'.repeat(n);

  it.each([
    [160, 1, 160],
    [161, 2, 153],
    [306, 2, 153],
    [307, 3, 153],
    [459, 3, 153],
    [460, 4, 153],
  ])('GSM-7 %i septets -> %i segments', (n, segments, perSegment) => {
    expect(smsSegments(a(n))).toEqual({ encoding: 'GSM-7', units: n, segments, perSegment });
  });

  it('extension character at the single-message boundary', () => {
    expect(smsSegments(`€${a(158)}`)).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments(`${a(159)}€`)).toMatchObject({ units: 161, segments: 2 });
  });

  it('an ESC pair is never split across concatenated segments', () => {
    // 152 + 2 + 152 = 306 = 2 × 153, but the € cannot start at septet 153: segment 1 closes at 152.
    expect(smsSegments(`${a(152)}€${a(152)}`)).toMatchObject({ units: 306, segments: 3 });
    expect(smsSegments(`${a(151)}€${a(153)}`)).toMatchObject({ units: 306, segments: 2 });
  });

  it.each([
    [70, 1, 70],
    [71, 2, 67],
    [134, 2, 67],
    [135, 3, 67],
  ])('UCS-2 %i units -> %i segments', (n, segments, perSegment) => {
    expect(smsSegments(acute(n))).toEqual({ encoding: 'UCS-2', units: n, segments, perSegment });
  });

  it('emoji at the single-message boundary', () => {
    expect(smsSegments(`${acute(68)}😀`)).toMatchObject({ units: 70, segments: 1 });
    expect(smsSegments(`${acute(69)}😀`)).toMatchObject({ units: 71, segments: 2 });
  });

  it('a surrogate pair is never split across concatenated segments', () => {
    // 66 + 2 + 66 = 134 = 2 × 67, but the emoji cannot straddle unit 67.
    expect(smsSegments(`${acute(66)}😀${acute(66)}`)).toMatchObject({ units: 134, segments: 3 });
    expect(smsSegments(`${acute(65)}😀${acute(67)}`)).toMatchObject({ units: 134, segments: 2 });
  });
});

describe('fitsBudget', () => {
  it('compares against the segment count', () => {
    expect(fitsBudget('', 0)).toBe(true);
    expect(fitsBudget('a', 0)).toBe(false);
    expect(fitsBudget('a'.repeat(160), 1)).toBe(true);
    expect(fitsBudget('a'.repeat(161), 1)).toBe(false);
    expect(fitsBudget('a'.repeat(161), 2)).toBe(true);
    expect(fitsBudget(LONG_SPANISH, 3)).toBe(false);
    expect(fitsBudget(gsmSafe(LONG_SPANISH), 2)).toBe(true);
  });
});

describe('gsmSafe', () => {
  it('drops only the accents GSM-7 lacks and keeps ñ, é, ü, ¿, ¡', () => {
    expect(gsmSafe('Llámenos: ¿Pagó usted? ÁÍÓÚ áíóú ñÑ é É ü Ü ¡Gracias!')).toBe(
      'Llamenos: ¿Pago usted? AIOU aiou ñÑ é É ü Ü ¡Gracias!',
    );
  });

  it('turns typography into ASCII', () => {
    expect(gsmSafe('“Factura” ‘F-1’ – pague — ya…\u00A0Nº 5, 1ª')).toBe('"Factura" \'F-1\' - pague - ya... No 5, 1a');
  });

  it('keeps the long Spanish reminder in GSM-7 and halves its cost', () => {
    const safe = gsmSafe(LONG_SPANISH);
    expect(smsSegments(safe)).toEqual({ encoding: 'GSM-7', units: 207, segments: 2, perSegment: 153 });
  });

  it('leaves characters with no GSM-7 form alone', () => {
    expect(gsmSafe('Gracias 🙏 支付')).toBe('Gracias 🙏 支付');
  });
});

// Independent oracle: cut the UTF-16 string at every `multi` units, moving a cut back by one when it
// would land between a high and a low surrogate. Returns the pieces so their edges can be inspected.
function splitUcs2(text: string): string[] {
  if (text.length <= 70) return text.length === 0 ? [] : [text];
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + 67, text.length);
    const before = text.charCodeAt(end - 1);
    if (end < text.length && before >= 0xd800 && before <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

const spanishChars = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'áéíóúüñÁÉÍÓÚÜÑ¿¡ .,;:!?-()/$%€@\'"\n',
  ...'“”‘’–—…«»ºª\u00A0',
];
const spanishText = fc.array(fc.constantFrom(...spanishChars), { maxLength: 400 }).map((cs) => cs.join(''));

const mixedChar = fc.oneof(
  fc.constantFrom(...spanishChars, ...'^{}[]~|\\\f'),
  fc.constantFrom('😀', '🙏', '👍🏽', '\uD83D', '支'),
);
const mixedText = fc.array(mixedChar, { maxLength: 400 }).map((cs) => cs.join(''));
const anyText = fc.oneof(mixedText, fc.string({ unit: 'binary', maxLength: 400 }));

// Random text rarely puts a 2-unit character exactly on a segment edge, so these place one there on
// purpose: a run of 1-unit characters ending near a multiple of the concatenated capacity, then a
// 2-unit character, then more text.
const edgeCase = (unit: string, capacity: number, twoUnit: fc.Arbitrary<string>, rest: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: -1, max: 1 }),
      twoUnit,
      fc.oneof(fc.constant(''), rest),
    )
    .map(([k, d, e, two, tail]) => {
      // The 2-unit character starts near the end of segment k+1; the fill brings the total to about
      // an exact multiple of `capacity`, the only place where an unsplit pair costs an extra segment.
      const before = Math.max(0, capacity * k + capacity - 1 + d);
      const fill = Math.max(0, capacity * (k + 2) - before - 2 + e);
      return unit.repeat(before) + two + unit.repeat(fill) + tail;
    });
const ucs2Edge = edgeCase('á', 67, fc.constantFrom('😀', '🙏', '👍🏽'), mixedText);
const gsmEdge = edgeCase(
  'a',
  153,
  fc.constantFrom(...'^{}[]~|\\€\f'),
  fc.array(fc.constantFrom(...'ab €[ñ'), { maxLength: 300 }).map((cs) => cs.join('')),
);

// Independent oracle for GSM-7: lay the text out as septets, marking the ESC septet, and cut every
// 153 septets, moving a cut back by one when it would separate ESC from its character.
function gsmPieces(text: string): number {
  const septets: string[] = [];
  for (const ch of text) {
    if ('^{}[]~|\\€\f'.includes(ch)) septets.push('ESC', ch);
    else septets.push(ch);
  }
  if (septets.length <= 160) return septets.length === 0 ? 0 : 1;
  let count = 0;
  let start = 0;
  while (start < septets.length) {
    let end = Math.min(start + 153, septets.length);
    if (end < septets.length && septets[end - 1] === 'ESC') end -= 1;
    count += 1;
    start = end;
  }
  return count;
}

describe('properties', () => {
  it('segments are monotone in length (appending never lowers the count)', () => {
    fc.assert(
      fc.property(anyText, anyText, (s, t) => {
        expect(smsSegments(s + t).segments).toBeGreaterThanOrEqual(smsSegments(s).segments);
      }),
    );
  });

  it('segments are at least the plain division and units match the encoding', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const r = smsSegments(s);
        expect(r.segments).toBeGreaterThanOrEqual(Math.ceil(r.units / r.perSegment));
        if (r.encoding === 'UCS-2') expect(r.units).toBe(s.length);
        else expect(r.units).toBeGreaterThanOrEqual(s.length);
        expect(isGsm7(s)).toBe(r.encoding === 'GSM-7');
      }),
    );
  });

  it('gsmSafe output of any Spanish text without emoji is GSM-7', () => {
    fc.assert(
      fc.property(spanishText, (s) => {
        const safe = gsmSafe(s);
        expect(isGsm7(safe)).toBe(true);
        expect(smsSegments(safe).encoding).toBe('GSM-7');
      }),
    );
  });

  it('gsmSafe is the identity on GSM-7 text and idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = gsmSafe(s);
        expect(gsmSafe(once)).toBe(once);
        if (isGsm7(s)) expect(once).toBe(s);
      }),
    );
  });

  it('UCS-2 never splits surrogate pairs: count matches a pair-preserving split', () => {
    fc.assert(
      fc.property(fc.oneof(ucs2Edge, mixedText.filter((s) => !isGsm7(s))), (s) => {
        const pieces = splitUcs2(s);
        for (const p of pieces) {
          expect(p.length).toBeLessThanOrEqual(70);
        }
        pieces.slice(1).forEach((next, i) => {
          const prev = pieces[i] ?? '';
          expect(isHigh(prev.charCodeAt(prev.length - 1)) && isLow(next.charCodeAt(0))).toBe(false);
        });
        expect(smsSegments(s).segments).toBe(pieces.length);
      }),
    );
  });

  it('GSM-7 never splits an ESC pair: count matches a pair-preserving split', () => {
    fc.assert(
      fc.property(gsmEdge, (s) => {
        expect(smsSegments(s).encoding).toBe('GSM-7');
        expect(smsSegments(s).segments).toBe(gsmPieces(s));
      }),
    );
  });
});
