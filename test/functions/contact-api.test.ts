import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContactApiHandler } from '../../functions/contact-api/app.js';
import { signUnsubscribe } from '../../shared/domain/channels/unsubscribe-token.js';
import { channelHarness, context, fixedClock, observability, type ChannelHarness } from './harness.js';

const KEY = 'contact-key-from-secrets-manager';
const NOW = '2026-12-04T16:20:00.000Z';
let h: ChannelHarness;
let handler: ReturnType<typeof createContactApiHandler>;

const tokenFor = (accountId: string, address = 'pagos@ferreteria.example.com', key = KEY) => signUnsubscribe({ accountId, channel: 'email', address }, key);

/** An HTTP API (payload 2.0) request to /unsubscribe. */
function request(method: string, token: string | undefined, body?: { text: string; base64?: boolean }): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} /unsubscribe`,
    rawPath: '/unsubscribe',
    rawQueryString: token === undefined ? '' : `t=${encodeURIComponent(token)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0' },
    ...(token === undefined ? {} : { queryStringParameters: { t: token } }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1',
      domainName: 'cobranza.example.com',
      domainPrefix: 'cobranza',
      http: { method, path: '/unsubscribe', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' },
      requestId: 'req-1',
      routeKey: `${method} /unsubscribe`,
      stage: '$default',
      time: '04/Dec/2026:16:20:00 +0000',
      timeEpoch: Date.parse(NOW),
    },
    isBase64Encoded: body?.base64 ?? false,
    ...(body ? { body: body.base64 ? Buffer.from(body.text, 'utf8').toString('base64') : body.text } : {}),
  };
}

async function call(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
}

function contactApi(key: () => Promise<string>) {
  return createContactApiHandler({ consents: h.consents, log: h.log, clock: fixedClock(NOW), key, observability });
}

beforeAll(async () => {
  h = await channelHarness();
  handler = contactApi(async () => KEY);
});

afterAll(async () => {
  await h.dynamo.close();
});

describe('contact-api (unsubscribe)', () => {
  it('GET only shows a confirmation page: link scanners and previews unsubscribe nobody', async () => {
    const token = tokenFor('MX-1');
    const response = await call(request('GET', token));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    expect(response.body).toContain('<strong>pagos@ferreteria.example.com</strong>');
    expect(response.body).toContain(`<form method="post" action="?t=${encodeURIComponent(token)}">`);
    expect(await h.consents.listConsents('MX-1')).toEqual([]);
    expect(await h.log.listForAccount('MX-1')).toEqual([]);
  });

  it('POST with List-Unsubscribe=One-Click (RFC 8058, from the mail client) opts the address out at once', async () => {
    const response = await call(request('POST', tokenFor('MX-2'), { text: 'List-Unsubscribe=One-Click' }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('No enviaremos más recordatorios a <strong>pagos@ferreteria.example.com</strong>');
    expect(await h.consents.listConsents('MX-2')).toEqual([
      { accountId: 'MX-2', channel: 'email', address: 'pagos@ferreteria.example.com', status: 'opted-out', since: NOW, source: 'email-unsubscribe', detail: 'one-click' },
    ]);
    expect(await h.log.listForAccount('MX-2')).toMatchObject([
      { type: 'consent.opted-out', channel: 'email', at: NOW, detail: 'unsubscribed from email (one-click from the mail client)' },
    ]);
  });

  it('reads a base64-encoded one-click body, and the page\'s own button (an empty POST) opts out too', async () => {
    await call(request('POST', tokenFor('MX-3'), { text: 'List-Unsubscribe=One-Click', base64: true }));
    await call(request('POST', tokenFor('MX-4')));

    expect(await h.consents.listConsents('MX-3')).toMatchObject([{ status: 'opted-out', detail: 'one-click' }]);
    expect(await h.consents.listConsents('MX-4')).toMatchObject([{ status: 'opted-out', detail: 'page' }]);
    expect((await h.log.listForAccount('MX-4'))[0]?.detail).toBe('unsubscribed from email (unsubscribe page)');
  });

  it('a second click changes nothing', async () => {
    await call(request('POST', tokenFor('MX-5'), { text: 'List-Unsubscribe=One-Click' }));
    const later = createContactApiHandler({ consents: h.consents, log: h.log, clock: fixedClock('2026-12-05T09:00:00.000Z'), key: async () => KEY, observability });
    const response = (await later(request('POST', tokenFor('MX-5'), { text: 'List-Unsubscribe=One-Click' }), context)) as APIGatewayProxyStructuredResultV2;

    expect(response.statusCode).toBe(200);
    expect(await h.consents.listConsents('MX-5')).toMatchObject([{ since: NOW }]);
    expect(await h.log.listForAccount('MX-5')).toHaveLength(1);
  });

  it('answers 400 to a forged, tampered or missing token, and records nothing', async () => {
    const genuine = tokenFor('MX-6');
    const [, signature] = genuine.split('.');
    const otherAddress = Buffer.from(JSON.stringify(['MX-6', 'email', 'someone-else@example.com']), 'utf8').toString('base64url');
    const forged = [tokenFor('MX-6', 'pagos@ferreteria.example.com', 'guessed-key'), `${otherAddress}.${signature}`, `${genuine}x`, 'not-a-token', ''];

    for (const token of forged) {
      for (const method of ['GET', 'POST']) {
        const response = await call(request(method, token, { text: 'List-Unsubscribe=One-Click' }));
        expect(response.statusCode, `${method} ${token}`).toBe(400);
        expect(response.body).toContain('Enlace no válido');
      }
    }
    expect((await call(request('POST', undefined, { text: 'List-Unsubscribe=One-Click' }))).statusCode).toBe(400);
    expect(await h.consents.listConsents('MX-6')).toEqual([]);
    expect(await h.log.listForAccount('MX-6')).toEqual([]);
  });

  it('escapes the address it shows', async () => {
    const response = await call(request('GET', tokenFor('MX-7', '"><script>alert(1)</script>@example.com')));
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>');
    expect(response.body).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.com');
  });

  it('refuses other methods with 405, and answers 500 without details when the key cannot be read', async () => {
    expect((await call(request('PUT', tokenFor('MX-8')))).statusCode).toBe(405);

    const broken = contactApi(async () => {
      throw new Error('AccessDeniedException: secretsmanager:GetSecretValue');
    });
    const response = (await broken(request('POST', tokenFor('MX-8'), { text: 'List-Unsubscribe=One-Click' }), context)) as APIGatewayProxyStructuredResultV2;
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('AccessDenied');
    expect(await h.consents.listConsents('MX-8')).toEqual([]);
  });
});
