import { AthenaClient } from '@aws-sdk/client-athena';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { AthenaViewReader } from '../../shared/adapters/aws/athena-view-reader.js';
import { DynamoDbDigestLedger } from '../../shared/adapters/aws/dynamodb-digest-ledger.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import { ENV } from '../../shared/config/functions.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createSendKpiDigestHandler, viewLake } from './app.js';

const env = readEnv(['accountsTable', 'athenaWorkgroup', 'glueDatabase', 'sesFromAddress', 'sesConfigurationSet']);
const dashboardUrl = process.env[ENV.dashboardUrl]?.trim();

export const handler = createSendKpiDigestHandler({
  policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  lake: viewLake(new AthenaViewReader(new AthenaClient({}), { workGroup: env.athenaWorkgroup, database: env.glueDatabase })),
  ledger: new DynamoDbDigestLedger(dynamoClient(), env.accountsTable),
  email: new SesEmailSender(new SESv2Client({}), { from: env.sesFromAddress, configurationSetName: env.sesConfigurationSet }),
  clock: systemClock,
  ...(dashboardUrl ? { dashboardUrl } : {}),
  observability: lambdaObservability(),
});
