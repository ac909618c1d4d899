/**
 * Large invoice files on AWS (infra/aws/constructs/ingestion.ts): the IngestLargeFile state machine
 * (plan → Distributed Map over the manifest → finish), its role, and the routing by object size.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_CONCURRENCY, MAP_RESULTS_PREFIX } from '../../infra/aws/constructs/ingestion.js';
import { PREFIX } from '../../shared/config/functions.js';
import { LARGE_FILE_BYTES } from '../../shared/usecases/ingest-large-file.js';
import { asArray, functionId, resource, resources, roleStatements, synthCobranza, type Synthesized } from './support/cobranza.js';

let synth: Synthesized;

beforeAll(() => {
  synth = synthCobranza({ bundle: false, cfnValidation: false });
});

const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
  synth.stacks.stateless.getLogicalId(construct.node.defaultChild as CfnElement);
const ingestion = () => synth.stacks.stateless.ingestion;

interface State {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Retry?: { ErrorEquals: string[]; MaxAttempts: number }[];
  readonly Choices?: { Next: string }[];
  readonly Default?: string;
  readonly ItemReader?: { Resource: string; ReaderConfig: Record<string, unknown>; Parameters: Record<string, unknown> };
  readonly ItemProcessor?: { ProcessorConfig: { Mode: string; ExecutionType: string }; StartAt: string; States: Record<string, State> };
  readonly MaxConcurrency?: number;
  readonly ToleratedFailurePercentage?: number;
  readonly ResultWriter?: { Resource: string; Parameters: Record<string, unknown> };
  readonly ResultPath?: unknown;
}

/** The definition with every `Fn::Join` / `Fn::GetAtt` token flattened into a placeholder. */
function definition(): { StartAt: string; States: Record<string, State> } {
  const sm = resource(synth.stateless, logicalId(ingestion().largeFileStateMachine));
  const body = sm.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<token>')).join('');
  return JSON.parse(text);
}

describe('IngestLargeFile state machine', () => {
  it('plans, then loads the chunks in a Distributed Map over the manifest, then finishes', () => {
    const def = definition();
    const plan = def.States[def.StartAt]!;
    expect(plan).toMatchObject({ Type: 'Task', Next: 'AnyChunks' });
    expect(def.States.AnyChunks).toMatchObject({ Type: 'Choice', Choices: [{ Next: 'LoadChunks' }], Default: 'FinishFile' });
    const map = def.States.LoadChunks!;
    expect(map).toMatchObject({
      Type: 'Map',
      Next: 'FinishFile',
      MaxConcurrency: CHUNK_CONCURRENCY,
      ToleratedFailurePercentage: 100,
      ResultPath: null,
      ItemReader: {
        Resource: 'arn:<token>:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.manifestKey' },
      },
      ResultWriter: { Resource: 'arn:<token>:states:::s3:putObject', Parameters: { Prefix: MAP_RESULTS_PREFIX } },
    });
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    const chunk = map.ItemProcessor!.States[map.ItemProcessor!.StartAt]!;
    expect(chunk).toMatchObject({ Type: 'Task', End: true });
    expect(chunk.Retry?.some((r) => r.ErrorEquals.includes('States.ALL') && r.MaxAttempts >= 2)).toBe(true);
    expect(def.States.FinishFile).toMatchObject({ Type: 'Task', End: true });
    expect(CHUNK_CONCURRENCY).toBe(10);
  });

  it('invokes ingest-plan, ingest-chunk and ingest-finish', () => {
    const sm = resource(synth.stateless, logicalId(ingestion().largeFileStateMachine));
    const tokens = JSON.stringify(sm.Properties?.DefinitionString);
    for (const name of ['ingest-plan', 'ingest-chunk', 'ingest-finish']) {
      expect(tokens).toContain(functionId(synth.stateless, name));
    }
  });

  it("its role reads the manifest and writes map results under reports/ only, never the invoice files", () => {
    const role = logicalId(ingestion().largeFileStateMachine.role as never);
    const statements = roleStatements(synth.stateless, synth.stateful, role);
    const s3Resources = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:'))).flatMap((s) => asArray(s.Resource).map((r) => JSON.stringify(r)));
    expect(s3Resources.length).toBeGreaterThan(0);
    for (const r of s3Resources) expect(r).toContain(`/${PREFIX.reports}`);
    const actions = statements.flatMap((s) => asArray(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'kms:GenerateDataKey']));
  });

  it('is logged and traced, and its failures alarm', () => {
    const sm = resource(synth.stateless, logicalId(ingestion().largeFileStateMachine));
    expect(sm.Properties).toMatchObject({ TracingConfiguration: { Enabled: true }, LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false } });
    const alarm = resource(synth.stateless, logicalId(ingestion().largeFileFailedAlarm));
    expect(alarm.Properties).toMatchObject({ MetricName: 'ExecutionsFailed', Namespace: 'AWS/States' });
  });
});

describe('routing by size', () => {
  const rule = (construct: { node: { defaultChild?: unknown } }) => resource(synth.stateless, logicalId(construct)).Properties as {
    EventPattern: { detail: { object: { size: unknown } } };
    Targets: { Arn: unknown; DeadLetterConfig?: unknown }[];
  };

  it(`sends invoice files of ${LARGE_FILE_BYTES} bytes or more to the state machine, smaller ones to ingest-file`, () => {
    expect(LARGE_FILE_BYTES).toBe(20 * 1024 * 1024);
    const small = rule(ingestion().invoiceRule);
    const large = rule(ingestion().largeInvoiceRule);
    expect(small.EventPattern.detail.object.size).toEqual([{ numeric: ['<', LARGE_FILE_BYTES] }]);
    expect(large.EventPattern.detail.object.size).toEqual([{ numeric: ['>=', LARGE_FILE_BYTES] }]);
    expect(JSON.stringify(small.Targets[0]!.Arn)).toContain(functionId(synth.stateless, 'ingest-file'));
    expect(large.Targets[0]!.Arn).toEqual({ Ref: logicalId(ingestion().largeFileStateMachine) });
    expect(large.Targets[0]!.DeadLetterConfig).toBeDefined();
  });

  it('has exactly these two rules for invoices/ (no file goes both ways, none neither way)', () => {
    const count = Object.values(resources(synth.stateless, 'AWS::Events::Rule')).filter((r) => JSON.stringify(r.Properties?.EventPattern ?? {}).includes(`"${PREFIX.invoices}"`)).length;
    expect(count).toBe(2);
  });
});
