import { FileRejectedError } from './errors.js';

/** The columns the reader understands. Everything else in a file is ignored (and listed once). */
export const CANONICAL_COLUMNS = [
  'invoice_number',
  'customer_id',
  'customer_name',
  'tax_id',
  'email',
  'phone',
  'country',
  'currency',
  'amount',
  'balance',
  'issue_date',
  'due_date',
  'status',
  'timezone',
  'language',
  'fiscal_uuid',
  'channels',
  'whatsapp_opt_in',
  'region',
  'debtor_type',
] as const;

export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** One data row keyed by canonical column: strings from CSV; strings, numbers (or anything) from JSON. */
export type RawRow = Partial<Record<CanonicalColumn, unknown>>;

/**
 * Built-in header aliases, Spanish and English. A header matches an alias after `normaliseHeader`
 * (case, accents, spaces, punctuation and the filler words de/del/la/el/of/the are ignored), so
 * `Fecha de Vencimiento`, `FECHA_VENCIMIENTO` and `fecha-vencimiento` all mean `due_date`.
 * Note `customer` means the customer id while `cliente` means the customer name (how Mexican ERPs
 * label their exports).
 */
export const HEADER_ALIASES: Readonly<Record<CanonicalColumn, readonly string[]>> = {
  invoice_number: [
    'invoice_number', 'invoice', 'invoice_no', 'invoice_num', 'invoice_id', 'number', 'folio', 'serie_folio',
    'factura', 'numero_factura', 'no_factura', 'num_factura', 'nro_factura', 'n_factura', 'numero', 'comprobante',
  ],
  customer_id: [
    'customer_id', 'customer', 'customer_code', 'customer_no', 'customer_number', 'client_id', 'client_code',
    'account', 'account_id', 'account_number', 'codigo_cliente', 'cod_cliente', 'id_cliente', 'cliente_id',
    'no_cliente', 'num_cliente', 'numero_cliente', 'nro_cliente', 'clave_cliente', 'cve_cliente',
  ],
  customer_name: [
    'customer_name', 'name', 'company', 'company_name', 'client_name', 'razon_social', 'cliente', 'nombre',
    'nombre_cliente', 'empresa', 'deudor',
  ],
  tax_id: ['tax_id', 'vat', 'vat_number', 'tin', 'ein', 'rfc', 'nit', 'ruc', 'rut', 'cuit', 'cnpj', 'nif', 'cif'],
  email: ['email', 'e-mail', 'mail', 'email_address', 'correo', 'correo_electronico'],
  phone: [
    'phone', 'phone_number', 'mobile', 'mobile_phone', 'cell', 'telephone', 'tel', 'telefono', 'celular', 'movil',
    'whatsapp',
  ],
  country: ['country', 'country_code', 'pais', 'codigo_pais'],
  currency: ['currency', 'currency_code', 'moneda', 'divisa', 'tipo_moneda'],
  amount: [
    'amount', 'total', 'total_amount', 'invoice_amount', 'importe', 'importe_total', 'monto', 'monto_total', 'valor',
    'valor_total',
  ],
  balance: [
    'balance', 'outstanding', 'outstanding_balance', 'amount_due', 'balance_due', 'open_amount', 'saldo',
    'saldo_pendiente', 'saldo_insoluto', 'saldo_actual', 'importe_pendiente', 'monto_pendiente',
  ],
  issue_date: [
    'issue_date', 'invoice_date', 'date', 'issued', 'issued_on', 'fecha_emision', 'emision', 'fecha_factura', 'fecha',
    'fecha_expedicion',
  ],
  due_date: [
    'due_date', 'due', 'due_on', 'payment_due', 'fecha_vencimiento', 'vencimiento', 'fecha_de_pago', 'fecha_pago',
  ],
  status: ['status', 'estado', 'estatus', 'situacion', 'invoice_status'],
  timezone: ['timezone', 'time_zone', 'tz', 'zona_horaria', 'huso_horario'],
  language: ['language', 'lang', 'idioma', 'locale'],
  // The SAT's folio fiscal of a CFDI (a UUID): payment complements name the invoices they pay by it.
  fiscal_uuid: ['fiscal_uuid', 'uuid', 'folio_fiscal', 'uuid_cfdi', 'uuid_fiscal', 'cfdi_uuid'],
  // The debtor's channel preference, best first ("whatsapp, sms, email") and WhatsApp consent (sí/no).
  channels: ['channels', 'preferred_channels', 'contact_channels', 'canales', 'canal', 'canal_preferido', 'canales_contacto', 'medio_contacto'],
  whatsapp_opt_in: [
    'whatsapp_opt_in', 'whatsapp_optin', 'whatsapp_consent', 'opt_in_whatsapp', 'acepta_whatsapp', 'consentimiento_whatsapp',
    'autoriza_whatsapp',
  ],
  // Where the debtor is inside its country: fixes its time zone in a country with several. `estado`
  // alone stays the invoice status (how ERP invoice lists use it); `estado_region` is the state.
  region: [
    'region', 'state', 'province', 'estado_region', 'region_estado', 'provincia', 'departamento', 'department', 'ciudad', 'city',
    'entidad_federativa', 'state_province', 'uf',
  ],
  // Who the debtor is for the consumer-protection rules: business, sme (pyme) or consumer (persona).
  debtor_type: ['debtor_type', 'customer_type', 'client_type', 'tipo_deudor', 'tipo_cliente', 'tipo_persona', 'tipo_contribuyente'],
};

