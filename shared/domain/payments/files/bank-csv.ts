import { detectDelimiter } from '../../ingest/csv.js';
import { countryProfile, parseCountry } from '../../ingest/countries.js';
import { FileRejectedError } from '../../ingest/errors.js';
import { parseCurrency } from '../../ingest/money.js';
import { ProfileBuilder } from '../../ingest/profile.js';
import type { PaymentFile } from '../types.js';
import { BankCsvRowReader, type CellReader, type RowContext } from './bank-csv-row.js';
import { PaymentFileBuilder, squash } from './builder.js';
import { mapPaymentHeader, type PaymentHeader } from './csv-columns.js';
import { csvRows, splitLine, type CsvRow } from './csv-records.js';
import type { ReadPaymentFileOptions } from './options.js';
import { StatementIds } from './payment-id.js';

/** Bank exports put the account, period and balances above the header; it is looked for this far down. */
const HEADER_SEARCH_LINES = 30;

/**
 * A bank's CSV export of account movements. Pass 1 finds the header (skipping the account details
 * above it) and learns the file's number and date conventions with the ingest reader's ProfileBuilder
 * (so `1.500` means the same thing on every row, decided per file); pass 2 reads each row.
 */
export function readBankCsv(text: string, options: ReadPaymentFileOptions): PaymentFile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const preferTab = /\.tsv$/i.test(options.fileName ?? '');
  const found = findHeader(lines, preferTab, options.mapping);
  const body = lines.slice(found.line - 1).join('\n');
  const [headerRow, ...rows] = csvRows(body, found.delimiter, found.line);
  const width = headerRow?.fields.length ?? 0;

  const country = options.country === undefined ? undefined : parseCountry(options.country);
  const builder = new PaymentFileBuilder('csv');
  for (const warning of found.header.warnings) builder.warn(null, warning);
  if (options.country !== undefined && country === undefined) builder.warn(null, `unknown country '${options.country}' ignored`);

  const profiler = new ProfileBuilder();
  for (const row of rows) {
    if (row.fields.length > width) continue;
    // The ingest profile knows invoice columns: credits and signed amounts stand in as `amount`,
    // debits as `balance`, the movement date as `issue_date`.
    const cell = cellReader(found.header, row);
    profiler.observe({ amount: cell('credit') ?? cell('amount'), balance: cell('debit'), issue_date: cell('date'), country }, row.line);
  }
  const { profile, warnings } = profiler.finish();
  for (const warning of warnings) builder.warn(null, warning);

  const context: RowContext = {
    header: found.header,
    width,
    delimiter: found.delimiter,
    profile,
    country,
    currency: accountCurrency(options.currency, builder) ?? countryProfile(country)?.currency,
  };
  const reader = new BankCsvRowReader(context, builder, new StatementIds());
  for (const row of rows) reader.read(row, cellReader(found.header, row));
  for (const warning of reader.fileWarnings()) builder.warn(null, warning);
  if (rows.length === 0) builder.warn(null, 'the file has a header but no movements');
  return builder.build();
}

function findHeader(
  lines: readonly string[],
  preferTab: boolean,
  mapping: Readonly<Record<string, string>> | undefined,
): { line: number; delimiter: string; header: PaymentHeader } {
  let sep: string | undefined;
  let looked = 0;
  for (let index = 0; index < lines.length && looked < HEADER_SEARCH_LINES; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    looked += 1;
    const excel = /^\s*sep=(.)\s*$/i.exec(line);
    if (excel?.[1]) {
      sep = excel[1];
      continue;
    }
    const delimiter = sep ?? detectDelimiter(line, preferTab);
    const fields = splitLine(line, delimiter);
    const header = fields && fields.length > 1 ? mapPaymentHeader(fields, mapping) : undefined;
    if (header) return { line: index + 1, delimiter, header };
  }
  throw new FileRejectedError(
    'not a recognised payment file: it is not camt.053/camt.054 XML, MT940 or a CFDI payment complement, and as CSV no header ' +
      `with a date column and an amount column (e.g. Fecha, Importe or Abono/Cargo) was found in its first ${HEADER_SEARCH_LINES} lines`,
  );
}

function cellReader(header: PaymentHeader, row: CsvRow): CellReader {
  return (column) => {
    const values = header.columns.flatMap((owner, index) => (owner === column ? [row.fields[index] ?? ''] : [])).filter((value) => value !== '');
    if (values.length === 0) return undefined;
    // Free text (a concept typed over two lines) becomes one line; amounts and dates are left as written.
    return column === 'reference' || column === 'payer_name' ? squash(values.join(' | ')) : values.join(' | ');
  };
}

function accountCurrency(given: string | undefined, builder: PaymentFileBuilder): string | undefined {
  if (given === undefined || given.trim() === '') return undefined;
  const reading = parseCurrency(given, undefined);
  if (reading.ok) return reading.currency;
  builder.warn(null, `the account currency given is not usable (${reading.reason}); it was ignored`);
  return undefined;
}
