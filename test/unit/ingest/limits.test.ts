import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { csvLayout } from '../../../shared/domain/ingest/csv.js';
import { readInvoiceFile } from '../../../shared/domain/ingest/index.js';
import { HEADER, lines, read, rejection, row } from './support.js';

/** A source that yields `text` in `chunk`-character pieces and counts what was pulled from it. */
function instrumented(text: string, chunk: number): { open: () => AsyncIterable<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  return {
    open: async function* () {
      for (let at = 0; at < text.length; at += chunk) {
        const piece = Buffer.from(text.slice(at, at + chunk), 'utf8');
        pulled += piece.length;
        yield piece;
      }
    },
    pulled: () => pulled,
  };
}

const TEN_GOOD_ROWS = Array.from({ length: 10 }, (_, i) => row(`F-${i + 1}`, '100.00'));

describe('a long first line is read once, a bounded head', () => {
  it('rejects a 300 KB header without a line break, having read at most 64 KB past one chunk', async () => {
    const header = `invoice_number,customer_id,amount,due_date,${'x'.repeat(300 * 1024)}`;
    const source = instrumented(header, 1024);
    await expect(readInvoiceFile(source.open, { fileName: 'cartera.csv' })).rejects.toMatchObject({
      reason: 'the header (line 1) is longer than 64 KB: no line break after it; is this an invoice file?',
    });
    // The sniff stopped after 64 KB of the line (plus the chunk that crossed it), not at the end of it.
    expect(source.pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * 1024);
  });

  it('stops at a bounded head of a 7.9 MB first line (was: re-scanned the whole head on every chunk)', async () => {
    const text = `${'a;'.repeat(3_950_000)}\n${row('F-1', '1.00')}\n`;
    const source = instrumented(text, 64 * 1024);
    await expect(readInvoiceFile(source.open, { fileName: 'cartera.csv' })).rejects.toMatchObject({ reason: expect.stringContaining('longer than 64 KB') });
    expect(text.length).toBeGreaterThan(7.9 * 1000 * 1000);
    expect(source.pulled()).toBeLessThanOrEqual(3 * 64 * 1024);
  });

  it('sniffs the delimiter without reading past the end of the header line', async () => {
    let pieces = 0;
    const text = async function* (): AsyncGenerator<string> {
      for (const piece of ['\n\n', 'Folio;Cliente;', 'Importe;Vencimiento\nF-1;', 'C-1;10;2026-12-01\n', 'F-2;C-1;10;2026-12-01\n']) {
        pieces += 1;
        yield piece;
      }
    };
    const { layout, text: replay } = await csvLayout(text(), false, 1024 * 1024);
    expect(layout.delimiter).toBe(';');
    expect(pieces).toBe(3);
    let all = '';
    for await (const piece of replay) all += piece;
    expect(all).toBe('\n\nFolio;Cliente;Importe;Vencimiento\nF-1;C-1;10;2026-12-01\nF-2;C-1;10;2026-12-01\n');
  });

  it('loads a header just under 64 KB', async () => {
    const header = `${HEADER},${'y'.repeat(60 * 1024)}`;
    const result = await read(lines(header, `${row('F-1', '10.00')},`));
    expect(result.accepted.map((r) => r.invoice.invoiceNumber)).toEqual(['F-1']);
  });

  it('rejects a header of 50,000 columns with a short reason', async () => {
    const unnamed = `${HEADER}${','.repeat(49_993)}`;
    expect(unnamed.split(',')).toHaveLength(50_000);
    const error = await rejection(lines(unnamed, row('F-1', '10.00')));
    expect(error.reason).toBe('the header (line 1) has 50000 columns; the limit is 1000: is this an invoice file?');
    // The reported case: 50,000 named junk columns (a 750 KB warning before).
    const named = `${HEADER}${Array.from({ length: 49_993 }, (_, i) => `,junk_column_${i}`).join('')}`;
    expect((await rejection(lines(named, row('F-1', '10.00')))).reason).toBe(
      'the header (line 1) is longer than 64 KB: no line break after it; is this an invoice file?',
    );
  });
});

