import { createChannelSendHandler, type ChannelSendHandlerDeps } from '../../shared/lambda/channel-send-handler.js';
import { emailMessageSchema } from '../../shared/schemas/messages.js';

export type SendEmailHandlerDeps = ChannelSendHandlerDeps;

/** Email queue → SES v2 (reminders, receipts, replies), idempotent by message id; fallback on a hard failure. */
export function createSendEmailHandler(deps: SendEmailHandlerDeps) {
  return createChannelSendHandler('email', emailMessageSchema, deps);
}
