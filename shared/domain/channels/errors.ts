/**
 * The provider says this address can never receive on this channel (hard bounce, invalid or landline
 * number, no WhatsApp account, blocked at the provider): retrying is pointless, falling back is right.
 * Senders throw it; the send use case marks the contact invalid and queues the next channel.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
  constructor(
    message: string,
    /** A short machine-readable cause, e.g. `invalid-number`, `no-whatsapp`, `suppressed`, `opted-out`. */
    readonly reason: string,
  ) {
    super(message);
  }
}
