import { createHash } from 'node:crypto';

export interface ReminderIdParts {
  readonly accountId: string;
  readonly invoiceNumber: string;
  readonly dueDate: string;
  readonly segmentId: string;
  readonly stepId: string;
}

const SCHEDULE_PREFIX = 'cobranza-';
/** EventBridge Scheduler: 1–64 characters of `[0-9a-zA-Z-_.]`. */
const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

/**
 * The deterministic id of one reminder: the first 32 hex characters of a SHA-256 over the invoice, its
 * due date, the segment and the step. Re-planning the same invoice yields the same ids (so nothing is
 * scheduled twice); moving the due date yields new ones (so the old schedules are cancelled).
 * Parts are joined with NUL, which never appears in any of them, so `("a-b","c")` ≠ `("a","b-c")`.
 *
 * @example
 * reminderId({ accountId: 'C-1', invoiceNumber: 'F-1', dueDate: '2026-12-15', segmentId: 'standard', stepId: 'd+3' })
 * // → 32 lowercase hex characters
 */
export function reminderId(parts: ReminderIdParts): string {
  const key = [parts.accountId, parts.invoiceNumber, parts.dueDate, parts.segmentId, parts.stepId].join('\u0000');
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
}

/**
 * The EventBridge Scheduler schedule name of a reminder: `cobranza-<reminderId>` (41 characters).
 * Throws a RangeError for an id that would not make a valid name (only `reminderId()` output is expected).
 */
export function scheduleName(reminderId: string): string {
  const name = `${SCHEDULE_PREFIX}${reminderId}`;
  if (!SCHEDULE_NAME.test(name)) throw new RangeError(`not a valid schedule name: ${JSON.stringify(name)}`);
  return name;
}