const FILLER_WORDS = new Set(['de', 'del', 'la', 'el', 'of', 'the']);

/**
 * The comparison form of a header: accents folded, lower case, filler words dropped, only letters and
 * digits kept. `Fecha de Vencimiento` → `fechavencimiento`, `Nº Factura` → `nofactura`.
 *
 * @example normaliseHeader('E-Mail') === normaliseHeader('email') // true
 */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !FILLER_WORDS.has(word))
    .join('');
}

const ALIAS_INDEX: ReadonlyMap<string, CanonicalColumn> = new Map(
  CANONICAL_COLUMNS.flatMap((column) => HEADER_ALIASES[column].map((alias) => [normaliseHeader(alias), column] as const)),
);

export interface HeaderMap {
  /** Per position in the file's header: the canonical column it feeds, or undefined (ignored). */
  readonly columns: readonly (CanonicalColumn | undefined)[];
  readonly present: ReadonlySet<CanonicalColumn>;
  /** File-level notes: ignored columns, duplicate meanings, missing optional columns. */
  readonly warnings: readonly string[];
}

/**
 * Maps a file's header names (CSV header row, or JSON keys in order of first appearance) to canonical
 * columns. An explicit `headerMapping` entry wins over a built-in alias. Throws FileRejectedError when
 * nothing recognisable is there, or when a required column is missing (every row would be rejected
 * for the same reason otherwise).
 */
