import { formatMinorUnits } from '../../ingest/money.js';
import { isoCurrency, machineAmount } from './amounts.js';
import { balanceVerdict, countsRepeatsReason, signedMoney, TOTALS_MISMATCH } from './totals.js';
import { at, attr, children, text } from './xml.js';
import { XmlStream } from './xml-stream.js';

/**
 * A camt statement checked against its own totals, entry by entry as they stream past, before any
 * payment of the file is applied:
 * - camt.053 balances: opening booked (`OPBD`, or `PRCD` previous closing) + Σ booked credits −
 *   Σ booked debits = closing booked (`CLBD`). Pending / information entries (`Sts` PDNG, INFO) are
 *   not booked and not counted. Both balances are needed to check; one alone, or the two in
 *   different currencies, is a warning (nothing to compare against).
 * - `TxsSummry` when present (camt.053 and camt.054): the number of entries (`TtlNtries/NbOfNtries`),
 *   and number and sum of credit (`TtlCdtNtries`) and debit (`TtlDbtNtries`) entries.
 * A total that does not add up is a warning with both numbers, not a rejection (as for MT940): a cut
 * file is already refused as broken XML, so a mismatch means a hand edit or an entry read wrongly
 * here, and neither should hold back the entries that are there.
 */
export class CamtTotals {
  private entries = 0;
  private readonly credits = new Tally();
  private readonly debits = new Tally();
  private readonly booked = { credits: new Map<string, number>(), debits: new Map<string, number>() };
  private unreadable: number | undefined;
  /** Booked credits the reader took as a repeat of an earlier entry (counted in `booked`, applied once). */
  private readonly repeated = new Map<string, number>();

  repeat(currency: string, amount: number): void {
    this.repeated.set(currency, (this.repeated.get(currency) ?? 0) + amount);
  }

  /** One `Ntry` of the statement (its entry-level amount: a batch's total). */
  add(entry: unknown): void {
    this.entries += 1;
    const direction = text(at(entry, 'CdtDbtInd'));
    const currency = isoCurrency(attr(at(entry, 'Amt'), 'Ccy'), 'currency');
    const amount = currency.ok ? machineAmount(text(at(entry, 'Amt')), '.', currency.value, 'amount') : currency;
    if (!currency.ok || !amount.ok || (direction !== 'CRDT' && direction !== 'DBIT')) {
      this.unreadable ??= XmlStream.lineOf(entry) ?? 0;
      return;
    }
    (direction === 'CRDT' ? this.credits : this.debits).add(amount.value);
    const status = text(at(entry, 'Sts')) ?? text(at(entry, 'Sts', 'Cd'));
    if (status === 'PDNG' || status === 'INFO') return;
    const sums = direction === 'CRDT' ? this.booked.credits : this.booked.debits;
    sums.set(currency.value, (sums.get(currency.value) ?? 0) + amount.value);
  }

  /** The statement has closed: warnings for totals that disagree and for what could not be checked. */
  check(statement: unknown, name: string): string[] {
    const warnings: string[] = [];
    const where = `${name} ${text(at(statement, 'Id')) ?? ''}`.trim() + ` (line ${XmlStream.lineOf(statement) ?? '?'})`;
    if (this.unreadable !== undefined) {
      return [`${where}: its totals were not checked, the entry at line ${this.unreadable} has no readable amount or direction`];
    }
    const summary = this.checkSummary(statement, where);
    if (summary) warnings.push(summary);
    const opening = balance(statement, ['OPBD', 'PRCD']);
    const closing = balance(statement, ['CLBD']);
    if (opening === undefined && closing === undefined) return warnings;
    if (opening === undefined || closing === undefined) {
      warnings.push(`${where}: only ${opening ? 'an opening' : 'a closing'} booked balance, so the entries were not checked against the balances`);
      return warnings;
    }
    if ('reason' in opening || 'reason' in closing) {
      warnings.push(`${where}: balances not checked, ${'reason' in opening ? opening.reason : ''}${'reason' in closing ? closing.reason : ''}`);
      return warnings;
    }
    if (opening.currency !== closing.currency) {
      warnings.push(`${where}: the opening balance is in ${opening.currency} and the closing one in ${closing.currency}, so the entries were not checked against them`);
      return warnings;
    }
    const currency = opening.currency;
    const others = [...this.booked.credits.keys(), ...this.booked.debits.keys()].filter((each) => each !== currency);
    if (others.length > 0) {
      warnings.push(`${where}: entries in ${others[0]} on a ${currency} account, so the entries were not checked against the balances`);
      return warnings;
    }
    const credits = this.booked.credits.get(currency) ?? 0;
    const debits = this.booked.debits.get(currency) ?? 0;
    const repeated = this.repeated.get(currency) ?? 0;
    const show = (minor: number): string => signedMoney(minor, currency);
    const verdict = balanceVerdict(opening.amount + credits - debits, closing.amount, repeated);
    if (verdict === 'counts-repeats') warnings.push(countsRepeatsReason(where, show(repeated)));
    if (verdict === 'mismatch') {
      const expected = opening.amount + credits - repeated - debits;
      warnings.push(
        `${TOTALS_MISMATCH}: ${where}, opening balance ${show(opening.amount)} + booked credits ${show(credits - repeated)}${repeated ? ' (each repeated entry once)' : ''} − booked debits ${show(debits)} = ${show(expected)}, but its closing balance (CLBD) is ${show(closing.amount)}; check the file against the bank's`,
      );
    }
    return warnings;
  }

