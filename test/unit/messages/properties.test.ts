import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../../shared/domain/channels/sms-segments.js';
import { composeMessage, type ComposedMessage } from '../../../shared/domain/messages/compose.js';
import { whatsappTemplateCatalog } from '../../../shared/domain/messages/whatsapp-catalog.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { TEMPLATE_NAMES } from '../../../shared/domain/templates/catalog.js';
import { CHANNELS, type Account, type Invoice } from '../../../shared/domain/types.js';
import { MARKETS, TONES } from './fixtures.js';

/** Pieces of real names: accents, ñ, symbols HTML must escape, emoji (one and several code points). */
const NAME_PIECES = [
  'a', 'e', 'o', 'S', 'M', 'r', 'ñ', 'á', 'é', 'í', 'ó', 'ú', 'ü', 'Ç', 'ç', ' ', ' ', '.', ',', '&', '<', '>', '"', "'",
  '-', '/', '😀', '🌮', '👩‍👩‍👧', '🇲🇽', 'Ferretería ', 'Distribuidora ', 'S.A. de C.V.', 'S.A.S.', 'SpA', 'LLC', 'del Pacífico ',
];
const nameArb = fc
  .array(fc.constantFrom(...NAME_PIECES), { minLength: 1, maxLength: 40 })
  .map((pieces) => pieces.join('').trim())
  .filter((name) => name.length > 0);

const invoiceNumberArb = fc
  .array(fc.constantFrom(...'ABCDEFXYZ0123456789-/'.split('')), { minLength: 1, maxLength: 18 })
  .map((chars) => `F${chars.join('')}`);

const invoicesArb = (accountId: string): fc.Arbitrary<Invoice[]> =>
  fc
    .uniqueArray(
      fc.record({
        invoiceNumber: invoiceNumberArb,
        currency: fc.constantFrom('MXN', 'COP', 'PEN', 'CLP', 'USD', 'EUR'),
        balance: fc.integer({ min: 1, max: 999_999_999_999 }),
        dueOffset: fc.integer({ min: -60, max: 200 }),
      }),
      { minLength: 1, maxLength: 15, selector: (invoice) => invoice.invoiceNumber },
    )
    .map((rows) =>
      rows.map(
        (row): Invoice => ({
          accountId,
          invoiceNumber: row.invoiceNumber,
          currency: row.currency,
          amount: row.balance,
          balance: row.balance,
          dueDate: new Date(Date.UTC(2026, 11, 15 - row.dueOffset)).toISOString().slice(0, 10),
          status: 'open',
        }),
      ),
    );

const caseArb = fc
  .record({
    market: fc.constantFrom(...MARKETS),
    name: nameArb,
    template: fc.constantFrom(...TEMPLATE_NAMES),
    tone: fc.constantFrom(...TONES),
    // A Tuesday; and two Mondays a due date on a weekend or holiday rolls to (12–13 December; Navidad), whose words are longest.
    now: fc.constantFrom(new Date('2026-12-15T16:00:00Z'), new Date('2026-12-14T16:00:00Z'), new Date('2026-12-28T16:00:00Z')),
  })
  .chain(({ market, name, template, tone, now }) => {
    const account: Account = { ...market.account, name };
    return invoicesArb(account.accountId).map((invoices) => ({ account, invoices, template, tone, now }));
  });

const catalog = whatsappTemplateCatalog(defaultPolicy);

function everything(message: ComposedMessage): string {
  if (message.channel === 'email') return `${message.subject}\n${message.text}\n${message.html}`;
  if (message.channel === 'sms') return message.body;
  return `${message.parameters.join('\n')}\n${message.preview}`;
}

describe('messages for any debtor (property)', () => {
  it('never exceed the SMS budget, never leave a blank, and give Meta parameters it accepts', () => {
    fc.assert(
      fc.property(caseArb, ({ account, invoices, template, tone, now }) => {
        for (const channel of CHANNELS) {
          const message = composeMessage({ account, invoices, template, tone, channel, now, policy: defaultPolicy, unsubscribeUrl: 'https://u.example/x' });
          const text = everything(message);
          expect(text).not.toMatch(/undefined|NaN|null|\{\{|\}\}/);
          // A variable that rendered empty would leave a gap like "por ," or "Total ." or "()".
          expect(text).not.toMatch(/ (?:por|for|Total:?|Detalle:|Details:) [,.;]|\(\)/);
          if (message.channel === 'sms') {
            expect(message.segments).toBeLessThanOrEqual(defaultPolicy.channels.sms.segmentBudget);
            const counted = smsSegments(message.body);
            expect([message.segments, message.encoding]).toEqual([counted.segments, counted.encoding]);
            // Summarised: the count of all invoices, or (a late message carrying some not yet due) of the late ones.
            const summarised = /\b\d+ (facturas|invoices|facturas? vencidas?|overdue invoices?)\b/.test(message.body);
            const listed = invoices.every((invoice) => message.body.includes(invoice.invoiceNumber));
            expect(listed || summarised || (invoices.length === 1 && message.body.includes(invoices[0]?.invoiceNumber ?? '?'))).toBe(true);
          }
          if (message.channel === 'whatsapp') {
            expect(message.preview.length).toBeLessThanOrEqual(1024);
            const entry = catalog.find((e) => e.name === message.templateName && e.language === message.languageCode);
            expect(message.parameters).toHaveLength(entry?.parameters.length ?? -1);
            for (const parameter of message.parameters) {
              expect(parameter).not.toMatch(/[\r\n\t]| {5,}/);
              expect(parameter.trim()).not.toBe('');
            }
          }
          if (message.channel === 'email') {
            for (const invoice of invoices) expect(message.text).toContain(invoice.invoiceNumber);
            expect(message.html).not.toMatch(/<(?!\/?(?:!DOCTYPE|html|head|meta|title|body|div|p|table|tr|td|th|a|br)\b)/i);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
