/**
 * A payment provider's webhook call, as the HTTP adapter hands it over, and what verifying it says.
 * Pure data: the adapter turns a `WebhookResult` into a response (`ok` → 200, else `status`).
 */
import type { Payment } from '../types.js';

export interface WebhookRequest {
  /** The provider named by the URL (`/webhooks/stripe` → `stripe`; a generic config's `name`). */
  readonly provider: string;
  /** Header names lower-cased, as Node and API Gateway deliver them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received: signatures cover these bytes, never a re-serialised object. */
  readonly rawBody: string;
  /** Query-string parameters. Mercado Pago signs `data.id` from the query string, not from the body. */
  readonly query?: Readonly<Record<string, string>>;
}

/** A resource the caller must fetch from the provider's API before it knows the payment (no I/O here). */
export interface WebhookLookup {
  readonly resource: string;
  readonly id: string;
}

export interface WebhookAccepted {
  readonly ok: true;
  /** The provider's id for this delivery (idempotency key for the caller). */
  readonly eventId: string;
  readonly eventType: string;
  /** Normalised money movements; the same money always gets the same `paymentId`. */
  readonly payments: Payment[];
  readonly lookups: WebhookLookup[];
  /** Why an authentic event brought neither payments nor lookups (answer 200 so the provider stops retrying). */
  readonly ignored?: string;
}

export interface WebhookRejected {
  readonly ok: false;
  /**
   * 400 body unreadable, 401 signature missing/garbled/wrong or timestamp out of tolerance, 404 unknown
   * provider, 409 the body contradicts what was signed, 422 authentic JSON of the wrong shape.
   */
  readonly status: 400 | 401 | 404 | 409 | 422;
  /** For logs and the response body: says what is wrong, never a secret or the expected signature. */
  readonly error: string;
}

export type WebhookResult = WebhookAccepted | WebhookRejected;
