import type { z } from 'zod';
import shippedDefault from './default-policy.json' with { type: 'json' };
import { policySchema, type Policy } from './schema.js';

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; error: string };

/** A user fixing a file wants to see every problem at once, but not a wall of text. */
const MAX_REPORTED_ISSUES = 5;

/**
 * Validates a policy: JSON text (a file the user uploaded) or an already parsed value. On success the
 * policy comes back with its defaults filled in; on failure `error` names where and what, e.g.
 * `segments[1].cadence[0].offsetDays: expected an integer, got 1.5`, several problems separated by `; `.
 * Besides each field's shape it checks the rules that span fields: unique segment and step ids, one
 * step per day in a cadence, templates that exist in every language and tone, a contact window whose
 * start is before its end, and a last segment that matches every invoice.
 *
 * @example
 * const result = parsePolicy(await readFile('policy.json', 'utf8'));
 * if (!result.ok) console.error(result.error);
 */
export function parsePolicy(raw: string | unknown): PolicyParseResult {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw.replace(/^\uFEFF/, ''));
    } catch (error) {
      return { ok: false, error: `not valid JSON: ${jsonErrorMessage(error, raw)}` };
    }
  }
  const result = policySchema.safeParse(alignPromiseGrace(value));
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, error: describeIssues(result.error.issues, value) };
}

/**
 * Two settings say how long a promise to pay holds: `contactRules.promiseGraceDays` (the reminders'
 * pause after a promise by reply) and `escalation.promiseGraceDays` (when the promise is checked).
 * They must agree, or reminders would resume before the promise is judged (or the reverse). A policy
 * that sets one of them sets both; one that sets both differently is refused (schema.ts).
 */
function alignPromiseGrace(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const rules = value['contactRules'];
  const escalation = value['escalation'];
  const fromRules = isRecord(rules) ? rules['promiseGraceDays'] : undefined;
  const fromEscalation = isRecord(escalation) ? escalation['promiseGraceDays'] : undefined;
  if (fromRules !== undefined && fromEscalation === undefined) return { ...value, escalation: { ...(isRecord(escalation) ? escalation : {}), promiseGraceDays: fromRules } };
  if (fromEscalation !== undefined && fromRules === undefined) return { ...value, contactRules: { ...(isRecord(rules) ? rules : {}), promiseGraceDays: fromEscalation } };
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The policy shipped with Cobranza (`default-policy.json`), validated at import: a broken default fails loudly. */
export const defaultPolicy: Policy = loadDefaultPolicy();

function loadDefaultPolicy(): Policy {
  const result = parsePolicy(shippedDefault);
  if (!result.ok) throw new Error(`the shipped default policy (default-policy.json) is invalid: ${result.error}`);
  return deepFreeze(result.policy);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const lines = issues.flatMap((issue) => describeIssue(issue, input));
  const shown = lines.slice(0, MAX_REPORTED_ISSUES).join('; ');
  const more = lines.length - MAX_REPORTED_ISSUES;
  return more > 0 ? `${shown}; and ${more} more problem${more === 1 ? '' : 's'}` : shown;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...path, key])}: unknown field (check the spelling; see examples/policy.md)`);
  }
  return [`${formatPath(path)}: ${issueMessage(issue, valueAt(input, path))}`];
}

function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'required';
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}, got ${describeValue(value)}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${String(issue.minimum)}, got ${describeValue(value)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} items`;
      return `must be at most ${String(issue.maximum)}, got ${describeValue(value)}`;
    default:
      // Our own messages (formats, cross-field rules) are written for the reader already.
      return issue.message;
  }
}

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** `['segments', 1, 'cadence', 0, 'offsetDays']` → `segments[1].cadence[0].offsetDays`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'policy';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** JSON.parse's message, with the line and column of its `position` when it gives one. */
function jsonErrorMessage(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || /line \d+/.test(message)) return message;
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(position)).split('\n');
  return `${message} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}
