import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * Logger, metrics and tracer for one function. On Lambda all three are real; the embedded runtime
 * passes a quiet logger and no metrics/tracer, so the same handler factory runs on a laptop.
 */
export interface Observability {
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly tracer?: Tracer;
}

/** Real Powertools instances (service name and namespace come from POWERTOOLS_* set by CDK). */
export function lambdaObservability(): Observability {
  return { logger: new Logger(), metrics: new Metrics(), tracer: new Tracer() };
}

/** Logs only warnings and errors, to stderr-friendly JSON: for the embedded runtime and tests. */
export function quietObservability(logLevel: 'WARN' | 'ERROR' | 'SILENT' = 'SILENT'): Observability {
  return { logger: new Logger({ serviceName: 'cobranza-local', logLevel }) };
}

/** "Middleware first, handler last": wraps a handler with the Powertools middlewares we have. */
export function observed<E, R>(
  observability: Observability,
  handler: (event: E, context: Context) => Promise<R>,
): middy.MiddyfiedHandler<E, R, Error, Context> {
  const chain = middy<E, R, Error, Context>().use(injectLambdaContext(observability.logger, { resetKeys: true }));
  if (observability.tracer) chain.use(captureLambdaHandler(observability.tracer));
  if (observability.metrics) chain.use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
  return chain.handler(handler);
}
