/**
 * A queue message that is not a channel event we understand: not JSON, an unknown envelope or record,
 * a record missing what we need. The channel-events function dead-letters it (retrying cannot help)
 * and a person looks. The reason names fields and event types, never addresses or message text.
 */
export class ChannelEventError extends Error {
  override readonly name = 'ChannelEventError';

  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`not a channel event we understand: ${reason}`, options);
  }
}
