/**
 * The SQL dialect the KPI views may use: the part Athena (Trino) and DuckDB run alike. A view that uses
 * anything else might run locally and fail in Athena (or answer differently), so the lint refuses it.
 * From the notes on both engines: divide only as DOUBLE (Trino divides integers as integers), subtract
 * dates only with date_diff('day', DATE, DATE), add days only as INTERVAL 'n' DAY, no date series (a
 * calendar table), no engine-specific syntax or functions, and no clock (a view answers for the dates in
 * report_dates, never for "now").
 */
import { stripComments } from './kpi-views.js';

/** Functions both engines have with the same meaning (lower case). */
export const PORTABLE_FUNCTIONS = new Set([
  'cast', 'coalesce', 'nullif', 'sum', 'count', 'min', 'max', 'avg', 'round', 'power', 'abs',
  'date_diff', 'row_number', 'lead', 'lag', 'greatest', 'least',
]);

/** Words that may stand before "(" without being a function call. */
const KEYWORDS = new Set([
  'as', 'in', 'from', 'join', 'on', 'and', 'or', 'not', 'over', 'then', 'else', 'when', 'select', 'where',
  'values', 'by', 'using', 'all', 'union', 'with', 'case', 'is', 'between',
]);

const FORBIDDEN: readonly [RegExp, string][] = [
  [/::/, '"::" casts are DuckDB/PostgreSQL only: use CAST(x AS type)'],
  [/\bqualify\b/i, 'QUALIFY is not in Trino: filter a window in an outer query'],
  [/\b(group|order)\s+by\s+all\b/i, 'GROUP/ORDER BY ALL is DuckDB only: list the columns'],
  [/\bilike\b/i, 'ILIKE is not in Trino'],
  [/\bexclude\s*\(/i, 'SELECT * EXCLUDE is DuckDB only'],
  [/\binterval\s+'[^']*'\s+(?!day\b)\w+/i, "only INTERVAL 'n' DAY: months and years differ between the engines"],
  [/\binterval\s+(?!')/i, "write intervals as INTERVAL 'n' DAY"],
  [/\bcurrent_(date|timestamp)\b|\bnow\s*\(|\btoday\s*\(/i, 'no clock in a view: the dates come from report_dates'],
  [/\/\//, '"//" is DuckDB integer division'],
  [/"/, 'no double-quoted identifiers: plain snake_case names only'],
  [/`/, 'no backquoted identifiers'],
  [/\bexists\b/i, 'no EXISTS: the engines decorrelate subqueries differently; use a join'],
  [/\blimit\b/i, 'no LIMIT in a view (rank with ROW_NUMBER and filter): QuickSight and the CLI decide how many rows to show'],
];

export interface SubsetProblem {
  readonly view: string;
  readonly problem: string;
}

/** Everything in one view's SQL that falls outside the shared subset. */
export function subsetProblems(view: string, sql: string): SubsetProblem[] {
  const code = stripComments(sql).replace(/'[^']*'/g, (s) => (/^'(day|\d+)'$/i.test(s) ? s : "''"));
  const problems: string[] = [];
  for (const [pattern, why] of FORBIDDEN) if (pattern.test(code)) problems.push(why);

  // CTE names appear as `name AS (`: they are not calls.
  const ctes = new Set([...code.matchAll(/\b([a-z_][a-z0-9_]*)\s+as\s*\(/gi)].map((m) => m[1]!.toLowerCase()));
  for (const m of code.matchAll(/\b([a-z_][a-z0-9_]*)\s*\(/gi)) {
    const word = m[1]!.toLowerCase();
    if (PORTABLE_FUNCTIONS.has(word) || KEYWORDS.has(word) || ctes.has(word)) continue;
    problems.push(`${word}() is not in the portable subset (${[...PORTABLE_FUNCTIONS].join(', ')})`);
  }
  for (const m of code.matchAll(/\bdate_diff\s*\(\s*('[^']*')/gi)) {
    if (m[1]!.toLowerCase() !== "'day'") problems.push(`date_diff(${m[1]}, …): only 'day' (the engines count other units differently)`);
  }
  // Every division has a DOUBLE on one side: the left operand ends with `AS DOUBLE)` or the right one
  // starts with a CAST to DOUBLE (possibly inside NULLIF or a CASE).
  for (const m of code.matchAll(/\//g)) {
    const left = code.slice(0, m.index).trimEnd();
    const right = code.slice(m.index + 1).trimStart();
    const leftDouble = /as\s+double\s*\)$/i.test(left);
    const rightDouble = /^(nullif\s*\(\s*)?cast\s*\([^()]*(\([^()]*\)[^()]*)*\bas\s+double\s*\)/i.test(right) || /^\(\s*case\s+when[^]*?then\s+cast\s*\([^()]*\bas\s+double\s*\)/i.test(right);
    if (!leftDouble && !rightDouble) {
      const at = code.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ');
      problems.push(`a division without a DOUBLE operand (Trino would divide integers): …${at}…`);
    }
  }
  return problems.map((problem) => ({ view, problem }));
}
