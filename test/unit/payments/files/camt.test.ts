import { describe, expect, it } from 'vitest';
import { fixture, fixtureText, HAVE_FIXTURES, payments, read } from './support.js';

describe.runIf(HAVE_FIXTURES)('camt.053 / camt.054 sample files', () => {
  it('camt.053 v2 minimal: one credit of 8.85 EUR from NAME NAME with its creditor reference', () => {
    const file = read(fixture('bank/genkgo_camt053.v2.minimal.xml'));
    expect(file).toMatchObject({ format: 'camt053', lines: 1, rejected: [] });
    // The sample's OPBD is EUR 18.15 CRDT, its CLBD SEK 27.00 DBIT: nothing to compare, said so.
    expect(file.warnings).toEqual([{ line: 26, reason: 'statement 253EURNL26VAYB8060476890 (line 26): the opening balance is in EUR and the closing one in SEK, so the entries were not checked against them' }]);
    expect(file.payments).toHaveLength(1);
    expect(file.payments[0]?.line).toBe(90);
    expect(file.payments[0]?.payment).toMatchObject({
      source: 'camt053',
      kind: 'payment',
      amount: 885,
      currency: 'EUR',
      valueDate: '2015-01-02',
      payerName: 'NAME NAME',
      payerAccount: 'NL56AGDH9619008421',
      reference: '4654654654654654',
      metadata: { statementId: '253EURNL26VAYB8060476890', account: 'NL26VAYB8060476890', bookingDate: '2014-12-31' },
    });
    expect(file.payments[0]?.payment.paymentId).toMatch(/^stmt:[0-9a-f]{24}$/);
  });

  it('camt.053 v2 with two statements: the credit of the first is a payment, the debit of the second only a line', () => {
    const file = read(fixture('bank/genkgo_camt053.v2.multi.statement.xml'));
    expect(file).toMatchObject({ format: 'camt053', lines: 2, rejected: [], warnings: [] });
    expect(payments(file)).toEqual([
      expect.objectContaining({ amount: 885, currency: 'EUR', reference: 'Transaction Description 1', metadata: expect.objectContaining({ endToEndId: '000000001' }) }),
    ]);
  });

  it('the same entry in two statement files (same account, date, amount, no bank reference) gets the same id', () => {
    const minimal = payments(read(fixture('bank/genkgo_camt053.v2.minimal.xml')));
    const multi = payments(read(fixture('bank/genkgo_camt053.v2.multi.statement.xml')));
    expect(multi[0]?.paymentId).toBe(minimal[0]?.paymentId);
  });

  it('camt.053 v8: account in Othr/Id, booking DtTm, AcctSvcrRef and the v8 Dbtr/Pty/Nm', () => {
    const file = read(fixture('bank/genkgo_camt053.v8.xml'));
    expect(file).toMatchObject({ format: 'camt053', lines: 1, rejected: [] });
    expect(file.warnings).toEqual([{ line: 30, reason: expect.stringContaining('opening balance is in EUR and the closing one in SEK') as string }]);
    // The entry has one transaction detail (whose own amount is SEK 0): the entry's EUR 8.85 is paid.
    expect(payments(file)).toEqual([
      expect.objectContaining({
        amount: 885,
        currency: 'EUR',
        valueDate: '2015-01-02',
        payerName: 'NAME NAME',
        payerAccount: 'NL56AGDH9619008421',
        reference: '4654654654654654',
        metadata: expect.objectContaining({
          account: 'NL26VAYB8060476890',
          bookingDate: '2014-12-31',
          bankReference: 'AAAASESS-FP-CN_98765/01',
          endToEndId: 'MUELL/FINP/RA12345',
        }),
      }),
    ]);
  });

  it('camt.054 v8: an outgoing batch (a DBIT entry) is three lines and no payment', () => {
    const file = read(fixture('bank/genkgo_camt054.v8.xml'));
    expect(file).toMatchObject({ format: 'camt054', lines: 3, payments: [], rejected: [], warnings: [] });
  });

  it('camt.054 v8 as a credit batch: one payment per transaction detail, identical ones told apart', () => {
    const text = fixtureText('bank/genkgo_camt054.v8.xml').replace(
      '<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>',
      '<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>',
    );
    const file = read(text);
    expect(file.lines).toBe(3);
    expect(file.payments.map(({ line, payment }) => [line, payment.amount, payment.currency, payment.valueDate])).toEqual([
      [96, 310, 'CHF', '2007-10-18'],
      [187, 320, 'CHF', '2007-10-18'],
      [272, 320, 'CHF', '2007-10-18'],
    ]);
    expect(payments(file)[0]).toMatchObject({
      payerName: 'UNIFITS GmbH',
      payerAccount: 'CH2801234000123456789',
      reference: 'Unstructured Remittance Information V1 ISR ref number V1',
      metadata: { bankReference: 'ACSR160617103200001', endToEndId: 'UXC06170000006PI00001EE00001' },
    });
    expect(payments(file)[2]?.reference).toBe(
      'Unstructured Remittance Information V3 block 1 Unstructured Remittance Information V3 block 2 Ref number V3 block 1 Ref number V3 block 2',
    );
    // V2 and V3 carry the same account, date, amount, currency and bank reference: two payments still.
    const ids = payments(file).map((payment) => payment.paymentId);
    expect(new Set(ids).size).toBe(3);
    expect(payments(read(text)).map((payment) => payment.paymentId)).toEqual(ids);
  });
});

