import { Buffer } from 'node:buffer';
import { truncate } from './headers.js';
import { LIMITS } from './limits.js';

/**
 * One cell as trimmed text. CSV cells are strings; JSON cells may be numbers (a number in a text field
 * becomes its text: invoice number `1001`) or something no column can take (an object, a boolean).
 */
export interface Cell {
  readonly text?: string;
  /** What the cell held instead of text, for a message: `an object`, `boolean true`. */
  readonly invalid?: string;
}

export function cellText(value: unknown): Cell {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? {} : { text };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? { text: String(value) } : { invalid: String(value) };
  return { invalid: describeValue(value) };
}

/** `a list`, `an object`, `boolean true`: what a JSON value is, in words. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const CONTROL = /[\u0000-\u001F\u007F]/;
const CONTROLS = /[\u0000-\u001F\u007F]/g;

/**
 * An identifier cell (invoice number, customer id, tax id): trimmed text without control characters,
 * since it becomes part of a store key. Problems go into `problems`; a missing value is undefined.
 */
export function readId(value: unknown, label: string, problems: string[]): string | undefined {
  const cell = cellText(value);
  if (cell.invalid) {
    problems.push(`invalid ${label}: expected text, found ${cell.invalid}`);
    return undefined;
  }
  if (cell.text !== undefined && CONTROL.test(cell.text)) {
    problems.push(`invalid ${label} '${truncate(cell.text.replace(CONTROLS, ' '), 40)}': it contains a line break or control character`);
    return undefined;
  }
  if (cell.text !== undefined && (cell.text.length > LIMITS.maxIdChars || Buffer.byteLength(cell.text, 'utf8') > LIMITS.maxIdBytes)) {
    const size = cell.text.length > LIMITS.maxIdChars ? `${cell.text.length} characters` : `${Buffer.byteLength(cell.text, 'utf8')} bytes in UTF-8`;
    problems.push(
      `${label} '${truncate(cell.text, 40)}' is too long (${size}); the limit is ${LIMITS.maxIdChars} characters and ${LIMITS.maxIdBytes} bytes`,
    );
    return undefined;
  }
  return cell.text;
}
