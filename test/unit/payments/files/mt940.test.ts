import { describe, expect, it } from 'vitest';
import { fixture, HAVE_FIXTURES, payments, read } from './support.js';

describe.runIf(HAVE_FIXTURES)('MT940 sample files', () => {
  it('ASN Bank in SWIFT blocks: 8 statement lines over 8 messages, 3 credits with the payer from :86:', () => {
    const file = read(fixture('bank/mt940_asnb_swift_blocks.txt'));
    expect(file).toMatchObject({ format: 'mt940', lines: 8, rejected: [], warnings: [] });
    expect(file.payments.map(({ line, payment }) => [line, payment.amount, payment.currency, payment.valueDate])).toEqual([
      [42, 100000, 'EUR', '2020-01-05'],
      [233, 82872, 'EUR', '2020-01-29'],
      [263, 100018, 'EUR', '2020-01-31'],
    ]);
    expect(payments(file)[0]).toMatchObject({
      source: 'mt940',
      payerName: 'paulissen g j l m',
      payerAccount: 'NL56ASNB9999999999',
      reference: 'NL56ASNB9999999999 paulissen g j l m INTERNE OVERBOEKING VIA MOBIEL',
      metadata: { account: 'NL81ASNB9999999999', transactionType: 'NIOB', supplementaryDetails: 'paulissen g j l m' },
    });
    expect(payments(file)[1]?.payerName).toBe('transfer solutions bv');
  });

  it('German SEPA snippet: ?-subfields give payer, IBAN, end-to-end id and purpose; 8 credits of 11 lines', () => {
    const file = read(fixture('bank/mt940_betterplace_sepa_snippet.sta'));
    expect(file).toMatchObject({ format: 'mt940', lines: 11, rejected: [] });
    // The sample is edited: its second statement does not add up (by hand: -1,970,431.87 − 0.08
    // + 335.33 + 15,000.00 + 15,000.05 + 125,004.88 + 915,311.55 − 3,572,569.03 = -4,472,349.17,
    // closing :62F: says D 4,472,049.09). The first one does (766,656.49 + 50,990.05 + 2 × 154,551.93
    // − 1,500.00 = 1,125,250.40). A warning, and every credit is still read.
    expect(file.warnings).toEqual([
      {
        line: 55,
        reason: 'the statement does not add up: opening balance -1970431.87 EUR (line 28) + statement lines -2501917.30 EUR = -4472349.17 EUR, but its closing balance (:62F:) is -4472049.09 EUR; check the file against the bank\'s',
      },
    ]);
    expect(file.payments).toHaveLength(8);
    expect(file.payments[0]).toEqual({
      line: 5,
      payment: {
        paymentId: expect.stringMatching(/^stmt:[0-9a-f]{24}$/),
        source: 'mt940',
        kind: 'payment',
        amount: 5099005,
        currency: 'EUR',
        valueDate: '2007-09-07',
        payerName: 'KARL KAUFMANN',
        payerAccount: 'DE14508800500194785000',
        reference: 'EREF+EndToEndId TFNR 22 004 00001 SVWZ+Verw CTSc-01 BC-PPP TFNr 22 004',
        metadata: {
          statementReference: 'T089414086000001',
          account: '50880050/0194787400888',
          bookingDate: '2007-09-04',
          bankReference: '0724710333343453',
          transactionType: 'NTRF',
          endToEndId: 'EndToEndId TFNR 22 004 00001',
          postingText: 'GUTSCHRIFT',
        },
      },
    });
    // `CR15000,` — a bare trailing decimal comma — is 15000.00.
    expect(file.payments.find(({ line }) => line === 35)?.payment.amount).toBe(1500000);
    expect(payments(file)[2]).toMatchObject({ payerName: 'Karl Kaufmann', metadata: { endToEndId: 'TFNR 0500500004' } });
  });

  it('ING with header lines and a statement-level :86:: 7 lines, 2 credits', () => {
    const file = read(fixture('bank/mt940_jejik_ing.sta'));
    expect(file).toMatchObject({ format: 'mt940', lines: 7, rejected: [] });
    // Edited sample: 0.00 − 25.03 − 3.03 − 1.11 − 20.00 − 1.10 + 3.68 + 1.00 = -45.59, not the 3.47 it closes with.
    expect(file.warnings).toEqual([{ line: 26, reason: expect.stringContaining('0.00 EUR (line 7) + statement lines -45.59 EUR = -45.59 EUR, but its closing balance (:62F:) is 3.47 EUR') as string }]);
    expect(payments(file).map((payment) => [payment.amount, payment.valueDate, payment.reference])).toEqual([
      [368, '2010-07-22', '0123456789 EJ46GREENP100610T1456 CLIEOP TMG GPHONGKONG AMSTERDAM'],
      [100, '2010-07-23', '0111111111 Hr S Marechal ROSMALEN Hr S Marechal ROSMALEN Betaling transactiedatum: 22-07-2010'],
    ]);
  });

  it('Rabobank legacy: 5 debits over 4 statements, no payment', () => {
    const file = read(fixture('bank/mt940_jejik_rabobank_legacy.sta'));
    expect(file).toMatchObject({ format: 'mt940', lines: 5, payments: [], rejected: [] });
    // Statements 1 and 3 of the (edited) sample do not add up; 2 (no lines, 1000.89 = 1000.89) and
    // 4 (4196.12 − 88.10 − 6.20 = 4101.82) do.
    expect(file.warnings).toEqual([
      { line: 11, reason: expect.stringContaining('473.17 EUR (line 5) + statement lines -1213.28 EUR = -740.11 EUR, but its closing balance (:62F:) is 395.82 EUR') as string },
      { line: 28, reason: expect.stringContaining('1295.82 EUR (line 22) + statement lines -281.51 EUR = 1014.31 EUR, but its closing balance (:62F:) is 1250.87 EUR') as string },
    ]);
  });

  it('mBank with SOH/ETX framing: 3 credits of 0.01 PLN, each with its own bank reference and id', () => {
    const file = read(fixture('bank/mt940_mbank_soh_etx.sta'));
    expect(file).toMatchObject({ format: 'mt940', lines: 3, rejected: [], warnings: [] });
    expect(payments(file).map((payment) => [payment.amount, payment.currency, payment.metadata?.['bankReference']])).toEqual([
      [1, 'PLN', 'MB170119012058'],
      [1, 'PLN', 'MB170119012085'],
      [1, 'PLN', 'MB170119012121'],
    ]);
    expect(payments(file)[0]?.metadata?.['account']).toBe('PL29114010810000267002001002');
    expect(payments(file)[0]?.reference).toContain('OD: JAN NOWAK UL. NIJAKA 1 M 2 31-234 KRAKOW');
    expect(new Set(payments(file).map((payment) => payment.paymentId)).size).toBe(3);
  });

  it('Raiffeisen in CP852: read as CP852 (Hungarian accents intact), one credit of HUF 2,066,637.00', () => {
    const file = read(fixture('bank/mt940_raiffeisen_cp852.sta'));
    expect(file).toMatchObject({ format: 'mt940', lines: 7, rejected: [] });
    // Edited sample: 25,170,637.10 + 2,066,637.00 − 14,790.00 − 3,051,800.00 − 3,892.77 − 789.24
    // − 1,578.49 − 6,000.00 = 24,158,423.60, not the 25,281,687.60 it closes with.
    expect(file.warnings).toEqual([
      { line: null, reason: expect.stringContaining('read as CP852') },
      { line: 40, reason: expect.stringContaining('+ statement lines -1012213.50 HUF = 24158423.60 HUF, but its closing balance (:62F:) is 25281687.60 HUF') },
    ]);
    expect(file.payments).toHaveLength(1);
    expect(file.payments[0]).toMatchObject({
      line: 6,
      payment: {
        amount: 206663700,
        currency: 'HUF',
        valueDate: '2018-04-17',
        reference: 'CAB18D1700041116 109876543210000012345678 HUNGARY KFT. UV, napi összevont utánvét, 2018.04 .17, A13947109201804175000000097, X',
        metadata: { account: 'UBRTHUHB/123456789150ABCDEF002/HUF', transactionType: 'N527', supplementaryDetails: 'Csoportos átutalás jóváírása' },
      },
    });
  });

  it('every sample file gives the same ids when read again', () => {
    for (const name of ['asnb_swift_blocks.txt', 'betterplace_sepa_snippet.sta', 'jejik_ing.sta', 'mbank_soh_etx.sta', 'raiffeisen_cp852.sta']) {
      const ids = (): string[] => payments(read(fixture(`bank/mt940_${name}`))).map((payment) => payment.paymentId);
      expect(ids()).toEqual(ids());
    }
  });
});

