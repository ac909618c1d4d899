import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lines, read, rejection } from './support.js';

const FIELDS = ['Folio', 'Cliente ID', 'Razón Social', 'País', 'Moneda', 'Importe', 'Fecha Vencimiento'];

describe('CSV delimiters', () => {
  it.each([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('detects a %s-delimited file from its header line', async (_name, delimiter) => {
    // Prepare
    const text = lines(FIELDS.join(delimiter), ['F-1', 'C-1', 'Comercial Norte', 'MX', 'MXN', '1500.00', '15/12/2026'].join(delimiter));

    // Act
    const result = await read(text);

    // Assess
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toHaveLength(1);
    expect(result.accepted[0]?.invoice).toMatchObject({ invoiceNumber: 'F-1', amount: 150000, dueDate: '2026-12-15' });
    expect(result.accepted[0]?.account.name).toBe('Comercial Norte');
  });

  it('prefers tab in a .tsv file even when the header has other punctuation', async () => {
    const text = lines('Folio\tCliente ID\tImporte (MXN, IVA incl.)\tFecha Vencimiento\tPaís', 'F-1\tC-1\t1500\t15/12/2026\tMX');
    const result = await read(text, 'cartera.tsv', { headerMapping: { 'Importe (MXN, IVA incl.)': 'amount' } });
    expect(result.accepted[0]?.invoice.amount).toBe(150000);
  });

  it("honours Excel's sep=; first line and does not count it as data", async () => {
    const text = lines('sep=;', FIELDS.join(';'), 'F-1;C-1;Norte;MX;MXN;1500,50;15/12/2026');
    const result = await read(text);
    expect(result.rows).toHaveLength(1);
    expect(result.accepted[0]).toMatchObject({ line: 3, invoice: { amount: 150050 } });
  });
});

describe('CSV encoding', () => {
  it('reads UTF-8 with a byte order mark (Excel "CSV UTF-8")', async () => {
    const text = `\uFEFF${lines(FIELDS.join(';'), 'F-1;C-1;Pañales Güero;MX;MXN;100;15/12/2026')}`;
    const result = await read(text);
    expect(result.warnings).toEqual([]);
    expect(result.accepted[0]?.invoice.invoiceNumber).toBe('F-1');
    expect(result.accepted[0]?.account.name).toBe('Pañales Güero');
  });

  it('reads Windows-1252 (plain Excel "CSV") with a warning instead of garbling accents', async () => {
    const text = lines(FIELDS.join(';'), 'F-1;C-1;Pañales Güero;MX;MXN;100;15/12/2026');
    const result = await read(Buffer.from(text, 'latin1'));
    expect(result.accepted[0]?.account.name).toBe('Pañales Güero');
    expect(result.warnings[0]).toMatch(/not valid UTF-8.*Windows-1252/);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text", tab separated)', async () => {
    const text = `\uFEFF${lines(FIELDS.join('\t'), 'F-1\tC-1\tÓptica Núñez\tMX\tMXN\t100\t15/12/2026')}`;
    const result = await read(Buffer.from(text, 'utf16le'), 'cartera.txt');
    expect(result.accepted[0]?.account.name).toBe('Óptica Núñez');
  });

  it('gives the same result with Windows (CRLF) and old Mac (CR) line endings', async () => {
    const text = lines(FIELDS.join(','), 'F-1,C-1,"Norte\nSA",MX,MXN,100,15/12/2026', '', 'F-2,C-1,Sur,MX,MXN,200,15/12/2026');
    const unix = await read(text);
    expect(unix.accepted.map((row) => row.line)).toEqual([2, 5]);
    expect(await read(text.replace(/\n/g, '\r\n'))).toEqual(unix);
    expect(await read(text.replace(/\n/g, '\r'))).toEqual(unix);
  });
});

describe('CSV quoting, blank lines and line numbers', () => {
  it('keeps delimiters, doubled quotes and newlines inside quoted fields', async () => {
    const text = lines(
      FIELDS.join(','),
      '"F-1","C-1","Hernández, Hijos y ""Asociados""\nSucursal Norte",MX,MXN,"1,234.56",15/12/2026',
    );
    const result = await read(text);
    expect(result.accepted[0]?.account.name).toBe('Hernández, Hijos y "Asociados" Sucursal Norte');
    expect(result.accepted[0]?.invoice.amount).toBe(123456);
  });

  it('keeps quotes that appear inside an unquoted value', async () => {
    const text = lines(FIELDS.join(';'), 'F-1;C-1;Comercial "La Paz" SA;MX;MXN;100;15/12/2026');
    expect((await read(text)).accepted[0]?.account.name).toBe('Comercial "La Paz" SA');
  });

  it('ignores blank lines, whitespace lines, rows of empty fields and trailing blank lines', async () => {
    const text = `${lines(FIELDS.join(';'), '', 'F-1;C-1;Norte;MX;MXN;100;15/12/2026', '   ', ';;;;;;', 'F-2;C-1;Norte;MX;MXN;200;15/12/2026')}\n\n\n`;
    const result = await read(text);
    expect(result.rows.map((row) => row.line)).toEqual([3, 6]);
    expect(result.rejected).toEqual([]);
  });

  it('numbers rows by the physical line where they start, after multi-line fields and blank lines', async () => {
    const text = lines(
      '',
      FIELDS.join(','),
      'F-1,C-1,"Línea uno',
      'línea dos',
      'línea tres",MX,MXN,100,15/12/2026',
      '',
      'F-2,C-1,Norte,MX,MXN,-5,15/12/2026',
      'F-3,C-1,"a',
      '',
      'b",MX,MXN,300,15/12/2026',
      'F-4,C-1,Norte,MX,MXN,400,15/12/2026',
    );
    const result = await read(text);
    expect(result.rows.map((row) => [row.line, row.kind])).toEqual([
      [3, 'accepted'],
      [7, 'rejected'],
      [8, 'accepted'],
      [11, 'accepted'],
    ]);
    // A name is one line in messages: inner line breaks become spaces.
    expect(result.accepted[1]?.account.name).toBe('a b');
  });

  it('rejects a row with the wrong number of fields and keeps reading', async () => {
    const header = [...FIELDS, 'Estatus', 'Correo', 'Teléfono', 'RFC', 'Saldo'];
    const text = lines(
      header.join(';'),
      'F-1;C-1;Norte;MX;MXN;100;15/12/2026;abierta;a@example.com;5512345678;AAA010101AAA;100',
      'F-2;C-1;Norte;MX;MXN;100;15/12/2026;abierta;a@example.com;5512345678;AAA010101AAA',
      'F-3;C-1;Norte;MX;MXN;1;500;15/12/2026;abierta;a@example.com;5512345678;AAA010101AAA;100',
      'F-4;C-1;Norte;MX;MXN;100;15/12/2026;abierta;a@example.com;5512345678;AAA010101AAA;100',
    );
    const result = await read(text);
    expect(result.accepted.map((row) => row.line)).toEqual([2, 5]);
    expect(result.rejected).toEqual([
      { kind: 'rejected', line: 3, reason: "expected 12 fields, found 11 (is a ';' missing?)" },
      { kind: 'rejected', line: 4, reason: "expected 12 fields, found 13 (a value containing ';' must be in double quotes)" },
    ]);
  });

  it('rejects the whole file when a quote is never closed', async () => {
    const text = lines(FIELDS.join(','), 'F-1,C-1,Norte,MX,MXN,100,15/12/2026', 'F-2,C-1,"Sur,MX,MXN,100,15/12/2026', 'F-3,C-1,Este,MX,MXN,100,15/12/2026');
    const error = await rejection(text);
    expect(error.name).toBe('FileRejectedError');
    expect(error.reason).toBe('broken CSV quoting: a quote opened after line 2 is never closed, so the rest of the file would be one field');
  });

  it('rejects the whole file when text follows a closing quote, naming the line', async () => {
    const text = lines(FIELDS.join(','), 'F-1,C-1,Norte,MX,MXN,100,15/12/2026', 'F-2,C-1,"Sur" SA,MX,MXN,100,15/12/2026');
    expect((await rejection(text)).reason).toMatch(/^broken CSV quoting at line 3: /);
  });
});

describe('CSV streaming', () => {
  it('gives the same outcomes however the bytes are split into chunks', async () => {
    const text = `\uFEFF${lines(
      FIELDS.join(';'),
      'F-1;C-1;"Añil ""Ñandú""\r\nSA";MX;MXN;1.234,56;15/12/2026',
      '',
      'F-2;C-1;Müller €;MX;MXN;99,5;31/12/2026',
      'F-3;C-1;Norte;MX;MXN;0;15/12/2026',
    ).replace(/\n/g, '\r\n')}`;
    const bytes = Buffer.from(text, 'utf8');
    const whole = await read(bytes);
    expect(whole.accepted).toHaveLength(2);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.subarray(points[index], end));
        expect(await read(chunks)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});

describe('CSV with two encodings', () => {
  it('refuses a file that mixes UTF-8 and Windows-1252 rather than garble it', async () => {
    const header = Buffer.from(lines(FIELDS.join(';'), 'F-1;C-1;Añil SA;MX;MXN;100;15/12/2026'), 'utf8');
    const legacy = Buffer.from(lines('F-2;C-1;Pañales SA;MX;MXN;100;15/12/2026'), 'latin1');
    expect((await rejection(Buffer.concat([header, legacy]))).reason).toBe(
      'unreadable: the file mixes UTF-8 text with another encoding (accents would come out garbled); save it again as "CSV UTF-8"',
    );
  });
});
