import { balanceVerdict } from '../../../../shared/domain/payments/files/totals.js';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CollectingSink, readCamtStream, streamableCamt } from '../../../../shared/domain/payments/files/camt-stream.js';
import { ExceptionDigest } from '../../../../shared/domain/payments/files/exception-digest.js';
import type { Payment, PaymentLine } from '../../../../shared/domain/payments/types.js';
import { fixture, fixtureText, HAVE_FIXTURES, payments, read, rejection } from './support.js';

/** A camt.053 v2 of one EUR account; `head` goes before the entries (balances, TxsSummry). */
function camt053(head: string, entries: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">',
    '<BkToCstmrStmt>',
    '<Stmt>',
    '<Id>S1</Id>',
    '<Acct><Id><IBAN>NL26VAYB8060476890</IBAN></Id><Ccy>EUR</Ccy></Acct>',
    head,
    ...entries,
    '</Stmt>',
    '</BkToCstmrStmt>',
    '</Document>',
  ].join('\n');
}

const booked = '<Sts>BOOK</Sts><BookgDt><Dt>2026-03-01</Dt></BookgDt>';
const credit = (amount: string, reference: string): string => `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>${booked}<AcctSvcrRef>${reference}</AcctSvcrRef></Ntry>`;
const debit = (amount: string): string => `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd>${booked}</Ntry>`;
const bal = (code: string, amount: string, direction = 'CRDT'): string =>
  `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${direction}</CdtDbtInd></Bal>`;

describe('camt.053 checked against its own totals', () => {
  // Lines: entries start at line 8 (7 lines of header, the head on line 7).
  it('OPBD 100.00 + credits 100.00 + 50.00 − debit 30.00 = CLBD 220.00: no warning', () => {
    const file = read(camt053(bal('OPBD', '100.00') + bal('CLBD', '220.00'), [credit('100.00', 'A'), credit('50.00', 'B'), debit('30.00')]));
    expect(file).toMatchObject({ lines: 3, rejected: [], warnings: [] });
    expect(payments(file).map((payment) => payment.amount)).toEqual([10000, 5000]);
  });

  it('a closing balance that does not add up is a warning with both numbers; the payments are still read', () => {
    const file = read(camt053(bal('OPBD', '100.00') + bal('CLBD', '221.00'), [credit('100.00', 'A'), credit('50.00', 'B'), debit('30.00')]));
    expect(file.warnings).toEqual([
      {
        line: 4,
        reason:
          "the statement does not add up: statement S1 (line 4), opening balance 100.00 EUR + booked credits 150.00 EUR − booked debits 30.00 EUR = 220.00 EUR, but its closing balance (CLBD) is 221.00 EUR; check the file against the bank's",
      },
    ]);
    expect(file.payments).toHaveLength(2);
  });

  it('an overdrawn account: OPBD 50.00 DBIT + 20.00 = CLBD 30.00 DBIT adds up; a pending credit is not booked and not counted', () => {
    const pending = '<Ntry><Amt Ccy="EUR">999.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts><BookgDt><Dt>2026-03-01</Dt></BookgDt></Ntry>';
    const file = read(camt053(bal('OPBD', '50.00', 'DBIT') + bal('CLBD', '30.00', 'DBIT'), [credit('20.00', 'A'), pending]));
    expect(file.warnings).toEqual([{ line: 9, reason: expect.stringContaining('pending (Sts PDNG)') as string }]);
  });

  it('TxsSummry: a number of entries the file does not have is a warning with both numbers', () => {
    const summary = '<TxsSummry><TtlNtries><NbOfNtries>3</NbOfNtries></TtlNtries><TtlCdtNtries><NbOfNtries>2</NbOfNtries><Sum>150.00</Sum></TtlCdtNtries></TxsSummry>';
    expect(read(camt053(summary, [credit('100.00', 'A'), credit('50.00', 'B'), debit('30.00')])).warnings).toEqual([]);
    const short = read(camt053(summary, [credit('100.00', 'A'), credit('50.00', 'B')]));
    expect(short.warnings).toEqual([{ line: 4, reason: expect.stringContaining('its summary (TxsSummry) says number of entries 3, but the file has 2') as string }]);
    const wrongSum = summary.replace('<Sum>150.00</Sum>', '<Sum>150.10</Sum>');
    expect(read(camt053(wrongSum, [credit('100.00', 'A'), credit('50.00', 'B'), debit('30.00')])).warnings).toEqual([
      { line: 4, reason: expect.stringContaining('says sum of credit entries 150.10 EUR, but the file has 150.00 EUR') as string },
    ]);
  });

  it('only an opening balance: said, not checked', () => {
    expect(read(camt053(bal('OPBD', '100.00'), [credit('1.00', 'A')])).warnings).toEqual([
      { line: 4, reason: 'statement S1 (line 4): only an opening booked balance, so the entries were not checked against the balances' },
    ]);
  });

  it.runIf(HAVE_FIXTURES)('the real two-statement sample adds up (18.15 + 8.85 = 27.00; 27.00 − 7.00 = 20.00), and a changed closing balance does not', () => {
    const text = fixtureText('bank/genkgo_camt053.v2.multi.statement.xml');
    expect(read(text).warnings).toEqual([]);
    const altered = text.replace('<Amt Ccy="EUR">20.00</Amt>', '<Amt Ccy="EUR">21.00</Amt>');
    expect(read(altered).warnings).toEqual([{ line: 112, reason: expect.stringContaining('27.00 EUR + booked credits 0.00 EUR − booked debits 7.00 EUR = 20.00 EUR, but its closing balance (CLBD) is 21.00 EUR') as string }]);
  });

  it.runIf(HAVE_FIXTURES)('a camt.053 cut anywhere inside is rejected as broken XML with the line where it ends', () => {
    const text = fixtureText('bank/genkgo_camt053.v2.multi.statement.xml');
    const cut = text.slice(0, text.indexOf('</Ntry>') + '</Ntry>'.length);
    expect(rejection(cut).reason).toMatch(new RegExp(`^not well-formed XML \\(line ${cut.split('\n').length}, column \\d+\\): .*; the file may be truncated or edited by hand$`));
  });
});

