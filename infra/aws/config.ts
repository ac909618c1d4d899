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
 * - `smsOriginationIdentities` — where SMS come from: a JSON object (or, with `-c`, its JSON text) mapping
 *   a destination country (ISO 3166-1 alpha-2, upper case) or `default` to an End User Messaging SMS
 *   origination identity: a phone number id (`phone-number-…`), a pool id (`pool-…`), a sender id
 *   (`COBRANZA`), an E.164 number or the ARN of any of these, e.g.
 *   `{"MX":"pool-0a1b…","CO":"COBRANZA","default":"phone-number-9f8e…"}`. `{}` by default: send-sms then
 *   lets the service pick one of the account's identities, and may use any of them (see channels.ts).
 * - `whatsappPhoneNumberId` — the WhatsApp Business number linked in End User Messaging Social
 *   (`phone-number-id-…`, or its ARN). `not-configured` by default: send-whatsapp gets no send
 *   permission and every WhatsApp message falls back to the next channel.
 * - `genericWebhookProviders` — the `name`s of the generic (HMAC) webhook provider configs (a JSON array,
 *   or comma-separated with `-c`), e.g. `["banorte"]`: each gets its route `POST /webhooks/<name>`.
 *   `[]` by default: only Stripe, Mercado Pago and Conekta have routes (payments.ts).
 * - `quicksightPrincipalArn` — optional: the QuickSight group (or user) ARN of the managers, e.g.
 *   `arn:aws:quicksight:us-east-1:111122223333:group/default/cobranza-managers`. When set, the analytics
 *   construct adds the QuickSight data source, SPICE datasets, refresh schedule and dashboard, owned by
 *   that principal; the account must already be subscribed to QuickSight (not a CloudFormation resource).
 *   Omitted by default: synth says QuickSight was skipped and builds the rest of the analytics.
 * - `dashboardUrl` — optional: the https URL of the managers' dashboard (the QuickSight dashboard
 *   `cobranza-kpis`, e.g. `https://us-east-1.quicksight.aws.amazon.com/sn/dashboards/cobranza-kpis`),
 *   linked at the end of the weekly KPI digest email. Omitted by default: the digest has no link
 *   (send-kpi-digest gets DASHBOARD_URL `''`).
 * - `dashboardCurrency` — the currency the QuickSight dashboard opens on (ISO 4217, default `MXN`):
 *   money is never added across currencies, so the Currency control always has one selected.
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
  smsOriginationIdentities: 'smsOriginationIdentities',
  whatsappPhoneNumberId: 'whatsappPhoneNumberId',
  genericWebhookProviders: 'genericWebhookProviders',
  quicksightPrincipalArn: 'quicksightPrincipalArn',
  dashboardUrl: 'dashboardUrl',
  dashboardCurrency: 'dashboardCurrency',
  stage: 'stage',
} as const;

/** `whatsappPhoneNumberId` when no WhatsApp number is linked yet. */
export const WHATSAPP_NOT_CONFIGURED = 'not-configured';