describe('identifiers the store cannot key are row rejections', () => {
  it('rejects a 1025-byte invoice number and a 2049-byte customer id by line; the 10 good rows load', async () => {
    const result = await read(lines(HEADER, ...TEN_GOOD_ROWS.slice(0, 4), row('F'.repeat(1025), '5.00'), ...TEN_GOOD_ROWS.slice(4, 8), row('F-99', '5.00', { customer: 'C'.repeat(2049) }), ...TEN_GOOD_ROWS.slice(8)));
    expect(result.accepted).toHaveLength(10);
    expect(result.rejected.map((r) => r.line)).toEqual([6, 11]);
    expect(result.rejected[0]!.reason).toMatch(/^invoice number 'F{39}…' is too long \(1025 characters\); the limit is 200 characters and 400 bytes$/);
    expect(result.rejected[1]!.reason).toMatch(/^customer id 'C{39}…' is too long \(2049 characters\); the limit is 200 characters and 400 bytes$/);
  });

  it('counts UTF-8 bytes: 150 CJK characters (450 bytes) are too long, 200 ASCII characters are not', async () => {
    const result = await read(lines(HEADER, row('日'.repeat(150), '5.00'), row('A'.repeat(200), '5.00'), row('B'.repeat(201), '5.00')));
    expect(result.accepted.map((r) => r.invoice.invoiceNumber)).toEqual(['A'.repeat(200)]);
    expect(result.rejected.map((r) => [r.line, r.reason.match(/\((.*)\)/)?.[1]])).toEqual([
      [2, '450 bytes in UTF-8'],
      [4, '201 characters'],
    ]);
  });
});

describe('an email the email index cannot key', () => {
  it('is a warning over 254 characters (RFC 5321), and the invoice still loads', async () => {
    const header = 'invoice_number,customer_id,email,currency,amount,due_date';
    const longest = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`;
    expect(longest).toHaveLength(254);
    const result = await read(lines(header, `F-1,C-1,${longest},MXN,1.00,2026-12-15`, `F-2,C-2,a${longest},MXN,1.00,2026-12-15`));
    expect(result.accepted.map((r) => r.account.email)).toEqual([longest, undefined]);
    expect(result.accepted[1]!.warnings).toEqual([expect.stringMatching(/^invalid email 'aaa.*' skipped$/)]);
  });
});

describe('control characters spoil a row, not the file', () => {
  it('rejects the rows with a NUL or an ESC inside a quoted name; the others load', async () => {
    const content = lines(HEADER, row('F-1', '10.00'), 'F-2,C-2,"ACME\u0000 SA",MX,MXN,10.00,2026-12-15', 'F-3,C-3,"Norte \u001B[31mSA",MX,MXN,10.00,2026-12-15', row('F-4', '10.00'));
    const result = await read(content);
    expect(result.accepted.map((r) => r.invoice.invoiceNumber)).toEqual(['F-1', 'F-4']);
    expect(result.rejected).toEqual([
      { kind: 'rejected', line: 3, reason: 'customer_name contains the control character U+0000 (NUL); remove it and upload the row again' },
      { kind: 'rejected', line: 4, reason: 'customer_name contains the control character U+001B (ESC); remove it and upload the row again' },
    ]);
  });

  it('still rejects real binary files whole', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    expect((await rejection(png, 'cartera.csv')).reason).toBe('not a text file: this looks like a PNG image');
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]);
    expect((await rejection(xlsx, 'cartera.csv')).reason).toMatch(/^not a text file: this looks like an Excel workbook \(\.xlsx\)/);
    const noMagic = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    expect((await rejection(noMagic, 'cartera.csv')).reason).toBe('not a text file: it contains binary data; export the invoices as CSV (UTF-8) or JSON');
  });

  it('rejects a JSON line whose name holds an escaped NUL', async () => {
    const ok = '{"invoice_number":"F-1","customer_id":"C-1","currency":"MXN","amount":10,"due_date":"2026-12-15"}';
    const bad = '{"invoice_number":"F-2","customer_id":"C-1","customer_name":"A\\u0000B","currency":"MXN","amount":10,"due_date":"2026-12-15"}';
    const result = await read(lines(ok, bad), 'cartera.jsonl');
    expect(result.accepted).toHaveLength(1);
    expect(result.rejected).toEqual([{ kind: 'rejected', line: 2, reason: expect.stringContaining('U+0000 (NUL)') }]);
  });
});

describe('field and record size', () => {
  it('rejects a row with a 5,000-character name and one 70 KB long; the rest loads', async () => {
    const header = `${HEADER},notes`;
    const long = `${row('F-3', '10.00')},${'z'.repeat(70 * 1024)}`;
    const result = await read(lines(header, `${row('F-1', '10.00')},`, `F-2,C-1,${'N'.repeat(5000)},MX,MXN,10.00,2026-12-15,`, long, `${row('F-4', '10.00')},ok`));
    expect(result.accepted.map((r) => r.invoice.invoiceNumber)).toEqual(['F-1', 'F-4']);
    expect(result.rejected).toEqual([
      { kind: 'rejected', line: 3, reason: 'customer_name is 5000 characters long; the limit is 4 KB' },
      { kind: 'rejected', line: 4, reason: `the row is ${long.length} characters long; the limit is 64 KB` },
    ]);
  });
});
