/**
 * A plain, printable PDF (1.4) of a letter's text: A4 pages, Helvetica 10.5 pt, lines wrapped at the
 * margin, page numbers. Built by hand — a few objects and a cross-reference table — because the
 * letter is text and a PDF library would triple the function bundle. The output is pure ASCII:
 * characters outside ASCII are written as WinAnsi octal escapes (á → \341), so it can be stored as
 * text and stays byte-identical for the same input (it is evidence).
 *
 * @example
 * const pdf = letterPdf({ title: letter.subject, text: letter.text });
 * await files.putText('escalation/letters/C-1/x.pdf', pdf, 'application/pdf');
 */
export function letterPdf(input: { readonly title: string; readonly text: string }): string {
  const pages = paginate(wrap(input.text, MAX_CHARS), LINES_PER_PAGE);
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ; // object n = index + 1
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages, filled in below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add(`<< /Title (${pdfString(input.title)}) /Producer (Cobranza) >>`);
  const kids: number[] = [];
  pages.forEach((lines, index) => {
    const content = [
      'BT',
      `/F1 ${FONT_SIZE} Tf`,
      `${LEADING} TL`,
      `${MARGIN} ${PAGE_HEIGHT - MARGIN} Td`,
      ...lines.map((line) => `(${pdfString(line)}) '`),
      'ET',
      'BT',
      `/F1 8 Tf ${PAGE_WIDTH / 2 - 10} ${MARGIN / 2} Td (${index + 1} / ${pages.length}) Tj`,
      'ET',
    ].join('\n');
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    const contentRef = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentRef} 0 R >>`);
    kids.push(objects.length);
  });
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

const PAGE_WIDTH = 595; // A4 in points
const PAGE_HEIGHT = 842;
const MARGIN = 64;
const FONT_SIZE = 10.5;
const LEADING = 14;
const LINES_PER_PAGE = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LEADING);
/** Helvetica at 10.5 pt averages ~5.3 pt a character: 467 pt of line ≈ 88 characters. */
const MAX_CHARS = 88;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (paragraph.trim() === '') {
      lines.push('');
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line && (line + ' ' + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
      while (line.length > width) {
        lines.push(line.slice(0, width));
        line = line.slice(width);
      }
    }
    lines.push(line);
  }
  return lines;
}

function paginate(lines: readonly string[], perPage: number): string[][] {
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  return pages.length ? pages : [[]];
}

/** A PDF literal string: `\`, `(` and `)` escaped, non-ASCII as WinAnsi octal (`?` when it has none). */
function pdfString(text: string): string {
  let out = '';
  for (const char of text) {
    const code = winAnsi(char);
    if (code === undefined) out += '?';
    else if (char === '\\' || char === '(' || char === ')') out += `\\${char}`;
    else if (code >= 32 && code < 127) out += char;
    else out += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** WinAnsi (≈ Windows-1252) code of a character: Latin-1 as is, plus the typographic extras. */
function winAnsi(char: string): number | undefined {
  const cp = char.codePointAt(0)!;
  if (cp === 9) return 32;
  if (cp < 32) return undefined;
  if (cp < 128 || (cp >= 160 && cp <= 255)) return cp;
  return EXTRAS[char];
}

const EXTRAS: Readonly<Record<string, number>> = {
  '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99, '−': 0x2d,
};
