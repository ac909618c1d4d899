import { describe, expect, it } from 'vitest';
import type { PaymentPlan } from '../../../shared/domain/escalation/types.js';
import { composeMessage, type ComposeInput } from '../../../shared/domain/messages/compose.js';
import { composeInstallmentReminder } from '../../../shared/domain/messages/installment.js';
import { composeLetter } from '../../../shared/domain/messages/pre-legal-letter.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { TEMPLATE_NAMES } from '../../../shared/domain/templates/catalog.js';
import { renderReceipt } from '../../../shared/domain/templates/receipt.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import { plain, SPEAKS_ON, TONES } from './fixtures.js';

/**
 * A consumer (Account.debtorType 'consumer') is a person: every message writes to them by name, in
 * Spanish "usted" — never "Hola, equipo de Juan Pérez", "Estimados señores de Juan Pérez" or "les".
 * A business or an SME keeps the company wording.
 */
const juan: Account = { accountId: 'MX-9', name: 'Juan Pérez', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX', debtorType: 'consumer' };
const john: Account = { ...juan, accountId: 'US-9', name: 'John Smith', country: 'US', timezone: 'America/New_York', locale: 'en-US' };
const invoice = (account: Account, invoiceNumber: string, dueDate: string, balance = 150_000): Invoice => ({
  accountId: account.accountId,
  invoiceNumber,
  currency: account.country === 'US' ? 'USD' : 'MXN',
  amount: balance,
  balance,
  dueDate,
  status: 'open',
});
const one = [invoice(juan, 'F-1', '2026-12-15')];
const two = [invoice(juan, 'F-1', '2026-12-15'), invoice(juan, 'F-2', '2026-12-17', 50_000)];

function email(input: Partial<ComposeInput> = {}): string {
  const message = composeMessage({ account: juan, invoices: one, template: 'overdue', tone: 'firm', channel: 'email', now: SPEAKS_ON.overdue, policy: defaultPolicy, ...input });
  if (message.channel !== 'email') throw new Error('expected an email');
  return plain(`${message.subject}\n${message.text}\n${message.html}`);
}

/** What a text to a company's team says and a text to one person never does. */
const PLURAL_YOU =
  /equipo de|señores|\b[Ll]es\b|ustedes|necesitan|requieren|tengan|tienen|podrían|respondan|llámennos|escríbannos|comuníquense|envíennos|efectuaron|realizaron|desean|prefieren|copien|Consulten|se encuentren|ayudarles|recordarles|impida el pago/;

describe('messages to a consumer are written to the person', () => {
  it('the whole email, by hand: "Estimado/a Juan Pérez", usted', () => {
    const message = composeMessage({ account: juan, invoices: one, template: 'overdue', tone: 'firm', channel: 'email', now: SPEAKS_ON.overdue, policy: defaultPolicy });
    if (message.channel !== 'email') throw new Error('expected an email');
    expect(message.subject).toBe('Factura F-1 vencida (3 días de atraso) – Ejemplo Corp');
    expect(message.text).toBe(
      'Estimado/a Juan Pérez:\n\n' +
        'Según nuestros registros, la factura F-1 por $1,500.00, con vencimiento el 15 de diciembre de 2026, sigue sin pagarse (3 días de atraso).\n\n' +
        'Le pedimos realizar el pago a la brevedad. Si ya lo efectuó, por favor envíenos el comprobante para aplicarlo a su cuenta. Si existe algún motivo que le impida pagar, responda a este correo para buscar una solución.\n\n' +
        'Factura: F-1\nSaldo pendiente: $1,500.00\nFecha de vencimiento: 15 de diciembre de 2026\nDías de atraso: 3\n\n' +
        'Pagar en línea: https://pay.example.com/MX-9/F-1\n\n' +
        'Saludos cordiales,\nCuentas por Cobrar\nEjemplo Corp, S.A. de C.V. · RFC ECO120315AB1\nTel. +52 55 1234 5678 · cobranza@example.com\n' +
        'Av. Paseo de la Reforma 250, piso 10, Col. Juárez, 06600 Ciudad de México, CDMX\n',
    );
  });

  it('greets by name in every template and tone, one invoice or several, and never says "ustedes"', () => {
    for (const template of TEMPLATE_NAMES) {
      for (const tone of TONES) {
        for (const invoices of [one, two]) {
          const text = email({ template, tone, invoices, now: SPEAKS_ON[template], unsubscribeUrl: 'https://u.example/1', selfServiceUrl: 'https://p.example/1' });
          const label = `${template} ${tone} ${invoices.length}`;
          expect(text, label).toContain(tone === 'friendly' ? '\nHola, Juan Pérez:\n' : '\nEstimado/a Juan Pérez:\n');
          expect(text, label).not.toMatch(PLURAL_YOU);
          expect(text, label).toContain('¿Necesita más tiempo, un plan de pagos, o hay un problema con una factura? Díganoslo aquí: https://p.example/1');
          expect(text, label).toContain('Si prefiere no recibir estos recordatorios por correo: https://u.example/1');
        }
      }
    }
  });

  it('asks the person to reply, call or write in the singular', () => {
    const noMailbox = { ...defaultPolicy, company: { ...defaultPolicy.company, email: undefined, replyTo: undefined } };
    expect(email({ template: 'final-notice', tone: 'friendly', now: SPEAKS_ON['final-notice'], policy: noMailbox })).toContain(
      'Si en este momento le resulta complicado pagar el total en un solo pago, llámenos al +52 55 1234 5678 y con gusto revisamos un plan de pagos.',
    );
    expect(email({ template: 'upcoming', tone: 'friendly', now: SPEAKS_ON.upcoming, invoices: two })).toContain(
      'Esperamos que se encuentre muy bien. Le escribimos para recordarle, con tiempo, que las 2 facturas que listamos abajo, por un total de $2,000.00, vencen próximamente; la primera, el 15 de diciembre de 2026 (en 5 días).',
    );
    expect(email({ template: 'final-notice', tone: 'formal', now: SPEAKS_ON['final-notice'] })).toContain(
      'De no recibir el pago ni una propuesta, le enviaremos una carta de cobro con el detalle del saldo vencido.',
    );
  });

  it('in English: "Hello John Smith," or "Dear John Smith,", never "the John Smith team"', () => {
    for (const template of TEMPLATE_NAMES) {
      for (const tone of TONES) {
        const text = email({ account: john, invoices: [invoice(john, 'INV-1', '2026-12-15')], template, tone, now: SPEAKS_ON[template] });
        expect(text).toContain(tone === 'friendly' ? '\nHello John Smith,\n' : '\nDear John Smith,\n');
        expect(text).not.toMatch(/ team,/);
      }
    }
  });

  it('a business and an SME keep the company wording', () => {
    for (const debtorType of ['business', 'sme', undefined] as const) {
      const company = { ...juan, name: 'Abarrotes La Esperanza', debtorType };
      expect(email({ account: company, tone: 'formal' })).toContain('Estimados señores de Abarrotes La Esperanza:');
      expect(email({ account: company, tone: 'friendly' })).toContain('Hola, equipo de Abarrotes La Esperanza:');
    }
  });

  it('SMS: the formal greeting names the person ("Estimado/a"), a company keeps "Estimado cliente"', () => {
    const sms = (account: Account) => {
      const message = composeMessage({ account, invoices: [{ ...one[0]!, accountId: account.accountId }], template: 'overdue', tone: 'formal', channel: 'sms', now: SPEAKS_ON.overdue, policy: defaultPolicy });
      return message.channel === 'sms' ? message.body : '';
    };
    expect(sms(juan)).toBe(
      'Ejemplo Corp: Estimado/a Juan Pérez, le informamos que la factura F-1 por $1,500.00 tiene 3 dias de atraso. Le solicitamos pagar lo vencido a la brevedad: https://pay.example.com/MX-9/F-1 Responda BAJA para no recibir mas mensajes.',
    );
    expect(sms({ ...juan, debtorType: 'business' })).toContain('Ejemplo Corp: Estimado cliente Juan Pérez, le informamos que');
  });

  it('the installment reminder email: "Hola, Juan Pérez", usted', () => {
    const plan: PaymentPlan = {
      planId: 'plan-1',
      accountId: juan.accountId,
      currency: 'MXN',
      total: 400_000,
      installments: [
        { dueDate: '2026-12-01', amount: 100_000, status: 'paid' },
        { dueDate: '2026-12-31', amount: 150_000, status: 'due' },
        { dueDate: '2027-01-30', amount: 150_000, status: 'due' },
      ],
      discountPercent: 0,
      interestWaived: true,
      createdAt: '2026-12-01T16:00:00.000Z',
      status: 'active',
    };
    const message = composeInstallmentReminder({ account: juan, channel: 'email', plan, index: 1, moment: 'upcoming', policy: defaultPolicy, now: new Date('2026-12-28T16:00:00Z') });
    if (message.channel !== 'email') throw new Error('expected an email');
    const text = plain(message.text);
    expect(text.startsWith('Hola, Juan Pérez:\n\nEsperamos que se encuentre muy bien. Le escribimos de Ejemplo Corp para recordarle, con tiempo, que el pago 1 de 2 de su plan de pagos, por $1,500.00, vence el 31 de diciembre de 2026.')).toBe(true);
    expect(text).toContain('Si el pago ya está programado, ¡muchas gracias por cumplir con su plan! Si necesita algo, responda a este correo y con gusto le ayudamos.');
    expect(text).not.toMatch(PLURAL_YOU);
    const english = composeInstallmentReminder({ account: john, channel: 'email', plan: { ...plan, accountId: john.accountId }, index: 1, moment: 'due-today', policy: defaultPolicy, now: new Date('2026-12-31T16:00:00Z') });
    expect(english.channel === 'email' && english.text.startsWith('Hello John Smith,\n')).toBe(true);
  });

  it('the letter: "Estimado/a Juan Pérez", usted throughout; in English "Dear John Smith" … "Yours sincerely"', () => {
    const disputes = [{ invoiceNumber: 'F-3', status: 'open' as const }];
    const invoices = [invoice(juan, 'F-1', '2026-10-01'), invoice(juan, 'F-3', '2026-10-05')];
    const letter = plain(composeLetter({ account: juan, invoices, disputes, policy: defaultPolicy, now: new Date('2026-11-23T16:00:00Z'), graceDays: 10 }).text);
    expect(letter).toContain('\nEstimado/a Juan Pérez:\n\nEjemplo Corp le escribe con respecto al saldo vencido de su cuenta, que a esta fecha asciende a $1,500.00, integrado por la siguiente factura:');
    expect(letter).toContain('Le solicitamos realizar el pago a más tardar el 3 de diciembre de 2026 en: https://pay.example.com/MX-9/F-1');
    expect(letter).toContain('La factura F-3 está en revisión por la aclaración que nos hizo llegar; no forma parte de este cobro y le responderemos por separado.');
    expect(letter).toContain(
      'Si existe alguna diferencia con la factura F-1, o si desea acordar un plan de pagos, le invitamos a comunicarse con nosotros antes de esa fecha escribiendo a cobranza@example.com o llamando al +52 55 1234 5678. Si el pago ya fue efectuado, le rogamos enviarnos el comprobante y disculpar esta carta.',
    );
    expect(letter).not.toMatch(PLURAL_YOU);
    const english = plain(composeLetter({ account: john, invoices: [invoice(john, 'INV-1', '2026-10-01')], disputes: [], policy: defaultPolicy, now: new Date('2026-11-23T16:00:00Z'), graceDays: 10 }).text);
    expect(english).toContain('\nDear John Smith,\n');
    expect(english).toContain('\nYours sincerely,\nAccounts Receivable\n');
    expect(english).not.toContain('Sir or Madam');
  });

  it('the payment receipt: "Hola, Juan Pérez" and "Si desea"', () => {
    const receipt = renderReceipt({ account: juan, currency: 'MXN', amount: 200_000, valueDate: '2026-12-18', lines: [{ invoiceNumber: 'F-1', amount: 150_000, balanceAfter: 0 }], credit: 50_000, policy: defaultPolicy });
    const text = plain(receipt.text);
    expect(text.startsWith('Hola, Juan Pérez:\n')).toBe(true);
    expect(text).toContain('Quedan $500.00 a su favor en su cuenta. Si desea que los apliquemos a otra factura o que se los devolvamos, responda a este correo.');
    expect(renderReceipt({ account: john, currency: 'USD', amount: 100, valueDate: '2026-12-18', lines: [], credit: 0, policy: defaultPolicy }).text.startsWith('Hello John Smith,\n')).toBe(true);
  });
});
