/**
 * Channel events: what SES, End User Messaging SMS and End User Messaging Social report back (delivery
 * outcomes, inbound replies), parsed into one shape. Pure: zod, no I/O.
 */
export { parseChannelEventBody } from './parse.js';
export { statusToInteraction, STATUS_INTERACTIONS } from './status-to-interaction.js';
export { ChannelEventError } from './errors.js';
export { META_PERMANENT_ERRORS, metaCodeIn, metaPermanentReason } from './meta-errors.js';
export { SMS_EVENT_TYPES } from './sms-events.js';
export { CHANNEL_EVENT_STATUSES, type ChannelEvent, type ChannelEventStatus, type ChannelInboundEvent, type ChannelStatusEvent } from './types.js';
