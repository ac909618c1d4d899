/**
 * The KPI views as files: `sql/views/<name>.sql`, one view per KPI, in the SQL both Athena (Trino) and
 * DuckDB run. Each file starts with `-- columns: name type, …` (its output, so the Glue catalog and
 * QuickSight datasets can be declared without running it). Views may read other views; `orderedViews`
 * puts every view after the ones it reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const VIEWS_DIR = fileURLToPath(new URL('../../sql/views/', import.meta.url));

export interface KpiViewColumn {
  readonly name: string;
  /** Lower case SQL type: varchar, bigint, integer, double, date, boolean, timestamp. */
  readonly type: string;
}

export interface KpiView {
  readonly name: string;
  /** The SELECT, exactly as in the file (comments included). */
  readonly sql: string;
  readonly columns: readonly KpiViewColumn[];
  /** Other views it reads. */
  readonly dependsOn: readonly string[];
}

const COLUMN_TYPES = new Set(['varchar', 'bigint', 'integer', 'double', 'date', 'boolean', 'timestamp']);

/** Reads one view file's header; a missing or malformed header is an error naming the file. */
export function parseView(name: string, sql: string): Omit<KpiView, 'dependsOn'> {
  const header = /^-- columns: (.+)$/m.exec(sql.split('\n', 1)[0] ?? '');
  if (!header) throw new Error(`sql/views/${name}.sql: the first line must be "-- columns: name type, …"`);
  const columns = header[1]!.split(',').map((part) => {
    const [column, type, ...rest] = part.trim().split(/\s+/);
    if (!column || !type || rest.length > 0 || !COLUMN_TYPES.has(type)) {
      throw new Error(`sql/views/${name}.sql: bad column declaration "${part.trim()}" (expected "name type", type one of ${[...COLUMN_TYPES].join(', ')})`);
    }
    return { name: column, type };
  });
  return { name, sql, columns };
}

/** Every view in `dir`, each after the views it reads. */
export function orderedViews(dir: string = VIEWS_DIR): KpiView[] {
  const parsed = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseView(f.slice(0, -4), readFileSync(join(dir, f), 'utf8')));
  const names = new Set(parsed.map((v) => v.name));
  const views = parsed.map((v) => ({
    ...v,
    dependsOn: [...names].filter((other) => other !== v.name && new RegExp(`\\b${other}\\b`).test(stripComments(v.sql))),
  }));
  const ordered: KpiView[] = [];
  const placed = new Set<string>();
  while (ordered.length < views.length) {
    const next = views.find((v) => !placed.has(v.name) && v.dependsOn.every((d) => placed.has(d)));
    if (!next) throw new Error(`sql/views: views read each other in a circle (${views.filter((v) => !placed.has(v.name)).map((v) => v.name).join(', ')})`);
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/** The SQL without `--` comments (a view named in a comment is not a dependency). */
export function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '');
}
