/** What the caller may tell `readPaymentFile` about a file. Everything is optional. */
export interface ReadPaymentFileOptions {
  /** The uploaded file's name. The format is decided by content; a `.tsv` name only prefers tabs in CSV. */
  readonly fileName?: string;
  /** CSV only: header text as written → column (`date`, `amount`, `credit`, …; see PAYMENT_COLUMNS). */
  readonly mapping?: Readonly<Record<string, string>>;
  /** The account's currency (ISO 4217), for files that do not say it on every line (most CSV exports). */
  readonly currency?: string;
  /** ISO 3166 country of the account: its currency and number convention are the fallbacks for CSV. */
  readonly country?: string;
}
