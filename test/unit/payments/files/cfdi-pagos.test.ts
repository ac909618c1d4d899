import { describe, expect, it } from 'vitest';
import { fixture, fixtureText, HAVE_FIXTURES, payments, read, rejection } from './support.js';

describe.runIf(HAVE_FIXTURES)('CFDI payment complements (sample files)', () => {
  it('Pagos 2.0, stamped: one payment of 17,852.75 MXN that pays invoice 6D7434A6… in full', () => {
    const file = read(fixture('cfdi/satcfdi_cfdi40_P_pagos20_pays_PPD.xml'));
    expect(file).toMatchObject({ format: 'cfdi', lines: 1, rejected: [], warnings: [] });
    expect(file.payments).toEqual([
      {
        line: 11,
        payment: {
          paymentId: 'cfdi:5B64ADA3-AA4C-40B4-A2F5-572CED52BE31:1',
          source: 'cfdi',
          kind: 'payment',
          amount: 1785275,
          currency: 'MXN',
          valueDate: '2020-01-02',
          payerName: 'KIJ, S.A DE C.V.',
          payerTaxId: 'KIJ0906199R1',
          cfdiDocuments: [
            {
              uuid: '6D7434A6-E3F2-47AD-9E4C-08849946AFA0',
              series: 'A',
              folio: '123456',
              currency: 'MXN',
              amountPaid: 1785275,
              previousBalance: 1785275,
              remainingBalance: 0,
              installment: 1,
            },
          ],
          metadata: {
            cfdiUuid: '5B64ADA3-AA4C-40B4-A2F5-572CED52BE31',
            cfdiVersion: '4.0',
            pagosVersion: '2.0',
            issuerTaxId: 'H&E951128469',
            series: 'A',
            folio: '123456',
            paymentForm: '03',
          },
        },
      },
    ]);
  });

  it('the paid document is the invoice of the linked sample file (its TimbreFiscalDigital UUID)', () => {
    const invoiceUuid = /UUID="([^"]+)"/.exec(fixtureText('cfdi/satcfdi_cfdi40_I_PPD_stamped.xml'))?.[1];
    const paid = payments(read(fixture('cfdi/satcfdi_cfdi40_P_pagos20_pays_PPD.xml')))[0]?.cfdiDocuments?.[0]?.uuid;
    expect(paid).toBe(invoiceUuid?.toUpperCase());
  });

  it('Pagos 2.0 with two Pagos (MXN and USD), unstamped: ids from a hash, one warning', () => {
    const file = read(fixture('cfdi/cfdiutils_pagos20_001_parcialidades.xml'));
    expect(file).toMatchObject({ format: 'cfdi', lines: 2, rejected: [] });
    expect(file.warnings).toEqual([{ line: null, reason: expect.stringContaining('not stamped (no TimbreFiscalDigital)') }]);
    const [mxn, usd] = payments(file);
    expect(mxn).toMatchObject({ amount: 184000, currency: 'MXN', valueDate: '2023-06-04', payerName: 'MARIA OLIVIA MARTINEZ SAGAZ', payerTaxId: 'MASO451221PM4' });
    expect(mxn?.cfdiDocuments?.map((doc) => [doc.uuid, doc.folio, doc.amountPaid, doc.remainingBalance, doc.installment])).toEqual([
      ['6DE9442D-ED57-5320-B2BA-F73E15079FA3', '2', 85000, 574164, 3],
      ['AE577E8F-2047-5AB2-8513-9E7299A6DA03', '13', 47800, 475600, 2],
      ['62679627-3802-58CE-9109-3868F877F3D2', '15', 15000, 400, 2],
      ['CEC032C8-9C43-54B3-A4F5-4C4BC5DFF794', '19', 36200, 461436, 5],
    ]);
    // 40 USD paying an MXN invoice: the document's amounts stay in MXN centavos.
    expect(usd).toMatchObject({ amount: 4000, currency: 'USD', metadata: { exchangeRate: '17.3608' } });
    expect(usd?.cfdiDocuments).toEqual([
      { uuid: '17F4B4FC-89E1-5770-B8BB-00958F217486', series: 'PACIE', folio: '1', currency: 'MXN', amountPaid: 69443, previousBalance: 281700, remainingBalance: 212257, installment: 3 },
    ]);
    expect(mxn?.paymentId).toMatch(/^cfdi:[0-9a-f]{24}:1$/);
    expect(usd?.paymentId).toMatch(/^cfdi:[0-9a-f]{24}:2$/);
    expect(payments(read(fixture('cfdi/cfdiutils_pagos20_001_parcialidades.xml'))).map((payment) => payment.paymentId)).toEqual([mxn?.paymentId, usd?.paymentId]);
  });

  it('Pagos 2.0 without IdDocumento: the payments stand, each unlinkable document is a warning on its line', () => {
    const file = read(fixture('cfdi/cfdiutils_pagos20_006_USDpayment_MXNdocs.xml'));
    expect(file).toMatchObject({ lines: 3, rejected: [] });
    expect(payments(file).map((payment) => [payment.amount, payment.currency, payment.valueDate, payment.cfdiDocuments])).toEqual([
      [12345, 'USD', '2023-06-06', undefined],
      [375, 'USD', '2023-05-10', undefined],
      [23, 'USD', '2023-06-02', undefined],
    ]);
    expect(file.warnings.slice(1)).toEqual([
      { line: 12, reason: "payment 1, related document 1: no IdDocumento (the fiscal UUID of the invoice paid), so it cannot be linked to an invoice; it is left out of the payment's invoices" },
      { line: 30, reason: "payment 2, related document 1: no IdDocumento (the fiscal UUID of the invoice paid), so it cannot be linked to an invoice; it is left out of the payment's invoices" },
      { line: 48, reason: "payment 3, related document 1: no IdDocumento (the fiscal UUID of the invoice paid), so it cannot be linked to an invoice; it is left out of the payment's invoices" },
    ]);
  });

  it('Pagos 2.0 with an empty receiver RFC: 168,168.00 MXN, operation number as the reference', () => {
    const file = read(fixture('cfdi/cfdiutils_pagos20_008_stamped_retenciones.xml'));
    expect(payments(file)).toEqual([
      expect.objectContaining({ amount: 16816800, currency: 'MXN', valueDate: '2023-02-17', payerName: 'FLETES', reference: '1328', metadata: expect.objectContaining({ payerBank: 'BANCO MERCANTIL DEL NORTE S.A.' }) }),
    ]);
    expect(payments(file)[0]?.payerTaxId).toBeUndefined();
  });

  it('Pagos 1.0 in a CFDI 3.3 with a UTF-8 BOM', () => {
    const file = read(fixture('cfdi/cfdiutils_cfdi33_pagos10_BOM.xml'));
    expect(file).toMatchObject({ format: 'cfdi', lines: 1, rejected: [] });
    expect(payments(file)[0]).toMatchObject({
      amount: 20154,
      currency: 'MXN',
      valueDate: '2017-07-14',
      payerName: 'HELIBRANDO RAUL CANTU PADILLA',
      payerTaxId: 'CAPH5902083T6',
      payerAccount: '1234567890123456',
      reference: '4343434',
      metadata: { cfdiVersion: '3.3', pagosVersion: '1.0' },
    });
    expect(payments(file)[0]?.cfdiDocuments).toHaveLength(2);
    expect(payments(file)[0]?.cfdiDocuments?.[0]).toEqual({
      uuid: '31FBF471-DCFD-46A5-B235-CADD520A9CC0',
      series: 'A',
      folio: '23205',
      currency: 'MXN',
      amountPaid: 10077,
      previousBalance: 249980,
      remainingBalance: 239903,
      installment: 2,
    });
  });

  it.each([
    'cfdiutils_cfdi33-real_I_PUE_stamped.xml',
    'cfdiutils_cfdi40-real_I_PUE_stamped.xml',
    'cfdiutils_cfdi40-valid_I_PUE_discount_stamped.xml',
    'cfdiutils_cfdi40_I_USD_tipocambio.xml',
    'satcfdi_cfdi33_I_PPD_multiples-tasas_stamped.xml',
    'satcfdi_cfdi40_I_PPD_stamped.xml',
    'satcfdi_cfdi40_I_PUE_stamped.xml',
  ])('an invoice is refused as not a payment complement: %s', (name) => {
    expect(rejection(fixture(`cfdi/${name}`)).reason).toBe(
      'a CFDI invoice (type I, ingreso), not a payment complement: upload the payment complement (CFDI type P with Pagos) instead',
    );
  });
});

