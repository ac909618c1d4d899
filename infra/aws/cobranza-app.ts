/**
 * Builds the two Cobranza stacks into an app: the stateful one (data: key, bucket, tables) and the
 * stateless one (functions, queues, schedules, email, payments APIs, alarms) that receives the data as
 * typed props. The entry (`app.ts`) and the tests both call this, so what the tests assert is what `cdk synth` emits.
 */
import { Annotations, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CobranzaConfig } from './config.js';
import { CONTEXT_KEYS } from './config.js';
import { CobranzaStatefulStack } from './stacks/stateful-stack.js';
import { CobranzaStatelessStack } from './stacks/stateless-stack.js';

export interface CobranzaStacks {
  readonly stateful: CobranzaStatefulStack;
  readonly stateless: CobranzaStatelessStack;
}

export interface BuildOptions {
  /**
   * Register cdk-nag's AwsSolutions pack as a validation plugin (findings fail synth).
   * @default true
   */
  readonly nag?: boolean;
  /**
   * Folder of the KPI views declared as Athena views (tests point it at fixtures).
   * @default sql/views of the repository
   */
  readonly analyticsViewsDir?: string;
}

export const STATEFUL_STACK_ID = 'CobranzaStateful';
export const STATELESS_STACK_ID = 'CobranzaStateless';

export function buildCobranza(app: App, config: CobranzaConfig, options: BuildOptions = {}): CobranzaStacks {
  const protect = config.stage !== 'dev';
  const stackName = (id: string): string | undefined => (config.stage === 'dev' ? undefined : `${id}-${config.stage}`);

  const stateful = new CobranzaStatefulStack(app, STATEFUL_STACK_ID, {
    env: config.env,
    stackName: stackName(STATEFUL_STACK_ID),
    description: 'Cobranza data: KMS key, files bucket, Accounts/Interactions/Idempotency tables',
    terminationProtection: protect,
    protectData: protect,
  });

  const stateless = new CobranzaStatelessStack(app, STATELESS_STACK_ID, {
    env: config.env,
    stackName: stackName(STATELESS_STACK_ID),
    description: 'Cobranza compute: ingestion, reminders, email, SMS, WhatsApp, payments, monitoring',
    data: stateful.data,
    sesFromAddress: config.sesFromAddress,
    alarmEmail: config.alarmEmail,
    financeAlertEmail: config.financeAlertEmail,
    smsOriginationIdentities: config.smsOriginationIdentities,
    whatsappPhoneNumberId: config.whatsappPhoneNumberId,
    genericWebhookProviders: config.genericWebhookProviders,
    quicksightPrincipalArn: config.quicksightPrincipalArn,
    dashboardUrl: config.dashboardUrl,
    dashboardCurrency: config.dashboardCurrency,
    analyticsViewsDir: options.analyticsViewsDir,
  });
  stateless.addStackDependency(stateful);

  if (config.sesFromAddressIsPlaceholder) {
    Annotations.of(stateless).addWarningV2(
      'cobranza:placeholder-sender',
      `context ${CONTEXT_KEYS.sesFromAddress} is not set: using ${config.sesFromAddress}, which can only synth. ` +
        `Deploy with -c ${CONTEXT_KEYS.sesFromAddress}=<a verified SES identity>.`,
    );
  }

  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { stateful, stateless };
}
