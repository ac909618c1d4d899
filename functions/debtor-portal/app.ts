import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { renderPortalPage, type PortalNotice } from '../../shared/domain/portal/portal-page.js';
import { escapeHtml } from '../../shared/domain/templates/html.js';
import { PortalTokenError, verifyPortalToken } from '../../shared/domain/portal/portal-token.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { portalAct, PortalRequestError, portalView, type PortalAction } from '../../shared/usecases/debtor-portal.js';
import { EscalationNotFoundError, EscalationRequestError, type PlanRequestDeps } from '../../shared/usecases/escalation-requests.js';

export interface DebtorPortalDeps extends PlanRequestDeps {
  /** The HMAC key that signs the links in messages (the contact secret). */
  readonly key: () => Promise<string>;
  readonly observability: Observability;
}

/** The forms of the page, as the browser posts them (application/x-www-form-urlencoded). */
const formSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('promise'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), amount: z.string().max(30).optional() }),
  z.object({ action: z.literal('dispute'), invoiceNumber: z.string().min(1).max(100), reason: z.string().min(1).max(40), note: z.string().max(1000).optional() }),
  z.object({ action: z.literal('plan'), offer: z.string().max(64).optional() }),
]);

const NOTICES: readonly PortalNotice[] = ['promise', 'dispute', 'plan'];

/**
 * The debtor's self-service page behind the signed link of their messages (`/portal?t=…`):
 * - `GET` shows the account (open invoices with payment links, promises, plan) and the forms;
 * - `POST` records what a form asked (a promise to pay, a dispute, the policy's plan) through the same
 *   use cases as the collectors' API, then redirects to the page (303, so a reload posts nothing twice).
 * No login: the token is signed and expires (shared/domain/portal/portal-token.ts). A bad request
 * answers the page again with what was wrong (422); a bad or expired link says so (400 / 410).
 */
export function createDebtorPortalHandler(deps: DebtorPortalDeps) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const token = event.queryStringParameters?.t ?? '';
    const method = event.requestContext.http.method.toUpperCase();
    let accountId: string;
    try {
      accountId = verifyPortalToken(token, await deps.key(), deps.clock.now());
    } catch (error) {
      if (!(error instanceof PortalTokenError)) throw error;
      return error.reason === 'expired'
        ? message(410, 'Enlace vencido · Link expired', 'Este enlace ya venció: use el de su mensaje más reciente o responda a ese mensaje. · This link has expired: use the one in your latest message, or reply to it.')
        : message(400, 'Enlace no válido · Invalid link', 'Este enlace no es válido. · This link is not valid.');
    }
    try {
      if (method === 'GET') {
        const done = event.queryStringParameters?.done;
        const notice = NOTICES.find((n) => n === done);
        return html(200, renderPortalPage(await portalView(deps, accountId), { token, ...(notice ? { notice } : {}) }));
      }
      if (method === 'POST') {
        const parsed = formSchema.safeParse(Object.fromEntries(new URLSearchParams(decodeBody(event))));
        if (!parsed.success) {
          const problem = parsed.error.issues.some((i) => i.path[0] === 'date') ? 'date-invalid' : 'form';
          return html(422, renderPortalPage(await portalView(deps, accountId), { token, problem }));
        }
        const done = await portalAct(deps, accountId, parsed.data as PortalAction);
        return { statusCode: 303, headers: { location: `?t=${encodeURIComponent(token)}&done=${done}`, 'cache-control': 'no-store' }, body: '' };
      }
      return message(405, 'Método no permitido · Method not allowed', '');
    } catch (error) {
      if (error instanceof EscalationNotFoundError) return message(404, 'Cuenta no encontrada · Account not found', '');
      if (error instanceof PortalRequestError) return html(422, renderPortalPage(await portalView(deps, accountId), { token, problem: error.problem }));
      if (error instanceof EscalationRequestError) return html(422, renderPortalPage(await portalView(deps, accountId), { token, error: error.message }));
      logger.error('portal request failed', { error: error as Error, accountId });
      return message(500, 'Error', 'Inténtelo más tarde. · Please try again later.');
    }
  });
}

function decodeBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function html(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  // The page shows account data: never cached, never framed, never indexed.
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    },
    body,
  };
}

function message(statusCode: number, title: string, text: string): APIGatewayProxyStructuredResultV2 {
  return html(statusCode, `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${text ? `<p>${escapeHtml(text)}</p>` : ''}</body></html>`);
}
