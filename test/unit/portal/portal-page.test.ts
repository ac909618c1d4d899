import { describe, expect, it } from 'vitest';
import { proposePlan } from '../../../shared/domain/escalation/plan-schedule.js';
import { DISPUTE_REASONS } from '../../../shared/domain/escalation/types.js';
import { renderPortalPage } from '../../../shared/domain/portal/portal-page.js';
import type { PortalView } from '../../../shared/domain/portal/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';

const view: PortalView = {
  account: { accountId: 'MX-100', name: 'Ferretería <del> Norte & "Hijos"', timezone: 'America/Mexico_City' },
  language: 'es',
  locale: 'es-MX',
  companyName: 'Ejemplo Corp',
  today: '2026-12-01',
  promiseWindow: { from: '2026-12-01', to: '2027-01-15', maxDaysAhead: 45, zone: 'America/Mexico_City' },
  invoices: [
    { invoiceNumber: 'F-1', currency: 'MXN', balance: 1_234_567, dueDate: '2026-10-20', daysPastDue: 42, disputed: false, payUrl: 'https://pay.example.com/MX-100/F-1' },
    { invoiceNumber: 'F-<2>', currency: 'MXN', balance: 50_000, dueDate: '2026-12-20', daysPastDue: 0, disputed: true, payUrl: 'https://pay.example.com/MX-100/F-%3C2%3E' },
  ],
  promises: [{ promiseId: 'p-1', accountId: 'MX-100', date: '2026-12-15', amount: 500_000, currency: 'MXN', source: 'portal', createdAt: '2026-12-01T15:00:00.000Z', status: 'open' }],
  // Over F-1 only: F-<2> is in dispute.
  offer: { ...proposePlan(1_234_567, 'MXN', defaultPolicy, '2026-12-01'), invoiceNumbers: ['F-1'], leftOut: [{ invoiceNumber: 'F-<2>', reason: 'disputed' }], key: 'k"<1>' },
  supersededPlans: [],
  disputeReasons: DISPUTE_REASONS,
};

