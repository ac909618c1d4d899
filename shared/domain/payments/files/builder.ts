import type { Payment, PaymentFile, PaymentLine } from '../types.js';

type Issue = { readonly line: number | null; readonly reason: string };

/** Collects what a parser finds, in file order, and hands it back as a PaymentFile. */
export class PaymentFileBuilder {
  private lines = 0;
  private readonly payments: PaymentLine[] = [];
  private readonly rejected: Issue[] = [];
  private readonly warnings: Issue[] = [];

  constructor(private readonly format: PaymentFile['format']) {}

  /** One more line / entry / transaction looked at (credits and debits alike). */
  count(): void {
    this.lines += 1;
  }

  pay(line: number, payment: Payment): void {
    this.payments.push({ line, payment });
  }

  reject(line: number | null, reason: string): void {
    this.rejected.push({ line, reason });
  }

  warn(line: number | null, reason: string): void {
    this.warnings.push({ line, reason });
  }

  build(): PaymentFile {
    return { format: this.format, lines: this.lines, payments: this.payments, rejected: this.rejected, warnings: this.warnings };
  }
}

/** `T` with the fields that may be undefined made optional instead. */
export type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined and empty-string fields, so a payment only carries what the file said. */
export function compact<const T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && field !== '')) as Compact<T>;
}

/** Whitespace runs (line breaks of wrapped fields included) → one space. */
export function squash(text: string | undefined): string | undefined {
  const squashed = text?.replace(/\s+/g, ' ').trim();
  return squashed === '' ? undefined : squashed;
}
