/**
 * The CDK app's configuration: read once from CDK context (`cdk.json` or `-c key=value`) and the
 * CDK_DEFAULT_* environment, validated, then passed down as typed props. Nothing below the app entry
 * reads context or `process.env`.
 *
 * Context keys:
 * - `sesFromAddress` — the sender address. **Required for deploy**: it must be an SES identity verified
 *   in the target account and region (the address itself or its domain), e.g. `cobranza@example.com`.
 *   `synth` falls back to the placeholder {@link PLACEHOLDER_FROM_ADDRESS} so the app synthesises
 *   offline with no arguments; a warning annotation says so. Never deploy the placeholder.
 * - `alarmEmail` — optional: an address subscribed (email protocol) to the alarm topic. Omit it to
 *   wire the topic to your own tooling instead.
 * - `financeAlertEmail` — optional: an address (finance, not ops) subscribed to the FinanceAlerts topic:
 *   payment exceptions that wait for a person, overpayments, refunds. Omit it to subscribe otherwise.
 * - `stage` — deployment stage, `dev` by default. `dev` keeps the stack names as they are and leaves
 *   termination/deletion protection off; any other stage suffixes the stack names (`CobranzaStateful-prod`)
 *   and turns protection on.
 *
 * Environment: `CDK_DEFAULT_ACCOUNT` / `CDK_DEFAULT_REGION` (set by the CDK CLI from your credentials)
 * pin the stacks to an account and region when present; without them the stacks are
 * environment-agnostic, which is all `synth` needs (the app does no context lookups).
 */
import type { Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** Synth-only stand-in for `sesFromAddress`: example.com is reserved and can never be verified. */
export const PLACEHOLDER_FROM_ADDRESS = 'no-reply@example.com';

export const CONTEXT_KEYS = {
  sesFromAddress: 'sesFromAddress',
  alarmEmail: 'alarmEmail',
  financeAlertEmail: 'financeAlertEmail',
  stage: 'stage',
} as const;

export interface CobranzaConfig {
  /** Verified SES identity (address, or an address of a verified domain) that reminders come from. */
  readonly sesFromAddress: string;
  /** True when sesFromAddress is the synth placeholder (deploying it would fail to send). */
  readonly sesFromAddressIsPlaceholder: boolean;
  /** Optional email subscription on the alarm topic. */
  readonly alarmEmail?: string;
  /** Optional email subscription on the finance alerts topic. */
  readonly financeAlertEmail?: string;
  /** Deployment stage; `dev` relaxes protection and keeps the base stack names. */
  readonly stage: string;
  /** Account/region when the CLI knows them; undefined members leave the stacks env-agnostic. */
  readonly env: Environment;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

/** The environment variables the CDK CLI sets; passed in so this module never reads `process.env`. */
export interface CdkEnvironmentVariables {
  readonly CDK_DEFAULT_ACCOUNT?: string;
  readonly CDK_DEFAULT_REGION?: string;
}

/**
 * Reads and validates the context keys documented above. Throws with the key name when a value is
 * malformed, so a typo fails `synth` instead of a deploy.
 */
export function readConfig(scope: Construct, environment: CdkEnvironmentVariables): CobranzaConfig {
  const from = optionalString(scope, CONTEXT_KEYS.sesFromAddress);
  const alarmEmail = optionalString(scope, CONTEXT_KEYS.alarmEmail);
  const financeAlertEmail = optionalString(scope, CONTEXT_KEYS.financeAlertEmail);
  const stage = optionalString(scope, CONTEXT_KEYS.stage) ?? 'dev';

  const sesFromAddress = from ?? PLACEHOLDER_FROM_ADDRESS;
  if (!EMAIL.test(sesFromAddress)) {
    throw new Error(`context ${CONTEXT_KEYS.sesFromAddress} must be an email address, got "${sesFromAddress}"`);
  }
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new Error(`context ${CONTEXT_KEYS.alarmEmail} must be an email address, got "${alarmEmail}"`);
  }
  if (financeAlertEmail !== undefined && !EMAIL.test(financeAlertEmail)) {
    throw new Error(`context ${CONTEXT_KEYS.financeAlertEmail} must be an email address, got "${financeAlertEmail}"`);
  }
  if (!STAGE.test(stage)) {
    throw new Error(`context ${CONTEXT_KEYS.stage} must match ${STAGE}, got "${stage}"`);
  }
  return {
    sesFromAddress,
    sesFromAddressIsPlaceholder: from === undefined,
    alarmEmail,
    financeAlertEmail,
    stage,
    env: { account: environment.CDK_DEFAULT_ACCOUNT, region: environment.CDK_DEFAULT_REGION },
  };
}

function optionalString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value.trim();
}
