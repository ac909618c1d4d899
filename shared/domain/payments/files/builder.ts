import type { Payment, PaymentFile, PaymentLine } from '../types.js';

type Issue = { readonly line: number | null; readonly reason: string };

/** The same entry twice in one file: `line` repeats `firstLine` and is not a second payment. */
export interface InFileDuplicate {
  readonly line: number;
  readonly firstLine: number;
  readonly paymentId: string;
}

/** A PaymentFile with the entries it repeats (camt.053 / MT940 lines with the same bank reference). */
export interface StatementFile extends PaymentFile {
  readonly duplicates: readonly InFileDuplicate[];
}

/** Where a parser puts what it finds, in file order: a whole-file builder, or a streaming reader's queue. */
export interface PaymentSink {
  /** One more line / entry / transaction looked at (credits and debits alike). */
  count(): void;
  pay(line: number, payment: Payment): void;
  /** `line` is the same entry as `firstLine` (same bank reference): said once, as a warning with both lines. */
  duplicate(line: number, firstLine: number, payment: Payment): void;
  reject(line: number | null, reason: string): void;
  warn(line: number | null, reason: string): void;
}

/** What a file-level warning says about a repeated entry. */
export function duplicateReason(firstLine: number, payment: Payment): string {
  const reference = typeof payment.metadata?.['bankReference'] === 'string' ? payment.metadata['bankReference'] : '';
  return `the same entry as line ${firstLine}${reference ? ` (bank reference ${reference})` : ''}: counted once, not a second payment`;
}

/** Collects what a parser finds, in file order, and hands it back as a PaymentFile. */
export class PaymentFileBuilder implements PaymentSink {
  private lines = 0;
  private readonly payments: PaymentLine[] = [];
  private readonly rejected: Issue[] = [];
  private readonly warnings: Issue[] = [];
  private readonly duplicates: InFileDuplicate[] = [];

  constructor(private readonly format: PaymentFile['format']) {}

  /** One more line / entry / transaction looked at (credits and debits alike). */
  count(): void {
    this.lines += 1;
  }

  pay(line: number, payment: Payment): void {
    this.payments.push({ line, payment });
  }

  duplicate(line: number, firstLine: number, payment: Payment): void {
    this.duplicates.push({ line, firstLine, paymentId: payment.paymentId });
    this.warn(line, duplicateReason(firstLine, payment));
  }

  reject(line: number | null, reason: string): void {
    this.rejected.push({ line, reason });
  }

  warn(line: number | null, reason: string): void {
    this.warnings.push({ line, reason });
  }

  build(): StatementFile {
    return { format: this.format, lines: this.lines, payments: this.payments, rejected: this.rejected, warnings: this.warnings, duplicates: this.duplicates };
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
