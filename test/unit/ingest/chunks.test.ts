/**
 * Chunked reading: the byte ranges end on record boundaries (hand-computed offsets below), and the
 * rows read range by range are exactly the rows of the single-pass reader (readInvoiceFile, the
 * reader every small file goes through) with the same real line numbers.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePlan, encodePlan, splitAtRecords, type ChunkRange } from '../../../shared/domain/ingest/chunks.js';
import type { RowOutcome } from '../../../shared/domain/ingest/index.js';
import { duplicateLines, planInvoiceFile, readRowsInRange, type InvoiceFilePlan } from '../../../shared/domain/ingest/read-invoice-file.js';
import { HEADER, opener, read } from './support.js';

const bytesOf = (content: string | Uint8Array): Uint8Array => (typeof content === 'string' ? Buffer.from(content, 'utf8') : content);

/** Every row of every chunk, in order, each chunk read from its own byte range only. */
async function readChunked(content: string | Uint8Array, chunkBytes: number, fileName = 'cartera.csv'): Promise<{ rows: RowOutcome[]; chunks: ChunkRange[]; plan: InvoiceFilePlan }> {
  const bytes = bytesOf(content);
  const plan = decodePlan<InvoiceFilePlan>(encodePlan(await planInvoiceFile(opener(bytes), { fileName })));
  const format = plan.format === 'csv' ? 'csv' : plan.format === 'json-lines' ? 'json-lines' : 'whole';
  const { chunks } = await splitAtRecords(opener(bytes)(), { format, delimiter: plan.csv?.delimiter ?? ',', chunkBytes, headerRecords: plan.csv?.sepLine ? 2 : 1 });
  const duplicates = await duplicateLines(opener(bytes)(), plan);
  const rows: RowOutcome[] = [];
  for (const chunk of chunks) {
    for await (const row of readRowsInRange(opener(bytes.subarray(chunk.start, chunk.end))(), plan, { ...chunk, duplicates })) rows.push(row);
  }
  return { rows, chunks, plan };
}

async function singlePass(content: string | Uint8Array, fileName = 'cartera.csv'): Promise<RowOutcome[]> {
  return (await read(content, fileName)).rows;
}

const ROW1 = 'F-1,C-1,"ACME\nNorte",MX,MXN,100.00,2026-12-15';
const ROW2 = 'F-2,C-2,Beta,MX,MXN,200.00,2026-12-16';
const ROW3 = 'F-3,C-3,"Gama ""G""",MX,MXN,300.00,2026-12-17';

