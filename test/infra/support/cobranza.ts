/**
 * Builds the Cobranza CDK app the way `infra/aws/app.ts` does (same cdk.json context, same builder)
 * and offers small readers over the two templates: cross-stack references resolved, every statement
 * an execution role can use (inline + attached data-stack policies) in one list.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildCobranza, type CobranzaStacks } from '../../../infra/aws/cobranza-app.js';
import { REPO_ROOT } from '../../../infra/aws/constructs/cobranza-function.js';
import { readConfig } from '../../../infra/aws/config.js';
import { FUNCTIONS } from '../../../shared/config/functions.js';

export const SENDER = 'cobranza@cobranza-test.example';

export interface SynthOptions {
  /** Extra context (stage, alarmEmail, …) on top of cdk.json's. */
  readonly context?: Record<string, unknown>;
  /**
   * Run esbuild for every function, as `cdk synth` does. Turn off only for tests that look at
   * construction (stage flags), never at assets.
   * @default true
   */
  readonly bundle?: boolean;
  /** Register cdk-nag as app.ts does. @default false (nag.test.ts runs it explicitly) */
  readonly nag?: boolean;
  /**
   * CDK's built-in CloudFormation template validation (cdk.json makes its findings errors). It costs
   * ~12 s per process, so only the files that mirror `cdk synth` end to end keep it on.
   * @default true
   */
  readonly cfnValidation?: boolean;
  /** KPI view files for the analytics construct. @default sql/views of the repository */
  readonly analyticsViewsDir?: string;
  /** What the CDK CLI sets (CDK_DEFAULT_REGION / _ACCOUNT): a deploy knows its region. @default none (env-agnostic) */
  readonly environment?: { readonly CDK_DEFAULT_REGION?: string; readonly CDK_DEFAULT_ACCOUNT?: string };
}

export interface Synthesized {
  readonly app: App;
  readonly stacks: CobranzaStacks;
  readonly stateful: Template;
  readonly stateless: Template;
  readonly outdir: string;
}

/** Fails with a clear message when a handler the app needs has not been written yet. */
export function assertHandlersExist(): void {
  const missing = FUNCTIONS.filter((name) => !existsSync(join(REPO_ROOT, 'functions', name, 'handler.ts')));
  if (missing.length > 0) {
    throw new Error(`missing Lambda entries: ${missing.map((name) => `functions/${name}/handler.ts`).join(', ')}`);
  }
}

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** Builds the app without synthesizing it (for tests that add constructs first). */
export function buildCobranzaApp(options: SynthOptions = {}): { app: App; stacks: CobranzaStacks; outdir: string } {
  assertHandlersExist();
  const outdir = mkdtempSync(join(tmpdir(), 'cobranza-cdk-'));
  const context: Record<string, unknown> = {
    ...cdkJsonContext(),
    sesFromAddress: SENDER,
    ...options.context,
  };
  if (options.bundle === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ outdir, context, builtinCloudFormationValidation: options.cfnValidation ?? true });
  const stacks = buildCobranza(app, readConfig(app, options.environment ?? {}), {
    nag: options.nag ?? false,
    analyticsViewsDir: options.analyticsViewsDir,
  });
  return { app, stacks, outdir };
}

export function synthCobranza(options: SynthOptions = {}): Synthesized {
  const { app, stacks, outdir } = buildCobranzaApp(options);
  app.synth();
  return {
    app,
    stacks,
    stateful: Template.fromStack(stacks.stateful),
    stateless: Template.fromStack(stacks.stateless),
    outdir,
  };
}

