import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGsm7, smsSegments } from '../../../shared/domain/channels/sms-segments.js';
import type { PaymentPlan, PlanInstallment } from '../../../shared/domain/escalation/types.js';
import { MessageTooLongError } from '../../../shared/domain/messages/errors.js';
import {
  composeInstallmentReminder,
  type ComposedMessage,
  type InstallmentMoment,
  type InstallmentReminderInput,
} from '../../../shared/domain/messages/compose.js';
import { whatsappTemplateCatalog } from '../../../shared/domain/messages/whatsapp-catalog.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { CHANNELS, type Account, type Channel } from '../../../shared/domain/types.js';
import { MARKETS, plain, policyWith } from './fixtures.js';

const MOMENTS: readonly InstallmentMoment[] = ['upcoming', 'due-today'];
const DATES = ['2026-12-01', '2026-12-31', '2027-01-30', '2027-03-01', '2027-03-31', '2027-04-30'];
const now = new Date('2027-01-27T16:00:00Z');

const mexico = MARKETS[0]!.account;
const chile = MARKETS[3]!.account;
const us = MARKETS[4]!.account;

/** A plan of `account`: a down payment and installments of `amounts`, the first `paid` of them paid. */
function planOf(account: Account, currency: string, amounts: readonly number[], paid = 1): PaymentPlan {
  return {
    planId: 'plan-7f3a',
    accountId: account.accountId,
    currency,
    total: amounts.reduce((sum, amount) => sum + amount, 0),
    installments: amounts.map((amount, i): PlanInstallment => ({ dueDate: DATES[i]!, amount, status: i < paid ? 'paid' : 'due' })),
    discountPercent: 0,
    interestWaived: true,
    createdAt: '2026-12-01T16:00:00.000Z',
    status: 'active',
  };
}

/** The default proposal for $10,000.00: 30% down, then three payments (the odd cent on the last). */
const mxPlan = planOf(mexico, 'MXN', [300_000, 233_333, 233_333, 233_334], 2);
const usPlan = planOf(us, 'USD', [30_000, 23_333, 23_333, 23_334], 2);

function reminder(channel: Channel, changes: Partial<InstallmentReminderInput> = {}): ComposedMessage {
  return composeInstallmentReminder({ account: mexico, channel, plan: mxPlan, index: 2, moment: 'upcoming', policy: defaultPolicy, now, ...changes });
}

/** What the debtor reads, on any channel. */
function read(message: ComposedMessage): string {
  if (message.channel === 'email') return plain(`${message.subject}\n${message.text}`);
  if (message.channel === 'sms') return message.body;
  return plain(message.preview);
}

