import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { completeBodySchema, disputeBodySchema, noteBodySchema, planBodySchema, promiseBodySchema, recallBodySchema, resolveBodySchema } from '../../shared/schemas/escalation.js';
import {
  accountView,
  addTaskNote,
  claimTask,
  completeTask,
  createPlan,
  EscalationInputError,
  EscalationNotFoundError,
  EscalationRequestError,
  openDispute,
  recallHandOff,
  recordPromise,
  resolveDispute,
  worklist,
  type PlanRequestDeps,
} from '../../shared/usecases/escalation-requests.js';

/**
 * The collectors' API behind IAM auth (the caller's principal is recorded as who did it):
 *   GET  /tasks                                   the worklist, by expected recovered value
 *   POST /tasks/{taskId}/claim | /complete {outcome} | /notes {text}
 *   GET  /accounts/{accountId}                    stage, invoices, promises, disputes, plans, tasks, history
 *   POST /accounts/{accountId}/promises {date, amount?, currency?, note?}   date: today … policy promises.maxDaysAhead
 *   POST /accounts/{accountId}/plans {currency?, downPaymentPercent?, installments?, discountPercent?, interestWaived?}
 *                                                 a new plan supersedes the active one
 * A request a schema or a limit refuses is a 422 `{error, field}` (the field named, the range in the
 * error); one that conflicts with the account's state a 409 `{error}`; what it names missing a 404.
 *   POST /invoices/{accountId}/{invoiceNumber}/disputes {reason, note?}
 *   POST /disputes/{accountId}/{disputeId}/resolve {resolution}
 *   POST /accounts/{accountId}/recall {note?}        the agency or legal gave the account back
 */
export function createEscalationApiHandler(deps: PlanRequestDeps & { readonly observability: Observability }) {
  const { logger } = deps.observability;
  return observed(deps.observability, async (event: APIGatewayProxyEventV2WithIAMAuthorizer, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const p = event.pathParameters ?? {};
    const by = `api:${event.requestContext.authorizer?.iam?.userArn ?? 'unknown'}`;
    try {
      switch (event.routeKey) {
        case 'GET /tasks':
          return json(200, { tasks: await worklist(deps) });
        case 'POST /tasks/{taskId}/claim':
          return json(200, await claimTask(deps, p.taskId!, by));
        case 'POST /tasks/{taskId}/complete': {
          const body = parse(event, completeBodySchema);
          return 'error' in body ? body.error : json(200, await completeTask(deps, p.taskId!, by, body.value.outcome));
        }
        case 'POST /tasks/{taskId}/notes': {
          const body = parse(event, noteBodySchema);
          return 'error' in body ? body.error : json(200, await addTaskNote(deps, p.taskId!, by, body.value.text));
        }
        case 'GET /accounts/{accountId}':
          return json(200, await accountView(deps, p.accountId!));
        case 'POST /accounts/{accountId}/promises': {
          const body = parse(event, promiseBodySchema);
          if ('error' in body) return body.error;
          // The note says who recorded it (the caller), then the collector's own words when given
          // (first, so the 500-character cut never drops who it was).
          const note = body.value.note ? `${by}: ${body.value.note}` : by;
          return json(201, await recordPromise(deps, { accountId: p.accountId!, ...body.value, source: 'agent', note, recordedBy: by }));
        }
        case 'POST /accounts/{accountId}/plans': {
          const body = parse(event, planBodySchema);
          return 'error' in body ? body.error : json(201, await createPlan(deps, { accountId: p.accountId!, ...body.value, by }));
        }
        case 'POST /accounts/{accountId}/recall': {
          const body = parse(event, recallBodySchema);
          return 'error' in body ? body.error : json(200, await recallHandOff(deps, { accountId: p.accountId!, by, ...(body.value.note ? { note: body.value.note } : {}) }));
        }
        case 'POST /invoices/{accountId}/{invoiceNumber}/disputes': {
          const body = parse(event, disputeBodySchema);
          return 'error' in body ? body.error : json(201, await openDispute(deps, { accountId: p.accountId!, invoiceNumber: p.invoiceNumber!, ...body.value, by }));
        }
        case 'POST /disputes/{accountId}/{disputeId}/resolve': {
          const body = parse(event, resolveBodySchema);
          return 'error' in body ? body.error : json(200, await resolveDispute(deps, { accountId: p.accountId!, disputeId: p.disputeId!, resolution: body.value.resolution, by }));
        }
        default:
          return json(404, { error: `no route ${event.routeKey}` });
      }
    } catch (error) {
      if (error instanceof EscalationNotFoundError) return json(404, { error: error.message });
      // A field out of its allowed range (a plan term, a promise date): said like a schema error.
      if (error instanceof EscalationInputError) return json(422, { error: error.message, field: error.field });
      if (error instanceof EscalationRequestError) return json(409, { error: error.message });
      logger.error('escalation api failed', { route: event.routeKey, error: error as Error });
      return json(500, { error: 'internal error' });
    }
  });
}

function parse<S extends z.ZodType>(event: APIGatewayProxyEventV2WithIAMAuthorizer, schema: S): { value: z.infer<S> } | { error: APIGatewayProxyStructuredResultV2 } {
  let body: unknown;
  try {
    body = JSON.parse(event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '{}');
  } catch {
    return { error: json(400, { error: 'body must be JSON' }) };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    return { error: json(422, { error: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), field: issues[0]?.path.join('.') || 'body' }) };
  }
  return { value: parsed.data };
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
