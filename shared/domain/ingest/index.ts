/**
 * The invoice-file reader: CSV, JSON arrays and JSON Lines from ERP exports, read into accounts and
 * invoices with a reason for every row it refuses. Pure: no I/O beyond the byte stream it is given.
 */
export { FileRejectedError } from './errors.js';
export { CANONICAL_COLUMNS, HEADER_ALIASES, normaliseHeader, type CanonicalColumn } from './headers.js';
export { COUNTRY_PROFILES, type CountryProfile } from './countries.js';
export { currencyExponent, formatMinorUnits } from './money.js';
export type { RowOutcome } from './row.js';
export { ACCOUNT_DATA_FIELDS, INVOICE_DATA_FIELDS, changedFields, mergeAccount, mergeInvoice, type ProvidedFields } from './merge.js';
export { STATUS_ALIASES } from './status.js';
export {
  DEFAULT_LIMITS,
  readInvoiceFile,
  type InvoiceFile,
  type ReadOptions,
  type ReaderLimits,
} from './read-invoice-file.js';
