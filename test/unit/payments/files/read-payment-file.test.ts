import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { payments, read, rejection } from './support.js';

describe('readPaymentFile: what the file is', () => {
  it.each([
    ['no bytes at all', new Uint8Array(0)],
    ['only blank lines', '\n  \r\n\t\n'],
    ['only SOH/ETX framing', '\u0001\r\n\u0003'],
    ['only a BOM', '\uFEFF'],
  ])('an empty file is refused: %s', (_, content) => {
    expect(rejection(content).reason).toBe('the file is empty');
  });

  it('binary files are refused with what they look like', () => {
    expect(rejection(Buffer.from('%PDF-1.7\n...')).reason).toBe('not a text file: this looks like a PDF; download the statement as CSV, MT940 or camt.053 XML, or the CFDI as XML');
    expect(rejection(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])).reason).toMatch(/^not a text file: this looks like an Excel workbook/);
    expect(rejection(Buffer.from([0x41, 0x00, 0x42, 0x0a])).reason).toMatch(/^not a text file: it contains binary data/);
  });

  it('text that is no known format is refused, naming the formats looked for', () => {
    expect(rejection('Hola, adjunto el comprobante de pago.\nSaludos').reason).toBe(
      'not a recognised payment file: it is not camt.053/camt.054 XML, MT940 or a CFDI payment complement, and as CSV no header with a ' +
        'date column and an amount column (e.g. Fecha, Importe or Abono/Cargo) was found in its first 30 lines',
    );
  });

  it('XML that is broken or of another kind is refused with what it is', () => {
    expect(rejection('<?xml version="1.0"?>\n<Document>\n  <Stmt>\n</Document>').reason).toBe(
      "not well-formed XML (line 4, column 1): Expected closing tag 'Stmt' (opened in line 3, col 3) instead of closing tag 'Document'; the file may be truncated or edited by hand",
    );
    expect(rejection('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>').reason).toBe(
      'an ISO 20022 message of another kind (pain.001.001.03), not a bank statement (camt.053 / camt.054) or a CFDI payment complement',
    );
    expect(rejection('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>F1</ID></Invoice>').reason).toBe(
      'a UBL electronic invoice (Invoice), not a bank statement (camt.053 / camt.054) or a CFDI payment complement',
    );
    expect(rejection('<html><body>Estado de cuenta</body></html>').reason).toBe(
      'an XML file whose root element is <html>, not a bank statement (camt.053 / camt.054) or a CFDI payment complement',
    );
    expect(rejection('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>').reason).toMatch(/^a camt\.052 intraday account report/);
    expect(rejection('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>').reason).toMatch(/^XML with a DOCTYPE declaration is not accepted/);
  });

  it('XML in the encoding its prolog declares', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-02</Dt></BookgDt>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Jürgen Müller</Nm></Dbtr></RltdPties></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`;
    const file = read(iconv.encode(xml, 'latin1'));
    expect(file.warnings).toEqual([]);
    expect(payments(file)).toEqual([expect.objectContaining({ payerName: 'Jürgen Müller', amount: 100, valueDate: '2026-03-02' })]);
  });

  it('UTF-16 with a BOM (Excel "Unicode text") is read', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Fecha\tAbono\tMoneda\r\n2026-03-02\t10.00\tMXN\r\n', 'utf16le')]);
    expect(payments(read(bytes, { fileName: 'movs.txt' }))).toEqual([expect.objectContaining({ amount: 1000, currency: 'MXN' })]);
  });

  it('MT940 is found by its tags, also with the first tag right after the SWIFT {4: block opening', () => {
    const swift = '{1:F01BANKMXMMAXXX0000000000}{2:O940BANKMXMMXXXXN}{4::20:REF1\n:25:ACC\n:60F:C260301MXN0,00\n:61:260302C5,00NTRFNONREF\n:62F:C260302MXN5,00\n-}{5:}';
    expect(read(swift)).toMatchObject({ format: 'mt940', lines: 1, payments: [{ line: 4, payment: { amount: 500, currency: 'MXN' } }] });
  });
});
