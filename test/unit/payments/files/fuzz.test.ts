/**
 * Whatever is uploaded, readPaymentFile either returns a well-formed PaymentFile or throws a
 * FileRejectedError with a reason: never another exception, never a payment that breaks the
 * Payment contract (integer minor units > 0, ISO currency, YYYY-MM-DD date), never an empty reason.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileRejectedError } from '../../../../shared/domain/ingest/errors.js';
import { readPaymentFile, type ReadPaymentFileOptions } from '../../../../shared/domain/payments/files/read-payment-file.js';
import type { PaymentFile } from '../../../../shared/domain/payments/types.js';
import { fixture, FIXTURES, HAVE_FIXTURES } from './support.js';

/** Reads, and checks the outcome: a sound PaymentFile, or a FileRejectedError with a reason. */
function readSafely(bytes: Uint8Array, options?: ReadPaymentFileOptions): PaymentFile | FileRejectedError {
  let file: PaymentFile;
  try {
    file = readPaymentFile(bytes, options);
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    expect(error.reason.trim()).not.toBe('');
    return error;
  }
  const lineOk = (line: number | null): boolean => line === null || (Number.isInteger(line) && line >= 1);
  for (const issue of [...file.rejected, ...file.warnings]) {
    expect(issue.reason.trim()).not.toBe('');
    expect(lineOk(issue.line)).toBe(true);
  }
  expect(file.payments.length + file.rejected.length).toBeLessThanOrEqual(Math.max(file.lines, file.payments.length));
  for (const { line, payment } of file.payments) {
    expect(lineOk(line)).toBe(true);
    expect(Number.isSafeInteger(payment.amount) && payment.amount > 0).toBe(true);
    expect(payment.currency).toMatch(/^[A-Z]{3}$/);
    expect(payment.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(payment.paymentId).toMatch(/^(stmt:[0-9a-f]{24}|cfdi:[^:]+:\d+)$/);
    for (const document of payment.cfdiDocuments ?? []) expect(Number.isSafeInteger(document.amountPaid)).toBe(true);
  }
  // Deterministic: the same bytes give the same ids.
  expect(readPaymentFile(bytes, options).payments.map((entry) => entry.payment.paymentId)).toEqual(file.payments.map((entry) => entry.payment.paymentId));
  return file;
}

/** Small samples of every format, so the mutation tests run even without the shared fixtures. */
const INLINE_SAMPLES: readonly string[] = [
  [':20:STMT', ':25:ACC1', ':60F:C260301EUR0,00', ':61:2603020302C12,50NTRFNONREF//B1', ':86:?20EREF+F-1?32ACME', ':61:260302D1,00NTRF', '-'].join('\n'),
  '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct><Ntry><Amt Ccy="EUR">1.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt></Document>',
  '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" TipoDeComprobante="P"><cfdi:Receptor Rfc="XAXX010101000"/><cfdi:Complemento><pago20:Pagos xmlns:pago20="http://www.sat.gob.mx/Pagos20" Version="2.0"><pago20:Pago FechaPago="2026-03-02T10:00:00" MonedaP="MXN" Monto="10.00"><pago20:DoctoRelacionado IdDocumento="a-b" MonedaDR="MXN" ImpPagado="10.00"/></pago20:Pago></pago20:Pagos></cfdi:Complemento></cfdi:Comprobante>',
  'Fecha;Concepto;Cargo;Abono;Moneda\n02/03/2026;PAGO F-1;;1.234,56;MXN\n03/03/2026;COMISION;5,00;;MXN\n',
];

function samples(): Uint8Array[] {
  const inline = INLINE_SAMPLES.map((text) => Buffer.from(text, 'utf8'));
  if (!HAVE_FIXTURES) return inline;
  const files = ['bank', 'cfdi'].flatMap((folder) => readdirSync(resolve(FIXTURES, folder)).map((name) => fixture(`${folder}/${name}`)));
  return [...inline, ...files];
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(source: Uint8Array, change: Mutation): Uint8Array {
  const bytes = Buffer.from(source);
  const at = bytes.length === 0 ? 0 : change.at % bytes.length;
  switch (change.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'flip':
      bytes[at] = change.byte;
      return bytes;
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), change.bytes, bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + change.length)]);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + change.length), bytes.subarray(at)]);
  }
}

describe('fuzzing readPaymentFile', () => {
  it('random bytes: a PaymentFile or a FileRejectedError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        readSafely(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('random text built from format fragments', () => {
    const fragment = fc.constantFrom(':20:', ':25:', ':60F:C260301EUR', ':61:', '2603020302C', '12,50', 'NTRF', '//', ':86:', '?20', '?32', '/REMI/', '<Ntry>', '</Ntry>', '<Amt Ccy="EUR">', '1.5', '\n', '\r\n', ';', ',', '"', '{1:', '{4:', '-}', '\u0001', '\u0003', 'Fecha', 'Importe', 'Abono', '02/03/2026', '-');
    fc.assert(
      fc.property(fc.array(fc.oneof(fragment, fc.string({ maxLength: 6 })), { maxLength: 60 }), (parts) => {
        readSafely(Buffer.from(parts.join(''), 'utf8'), { currency: 'EUR' });
      }),
      { numRuns: 400 },
    );
  });

  it('mutated sample files (truncated, bytes flipped, inserted, deleted, duplicated)', () => {
    const sources = samples();
    fc.assert(
      fc.property(fc.nat({ max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, changes) => {
        const bytes = changes.reduce((current, change) => mutate(current, change), sources[index] ?? new Uint8Array(0));
        readSafely(bytes);
      }),
      { numRuns: 600 },
    );
  });

  it('random CSV rows under a recognised header: every row is a payment, a debit or a rejection with its line', () => {
    const cell = fc.oneof(
      fc.constantFrom('', '0', '1.500', '1,500', '1.234,56', '1,234.56', '-20.00', '(5.00)', '12,34,5', 'MXN 10', 'US$ 3', '$10', '1e5', 'abc', '"', '""', 'C', 'D'),
      fc.constantFrom('2026-03-02', '02/03/2026', '03/25/2026', '31/02/2026', '2026-13-01', '02-mar-2026', '45000', '02/03/26'),
      fc.constantFrom('MXN', 'usd', 'M.N.', 'XXX', '$'),
      fc.string({ maxLength: 12 }),
    );
    const row = fc.array(cell, { minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.array(row, { maxLength: 25 }),
        fc.constantFrom(undefined, 'MXN', 'COP'),
        fc.constantFrom(undefined, 'CO', 'MX', 'EC'),
        (delimiter, rows, currency, country) => {
          const quote = (value: string): string => (/[",;\t|\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
          const text = [['Fecha', 'Importe', 'Abono', 'Cargo', 'Moneda', 'Tipo', 'Concepto', 'RFC'], ...rows]
            .map((fields) => fields.map(quote).join(delimiter))
            .join('\n');
          const result = readSafely(Buffer.from(text, 'utf8'), { currency, country });
          if (result instanceof FileRejectedError) return;
          const dataLines = text.split('\n').length;
          for (const { line } of [...result.payments, ...result.rejected]) expect(line === null || (line >= 2 && line <= dataLines)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
