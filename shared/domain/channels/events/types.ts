/**
 * What comes back from the channel providers, in one shape: delivery outcomes of messages we sent
 * (`status`) and messages debtors sent us (`inbound`). Produced by `parseChannelEventBody`.
 */
import type { Channel } from '../../types.js';

/**
 * sent: the provider accepted / handed it on · delivered: it reached the mailbox or handset ·
 * opened / clicked: email open and link tracking, WhatsApp "read" · delayed: still trying ·
 * bounced: the mail server refused it · complained: marked as spam · rejected: refused for its
 * content (virus, carrier spam filter) · failed: any other failure.
 */
export const CHANNEL_EVENT_STATUSES = ['sent', 'delivered', 'opened', 'clicked', 'delayed', 'bounced', 'complained', 'rejected', 'failed'] as const;
export type ChannelEventStatus = (typeof CHANNEL_EVENT_STATUSES)[number];

export interface ChannelStatusEvent {
  readonly kind: 'status';
  readonly channel: Channel;
  /** The id the sender got back from the provider (SES MessageId, SMS MessageId, Social messageId). */
  readonly providerMessageId: string;
  readonly status: ChannelEventStatus;
  /**
   * The address can never work on this channel (hard bounce, invalid number, not on WhatsApp) or the
   * debtor said stop (complaint, opted out): mark the contact and fall back. See each parser's table.
   */
  readonly permanent: boolean;
  /** When it happened (UTC ISO-8601). */
  readonly at: string;
  /** Short provider wording: bounce type and diagnostic, SMS status description, Meta error code. */
  readonly detail: string;
  /** The recipient the event is about (email address, E.164 number), when the provider names it. */
  readonly address?: string;
  /** The tags the sender attached (SES message tags, SMS context), provider-internal ones removed. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ChannelInboundEvent {
  readonly kind: 'inbound';
  readonly channel: 'sms' | 'whatsapp' | 'email';
  /** The debtor's address: E.164 with `+` for SMS and WhatsApp. */
  readonly from: string;
  /** Our number the debtor wrote to, when the provider says. */
  readonly to?: string;
  readonly text: string;
  readonly at: string;
  /** The provider's id of the inbound message (idempotency of reply handling). */
  readonly providerMessageId: string;
}

export type ChannelEvent = ChannelStatusEvent | ChannelInboundEvent;
