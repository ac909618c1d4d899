/**
 * Seeded messy payments with ground truth, over a synthetic portfolio: clean references, typos,
 * transposed digits, payments split over 2–3 transfers, one transfer paying 2–4 invoices (named, or
 * only the payer's tax id), tax id only, nothing but the amount, same-amount twins, bank fees, early
 * payment discounts, overpayments, CFDI complements, payment links, other-currency transfers and ~1%
 * genuinely unmatchable noise. Ground truth = the allocations the payer intended, or null.
 */
import type { Payment } from '../../../shared/domain/payments/types.js';
import { COUNTRIES, CURRENCIES, dayOf, generatePortfolio, isoDay, randomAmount, type Portfolio } from './portfolio.js';
import { Prng } from './prng.js';
import { bankRef, concept, emptyConcept, transpose, typo } from './texts.js';

export type Category =
  | 'clean'
  | 'typo'
  | 'transposed'
  | 'split'
  | 'combined-ref'
  | 'combined-taxid'
  | 'taxid-only'
  | 'fee'
  | 'discount'
  | 'overpaid'
  | 'twins-ref'
  | 'twins-unref'
  | 'amount-only'
  | 'cfdi'
  | 'link'
  | 'noise'
  | 'cross-currency';

/** Scenario weights (a split scenario yields 2–3 payments). */
export const CATEGORY_WEIGHTS: Readonly<Record<Category, number>> = {
  clean: 30,
  typo: 20,
  transposed: 1,
  split: 6,
  'combined-ref': 4,
  'combined-taxid': 4,
  'taxid-only': 8,
  fee: 5,
  discount: 1,
  overpaid: 1,
  'twins-ref': 1,
  'twins-unref': 0.5,
  'amount-only': 1,
  cfdi: 3,
  link: 3,
  noise: 1.1,
  'cross-currency': 0.5,
};

export interface TruthAllocation {
  readonly invoice: number;
  readonly amount: number;
}

export interface Truth {
  readonly category: Category;
  /** What the payer meant to pay; null = nothing of ours (must never be auto-applied). */
  readonly allocations: readonly TruthAllocation[] | null;
  readonly credit?: number;
}

export interface MessySet {
  readonly portfolio: Portfolio;
  readonly payments: readonly Payment[];
  readonly truths: readonly Truth[];
  readonly asOf: string;
}

export interface MessyOptions {
  readonly invoices: number;
  readonly payments: number;
  readonly seed?: number;
}

type Draft = Omit<Payment, 'paymentId' | 'valueDate'>;
interface Pending {
  readonly day: number;
  readonly seq: number;
  readonly payment: Draft;
  readonly truth: Truth;
}

const AS_OF = '2026-07-15';
const AS_OF_DAY = dayOf(AS_OF);

export function generateMessy(options: MessyOptions): MessySet {
  const rng = new Prng(options.seed ?? 20_260_715);
  const p = generatePortfolio(rng, options.invoices);
  const g = new Generator(rng, p);
  while (g.pending.length < options.payments) g.scenario(rng.weighted(CATEGORY_WEIGHTS));
  const ordered = g.pending.sort((a, b) => a.day - b.day || a.seq - b.seq).slice(0, options.payments);
  return {
    portfolio: p,
    payments: ordered.map((x, n) => ({ ...x.payment, paymentId: `bench:${n}`, valueDate: isoDay(x.day) }) as Payment),
    truths: ordered.map((x) => x.truth),
    asOf: AS_OF,
  };
}

class Generator {
  readonly pending: Pending[] = [];
  private readonly used: Uint8Array;
  private readonly taxIds: Set<string>;

  constructor(
    private readonly rng: Prng,
    private readonly p: Portfolio,
  ) {
    this.used = new Uint8Array(p.numbers.length);
    this.taxIds = new Set(p.accounts.map((a) => a.taxId ?? ''));
  }

