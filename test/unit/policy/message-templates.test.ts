import { describe, expect, it } from 'vitest';
import { templateProblems } from '../../../shared/domain/messages/policy-check.js';
import { composeMessage } from '../../../shared/domain/messages/compose.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import shippedDefault from '../../../shared/domain/policy/default-policy.json' with { type: 'json' };

/** A mutable deep copy of the default, as a user would start from `examples/policy.json`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately malformed input
type Loose = any;
function draft(overrides: unknown[] = [], changes: (p: Loose) => void = () => undefined): Loose {
  const policy: Loose = structuredClone(shippedDefault);
  policy.templates = { overrides };
  changes(policy);
  return policy;
}

function errorOf(raw: unknown): string {
  const result = parsePolicy(raw);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.error;
}

describe('policy message templates (templates.overrides, channels, company.portalLinkTemplate)', () => {
  it('finds nothing wrong with the shipped default, which still parses', () => {
    expect(parsePolicy(shippedDefault).ok).toBe(true);
    expect(templateProblems(defaultPolicy)).toEqual([]);
  });

  it('accepts a well-formed override and uses it', () => {
    const result = parsePolicy(
      draft([{ channel: 'sms', template: 'overdue', tone: 'firm', locale: 'es-MX', text: '{{companyName}}: {{customerName}}, debe {{total}}. Pague en {{paymentLink}}' }]),
    );
    if (!result.ok) throw new Error(result.error);
    const account = { accountId: 'MX-1', name: 'ACME', locale: 'es-MX', country: 'MX', timezone: 'America/Mexico_City' };
    const invoice = { accountId: 'MX-1', invoiceNumber: 'F-1', currency: 'MXN', amount: 100_00, balance: 100_00, dueDate: '2026-12-01', status: 'open' as const };
    const sms = composeMessage({ account, invoices: [invoice], template: 'overdue', tone: 'firm', channel: 'sms', now: new Date('2026-12-10T16:00:00Z'), policy: result.policy });
    // The override's words, then the opt-out line every collection SMS carries (messages/opt-out-line.ts).
    expect(sms.channel === 'sms' && sms.body).toBe('Ejemplo Corp: ACME, debe $100.00. Pague en https://pay.example.com/MX-1/F-1 Responda BAJA para no recibir mas mensajes.');
  });

  it('refuses an unknown variable, with the path of the override', () => {
    expect(errorOf(draft([{ channel: 'email', template: 'overdue', text: 'Hola {{nombre}}' }]))).toMatch(
      /^templates\.overrides\[0\]\.text: unknown variable \{\{nombre\}\}; known: \{\{customerName\}\}, /,
    );
    expect(errorOf(draft([{ channel: 'email', template: 'overdue', subject: 'Saldo {{saldo}}', text: 'Hola' }]))).toMatch(
      /^templates\.overrides\[0\]\.subject: unknown variable \{\{saldo\}\}/,
    );
  });

  it('lets a late override ask for the overdue invoices alone ({{overdueList}}, {{overdueTotal}}, {{notYetDueList}}); refuses them in upcoming and due-today', () => {
    const text = '{{companyName}}: vencido {{overdueTotal}} ({{overdueList}}); por vencer, aparte: {{notYetDueList}}. Pague en {{paymentLink}}';
    const result = parsePolicy(draft([{ channel: 'sms', template: 'overdue', tone: 'firm', locale: 'es-MX', text }]));
    if (!result.ok) throw new Error(result.error);
    const account = { accountId: 'MX-1', name: 'ACME', locale: 'es-MX', country: 'MX', timezone: 'America/Mexico_City' };
    const invoice = (invoiceNumber: string, balance: number, dueDate: string) => ({ accountId: 'MX-1', invoiceNumber, currency: 'MXN', amount: balance, balance, dueDate, status: 'open' as const });
    // 10 December 2026: F-1 (MXN 100.00) is 9 days late, F-2 (MXN 50.00) is due on the 20th.
    const sms = composeMessage({
      account,
      invoices: [invoice('F-1', 100_00, '2026-12-01'), invoice('F-2', 50_00, '2026-12-20')],
      template: 'overdue',
      tone: 'firm',
      channel: 'sms',
      now: new Date('2026-12-10T16:00:00Z'),
      policy: result.policy,
    });
    expect(sms.channel === 'sms' && sms.body).toBe(
      'Ejemplo Corp: vencido $100.00 (F-1 $100.00 (9 dias de atraso)); por vencer, aparte: F-2 $50.00 (vence 20 dic). Pague en https://pay.example.com/MX-1/F-1 Responda BAJA para no recibir mas mensajes.',
    );
    for (const template of ['upcoming', 'due-today']) {
      expect(errorOf(draft([{ channel: 'whatsapp', template, text: 'Hola {{customerName}}, vencido {{overdueTotal}}, gracias.' }]))).toBe(
        `templates.overrides[0].text: {{overdueTotal}} is for overdue and final-notice texts only, not ${template}`,
      );
    }
  });

  it('refuses {{portalLink}} without company.portalLinkTemplate, and accepts it with one', () => {
    const overrides = [{ channel: 'whatsapp', template: 'upcoming', text: 'Hola {{customerName}}, vea {{portalLink}} por favor.' }];
    expect(errorOf(draft(overrides))).toBe('templates.overrides[0].text: {{portalLink}} needs company.portalLinkTemplate');
    expect(parsePolicy(draft(overrides, (p) => (p.company.portalLinkTemplate = 'https://portal.example.com/{accountId}'))).ok).toBe(true);
  });

  it('refuses an override for an unknown template, a subject outside email, and broken braces', () => {
    expect(errorOf(draft([{ channel: 'sms', template: 'gentle-nudge', text: 'x' }]))).toBe(
      'templates.overrides[0].template: unknown template "gentle-nudge"; expected one of "upcoming", "due-today", "overdue", "final-notice"',
    );
    expect(errorOf(draft([{ channel: 'sms', template: 'overdue', subject: 'Aviso', text: 'Pague {{paymentLink}}' }]))).toBe(
      'templates.overrides[0].subject: a subject is for email only, not sms',
    );
    expect(errorOf(draft([{ channel: 'email', template: 'overdue', text: 'Hola {{customerName}' }]))).toMatch(/overrides\[0\]\.text: unbalanced braces/);
    expect(errorOf(draft([{ channel: 'email', template: 'overdue', text: 'Pague en {paymentLink}' }]))).toBe(
      'templates.overrides[0].text: {paymentLink} has single braces; write {{paymentLink}}',
    );
    expect(errorOf(draft([{ channel: 'fax', template: 'overdue', text: 'x' }]))).toMatch(/^templates\.overrides\[0\]\.channel: expected one of "email", "sms", "whatsapp"/);
  });

  it('refuses two overrides for the same channel, template, tone and locale', () => {
    const o = { channel: 'email', template: 'overdue', locale: 'es', text: 'Pague {{paymentLink}}' };
    expect(errorOf(draft([o, { ...o, locale: 'ES' }]))).toBe('templates.overrides[1]: same channel, template, tone and locale as templates.overrides[0]; only one can apply');
  });

  it('refuses a WhatsApp body Meta would reject, or a locale Meta cannot approve it for', () => {
    expect(errorOf(draft([{ channel: 'whatsapp', template: 'overdue', text: '{{customerName}}, pague {{paymentLink}} hoy.' }]))).toBe(
      'templates.overrides[0].text: a WhatsApp template may not start with a variable',
    );
    expect(errorOf(draft([{ channel: 'whatsapp', template: 'overdue', text: 'Hola {{customerName}}{{total}}, pague en {{paymentLink}}' }]))).toMatch(/two variables side by side/);
    expect(errorOf(draft([{ channel: 'whatsapp', template: 'overdue', locale: 'es-AR', text: 'Hola {{customerName}}, pague en {{paymentLink}} hoy.' }]))).toMatch(
      /^templates\.overrides\[0\]\.locale: WhatsApp texts are approved per Meta language/,
    );
  });

  it('refuses an SMS override that cannot fit the segment budget with long sample values', () => {
    const text = `{{companyName}} le informa: ${'su cuenta tiene saldo pendiente y le pedimos regularizarla a la brevedad. '.repeat(4)}Pague en {{paymentLink}}`;
    expect(errorOf(draft([{ channel: 'sms', template: 'overdue', text }]))).toMatch(
      /^templates\.overrides\[0\]\.text: needs 3 SMS segments with long sample values \(es-MX, 12 invoices, a long customer name\) even shortened; channels\.sms\.segmentBudget is 2$/,
    );
    expect(parsePolicy(draft([{ channel: 'sms', template: 'overdue', text }], (p) => (p.channels = { sms: { segmentBudget: 3 } }))).ok).toBe(true);
  });

  it('refuses a budget the shipped SMS texts cannot keep, saying what to change', () => {
    const longName = (p: Loose) => {
      p.company.name = 'Distribuidora Internacional de Productos Alimenticios y Bebidas del Norte de México, S.A.P.I. de C.V.';
      p.channels = { sms: { segmentBudget: 1 } };
    };
    expect(errorOf(draft([], longName))).toMatch(
      /^channels\.sms\.segmentBudget: the shipped friendly SMS for "upcoming" needs 2 segments with long sample values \(es-MX\): raise segmentBudget to 2/,
    );
    // With the opt-out line in every SMS, one segment cannot hold the long sample values: the shipped budget of 2 can.
    expect(errorOf(draft([], (p) => (p.channels = { sms: { segmentBudget: 1 } })))).toMatch(/^channels\.sms\.segmentBudget: .* raise segmentBudget to 2/);
    expect(parsePolicy(draft([], (p) => (p.channels = { sms: { segmentBudget: 2 } }))).ok).toBe(true);
  });
});