describe('the same entry twice in one file', () => {
  it('camt: the same AcctSvcrRef, amount and date again is a duplicate of the first line, not a payment', () => {
    const file = read(camt053('', [credit('100.00', 'A'), credit('100.00', 'B'), credit('100.00', 'A')]));
    expect(payments(file).map((payment) => payment.metadata?.['bankReference'])).toEqual(['A', 'B']);
    expect(file.duplicates).toEqual([{ line: 10, firstLine: 8, paymentId: file.payments[0]?.payment.paymentId }]);
    expect(file.warnings).toEqual([{ line: 10, reason: 'the same entry as line 8 (bank reference A): counted once, not a second payment' }]);
  });

  it('camt: two credits of the same amount and date with different references, or none, are two payments', () => {
    const none = `<Ntry><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>${booked}</Ntry>`;
    const file = read(camt053('', [credit('100.00', 'A'), credit('100.00', 'B'), none, none]));
    expect(file.payments).toHaveLength(4);
    expect(new Set(payments(file).map((payment) => payment.paymentId)).size).toBe(4);
    expect(file.duplicates).toEqual([]);
  });

  it('the ids of the first occurrences do not change when a repeat is added (a re-upload of the clean file is a duplicate)', () => {
    const clean = payments(read(camt053('', [credit('100.00', 'A'), credit('100.00', 'B')]))).map((payment) => payment.paymentId);
    const repeated = payments(read(camt053('', [credit('100.00', 'A'), credit('100.00', 'A'), credit('100.00', 'B')]))).map((payment) => payment.paymentId);
    expect(repeated).toEqual(clean);
  });

  it.runIf(HAVE_FIXTURES)('MT940: a :61: block with the same bank reference again (mBank sample, lines 12–17 twice)', () => {
    const lines = fixture('bank/mt940_mbank_soh_etx.sta').toString('latin1').split('\n');
    const text = [...lines.slice(0, 17), ...lines.slice(11, 17), ...lines.slice(17)].join('\n');
    const file = read(Buffer.from(text, 'latin1'));
    expect(file.payments.map(({ line }) => line)).toEqual([6, 12, 24]);
    expect(file.duplicates).toEqual([{ line: 18, firstLine: 12, paymentId: file.payments[1]?.payment.paymentId }]);
    // The bank's closing 0.43 = 0.40 + 3 × 0.01: it counted the repeated line once, as the reader did. No totals warning.
    expect(file.warnings.map((warning) => warning.line)).toEqual([18]);
  });

  it.runIf(HAVE_FIXTURES)('MT940: a repeated :61: block that the closing balance counts twice is said (they may be two payments)', () => {
    const lines = fixture('bank/mt940_mbank_soh_etx.sta').toString('latin1').split('\n');
    // The same repeat, with a closing balance of 0.44 = 0.40 + 4 × 0.01: the bank booked it twice.
    const text = [...lines.slice(0, 17), ...lines.slice(11, 17), ...lines.slice(17)].join('\n').replace(/(:62F:C\d{6}PLN)0,43/, '$10,44');
    const file = read(Buffer.from(text, 'latin1'));
    expect(file.payments.map(({ line }) => line)).toEqual([6, 12, 24]);
    expect(file.warnings.map((warning) => warning.line)).toEqual([18, 30]);
    expect(file.warnings[1]?.reason).toMatch(/^the statement does not add up: .*counts the entries this file repeats \(0\.01 PLN\) twice/);
  });
});

