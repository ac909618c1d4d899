import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { payments, read, rejection } from './support.js';

describe('bank CSV exports', () => {
  it('a Mexican export with account details above the header, Cargo/Abono columns and DD/MM/YYYY dates', () => {
    const csv = [
      'Estado de cuenta,,,,',
      'Cuenta: 0123456789,,,,',
      '',
      'Fecha,Concepto,Cargo,Abono,Saldo',
      '02/03/2026,SPEI RECIBIDO FACTURA A-1001 ACME SA,,"12,500.00","15,000.00"',
      '03/03/2026,COMISION SPEI,5.80,,"14,994.20"',
      '04/03/2026,DEPOSITO EFECTIVO,,"1,000.50","15,994.70"',
    ].join('\r\n');
    const file = read(csv, { fileName: 'movimientos.csv', currency: 'MXN' });
    expect(file).toMatchObject({ format: 'csv', lines: 3, rejected: [] });
    expect(file.warnings).toEqual([
      { line: null, reason: "ignored columns (not recognised): 'Saldo'" },
      {
        line: null,
        reason: "dates read as DD/MM/YYYY, the usual order in Latin America: no date in the file shows the order (e.g. '02/03/2026' at line 5 could be either)",
      },
    ]);
    expect(file.payments).toEqual([
      {
        line: 5,
        payment: {
          paymentId: expect.stringMatching(/^stmt:[0-9a-f]{24}$/),
          source: 'csv',
          kind: 'payment',
          amount: 1250000,
          currency: 'MXN',
          valueDate: '2026-03-02',
          reference: 'SPEI RECIBIDO FACTURA A-1001 ACME SA',
        },
      },
      { line: 7, payment: expect.objectContaining({ amount: 100050, valueDate: '2026-03-04', reference: 'DEPOSITO EFECTIVO' }) },
    ]);
  });

  it('one signed amount column with currency, payer, RFC and CLABE columns', () => {
    const csv = [
      'fecha_operacion;importe;moneda;referencia;ordenante;rfc;clabe',
      '2026-03-02;1500.00;MXN;FAC 778;Ferretería López;LOFE800101AB1;012180001234567891',
      '2026-03-02;-200.00;MXN;PAGO PROVEEDOR;;;',
      '2026-03-03;250;USD;INV-9;ACME Inc;;',
    ].join('\n');
    const file = read(csv);
    expect(file).toMatchObject({ lines: 3, rejected: [], warnings: [] });
    expect(payments(file)).toEqual([
      expect.objectContaining({ amount: 150000, currency: 'MXN', reference: 'FAC 778', payerName: 'Ferretería López', payerTaxId: 'LOFE800101AB1', payerAccount: '012180001234567891' }),
      expect.objectContaining({ amount: 25000, currency: 'USD', valueDate: '2026-03-03', reference: 'INV-9', payerName: 'ACME Inc' }),
    ]);
  });

  it('rows with a bad amount or date are rejected with their line and a clear reason', () => {
    const csv = [
      'Fecha,Descripcion,Abono,Cargo',
      '02/03/2026,ok,100.00,',
      '31/02/2026,bad date,100.00,',
      '02/03/2026,bad amount,"12,34,5",',
      ',no date,100.00,',
      '02/03/2026,no amount,,',
      '02/03/2026,both,100.00,50.00',
      '02/03/2026,zero,0.00,',
      '02/03/2026,too many,1.00,,extra',
      '02/03/26,short year,1.00,',
    ].join('\n');
    const file = read(csv, { currency: 'MXN' });
    expect(file.lines).toBe(9);
    expect(file.payments.map(({ line }) => line)).toEqual([2]);
    expect(file.rejected).toEqual([
      { line: 3, reason: 'invalid date "31/02/2026": February 2026 has 28 days' },
      { line: 4, reason: "invalid amount '12,34,5': not a number" },
      { line: 5, reason: 'no date' },
      { line: 6, reason: 'no amount: both credit and debit are empty' },
      { line: 7, reason: 'both credit "100.00" and debit "50.00" have a value; one movement per row' },
      { line: 8, reason: 'amount is zero' },
      { line: 9, reason: "expected 4 fields, found 5 (a value containing ',' must be in double quotes)" },
      { line: 10, reason: 'invalid date "02/03/26": the year must have 4 digits (write e.g. 02/03/2026)' },
    ]);
  });

  it('ambiguous amounts follow the file: 1.500 is 1500 where other amounts write 1.234,56', () => {
    const file = read(['Fecha;Importe', '01/03/2026;1.234,56', '02/03/2026;1.500'].join('\n'), { currency: 'COP' });
    expect(payments(file).map((payment) => payment.amount)).toEqual([123456, 150000]);
  });

  it('with no evidence in the file, the country decides; without a country the row is rejected', () => {
    const csv = ['Fecha;Importe', '02/03/2026;1.500'].join('\n');
    expect(payments(read(csv, { country: 'CO' }))).toEqual([expect.objectContaining({ amount: 150000, currency: 'COP' })]);
    expect(payments(read(csv, { country: 'MX' }))).toEqual([expect.objectContaining({ amount: 150, currency: 'MXN' })]);
    expect(read(csv, { currency: 'USD' }).rejected).toEqual([
      { line: 2, reason: "ambiguous amount '1.500': '.' could be a decimal or a thousands separator; write 1500.00 or 1,500.00" },
    ]);
  });

  it('a row without any currency is rejected with what to do', () => {
    expect(read('date,amount\n2026-03-02,10.00').rejected).toEqual([
      { line: 2, reason: 'no currency: the file has no currency column (Moneda) and the account currency was not given' },
    ]);
    expect(payments(read('date,amount\n2026-03-02,USD 10.00'))).toEqual([expect.objectContaining({ amount: 1000, currency: 'USD' })]);
  });

  it('a direction column marks credits and debits next to an unsigned amount', () => {
    const file = read(['Fecha,Importe,Tipo', '2026-03-02,10.00,Abono', '2026-03-02,20.00,CARGO', '2026-03-02,30.00,C', '2026-03-02,40.00,SPEI'].join('\n'), { currency: 'MXN' });
    expect(payments(file).map((payment) => payment.amount)).toEqual([1000, 3000, 4000]);
    expect(file.warnings).toEqual([{ line: null, reason: "the direction column has values that are not credit/debit marks (e.g. 'SPEI'); on those rows the amount's sign decides" }]);
  });

  it('a mapping names columns the aliases do not know', () => {
    const csv = ['Dia del deposito|Monto recibido|Quien paga|Nota', '2026-03-02|99.90|Beta SA|F-12'].join('\n');
    expect(() => read(csv, { currency: 'MXN' })).toThrow(/no header with a date column and an amount column/);
    const file = read(csv, { currency: 'MXN', mapping: { 'Dia del deposito': 'date', 'Monto recibido': 'credit', 'Quien paga': 'payer_name', Nota: 'reference' } });
    expect(payments(file)).toEqual([expect.objectContaining({ amount: 9990, payerName: 'Beta SA', reference: 'F-12' })]);
    expect(rejection(csv, { mapping: { 'Monto recibido': 'importe' } }).reason).toMatch(/^column mapping sends 'Monto recibido' to 'importe', which is not a column; use one of date, amount, credit/);
  });

  it('identical rows are two payments; reading the file again gives the same ids', () => {
    const csv = ['fecha,abono,concepto', '2026-03-02,100.00,PAGO', '2026-03-02,100.00,PAGO', '2026-03-02,100.00,PAGO F-2'].join('\n');
    const ids = payments(read(csv, { currency: 'MXN' })).map((payment) => payment.paymentId);
    expect(new Set(ids).size).toBe(3);
    expect(payments(read(csv, { currency: 'MXN' })).map((payment) => payment.paymentId)).toEqual(ids);
  });

  it('lines count physical lines, across quoted multi-line values and blank lines', () => {
    const csv = ['fecha,abono,concepto', '2026-03-02,1.00,"dos', 'lineas"', '', '2026-03-03,2.00,x'].join('\n');
    expect(read(csv, { currency: 'MXN' }).payments.map(({ line, payment }) => [line, payment.reference])).toEqual([
      [2, 'dos lineas'],
      [5, 'x'],
    ]);
  });

  it('a Windows-1252 export is read as such, with a warning', () => {
    const bytes = iconv.encode('Fecha;Descripción;Abono\n02/03/2026;Pago de Pérez Núñez;10,50\n', 'win1252');
    const file = read(bytes, { currency: 'EUR' });
    expect(payments(file)).toEqual([expect.objectContaining({ amount: 1050, reference: 'Pago de Pérez Núñez' })]);
    expect(file.warnings[0]).toEqual({ line: null, reason: expect.stringContaining('read as Windows-1252') });
  });

  it('a header without movements is a file with no lines', () => {
    expect(read('fecha,importe,moneda\n')).toMatchObject({ lines: 0, payments: [], warnings: [{ line: null, reason: 'the file has a header but no movements' }] });
  });

  it('broken quoting refuses the whole file', () => {
    expect(rejection('fecha,importe,concepto\n2026-03-02,1.00,"sin cerrar\n2026-03-03,2.00,x\n', { currency: 'MXN' }).reason).toMatch(/^broken CSV quoting/);
  });
});
