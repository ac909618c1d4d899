import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { epochDay } from './curate/dates.js';
import type { LakeRow, LakeValue, RowCounts, RowSink } from './curate/curate.js';
import { LAKE_TABLE_NAMES, lakeTable, type LakeColumn, type LakeTableName } from './lake-schema.js';

/**
 * Parquet for the lake's tables, with the explicit schema of LAKE_TABLES (never guessed from the
 * data, so an all-null column still has its type): varchar → STRING, bigint → INT64, integer → INT32,
 * double → DOUBLE, boolean → BOOLEAN, date → INT32 DATE (days since 1970-01-01), timestamp → INT64
 * TIMESTAMP_MILLIS; every column nullable. Pure JS (hyparquet-writer): no native code in the Lambda.
 */

/** Rows per Parquet file: `part-00000.parquet`, `part-00001.parquet`, … */
export const PART_ROWS = 100_000;

export function partName(index: number): string {
  return `part-${String(index).padStart(5, '0')}.parquet`;
}

function schemaElement(column: LakeColumn): SchemaElement {
  const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
  switch (column.type) {
    case 'varchar':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'bigint':
      return { ...base, type: 'INT64' };
    case 'integer':
      return { ...base, type: 'INT32' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'date':
      return { ...base, type: 'INT32', converted_type: 'DATE' };
    case 'timestamp':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
  }
}

function physical(column: LakeColumn, value: LakeValue | undefined): string | number | bigint | boolean | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'varchar':
      return String(value);
    case 'bigint':
      return BigInt(Math.trunc(Number(value)));
    case 'integer':
      return Math.trunc(Number(value));
    case 'double':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    case 'date':
      return epochDay(String(value));
    case 'timestamp': {
      const ms = Date.parse(String(value));
      if (Number.isNaN(ms)) throw new Error(`${column.name}: not an instant: ${String(value)}`);
      return BigInt(ms);
    }
  }
}

/** One Parquet file of `rows` of `table` (any number of rows, 0 included). */
export function tableToParquet(table: LakeTableName, rows: readonly LakeRow[]): Uint8Array {
  const { columns } = lakeTable(table);
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];
  const columnData: ColumnSource[] = columns.map((column) => ({
    name: column.name,
    data: rows.map((row) => physical(column, row[column.name])),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy: 'cobranza curate' }));
}

/** Where the parts go: `lake/<table>/part-00000.parquet` in a bucket, or the same under a folder. */
export type PartWriter = (table: LakeTableName, part: string, bytes: Uint8Array) => Promise<void>;

/**
 * A RowSink that buffers each table's rows and writes a part every PART_ROWS rows (memory stays at
 * one part per table). `finish()` writes the rest — an empty part for a table without rows, so every
 * table exists for the engines — and returns the part names per table.
 */
export class LakePartWriter {
  private readonly buffers = new Map<LakeTableName, LakeRow[]>();
  private readonly parts = new Map<LakeTableName, string[]>();

  constructor(
    private readonly write: PartWriter,
    private readonly partRows = PART_ROWS,
  ) {}

  readonly sink: RowSink = async (table, row) => {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = [];
      this.buffers.set(table, buffer);
    }
    buffer.push(row);
    if (buffer.length >= this.partRows) await this.flush(table);
  };

  private async flush(table: LakeTableName): Promise<void> {
    const rows = this.buffers.get(table) ?? [];
    this.buffers.set(table, []);
    const names = this.parts.get(table) ?? [];
    const name = partName(names.length);
    await this.write(table, name, tableToParquet(table, rows));
    names.push(name);
    this.parts.set(table, names);
  }

  async finish(): Promise<Record<LakeTableName, string[]>> {
    for (const table of LAKE_TABLE_NAMES) {
      if ((this.buffers.get(table)?.length ?? 0) > 0 || !this.parts.has(table)) await this.flush(table);
    }
    return Object.fromEntries(LAKE_TABLE_NAMES.map((t) => [t, this.parts.get(t) ?? []])) as Record<LakeTableName, string[]>;
  }
}

export type { RowCounts };
