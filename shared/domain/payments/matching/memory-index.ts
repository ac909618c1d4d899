/**
 * An in-memory candidate index: accounts and open invoices, looked up the way a store would for a
 * `CandidateQuery`, with balances lowered as decisions are applied so a stream of payments can be
 * matched in sequence. For tests and the benchmark; sized for a million invoices in well under 1 GB:
 * invoices live in columns (typed arrays, one string per number), maps hold indices, not objects.
 */
import { HashSlots } from './hash-slots.js';
import { Interner, put, remove, values, NONE, type Multi } from './multi-map.js';
import { invoiceRefKeys, normaliseInvoiceRef } from './references.js';
import { normaliseTaxId } from './tax-ids.js';
import type { Allocation, CandidateQuery, MatchAccount, MatchCandidates, MatchInvoice } from './types.js';

export interface MatchIndexLimits {
  /** A reference key naming more invoices than this is too common to say anything: skipped. */
  readonly maxHitsPerKey: number;
  /** The same for a bare number matched against invoice numbers without their series. */
  readonly maxTailHits: number;
  /** Same-amount invoices returned for `exactAmount` (two are enough to show an ambiguity). */
  readonly maxAmountHits: number;
  /**
   * Open invoices returned per account found: the oldest due; a customer with more is reported in
   * `truncatedAccounts` (a distributor's 500 open invoices with each of its payments cost more than
   * they tell: amounts are checked through the exact-amount lookup instead).
   */
  readonly maxInvoicesPerAccount: number;
}

export const DEFAULT_INDEX_LIMITS: MatchIndexLimits = { maxHitsPerKey: 20, maxTailHits: 10, maxAmountHits: 10, maxInvoicesPerAccount: 100 };

/** What one `find` has gathered so far (invoice and account positions). */
interface Found {
  readonly invoices: Set<number>;
  readonly accounts: Set<number>;
  readonly expanded: Set<number>;
  readonly truncated: string[];
}

export class MatchIndex {
  private readonly limits: MatchIndexLimits;
  // Accounts, by position.
  private readonly accountIds: string[] = [];
  private readonly names: string[] = [];
  private readonly taxIds: (string | undefined)[] = [];
  private readonly accountInvoices: number[][] = [];
  /** 1 when an account's list is in age order (sorted on first use after invoices were added). */
  private readonly accountSorted: number[] = [];
  private readonly accountById = new Map<string, number>();
  private readonly byTaxId: Multi<string> = new Map();
  // Invoices, by position, in columns.
  private count = 0;
  private readonly numbers: string[] = [];
  private owner = new Int32Array(1024);
  private currency = new Uint16Array(1024);
  private balance = new Float64Array(1024);
  private due = new Int32Array(1024);
  private issue = new Int32Array(1024);
  private readonly dates = new Interner();
  private readonly currencies = new Interner();
  /** Fiscal UUID by invoice position (undefined for most: only CFDI countries have one). */
  private readonly uuidOf: (string | undefined)[] = [];
  private readonly byUuid = new HashSlots();
  private readonly byKey = new HashSlots();
  private readonly byTail = new HashSlots();
  /** Per currency id: open balance → invoices. */
  private readonly byAmount: Multi<number>[] = [];

  constructor(limits: Partial<MatchIndexLimits> = {}) {
    this.limits = { ...DEFAULT_INDEX_LIMITS, ...limits };
  }

  static from(accounts: Iterable<MatchAccount>, invoices: Iterable<MatchInvoice>, limits?: Partial<MatchIndexLimits>): MatchIndex {
    const index = new MatchIndex(limits);
    for (const account of accounts) index.addAccount(account);
    for (const invoice of invoices) index.addInvoice(invoice);
    return index;
  }

  get size(): number {
    return this.count;
  }

  addAccount(account: MatchAccount): void {
    if (this.accountById.has(account.accountId)) throw new Error(`duplicate account ${account.accountId}`);
    const a = this.accountIds.length;
    this.accountIds.push(account.accountId);
    this.names.push(account.name);
    this.taxIds.push(account.taxId);
    this.accountInvoices.push([]);
    this.accountSorted.push(1);
    this.accountById.set(account.accountId, a);
    if (account.taxId !== undefined && account.taxId !== '') put(this.byTaxId, normaliseTaxId(account.taxId), a);
  }