describe('renderPortalPage', () => {
  it('shows the open invoices with amounts, dates, days overdue, status and payment links, in the debtor\'s language', () => {
    const html = renderPortalPage(view, { token: 'tok.en' });
    expect(html).toContain('<html lang="es-MX">');
    expect(html).toContain('$12,345.67');
    expect(html).toContain('20 de octubre de 2026');
    expect(html).toMatch(/<td>42<\/td>/);
    expect(html).toContain('En revisión');
    expect(html).toContain('href="https://pay.example.com/MX-100/F-1"');
    expect(html).toContain('Pago el 15 de diciembre de 2026 por $5,000.00');
  });

  it('escapes every value: a name or invoice number cannot inject markup', () => {
    const html = renderPortalPage(view, { token: 'a"b<c>', error: '<script>alert(1)</script>' });
    expect(html).toContain('Ferretería &lt;del&gt; Norte &amp; &quot;Hijos&quot;');
    expect(html).toContain('F-&lt;2&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('action="?t=a%22b%3Cc%3E"');
  });

  it('offers the forms: a promise from today through the policy\'s window, a dispute of an invoice not already in dispute (six reasons), the policy\'s plan', () => {
    const html = renderPortalPage(view, { token: 't' });
    expect(html).toContain('<input type="date" name="date" min="2026-12-01" max="2027-01-15" required>');
    expect(html).toContain('Puede elegir una fecha del 1 de diciembre de 2026 al 15 de enero de 2027.');
    const disputeForm = html.slice(html.indexOf('id="dispute-form"'), html.indexOf('id="plan-form"'));
    expect(disputeForm).toContain('<option value="F-1">');
    expect(disputeForm).not.toContain('F-&lt;2&gt;');
    expect(disputeForm.match(/<option value="(price-difference|not-delivered|damaged|duplicate-invoice|credit-note-pending|other)"/g)).toHaveLength(6);
    expect(html).toContain('Le ofrecemos un pago inicial de $3,703.70 hoy');
    expect(html).toContain('Aceptar este plan de pagos');
  });

  it('says which invoices the offered plan settles and which it leaves out, and posts the key of the offer shown', () => {
    const planForm = renderPortalPage(view, { token: 't' }).split('id="plan-form"')[1] ?? '';
    // MXN 12,345.67 (F-1); F-<2> is in dispute, so not in the plan.
    expect(planForm).toContain('<p class="plan-covers">Un plan por $12,345.67, de la factura F-1. No incluye la factura F-&lt;2&gt;, que estamos revisando.</p>');
    expect(planForm).toContain('<input type="hidden" name="offer" value="k&quot;&lt;1&gt;">');
    const english = renderPortalPage({ ...view, language: 'en', locale: 'en-US' }, { token: 't' }).split('id="plan-form"')[1] ?? '';
    expect(english).toContain('<p class="plan-covers">A plan for MX$12,345.67, invoice F-1. It does not include invoice F-&lt;2&gt;, which we are reviewing.</p>');
    const changed = renderPortalPage(view, { token: 't', problem: 'plan-changed' });
    expect(changed).toContain('role="alert">No pudimos registrar su solicitud: sus facturas o su saldo cambiaron desde que abrió esta página; revise el plan que le ofrecemos ahora y acéptelo si le conviene.');
  });

  it('with a plan on track: lists its installments and offers no other plan; with nothing owed: says thank you and shows no forms', () => {
    const plan = { planId: 'plan-1', accountId: 'MX-100', currency: 'MXN', total: 1_000_000, discountPercent: 0, interestWaived: false, createdAt: '', status: 'active' as const,
      installments: [{ dueDate: '2026-12-01', amount: 300_000, status: 'paid' as const }, { dueDate: '2026-12-31', amount: 700_000, status: 'due' as const }] };
    const { offer: _offer, ...rest } = view;
    const withPlan = renderPortalPage({ ...rest, plan }, { token: 't' });
    expect(withPlan).toContain('Pago inicial: 1 de diciembre de 2026 · $3,000.00 · pagado');
    expect(withPlan).toContain('Pago 1: 31 de diciembre de 2026 · $7,000.00 · pendiente');
    expect(withPlan).not.toContain('id="plan-form"');
    expect(withPlan).not.toContain('reemplaza');
    // A plan that replaced another says so, with the day the old one was made in the debtor's zone
    // (02:00 UTC on 24 November is still the 23rd in Mexico City).
    const old = { ...plan, planId: 'plan-0', status: 'superseded' as const, supersededBy: 'plan-1', createdAt: '2026-11-24T02:00:00.000Z' };
    expect(renderPortalPage({ ...rest, plan, supersededPlans: [old] }, { token: 't' })).toContain(
      '<p class="superseded">Este plan reemplaza a su plan anterior del 23 de noviembre de 2026, que ya no está vigente.</p>',
    );
    const settled = renderPortalPage({ ...rest, invoices: [], promises: [] }, { token: 't' });
    expect(settled).toContain('No tiene facturas pendientes. ¡Gracias!');
    expect(settled).not.toContain('<form');
  });

  it('speaks English to an English-speaking debtor and confirms what was recorded', () => {
    const html = renderPortalPage({ ...view, language: 'en', locale: 'en-US' }, { token: 't', notice: 'dispute' });
    expect(html).toContain('Open invoices');
    expect(html).toContain('role="status">We received your report.');
    expect(html).toContain('Report a problem with an invoice');
    const refused = renderPortalPage({ ...view, language: 'en', locale: 'en-US' }, { token: 't', problem: 'date-past' });
    expect(refused).toContain('role="alert">We could not record your request: the payment date cannot be before today.');
    const late = renderPortalPage({ ...view, language: 'en', locale: 'en-US' }, { token: 't', problem: 'date-too-far' });
    expect(late).toContain('role="alert">We could not record your request: the payment date can be January 15, 2027 at the latest.');
  });

  it('tells a debtor who chose a date beyond the window the last day they may choose, in Spanish', () => {
    const html = renderPortalPage(view, { token: 't', problem: 'date-too-far' });
    expect(html).toContain('role="alert">No pudimos registrar su solicitud: la fecha de pago puede ser a más tardar el 15 de enero de 2027.');
  });
});
