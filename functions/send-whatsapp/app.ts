import { createChannelSendHandler, type ChannelSendHandlerDeps } from '../../shared/lambda/channel-send-handler.js';
import { whatsappMessageSchema } from '../../shared/schemas/messages.js';

/** WhatsApp queue → AWS End User Messaging Social (approved utility templates); fallback when the number has no WhatsApp. */
export function createSendWhatsAppHandler(deps: ChannelSendHandlerDeps) {
  return createChannelSendHandler('whatsapp', whatsappMessageSchema, deps);
}
