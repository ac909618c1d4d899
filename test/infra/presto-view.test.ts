/**
 * The Athena view encoding (infra/aws/analytics/presto-view.ts): what Glue stores must decode back to
 * the SQL and the columns the view file declares, or Athena would run a different view than the file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePrestoView, encodePrestoView, hiveType, parseViewFile } from '../../infra/aws/analytics/presto-view.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/views/${name}.sql`, import.meta.url), 'utf8');

describe('presto view encoding', () => {
  it('decodes to the same SQL and columns the file declares, in the lake schema of the AWS data catalog', () => {
    const text = fixture('aging');
    const view = parseViewFile('aging', text);
    const encoded = encodePrestoView(view, { schema: 'cobranza_lake' });
    expect(encoded).toMatch(/^\/\* Presto View: [A-Za-z0-9+/=]+ \*\/$/);
    const decoded = decodePrestoView(encoded);
    expect(decoded.originalSql).toBe(text.trim());
    expect(decoded.catalog).toBe('awsdatacatalog');
    expect(decoded.schema).toBe('cobranza_lake');
    expect(decoded.columns).toEqual([
      { name: 'as_of', type: 'date' },
      { name: 'currency', type: 'varchar' },
      { name: 'bucket', type: 'varchar' },
      { name: 'ordinal', type: 'integer' },
      { name: 'amount', type: 'bigint' },
    ]);
  });

  it('drops the trailing semicolon Athena refuses in a view, and keeps non-ASCII text intact', () => {
    const view = parseViewFile('top_debtors', fixture('top_debtors'));
    expect(view.sql.endsWith(';')).toBe(false);
    const accented = parseViewFile('names', "-- columns: x varchar\nSELECT 'Compañía Señor' AS x;\n");
    expect(decodePrestoView(encodePrestoView(accented, { schema: 'cobranza_lake' })).originalSql).toBe("-- columns: x varchar\nSELECT 'Compañía Señor' AS x");
  });

  it('gives Glue the Hive spelling of each type', () => {
    expect(['varchar', 'bigint', 'integer', 'double', 'date', 'boolean', 'timestamp'].map(hiveType)).toEqual([
      'string',
      'bigint',
      'int',
      'double',
      'date',
      'boolean',
      'timestamp',
    ]);
  });

  it('refuses a view file without the columns header, with an unknown type, or a column twice', () => {
    expect(() => parseViewFile('dso', 'SELECT 1')).toThrow(/first line must be "-- columns:/);
    expect(() => parseViewFile('dso', '-- columns: dso money\nSELECT 1')).toThrow(/column "dso money"/);
    expect(() => parseViewFile('dso', '-- columns: dso double, dso double\nSELECT 1')).toThrow(/declared twice/);
    expect(() => parseViewFile('Bad-Name', '-- columns: a bigint\nSELECT 1')).toThrow(/lower-case SQL identifier/);
  });
});
