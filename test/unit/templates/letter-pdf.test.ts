import { describe, expect, it } from 'vitest';
import { letterPdf } from '../../../shared/domain/messages/letter-pdf.js';

describe('the pre-legal letter as a PDF', () => {
  const text = `Estimados señores:\n\nPor medio de la presente, Ejemplo Corp les solicita el pago de $ 1.234.567 (factura F-1 (a)).\n${'Línea larga '.repeat(40)}`;
  const pdf = letterPdf({ title: 'Carta de cobranza – C-1', text });

  it('is a well-formed PDF whose cross-reference offsets point at its objects', () => {
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)\n/.exec(pdf)![1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  });

  it('keeps the words, with Spanish letters as WinAnsi escapes and parentheses escaped', () => {
    expect(pdf).toContain('se\\361ores');
    expect(pdf).toContain('\\(a\\)\\)');
    expect(pdf).toContain('Carta de cobranza \\226 C-1');
    expect(/[^\x00-\x7f]/.test(pdf)).toBe(false);
  });

  it('wraps long paragraphs and numbers the pages; the same text gives the same bytes', () => {
    const long = letterPdf({ title: 't', text: 'x '.repeat(10_000) });
    const pages = Number(/\/Count (\d+)/.exec(long)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(long).toContain(`(${pages} / ${pages}) Tj`);
    expect(letterPdf({ title: 'Carta de cobranza – C-1', text })).toBe(pdf);
  });
});
