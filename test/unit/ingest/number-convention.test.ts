import { describe, expect, it } from 'vitest';
import { HEADER, lines, read, row } from './support.js';

describe('decimal separator decided per file', () => {
  it("reads '1,500' as fifteen hundred when another amount shows '.' is the decimal separator", async () => {
    const result = await read(lines(HEADER, row('F-1', '"1,500"', { country: '' }), row('F-2', '"1,234.56"', { country: '' })));
    expect(result.accepted.map((r) => r.invoice.amount)).toEqual([150000, 123456]);
    expect(result.warnings.filter((w) => w.includes('decimal'))).toEqual([]);
  });

  it("reads '1.500' as fifteen hundred when another amount shows ',' is the decimal separator", async () => {
    const result = await read(lines(HEADER, row('F-1', '1.500', { country: '' }), row('F-2', '"1.234,56"', { country: '' }), row('F-3', '"99,5"', { country: '' })));
    expect(result.accepted.map((r) => r.invoice.amount)).toEqual([150000, 123456, 9950]);
  });

  it('rejects the rows that contradict the rest of the file, and says so once', async () => {
    const result = await read(
      lines(HEADER, row('F-1', '"1,234.56"'), row('F-2', '"2,000.00"'), row('F-3', '"3.500,00"'), row('F-4', '750.25')),
    );
    expect(result.accepted.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(result.rejected).toEqual([
      {
        kind: 'rejected',
        line: 4,
        reason: "amount '3.500,00' does not match this file's number format: the file uses '.' as decimal separator (e.g. '1,234.56' at line 2)",
      },
    ]);
    expect(result.warnings).toContain(
      "amounts in this file use '.' as decimal separator (e.g. '1,234.56' at line 2) but 1 use ',' (e.g. '3.500,00' at line 4): those rows are rejected; use one format for the whole file",
    );
  });

  it("uses the country's convention when nothing in the file shows the separator, and says it assumed it", async () => {
    const result = await read(lines(HEADER, row('F-1', '1.500', { country: 'CO', currency: '' }), row('F-2', '2000', { country: 'CO', currency: '' })));
    expect(result.accepted.map((r) => [r.invoice.amount, r.invoice.currency])).toEqual([
      [150000, 'COP'],
      [200000, 'COP'],
    ]);
    expect(result.warnings).toEqual([
      "amounts read with ',' as decimal separator (assumed from country CO): no amount in the file shows which separator is the decimal one, e.g. '1.500' at line 2",
    ]);
  });

  it("reads '1.500' as one and a half for a Mexican customer when the file gives no evidence", async () => {
    const result = await read(lines(HEADER, row('F-1', '1.500')));
    expect(result.accepted[0]?.invoice.amount).toBe(150);
    expect(result.warnings).toEqual([
      "amounts read with '.' as decimal separator (assumed from country MX): no amount in the file shows which separator is the decimal one, e.g. '1.500' at line 2",
    ]);
  });

  it("reads each row by its own country when the file's countries disagree", async () => {
    const result = await read(
      lines(HEADER, row('F-1', '"1,500"', { country: 'MX' }), row('F-2', '1.500', { country: 'CO', currency: 'COP' }), row('F-3', '1.500', { country: 'CL', currency: 'CLP' })),
    );
    expect(result.accepted.map((r) => [r.invoice.amount, r.invoice.currency])).toEqual([
      [150000, 'MXN'],
      [150000, 'COP'],
      [1500, 'CLP'],
    ]);
    expect(result.warnings).toEqual([
      "amounts read with '.' as decimal separator (assumed from country MX): no amount in the file shows which separator is the decimal one, e.g. '1,500' at line 2",
      "amounts read with ',' as decimal separator (assumed from countries CL, CO): no amount in the file shows which separator is the decimal one, e.g. '1.500' at line 3",
    ]);
  });

  it('rejects an ambiguous amount when there is neither evidence nor a country, with how to fix it', async () => {
    const result = await read(lines(HEADER, row('F-1', '1.500', { country: '' }), row('F-2', '"1,234"', { country: '' })));
    expect(result.rejected.map((r) => r.reason)).toEqual([
      "ambiguous amount '1.500': '.' could be a decimal or a thousands separator; write 1500.00 or 1,500.00",
      "ambiguous amount '1,234': ',' could be a decimal or a thousands separator; write 1234.00 or 1,234.00",
    ]);
  });

  it('does not guess for a country whose usage is mixed (Ecuador)', async () => {
    const result = await read(lines(HEADER, row('F-1', '1.500', { country: 'EC', currency: '' })));
    expect(result.rejected[0]?.reason).toMatch(/^ambiguous amount '1.500'/);
  });

  it('reads the balance with the same convention', async () => {
    const text = lines(`${HEADER},balance`, `${row('F-1', '"1.234,56"', { country: '' })},"1.000"`, `${row('F-2', '"2.000"', { country: '' })},"1.500,5"`);
    const result = await read(text);
    expect(result.accepted.map((r) => [r.invoice.amount, r.invoice.balance])).toEqual([
      [123456, 100000],
      [200000, 150050],
    ]);
  });
});

describe('amount values', () => {
  it('strips currency symbols and codes and reads spaces as thousands', async () => {
    const result = await read(
      lines(HEADER, row('F-1', '"$1,234.56"'), row('F-2', 'MXN 99.90'), row('F-3', '"1 234.50 MXN"'), row('F-4', '"$ 10,000"')),
    );
    expect(result.accepted.map((r) => r.invoice.amount)).toEqual([123456, 9990, 123450, 1000000]);
  });

  it('takes the currency from a code in the amount when the currency is blank', async () => {
    const result = await read(lines(HEADER, row('F-1', 'USD 1200.00', { currency: '' })));
    expect(result.accepted[0]?.invoice).toMatchObject({ currency: 'USD', amount: 120000 });
  });

  it('rejects an amount whose code contradicts the currency column', async () => {
    const result = await read(lines(HEADER, row('F-1', 'USD 1200.00', { currency: 'MXN' })));
    expect(result.rejected[0]?.reason).toBe("amount 'USD 1200.00' is in USD but the invoice currency is MXN");
  });

  it.each([
    ['-1500.00', "amount must be greater than zero, found '-1500.00'"],
    ['(1500.00)', "amount must be greater than zero, found '(1500.00)'"],
    ['0', "amount must be greater than zero, found '0'"],
    ['0.00', "amount must be greater than zero, found '0.00'"],
    ['pendiente', "invalid amount 'pendiente': not a number"],
    ['12abc', "invalid amount '12abc': not a number"],
    ['', 'missing amount'],
  ])('rejects amount %j', async (amount, reason) => {
    const result = await read(lines(HEADER, row('F-1', amount)));
    expect(result.rejected).toEqual([{ kind: 'rejected', line: 2, reason }]);
  });

  it('reads Chilean pesos without decimals', async () => {
    const result = await read(
      lines(HEADER, row('F-1', '1.500.000', { country: 'CL', currency: 'CLP' }), row('F-2', '"48.500,00"', { country: 'CL', currency: 'CLP' })),
    );
    expect(result.accepted.map((r) => r.invoice.amount)).toEqual([1500000, 48500]);
  });

  it('rejects a value with more decimals than the currency allows instead of rounding', async () => {
    const result = await read(
      lines(HEADER, row('F-1', '"12.345,67"', { country: 'CL', currency: 'CLP' }), row('F-2', '"1.000,005"', { country: 'MX', currency: 'USD' })),
    );
    expect(result.rejected.map((r) => r.reason)).toEqual([
      "amount '12.345,67' has 2 decimals but CLP has no decimals; nothing was rounded, fix the value",
      "amount '1.000,005' has 3 decimals but USD allows 2; nothing was rounded, fix the value",
    ]);
  });

  it('accepts three decimals for a three-decimal currency', async () => {
    const result = await read(lines(HEADER, row('F-1', '125.750', { country: 'KW', currency: 'KWD' }), row('F-2', '1.5', { country: 'KW', currency: 'KWD' })));
    expect(result.accepted.map((r) => r.invoice.amount)).toEqual([125750, 1500]);
  });
});
