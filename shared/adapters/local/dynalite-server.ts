import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { tableDefinitions, type TableDefinition } from '../../config/tables.js';
import { DataDirInUseError } from './errors.js';

export type TableId = TableDefinition['id'];

export interface StartDynaliteOptions {
  /** On-disk LevelDB directory; undefined keeps everything in memory (gone on close). */
  readonly path?: string;
  /** Prefix of the physical table names. @default 'cobranza-' */
  readonly tablePrefix?: string;
}

export interface DynaliteHandle {
  /** `http://127.0.0.1:<port>`: for other processes (AWS_ENDPOINT_URL_DYNAMODB) and tools. */
  readonly endpoint: string;
  /** A client for this endpoint, with dummy credentials: no real AWS credentials are ever needed. */
  readonly client: DynamoDBClient;
  readonly tableNames: Readonly<Record<TableId, string>>;
  close(): Promise<void>;
}

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}
interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}

// dynalite ships no types and is CommonJS; `level` is resolved through dynalite so we probe the very
// LevelDB binding it will use.
const requireHere = createRequire(import.meta.url);
const dynalite = requireHere('dynalite') as (options: DynaliteOptions) => Server;
const { Level } = createRequire(requireHere.resolve('dynalite'))('level') as {
  Level: new (path: string, options: { valueEncoding: string }) => LevelDb;
};

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Starts dynalite (DynamoDB in Node) in this process on 127.0.0.1 and a free port, and creates the
 * tables of shared/config/tables.ts that do not exist yet, so the same DynamoDB adapters run
 * unchanged on a laptop. The tables are `<prefix>Accounts`, `<prefix>Interactions`, `<prefix>Idempotency`;
 * dynalite has no TTL, so idempotency records simply stay.
 *
 * A `path` held by another process fails fast with DataDirInUseError (LevelDB allows one opener).
 *
 * @example
 * const dynamo = await startDynalite({ path: '.cobranza/dynamodb' });
 * const store = new DynamoDbAccountStore(dynamo.client, dynamo.tableNames.Accounts);
 * await dynamo.close();
 */
export async function startDynalite(options: StartDynaliteOptions = {}): Promise<DynaliteHandle> {
  if (options.path !== undefined) {
    await mkdir(options.path, { recursive: true });
    await assertNotLocked(options.path);
  }
  const server = dynalite({ ...(options.path !== undefined && { path: options.path }), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };

  const prefix = options.tablePrefix ?? 'cobranza-';
  const tableNames = Object.fromEntries(tableDefinitions.map((t) => [t.id, `${prefix}${t.id}`])) as Record<TableId, string>;
  try {
    await ensureTables(client, tableNames);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { endpoint, client, tableNames, close };
}

/**
 * dynalite opens its LevelDB lazily and crashes the process on a lock error, so probe the lock first
 * with the same binding and release it at once.
 */
async function assertNotLocked(path: string): Promise<void> {
  const probe = new Level(path, { valueEncoding: 'json' });
  try {
    await probe.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') throw new DataDirInUseError(path, { cause: error });
    throw error;
  }
  await probe.close();
}

async function ensureTables(client: DynamoDBClient, tableNames: Record<TableId, string>): Promise<void> {
  const existing = new Set<string>();
  let ExclusiveStartTableName: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName }));
    for (const name of page.TableNames ?? []) existing.add(name);
    ExclusiveStartTableName = page.LastEvaluatedTableName;
  } while (ExclusiveStartTableName);

  for (const definition of tableDefinitions) {
    const name = tableNames[definition.id];
    if (existing.has(name)) continue;
    await client.send(new CreateTableCommand(createTableInput(definition, name)));
    await waitUntilActive(client, name);
  }
}

/** CreateTable input for a shared table definition (on-demand, GSIs projecting everything). */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const keySchema = (pk: { name: string; type: 'S' | 'N' }, sk?: { name: string; type: 'S' | 'N' }) => {
    for (const a of sk ? [pk, sk] : [pk]) attributes.set(a.name, { AttributeName: a.name, AttributeType: a.type });
    return [
      { AttributeName: pk.name, KeyType: 'HASH' as const },
      ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
    ];
  };
  const KeySchema = keySchema(definition.partitionKey, definition.sortKey);
  const GlobalSecondaryIndexes = definition.globalIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema,
    AttributeDefinitions: [...attributes.values()],
    ...(GlobalSecondaryIndexes.length > 0 && { GlobalSecondaryIndexes }),
  };
}

/** The SDK waiter polls every 20 s at least; dynalite (createTableMs 0) is ready within a tick. */
async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesReady) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
