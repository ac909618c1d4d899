import { countryDecimal, parseCountry } from './countries.js';
import { dateOrderEvidence, type DateOrder } from './dates.js';
import type { RawRow } from './headers.js';
import { truncate } from './headers.js';
import { numberShape, splitAmountText, type DecimalSeparator } from './numbers.js';

/** A value seen in the file, quoted in messages so a clerk can find it. */
export interface Example {
  readonly value: string;
  readonly line: number;
}

/**
 * What the first pass learnt about the whole file. The second pass reads every row with it, so an
 * amount like `1.500` means the same thing on line 3 and on line 30 000.
 */
export interface FileProfile {
  /** The decimal separator the file's unambiguous amounts use (the majority, if they disagree). */
  readonly decimal: DecimalSeparator | undefined;
  /** An amount showing `decimal`, quoted when rejecting a row that contradicts it. */
  readonly decimalExample: Example | undefined;
  /** Hint for rows without a country: the convention all the file's countries share, if they do. */
  readonly countryHint: DecimalSeparator | undefined;
  readonly dateOrder: DateOrder;
  readonly dayFirstExample: Example | undefined;
  readonly monthFirstExample: Example | undefined;
}

interface Tally {
  count: number;
  first: Example | undefined;
}

const AMOUNT_COLUMNS = ['amount', 'balance'] as const;
const DATE_COLUMNS = ['issue_date', 'due_date'] as const;

/**
 * Pass 1 evidence, in constant memory: counts and the first example of each kind, plus the set of
 * countries (a few dozen at most).
 */
export class ProfileBuilder {
  private readonly decimals: Record<DecimalSeparator, Tally> = { '.': { count: 0, first: undefined }, ',': { count: 0, first: undefined } };
  private firstDecimal: DecimalSeparator | undefined;
  /** First ambiguous amount per row country ('' = row without a recognised country). */
  private readonly ambiguous = new Map<string, Example>();
  private readonly countries = new Set<string>();
  private dayFirst: Example | undefined;
  private monthFirst: Example | undefined;
  private ambiguousDate: Example | undefined;

  observe(row: RawRow, line: number): void {
    const country = typeof row.country === 'string' ? parseCountry(row.country) : undefined;
    if (country) this.countries.add(country);
    for (const column of AMOUNT_COLUMNS) {
      const value = row[column];
      if (typeof value !== 'string') continue;
      const parts = splitAmountText(value);
      if (!parts) continue;
      const shape = numberShape(parts.body);
      const example = { value: truncate(value.trim(), 40), line };
      if (shape.kind === 'decimal') {
        const tally = this.decimals[shape.decimal];
        tally.count += 1;
        tally.first ??= example;
        this.firstDecimal ??= shape.decimal;
      } else if (shape.kind === 'ambiguous' && !this.ambiguous.has(country ?? '')) {
        this.ambiguous.set(country ?? '', example);
      }
    }
    for (const column of DATE_COLUMNS) {
      const value = row[column];
      if (typeof value !== 'string') continue;
      const evidence = dateOrderEvidence(value);
      const example = { value: truncate(value.trim(), 40), line };
      if (evidence === 'DMY') this.dayFirst ??= example;
      else if (evidence === 'MDY') this.monthFirst ??= example;
      else if (evidence === 'ambiguous') this.ambiguousDate ??= example;
    }
  }

  /** The decisions, and the file warnings that say what was assumed. */
  finish(): { profile: FileProfile; warnings: string[] } {
    const warnings: string[] = [];
    const dot = this.decimals['.'];
    const comma = this.decimals[','];
    let decimal: DecimalSeparator | undefined;
    if (dot.count > comma.count) decimal = '.';
    else if (comma.count > dot.count) decimal = ',';
    else decimal = this.firstDecimal;

    if (decimal && dot.count > 0 && comma.count > 0) {
      const [major, minor] = decimal === '.' ? [dot, comma] : [comma, dot];
      const other = decimal === '.' ? ',' : '.';
      warnings.push(
        `amounts in this file use '${decimal}' as decimal separator (e.g. ${quote(major.first)}) but ${minor.count} ` +
          `use '${other}' (e.g. ${quote(minor.first)}): those rows are rejected; use one format for the whole file`,
      );
    }

    const hints = new Set([...this.countries].map((country) => countryDecimal(country)));
    const countryHint = hints.size === 1 ? [...hints][0] : undefined;
    if (!decimal) warnings.push(...this.hintWarnings(countryHint));

    let dateOrder: DateOrder = 'DMY';
    if (this.dayFirst && this.monthFirst) {
      dateOrder = 'mixed';
      const like = this.ambiguousDate ? ` like ${quote(this.ambiguousDate)}` : '';
      warnings.push(
        `dates in this file mix DD/MM/YYYY (e.g. ${quote(this.dayFirst)}) and MM/DD/YYYY (e.g. ${quote(this.monthFirst)}): ` +
          `rows with a date that could be read either way${like} are rejected`,
      );
    } else if (this.monthFirst) {
      dateOrder = 'MDY';
      warnings.push(`dates read as MM/DD/YYYY because e.g. '${this.monthFirst.value}' at line ${this.monthFirst.line}`);
    } else if (!this.dayFirst && this.ambiguousDate) {
      warnings.push(
        `dates read as DD/MM/YYYY, the usual order in Latin America: no date in the file shows the order ` +
          `(e.g. ${quote(this.ambiguousDate)} could be either)`,
      );
    }

    return {
      profile: {
        decimal,
        decimalExample: decimal ? this.decimals[decimal].first : undefined,
        countryHint,
        dateOrder,
        dayFirstExample: this.dayFirst,
        monthFirstExample: this.monthFirst,
      },
      warnings,
    };
  }

  /** With no evidence, ambiguous amounts are read by country: say so once per convention used. */
  private hintWarnings(countryHint: DecimalSeparator | undefined): string[] {
    const used = new Map<DecimalSeparator, { countries: Set<string>; example: Example }>();
    for (const [country, example] of this.ambiguous) {
      const decimal = country ? countryDecimal(country) : countryHint;
      if (!decimal) continue;
      const entry = used.get(decimal) ?? { countries: new Set<string>(), example };
      for (const source of country ? [country] : this.countries) entry.countries.add(source);
      if (example.line < entry.example.line) entry.example = example;
      used.set(decimal, entry);
    }
    return [...used].map(([decimal, { countries, example }]) => {
      const list = [...countries].sort();
      return (
        `amounts read with '${decimal}' as decimal separator (assumed from ${list.length > 1 ? 'countries' : 'country'} ${list.join(', ')}): ` +
        `no amount in the file shows which separator is the decimal one, e.g. ${quote(example)}`
      );
    });
  }
}

/** `'1.500' at line 3` */
export function quote(example: Example | undefined): string {
  return example ? `'${example.value}' at line ${example.line}` : 'another row';
}

/**
 * The decimal separator to read an ambiguous amount with: the file's evidence first, then the row's
 * own country, then (rows without a country) the convention all the file's countries share.
 */
export function decimalForAmbiguous(profile: FileProfile, rowCountry: string | undefined): DecimalSeparator | undefined {
  return profile.decimal ?? (rowCountry ? countryDecimal(rowCountry) : profile.countryHint);
}