/** A camt.053 v2 statement of account NL26VAYB8060476890 with the given entries. */
function camt053(entries: string, version = '02'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-01T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S1</Id>
      <Acct><Id><IBAN>NL26VAYB8060476890</IBAN></Id><Ccy>EUR</Ccy></Acct>
${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}

function entry(fields: string, amount = '<Amt Ccy="EUR">100.00</Amt>'): string {
  return `      <Ntry>${amount}${fields}</Ntry>`;
}

describe('camt entries', () => {
  const booked = '<Sts>BOOK</Sts><BookgDt><Dt>2026-03-01</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>';

  it('a credit of 100.00 EUR: value date from ValDt, booking date kept in metadata', () => {
    const file = read(camt053(entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}<AcctSvcrRef>B1</AcctSvcrRef>`)));
    expect(payments(file)).toEqual([
      {
        paymentId: expect.stringMatching(/^stmt:[0-9a-f]{24}$/),
        source: 'camt053',
        kind: 'payment',
        amount: 10000,
        currency: 'EUR',
        valueDate: '2026-03-02',
        metadata: { statementId: 'S1', account: 'NL26VAYB8060476890', bookingDate: '2026-03-01', bankReference: 'B1' },
      },
    ]);
    expect(file.payments[0]?.line).toBe(8);
  });

  it('reversals are not payments: a warning each, nothing rejected', () => {
    const file = read(
      camt053(
        [
          entry(`<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd>${booked}`),
          entry(`<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>${booked}`),
          entry(`<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>false</RvslInd>${booked}`),
        ].join('\n'),
      ),
    );
    expect(file).toMatchObject({ lines: 3, payments: [], rejected: [] });
    expect(file.warnings).toEqual([
      { line: 8, reason: 'reversal of an earlier debit (100.00 EUR, RvslInd): money given back by the bank, not a customer payment; skipped' },
      { line: 9, reason: 'the bank reversed an earlier credit (100.00 EUR, RvslInd): if that credit was applied as a payment, undo it by hand' },
    ]);
  });

  it('a pending entry waits for its booking', () => {
    const file = read(camt053(entry('<CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts><BookgDt><Dt>2026-03-01</Dt></BookgDt>')));
    expect(file.payments).toEqual([]);
    expect(file.warnings).toEqual([{ line: 8, reason: 'entry of 100.00 EUR is pending (Sts PDNG), not booked; skipped until the bank books it' }]);
  });

  it('entries that cannot be read are rejected with their line and why', () => {
    const file = read(
      camt053(
        [
          entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}`, '<Amt Ccy="EUR">12,34</Amt>'),
          entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}`, '<Amt Ccy="EUR">1.005</Amt>'),
          entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}`, '<Amt Ccy="ZZZ">1.00</Amt>'),
          entry('<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'),
          entry(`<CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-02-30</Dt></BookgDt>`),
          entry(`<Sts>BOOK</Sts>${booked}`),
          entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}`, '<Amt Ccy="EUR">0.00</Amt>'),
        ].join('\n'),
      ),
    );
    expect(file.payments).toEqual([]);
    expect(file.rejected).toEqual([
      { line: 8, reason: 'amount "12,34" is not a number' },
      { line: 9, reason: 'amount "1.005" has 3 decimals but EUR allows 2; nothing was rounded, fix the value' },
      { line: 10, reason: 'currency "ZZZ" is not an ISO 4217 currency code' },
      { line: 11, reason: 'the entry has no booking date (BookgDt) or value date (ValDt)' },
      { line: 12, reason: 'booking date "2026-02-30" is not a valid date: February 2026 has 28 days' },
      { line: 13, reason: 'the entry does not say whether it is a credit or a debit (no CdtDbtInd)' },
      { line: 14, reason: 'amount is zero' },
    ]);
  });

  it('the currency comes from the account when the amount does not name it', () => {
    const file = read(camt053(entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}`, '<Amt>5</Amt>')));
    expect(payments(file)[0]).toMatchObject({ amount: 500, currency: 'EUR' });
  });

  it('several transaction details with amounts: one payment each; without amounts: one for the entry', () => {
    const tx = (amount: string, name: string, ref: string): string =>
      `<TxDtls>${amount}<RltdPties><Dbtr><Nm>${name}</Nm></Dbtr><DbtrAcct><Id><Othr><Id>0123456789</Id></Othr></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>${ref}</Ustrd></RmtInf></TxDtls>`;
    const split = read(
      camt053(
        entry(
          `<CdtDbtInd>CRDT</CdtDbtInd>${booked}<NtryDtls>${tx('<AmtDtls><TxAmt><Amt Ccy="EUR">60.00</Amt></TxAmt></AmtDtls>', 'ACME SA', 'F-1')}${tx('<AmtDtls><TxAmt><Amt Ccy="EUR">40.00</Amt></TxAmt></AmtDtls>', 'Beta SRL', 'F-2')}</NtryDtls>`,
        ),
      ),
    );
    expect(split.lines).toBe(2);
    expect(payments(split).map((payment) => [payment.amount, payment.payerName, payment.payerAccount, payment.reference])).toEqual([
      [6000, 'ACME SA', '0123456789', 'F-1'],
      [4000, 'Beta SRL', '0123456789', 'F-2'],
    ]);
    const whole = read(camt053(entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}<NtryDtls>${tx('', 'ACME SA', 'F-1')}${tx('', 'ACME SA', 'F-2')}</NtryDtls>`)));
    expect(whole.lines).toBe(1);
    expect(payments(whole)).toEqual([expect.objectContaining({ amount: 10000, payerName: 'ACME SA', reference: 'F-1 F-2' })]);
  });

  it('a version outside 02–08 is read, with a warning', () => {
    const file = read(camt053(entry(`<CdtDbtInd>CRDT</CdtDbtInd>${booked}`), '13'));
    expect(file.payments).toHaveLength(1);
    expect(file.warnings).toEqual([{ line: null, reason: 'camt.053 version 13 has not been tested here (02 to 08 have); check the payments read' }]);
  });
});
