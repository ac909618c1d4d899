import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generalRefKeys,
  invoiceRefKeys,
  invoiceRefTail,
  MAX_REFERENCE_KEYS,
  normaliseInvoiceRef,
  normaliseTaxId,
  referenceKeys,
  scanReferences,
  taxIdsInText,
} from '../../../../shared/domain/payments/matching/references.js';
import { nitCheckDigit, rutCheckDigit } from '../../../../shared/domain/payments/matching/tax-ids.js';
import { noisy, numberArb } from './arbitraries.js';

describe('normaliseInvoiceRef', () => {
  it.each([
    ['F-00123', 'F123', 'dashes and leading zeros go'],
    ['f 123', 'F123', 'case and spaces'],
    ['FO0123', 'F123', 'an O among the digits is a zero'],
    ['F-OO123', 'F123', 'several Os'],
    ['A1O24', 'A1024', 'an O between digits'],
    ['Al024', 'A1024', 'an l before digits is a one'],
    ['A-1', 'A1', 'a short number'],
    ['A-10', 'A10', '…stays apart from a longer one'],
    ['FAC-2026-0045', 'FAC20260045', 'zeros lead only the whole digit run'],
    ['INV-0045', 'INV45', 'a series ending in a letter other than O/I/L stays'],
    ['0012345', '12345', 'number-only'],
    ['000', '0', 'a run of zeros keeps one'],
    ['Fáctura-7', 'FACTURA7', 'accents stripped'],
    ['', '', 'empty'],
  ])('%s → %s (%s)', (input, key) => {
    expect(normaliseInvoiceRef(input)).toBe(key);
  });

  it('gives the number part without its series as the tail', () => {
    expect(invoiceRefTail('F-000123')).toBe('123');
    expect(invoiceRefTail('FAC-2026-0045')).toBe('45');
    expect(invoiceRefTail('A1024')).toBe('1024');
    expect(invoiceRefTail('0012345')).toBeUndefined();
  });

  it('the fast path agrees with the general one on anything', () => {
    const chars = fc.constantFrom(...'AFOILoil0123456789-/ .#é'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 14 }).map((cs) => cs.join('')), (s) => {
        expect(invoiceRefKeys(s)).toEqual(generalRefKeys(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('noise variants of a number yield its key — or, with zeros dropped inside a multi-part number, its number part', () => {
    fc.assert(
      fc.property(numberArb, fc.nat(20), (number, variant) => {
        const written = noisy(number, variant);
        const keys = referenceKeys(written);
        // `FAC-2026-0045` written `FAC-2026-45`: the key needs the inner zeros; the tail (`45`) still finds it.
        const zerosDropped = number.replace(/(^|[^\d])0+(\d)/g, '$1$2');
        const innerZerosDropped = written === zerosDropped && normaliseInvoiceRef(zerosDropped) !== normaliseInvoiceRef(number);
        expect(keys).toContain(innerZerosDropped ? invoiceRefTail(number) : normaliseInvoiceRef(number));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('referenceKeys', () => {
  it.each([
    ['PAGO FACT. F-00123 Y F-124', ['F123', '123', 'F124', '124']],
    ['Transferencia SPEI ref 0000123 ACME', ['123']],
    ['INV#A 1024/ 1025', ['A1024', '1024', 'A1025', '1025']],
    ['FAC 2026 0045', ['FAC20260045']],
    ['pago 1,234.56 factura F-123 del 15/07/2026', ['F123', '123']],
    ['No. F-000123', ['F123']],
    ['FOLIO123', ['123']],
    ['Fact#FAC-2O26-127O9', ['FAC202612709']],
  ])('%s', (text, expected) => {
    const keys = referenceKeys(text);
    for (const key of expected) expect(keys).toContain(key);
  });

  it('ignores amounts and dates', () => {
    expect(referenceKeys('PAGO $1,234.56 EL 2026-03-01')).toEqual([]);
  });

  it('stays bounded on a runaway text', () => {
    const text = Array.from({ length: 500 }, (_, i) => `F-${i}`).join(' ');
    expect(referenceKeys(text).length).toBeLessThanOrEqual(MAX_REFERENCE_KEYS);
  });

  it('knows which bare numbers an invoice word announces', () => {
    expect([...scanReferences('PAGO FACTURA 18517').introduced]).toEqual(['18517']);
    expect([...scanReferences('FACTURAS 111 Y 222').introduced]).toEqual(['111', '222']);
    expect([...scanReferences('SPEI 640510470 PAGO 15131').introduced]).toEqual([]);
    expect([...scanReferences('FACTURA F-123').introduced]).toEqual([]);
  });
});

describe('tax ids', () => {
  it('normalises as banks print them', () => {
    expect(normaliseTaxId('abc-010101-ab1')).toBe('ABC010101AB1');
    expect(normaliseTaxId('900.123.456-7')).toBe('9001234567');
    expect(normaliseTaxId('12.345.678-k')).toBe('12345678K');
    expect(normaliseTaxId('MUÑ850101AB1')).toBe('MUN850101AB1');
  });

  it('finds RFCs, RUCs, RUTs and NITs in free text', () => {
    const nit = `900123456-${nitCheckDigit('900123456')}`;
    const ids = taxIdsInText(`PAGO RFC ABC010101AB1 RUT 12.345.678-${rutCheckDigit('12345678')} RUC 20100070970 NIT ${nit}`);
    expect(ids).toEqual(expect.arrayContaining(['ABC010101AB1', `12345678${rutCheckDigit('12345678')}`, '20100070970', normaliseTaxId(nit), '900123456']));
  });

  it('refuses what only looks like an id', () => {
    expect(taxIdsInText('ABC991399AB1')).toEqual([]); // month 13
    expect(taxIdsInText('RUC 20100070971')).not.toContain('20100070971'); // wrong check digit
    expect(taxIdsInText(`RUT 12.345.678-${rutCheckDigit('12345678') === '1' ? '2' : '1'}`)).toEqual([]);
  });

  it('a bare 9-digit NIT also yields the form with its check digit', () => {
    expect(taxIdsInText('NIT 900123456')).toContain(`900123456${nitCheckDigit('900123456')}`);
  });
});
