import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import type { PaymentRecord } from '../../shared/ports.js';
import type { ApplyPaymentDeps } from '../../shared/usecases/apply-payment.js';
import { applyPaymentByHand, ManualApplyError } from '../../shared/usecases/apply-payment-by-hand.js';

const applyBody = z.strictObject({ invoiceNumbers: z.array(z.string().min(1).max(100)).min(1).max(50) });

/**
 * The finance API behind IAM auth: `GET /payments/exceptions` lists what waits for a person;
 * `POST /payments/{paymentId}/apply` `{"invoiceNumbers":[…]}` applies one by hand (the caller's
 * IAM principal is recorded as who decided).
 */
export function createPaymentsApiHandler(deps: ApplyPaymentDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: APIGatewayProxyEventV2WithIAMAuthorizer, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      if (event.routeKey === 'GET /payments/exceptions') {
        const exceptions = await deps.payments.listExceptions();
        return json(200, { exceptions: exceptions.map(exceptionView) });
      }
      if (event.routeKey === 'POST /payments/{paymentId}/apply') {
        const paymentId = event.pathParameters?.paymentId;
        if (!paymentId) return json(400, { error: 'payment id missing from the path' });
        let body: unknown;
        try {
          body = JSON.parse(event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '');
        } catch {
          return json(400, { error: 'body must be JSON: {"invoiceNumbers":["F-1", …]}' });
        }
        const parsed = applyBody.safeParse(body);
        if (!parsed.success) return json(422, { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
        const principal = event.requestContext.authorizer?.iam?.userArn ?? 'unknown';
        const record = await applyPaymentByHand(deps, { paymentId, invoiceNumbers: parsed.data.invoiceNumbers, by: `api:${principal}` });
        return json(200, { status: record.status, applications: record.applications, credit: record.credit ?? null });
      }
      return json(404, { error: `no route ${event.routeKey}` });
    } catch (error) {
      if (error instanceof ManualApplyError) return json(409, { error: error.message });
      logger.error('payments api failed', { route: event.routeKey, error: error as Error });
      return json(500, { error: 'internal error' });
    }
  });
}

/** What a clerk needs to decide; the same view the CLI prints. */
export function exceptionView(record: PaymentRecord) {
  const { payment } = record;
  return {
    paymentId: payment.paymentId,
    status: record.status,
    receivedAt: record.receivedAt,
    amount: payment.amount,
    currency: payment.currency,
    valueDate: payment.valueDate,
    source: payment.source,
    payerName: payment.payerName ?? null,
    payerTaxId: payment.payerTaxId ?? null,
    reference: payment.reference ?? null,
    reason: record.reason ?? null,
    suggestions: (record.decision?.suggestions ?? []).map((s) => ({
      confidence: s.confidence,
      explanation: s.explanation,
      allocations: s.allocations.map((a) => ({ accountId: a.accountId, invoiceNumber: a.invoiceNumber, amount: a.amount })),
    })),
  };
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
