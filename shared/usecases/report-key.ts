import { PREFIX } from '../config/functions.js';

/** `invoices/2026-11/cartera.csv` → `reports/invoices/2026-11/cartera.csv.json`: same name, beside nothing it could overwrite. */
export function reportKeyFor(key: string): string {
  return `${PREFIX.reports}${key}.json`;
}
