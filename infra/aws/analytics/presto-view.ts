/**
 * Athena views as Glue tables. Athena (Trino) stores a view in the Glue Data Catalog as a table of
 * type VIRTUAL_VIEW whose `ViewOriginalText` is `/* Presto View: <base64 of a JSON document> *\/`; the
 * document carries the SQL, the catalog and schema it resolves names in, and the output columns
 * with Trino types. The same columns go, with Hive types, into the table's StorageDescriptor so Glue
 * (and QuickSight) can list them. This module is pure: it reads one `sql/views/<name>.sql` text,
 * whose first line declares the output (`-- columns: name type, name type, …`), and encodes it.
 */

/** Column types a view header may declare (the lake's types, plus common spellings of them). */
const TRINO_TYPES: Readonly<Record<string, string>> = {
  varchar: 'varchar',
  string: 'varchar',
  bigint: 'bigint',
  integer: 'integer',
  int: 'integer',
  double: 'double',
  date: 'date',
  boolean: 'boolean',
  timestamp: 'timestamp',
};

/** Trino type → the Hive type Glue expects in a StorageDescriptor column. */
const HIVE_TYPES: Readonly<Record<string, string>> = {
  varchar: 'string',
  bigint: 'bigint',
  integer: 'int',
  double: 'double',
  date: 'date',
  boolean: 'boolean',
  timestamp: 'timestamp',
};

export const PRESTO_VIEW_PREFIX = '/* Presto View: ';
export const PRESTO_VIEW_SUFFIX = ' */';
export const PRESTO_VIEW_EXPANDED_TEXT = '/* Presto View */';

export interface ViewColumn {
  readonly name: string;
  /** Trino type: varchar, bigint, integer, double, date, boolean or timestamp. */
  readonly type: string;
}

/** What Athena writes (base64) into ViewOriginalText. */
export interface PrestoViewDocument {
  readonly originalSql: string;
  readonly catalog: string;
  readonly schema: string;
  readonly columns: readonly ViewColumn[];
  readonly owner?: string;
  readonly runAsInvoker?: boolean;
}

export interface ViewDefinition {
  /** The view's name: the file name without `.sql`. */
  readonly name: string;
  /** The SQL body (header comment kept; a trailing `;` removed: Athena rejects it in a view). */
  readonly sql: string;
  readonly columns: readonly ViewColumn[];
}

export interface EncodeOptions {
  readonly schema: string;
  /** @default 'awsdatacatalog' */
  readonly catalog?: string;
  /** Recorded as the view's owner (Athena writes the creating principal). @default 'cobranza' */
  readonly owner?: string;
  /** @default false (definer's rights: the view runs as its owner, as Athena creates views) */
  readonly runAsInvoker?: boolean;
}

const VIEW_NAME = /^[a-z][a-z0-9_]*$/;
const HEADER = /^\s*--\s*columns:\s*(.+)$/i;

/**
 * Parses a view file. Throws with the file name when the name is not a lower-case identifier, the
 * first non-empty line is not the `-- columns:` header, or a column is malformed or repeated.
 */
export function parseViewFile(name: string, text: string): ViewDefinition {
  if (!VIEW_NAME.test(name)) throw new Error(`view ${name}: the file name must be a lower-case SQL identifier (a-z, 0-9, _)`);
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  const header = first < 0 ? null : HEADER.exec(lines[first]!);
  if (!header) throw new Error(`view ${name}: the first line must be "-- columns: name type, name type, …"`);
  const columns = header[1]!
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^([a-z_][a-z0-9_]*)\s+([a-z]+)$/i.exec(part);
      const type = match && TRINO_TYPES[match[2]!.toLowerCase()];
      if (!match || !type) {
        throw new Error(`view ${name}: column "${part}" must be "name type" with type one of ${Object.keys(TRINO_TYPES).join(', ')}`);
      }
      return { name: match[1]!.toLowerCase(), type };
    });
  if (columns.length === 0) throw new Error(`view ${name}: the header declares no columns`);
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) throw new Error(`view ${name}: column ${column.name} is declared twice`);
    seen.add(column.name);
  }
  const sql = text.trim().replace(/;\s*$/, '').trimEnd();
  return { name, sql, columns };
}

/** The Hive type of a Trino column type (for the Glue StorageDescriptor). */
export function hiveType(trinoType: string): string {
  const hive = HIVE_TYPES[trinoType];
  if (!hive) throw new Error(`no Hive type for ${trinoType}`);
  return hive;
}

/** `/* Presto View: <base64 JSON> *\/` for the view, as Athena writes it. */
export function encodePrestoView(view: ViewDefinition, options: EncodeOptions): string {
  const document: PrestoViewDocument = {
    originalSql: view.sql,
    catalog: options.catalog ?? 'awsdatacatalog',
    schema: options.schema,
    columns: view.columns.map((c) => ({ name: c.name, type: c.type })),
    owner: options.owner ?? 'cobranza',
    runAsInvoker: options.runAsInvoker ?? false,
  };
  return `${PRESTO_VIEW_PREFIX}${Buffer.from(JSON.stringify(document), 'utf8').toString('base64')}${PRESTO_VIEW_SUFFIX}`;
}

/** The inverse of {@link encodePrestoView}: the JSON document inside a ViewOriginalText. */
export function decodePrestoView(viewOriginalText: string): PrestoViewDocument {
  if (!viewOriginalText.startsWith(PRESTO_VIEW_PREFIX) || !viewOriginalText.endsWith(PRESTO_VIEW_SUFFIX)) {
    throw new Error('not a Presto view text ("/* Presto View: … */")');
  }
  const base64 = viewOriginalText.slice(PRESTO_VIEW_PREFIX.length, -PRESTO_VIEW_SUFFIX.length);
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as PrestoViewDocument;
}
