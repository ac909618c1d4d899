import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileRejectedError, readInvoiceFile, type RowOutcome } from '../../../shared/domain/ingest/index.js';
import { HEADER, lines, opener, read, rejection, row } from './support.js';

describe('whole-file rejections', () => {
  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n \r\n\t\n'],
    ['a BOM and nothing else', '\uFEFF'],
  ])('rejects %s', async (_name, content) => {
    const error = await rejection(content);
    expect(error).toBeInstanceOf(FileRejectedError);
    expect(error.name).toBe('FileRejectedError');
    expect(error.reason).toBe('the file is empty');
  });

  it('rejects a CSV made only of empty fields', async () => {
    expect((await rejection(';;;\n;;;\n')).reason).toBe('the file is empty (only blank lines)');
  });

  it('rejects binary garbage', async () => {
    const garbage = Buffer.from([0x13, 0x37, 0x00, 0xff, 0xfe, 0x80, 0x01, 0x02, 0x41, 0x0a, 0x00, 0x99]);
    expect((await rejection(garbage, 'cartera.csv')).reason).toBe(
      'not a text file: it contains binary data; export the invoices as CSV (UTF-8) or JSON',
    );
  });

  it('says what an uploaded workbook or PDF is', async () => {
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect((await rejection(xlsx, 'cartera.xlsx')).reason).toBe(
      'not a text file: this looks like an Excel workbook (.xlsx) or another zip file; save the sheet as "CSV UTF-8" and upload that',
    );
    expect((await rejection(Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'factura.pdf')).reason).toBe(
      'not a text file: this looks like a PDF; upload the invoices as CSV or JSON instead',
    );
  });

  it('refuses XML it cannot read', async () => {
    expect((await rejection('<?xml version="1.0"?><cfdi:Comprobante/>', 'factura.xml')).reason).toBe(
      'this looks like XML, which this reader does not take; upload the invoices as CSV or JSON',
    );
  });

  it('throws before yielding anything: the promise itself rejects', async () => {
    let opened = 0;
    const text = lines(HEADER, row('F-1', '100'), 'F-2,"broken');
    const promise = readInvoiceFile(
      () => {
        opened += 1;
        return opener(text)();
      },
      { fileName: 'x.csv' },
    );
    await expect(promise).rejects.toBeInstanceOf(FileRejectedError);
    expect(opened).toBe(1);
  });
});

describe('two passes', () => {
  it('reads the rows again, the same way, each time they are iterated', async () => {
    let opened = 0;
    const text = lines(HEADER, row('F-1', '100'), row('F-1', '100'));
    const file = await readInvoiceFile(
      () => {
        opened += 1;
        return opener(text)();
      },
      { fileName: 'x.csv' },
    );
    const collect = async (): Promise<RowOutcome[]> => {
      const rows: RowOutcome[] = [];
      for await (const outcome of file.rows) rows.push(outcome);
      return rows;
    };
    const first = await collect();
    expect(await collect()).toEqual(first);
    expect(first.map((outcome) => outcome.kind)).toEqual(['accepted', 'rejected']);
    expect(opened).toBe(3);
  });

  it.each([
    ['a CSV file', 'big.csv', (index: number) => `${row(`F-${index}`, '1500.00')}\n`, `${HEADER}\n`],
    ['a JSON Lines file', 'big.jsonl', (index: number) => `${JSON.stringify({ invoice_number: `F-${index}`, customer_id: 'C-1', country: 'MX', amount: 1500, due_date: '2026-12-15' })}\n`, ''],
  ])('streams the rows of %s instead of loading it', async (_name, fileName, line, header) => {
    const total = 20_000;
    let pulled = 0;
    // 100 rows per chunk, produced on demand: a reader that loaded the file would pull all 200 chunks.
    const open = async function* (): AsyncGenerator<string> {
      yield header;
      for (let chunk = 0; chunk < total / 100; chunk += 1) {
        pulled += 1;
        yield Array.from({ length: 100 }, (_, index) => line(chunk * 100 + index)).join('');
      }
    };
    const file = await readInvoiceFile(open, { fileName });
    pulled = 0;
    let seen = 0;
    for await (const outcome of file.rows) {
      expect(outcome.kind).toBe('accepted');
      seen += 1;
      if (seen === 500) break;
    }
    expect(pulled).toBeLessThan(total / 100 / 4);
  });
});

describe('robustness', () => {
  it('either reads or rejects arbitrary bytes, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('x.csv', 'x.json', 'x.jsonl', 'x'), async (bytes, fileName) => {
        try {
          await read(bytes, fileName);
        } catch (error) {
          expect(error).toBeInstanceOf(FileRejectedError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('either reads or rejects arbitrary text under a valid header, and numbers every row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: fc.constantFrom('a', '1', ',', '.', ';', '"', '\n', ' ', '/', '-', '$') }), { maxLength: 20 }), async (cells) => {
        try {
          const result = await read(`${HEADER}\n${cells.join(',')}`);
          for (const outcome of result.rows) expect(outcome.line).toBeGreaterThan(1);
        } catch (error) {
          expect(error).toBeInstanceOf(FileRejectedError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
