/**
 * A synthetic receivables portfolio in columns (a million invoices must not be a million objects):
 * accounts in five countries with real-looking tax ids, invoices numbered in four styles (`F-000123`,
 * `A1024`, `FAC-2026-0045`, `0012345`), a few big distributors, some subscription customers whose
 * invoices all have the same amount, some invoices already part-paid.
 */
import { nitCheckDigit, rutCheckDigit } from '../../../shared/domain/payments/matching/tax-ids.js';
import type { MatchAccount, MatchInvoice } from '../../../shared/domain/payments/matching/types.js';
import type { Prng } from './prng.js';

export const COUNTRIES = {
  MX: { currency: 'MXN', perUsd: 18, exponent: 2 },
  CO: { currency: 'COP', perUsd: 4000, exponent: 2 },
  PE: { currency: 'PEN', perUsd: 3.7, exponent: 2 },
  CL: { currency: 'CLP', perUsd: 900, exponent: 0 },
  US: { currency: 'USD', perUsd: 1, exponent: 2 },
} as const;
export type Country = keyof typeof COUNTRIES;
export const CURRENCIES = ['MXN', 'COP', 'PEN', 'CLP', 'USD'] as const;

export interface Portfolio {
  readonly accounts: readonly MatchAccount[];
  readonly accountCountry: readonly Country[];
  readonly numbers: readonly string[];
  readonly owner: Int32Array;
  /** Index into CURRENCIES. */
  readonly currency: Uint8Array;
  readonly balance: Float64Array;
  /** Days since 1970-01-01. */
  readonly issue: Int32Array;
  readonly due: Int32Array;
  /** The fiscal UUID of an invoice of a Mexican customer (computed, not stored: 400k strings saved). */
  readonly uuid: (i: number) => string | undefined;
  /** Invoices of account a, oldest due first: accountList[accountStart[a] .. accountStart[a + 1]). */
  readonly accountStart: Int32Array;
  readonly accountList: Int32Array;
}

const DAY = 86_400_000;
export const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoDays = new Map<number, string>();
/** `YYYY-MM-DD` of a day number (cached: a portfolio spans a few hundred days, not a million). */
export function isoDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) isoDays.set(day, (iso = new Date(day * DAY).toISOString().slice(0, 10)));
  return iso;
}

/** Amount in minor units: a USD value, log-uniform between 50 and 50,000, in the local currency. */
export function randomAmount(rng: Prng, currency: number): number {
  const country = Object.values(COUNTRIES).find((c) => c.currency === CURRENCIES[currency])!;
  const usd = Math.exp(Math.log(50) + rng.next() * Math.log(1000));
  const minor = Math.round(usd * country.perUsd * 10 ** country.exponent);
  // One in ten is a round amount (whole hundreds): those collide, as real ones do.
  return rng.chance(0.1) ? Math.max(100, Math.round(minor / 10 ** (country.exponent + 2))) * 10 ** (country.exponent + 2) : minor;
}