describe('splitAtRecords', () => {
  it('cuts after the first record boundary at or after the target size, never inside quotes', async () => {
    // ROW1 spans two lines (a quoted line break).
    const file = `${HEADER}\n${ROW1}\n${ROW2}\n${ROW3}\n`;
    const headerEnd = HEADER.length + 1; // 72
    const row1End = headerEnd + ROW1.length + 1;
    // A target of 80 bytes lands inside ROW1, whose only line break before its end is the quoted one
    // in "ACME\nNorte": not a boundary; the chunk ends after ROW1.
    expect(headerEnd).toBeLessThan(80);
    expect(headerEnd + ROW1.indexOf('\n')).toBeGreaterThanOrEqual(80);
    const { chunks, totalBytes, lines } = await splitAtRecords(opener(file)(), { format: 'csv', chunkBytes: 80 });
    expect(totalBytes).toBe(Buffer.byteLength(file));
    expect(lines).toBe(5);
    expect(chunks.map(({ start, end, firstLine, lastLine, header }) => ({ start, end, firstLine, lastLine, header }))).toEqual([
      { start: 0, end: row1End, firstLine: 1, lastLine: 3, header: true },
      { start: row1End, end: Buffer.byteLength(file), firstLine: 4, lastLine: 5, header: false },
    ]);
  });

  it('keeps \\r\\n together and counts \\r\\n, \\r and \\n as one line each', async () => {
    const file = 'a,b\r\n1,2\r3,4\n5,6';
    // chunkBytes 1: every record boundary is a cut.
    const { chunks, lines } = await splitAtRecords(opener(file)(), { format: 'csv', chunkBytes: 1 });
    expect(chunks.map((c) => [c.start, c.end, c.firstLine, c.lastLine])).toEqual([
      [0, 5, 1, 1],
      [5, 9, 2, 2],
      [9, 13, 3, 3],
      [13, 16, 4, 4],
    ]);
    expect(lines).toBe(4);
  });

  it('finds the \\n of a \\r\\n split across two reads of the stream', async () => {
    const { chunks } = await splitAtRecords(opener(['a,b\r', '\n1,2\r', '\n'])(), { format: 'csv', chunkBytes: 1 });
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, 5],
      [5, 10],
    ]);
  });

  it('JSON Lines: every line break is a boundary', async () => {
    const { chunks } = await splitAtRecords(opener('{"a":"x,\\"y"}\n{"a":2}\n')(), { format: 'json-lines', chunkBytes: 1 });
    expect(chunks.map((c) => [c.start, c.end, c.firstLine])).toEqual([
      [0, 14, 1],
      [14, 22, 2],
    ]);
  });

  it('a UTF-16 file (BOM) and a JSON array are one chunk', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n3,4\n', 'utf16le')]);
    expect((await splitAtRecords(opener(utf16)(), { format: 'csv', chunkBytes: 1 })).chunks).toHaveLength(1);
    expect((await splitAtRecords(opener('[{"a":1},\n{"a":2}]\n')(), { format: 'whole', chunkBytes: 1 })).chunks).toEqual([
      { index: 0, start: 0, end: 19, firstLine: 1, lastLine: 2, header: true },
    ]);
  });

  it('an empty stream is one empty chunk', async () => {
    expect((await splitAtRecords(opener('')(), { format: 'csv', chunkBytes: 10 })).chunks).toEqual([
      { index: 0, start: 0, end: 0, firstLine: 1, lastLine: 1, header: true },
    ]);
  });
});

