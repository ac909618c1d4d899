import { createHash } from 'node:crypto';

/**
 * Deterministic payment ids for file sources, so that the same money read twice (the same statement
 * uploaded again, or the same entry in an end-of-day camt.053 and an intraday camt.054) gets the same
 * id and is applied once.
 */

/** What identifies a bank statement line, as far as the bank tells us. */
export interface StatementLineKey {
  /** The statement's own account: IBAN, `Othr/Id`, MT940 `:25:`. Empty when the file does not say. */
  readonly account: string;
  /** `YYYY-MM-DD`. */
  readonly bookingDate: string;
  /** Minor units. */
  readonly amount: number;
  readonly currency: string;
  /** AcctSvcrRef / NtryRef / MT940 bank reference; empty when there is none. */
  readonly bankReference: string;
}

/** 24 hex characters (96 bits) of SHA-256: short enough to read, far beyond any collision risk here. */
export function shortHash(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}

/**
 * Hands out `stmt:<hash>` ids for one file. Two lines with the same key (two 100.00 transfers on the
 * same day without a bank reference) are told apart by their occurrence number in the file, which is
 * part of the hash: the second one is a different payment, not a duplicate.
 */
export class StatementIds {
  private readonly seen = new Map<string, number>();
  private readonly entries = new Map<string, { readonly paymentId: string; readonly line: number }>();

  next(key: StatementLineKey): string {
    const account = key.account.replace(/\s+/g, '').toUpperCase();
    const tuple = [account, key.bookingDate, key.amount, key.currency, key.bankReference.trim()];
    const identity = JSON.stringify(tuple);
    const occurrence = (this.seen.get(identity) ?? 0) + 1;
    this.seen.set(identity, occurrence);
    return `stmt:${shortHash([...tuple, occurrence])}`;
  }

  /**
   * For a line the bank gave its own reference (camt AcctSvcrRef / NtryRef, MT940 `//` reference):
   * the same key and reference again, at the same position `unit` within its entry (a batch entry's
   * transactions may share the entry's reference), is the same entry written twice, not new money.
   * It gets the first one's id and line. Two credits with the same amount and date but different
   * references, or without any, stay two payments (`next`). Ids are unchanged for files without repeats.
   */
  entry(key: StatementLineKey, line: number, unit = 0): { readonly paymentId: string; readonly firstLine?: number } {
    if (key.bankReference.trim() === '') return { paymentId: this.next(key) };
    const identity = JSON.stringify([key.account.replace(/\s+/g, '').toUpperCase(), key.bookingDate, key.amount, key.currency, key.bankReference.trim(), unit]);
    const first = this.entries.get(identity);
    if (first) return { paymentId: first.paymentId, firstLine: first.line };
    const paymentId = this.next(key);
    this.entries.set(identity, { paymentId, line });
    return { paymentId };
  }
}

/**
 * `cfdi:<UUID>:<n>`: the complement's fiscal UUID (TimbreFiscalDigital) and the 1-based position of
 * the `Pago` in it. An unstamped complement has no UUID yet, so a hash of what it says stands in.
 */
export function cfdiPaymentId(uuid: string | undefined, fingerprint: readonly unknown[], index: number): string {
  return `cfdi:${uuid ?? shortHash(fingerprint)}:${index}`;
}
