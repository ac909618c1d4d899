import { FileRejectedError } from '../../ingest/errors.js';
import { normaliseHeader, truncate } from '../../ingest/headers.js';

/** The columns of a bank CSV export the reader understands. */
export const PAYMENT_COLUMNS = [
  'date',
  'amount',
  'credit',
  'debit',
  'direction',
  'currency',
  'reference',
  'payer_name',
  'payer_tax_id',
  'payer_account',
] as const;

export type PaymentColumn = (typeof PAYMENT_COLUMNS)[number];

/**
 * Header aliases, Spanish and English, compared after the ingest reader's `normaliseHeader` (case,
 * accents, punctuation and filler words ignored: `Fecha de Operación` = `fecha_operacion`).
 * - `amount` is one signed column; `credit` / `debit` are the separate "Abono" / "Cargo" columns of
 *   Mexican and Colombian exports; `direction` is a C/D or Abono/Cargo column next to an unsigned amount.
 * - `cuenta` / `clabe` are the payer's account (the statement's own account is not in the rows).
 * - Several `reference` columns (Referencia, Concepto, Descripción) are all kept, joined.
 */
export const PAYMENT_HEADER_ALIASES: Readonly<Record<PaymentColumn, readonly string[]>> = {
  date: [
    'date', 'fecha', 'fecha_operacion', 'fecha_movimiento', 'fecha_valor', 'value_date', 'booking_date', 'transaction_date',
    'posting_date', 'fecha_contable', 'fecha_aplicacion', 'fecha_transaccion', 'fecha_pago', 'dia',
  ],
  amount: ['amount', 'importe', 'monto', 'valor', 'monto_operacion', 'importe_operacion', 'transaction_amount'],
  credit: [
    'abono', 'abonos', 'credit', 'credits', 'credito', 'creditos', 'deposito', 'depositos', 'ingreso', 'ingresos', 'haber',
    'credit_amount', 'paid_in', 'entradas', 'monto_abono', 'importe_abono',
  ],
  debit: [
    'cargo', 'cargos', 'debit', 'debits', 'debito', 'debitos', 'retiro', 'retiros', 'egreso', 'egresos', 'debe',
    'debit_amount', 'paid_out', 'salidas', 'monto_cargo', 'importe_cargo',
  ],
  direction: ['direction', 'tipo', 'type', 'tipo_movimiento', 'cargo_abono', 'debit_credit', 'credit_debit', 'dc', 'cd', 'naturaleza', 'signo'],
  currency: ['currency', 'moneda', 'divisa', 'currency_code'],
  reference: [
    'reference', 'referencia', 'concepto', 'descripcion', 'description', 'detalle', 'memo', 'narrative', 'glosa',
    'referencia_numerica', 'referencia_alfanumerica', 'concepto_pago', 'descripcion_detallada', 'details', 'remittance_information',
  ],
  payer_name: [
    'payer', 'payer_name', 'ordenante', 'nombre_ordenante', 'nombre', 'name', 'cliente', 'remitente', 'counterparty',
    'contraparte', 'originator', 'pagador',
  ],
  payer_tax_id: ['rfc', 'nit', 'tax_id', 'rut', 'ruc', 'cuit', 'nif', 'vat', 'rfc_ordenante', 'payer_tax_id'],
  payer_account: [
    'cuenta', 'clabe', 'account', 'cuenta_ordenante', 'clabe_ordenante', 'iban', 'account_number', 'cuenta_origen', 'payer_account',
  ],
};

const ALIASES: ReadonlyMap<string, PaymentColumn> = new Map(
  PAYMENT_COLUMNS.flatMap((column) => PAYMENT_HEADER_ALIASES[column].map((alias) => [normaliseHeader(alias), column] as const)),
);

export interface PaymentHeader {
  /** Per position: the column it feeds, or undefined (ignored). */
  readonly columns: readonly (PaymentColumn | undefined)[];
  readonly present: ReadonlySet<PaymentColumn>;
  readonly warnings: readonly string[];
}

/**
 * Maps a header row. Undefined when the row is not a header (no date column, or no amount / credit
 * column): bank exports often start with a few lines about the account before the real header.
 * An explicit `mapping` entry wins over the built-in aliases; a mapping to an unknown column is refused.
 */
export function mapPaymentHeader(names: readonly string[], mapping: Readonly<Record<string, string>> | undefined): PaymentHeader | undefined {
  const explicit = explicitIndex(mapping);
  const resolved = names.map((name) => {
    const key = normaliseHeader(name);
    return explicit.get(key) ?? ALIASES.get(key);
  });
  // Left to right, except that reference columns all count (joined later).
  const owner = new Map<PaymentColumn, number>();
  resolved.forEach((column, index) => {
    if (column && !owner.has(column)) owner.set(column, index);
  });
  if (!owner.has('date') || !(owner.has('amount') || owner.has('credit'))) return undefined;
  const warnings: string[] = [];
  const ignored: string[] = [];
  const columns = resolved.map((column, index) => {
    const name = (names[index] ?? '').trim();
    if (!column) {
      if (name !== '') ignored.push(`'${truncate(name, 40)}'`);
      return undefined;
    }
    if (column === 'reference' || owner.get(column) === index) return column;
    warnings.push(`columns '${truncate((names[owner.get(column) ?? 0] ?? '').trim(), 40)}' and '${truncate(name, 40)}' both mean ${column}; '${truncate(name, 40)}' is ignored`);
    return undefined;
  });
  if (ignored.length > 0) warnings.unshift(`ignored columns (not recognised): ${ignored.join(', ')}`);
  return { columns, present: new Set(owner.keys()), warnings };
}

function explicitIndex(mapping: Readonly<Record<string, string>> | undefined): Map<string, PaymentColumn> {
  const index = new Map<string, PaymentColumn>();
  const known: ReadonlySet<string> = new Set(PAYMENT_COLUMNS);
  for (const [header, column] of Object.entries(mapping ?? {})) {
    // The mapping comes from configuration (JSON), so its targets are checked at run time.
    if (!known.has(column)) {
      throw new FileRejectedError(`column mapping sends '${header}' to '${String(column)}', which is not a column; use one of ${PAYMENT_COLUMNS.join(', ')}`);
    }
    index.set(normaliseHeader(header), column as PaymentColumn);
  }
  return index;
}
