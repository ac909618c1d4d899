/**
 * The stateful stack: everything that holds data and must survive a redeploy of the compute.
 * Resources here keep fixed logical ids (see {@link STATEFUL_LOGICAL_IDS}): changing one would make
 * CloudFormation replace the resource, i.e. lose the data. test/infra pins them.
 */
import { CfnResource, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import {
  accountsTable,
  idempotencyTable,
  interactionsTable,
  type KeyAttribute,
  type TableDefinition,
} from '../../../shared/config/tables.js';

/** Logical ids of the data-bearing resources. Never change these on a deployed stack. */
export const STATEFUL_LOGICAL_IDS = {
  key: 'DataKey',
  filesBucket: 'FilesBucket',
  accessLogsBucket: 'AccessLogsBucket',
  accountsTable: 'AccountsTable',
  interactionsTable: 'InteractionsTable',
  idempotencyTable: 'IdempotencyTable',
} as const;

export type TableAccess = 'read' | 'write' | 'readWrite';
/**
 * `upload` is a writer that may use multipart uploads (a DynamoDB table export); `delete` removes
 * objects (the curate step replacing a lake table's files).
 */
export type ObjectAccess = 'read' | 'write' | 'upload' | 'delete';

/** Object actions and the KMS calls they need under SSE-KMS. */
const OBJECT_ACCESS: Record<ObjectAccess, { readonly s3: readonly string[]; readonly kms: readonly string[] }> = {
  read: { s3: ['s3:GetObject'], kms: ['kms:Decrypt'] },
  write: { s3: ['s3:PutObject'], kms: ['kms:GenerateDataKey'] },
  // What ExportTableToPointInTime needs of its caller on the destination (DynamoDB developer guide):
  // multipart parts need kms:Decrypt too. PutObjectAcl is on that list; the bucket enforces bucket-owner
  // ownership, so no ACL can grant anyone anything here.
  upload: { s3: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:PutObjectAcl'], kms: ['kms:GenerateDataKey', 'kms:Decrypt'] },
  delete: { s3: ['s3:DeleteObject'], kms: [] },
};

/**
 * A table with the shared definition it was built from, and the customer-managed policies that grant
 * access to it. The policies live here, next to the data, so their scoped wildcards (`…/index/*`)
 * refer to this stack's resources by pinned logical id and their cdk-nag acknowledgments are exact;
 * the stateless stack attaches them to execution roles (CobranzaFunction.bindTable).
 */
export class DataTable {
  private readonly policies = new Map<TableAccess, iam.ManagedPolicy>();

  constructor(
    private readonly scope: Construct,
    readonly definition: TableDefinition,
    readonly table: dynamodb.Table,
    private readonly logicalId: string,
  ) {}

  /** The managed policy granting `access` to the table, its indexes and its key (created on first use). */
  accessPolicy(access: TableAccess): iam.ManagedPolicy {
    const existing = this.policies.get(access);
    if (existing) return existing;
    const policy = new iam.ManagedPolicy(this.scope, `${this.logicalId}${pascal(access)}Policy`, {
      description: `Cobranza: ${access} on the ${this.definition.id} table`,
    });
    if (access === 'read') this.table.grantReadData(policy);
    else if (access === 'write') this.table.grantWriteData(policy);
    else this.table.grantReadWriteData(policy);

    if (this.definition.globalIndexes.length > 0) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.logicalId}.Arn>/index/*]`,
        reason: `Queries on the ${this.definition.id} table's own global secondary indexes; scoped to this one table.`,
      });
    }
    if (access !== 'read') {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: 'DynamoDB writes under the customer-managed data key (CDK table grant); the statement is limited to that one key.',
        });
      }
    }
    this.policies.set(access, policy);
    return policy;
  }
}

/**
 * The files bucket and per-prefix object policies: `read` is `s3:GetObject` (+ `kms:Decrypt`) on
 * `<prefix>*`, `write` is `s3:PutObject` (+ `kms:GenerateDataKey`); `upload` and `delete` (see
 * {@link ObjectAccess}) and `listPolicy` serve the analytics lake only.
 */
export class FilesBucket {
  private readonly policies = new Map<string, iam.ManagedPolicy>();

  constructor(
    private readonly scope: Construct,
    readonly bucket: s3.Bucket,
    private readonly key: kms.IKey,
  ) {}

  objectsPolicy(access: ObjectAccess, prefix: string): iam.ManagedPolicy {
    if (!/^([a-z0-9-]+\/)+$/.test(prefix)) throw new Error(`bucket prefix must look like "name/" or "name/sub/", got "${prefix}"`);
    const cacheKey = `${access}:${prefix}`;
    const existing = this.policies.get(cacheKey);
    if (existing) return existing;
    // "escalation/letters/" → EscalationLetters: logical ids of the one-level prefixes stay as they were.
    const folder = prefix.slice(0, -1).replace(/\//g, '-');
    const policy = new iam.ManagedPolicy(this.scope, `Files${pascal(access)}${pascal(folder)}Policy`, {
      description: `Cobranza: ${access} objects under ${prefix} in the files bucket`,
      statements: [
        new iam.PolicyStatement({
          actions: [...OBJECT_ACCESS[access].s3],
          resources: [this.bucket.arnForObjects(`${prefix}*`)],
        }),
        ...(OBJECT_ACCESS[access].kms.length > 0
          ? [new iam.PolicyStatement({ actions: [...OBJECT_ACCESS[access].kms], resources: [this.key.keyArn] })]
          : []),
      ],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${STATEFUL_LOGICAL_IDS.filesBucket}.Arn>/${prefix}*]`,
      reason: `Object keys under ${prefix} are not known in advance; the wildcard is limited to that prefix of the files bucket.`,
    });
    this.policies.set(cacheKey, policy);
    return policy;
  }

  /** `s3:ListBucket` (+ `s3:GetBucketLocation`) on the bucket, only for keys under `prefix`. */
  listPolicy(prefix: string): iam.ManagedPolicy {
    if (!/^([a-z0-9-]+\/)+$/.test(prefix)) throw new Error(`bucket prefix must look like "name/" or "name/sub/", got "${prefix}"`);
    const cacheKey = `list:${prefix}`;
    const existing = this.policies.get(cacheKey);
    if (existing) return existing;
    const folder = prefix.slice(0, -1).replace(/\//g, '-');
    const policy = new iam.ManagedPolicy(this.scope, `FilesList${pascal(folder)}Policy`, {
      description: `Cobranza: list object keys under ${prefix} in the files bucket`,
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [prefix, `${prefix}*`] } },
        }),
        new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [this.bucket.bucketArn] }),
      ],
    });
    this.policies.set(cacheKey, policy);
    return policy;
  }
}

/** What the stateless stack receives: typed references, no names passed around as strings. */
export interface CobranzaData {
  /** Customer-managed key encrypting the bucket and the tables. */
  readonly key: kms.IKey;
  /** Invoice files in (`invoices/`), policy overrides (`config/`), reports out (`reports/`). */
  readonly files: FilesBucket;
  readonly tables: {
    readonly accounts: DataTable;
    readonly interactions: DataTable;
    readonly idempotency: DataTable;
  };
}

export interface CobranzaStatefulStackProps extends StackProps {
  /**
   * Turn on DynamoDB deletion protection (the stack's terminationProtection is set separately).
   * @default false
   */
  readonly protectData?: boolean;
}

export class CobranzaStatefulStack extends Stack {
  readonly data: CobranzaData;

  constructor(scope: Construct, id: string, props: CobranzaStatefulStackProps = {}) {
    super(scope, id, props);
    const protectData = props.protectData ?? false;

    const key = new kms.Key(this, 'DataKey', {
      description: 'Cobranza data at rest: files bucket and DynamoDB tables',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(key, STATEFUL_LOGICAL_IDS.key);

    const accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      // Server access log delivery only supports SSE-S3 on the target bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(accessLogs, STATEFUL_LOGICAL_IDS.accessLogsBucket);

    const bucket = new s3.Bucket(this, 'FilesBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'files-bucket/',
      lifecycleRules: [
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pin(bucket, STATEFUL_LOGICAL_IDS.filesBucket);
    enableEventBridgeNotifications(bucket);

    const tables = {
      accounts: this.table(accountsTable, STATEFUL_LOGICAL_IDS.accountsTable, key, protectData),
      // The stream feeds the analytics lake (a later capability); NEW_IMAGE is all an append-only log needs.
      interactions: this.table(interactionsTable, STATEFUL_LOGICAL_IDS.interactionsTable, key, protectData, dynamodb.StreamViewType.NEW_IMAGE),
      idempotency: this.table(idempotencyTable, STATEFUL_LOGICAL_IDS.idempotencyTable, key, protectData),
    };

    this.data = { key, files: new FilesBucket(this, bucket, key), tables };
  }

  private table(
    definition: TableDefinition,
    logicalId: string,
    key: kms.IKey,
    deletionProtection: boolean,
    stream?: dynamodb.StreamViewType,
  ): DataTable {
    const table = new dynamodb.Table(this, logicalId, {
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey && attribute(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      stream,
      deletionProtection,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey && attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    pin(table, logicalId);
    return new DataTable(this, definition, table, logicalId);
  }
}

function pascal(word: string): string {
  return word
    .split(/[^a-zA-Z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}

/** Fixes the CloudFormation logical id of a construct's main resource. */
function pin(construct: Construct, logicalId: string): void {
  const resource = construct.node.defaultChild;
  if (resource === undefined || !CfnResource.isCfnResource(resource)) {
    throw new Error(`${construct.node.path} has no CloudFormation resource to pin`);
  }
  resource.overrideLogicalId(logicalId);
}

/**
 * Sends the bucket's events to the default EventBridge bus (the stateless stack's rules pick
 * `Object Created` under a prefix). Set on the CfnBucket itself rather than with the L2
 * `eventBridgeEnabled` prop: the L2 goes through the Custom::S3BucketNotifications Lambda, which would
 * add a function, a managed-policy role and a `s3:PutBucketNotification` on `*` to this stack;
 * CloudFormation supports the setting natively.
 */
function enableEventBridgeNotifications(bucket: s3.Bucket): void {
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}