function statement(lines: string, opening = ':60F:C260301MXN1000,00', closing = ':62F:C260302MXN2000,00'): string {
  return [':20:STMT1', ':25:012180001234567890', ':28C:1/1', opening, lines, closing, '-'].filter(Boolean).join('\r\n');
}

describe('MT940 statement lines', () => {
  it('SWIFT-style :86: codes: /CNTP/ gives account and name, /REMI/ the purpose, /EREF/ the end-to-end id', () => {
    const file = read(
      statement(':61:2603020302C1500,50NTRFNONREF//B26030200001\r\n:86:/EREF/E2E-77//CNTP/NL12INGB0001234567/INGBNL2A/J. Janssen/AMSTERDAM/REMI/USTD//Factura A-1001/'),
    );
    expect(payments(file)).toEqual([
      expect.objectContaining({
        amount: 150050,
        currency: 'MXN',
        valueDate: '2026-03-02',
        payerName: 'J. Janssen',
        payerAccount: 'NL12INGB0001234567',
        reference: 'Factura A-1001',
        metadata: expect.objectContaining({ endToEndId: 'E2E-77', bankReference: 'B26030200001', account: '012180001234567890' }),
      }),
    ]);
  });

  it('reversals (RC, RD) are warnings, debits only lines', () => {
    // 1000.00 − 100.00 (RC) + 200.00 (RD) − 300.00 (D) = 800.00: the statement adds up.
    const file = read(statement([':61:260302RC100,00NTRFNONREF', ':61:260302RD200,00NTRFNONREF', ':61:260302D300,00NTRFNONREF'].join('\n'), undefined, ':62F:C260302MXN800,00'));
    expect(file).toMatchObject({ lines: 3, payments: [], rejected: [] });
    expect(file.warnings).toEqual([
      { line: 5, reason: 'the bank reversed an earlier credit (100.00 MXN, mark RC): if that credit was applied as a payment, undo it by hand' },
      { line: 6, reason: 'reversal of an earlier debit (200.00 MXN, mark RD): money given back by the bank, not a customer payment; skipped' },
    ]);
  });

  it('broken statement lines are rejected with their line', () => {
    const file = read(statement([':61:260302C12.50NTRFNONREF', ':61:260230C10,00NTRFNONREF', ':61:260302C0,NTRFNONREF', ':61:260302C10,001NTRFNONREF'].join('\n')));
    expect(file.payments).toEqual([]);
    expect(file.rejected).toEqual([
      { line: 5, reason: 'statement line ":61:260302C12.50NTRFNONREF" does not follow the MT940 layout (date, C/D mark, amount with a decimal comma, type)' },
      { line: 6, reason: 'value date "260230" is not a valid date: February 2026 has 28 days' },
      { line: 7, reason: 'amount is zero' },
      { line: 8, reason: 'amount "10,001" has 3 decimals but MXN allows 2; nothing was rounded, fix the value' },
    ]);
  });

  it('without an opening balance the currency is unknown, unless the account currency is given', () => {
    const text = [':20:X', ':25:ACC', ':61:260302C10,00NTRFNONREF', '-'].join('\n');
    expect(read(text).rejected).toEqual([{ line: 3, reason: 'the statement has no opening balance (:60F:) before this line, so its currency is unknown' }]);
    expect(payments(read(text, { currency: 'usd' }))).toEqual([expect.objectContaining({ amount: 1000, currency: 'USD' })]);
  });

  it('a booking on 31 December of a payment valued 2 January belongs to the previous year', () => {
    const file = read(statement(':61:2601021231C10,00NTRFNONREF'));
    expect(payments(file)[0]).toMatchObject({ valueDate: '2026-01-02', metadata: { bookingDate: '2025-12-31' } });
  });

  it('identical lines are two payments with different ids, the same two ids on every read', () => {
    const text = statement([':61:260302C10,00NTRFNONREF', ':86:PAGO', ':61:260302C10,00NTRFNONREF', ':86:PAGO'].join('\n'));
    const first = payments(read(text)).map((payment) => payment.paymentId);
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(2);
    expect(payments(read(text)).map((payment) => payment.paymentId)).toEqual(first);
  });

  it('Rabobank-style repeated :86: fields are one description', () => {
    const file = read(statement([':61:260302C10,00N0440121470966      W.P. Jansen', ':86:BETALINGSKENM.  123456789', ':86:FACTUURNUMMER 987654321'].join('\n')));
    expect(payments(file)[0]).toMatchObject({ reference: 'BETALINGSKENM. 123456789 FACTUURNUMMER 987654321', metadata: { customerReference: '0121470966      W.P. Jansen' } });
  });
});