  private checkSummary(statement: unknown, where: string): string | undefined {
    const summary = at(statement, 'TxsSummry');
    if (summary === undefined) return undefined;
    const currency = statementCurrency(statement);
    const compare = (label: string, said: string | undefined, counted: number, show: (n: number) => string): string | undefined => {
      if (said === undefined) return undefined;
      const value = label.includes('sum') ? (currency ? machineAmount(said, '.', currency, label) : undefined) : /^\d+$/.test(said) ? { ok: true as const, value: Number(said) } : undefined;
      if (value === undefined || !value.ok || value.value === counted) return undefined;
      return `${TOTALS_MISMATCH}: ${where}, its summary (TxsSummry) says ${label} ${show(value.value)}, but the file has ${show(counted)}; check the file against the bank's`;
    };
    const count = (n: number): string => String(n);
    const money = (n: number): string => `${formatMinorUnits(n, currency ?? 'XXX')} ${currency ?? ''}`.trim();
    return (
      compare('number of entries', text(at(summary, 'TtlNtries', 'NbOfNtries')), this.entries, count) ??
      compare('number of credit entries', text(at(summary, 'TtlCdtNtries', 'NbOfNtries')), this.credits.count, count) ??
      compare('sum of credit entries', text(at(summary, 'TtlCdtNtries', 'Sum')), this.credits.sum, money) ??
      compare('number of debit entries', text(at(summary, 'TtlDbtNtries', 'NbOfNtries')), this.debits.count, count) ??
      compare('sum of debit entries', text(at(summary, 'TtlDbtNtries', 'Sum')), this.debits.sum, money)
    );
  }
}

class Tally {
  count = 0;
  sum = 0;
  add(amount: number): void {
    this.count += 1;
    this.sum += amount;
  }
}

/** The statement's currency for summary sums: the account's, else its booked balances'. */
function statementCurrency(statement: unknown): string | undefined {
  const declared = text(at(statement, 'Acct', 'Ccy')) ?? children(statement, 'Bal').map((bal) => attr(at(bal, 'Amt'), 'Ccy')).find(Boolean);
  const currency = isoCurrency(declared, 'currency');
  return currency.ok ? currency.value : undefined;
}

/** The first balance of one of the types, signed (a `DBIT` balance is an overdraft). */
function balance(statement: unknown, types: readonly string[]): { amount: number; currency: string } | { reason: string } | undefined {
  const found = children(statement, 'Bal').find((bal) => types.includes(text(at(bal, 'Tp', 'CdOrPrtry', 'Cd')) ?? ''));
  if (found === undefined) return undefined;
  const type = text(at(found, 'Tp', 'CdOrPrtry', 'Cd')) ?? '';
  const currency = isoCurrency(attr(at(found, 'Amt'), 'Ccy'), `${type} balance currency`);
  const amount = currency.ok ? machineAmount(text(at(found, 'Amt')), '.', currency.value, `${type} balance`) : currency;
  if (!currency.ok || !amount.ok) return { reason: amount.ok ? '' : amount.reason };
  return { amount: text(at(found, 'CdtDbtInd')) === 'DBIT' ? -amount.value : amount.value, currency: currency.value };
}