export interface CobranzaConfig {
  /** Verified SES identity (address, or an address of a verified domain) that reminders come from. */
  readonly sesFromAddress: string;
  /** True when sesFromAddress is the synth placeholder (deploying it would fail to send). */
  readonly sesFromAddressIsPlaceholder: boolean;
  /** Optional email subscription on the alarm topic. */
  readonly alarmEmail?: string;
  /** Optional email subscription on the finance alerts topic. */
  readonly financeAlertEmail?: string;
  /** Destination country (or `default`) → SMS origination identity; empty: any of the account's. */
  readonly smsOriginationIdentities: Readonly<Record<string, string>>;
  /** WhatsApp Business phone number id (or ARN), or {@link WHATSAPP_NOT_CONFIGURED}. */
  readonly whatsappPhoneNumberId: string;
  /** Generic webhook provider names, each routed at `POST /webhooks/<name>`. */
  readonly genericWebhookProviders: readonly string[];
  /** QuickSight user or group that owns the dashboard and its data; undefined: no QuickSight resources. */
  readonly quicksightPrincipalArn?: string;
  /** The managers' dashboard (https) the weekly digest links to; undefined: no link. */
  readonly dashboardUrl?: string;
  /** The currency the QuickSight dashboard opens on. */
  readonly dashboardCurrency: string;
  /** Deployment stage; `dev` relaxes protection and keeps the base stack names. */
  readonly stage: string;
  /** Account/region when the CLI knows them; undefined members leave the stacks env-agnostic. */
  readonly env: Environment;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** `default` or an ISO 3166-1 alpha-2 country code. */
const SMS_COUNTRY = /^(default|[A-Z]{2})$/;
/** Phone number / pool ids, sender ids (letters, digits, `-`, `_`), E.164 numbers, ARNs. */
const SMS_IDENTITY = /^(arn:[a-z-]+:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/[A-Za-z0-9_\/-]+|[A-Za-z0-9_-]{1,64}|\+[1-9]\d{4,14})$/;
const WHATSAPP_PHONE_NUMBER_ID = /^(phone-number-id-[0-9a-z]+|arn:[a-z-]+:social-messaging:[a-z0-9-]+:\d{12}:phone-number-id\/[0-9a-z]+)$/;
const QUICKSIGHT_PRINCIPAL = /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(group|user)\/[A-Za-z0-9_.@+=,-]+\/[^\s/]+$/;
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
/** A generic webhook config's `name` (shared/domain/payments/webhooks/config.ts). */
const WEBHOOK_PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const BUILT_IN_WEBHOOK_KINDS = ['stripe', 'mercadopago', 'conekta', 'generic'];

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
  const smsOriginationIdentities = readSmsOriginationIdentities(scope);
  const whatsappPhoneNumberId = optionalString(scope, CONTEXT_KEYS.whatsappPhoneNumberId) ?? WHATSAPP_NOT_CONFIGURED;
  const genericWebhookProviders = readGenericWebhookProviders(scope);
  const quicksightPrincipalArn = optionalString(scope, CONTEXT_KEYS.quicksightPrincipalArn);
  const dashboardUrl = optionalString(scope, CONTEXT_KEYS.dashboardUrl);
  const dashboardCurrency = optionalString(scope, CONTEXT_KEYS.dashboardCurrency) ?? 'MXN';

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
  if (whatsappPhoneNumberId !== WHATSAPP_NOT_CONFIGURED && !WHATSAPP_PHONE_NUMBER_ID.test(whatsappPhoneNumberId)) {
    throw new Error(
      `context ${CONTEXT_KEYS.whatsappPhoneNumberId} must be "${WHATSAPP_NOT_CONFIGURED}", a phone-number-id-… or its ARN, got "${whatsappPhoneNumberId}"`,
    );
  }
  if (quicksightPrincipalArn !== undefined && !QUICKSIGHT_PRINCIPAL.test(quicksightPrincipalArn)) {
    throw new Error(
      `context ${CONTEXT_KEYS.quicksightPrincipalArn} must be a QuickSight group or user ARN (arn:aws:quicksight:<region>:<account>:group/<namespace>/<name>), got "${quicksightPrincipalArn}"`,
    );
  }
  if (dashboardUrl !== undefined && !isHttpsUrl(dashboardUrl)) {
    throw new Error(`context ${CONTEXT_KEYS.dashboardUrl} must be an https URL, got "${dashboardUrl}"`);
  }
  if (!/^[A-Z]{3}$/.test(dashboardCurrency)) {
    throw new Error(`context ${CONTEXT_KEYS.dashboardCurrency} must be an ISO 4217 code in capitals, e.g. MXN, got "${dashboardCurrency}"`);
  }
  if (!STAGE.test(stage)) {
    throw new Error(`context ${CONTEXT_KEYS.stage} must match ${STAGE}, got "${stage}"`);
  }
  return {
    sesFromAddress,
    sesFromAddressIsPlaceholder: from === undefined,
    alarmEmail,
    financeAlertEmail,
    smsOriginationIdentities,
    whatsappPhoneNumberId,
    genericWebhookProviders,
    quicksightPrincipalArn,
    dashboardUrl,
    dashboardCurrency,
    stage,
    env: { account: environment.CDK_DEFAULT_ACCOUNT, region: environment.CDK_DEFAULT_REGION },
  };
}

/**
 * `smsOriginationIdentities`: an object in cdk.json, JSON text when given with `-c`. Each key must be
 * `default` or a country code, each value an origination identity (see the key's documentation).
 */
function readSmsOriginationIdentities(scope: Construct): Readonly<Record<string, string>> {
  const key = CONTEXT_KEYS.smsOriginationIdentities;
  let value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error(`context ${key} must be a JSON object, got "${value as string}"`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`context ${key} must be an object of country (or "default") → origination identity`);
  }
  const identities: Record<string, string> = {};
  for (const [country, identity] of Object.entries(value)) {
    if (!SMS_COUNTRY.test(country)) {
      throw new Error(`context ${key}: "${country}" is neither "default" nor an upper-case ISO 3166-1 alpha-2 country code`);
    }
    if (typeof identity !== 'string' || !SMS_IDENTITY.test(identity.trim())) {
      throw new Error(`context ${key}.${country} must be a phone number id, pool id, sender id, E.164 number or ARN, got ${JSON.stringify(identity)}`);
    }
    identities[country] = identity.trim();
  }
  return identities;
}

/** `genericWebhookProviders`: an array in cdk.json, a JSON array or comma-separated names with `-c`. */
function readGenericWebhookProviders(scope: Construct): readonly string[] {
  const key = CONTEXT_KEYS.genericWebhookProviders;
  let value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    const text = value.trim();
    try {
      value = text.startsWith('[') ? JSON.parse(text) : text.split(',').map((name) => name.trim());
    } catch {
      throw new Error(`context ${key} must be a JSON array of names, got "${text}"`);
    }
  }
  if (!Array.isArray(value)) throw new Error(`context ${key} must be an array of generic webhook provider names`);
  for (const name of value) {
    if (typeof name !== 'string' || !WEBHOOK_PROVIDER_NAME.test(name) || BUILT_IN_WEBHOOK_KINDS.includes(name)) {
      throw new Error(`context ${key}: ${JSON.stringify(name)} must be lower-case letters, digits, _ or - and not a built-in provider's name`);
    }
  }
  return value as string[];
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:' && !/\s/.test(value);
  } catch {
    return false;
  }
}

function optionalString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value.trim();
}
