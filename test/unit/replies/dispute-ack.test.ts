import { describe, expect, it } from 'vitest';
import { composeReply } from '../../../shared/domain/messages/compose.js';
import { whatsappTemplateCatalog } from '../../../shared/domain/messages/whatsapp-catalog.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { CHANNELS } from '../../../shared/domain/types.js';
import { MARKETS } from '../messages/fixtures.js';

const now = new Date('2026-12-18T16:00:00Z');

describe('the answer to a dispute', () => {
  it('goes out on every channel and in every market, within the SMS budget and as a WhatsApp template of the catalog', () => {
    const catalog = whatsappTemplateCatalog(defaultPolicy);
    for (const market of MARKETS) {
      for (const channel of CHANNELS) {
        const reply = composeReply({ account: market.account, channel, kind: 'dispute-ack', policy: defaultPolicy, now });
        const text = reply.channel === 'email' ? reply.text : reply.channel === 'sms' ? reply.body : reply.preview;
        expect(text).not.toMatch(/undefined|NaN|\{\{/);
        if (reply.channel === 'sms') expect(reply.segments).toBeLessThanOrEqual(defaultPolicy.channels.sms.segmentBudget);
        if (reply.channel === 'whatsapp') {
          expect(reply.templateName).toBe('cobranza_reply_dispute_ack');
          const entry = catalog.find((e) => e.name === reply.templateName && e.language === reply.languageCode);
          expect(entry?.parameters.length).toBe(reply.parameters.length);
        }
      }
    }
  });

  it('says the invoice’s reminders pause while it is reviewed and a person will answer, in the debtor’s language', () => {
    const es = composeReply({ account: MARKETS[0]!.account, channel: 'email', kind: 'dispute-ack', policy: defaultPolicy, now });
    expect(es.channel === 'email' && es.subject).toBe('Recibimos su aclaración sobre la factura – Ejemplo Corp');
    expect(es.channel === 'email' && es.text).toMatch(/pausamos los recordatorios de esa factura, y una persona de nuestro equipo le va a responder/);
    const en = composeReply({ account: MARKETS[4]!.account, channel: 'sms', kind: 'dispute-ack', policy: defaultPolicy, now });
    expect(en.channel === 'sms' && en.body).toMatch(/reminders for that invoice are paused, and a person on our team will get back to you/);
  });
});
