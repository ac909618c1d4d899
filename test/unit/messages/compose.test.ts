import { describe, expect, it } from 'vitest';
import { gsmSafe } from '../../../shared/domain/channels/sms-segments.js';
import { composeMessage, type ComposedMessage } from '../../../shared/domain/messages/compose.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { TEMPLATE_NAMES } from '../../../shared/domain/templates/catalog.js';
import { paymentLink, renderEmail } from '../../../shared/domain/templates/render.js';
import { CHANNELS } from '../../../shared/domain/types.js';
import { MARKETS, plain, SPEAKS_ON, TONES } from './fixtures.js';

/** What the debtor reads, whatever the channel. */
function readable(message: ComposedMessage): string {
  if (message.channel === 'email') return plain(`${message.subject}\n${message.text}`);
  if (message.channel === 'sms') return message.body;
  return plain(message.preview);
}

describe('composeMessage: every channel × template × tone × locale', () => {
  for (const market of MARKETS) {
    for (const channel of CHANNELS) {
      it(`${market.account.locale} ${channel}: name, invoices, total, link in every template and tone`, () => {
        for (const template of TEMPLATE_NAMES) {
          for (const tone of TONES) {
            const what = `${market.account.locale} ${channel} ${template} ${tone}`;
            const message = composeMessage({
              account: market.account,
              invoices: market.invoices,
              template,
              tone,
              channel,
              now: SPEAKS_ON[template],
              policy: defaultPolicy,
            });
            const text = readable(message);
            expect(message.locale, what).toBe(market.account.locale);
            expect(text, what).not.toMatch(/undefined|NaN|\{\{|\}\}/);
            // An SMS may drop accents to stay in GSM-7 (`Ferretería` → `Ferreteria`).
            const name = channel === 'sms' ? [market.account.name, gsmSafe(market.account.name)] : [market.account.name];
            expect(name.some((n) => text.includes(n)), `${what}: customer name`).toBe(true);
            if (channel === 'sms') {
              // Two invoices: listed, or summarised as a count with the total.
              expect(market.invoices.every((i) => text.includes(i.invoiceNumber)) || /\b2 (facturas|invoices)\b/.test(text), what).toBe(true);
            } else {
              for (const invoice of market.invoices) expect(text, `${what}: ${invoice.invoiceNumber}`).toContain(invoice.invoiceNumber);
            }
            expect(text, `${what}: total`).toContain(market.total);
            expect(text, `${what}: payment link`).toContain(paymentLink(defaultPolicy.company.paymentLinkTemplate, market.invoices[0]));
            if (message.channel === 'sms') expect(message.segments, what).toBeLessThanOrEqual(defaultPolicy.channels.sms.segmentBudget);
            if (message.channel === 'email') expect(message.html, what).toContain(`lang="${market.account.locale}"`);
          }
        }
      });
    }
  }

  it('writes Spanish for every es-* debtor and English for the rest, "usted" style, never "cancelar"', () => {
    for (const market of MARKETS) {
      for (const channel of CHANNELS) {
        for (const template of TEMPLATE_NAMES) {
          for (const tone of TONES) {
            const text = readable(
              composeMessage({ account: market.account, invoices: market.invoices, template, tone, channel, now: SPEAKS_ON[template], policy: defaultPolicy }),
            );
            // Chile and Peru "cancelan" (pay) a bill; in Mexico it means calling it off: never say it.
            expect(text).not.toMatch(/cancel/i);
            // Formal address: no "tú" forms.
            expect(text).not.toMatch(/\b(tu factura|puedes|paga tu|te recordamos)\b/i);
            if (market.account.locale.startsWith('es')) expect(text).toMatch(/factura/i);
            else expect(text).toMatch(/invoice/i);
          }
        }
      }
    }
  });

  it('shows days overdue for each late invoice', () => {
    const mx = MARKETS[0]!;
    const email = composeMessage({ account: mx.account, invoices: mx.invoices, template: 'overdue', tone: 'firm', channel: 'email', now: new Date('2026-12-20T16:00:00Z'), policy: defaultPolicy });
    if (email.channel !== 'email') throw new Error('expected an email');
    expect(email.text).toContain('MX-F1001 por $10,000.00, venció el 15 de diciembre de 2026 (5 días de atraso)');
    expect(email.text).toContain('MX-F1002 por $2,345.67, venció el 17 de diciembre de 2026 (3 días de atraso)');
  });

  it('speaks for the oldest invoice: an upcoming step sent after the oldest is due says "overdue"', () => {
    const us = MARKETS[4]!;
    const late = composeMessage({ account: us.account, invoices: us.invoices, template: 'upcoming', tone: 'friendly', channel: 'email', now: new Date('2026-12-16T16:00:00Z'), policy: defaultPolicy });
    if (late.channel !== 'email') throw new Error('expected an email');
    expect(late.subject).toBe('2 invoices are still open – Ejemplo Corp');
    // Only the invoice due on the 15th is late; the one due on the 17th is named apart, never asked for.
    expect(plain(late.text)).toContain('the overdue invoice in the list, for $1,000.00, is still open; it was due on December 15, 2026 (1 day overdue).');
    expect(plain(late.text)).toContain('The other invoice in the list, for $234.56, is not yet due; we include it only as a reminder of its date.');
    expect(plain(late.text)).toContain('Overdue total of these invoices: $1,000.00\nNot yet due: $234.56');
    const wa = composeMessage({ account: us.account, invoices: us.invoices, template: 'due-today', tone: 'firm', channel: 'whatsapp', now: new Date('2026-12-16T16:00:00Z'), policy: defaultPolicy });
    expect(wa.channel === 'whatsapp' && wa.templateName).toBe('cobranza_overdue_firm');
  });

  it('is the same email as renderEmail for one invoice', () => {
    const mx = MARKETS[0]!;
    const input = { account: mx.account, invoice: mx.invoices[0], template: 'overdue', tone: 'firm' as const, now: SPEAKS_ON.overdue, policy: defaultPolicy };
    const { channel, ...composed } = composeMessage({ ...input, invoices: [input.invoice], channel: 'email' });
    expect(channel).toBe('email');
    expect(composed).toEqual(renderEmail(input));
  });

  it('refuses an unknown template, no invoices, and another account’s invoice', () => {
    const mx = MARKETS[0]!;
    const base = { account: mx.account, invoices: mx.invoices, template: 'overdue', tone: 'firm' as const, channel: 'sms' as const, now: SPEAKS_ON.overdue, policy: defaultPolicy };
    expect(() => composeMessage({ ...base, template: 'gentle-nudge' })).toThrow(/unknown template "gentle-nudge"/);
    expect(() => composeMessage({ ...base, invoices: [] })).toThrow(/at least one invoice/);
    expect(() => composeMessage({ ...base, invoices: [...mx.invoices, MARKETS[1]!.invoices[0]] })).toThrow(/belongs to account CO-200, not MX-100/);
  });

  it('adds the totals per currency, never across currencies', () => {
    const mx = MARKETS[0]!;
    const usd = { ...mx.invoices[1], invoiceNumber: 'MX-USD-1', currency: 'USD', balance: 50_000, amount: 50_000 };
    const sms = composeMessage({ account: mx.account, invoices: [mx.invoices[0], usd], template: 'overdue', tone: 'friendly', channel: 'sms', now: SPEAKS_ON.overdue, policy: defaultPolicy });
    expect(sms.channel === 'sms' && sms.body).toContain('$10,000.00 + USD 500.00');
  });
});
