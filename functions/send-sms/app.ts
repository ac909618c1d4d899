import { createChannelSendHandler, type ChannelSendHandlerDeps } from '../../shared/lambda/channel-send-handler.js';
import { smsMessageSchema } from '../../shared/schemas/messages.js';

/** SMS queue → AWS End User Messaging SMS, idempotent by message id; fallback on an invalid number. */
export function createSendSmsHandler(deps: ChannelSendHandlerDeps) {
  return createChannelSendHandler('sms', smsMessageSchema, deps);
}