describe('composeInstallmentReminder', () => {
  it('names the payment, its amount and its due date in the debtor’s Spanish', () => {
    const email = reminder('email');
    expect(email.channel === 'email' && email.subject).toBe('Recordatorio de su plan de pagos: el pago 2 de 3 vence el 30 de enero de 2027 – Ejemplo Corp');
    expect(read(email)).toContain(
      'Les escribimos de Ejemplo Corp para recordarles, con tiempo, que el pago 2 de 3 de su plan de pagos, por $2,333.33, vence el 30 de enero de 2027. Después de este pago, queda 1 pago de $2,333.34.',
    );
    expect(read(email)).toContain('Hola, equipo de Abarrotes La Esperanza:');
    expect(read(reminder('sms'))).toContain('el pago 2 de 3 de su plan de pagos, por $2,333.33, vence el 30 ene.');
    const whatsapp = reminder('whatsapp');
    expect(whatsapp.channel === 'whatsapp' && whatsapp.parameters.slice(0, 6)).toEqual([
      'Abarrotes La Esperanza',
      'Ejemplo Corp',
      'el pago 2 de 3',
      '$2,333.33',
      '30 de enero de 2027',
      'queda 1 pago de $2,333.34',
    ]);
    for (const message of [email, whatsapp]) expect(message.locale).toBe('es-MX');
  });

  it('speaks English to an en-US debtor', () => {
    const input = { account: us, plan: usPlan, index: 2, moment: 'upcoming' as const };
    const email = reminder('email', input);
    expect(email.channel === 'email' && email.subject).toBe('Payment plan reminder: payment 2 of 3 is due on January 30, 2027 – Ejemplo Corp');
    expect(read(email)).toContain('that payment 2 of 3 under your payment plan, for $233.33, is due on January 30, 2027. After this payment, 1 payment of $233.34 remains.');
    expect(read(reminder('sms', input))).toContain('payment 2 of 3 under your payment plan, for $233.33, is due on Jan 30.');
    expect(read(reminder('whatsapp', input))).toMatch(/^Hello Main Street Grocers, this is a friendly reminder from Ejemplo Corp that payment 2 of 3/);
  });

  it('writes Chilean pesos without decimals', () => {
    const plan = planOf(chile, 'CLP', [300_000, 233_333, 233_333, 233_334]);
    for (const channel of CHANNELS) {
      const text = read(reminder(channel, { account: chile, plan, index: 1 }));
      expect(text, channel).toContain('$233.333');
      expect(text, channel).not.toMatch(/\$233\.333,\d/);
    }
    expect(read(reminder('email', { account: chile, plan, index: 1 }))).toContain('Total del plan: $1.000.000');
  });

  it('says "today" on the due date, still with the date where there is room for it', () => {
    const es = (channel: Channel) => read(reminder(channel, { moment: 'due-today' }));
    expect(es('email')).toContain('Recordatorio de su plan de pagos: el pago 2 de 3 vence hoy – Ejemplo Corp');
    expect(es('email')).toContain('que hoy, 30 de enero de 2027, vence el pago 2 de 3 de su plan de pagos, por $2,333.33.');
    expect(es('whatsapp')).toContain('que hoy, 30 de enero de 2027, vence el pago 2 de 3');
    expect(es('sms')).toContain('que hoy vence el pago 2 de 3 de su plan de pagos, por $2,333.33.');
    const en = (channel: Channel) => read(reminder(channel, { account: us, plan: usPlan, moment: 'due-today' }));
    expect(en('email')).toContain('Payment plan reminder: payment 2 of 3 is due today – Ejemplo Corp');
    expect(en('whatsapp')).toContain('payment 2 of 3 under your payment plan, for $233.33, is due today, January 30, 2027.');
    expect(en('sms')).toContain('is due today.');
    for (const channel of CHANNELS) expect(es(channel), channel).not.toContain('vence el 30');
  });

  it('calls installment 0 the down payment, and says what the whole plan still holds', () => {
    const plan = planOf(mexico, 'MXN', [300_000, 233_333, 233_333, 233_334], 0);
    const es = reminder('email', { plan, index: 0, moment: 'due-today' });
    expect(es.channel === 'email' && es.subject).toBe('Recordatorio de su plan de pagos: el pago inicial vence hoy – Ejemplo Corp');
    expect(read(es)).toContain('vence el pago inicial de su plan de pagos, por $3,000.00. Después de este pago, quedan 3 pagos por un total de $7,000.00.');
    const en = reminder('whatsapp', { account: us, plan: planOf(us, 'USD', [30_000, 70_000], 0), index: 0 });
    expect(read(en)).toContain('that the down payment under your payment plan, for $300.00, is due on December 1, 2026. After this payment, 1 payment of $700.00 remains.');
  });

  it('tells the debtor when this payment settles the plan', () => {
    const last = { plan: planOf(mexico, 'MXN', [300_000, 233_333, 233_333, 233_334], 3), index: 3 };
    for (const channel of CHANNELS) expect(read(reminder(channel, last)), channel).toContain('Después de este pago, su plan queda liquidado.');
    const en = reminder('email', { account: us, plan: planOf(us, 'USD', [30_000, 70_000], 1), index: 1 });
    expect(read(en)).toContain('After this payment, your plan is fully paid.');
  });

  it('lists the whole schedule in the email, each payment with its date, amount and whether it is paid', () => {
    const email = reminder('email', { unsubscribeUrl: 'https://u.example/x?a=1&b=2' });
    if (email.channel !== 'email') throw new Error('email expected');
    const schedule = [
      '- Pago inicial · 1 de diciembre de 2026 · $3,000.00 · pagado',
      '- Pago 1 de 3 · 31 de diciembre de 2026 · $2,333.33 · pagado',
      '- Pago 2 de 3 · 30 de enero de 2027 · $2,333.33 · pendiente (este pago)',
      '- Pago 3 de 3 · 1 de marzo de 2027 · $2,333.34 · pendiente',
      'Total del plan: $10,000.00',
    ].join('\n');
    expect(plain(email.text)).toContain(`El calendario de su plan de pagos:\n${schedule}`);
    expect(plain(email.text)).toContain('Pagar en línea: https://pay.example.com/MX-100/plan-7f3a');
    expect(plain(email.text)).toContain(
      'Muchas gracias y saludos cordiales,\nCuentas por Cobrar\nEjemplo Corp, S.A. de C.V. · RFC ECO120315AB1\nTel. +52 55 1234 5678 · cobranza@example.com\nAv. Paseo de la Reforma 250, piso 10, Col. Juárez, 06600 Ciudad de México, CDMX',
    );
    expect(email.replyTo).toBe('cobranza@example.com');
    expect(email.text).toContain('Si prefieren no recibir estos recordatorios por correo: https://u.example/x?a=1&b=2\n');
    for (const line of schedule.split('\n')) expect(plain(email.html)).toContain(line);
    expect(email.html).toContain('<a href="https://u.example/x?a=1&amp;b=2"');
    expect(email.html).toContain('<html lang="es-MX">');

    const en = reminder('email', { account: us, plan: { ...usPlan, installments: usPlan.installments.map((item, i) => (i === 1 ? { ...item, status: 'missed' } : item)) } });
    expect(plain(en.channel === 'email' ? en.text : '')).toContain(
      [
        '- Down payment · December 1, 2026 · $300.00 · paid',
        '- Payment 1 of 3 · December 31, 2026 · $233.33 · missed',
        '- Payment 2 of 3 · January 30, 2027 · $233.33 · pending (this payment)',
        '- Payment 3 of 3 · March 1, 2027 · $233.34 · pending',
        'Plan total: $1,000.00',
      ].join('\n'),
    );
    const withoutFooter = reminder('email');
    expect(withoutFooter.channel === 'email' && withoutFooter.text).not.toContain('darse de baja');
    expect(withoutFooter.channel === 'email' && withoutFooter.html).not.toContain('darse de baja');
  });

  it('ends every SMS and WhatsApp installment reminder with the opt-out line, in every market and at every budget', () => {
    for (const market of MARKETS) {
      const plan = planOf(market.account, market.invoices[0].currency, [300_000, 233_333, 233_333, 233_334], 2);
      const es = market.account.locale.startsWith('es');
      for (const moment of MOMENTS) {
        for (const budget of [1, 2]) {
          const sms = reminder('sms', { account: market.account, plan, moment, policy: policyWith({ budget }) });
          expect(read(sms), `${market.account.locale} ${moment} ${budget}`).toMatch(es ? /Responda BAJA para no recibir mas( mensajes)?\.$/ : /Reply STOP to opt out\.$/);
        }
        const whatsapp = reminder('whatsapp', { account: market.account, plan, moment });
        expect(read(whatsapp).endsWith(es ? '\nResponda BAJA para no recibir más mensajes.' : '\nReply STOP to opt out.')).toBe(true);
      }
    }
  });

  it('asks for a reply by email only when an address reads replies, else gives the phone', () => {
    const email = reminder('email', { policy: policyWith({ company: { email: undefined, replyTo: undefined } }) });
    expect(read(email)).toContain('Si necesitan algo, llámennos al +52 55 1234 5678 y con gusto les ayudamos.');
    expect(read(email)).not.toContain('respondan a este correo');
    expect(email.channel === 'email' && email.replyTo).toBeUndefined();
    expect(read(reminder('email'))).toContain('Si necesitan algo, respondan a este correo y con gusto les ayudamos.');
  });

  it('leaves out of the schedule a down payment of nothing', () => {
    const plan = planOf(us, 'USD', [0, 50_000, 50_000]);
    const email = reminder('email', { account: us, plan, index: 1 });
    expect(read(email)).not.toContain('Down payment');
    expect(read(email)).toContain('- Payment 1 of 2 · December 31, 2026 · $500.00 · pending (this payment)');
  });

  it('sends the debtor to the customer portal when the policy has one, else to the payment link with the plan id', () => {
    const policy = policyWith({ company: { portalLinkTemplate: 'https://portal.example.com/{accountId}' } });
    for (const channel of CHANNELS) {
      expect(read(reminder(channel, { policy })), channel).toContain('https://portal.example.com/MX-100');
      expect(read(reminder(channel)), channel).toContain('https://pay.example.com/MX-100/plan-7f3a');
    }
  });

  it('keeps a reminder within one SMS by cutting the name, then dropping what remains, then the greeting', () => {
    const policy = policyWith({ budget: 1 });
    const long = { ...mexico, name: 'Comercializadora Internacional de Abarrotes y Bebidas del Pacífico Norte, S.A. de C.V.' };
    const sms = reminder('sms', { account: long, policy });
    expect(sms.channel === 'sms' && sms).toMatchObject({ segments: 1, encoding: 'GSM-7' });
    expect(read(sms)).toContain('el pago 2 de 3');
    expect(read(sms)).toContain('$2,333.33');
    expect(read(sms)).not.toContain('Pacifico Norte');
    const huge = policyWith({ budget: 1, company: { name: 'Ejemplo Corporativo Internacional de Servicios Financieros y Cobranza Empresarial de Latinoamérica S.A. de C.V. '.repeat(2) } });
    expect(() => reminder('sms', { policy: huge })).toThrow(MessageTooLongError);
  });

  it('sends the approved WhatsApp template, with as many parameters as its catalog body has placeholders', () => {
    const catalog = whatsappTemplateCatalog(defaultPolicy);
    for (const market of MARKETS) {
      for (const moment of MOMENTS) {
        const plan = planOf(market.account, market.invoices[0].currency, [300_000, 233_333, 233_333, 233_334]);
        const message = composeInstallmentReminder({ account: market.account, channel: 'whatsapp', plan, index: 1, moment, policy: defaultPolicy, now });
        if (message.channel !== 'whatsapp') throw new Error('whatsapp expected');
        expect(message.templateName).toBe(moment === 'upcoming' ? 'cobranza_installment_upcoming' : 'cobranza_installment_due_today');
        const entry = catalog.find((e) => e.name === message.templateName && e.language === message.languageCode);
        expect(entry, `${message.templateName} ${message.languageCode}`).toBeDefined();
        expect(message.parameters).toHaveLength(entry?.body.match(/\{\{\d+\}\}/g)?.length ?? -1);
        expect(message.preview).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it('refuses an index outside the plan, an installment of nothing and another account’s plan', () => {
    const zeroDown = planOf(mexico, 'MXN', [0, 500_000, 500_000]);
    for (const index of [-1, 4, 1.5, Number.NaN]) expect(() => reminder('sms', { index }), String(index)).toThrow(RangeError);
    expect(() => reminder('email', { plan: zeroDown, index: 0 })).toThrow(/installment 0 .* is of 0/);
    expect(() => reminder('whatsapp', { account: us })).toThrow(/belongs to account MX-100, not US-500/);
    expect(() => reminder('email', { plan: { ...mxPlan, installments: [...mxPlan.installments, { dueDate: '2027-02-30x', amount: 1, status: 'due' }] } })).toThrow(RangeError);
  });
});

/** Pieces of real names: accents, ñ, symbols HTML must escape, emoji (one and several code points). */
const NAME_PIECES = [
  'a', 'e', 'o', 'S', 'M', 'ñ', 'á', 'é', 'í', 'ó', 'ú', 'ü', 'Ç', 'ç', ' ', '.', ',', '&', '<', '"', "'", '-',
  '😀', '🌮', '👩‍👩‍👧', '🇲🇽', 'Ferretería ', 'Distribuidora ', 'S.A. de C.V.', 'S.A.S.', 'del Pacífico ', '{{total}}',
];
const nameArb = fc
  .array(fc.constantFrom(...NAME_PIECES), { minLength: 1, maxLength: 40 })
  .map((pieces) => pieces.join('').trim())
  .filter((name) => name.length > 0);

const caseArb = fc
  .record({
    market: fc.constantFrom(...MARKETS),
    name: nameArb,
    currency: fc.constantFrom('MXN', 'COP', 'PEN', 'CLP', 'USD', 'EUR'),
    amounts: fc.array(fc.integer({ min: 1, max: 99_999_999_999 }), { minLength: 1, maxLength: 6 }),
    paid: fc.integer({ min: 0, max: 6 }),
    moment: fc.constantFrom(...MOMENTS),
    pick: fc.nat(),
  })
  .map(({ market, name, currency, amounts, paid, moment, pick }) => {
    const account: Account = { ...market.account, name };
    return { account, plan: planOf(account, currency, amounts, paid), index: pick % amounts.length, moment };
  });

describe('installment reminders for any debtor and plan (property)', () => {
  it('fit the SMS budget in GSM-7 and never leave a blank, on every channel', () => {
    fc.assert(
      fc.property(caseArb, ({ account, plan, index, moment }) => {
        for (const channel of CHANNELS) {
          const message = composeInstallmentReminder({ account, channel, plan, index, moment, policy: defaultPolicy, now, unsubscribeUrl: 'https://u.example/x' });
          const all = message.channel === 'email' ? `${message.subject}\n${message.text}\n${message.html}` : message.channel === 'sms' ? message.body : `${message.parameters.join('\n')}\n${message.preview}`;
          expect(all).not.toMatch(/undefined|NaN|null|Infinity/);
          // A name of "{{total}}" stays a name (the SMS may shorten it to "{{total..."); every placeholder of the words is filled.
          expect(all.replaceAll('{{total}}', '')).not.toMatch(/\{\{[A-Za-z]+\}\}/);
          if (message.channel === 'sms') {
            expect(message.encoding).toBe('GSM-7');
            expect(isGsm7(message.body)).toBe(true);
            expect(smsSegments(message.body).segments).toBe(message.segments);
            expect(message.segments).toBeLessThanOrEqual(defaultPolicy.channels.sms.segmentBudget);
            expect(message.body).toContain(`https://pay.example.com/${account.accountId}/plan-7f3a`);
          }
          if (message.channel === 'whatsapp') {
            for (const parameter of message.parameters) expect(parameter).not.toMatch(/[\n\r\t]| {5,}|^$/);
            expect(message.preview.length).toBeLessThanOrEqual(1024);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('fit a one-segment budget whenever the shortest form can, and say so when it cannot', () => {
    const policy = policyWith({ budget: 1 });
    fc.assert(
      fc.property(caseArb, ({ account, plan, index, moment }) => {
        try {
          const message = composeInstallmentReminder({ account, channel: 'sms', plan, index, moment, policy, now });
          expect(message.channel === 'sms' && message.segments).toBe(1);
          expect(message.channel === 'sms' && message.encoding).toBe('GSM-7');
        } catch (error) {
          expect(error).toBeInstanceOf(MessageTooLongError);
        }
      }),
      { numRuns: 100 },
    );
    // With the default company and link, the shortest form always fits one segment.
    const big = planOf(mexico, 'MXN', [99_999_999_999, 99_999_999_999, 99_999_999_999, 99_999_999_999, 99_999_999_999, 99_999_999_999]);
    for (const moment of MOMENTS) expect(composeInstallmentReminder({ account: mexico, channel: 'sms', plan: big, index: 5, moment, policy, now }).channel).toBe('sms');
  });
});