describe('reading a file chunk by chunk', () => {
  it('gives the single-pass rows with the real line numbers across a quoted line break', async () => {
    const file = `${HEADER}\n${ROW1}\n${ROW2}\nF-4,C-4,Delta,MX,MXN,abc,2026-12-18\n${ROW3}\n`;
    const { rows, chunks } = await readChunked(file, 1);
    expect(chunks).toHaveLength(5);
    expect(rows).toEqual(await singlePass(file));
    // Hand-checked: ROW1 starts on line 2 (spans 2–3), ROW2 line 4, the bad amount line 5, ROW3 line 6.
    expect(rows.map((r) => [r.kind, r.line])).toEqual([
      ['accepted', 2],
      ['accepted', 4],
      ['rejected', 5],
      ['accepted', 6],
    ]);
  });

  it('reads a file with a BOM and CRLF line endings the same way', async () => {
    const file = `\uFEFF${HEADER}\r\n${ROW1.replace('\n', '\r\n')}\r\n${ROW2}\r\n\r\n${ROW3}\r\n`;
    const { rows } = await readChunked(file, 1);
    expect(rows).toEqual(await singlePass(file));
    expect(rows.map((r) => r.line)).toEqual([2, 4, 6]);
  });

  it('reads a Windows-1252 file (accents) chunk by chunk', async () => {
    const text = `${HEADER}\nF-1,C-1,Compañía Ñandú,MX,MXN,1.00,2026-12-15\nF-2,C-2,Árbol,MX,MXN,2.00,2026-12-15\n`;
    const latin1 = Buffer.from(text, 'latin1');
    const { rows, plan } = await readChunked(latin1, 1);
    expect(plan.encoding).toBe('windows-1252');
    expect(rows).toEqual(await singlePass(latin1));
    expect(rows.map((r) => r.kind === 'accepted' && r.account.name)).toEqual(['Compañía Ñandú', 'Árbol']);
  });

  it('applies the row limits of the single pass (a record over 64 KB, a control character)', async () => {
    const file = `${HEADER}\n${ROW2}\nF-5,C-5,"${'x'.repeat(70_000)}",MX,MXN,1.00,2026-12-15\nF-6,C-6,Ni\u0000l,MX,MXN,1.00,2026-12-15\n${ROW3}\n`;
    const { rows } = await readChunked(file, 100);
    expect(rows).toEqual(await singlePass(file));
    expect(rows.map((r) => r.kind)).toEqual(['accepted', 'rejected', 'rejected', 'accepted']);
  });

  it("keeps Excel's sep= line out of the rows and ranges after it", async () => {
    const file = `\nsep=;\n\n${HEADER.replaceAll(',', ';')}\nF-1;C-1;A;MX;MXN;1,50;2026-12-15\nF-2;C-2;B;MX;MXN;2,50;2026-12-15\n`;
    const { rows, chunks } = await readChunked(file, 1);
    expect(chunks.map((c) => c.firstLine)).toEqual([1, 5, 6]);
    expect(rows).toEqual(await singlePass(file));
    expect(rows.map((r) => r.line)).toEqual([5, 6]);
  });

  it('reads JSON Lines ranges with real line numbers', async () => {
    const file = '{"invoice_number":"F-1","customer_id":"C","currency":"MXN","amount":"1.00","due_date":"2026-12-15"}\n\n[1]\n{"invoice_number":"F-2","customer_id":"C","currency":"MXN","amount":"2.00","due_date":"2026-12-15"}\n';
    const { rows, chunks } = await readChunked(file, 1, 'cartera.jsonl');
    expect(chunks.length).toBeGreaterThan(1);
    expect(rows).toEqual(await singlePass(file, 'cartera.jsonl'));
    expect(rows.map((r) => [r.kind, r.line])).toEqual([
      ['accepted', 1],
      ['rejected', 3],
      ['accepted', 4],
    ]);
  });

  it('any chunk size gives the single-pass rows (quotes, doubled quotes, CRLF, lone CR, blank lines)', async () => {
    const name = fc.constantFrom('Beta', '"ACME\nNorte"', '"Gama ""G"", SA"', '"a\r\nb"', ' "padded" ', 'O"Brien', '"x,y;z"');
    const amount = fc.constantFrom('100.00', '"1,234.50"', 'abc', '');
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const line = fc.tuple(fc.integer({ min: 1, max: 9 }), name, amount).map(([n, customer, value]) => `F-${n},C-${n},${customer},MX,MXN,${value},2026-12-15`);
    const file = fc.tuple(fc.array(fc.tuple(fc.oneof(line, fc.constant('')), eol), { minLength: 1, maxLength: 12 }), fc.boolean()).map(
      ([rows, bom]) => `${bom ? '\uFEFF' : ''}${HEADER}\n${rows.map(([text, end]) => text + end).join('')}`,
    );
    await fc.assert(
      fc.asyncProperty(file, fc.integer({ min: 1, max: 400 }), async (content, chunkBytes) => {
        const { rows } = await readChunked(content, chunkBytes);
        expect(rows).toEqual(await singlePass(content));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the plan as JSON', () => {
  it('survives the trip with its sets, maps and ignored columns', async () => {
    const file = `${HEADER},notas\nF-1,C-1,A,MX,MXN,"1.234,50",15/12/2026,x\n`;
    const plan = await planInvoiceFile(opener(file), { fileName: 'cartera.csv' });
    expect(plan.header.columns.at(-1)).toBeUndefined();
    const again = decodePlan<InvoiceFilePlan>(encodePlan(plan));
    expect(again).toEqual(plan);
    expect(again.header.columns).toStrictEqual(plan.header.columns);
    expect(again.header.present).toBeInstanceOf(Set);
  });
});