  /** Adds an invoice (its account is created bare if unknown). Closed invoices (balance ≤ 0) are skipped. */
  addInvoice(invoice: MatchInvoice): void {
    if (!(invoice.balance > 0)) return;
    let a = this.accountById.get(invoice.accountId);
    if (a === undefined) {
      this.addAccount({ accountId: invoice.accountId, name: invoice.accountId });
      a = this.accountById.get(invoice.accountId)!;
    }
    const { key, tail } = invoiceRefKeys(invoice.invoiceNumber);
    const i = this.count;
    if (!this.byKey.addUnique(key, i, (j) => this.owner[j] === a && this.numbers[j] === invoice.invoiceNumber)) {
      throw new Error(`duplicate invoice ${invoice.accountId}/${invoice.invoiceNumber}`);
    }
    this.grow(i + 1);
    this.count += 1;
    this.numbers.push(invoice.invoiceNumber);
    const uuid = invoice.fiscalUuid?.toUpperCase();
    this.uuidOf.push(uuid);
    this.owner[i] = a;
    this.currency[i] = this.currencies.id(invoice.currency);
    this.balance[i] = invoice.balance;
    this.due[i] = this.dates.id(invoice.dueDate);
    this.issue[i] = invoice.issueDate === undefined ? -1 : this.dates.id(invoice.issueDate);
    this.accountInvoices[a]!.push(i);
    this.accountSorted[a] = 0;
    if (tail !== undefined) this.byTail.add(tail, i);
    if (uuid !== undefined) this.byUuid.add(uuid, i);
    put(this.amounts(this.currency[i]!), invoice.balance, i);
  }

  /** The open balance of an invoice, or undefined when it is not in the index. */
  balanceOf(accountId: string, invoiceNumber: string): number | undefined {
    const i = this.locate(accountId, invoiceNumber);
    return i === undefined ? undefined : this.balance[i];
  }

  find(query: CandidateQuery): MatchCandidates {
    const found: Found = { invoices: new Set(), accounts: new Set(), expanded: new Set(), truncated: [] };
    const { maxHitsPerKey, maxTailHits, maxAmountHits } = this.limits;
    for (const ref of query.invoiceRefs) {
      const hits = this.verified(this.byKey.candidates(ref, maxHitsPerKey), ref, 'key');
      if (hits.length <= maxHitsPerKey) {
        for (const i of hits) {
          // A paid invoice named still points at its customer (a duplicate payment, a late one).
          if (this.balance[i]! > 0) found.invoices.add(i);
          this.expand(this.owner[i]!, found);
        }
      }
      // A bare number may be an invoice's number without its series: those invoices only, not their accounts.
      const tails = this.verified(this.byTail.candidates(ref, maxTailHits), ref, 'tail');
      if (tails.length <= maxTailHits) for (const i of tails) this.addAlone(i, found);
    }
    for (const taxId of query.taxIds) for (const a of values(this.byTaxId, taxId)) this.expand(a, found);
    for (const uuid of query.fiscalUuids) {
      const wanted = uuid.toUpperCase();
      for (const i of this.byUuid.candidates(wanted, 4)) {
        if (this.uuidOf[i] !== wanted || !(this.balance[i]! > 0)) continue;
        found.invoices.add(i);
        this.expand(this.owner[i]!, found);
      }
    }
    for (const id of query.accountIds) {
      const a = this.accountById.get(id);
      if (a !== undefined) this.expand(a, found);
    }
    let exactAmountComplete = false;
    if (query.exactAmount !== undefined) {
      const c = this.currencies.find(query.exactAmount.currency);
      const hits = c === undefined ? NONE : values(this.amounts(c), query.exactAmount.amount);
      for (let k = 0; k < hits.length && k < maxAmountHits; k += 1) this.addAlone(hits[k]!, found);
      exactAmountComplete = hits.length <= maxAmountHits;
    }
    const accounts: MatchAccount[] = [];
    for (const a of found.accounts) accounts.push(this.account(a));
    const invoices: MatchInvoice[] = [];
    for (const i of found.invoices) invoices.push(this.invoice(i));
    return {
      accounts,
      invoices,
      ...(found.truncated.length > 0 ? { truncatedAccounts: found.truncated } : {}),
      ...(exactAmountComplete ? { exactAmountComplete } : {}),
    };
  }

  /** The hash hits whose key (or tail) really is `ref`. */
  private verified(hits: readonly number[], ref: string, part: 'key' | 'tail'): number[] {
    const out: number[] = [];
    for (const i of hits) if (invoiceRefKeys(this.numbers[i]!)[part] === ref) out.push(i);
    return out;
  }

