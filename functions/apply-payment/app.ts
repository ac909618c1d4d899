import type { Context, SQSEvent } from 'aws-lambda';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import { paymentMessageSchema } from '../../shared/schemas/payments.js';
import { finishStalledPayments, receivePayment, recordLookup, type ApplyPaymentDeps } from '../../shared/usecases/apply-payment.js';

/**
 * Payments queue → match and apply (or hold as an exception); a scheduled `{"sweep":true}` message
 * finishes payments whose delivery died half-way. Partial batch failures: one payment
 * that fails is retried alone; every step is idempotent, so a retry finishes what was started.
 */
export function createApplyPaymentHandler(deps: ApplyPaymentDeps & { readonly observability: Observability }) {
  const batch = sqsBatchHandler(paymentMessageSchema, deps.observability, async (message, sqsRecord) => {
    if ('sweep' in message) {
      const finished = await finishStalledPayments(deps);
      if (finished > 0) deps.observability.logger.warn('stalled payments finished', { finished });
      return finished;
    }
    // The message id on the claim tells a person reading a stuck payment which delivery holds it.
    const { outcome, record } =
      'payment' in message ? await receivePayment(deps, message.payment, { claimant: `sqs:${sqsRecord.messageId}` }) : await recordLookup(deps, message.lookup);
    deps.observability.logger.info('payment', { paymentId: record.payment.paymentId, outcome, rule: record.decision?.rule, confidence: record.decision?.confidence });
    deps.observability.metrics?.addMetric(`Payments_${outcome}`, 'Count', 1);
    return outcome;
  });
  return observed(deps.observability, async (event: SQSEvent, context: Context) => batch(event, context));
}
