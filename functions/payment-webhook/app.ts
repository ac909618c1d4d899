import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { receiveWebhook, type ReceiveWebhookDeps } from '../../shared/usecases/receive-webhook.js';

/** Providers are named in the URL; anything else is refused before a secret is looked at. */
const PROVIDER = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** On AWS each provider has its own route (`POST /webhooks/stripe`), so the name is in the route key. */
const PROVIDER_ROUTE = /^POST \/webhooks\/([^/{}]+)$/;

/**
 * API Gateway `POST /webhooks/<provider>` → verify, archive, queue. Answers within milliseconds:
 * matching happens behind the payments queue. Internal failures answer a bare 500 (the provider
 * retries later); details go to the log, never to the caller.
 *
 * The provider comes from the route: one explicit route per provider on AWS (payments.ts), or the
 * `{provider}` path parameter (the local server's `POST /webhooks/{provider}`).
 */
export function createPaymentWebhookHandler(deps: ReceiveWebhookDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const provider = event.pathParameters?.provider ?? PROVIDER_ROUTE.exec(event.routeKey ?? '')?.[1] ?? '';
    if (!PROVIDER.test(provider)) return json(404, { error: `unknown provider "${provider.slice(0, 40)}"` });
    const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    try {
      const response = await receiveWebhook(deps, {
        provider,
        headers,
        rawBody,
        caller: { sourceIp: event.requestContext?.http?.sourceIp, userAgent: event.requestContext?.http?.userAgent },
        ...(event.queryStringParameters ? { query: definedOnly(event.queryStringParameters) } : {}),
      });
      logger.info('webhook', { provider, status: response.status, ...(response.status >= 400 ? { error: response.body.error } : { event: response.body.received }) });
      deps.observability.metrics?.addMetric(response.status < 300 ? 'WebhooksAccepted' : 'WebhooksRejected', 'Count', 1);
      return json(response.status, response.body);
    } catch (error) {
      logger.error('webhook failed', { provider, error: error as Error });
      return json(500, { error: 'internal error; please retry' });
    }
  });
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}
