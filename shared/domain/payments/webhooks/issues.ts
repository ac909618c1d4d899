import type { z } from 'zod';

/** Enough to fix a payload or a config; a wall of issues helps nobody reading a log line. */
const MAX_ISSUES = 3;

/**
 * zod issues as one line: `data.object.amount: Invalid input: expected number, received string; …`.
 * zod's own messages name the expected type or values, never the received value, so a secret that
 * sits in a wrongly typed field does not leak into the message.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root: string): string {
  const lines = issues.map((issue) => `${formatPath(issue.path, root)}: ${issue.message}`);
  const more = lines.length - MAX_ISSUES;
  const shown = lines.slice(0, MAX_ISSUES).join('; ');
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** `['data', 'object', 'refunds', 0, 'amount']` → `data.object.refunds[0].amount`; `[]` → the root's name. */
export function formatPath(path: readonly PropertyKey[], root: string): string {
  const keys = path.filter((key): key is string | number => typeof key !== 'symbol');
  if (keys.length === 0) return root;
  return keys.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}