  /** An account found: it and its oldest open invoices (up to the limit; more → truncated). */
  private expand(a: number, found: Found): void {
    if (found.expanded.has(a)) return;
    found.expanded.add(a);
    found.accounts.add(a);
    let taken = 0;
    for (const i of this.oldestFirst(a)) {
      if (!(this.balance[i]! > 0)) continue;
      if (taken >= this.limits.maxInvoicesPerAccount) {
        found.truncated.push(this.accountIds[a]!);
        break;
      }
      found.invoices.add(i);
      taken += 1;
    }
  }

  /**
   * Lowers balances by the allocations (a settling allocation closes the invoice). All or nothing:
   * an allocation to an unknown invoice, or more than its balance, throws before anything changes.
   */
  apply(allocations: readonly Allocation[]): void {
    const planned = new Map<number, number>();
    for (const a of allocations) {
      const i = this.locate(a.accountId, a.invoiceNumber);
      if (i === undefined) throw new Error(`unknown invoice ${a.accountId}/${a.invoiceNumber}`);
      const left = planned.get(i) ?? this.balance[i]!;
      if (!Number.isSafeInteger(a.amount) || a.amount <= 0 || a.amount > left) {
        throw new RangeError(`allocation of ${a.amount} to ${a.invoiceNumber} exceeds its balance ${left}`);
      }
      planned.set(i, a.settles ? 0 : left - a.amount);
    }
    for (const [i, after] of planned) this.setBalance(i, after);
  }

  /** An account's invoices, oldest due first (then issued, then number), sorted once. */
  private oldestFirst(a: number): readonly number[] {
    const list = this.accountInvoices[a]!;
    if (this.accountSorted[a] === 0) {
      const dates = this.dates.values;
      list.sort((x, y) => {
        const dx = dates[this.due[x]!]!;
        const dy = dates[this.due[y]!]!;
        if (dx !== dy) return dx < dy ? -1 : 1;
        const ix = this.issue[x]! < 0 ? '' : dates[this.issue[x]!]!;
        const iy = this.issue[y]! < 0 ? '' : dates[this.issue[y]!]!;
        if (ix !== iy) return ix < iy ? -1 : 1;
        return this.numbers[x]! < this.numbers[y]! ? -1 : this.numbers[x]! > this.numbers[y]! ? 1 : 0;
      });
      this.accountSorted[a] = 1;
    }
    return list;
  }

  private addAlone(i: number, found: Found): void {
    if (!(this.balance[i]! > 0)) return;
    found.invoices.add(i);
    found.accounts.add(this.owner[i]!);
  }

  private setBalance(i: number, after: number): void {
    const amounts = this.amounts(this.currency[i]!);
    remove(amounts, this.balance[i]!, i);
    this.balance[i] = after;
    if (after > 0) put(amounts, after, i);
  }

  private amounts(currency: number): Multi<number> {
    let map = this.byAmount[currency];
    if (map === undefined) this.byAmount[currency] = map = new Map();
    return map;
  }

  private locate(accountId: string, invoiceNumber: string): number | undefined {
    const a = this.accountById.get(accountId);
    if (a === undefined) return undefined;
    return this.byKey.find(normaliseInvoiceRef(invoiceNumber), (i) => this.owner[i] === a && this.numbers[i] === invoiceNumber);
  }

  private account(a: number): MatchAccount {
    const taxId = this.taxIds[a];
    return { accountId: this.accountIds[a]!, name: this.names[a]!, ...(taxId !== undefined ? { taxId } : {}) };
  }

  private invoice(i: number): MatchInvoice {
    const issue = this.issue[i]!;
    // One object shape for all (absent optional fields are undefined): one hidden class, no spreading.
    return {
      accountId: this.accountIds[this.owner[i]!]!,
      invoiceNumber: this.numbers[i]!,
      currency: this.currencies.values[this.currency[i]!]!,
      balance: this.balance[i]!,
      dueDate: this.dates.values[this.due[i]!]!,
      issueDate: issue >= 0 ? this.dates.values[issue]! : undefined,
      fiscalUuid: this.uuidOf[i],
    };
  }

  private grow(size: number): void {
    if (size <= this.owner.length) return;
    const capacity = Math.max(size, this.owner.length * 2);
    const widen = <T extends Int32Array | Uint16Array | Float64Array>(from: T, make: (n: number) => T): T => {
      const to = make(capacity);
      to.set(from);
      return to;
    };
    this.owner = widen(this.owner, (n) => new Int32Array(n));
    this.currency = widen(this.currency, (n) => new Uint16Array(n));
    this.balance = widen(this.balance, (n) => new Float64Array(n));
    this.due = widen(this.due, (n) => new Int32Array(n));
    this.issue = widen(this.issue, (n) => new Int32Array(n));
  }
}