  scenario(category: Category): void {
    const { rng } = this;
    const day = rng.int(AS_OF_DAY - 45, AS_OF_DAY);
    switch (category) {
      case 'clean':
      case 'typo': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        const ref = category === 'clean' ? this.p.numbers[i]! : typo(this.p.numbers[i]!, rng);
        this.add(day, category, this.bank(i, this.balance(i), concept([ref], rng, this.name(i))), [[i, this.balance(i)]]);
        return;
      }
      case 'transposed': {
        const i = this.pickInvoice();
        const ref = i === undefined ? undefined : transpose(this.p.numbers[i]!, rng);
        if (i === undefined || ref === undefined) return;
        this.add(day, category, this.bank(i, this.balance(i), concept([ref], rng, this.name(i))), [[i, this.balance(i)]]);
        return;
      }
      case 'split': {
        const i = this.pickInvoice((x) => this.balance(x) >= 1000);
        if (i === undefined) return;
        const parts = rng.int(2, 3);
        let left = this.balance(i);
        let partDay = day - 20;
        const withTaxId = rng.chance(0.4);
        for (let k = 1; k <= parts; k += 1) {
          const amount = k === parts ? left : Math.max(1, Math.round(left * (0.2 + 0.4 * rng.next())));
          left -= amount;
          const ref = rng.chance(0.7) ? this.p.numbers[i]! : typo(this.p.numbers[i]!, rng);
          const text = `${concept([ref], rng, this.name(i))}${rng.chance(0.5) ? ` PARCIALIDAD ${k}/${parts}` : ''}`;
          this.add(Math.min(partDay, AS_OF_DAY), category, this.bank(i, amount, text, withTaxId), [[i, amount]]);
          partDay += rng.int(1, 12);
        }
        return;
      }
      case 'combined-ref':
      case 'combined-taxid': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        const others = this.sameAccount(i, rng.int(1, 3), category === 'combined-taxid' ? 8 : 1000);
        if (others.length === 0) return this.release(i);
        const all = [i, ...others];
        const amount = all.reduce((s, x) => s + this.balance(x), 0);
        const truth = all.map((x): [number, number] => [x, this.balance(x)]);
        if (category === 'combined-taxid') {
          this.add(day, category, this.withTaxId(i, this.bank(i, amount, emptyConcept(rng, this.name(i)), false)), truth);
        } else {
          this.add(day, category, this.bank(i, amount, concept(this.listRefs(all), rng, this.name(i))), truth);
        }
        return;
      }
      case 'taxid-only': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        this.add(day, category, this.withTaxId(i, this.bank(i, this.balance(i), emptyConcept(rng, this.name(i)), false)), [[i, this.balance(i)]]);
        return;
      }
      case 'fee': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        const amount = this.balance(i) - this.fee(i);
        const ref = rng.chance(0.7) ? this.p.numbers[i]! : typo(this.p.numbers[i]!, rng);
        this.add(day, category, this.bank(i, amount, concept([ref], rng, this.name(i))), [[i, amount]]);
        return;
      }
      case 'discount': {
        const i = this.pickInvoice((x) => this.p.due[x]! >= AS_OF_DAY - 30);
        if (i === undefined) return;
        const amount = Math.round(this.balance(i) * 0.98);
        const paidOn = Math.min(this.p.due[i]!, AS_OF_DAY) - rng.int(0, 5);
        this.add(paidOn, category, this.bank(i, amount, concept([this.p.numbers[i]!], rng, this.name(i))), [[i, amount]]);
        return;
      }
      case 'overpaid': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        const extra = Math.max(1, Math.round(this.balance(i) * (0.01 + 0.09 * rng.next())));
        this.add(day, category, this.withTaxId(i, this.bank(i, this.balance(i) + extra, concept([this.p.numbers[i]!], rng, this.name(i)), false)), [[i, this.balance(i)]], extra);
        return;
      }
      case 'twins-ref':
      case 'twins-unref': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        const [twin] = this.sameAccount(i, 1, 1000);
        if (twin === undefined) return this.release(i);
        this.p.balance[twin] = this.balance(i);
        const payment =
          category === 'twins-ref'
            ? this.bank(i, this.balance(i), concept([this.p.numbers[i]!], rng, this.name(i)))
            : this.withTaxId(i, this.bank(i, this.balance(i), emptyConcept(rng, this.name(i)), false));
        this.add(day, category, payment, [[i, this.balance(i)]]);
        return;
      }
      case 'amount-only': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        this.add(day, category, { ...this.bank(i, this.balance(i), emptyConcept(rng, this.name(i)), false), payerName: this.name(i) }, [[i, this.balance(i)]]);
        return;
      }
      case 'cfdi':
        return this.cfdi(day);
      case 'link': {
        const i = this.pickInvoice();
        if (i === undefined) return;
        const amount = rng.chance(0.9) ? this.balance(i) : Math.max(1, Math.round(this.balance(i) * 0.5));
        const accountId = this.p.accounts[this.p.owner[i]!]!.accountId;
        this.add(day, category, {
          source: rng.pick(['stripe', 'mercadopago', 'conekta'] as const),
          kind: 'payment',
          amount,
          currency: CURRENCIES[this.p.currency[i]!]!,
          reference: `pi_${rng.hex(16)}`,
          links: { invoiceNumbers: [this.p.numbers[i]!], accountId, paymentLinkToken: rng.hex(12) },
        }, [[i, amount]]);
        return;
      }
      case 'noise':
        return this.noise(day);
      case 'cross-currency': {
        const i = this.pickInvoice((x) => CURRENCIES[this.p.currency[x]!] !== 'USD');
        if (i === undefined) return;
        const perUsd = Object.values(COUNTRIES).find((c) => c.currency === CURRENCIES[this.p.currency[i]!])!;
        const usd = Math.max(1, Math.round((this.balance(i) / perUsd.perUsd) * 10 ** (2 - perUsd.exponent)));
        this.add(day, category, { ...this.bank(i, usd, concept([this.p.numbers[i]!], rng, this.name(i))), currency: 'USD' }, null);
        return;
      }
    }
  }

  private cfdi(day: number): void {
    const i = this.pickInvoice((x) => this.p.uuid(x) !== undefined);
    if (i === undefined) return;
    const all = [i, ...(this.rng.chance(0.3) ? this.sameAccount(i, 1, 1000).filter((x) => this.p.uuid(x) !== undefined) : [])];
    const docs = all.map((x) => {
      const paid = this.rng.chance(0.8) ? this.balance(x) : Math.max(1, Math.round(this.balance(x) * 0.4));
      const [, series = '', folio = this.p.numbers[x]!] = /^([A-Z]*)[-]?(.*)$/.exec(this.p.numbers[x]!) ?? [];
      return {
        uuid: this.p.uuid(x)!,
        ...(series !== '' ? { series } : {}),
        folio,
        currency: CURRENCIES[this.p.currency[x]!]!,
        amountPaid: paid,
        previousBalance: this.balance(x),
        remainingBalance: this.balance(x) - paid,
        installment: 1,
      };
    });
    const amount = docs.reduce((s, d) => s + d.amountPaid, 0);
    this.add(day, 'cfdi', {
      source: 'cfdi',
      kind: 'payment',
      amount,
      currency: CURRENCIES[this.p.currency[i]!]!,
      payerTaxId: this.p.accounts[this.p.owner[i]!]!.taxId!,
      cfdiDocuments: docs,
    }, docs.map((d, k) => [all[k]!, d.amountPaid]));
  }

  private noise(day: number): void {
    const { rng } = this;
    const currency = rng.int(0, CURRENCIES.length - 1);
    const reference = rng.pick([
      'TRASPASO ENTRE CUENTAS PROPIAS',
      'DEVOLUCION IVA SAT',
      'INTERESES GANADOS',
      `PAGO NOMINA ${bankRef(rng)}`,
      `F-${rng.int(5_000_000, 9_999_999)}`,
      bankRef(rng),
      `REEMBOLSO GASTOS ${bankRef(rng)}`,
    ]);
    let payerTaxId: string | undefined;
    if (rng.chance(0.5)) {
      do payerTaxId = `${rng.pick(['XAX', 'QWE', 'ZZA'])}0${rng.int(10_101, 91_231)}${rng.hex(3)}`;
      while (this.taxIds.has(payerTaxId));
    }
    this.add(day, 'noise', {
      source: rng.pick(['camt053', 'mt940', 'csv'] as const),
      kind: 'payment',
      amount: randomAmount(rng, currency),
      currency: CURRENCIES[currency]!,
      reference,
      ...(payerTaxId ? { payerTaxId } : {}),
    }, null);
  }

  private add(day: number, category: Category, payment: Draft, allocations: readonly (readonly [number, number])[] | null, credit?: number): void {
    this.pending.push({
      day,
      seq: this.pending.length,
      payment,
      truth: { category, allocations: allocations?.map(([invoice, amount]) => ({ invoice, amount })) ?? null, ...(credit ? { credit } : {}) },
    });
  }

  private balance(i: number): number {
    return this.p.balance[i]!;
  }

  private name(i: number): string {
    return this.p.accounts[this.p.owner[i]!]!.name;
  }

  /** A bank-statement payment for invoice i's customer; the payer's tax id on 40% of them. */
  private bank(i: number, amount: number, reference: string, taxIdMaybe = true): Draft {
    const base: Draft = {
      source: this.rng.pick(['camt053', 'mt940', 'csv'] as const),
      kind: 'payment',
      amount,
      currency: CURRENCIES[this.p.currency[i]!]!,
      payerName: this.name(i).toUpperCase(),
      reference,
    };
    return taxIdMaybe && this.rng.chance(0.4) ? this.withTaxId(i, base) : base;
  }

  /** The payer's tax id as banks print it: in the payer field (70%) or in the concept text. */
  private withTaxId(i: number, payment: Draft): Draft {
    const account = this.p.accounts[this.p.owner[i]!]!;
    const country = this.p.accountCountry[this.p.owner[i]!]!;
    const id = this.taxIdVariant(account.taxId!, country);
    if (country === 'US' || this.rng.chance(0.7)) return { ...payment, payerTaxId: id };
    const label = { MX: 'RFC', CO: 'NIT', PE: 'RUC', CL: 'RUT', US: 'EIN' }[country];
    return { ...payment, reference: `${payment.reference ?? ''} ${label} ${id}`.trim() };
  }

  private taxIdVariant(id: string, country: string): string {
    const { rng } = this;
    if (country === 'MX') return rng.pick([id, id, id.toLowerCase(), `${id.slice(0, 3)}-${id.slice(3, 9)}-${id.slice(9)}`]);
    if (country === 'CO') {
      const body = id.slice(0, 9);
      return rng.pick([id, `${body.slice(0, 3)}.${body.slice(3, 6)}.${body.slice(6)}${id.slice(9)}`, body]);
    }
    if (country === 'CL') return rng.pick([id, id.replace(/\./g, ''), id.replace(/[.-]/g, '')]);
    return id;
  }

  /** Fees as banks charge them: a fixed SPEI/wire fee, or Colombia's 0.4% transaction tax. */
  private fee(i: number): number {
    const currency = CURRENCIES[this.p.currency[i]!]!;
    const balance = this.balance(i);
    const raw =
      currency === 'COP' ? Math.round(balance * 0.004)
      : currency === 'CLP' ? this.rng.int(300, 1500)
      : currency === 'USD' ? this.rng.int(1000, 3000)
      : this.rng.int(500, 1500);
    return Math.max(1, Math.min(raw, Math.floor(balance / 20)));
  }

  /** Compact lists share the series: `A1024 1025`, `F-000123 Y 124`. */
  private listRefs(all: readonly number[]): string[] {
    const numbers = all.map((x) => this.p.numbers[x]!);
    const prefix = /^[A-Z]+-?/.exec(numbers[0]!)?.[0];
    if (prefix !== undefined && this.rng.chance(0.3) && numbers.every((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))) {
      return [numbers[0]!, ...numbers.slice(1).map((n) => n.slice(prefix.length))];
    }
    return numbers.map((n) => (this.rng.chance(0.2) ? typo(n, this.rng) : n));
  }

  private pickInvoice(accept: (i: number) => boolean = () => true): number | undefined {
    for (let tries = 0; tries < 100; tries += 1) {
      const i = this.rng.int(0, this.p.numbers.length - 1);
      if (this.used[i] === 0 && accept(i)) {
        this.used[i] = 1;
        return i;
      }
    }
    return undefined;
  }

  private release(i: number): void {
    this.used[i] = 0;
  }

  /** Up to `count` unused invoices of i's customer in i's currency, among the `oldest` unused ones. */
  private sameAccount(i: number, count: number, oldest: number): number[] {
    const a = this.p.owner[i]!;
    const pool: number[] = [];
    for (let k = this.p.accountStart[a]!; k < this.p.accountStart[a + 1]! && pool.length < oldest; k += 1) {
      const x = this.p.accountList[k]!;
      if (x !== i && this.used[x] === 0 && this.p.currency[x] === this.p.currency[i]) pool.push(x);
    }
    const chosen: number[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(this.rng.int(0, pool.length - 1), 1)[0]!);
    for (const x of chosen) this.used[x] = 1;
    return chosen;
  }
}
