import type { InvoiceStatus } from '../types.js';
import { cellText } from './cells.js';
import { truncate } from './headers.js';

/** Status words as ERPs write them, compared lower-case with accents and extra spaces ignored. */
export const STATUS_ALIASES: Readonly<Record<InvoiceStatus, readonly string[]>> = {
  open: [
    'open', 'abierta', 'abierto', 'pendiente', 'vigente', 'vencida', 'vencido', 'por cobrar', 'unpaid', 'due', 'overdue',
    'outstanding', 'parcial', 'pago parcial', 'partial', 'partially paid',
  ],
  paid: ['paid', 'pagada', 'pagado', 'liquidada', 'liquidado', 'cobrada', 'cobrado', 'saldada', 'saldado'],
  cancelled: ['cancelled', 'canceled', 'cancelada', 'cancelado', 'anulada', 'anulado', 'void', 'voided'],
};

const INDEX: ReadonlyMap<string, InvoiceStatus> = new Map(
  (Object.entries(STATUS_ALIASES) as [InvoiceStatus, readonly string[]][]).flatMap(([status, names]) =>
    names.map((name) => [name, status] as const),
  ),
);

/**
 * The invoice status; `open` when the cell is empty. An unknown word rejects the row (problem pushed):
 * treating an unrecognised "saldada" as open would remind a customer who has paid.
 */
export function readStatus(value: unknown, problems: string[]): InvoiceStatus {
  const cell = cellText(value);
  if (cell.invalid) {
    problems.push(`invalid status: expected open, paid or cancelled, found ${cell.invalid}`);
    return 'open';
  }
  if (cell.text === undefined) return 'open';
  const key = cell.text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ');
  const status = INDEX.get(key);
  if (status) return status;
  problems.push(`unknown status '${truncate(cell.text, 40)}': use open, paid or cancelled (abierta, pagada, cancelada)`);
  return 'open';
}