describe.runIf(HAVE_FIXTURES)('MT940 cut short', () => {
  it('no closing balance after the opening one: rejected, whatever was read before', () => {
    const text = fixture('bank/mt940_mbank_soh_etx.sta').toString('latin1');
    const cut = text.slice(0, text.indexOf(':62F:'));
    expect(rejection(Buffer.from(cut, 'latin1')).reason).toBe(
      'the statement whose opening balance is at line 5 has no closing balance (:62F:): the file was cut short; nothing was applied, upload the whole statement',
    );
  });

  it('a second statement that opens and is cut before it closes: rejected (ASN sample, 8 messages)', () => {
    const text = fixture('bank/mt940_asnb_swift_blocks.txt').toString('latin1');
    const last = text.lastIndexOf(':62F:');
    expect(rejection(Buffer.from(text.slice(0, last), 'latin1')).reason).toMatch(/^the statement whose opening balance is at line \d+ has no closing balance/);
  });
});

describe.runIf(HAVE_FIXTURES)('camt read as a stream', () => {
  const credits = fixtureText('bank/genkgo_camt054.v8.xml').replace('<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>', '<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>');

  it('in 5-byte pieces it gives what the whole file gives: lines 96, 187, 272 of 3.10, 3.20, 3.20 CHF', async () => {
    const bytes = Buffer.from(credits);
    const camt = streamableCamt(bytes.subarray(0, 65536));
    expect(camt).toEqual({ kind: 'camt054', version: '08' });
    const pieces = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) => bytes.subarray(i * 5, i * 5 + 5));
    const sink = new CollectingSink();
    const seen: PaymentLine[] = [];
    for await (const line of readCamtStream(Readable.from(pieces), camt!, sink, { maxBytes: 1 << 20 })) seen.push(line);
    expect(seen.map(({ line, payment }) => [line, payment.amount, payment.currency])).toEqual([
      [96, 310, 'CHF'],
      [187, 320, 'CHF'],
      [272, 320, 'CHF'],
    ]);
    expect(seen.map(({ payment }) => payment.paymentId)).toEqual(read(credits).payments.map(({ payment }) => payment.paymentId));
    expect(sink.lines).toBe(3);
  });

  it('a UTF-8 character split between two pieces is read whole', async () => {
    const text = credits.replaceAll('UNIFITS GmbH', 'ÜNIFITS GmbH');
    const bytes = Buffer.from(text);
    const at = bytes.indexOf(Buffer.from('Ü'));
    const sink = new CollectingSink();
    const seen: PaymentLine[] = [];
    for await (const line of readCamtStream(Readable.from([bytes.subarray(0, at + 1), bytes.subarray(at + 1)]), { kind: 'camt054', version: '08' }, sink, { maxBytes: 1 << 20 })) seen.push(line);
    expect(seen[0]?.payment.payerName).toBe('ÜNIFITS GmbH');
  });

  it('only UTF-8 camt.053/054 is streamed: other XML, other encodings and other formats are read whole', () => {
    expect(streamableCamt(fixture('bank/genkgo_camt053.v8.xml'))).toEqual({ kind: 'camt053', version: '08' });
    expect(streamableCamt(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>'))).toBeUndefined();
    expect(streamableCamt(fixture('cfdi/satcfdi_cfdi40_P_pagos20_pays_PPD.xml'))).toBeUndefined();
    expect(streamableCamt(fixture('bank/mt940_jejik_ing.sta'))).toBeUndefined();
  });

  it('a file over the cap is refused', async () => {
    const consume = async (): Promise<void> => {
      for await (const _ of readCamtStream(Readable.from([Buffer.from(credits)]), { kind: 'camt054', version: '08' }, new CollectingSink(), { maxBytes: 1000 })) expect(_).toBeDefined();
    };
    await expect(consume()).rejects.toThrow(/larger than/);
  });
});

