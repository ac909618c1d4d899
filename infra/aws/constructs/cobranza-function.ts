/**
 * Our Lambda defaults in one place: Node.js 24 on arm64, X-Ray active tracing, an explicit log group
 * with one month of retention, an execution role with no managed policies, and an esbuild ESM bundle
 * with source maps. Bindings (`bindTable`, `bindBucket`, `bindQueue`) set the environment variable
 * the handler reads and the least-privilege grant together, so neither can be forgotten.
 *
 * @example
 * new CobranzaFunction(this, 'IngestFile', { name: 'ingest-file', timeout: Duration.minutes(15) })
 *   .bindTable(data.tables.accounts, 'readWrite')
 *   .bindBucket(data.bucket, { read: [PREFIX.invoices], write: [PREFIX.reports] });
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, type FunctionName } from '../../../shared/config/functions.js';
import type { TableDefinition } from '../../../shared/config/tables.js';
import type { DataTable, FilesBucket, TableAccess } from '../stacks/stateful-stack.js';

/** The repository root: bundling resolves `functions/<name>/handler.ts` and the lock file from here. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The runtime every Cobranza function uses (the newest Node.js this aws-cdk-lib knows). */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

export const METRICS_NAMESPACE = 'Cobranza';

/**
 * ESM bundles have no `require`; some dependencies still call it (dynamic requires of Node built-ins).
 * The banner gives the module a real one.
 */
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

export type EnvName = (typeof ENV)[keyof typeof ENV];

const TABLE_ENV: Record<TableDefinition['id'], EnvName> = {
  Accounts: ENV.accountsTable,
  Interactions: ENV.interactionsTable,
  Idempotency: ENV.idempotencyTable,
};

/** Absolute path of `functions/<name>/handler.ts`; throws a clear error when the file is missing. */
export function handlerEntry(name: FunctionName): string {
  const entry = join(REPO_ROOT, 'functions', name, 'handler.ts');
  if (!existsSync(entry)) {
    throw new Error(`Lambda entry functions/${name}/handler.ts is missing (expected at ${entry})`);
  }
  return entry;
}

export interface CobranzaFunctionProps {
  /** Folder under functions/ (one of FUNCTIONS); also the Powertools service name. */
  readonly name: FunctionName;
  readonly description?: string;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** At most this many at once (a writer of shared files that must not race itself). @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** Asynchronous invocations only: retries before the dead-letter queue. @default 2 (Lambda's default) */
  readonly retryAttempts?: number;
  /** Asynchronous invocations only: where events go after the last retry. @default - none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

export class CobranzaFunction extends NodejsFunction {
  /** The functions/ folder this function was built from. */
  readonly cobranzaName: FunctionName;
  /** The execution role: starts with log-group write access only; bindings add the rest. */
  readonly executionRole: iam.Role;
  readonly functionLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CobranzaFunctionProps) {
    // Role and log group are created first (as siblings) because NodejsFunction takes them as props.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.name} (no AWS-managed policies: explicit grants and the data stack's access policies)`,
    });
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    super(scope, id, {
      description: props.description,
      entry: handlerEntry(props.name),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup,
      retryAttempts: props.retryAttempts,
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        logLevel: LogLevel.WARNING,
        // No Docker here or in CI: esbuild from node_modules.
        forceDockerBundling: false,
      },
    });

    this.cobranzaName = props.name;
    this.executionRole = role;
    this.functionLogGroup = logGroup;
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions. ' +
        'No other statement of this role uses Resource "*" (test/infra checks).',
    });
  }

  /**
   * Sets the table's env var (ACCOUNTS_TABLE, …) and attaches the stateful stack's policy granting
   * `access` on that table (and its indexes and key), nothing more.
   */
  bindTable(binding: DataTable, access: TableAccess): this {
    this.addEnvironment(TABLE_ENV[binding.definition.id], binding.table.tableName);
    this.executionRole.addManagedPolicy(binding.accessPolicy(access));
    return this;
  }

  /**
   * Sets BUCKET_NAME and attaches the object policies for each prefix: `read` → `s3:GetObject` on
   * `<prefix>*`, `write` → `s3:PutObject` on `<prefix>*` (with the KMS call SSE-KMS needs).
   */
  bindBucket(files: FilesBucket, access: { readonly read?: readonly string[]; readonly write?: readonly string[] }): this {
    this.addEnvironment(ENV.bucketName, files.bucket.bucketName);
    for (const prefix of access.read ?? []) this.executionRole.addManagedPolicy(files.objectsPolicy('read', prefix));
    for (const prefix of access.write ?? []) this.executionRole.addManagedPolicy(files.objectsPolicy('write', prefix));
    return this;
  }

  /** Sets `envName` to the queue URL and grants sending to it. */
  bindQueue(envName: EnvName, queue: sqs.IQueue): this {
    this.addEnvironment(envName, queue.queueUrl);
    queue.grantSendMessages(this);
    return this;
  }
}