function taxId(rng: Prng, country: Country, used: Set<string>): string {
  for (;;) {
    let id: string;
    const letters = () => String.fromCharCode(65 + rng.int(0, 25));
    if (country === 'MX') {
      const date = `${String(rng.int(70, 99))}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
      id = `${letters()}${letters()}${letters()}${date}${letters()}${rng.int(0, 9)}${letters()}`;
    } else if (country === 'CO') {
      const body = `${rng.pick(['800', '830', '860', '890', '900', '901'])}${rng.digits(6)}`;
      id = `${body}-${nitCheckDigit(body)}`;
    } else if (country === 'PE') {
      const body = `20${rng.digits(8)}`;
      const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
      const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
      id = `${body}${(11 - (sum % 11)) % 10}`;
    } else if (country === 'CL') {
      const body = `7${rng.digits(7)}`;
      id = `${body.slice(0, 2)}.${body.slice(2, 5)}.${body.slice(5)}-${rutCheckDigit(body)}`;
    } else {
      id = `${rng.digits(2)}-${rng.digits(7)}`;
    }
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

const SYLLABLES = ['ax', 'ol', 'te', 'pan', 'mar', 'co', 'lu', 'ri', 'ven', 'sa', 'tor', 'qui', 'na', 'bel', 'do', 'ra'];

/** `Grupo Teolmar SA de CV`: names without digits (a digit in a name would read as a reference). */
function companyName(rng: Prng): string {
  let stem = '';
  for (let i = rng.int(2, 3); i > 0; i -= 1) stem += rng.pick(SYLLABLES);
  const name = stem.charAt(0).toUpperCase() + stem.slice(1);
  return `${rng.pick(['Grupo ', 'Comercial ', 'Distribuidora ', 'Servicios ', ''])}${name} ${rng.pick(['SA de CV', 'SAS', 'SAC', 'SpA', 'LLC', 'Ltda'])}`;
}

const COUNTRY_WEIGHTS: Readonly<Record<Country, number>> = { MX: 40, CO: 20, PE: 15, CL: 15, US: 10 };
const ISSUE_FROM = dayOf('2025-10-01');
const ISSUE_TO = dayOf('2026-06-30');

export function generatePortfolio(rng: Prng, invoices: number): Portfolio {
  const accountCount = Math.max(2, Math.round(invoices / 20));
  const bigAccounts = Math.max(1, Math.round(accountCount * 0.002));
  const accounts: MatchAccount[] = [];
  const accountCountry: Country[] = [];
  const fixedAmount = new Float64Array(accountCount);
  const usedTaxIds = new Set<string>();
  for (let a = 0; a < accountCount; a += 1) {
    const country = rng.weighted(COUNTRY_WEIGHTS);
    accountCountry.push(country);
    accounts.push({ accountId: `C${String(a).padStart(7, '0')}`, name: companyName(rng), taxId: taxId(rng, country, usedTaxIds) });
    if (rng.chance(0.04)) fixedAmount[a] = 1; // a subscription customer: amount fixed at its first invoice
  }

  const numbers: string[] = [];
  const owner = new Int32Array(invoices);
  const currency = new Uint8Array(invoices);
  const balance = new Float64Array(invoices);
  const issue = new Int32Array(invoices);
  const due = new Int32Array(invoices);
  const seq = { F: 0, A: 999, N: 9_999, FAC: new Map<number, number>() };
  for (let i = 0; i < invoices; i += 1) {
    // 5% of invoices belong to a handful of distributors with hundreds each.
    const a = rng.chance(0.05) ? rng.int(0, bigAccounts - 1) : rng.int(bigAccounts, accountCount - 1);
    const country = accountCountry[a]!;
    owner[i] = a;
    const local = CURRENCIES.indexOf(COUNTRIES[country].currency);
    currency[i] = country === 'MX' && rng.chance(0.05) ? CURRENCIES.indexOf('USD') : local;
    issue[i] = rng.int(ISSUE_FROM, ISSUE_TO);
    due[i] = issue[i]! + rng.pick([15, 30, 30, 30, 45, 60]);
    let amount = randomAmount(rng, currency[i]!);
    if (fixedAmount[a] === 1) fixedAmount[a] = amount + 2;
    else if (fixedAmount[a]! > 1 && currency[i] === local) amount = fixedAmount[a]! - 2;
    // 15% already part-paid.
    balance[i] = rng.chance(0.15) ? Math.max(1, Math.round(amount * (0.2 + 0.7 * rng.next()))) : amount;
    const style = rng.weighted({ F: 40, A: 20, FAC: 30, N: 10 });
    if (style === 'F') numbers.push(`F-${String((seq.F += 1)).padStart(6, '0')}`);
    else if (style === 'A') numbers.push(`A${(seq.A += 1)}`);
    else if (style === 'N') numbers.push(String((seq.N += 1)).padStart(7, '0'));
    else {
      const year = new Date(issue[i]! * DAY).getUTCFullYear();
      const n = (seq.FAC.get(year) ?? 0) + 1;
      seq.FAC.set(year, n);
      numbers.push(`FAC-${year}-${String(n).padStart(4, '0')}`);
    }
  }

  // Per-account lists, oldest due first (compressed: one offsets array, one list).
  const accountStart = new Int32Array(accountCount + 1);
  for (let i = 0; i < invoices; i += 1) accountStart[owner[i]! + 1]! += 1;
  for (let a = 0; a < accountCount; a += 1) accountStart[a + 1]! += accountStart[a]!;
  const fill = accountStart.slice(0, accountCount);
  const accountList = new Int32Array(invoices);
  for (let i = 0; i < invoices; i += 1) accountList[fill[owner[i]!]!++] = i;
  for (let a = 0; a < accountCount; a += 1) accountList.subarray(accountStart[a]!, accountStart[a + 1]!).sort((x, y) => due[x]! - due[y]! || x - y);

  const uuid = (i: number): string | undefined => (accountCountry[owner[i]!] === 'MX' ? fiscalUuid(i) : undefined);
  return { accounts, accountCountry, numbers, owner, currency, balance, issue, due, uuid, accountStart, accountList };
}

/** A version-4-shaped UUID derived from the invoice position: unique and reproducible. */
function fiscalUuid(i: number): string {
  let h = (i + 1) * 0x9e3779b1;
  let hex = '';
  for (let k = 0; k < 4; k += 1) {
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
    hex += (h ^ (h >>> 16)).toString(16).toUpperCase().padStart(8, '0');
  }
  // The position itself in the last group keeps them unique whatever the hash does.
  const tail = `${hex.slice(20, 24)}${(i >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${tail}`;
}

/** The invoices as the index takes them, one at a time (no million-object array). */
export function* portfolioInvoices(p: Portfolio): Generator<MatchInvoice> {
  for (let i = 0; i < p.numbers.length; i += 1) {
    const fiscalUuid = p.uuid(i);
    yield {
      accountId: p.accounts[p.owner[i]!]!.accountId,
      invoiceNumber: p.numbers[i]!,
      currency: CURRENCIES[p.currency[i]!]!,
      balance: p.balance[i]!,
      dueDate: isoDay(p.due[i]!),
      issueDate: isoDay(p.issue[i]!),
      ...(fiscalUuid !== undefined ? { fiscalUuid } : {}),
    };
  }
}
