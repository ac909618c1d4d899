import { describe, expect, it } from 'vitest';
import { oneLine, terminalSafe } from '../../../infra/local/format-terminal.js';

describe('terminalSafe', () => {
  it('shows ESC sequences escaped instead of letting the terminal run them (clear screen, title, colour)', () => {
    expect(terminalSafe('\u001b[2J\u001b]0;pwned\u0007 pago mañana \u001b[31m')).toBe('\\x1b[2J\\x1b]0;pwned\\x07 pago mañana \\x1b[31m');
  });

  it('escapes carriage return, tab, backspace and NUL (a line overwritten in place), keeps the line feed', () => {
    expect(terminalSafe('ok\rFAKE\tx\by\u0000\nnext')).toBe('ok\\x0dFAKE\\x09x\\x08y\\x00\nnext');
  });

  it('escapes DEL, the C1 controls (0x9B is a one-character CSI) and the bidi overrides', () => {
    expect(terminalSafe('a\u007fb\u009b31mc\u0085d')).toBe('a\\u007fb\\u009b31mc\\u0085d');
    expect(terminalSafe('factura \u202eF-1\u202c \u2066x\u2069 \u061c')).toBe('factura \\u202eF-1\\u202c \\u2066x\\u2069 \\u061c');
  });

  it('leaves ordinary text alone: accents, ñ, emoji, currency signs', () => {
    const text = 'Construcciones del Bajío SA de CV — $1,234.50 MXN ✅ “pagaré el 20/12”';
    expect(terminalSafe(text)).toBe(text);
  });

  it('keeps JSON valid and equal in value: JSON.stringify leaves DEL, C1 and bidi raw, the escapes are JSON\'s own', () => {
    const value = { text: '\u001b[2J hola \u009b31m \u202e\u007f' };
    const printed = terminalSafe(JSON.stringify(value));
    expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(printed)).toEqual(value);
  });
});

describe('oneLine', () => {
  it('puts outside text on one line, so it cannot fake a line of the listing', () => {
    expect(oneLine('  pago\n2026-12-05T14:00:00.000Z  payment.applied   F-1\r\n  ')).toBe('pago 2026-12-05T14:00:00.000Z payment.applied F-1');
  });
});
