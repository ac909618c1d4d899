import { describe, expect, it } from 'vitest';
import { lines, read, rejection } from './support.js';

const invoice = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  invoice_number: 'INV-1',
  customer_id: 'US-501',
  customer_name: 'Brightline Logistics Inc.',
  country: 'US',
  currency: 'USD',
  amount: 1234.5,
  due_date: '2026-12-10',
  ...fields,
});

describe('JSON arrays', () => {
  it('reads each element with the line where it begins', async () => {
    const text = JSON.stringify([invoice(), invoice({ invoice_number: 'INV-2', amount: '2,000.00' }), invoice({ invoice_number: 'INV-3' })], null, 2);
    const result = await read(text, 'portfolio.json');
    expect(result.rows.map((row) => [row.line, row.kind])).toEqual([
      [2, 'accepted'],
      [11, 'accepted'],
      [20, 'accepted'],
    ]);
    expect(result.accepted.map((row) => row.invoice.amount)).toEqual([123450, 200000, 123450]);
  });

  it('reads numbers as major units, and numbers in text fields as text', async () => {
    const result = await read(JSON.stringify([invoice({ invoice_number: 1001, customer_id: 42, amount: 0.1, balance: 0.05 })]), 'p.json');
    expect(result.accepted[0]?.invoice).toMatchObject({ invoiceNumber: '1001', accountId: '42', amount: 10, balance: 5 });
  });

  it('finds element lines in a compact array with strings that contain brackets', async () => {
    const text = `[${JSON.stringify(invoice({ customer_name: 'A [x], {y}' }))},\n\n${JSON.stringify(invoice({ invoice_number: 'INV-2' }))}]`;
    expect((await read(text, 'p.json')).rows.map((row) => row.line)).toEqual([1, 3]);
  });

  it('understands Spanish keys', async () => {
    const text = JSON.stringify([{ folio: 'F-1', rfc: 'ALE950314AB1', razon_social: 'ACME', pais: 'México', importe: '1,500.00', fecha_vencimiento: '15/12/2026' }]);
    expect((await read(text, 'cartera.json')).accepted[0]).toMatchObject({
      account: { accountId: 'ALE950314AB1', country: 'MX' },
      invoice: { currency: 'MXN', amount: 150000, dueDate: '2026-12-15' },
    });
  });

  it('rejects elements that are not objects, and values of the wrong type, row by row', async () => {
    const text = JSON.stringify([invoice(), 42, [1], invoice({ invoice_number: 'INV-2', amount: true }), invoice({ invoice_number: 'INV-3', due_date: 46357 })], null, 1);
    const result = await read(text, 'p.json');
    expect(result.rejected.map((row) => row.reason)).toEqual([
      'expected an invoice object ({"invoice_number": ...}), found number',
      'expected an invoice object ({"invoice_number": ...}), found a list',
      'invalid amount: expected a number, found boolean true',
      'invalid due date 46357: looks like a spreadsheet date serial number; format the column as a date',
    ]);
  });

  it('rejects malformed JSON as a whole file, naming the line', async () => {
    const text = '[\n  {"invoice_number": "INV-1", "amount": 10},\n  {"invoice_number": "INV-2", "amount": 10,}\n]';
    const error = await rejection(text, 'p.json');
    expect(error.reason).toMatch(/^malformed JSON at line 3: /);
  });

  it('rejects a truncated file', async () => {
    expect((await rejection('[{"invoice_number": "INV-1",', 'p.json')).reason).toBe(
      'malformed JSON: the file ends before the JSON is complete (is it cut off?)',
    );
  });

  it('refuses an array above the size limit and points to JSON Lines', async () => {
    const text = JSON.stringify([invoice(), invoice({ invoice_number: 'INV-2' })]);
    const error = await rejection(text, 'p.json', {}, { maxJsonArrayChars: 100, maxRecordChars: 1024 });
    expect(error.reason).toBe('the JSON array is larger than 100 characters; send large files as JSON Lines (.jsonl, one invoice object per line)');
  });

  it('accepts an empty array with a warning', async () => {
    const result = await read('[]', 'p.json');
    expect(result.rows).toEqual([]);
    expect(result.warnings).toEqual(['the file has no invoice rows']);
  });
});

describe('JSON Lines', () => {
  it('reads one object per physical line, skipping blank lines', async () => {
    const text = lines(JSON.stringify(invoice()), '', JSON.stringify(invoice({ invoice_number: 'INV-2' })), '   ', JSON.stringify(invoice({ invoice_number: 'INV-3', amount: -1 })));
    const result = await read(text, 'portfolio.jsonl');
    expect(result.rows.map((row) => [row.line, row.kind])).toEqual([
      [1, 'accepted'],
      [3, 'accepted'],
      [5, 'rejected'],
    ]);
  });

  it('is recognised in a .json file and in a file without a known extension', async () => {
    const text = lines(JSON.stringify(invoice()), JSON.stringify(invoice({ invoice_number: 'INV-2' })));
    expect((await read(text, 'portfolio.json')).accepted).toHaveLength(2);
    expect((await read(text, 'portfolio.export')).accepted).toHaveLength(2);
    expect((await read(`[${JSON.stringify(invoice())}]`, 'portfolio')).accepted).toHaveLength(1);
  });

  it('rejects the whole file when one line is not valid JSON', async () => {
    const text = lines(JSON.stringify(invoice()), '{"invoice_number": "INV-2", amount: 10}', JSON.stringify(invoice({ invoice_number: 'INV-3' })));
    const error = await rejection(text, 'portfolio.ndjson');
    expect(error.reason).toMatch(/^malformed JSON at line 2: .*\(JSON Lines needs one complete invoice object per line\)$/);
  });

  it('rejects a pretty-printed object that is not one object per line', async () => {
    const error = await rejection(JSON.stringify(invoice(), null, 2), 'portfolio.json');
    expect(error.reason).toMatch(/^malformed JSON at line 1: /);
  });

  it('rejects a .json file that is neither an array nor objects', async () => {
    expect((await rejection('"hello"', 'p.json')).reason).toBe(
      "malformed JSON: a .json file must start with '[' (a list of invoices) or '{' (one invoice per line), found '\"'",
    );
    expect((await rejection('{"a": 1}', 'p.json')).reason).toMatch(/^no recognisable header: .*found 'a'$/);
  });
});
