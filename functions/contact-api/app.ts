import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { UnsubscribeTokenError } from '../../shared/domain/channels/unsubscribe-token.js';
import { escapeHtml } from '../../shared/domain/templates/html.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { readUnsubscribeToken, unsubscribe, type UnsubscribeDeps } from '../../shared/usecases/unsubscribe.js';

/**
 * The public unsubscribe route of every email's `List-Unsubscribe` link:
 * - `POST /unsubscribe?t=…` opts out at once (RFC 8058 one-click from the mail client; the page's button);
 * - `GET /unsubscribe?t=…` only shows a page with that button: link scanners and previews follow GETs,
 *   and must not unsubscribe anybody.
 * The token is signed (shared/domain/channels/unsubscribe-token.ts): no login, no guessing.
 */
export function createContactApiHandler(deps: UnsubscribeDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const token = event.queryStringParameters?.t ?? '';
    const method = event.requestContext.http.method.toUpperCase();
    try {
      if (method === 'GET') {
        const subject = await readUnsubscribeToken(deps, token);
        return page(200, 'Dejar de recibir correos · Unsubscribe', [
          `<p>¿Dejar de recibir recordatorios de pago en <strong>${escapeHtml(subject.address)}</strong>?</p>`,
          `<p lang="en">Stop payment reminders to <strong>${escapeHtml(subject.address)}</strong>?</p>`,
          `<form method="post" action="?t=${encodeURIComponent(token)}"><button type="submit">Sí, dar de baja · Yes, unsubscribe</button></form>`,
        ]);
      }
      if (method === 'POST') {
        const oneClick = decodeBody(event).includes('List-Unsubscribe=One-Click');
        const subject = await unsubscribe(deps, token, oneClick ? 'one-click' : 'page');
        return page(200, 'Listo · Done', [
          `<p>No enviaremos más recordatorios a <strong>${escapeHtml(subject.address)}</strong>.</p>`,
          `<p lang="en">We will not send more reminders to <strong>${escapeHtml(subject.address)}</strong>.</p>`,
        ]);
      }
      return page(405, 'Método no permitido · Method not allowed', []);
    } catch (error) {
      if (error instanceof UnsubscribeTokenError) {
        return page(400, 'Enlace no válido · Invalid link', ['<p>Este enlace no es válido. This link is not valid.</p>']);
      }
      logger.error('unsubscribe failed', { error: error as Error });
      return page(500, 'Error', ['<p>Inténtelo más tarde. Please try again later.</p>']);
    }
  });
}

function decodeBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function page(statusCode: number, title: string, body: readonly string[]): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body.join('')}</body></html>`,
  };
}