function complement(pagos: string, stamp = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" xmlns:pago10="http://www.sat.gob.mx/Pagos" xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="3.3" TipoDeComprobante="P" Fecha="2026-03-01T10:00:00" Moneda="XXX">
  <cfdi:Emisor Rfc="AAA010101AAA" Nombre="NOSOTROS SA"/>
  <cfdi:Receptor Rfc="XAXX010101000" Nombre="CLIENTE SA"/>
  <cfdi:Complemento>
    <pago10:Pagos Version="1.0">
${pagos}
    </pago10:Pagos>${stamp}
  </cfdi:Complemento>
</cfdi:Comprobante>`;
}

describe('CFDI payment complements', () => {
  it('Pagos 1.0 may leave ImpPagado out for a single document in the payment currency', () => {
    const file = read(
      complement(
        `<pago10:Pago FechaPago="2026-03-01T09:00:00" MonedaP="MXN" Monto="500.00"><pago10:DoctoRelacionado IdDocumento="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" MonedaDR="MXN"/></pago10:Pago>`,
        '<tfd:TimbreFiscalDigital UUID="11111111-2222-3333-4444-555555555555"/>',
      ),
    );
    expect(payments(file)).toEqual([
      expect.objectContaining({
        paymentId: 'cfdi:11111111-2222-3333-4444-555555555555:1',
        amount: 50000,
        cfdiDocuments: [{ uuid: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', currency: 'MXN', amountPaid: 50000 }],
      }),
    ]);
    expect(file.warnings).toEqual([]);
  });

  it('a Pago that cannot be read is rejected on its line; the others are paid', () => {
    const file = read(
      complement(
        [
          '<pago10:Pago FechaPago="2026-03-01T09:00:00" MonedaP="MXN" Monto="1,500.00"/>',
          '<pago10:Pago FechaPago="2026-13-01T09:00:00" MonedaP="MXN" Monto="15.00"/>',
          '<pago10:Pago FechaPago="2026-03-01T09:00:00" MonedaP="PESOS" Monto="15.00"/>',
          '<pago10:Pago FechaPago="2026-03-01T09:00:00" MonedaP="MXN" Monto="15.00"/>',
        ].join('\n'),
      ),
    );
    expect(file.lines).toBe(4);
    expect(file.rejected).toEqual([
      { line: 7, reason: 'payment 1: amount (Monto) "1,500.00" is not a number' },
      { line: 8, reason: 'payment 2: payment date (FechaPago) "2026-13-01T09:00:00" is not a valid date: there is no month 13' },
      { line: 9, reason: 'payment 3: payment currency (MonedaP) "PESOS" is not an ISO 4217 currency code' },
    ]);
    expect(file.payments).toEqual([{ line: 10, payment: expect.objectContaining({ amount: 1500, paymentId: expect.stringMatching(/^cfdi:[0-9a-f]{24}:4$/) }) }]);
  });

  it('other CFDI types and a type P without Pagos are refused with what they are', () => {
    const typed = (type: string): string => complement('').replace('TipoDeComprobante="P"', `TipoDeComprobante="${type}"`);
    expect(rejection(typed('E')).reason).toMatch(/^a CFDI credit note \(type E, egreso\), not a payment complement/);
    expect(rejection(typed('T')).reason).toMatch(/^a CFDI transfer document \(type T, traslado\)/);
    expect(rejection(complement('').replace(/<pago10:Pagos[\s\S]*<\/pago10:Pagos>/, '')).reason).toBe(
      'a CFDI of type P without its Pagos complement: there is no payment in it',
    );
  });
});
