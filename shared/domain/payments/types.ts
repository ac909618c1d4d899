/**
 * Payments, normalised: whatever the source (a provider webhook, a bank statement line, a CFDI payment
 * complement, a person at the CLI), a payment becomes one `Payment` before matching. Pure data.
 *
 * Money is integer minor units of `currency` (ISO 4217 exponent); `valueDate` is a calendar date
 * `YYYY-MM-DD`; instants are UTC ISO strings.
 */

/** Where a payment came from. Webhook providers first, then files. */
export type PaymentSource =
  | 'stripe'
  | 'mercadopago'
  | 'conekta'
  | 'generic'
  | 'camt053'
  | 'camt054'
  | 'mt940'
  | 'csv'
  | 'cfdi'
  | 'manual';

/**
 * `payment` brings money in; `refund` and `chargeback` take it back out (they reopen what the original
 * payment paid, named by `reversesPaymentId`).
 */
export type PaymentKind = 'payment' | 'refund' | 'chargeback';

/** One document a CFDI "Pagos 2.0" complement says this payment pays (authoritative). */
export interface CfdiPaidDocument {
  /** `IdDocumento`: the fiscal UUID of the invoice paid, upper case. */
  readonly uuid: string;
  readonly series?: string;
  readonly folio?: string;
  /** `MonedaDR`: the invoice's currency. */
  readonly currency: string;
  /** `ImpPagado` in minor units of the invoice's currency. */
  readonly amountPaid: number;
  /** `ImpSaldoAnt` / `ImpSaldoInsoluto` in minor units of the invoice's currency, when present. */
  readonly previousBalance?: number;
  readonly remainingBalance?: number;
  /** `NumParcialidad`. */
  readonly installment?: number;
}

export interface Payment {
  /**
   * Deterministic and source-scoped, so the same money seen twice gets the same id and is applied once:
   * `stripe:pi_…`, `mercadopago:<payment id>`, `conekta:<order id>`, `generic:<provider>:<id>`,
   * `stmt:<hash>` (bank lines; the hash covers account, booking date, amount, currency, bank reference
   * and the occurrence number of identical lines in the file), `cfdi:<complement UUID>:<n>`.
   */
  readonly paymentId: string;
  readonly source: PaymentSource;
  readonly kind: PaymentKind;
  /** Integer minor units, > 0 (a refund's amount is positive too; `kind` says the direction). */
  readonly amount: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  /** Booking / value date, `YYYY-MM-DD`. */
  readonly valueDate: string;
  readonly payerName?: string;
  /** RFC / NIT / RUC / RUT / EIN as given (normalise with `normaliseTaxId` before comparing). */
  readonly payerTaxId?: string;
  /** The payer's bank account: IBAN, CLABE, account number. */
  readonly payerAccount?: string;
  /** Free text: remittance information, description, concept, statement descriptor. */
  readonly reference?: string;
  /** Explicit links given by a provider (metadata set when we created the payment link). */
  readonly links?: {
    readonly invoiceNumbers?: readonly string[];
    readonly accountId?: string;
    readonly paymentLinkToken?: string;
  };
  /** CFDI payment complement: the invoices it pays, by fiscal UUID (authoritative). */
  readonly cfdiDocuments?: readonly CfdiPaidDocument[];
  /** For `refund` / `chargeback`: the payment it reverses. */
  readonly reversesPaymentId?: string;
  /** Provider extras worth keeping (event id, status, statement id). Strings only; no secrets, no card data. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A payment read from a file, with the 1-based line (or entry) it came from. */
export interface PaymentLine {
  readonly line: number;
  readonly payment: Payment;
}

/** What a statement / payment-file parser returns. */
export interface PaymentFile {
  readonly format: 'camt053' | 'camt054' | 'mt940' | 'csv' | 'cfdi';
  /** Lines (CSV data rows, statement entries/transactions) looked at, credits and debits alike. */
  readonly lines: number;
  readonly payments: readonly PaymentLine[];
  /** Lines that were not debits and still could not become a payment, each with a reason. */
  readonly rejected: readonly { readonly line: number | null; readonly reason: string }[];
  readonly warnings: readonly { readonly line: number | null; readonly reason: string }[];
}
