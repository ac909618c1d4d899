import { FileRejectedError } from '../../ingest/errors.js';
import { readBankCsv } from './bank-csv.js';
import type { StatementFile } from './builder.js';
import { camtOf, readCamt } from './camt.js';
import { readCfdiPagos } from './cfdi-pagos.js';
import { readMt940 } from './mt940.js';
import type { ReadPaymentFileOptions } from './options.js';
import { decodeBytes } from './text.js';
import { readXml, type XmlDocument } from './xml.js';
import { sniffXmlRoot } from './xml-stream.js';

export type { ReadPaymentFileOptions } from './options.js';
export type { InFileDuplicate, StatementFile } from './builder.js';
export { PAYMENT_COLUMNS, PAYMENT_HEADER_ALIASES, type PaymentColumn } from './csv-columns.js';

/**
 * Reads a bank statement or payment file into normalised payments. The format is decided by content,
 * never by the file name: XML by its root (ISO 20022 camt.053 / camt.054, or a CFDI with a Pagos
 * complement), MT940 by its `:20:` and `:25:`/`:60F:`/`:61:` tags (inside SWIFT blocks or SOH/ETX
 * framing too), anything else as a bank CSV export.
 *
 * Credits become payments; debits are counted in `lines` and nothing else. A line that should be a
 * payment but cannot be read is in `rejected`, with its line and a reason for a finance clerk.
 * Throws FileRejectedError (only) when the file as a whole cannot be read: empty, binary, broken XML,
 * a CFDI that is not a payment complement, no recognisable format.
 *
 * @example
 * const file = readPaymentFile(bytes, { fileName: 'estado-de-cuenta.csv', currency: 'MXN' });
 * for (const { line, payment } of file.payments) apply(payment);
 */
export function readPaymentFile(bytes: Uint8Array, options: ReadPaymentFileOptions = {}): StatementFile {
  const decoded = decodeBytes(bytes);
  const text = decoded.text.replace(/^\uFEFF/, '');
  const visible = text.replace(/[\u0001\u0003\u001A]/g, '');
  if (visible.trim() === '') throw new FileRejectedError('the file is empty');
  const file = readText(text, visible, options);
  if (decoded.note === undefined) return file;
  return { ...file, warnings: [{ line: null, reason: decoded.note }, ...file.warnings] };
}

function readText(text: string, visible: string, options: ReadPaymentFileOptions): StatementFile {
  const currency = options.currency?.trim().toUpperCase() || undefined;
  if (visible.trimStart().startsWith('<')) return readXmlFile(text, currency);
  if (isMt940(visible)) return readMt940(text, currency);
  return { ...readBankCsv(text, options), duplicates: [] };
}

/** A `:20:` transaction reference (possibly right after `{4:`) and an account, balance or statement line. */
function isMt940(text: string): boolean {
  return /(?:^|\n|\{4:)[ \t]*:20:/.test(text) && /(?:^|\n)[ \t]*:(?:25|28C?|60[FM]|61):/.test(text);
}

/** camt statements are read as a stream (the same reader serves files too big to hold); the rest as a tree. */
function readXmlFile(text: string, currency: string | undefined): StatementFile {
  const root = sniffXmlRoot(text);
  const camt = root && camtOf(root.name, root.namespace);
  if (camt === 'camt052') throw new FileRejectedError(CAMT052);
  if (camt) return readCamt(text, camt.kind, camt.version, currency);
  const doc = readXml(text);
  if (doc.rootName === 'Comprobante') return { ...readCfdiPagos(doc), duplicates: [] };
  throw new FileRejectedError(`${describeXml(doc)}, not a bank statement (camt.053 / camt.054) or a CFDI payment complement`);
}

export const CAMT052 = 'a camt.052 intraday account report: upload the end-of-day statement (camt.053) or the notifications (camt.054) instead';

/** The reason a well-formed XML file that is not a statement or a payment complement is refused. */
export function describeXml(doc: XmlDocument): string {
  const namespace = doc.rootNamespace;
  if (/iso:20022/.test(namespace)) return `an ISO 20022 message of another kind (${namespace.split(':').pop() ?? namespace})`;
  if (/oasis:names:specification:ubl/.test(namespace)) return `a UBL electronic ${doc.rootName === 'Invoice' ? 'invoice' : 'document'} (${doc.rootName})`;
  if (doc.rootName === 'Retenciones') return 'a CFDI of withholdings (Retenciones)';
  return `an XML file whose root element is <${doc.rootName}>`;
}