describe('the digest of a file', () => {
  const payment = (id: string, amount: number, currency = 'EUR'): Payment => ({ paymentId: id, source: 'camt053', kind: 'payment', amount, currency, valueDate: '2026-03-02', payerName: 'ACME SA' });

  it('counts, totals per currency, the first 20 in file order whatever order they came in, and where the rest are', () => {
    const digest = new ExceptionDigest();
    for (let i = 25; i >= 1; i -= 1) digest.add(i * 10, payment(`stmt:${i}`, 100 * i, i % 2 === 0 ? 'MXN' : 'EUR'), 'no invoice matches');
    const alert = digest.alert({ key: 'statements/a.xml', reportKey: 'reports/statements/a.xml.json', mismatches: [], newPayments: 25 });
    // EUR: odd i 1..25 → 13 payments, 100 × (1 + 3 + … + 25) = 100 × 169 = 16,900 → 169.00; MXN: 100 × (2 + … + 24) = 15,600 → 156.00.
    expect(alert?.subject).toBe('Statement a.xml: 25 payments to review (169.00 EUR, 156.00 MXN)');
    const listed = alert?.message.split('\n').filter((line) => line.startsWith('  line ')) ?? [];
    expect(listed).toHaveLength(20);
    expect(listed[0]).toBe('  line 10: 1.00 EUR ACME SA (stmt:1): no invoice matches');
    expect(listed[19]).toContain('line 200:');
    expect(alert?.message).toContain('"exceptionPayments" in the report reports/statements/a.xml.json, `cobranza exceptions` or GET /payments/exceptions');
    expect(alert?.data).toMatchObject({ exceptions: 25, totalEUR: 16900, totalMXN: 15600 });
  });

  it('nothing newly held and nothing new in the run: no alert', () => {
    const digest = new ExceptionDigest();
    expect(digest.alert({ key: 'k', reportKey: 'r', mismatches: ['line 9: the statement does not add up: …'], newPayments: 0 })).toBeUndefined();
    expect(digest.alert({ key: 'k', reportKey: 'r', mismatches: ['line 9: the statement does not add up: …'], newPayments: 1 })?.subject).toBe('Statement k does not add up');
  });
});

describe('balanceVerdict: a statement whose entries repeat', () => {
  // Opening 100.00, credits 50.00 + 20.00 + the 20.00 again (a repeat): 190.00 with it, 170.00 without.
  it.each([
    [19_000, 17_000, 2_000, 'adds-up'], // the bank counted the repeat once, as the reader did
    [19_000, 19_000, 2_000, 'counts-repeats'], // the bank booked it twice: maybe two payments
    [19_000, 18_000, 2_000, 'mismatch'],
    [17_000, 17_000, 0, 'adds-up'],
    [17_000, 17_001, 0, 'mismatch'],
  ] as const)('expected %i, closing %i, repeated %i → %s', (expected, closing, repeated, verdict) => {
    expect(balanceVerdict(expected, closing, repeated)).toBe(verdict);
  });
});