export function mapHeaders(
  names: readonly string[],
  headerMapping?: Readonly<Record<string, CanonicalColumn>>,
): HeaderMap {
  const resolve = headerResolver(headerMapping);
  const resolved = names.map(resolve);

  // Explicit mappings claim their column first, then built-in aliases left to right.
  const owner = new Map<CanonicalColumn, number>();
  for (const pass of [true, false]) {
    resolved.forEach((entry, index) => {
      if (entry && entry.explicit === pass && !owner.has(entry.column)) owner.set(entry.column, index);
    });
  }
  const columns = resolved.map((entry, index) => (entry && owner.get(entry.column) === index ? entry.column : undefined));
  const present = new Set(owner.keys());

  if (!present.has('invoice_number') && !present.has('amount') && !present.has('due_date')) {
    throw new FileRejectedError(
      'no recognisable header: expected columns such as invoice_number, customer_id, amount, due_date; ' +
        `found ${describeNames(names)}`,
    );
  }
  const missing = missingRequired(present);
  if (missing.length > 0) {
    throw new FileRejectedError(`missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}; found ${describeNames(names)}`);
  }

  const warnings: string[] = [];
  const ignored: string[] = [];
  resolved.forEach((entry, index) => {
    const name = names[index] ?? '';
    if (!entry) {
      ignored.push(name.trim() === '' ? `(unnamed column ${index + 1})` : `'${truncate(name.trim(), 40)}'`);
    } else if (owner.get(entry.column) !== index) {
      const winner = names[owner.get(entry.column) ?? 0] ?? '';
      const [first, second] = [truncate(winner.trim(), 40), truncate(name.trim(), 40)];
      warnings.push(`columns '${first}' and '${second}' both mean ${entry.column}; '${second}' is ignored`);
    }
  });
  if (ignored.length > 0) warnings.unshift(`ignored columns (not recognised): ${listSome(ignored, MAX_NAMES_LISTED)}`);
  return { columns, present, warnings };
}

/**
 * Resolves one header name: an explicit `headerMapping` entry first, then the built-in aliases.
 * Throws FileRejectedError when the mapping targets something that is not a column.
 */
export function headerResolver(
  headerMapping?: Readonly<Record<string, CanonicalColumn>>,
): (name: string) => { readonly column: CanonicalColumn; readonly explicit: boolean } | undefined {
  const explicit = explicitIndex(headerMapping);
  return (name) => {
    const key = normaliseHeader(name);
    const fromMapping = explicit.get(key);
    if (fromMapping) return { column: fromMapping, explicit: true };
    const builtIn = ALIAS_INDEX.get(key);
    return builtIn ? { column: builtIn, explicit: false } : undefined;
  };
}

/** Required: invoice number, a customer id (or a tax id standing in for it), amount and due date. */
function missingRequired(present: ReadonlySet<CanonicalColumn>): string[] {
  const missing: string[] = [];
  if (!present.has('invoice_number')) missing.push('invoice_number (e.g. Folio, Factura, Invoice)');
  if (!present.has('customer_id') && !present.has('tax_id')) missing.push('customer_id or tax_id (e.g. Cliente ID, RFC, NIT)');
  if (!present.has('amount')) missing.push('amount (e.g. Importe, Total, Monto)');
  if (!present.has('due_date')) missing.push('due_date (e.g. Fecha Vencimiento, Due Date)');
  return missing;
}

function explicitIndex(mapping: Readonly<Record<string, CanonicalColumn>> | undefined): Map<string, CanonicalColumn> {
  const index = new Map<string, CanonicalColumn>();
  const known: ReadonlySet<string> = new Set(CANONICAL_COLUMNS);
  for (const [header, column] of Object.entries(mapping ?? {})) {
    // The mapping may come from user configuration (JSON), so its targets are checked at run time.
    if (!known.has(column)) {
      throw new FileRejectedError(
        `header mapping sends '${header}' to '${String(column)}', which is not a column; use one of ${CANONICAL_COLUMNS.join(', ')}`,
      );
    }
    index.set(normaliseHeader(header), column);
  }
  return index;
}

function describeNames(names: readonly string[]): string {
  const shown = names.filter((name) => name.trim() !== '').slice(0, 12).map((name) => `'${truncate(name.trim(), 40)}'`);
  if (shown.length === 0) return 'no column names';
  const more = names.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** Column names listed in one warning; the rest are counted ("… and 4,980 more"). */
const MAX_NAMES_LISTED = 20;

/** `a, b, c … and 7 more`: a list for a message, bounded whatever the file holds. */
export function listSome(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} … and ${items.length - max} more` : shown;
}

/** Shortens a value for a message (a clerk needs to recognise it, not read 2 KB of it). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
