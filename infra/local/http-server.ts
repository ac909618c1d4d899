import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What the local server hands a route: the API Gateway HTTP API (v2) event the Lambda would get. */
export type LocalRoute = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalRoutes {
  readonly webhook: LocalRoute;
  readonly paymentsApi: LocalRoute;
  /** `GET|POST /unsubscribe?t=…` (the contact-api function). */
  readonly contactApi?: LocalRoute;
  /** `GET|POST /portal?t=…` (the debtor-portal function). */
  readonly portal?: LocalRoute;
  /**
   * The local server's own pages (no API Gateway route on AWS): `/`, `/dashboard`, `/api/kpis…`,
   * `/outbox…`, `/assets/…` (see dashboard.ts). Asked first for every GET; undefined means not theirs.
   */
  readonly pages?: LocalPages;
}

/** A page of the local server: its status, headers and body. */
export interface LocalPageResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export type LocalPages = (method: string, url: URL) => Promise<LocalPageResult | undefined>;

const MAX_BODY = 1024 * 1024;

/**
 * The embedded runtime's stand-in for API Gateway: 127.0.0.1 only, requests turned into the same
 * v2 events (route key, path parameters, lower-cased headers, raw body) the deployed functions get.
 * Routes: `POST /webhooks/{provider}`, `GET /payments/exceptions`, `POST /payments/{paymentId}/apply`,
 * `GET|POST /unsubscribe`, `GET|POST /portal`; and, when given, the local pages (`/`, `/dashboard`, …).
 */
export async function startLocalServer(routes: LocalRoutes, port = 0): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    handle(req, res, routes).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}`, server };
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: LocalRoutes): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  if (body === undefined) {
    res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'body larger than 1 MB' }));
    return;
  }
  const method = req.method ?? 'GET';
  if (routes.pages && (method === 'GET' || method === 'HEAD')) {
    const page = await routes.pages(method, url);
    if (page) {
      res.writeHead(page.status, page.headers).end(method === 'HEAD' ? undefined : page.body);
      return;
    }
  }
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let routeKey: string | undefined;
  let pathParameters: Record<string, string> = {};
  if (method === 'POST' && segments.length === 2 && segments[0] === 'webhooks') {
    routeKey = 'POST /webhooks/{provider}';
    pathParameters = { provider: segments[1]! };
  } else if (method === 'GET' && url.pathname === '/payments/exceptions') {
    routeKey = 'GET /payments/exceptions';
  } else if (method === 'POST' && segments.length === 3 && segments[0] === 'payments' && segments[2] === 'apply') {
    routeKey = 'POST /payments/{paymentId}/apply';
    pathParameters = { paymentId: segments[1]! };
  } else if ((method === 'GET' || method === 'POST') && url.pathname === '/unsubscribe' && routes.contactApi) {
    routeKey = `${method} /unsubscribe`;
  } else if ((method === 'GET' || method === 'POST') && url.pathname === '/portal' && routes.portal) {
    routeKey = `${method} /portal`;
  }
  if (!routeKey) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${method} ${url.pathname}` }));
    return;
  }
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v]));
  const event = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: String(req.headers['user-agent'] ?? '') },
      requestId: `local-${Date.now()}`,
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: { iam: { userArn: 'local-user' } },
    },
  } as unknown as APIGatewayProxyEventV2;
  const handler = routeKey.includes('webhooks')
    ? routes.webhook
    : routeKey.endsWith('/unsubscribe')
      ? routes.contactApi!
      : routeKey.endsWith('/portal')
        ? routes.portal!
        : routes.paymentsApi;
  const result = await handler(event);
  res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>).end(result.body ?? '');
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
