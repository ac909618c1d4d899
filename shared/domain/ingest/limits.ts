import { describeSize } from './decode.js';
import type { RawRow } from './headers.js';

/**
 * Product limits on what one invoice file may hold. Memory stays bounded and a clerk gets a
 * line-numbered reason instead of a crash or a store error. Whole-file limits (header) reject the
 * file; row limits reject only that row (the record boundary is still known, the rest loads).
 */
export const LIMITS = {
  /** Columns in a CSV header. ERP exports have a few dozen; more is not an invoice list. */
  maxColumns: 1000,
  /** One value the reader uses (name, email, amount…). */
  maxFieldChars: 4 * 1024,
  /** One CSV data record, every field included (records over the reader's maxRecordChars, 1 MB, reject the file: see csv.ts). */
  maxRowChars: 64 * 1024,
  /** Invoice number, customer id, tax id: they become DynamoDB keys (see readId in cells.ts). */
  maxIdChars: 200,
  /**
   * The same in UTF-8 bytes. Keys hold them with prefixes: `ACCOUNT#<customer>` (partition key, ≤ 2048
   * bytes), `INVOICE#<invoice>` and the index sort key `ACCOUNT#<customer>#<invoice>` (≤ 1024 bytes):
   * 8 + 400 + 1 + 400 = 809 bytes leaves room for `REMINDER#<invoice>#<id>` too.
   */
  maxIdBytes: 400,
} as const;

/** C0 and C1 control characters, DEL; not tab, line feed, vertical tab, form feed or carriage return (whitespace). */
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;

/**
 * The reason to reject a row whose values break a limit or hold a control character (a NUL or ESC
 * pasted into a name); undefined when the row is fine. Only the values the reader uses are checked.
 */
export function rowValueProblem(row: RawRow): string | undefined {
  const problems: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (typeof value !== 'string') continue;
    if (value.length > LIMITS.maxFieldChars) {
      problems.push(`${column} is ${value.length} characters long; the limit is ${describeSize(LIMITS.maxFieldChars)}`);
      continue;
    }
    const control = CONTROL.exec(value);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      problems.push(`${column} contains the control character U+${code} (${CONTROL_NAMES[code] ?? 'invisible'}); remove it and upload the row again`);
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

const CONTROL_NAMES: Readonly<Record<string, string>> = { '0000': 'NUL', '001B': 'ESC', '0007': 'BEL', '0008': 'backspace', '007F': 'DEL' };

/** The reason to reject a CSV record longer than maxRowChars; undefined when it is not. */
export function recordSizeProblem(fields: readonly string[]): string | undefined {
  let chars = fields.length - 1;
  for (const field of fields) chars += field.length;
  return chars > LIMITS.maxRowChars ? `the row is ${chars} characters long; the limit is ${describeSize(LIMITS.maxRowChars)}` : undefined;
}
