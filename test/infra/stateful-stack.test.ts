import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATEFUL_LOGICAL_IDS } from '../../infra/aws/stacks/stateful-stack.js';
import { tableDefinitions } from '../../shared/config/tables.js';
import { resource, resources, synthCobranza, type Synthesized } from './support/cobranza.js';

let synth: Synthesized;

beforeAll(() => {
  // The data stack has no assets: esbuild adds nothing here. Template validation runs in nag.test.ts.
  synth = synthCobranza({ bundle: false, cfnValidation: false });
});

const TABLE_IDS = {
  Accounts: STATEFUL_LOGICAL_IDS.accountsTable,
  Interactions: STATEFUL_LOGICAL_IDS.interactionsTable,
  Idempotency: STATEFUL_LOGICAL_IDS.idempotencyTable,
} as const;

describe('stateful stack: pinned logical ids', () => {
  // Changing any of these on a deployed stack makes CloudFormation replace the resource: data loss.
  it.each([
    ['DataKey', 'AWS::KMS::Key'],
    ['FilesBucket', 'AWS::S3::Bucket'],
    ['AccessLogsBucket', 'AWS::S3::Bucket'],
    ['AccountsTable', 'AWS::DynamoDB::Table'],
    ['InteractionsTable', 'AWS::DynamoDB::Table'],
    ['IdempotencyTable', 'AWS::DynamoDB::Table'],
  ])('keeps %s as the logical id of the %s', (logicalId, type) => {
    expect(resource(synth.stateful, logicalId).Type).toBe(type);
  });

  it('has exactly the three tables and two buckets, all retained on delete and replace', () => {
    expect(Object.keys(resources(synth.stateful, 'AWS::DynamoDB::Table')).sort()).toEqual(
      ['AccountsTable', 'IdempotencyTable', 'InteractionsTable'],
    );
    expect(Object.keys(resources(synth.stateful, 'AWS::S3::Bucket')).sort()).toEqual(['AccessLogsBucket', 'FilesBucket']);
    for (const type of ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::KMS::Key']) {
      for (const [id, res] of Object.entries(resources(synth.stateful, type))) {
        expect({ id, deletion: res.DeletionPolicy, replace: res.UpdateReplacePolicy }).toEqual({ id, deletion: 'Retain', replace: 'Retain' });
      }
    }
  });
});

describe('stateful stack: key', () => {
  it('rotates the customer-managed data key', () => {
    expect(resource(synth.stateful, 'DataKey').Properties).toMatchObject({ EnableKeyRotation: true });
  });
});

describe('stateful stack: tables', () => {
  it.each(tableDefinitions.map((d) => [d.id, d] as const))('builds %s from shared/config/tables.ts', (id, definition) => {
    const keySchema = [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
    ];
    const props = resource(synth.stateful, TABLE_IDS[id]).Properties ?? {};
    expect(props['KeySchema']).toEqual(keySchema);
    const indexes = (props['GlobalSecondaryIndexes'] as { IndexName: string; KeySchema: unknown }[] | undefined) ?? [];
    expect(indexes.map((i) => i.IndexName)).toEqual(definition.globalIndexes.map((i) => i.indexName));
    for (const index of definition.globalIndexes) {
      expect(indexes.find((i) => i.IndexName === index.indexName)?.KeySchema).toEqual([
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
    }
    if (definition.timeToLiveAttribute) {
      expect(props['TimeToLiveSpecification']).toEqual({ AttributeName: definition.timeToLiveAttribute, Enabled: true });
    } else {
      expect(props['TimeToLiveSpecification']).toBeUndefined();
    }
  });

  it.each(Object.values(TABLE_IDS))('%s is on-demand, has PITR and is encrypted with the data key', (logicalId) => {
    expect(resource(synth.stateful, logicalId).Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
    });
  });

  it('streams new images of the interaction log (for the analytics lake), and only that table', () => {
    expect(resource(synth.stateful, 'InteractionsTable').Properties?.['StreamSpecification']).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(resource(synth.stateful, 'AccountsTable').Properties?.['StreamSpecification']).toBeUndefined();
    expect(resource(synth.stateful, 'IdempotencyTable').Properties?.['StreamSpecification']).toBeUndefined();
  });
});

describe('stateful stack: files bucket', () => {
  it('is versioned, KMS-encrypted with the data key and blocks all public access', () => {
    expect(resource(synth.stateful, 'FilesBucket').Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it.each(['FilesBucket', 'AccessLogsBucket'])('%s denies every request not made over TLS', (bucket) => {
    synth.stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('publishes its events to EventBridge natively (no notifications custom resource)', () => {
    expect(resource(synth.stateful, 'FilesBucket').Properties?.['NotificationConfiguration']).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    for (const template of [synth.stateful, synth.stateless]) {
      expect(Object.keys(resources(template, 'Custom::S3BucketNotifications'))).toEqual([]);
    }
  });

  it('logs access to the access-log bucket and expires noncurrent versions', () => {
    expect(resource(synth.stateful, 'FilesBucket').Properties).toMatchObject({
      LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogsBucket' } },
      LifecycleConfiguration: {
        Rules: expect.arrayContaining([expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]),
      },
    });
  });

  it('keeps the access-log bucket private, with the SSE-S3 encryption log delivery requires', () => {
    expect(resource(synth.stateful, 'AccessLogsBucket').Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });
});

describe('stages', () => {
  it('dev: no termination or deletion protection, base stack names', () => {
    expect(synth.stacks.stateful.terminationProtection).toBe(false);
    expect(synth.stacks.stateful.stackName).toBe('CobranzaStateful');
    expect(synth.stacks.stateless.stackName).toBe('CobranzaStateless');
    expect(resource(synth.stateful, 'AccountsTable').Properties?.['DeletionProtectionEnabled']).toBe(false);
  });

  it('any other stage: termination protection on the data stack, deletion protection on tables, suffixed names', () => {
    // Construction only: no assets are looked at, so skip esbuild.
    const prod = synthCobranza({ context: { stage: 'prod' }, bundle: false, cfnValidation: false });
    expect(prod.stacks.stateful.terminationProtection).toBe(true);
    expect(prod.stacks.stateful.stackName).toBe('CobranzaStateful-prod');
    expect(prod.stacks.stateless.stackName).toBe('CobranzaStateless-prod');
    for (const id of Object.values(TABLE_IDS)) {
      expect(resource(prod.stateful, id).Properties?.['DeletionProtectionEnabled']).toBe(true);
    }
  });
});