// ---------------------------------------------------------------------------------------------
// Template readers

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export function resources(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

export function resource(template: Template, logicalId: string): CfnResource {
  const found = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources[logicalId];
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Follows a `Fn::GetStackOutput` (weak cross-stack reference) into the producing stack's output
 * value, e.g. `{ Ref: 'FilesBucket' }`. Anything else is returned unchanged.
 */
export function resolveCrossStack(value: unknown, producer: Template): unknown {
  if (value && typeof value === 'object' && 'Fn::GetStackOutput' in value) {
    const ref = (value as { 'Fn::GetStackOutput': { OutputName: string } })['Fn::GetStackOutput'];
    const outputs = (producer.toJSON() as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
    const output = outputs[ref.OutputName];
    if (!output) throw new Error(`producer has no output ${ref.OutputName}`);
    return output.Value;
  }
  if (value && typeof value === 'object' && 'Fn::ImportValue' in value) {
    throw new Error('unexpected Fn::ImportValue: cdk.json asks for weak cross-stack references');
  }
  return value;
}

/** Logical id of the Lambda function whose POWERTOOLS_SERVICE_NAME is `name`. */
export function functionId(stateless: Template, name: string): string {
  const matches = Object.entries(resources(stateless, 'AWS::Lambda::Function')).filter(
    ([, fn]) => environment(fn)['POWERTOOLS_SERVICE_NAME'] === name,
  );
  if (matches.length !== 1) throw new Error(`expected one function ${name}, found ${matches.length}`);
  return matches[0]![0];
}

export function environment(fn: CfnResource): Record<string, unknown> {
  const env = (fn.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  return env ?? {};
}

export function refOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'Ref' in value) return (value as { Ref: string }).Ref;
  return undefined;
}

export function getAttOf(value: unknown): [string, string] | undefined {
  if (value && typeof value === 'object' && 'Fn::GetAtt' in value) return (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  return undefined;
}

/** The execution role's logical id of a function. */
export function roleIdOf(stateless: Template, functionLogicalId: string): string {
  const role = getAttOf(resource(stateless, functionLogicalId).Properties?.['Role']);
  if (!role) throw new Error(`${functionLogicalId} has no role GetAtt`);
  return role[0];
}

/**
 * Every Allow/Deny statement a role can use: its inline (AWS::IAM::Policy) statements in the
 * stateless stack plus those of the managed policies it attaches from the stateful stack.
 */
export function roleStatements(stateless: Template, stateful: Template, roleLogicalId: string): Statement[] {
  const inline = Object.values(resources(stateless, 'AWS::IAM::Policy'))
    .filter((policy) => asArray(policy.Properties?.['Roles']).some((role) => refOf(role) === roleLogicalId))
    .flatMap((policy) => policyStatements(policy));
  const managed = managedPolicyIds(stateless, stateful, roleLogicalId).flatMap((id) => policyStatements(resource(stateful, id)));
  return [...inline, ...managed];
}

/** Logical ids (in the stateful stack) of the customer-managed policies a stateless role attaches. */
export function managedPolicyIds(stateless: Template, stateful: Template, roleLogicalId: string): string[] {
  return asArray(resource(stateless, roleLogicalId).Properties?.['ManagedPolicyArns']).map((arn) => {
    const id = refOf(resolveCrossStack(arn, stateful));
    if (!id) throw new Error(`${roleLogicalId} attaches a policy that is not one of the data stack's: ${JSON.stringify(arn)}`);
    if (resource(stateful, id).Type !== 'AWS::IAM::ManagedPolicy') throw new Error(`${id} is not a managed policy`);
    return id;
  });
}

function policyStatements(policy: CfnResource): Statement[] {
  const document = policy.Properties?.['PolicyDocument'] as { Statement: Statement[] } | undefined;
  return document?.Statement ?? [];
}

export function actionsOf(statements: readonly Statement[]): string[] {
  return [...new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action)))].sort();
}

/** Statements allowing any action of `service` (e.g. 's3'). */
export function statementsFor(statements: readonly Statement[], service: string): Statement[] {
  return statements.filter((s) => s.Effect === 'Allow' && asArray(s.Action).some((a) => a.startsWith(`${service}:`)));
}
