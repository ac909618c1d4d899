import { describe, expect, it } from 'vitest';
import { composeReply, type ReplyKind } from '../../../shared/domain/messages/compose.js';
import { whatsappTemplateCatalog } from '../../../shared/domain/messages/whatsapp-catalog.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { CHANNELS } from '../../../shared/domain/types.js';
import { MARKETS, plain } from './fixtures.js';

const KINDS: ReplyKind[] = ['ask-receipt', 'promise-ack', 'opt-out-confirmation', 'help-ack', 'dispute-ack'];
const now = new Date('2026-12-18T16:00:00Z');

describe('composeReply', () => {
  it('answers on every channel and in every market, within the SMS budget and as an approved WhatsApp template', () => {
    const catalog = whatsappTemplateCatalog(defaultPolicy);
    for (const market of MARKETS) {
      for (const channel of CHANNELS) {
        for (const kind of KINDS) {
          const reply = composeReply({ account: market.account, channel, kind, policy: defaultPolicy, now, promiseDate: '2026-12-22' });
          expect(reply.channel).toBe(channel);
          expect(reply.locale).toBe(market.account.locale);
          const text = reply.channel === 'email' ? reply.text : reply.channel === 'sms' ? reply.body : reply.preview;
          expect(text).toContain(market.account.name.normalize('NFD').replace(/\p{M}/gu, '').slice(0, 6));
          expect(text).not.toMatch(/undefined|NaN|\{\{/);
          if (reply.channel === 'sms') expect(reply.segments).toBeLessThanOrEqual(defaultPolicy.channels.sms.segmentBudget);
          if (reply.channel === 'whatsapp') {
            const entry = catalog.find((e) => e.name === reply.templateName && e.language === reply.languageCode);
            expect(entry?.parameters.length, reply.templateName).toBe(reply.parameters.length);
          }
        }
      }
    }
  });

  it('acknowledges a promise with its date, in the debtor’s words', () => {
    const es = composeReply({ account: MARKETS[0]!.account, channel: 'sms', kind: 'promise-ack', policy: defaultPolicy, now, promiseDate: '2026-12-22' });
    expect(es.channel === 'sms' && es.body).toContain('compromiso de pago para el 22 de diciembre de 2026');
    const en = composeReply({ account: MARKETS[4]!.account, channel: 'whatsapp', kind: 'promise-ack', policy: defaultPolicy, now, promiseDate: '2026-12-22' });
    expect(en.channel === 'whatsapp' && en).toMatchObject({ templateName: 'cobranza_reply_promise_ack', languageCode: 'en_US' });
    expect(en.channel === 'whatsapp' && en.parameters).toEqual(['Main Street Grocers', 'Ejemplo Corp', 'December 22, 2026']);
    expect(() => composeReply({ account: MARKETS[0]!.account, channel: 'sms', kind: 'promise-ack', policy: defaultPolicy, now })).toThrow(/promiseDate as YYYY-MM-DD/);
  });

  it('confirms an opt-out for the channel it came on', () => {
    const reply = (channel: 'email' | 'sms' | 'whatsapp') => composeReply({ account: MARKETS[1]!.account, channel, kind: 'opt-out-confirmation', policy: defaultPolicy, now });
    const email = reply('email');
    expect(email.channel === 'email' && email.subject).toBe('Confirmación: no recibirá más mensajes por correo electrónico – Ejemplo Corp');
    // Signed in the debtor's language only, with the creditor's legal name, tax id and phone.
    expect(email.channel === 'email' && plain(email.text)).toContain('Cuentas por Cobrar\nEjemplo Corp, S.A. de C.V. · RFC ECO120315AB1\nTel. +52 55 1234 5678 · cobranza@example.com');
    expect(email.channel === 'email' && email.text).not.toContain('Accounts Receivable');
    expect(reply('sms').channel === 'sms' && (reply('sms') as { body: string }).body).toContain('no le enviaremos otros mensajes por SMS');
    const wa = reply('whatsapp');
    expect(wa.channel === 'whatsapp' && wa.preview).toContain('no le enviaremos otros mensajes por WhatsApp');
  });
});
