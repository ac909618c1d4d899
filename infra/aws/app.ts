/**
 * CDK app entry (`cdk.json` → `npx tsx infra/aws/app.ts`). Reads context once (keys documented in
 * ./config.ts: sesFromAddress, alarmEmail, financeAlertEmail, smsOriginationIdentities,
 * whatsappPhoneNumberId, genericWebhookProviders, quicksightPrincipalArn, dashboardUrl, stage), builds
 * both stacks and applies cdk-nag AwsSolutions.
 *
 *   npx cdk synth --no-notices
 *   npx cdk deploy --all -c sesFromAddress=cobranza@your-domain.com -c alarmEmail=ops@your-domain.com \
 *     -c smsOriginationIdentities='{"MX":"pool-…","default":"phone-number-…"}' -c whatsappPhoneNumberId=phone-number-id-…
 */
import { App } from 'aws-cdk-lib';
import { buildCobranza } from './cobranza-app.js';
import { readConfig } from './config.js';

const app = new App();
buildCobranza(app, readConfig(app, process.env));
app.synth();
