import { localDate } from '../escalation/local-time.js';
import type { DisputeReason } from '../escalation/types.js';
import { formatDate, formatList, formatMoney } from '../templates/format.js';
import { escapeHtml as esc } from '../templates/html.js';
import type { PortalProblem, PortalView } from './types.js';

export type PortalNotice = 'promise' | 'dispute' | 'plan';

/** A problem in words; one that depends on the promise window gets its last day, formatted. */
type Problem = string | ((last: string) => string);

const WORDS = {
  es: {
    title: (company: string) => `Su cuenta con ${company}`,
    statementOf: 'Estado de cuenta de',
    invoices: 'Facturas pendientes',
    noInvoices: 'No tiene facturas pendientes. ¡Gracias!',
    head: ['Factura', 'Saldo', 'Vence', 'Días de atraso', 'Estado', ''],
    inDispute: 'En revisión',
    pending: 'Pendiente',
    pay: 'Pagar',
    promises: 'Sus promesas de pago',
    promiseLine: (date: string, amount?: string) => `Pago el ${date}${amount ? ` por ${amount}` : ''}`,
    plan: 'Su plan de pagos',
    installment: (index: number) => (index === 0 ? 'Pago inicial' : `Pago ${index}`),
    paid: 'pagado',
    due: 'pendiente',
    missed: 'no pagado',
    replaces: (dates: string) => `Este plan reemplaza a su plan anterior del ${dates}, que ya no está vigente.`,
    promiseForm: 'Prometer una fecha de pago',
    promiseHelp: 'Díganos cuándo pagará: pausamos los recordatorios hasta esa fecha.',
    promiseWindow: (first: string, last: string) => `Puede elegir una fecha del ${first} al ${last}.`,
    date: 'Fecha de pago',
    amount: 'Monto (opcional)',
    promiseButton: 'Registrar mi promesa',
    disputeForm: 'Reportar un problema con una factura',
    disputeHelp: 'Si una factura tiene un error o no recibió lo facturado, avísenos: la revisamos y no le recordamos esa factura mientras tanto.',
    invoice: 'Factura',
    reason: 'Motivo',
    note: 'Comentario (opcional)',
    disputeButton: 'Enviar reporte',
    planForm: 'Pagar en parcialidades',
    planCovers: (total: string, count: number, numbers: string) => `Un plan por ${total}, ${count === 1 ? 'de la factura' : 'de las facturas'} ${numbers}.`,
    planLeavesOut: (count: number, numbers: string) => `No incluye ${count === 1 ? 'la factura' : 'las facturas'} ${numbers}, que estamos revisando.`,
    planOffer: (down: string, rest: string) => `Le ofrecemos un pago inicial de ${down} hoy y ${rest}.`,
    planRest: (items: string[]) => `después ${items.join(', ')}`,
    planButton: 'Aceptar este plan de pagos',
    reasons: {
      'price-difference': 'Diferencia de precio',
      'not-delivered': 'No recibí la mercancía o el servicio',
      damaged: 'Llegó dañado',
      'duplicate-invoice': 'Factura duplicada',
      'credit-note-pending': 'Nota de crédito pendiente',
      other: 'Otro',
    } satisfies Record<DisputeReason, string>,
    notices: {
      promise: 'Gracias: registramos su promesa de pago. No le enviaremos recordatorios hasta esa fecha.',
      dispute: 'Recibimos su reporte. Revisaremos la factura y le responderemos; mientras tanto no le recordaremos esa factura.',
      plan: 'Su plan de pagos quedó registrado. Le recordaremos cada pago unos días antes de su fecha.',
    } satisfies Record<PortalNotice, string>,
    error: 'No pudimos registrar su solicitud:',
    problems: {
      form: 'el formulario llegó incompleto; inténtelo de nuevo.',
      'date-invalid': 'elija una fecha de pago.',
      'date-past': 'la fecha de pago no puede ser anterior a hoy.',
      'date-too-far': (last: string) => `la fecha de pago puede ser a más tardar el ${last}.`,
      'amount-invalid': 'escriba el monto con números, por ejemplo 1500.00, o déjelo vacío.',
      'amount-decimals': 'el monto tiene más decimales de los que admite la moneda.',
      'amount-currencies': 'su saldo está en varias monedas: deje el monto vacío.',
      'invoice-not-open': 'esa factura ya no está pendiente.',
      'reason-unknown': 'elija un motivo de la lista.',
      'plan-exists': 'su cuenta ya tiene un plan de pagos vigente.',
      'plan-unavailable': 'no podemos ofrecer un plan en línea para esta cuenta; respóndanos a cualquier recordatorio y lo vemos juntos.',
      'plan-changed': 'sus facturas o su saldo cambiaron desde que abrió esta página; revise el plan que le ofrecemos ahora y acéptelo si le conviene.',
    } satisfies Record<PortalProblem, Problem>,
  },
  en: {
    title: (company: string) => `Your account with ${company}`,
    statementOf: 'Statement of',
    invoices: 'Open invoices',
    noInvoices: 'You have no open invoices. Thank you!',
    head: ['Invoice', 'Balance', 'Due', 'Days overdue', 'Status', ''],
    inDispute: 'Under review',
    pending: 'Open',
    pay: 'Pay',
    promises: 'Your promises to pay',
    promiseLine: (date: string, amount?: string) => `Payment on ${date}${amount ? ` of ${amount}` : ''}`,
    plan: 'Your payment plan',
    installment: (index: number) => (index === 0 ? 'Down payment' : `Payment ${index}`),
    paid: 'paid',
    due: 'pending',
    missed: 'missed',
    replaces: (dates: string) => `This plan replaces your earlier plan of ${dates}, which no longer applies.`,
    promiseForm: 'Promise a payment date',
    promiseHelp: 'Tell us when you will pay: we pause the reminders until then.',
    promiseWindow: (first: string, last: string) => `You can choose a date from ${first} to ${last}.`,
    date: 'Payment date',
    amount: 'Amount (optional)',
    promiseButton: 'Record my promise',
    disputeForm: 'Report a problem with an invoice',
    disputeHelp: 'If an invoice is wrong or you did not receive what it bills, tell us: we look into it and send no reminders about it meanwhile.',
    invoice: 'Invoice',
    reason: 'Reason',
    note: 'Comment (optional)',
    disputeButton: 'Send report',
    planForm: 'Pay in installments',
    planCovers: (total: string, count: number, numbers: string) => `A plan for ${total}, ${count === 1 ? 'invoice' : 'invoices'} ${numbers}.`,
    planLeavesOut: (count: number, numbers: string) => `It does not include ${count === 1 ? 'invoice' : 'invoices'} ${numbers}, which we are reviewing.`,
    planOffer: (down: string, rest: string) => `We offer a down payment of ${down} today and ${rest}.`,
    planRest: (items: string[]) => `then ${items.join(', ')}`,
    planButton: 'Accept this payment plan',
    reasons: {
      'price-difference': 'Price difference',
      'not-delivered': 'I did not receive the goods or service',
      damaged: 'Arrived damaged',
      'duplicate-invoice': 'Duplicate invoice',
      'credit-note-pending': 'Credit note pending',
      other: 'Other',
    } satisfies Record<DisputeReason, string>,
    notices: {
      promise: 'Thank you: your promise to pay is recorded. We will send no reminders until that date.',
      dispute: 'We received your report. We will look into the invoice and answer you; meanwhile we send no reminders about it.',
      plan: 'Your payment plan is recorded. We will remind you of each payment a few days before it is due.',
    } satisfies Record<PortalNotice, string>,
    error: 'We could not record your request:',
    problems: {
      form: 'the form arrived incomplete; please try again.',
      'date-invalid': 'choose a payment date.',
      'date-past': 'the payment date cannot be before today.',
      'date-too-far': (last: string) => `the payment date can be ${last} at the latest.`,
      'amount-invalid': 'write the amount in figures, e.g. 1500.00, or leave it empty.',
      'amount-decimals': 'the amount has more decimals than the currency allows.',
      'amount-currencies': 'your balance is in several currencies: leave the amount empty.',
      'invoice-not-open': 'that invoice is no longer open.',
      'reason-unknown': 'choose a reason from the list.',
      'plan-exists': 'your account already has a payment plan on track.',
      'plan-unavailable': 'we cannot offer a plan online for this account; reply to any reminder and we will work it out together.',
      'plan-changed': 'your invoices or balance changed since you opened this page; please review the plan we offer now and accept it if it suits you.',
    } satisfies Record<PortalProblem, Problem>,
  },
} as const;

/**
 * The debtor's self-service page: their open invoices with payment links, open promises, the plan on
 * track, and three forms (promise a date, report a problem with an invoice, accept the policy's plan),
 * in their language. Every value is escaped; the forms post back to the same signed link. Plain HTML
 * that works without JavaScript, readable on a phone.
 */
export function renderPortalPage(
  view: PortalView,
  options: { readonly token: string; readonly notice?: PortalNotice; readonly problem?: PortalProblem; readonly error?: string },
): string {
  const w = WORDS[view.language];
  const { locale } = view;
  const zone = view.account.timezone;
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const day = (date: string) => formatDate(date, locale, zone);
  const action = `?t=${encodeURIComponent(options.token)}`;
  const title = w.title(view.companyName);
  const sections: string[] = [];

  if (options.notice) sections.push(`<p class="notice" role="status">${esc(w.notices[options.notice])}</p>`);
  const window = view.promiseWindow;
  // A known problem in the debtor's words; anything else as the use case said it.
  const known: Problem | undefined = options.problem ? w.problems[options.problem] : undefined;
  const problem = typeof known === 'function' ? known(day(window.to)) : (known ?? options.error);
  if (problem) sections.push(`<p class="error" role="alert">${esc(w.error)} ${esc(problem)}</p>`);

  sections.push(
    `<section id="invoices"><h2>${esc(w.invoices)}</h2>${
      view.invoices.length === 0
        ? `<p>${esc(w.noInvoices)}</p>`
        : `<table><thead><tr>${w.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${view.invoices
            .map(
              (i) =>
                `<tr data-invoice="${esc(i.invoiceNumber)}"><td>${esc(i.invoiceNumber)}</td><td>${esc(money(i.balance, i.currency))}</td><td>${esc(day(i.dueDate))}</td><td>${i.daysPastDue > 0 ? String(i.daysPastDue) : '—'}</td><td>${esc(i.disputed ? w.inDispute : w.pending)}</td><td><a href="${esc(i.payUrl)}">${esc(w.pay)}</a></td></tr>`,
            )
            .join('')}</tbody></table>`
    }</section>`,
  );

  if (view.promises.length > 0) {
    sections.push(
      `<section id="promises"><h2>${esc(w.promises)}</h2><ul>${view.promises
        .map((p) => `<li>${esc(w.promiseLine(day(p.date), p.amount !== undefined && p.currency ? money(p.amount, p.currency) : undefined))}</li>`)
        .join('')}</ul></section>`,
    );
  }

  if (view.plan) {
    const plan = view.plan;
    // The plans it replaced, by the day they were made: the debtor knows which schedule counts.
    const replaced = view.supersededPlans.map((p) => day(localDate(new Date(p.createdAt), zone)));
    sections.push(
      `<section id="plan"><h2>${esc(w.plan)}</h2><ol>${plan.installments
        .map((i, index) => `<li>${esc(w.installment(index))}: ${esc(day(i.dueDate))} · ${esc(money(i.amount, plan.currency))} · ${esc(w[i.status])}</li>`)
        .join('')}</ol>${replaced.length > 0 ? `<p class="superseded">${esc(w.replaces(formatList(replaced, locale)))}</p>` : ''}</section>`,
    );
  }

  const open = view.invoices.filter((i) => !i.disputed);
  if (open.length > 0) {
    sections.push(
      `<section id="promise-form"><h2>${esc(w.promiseForm)}</h2><p>${esc(w.promiseHelp)} ${esc(w.promiseWindow(day(window.from), day(window.to)))}</p><form method="post" action="${esc(action)}"><input type="hidden" name="action" value="promise">` +
        `<label>${esc(w.date)} <input type="date" name="date" min="${esc(window.from)}" max="${esc(window.to)}" required></label> ` +
        `<label>${esc(w.amount)} <input type="text" name="amount" inputmode="decimal" autocomplete="off"></label> ` +
        `<button type="submit">${esc(w.promiseButton)}</button></form></section>`,
    );
    sections.push(
      `<section id="dispute-form"><h2>${esc(w.disputeForm)}</h2><p>${esc(w.disputeHelp)}</p><form method="post" action="${esc(action)}"><input type="hidden" name="action" value="dispute">` +
        `<label>${esc(w.invoice)} <select name="invoiceNumber" required>${open.map((i) => `<option value="${esc(i.invoiceNumber)}">${esc(i.invoiceNumber)} · ${esc(money(i.balance, i.currency))}</option>`).join('')}</select></label> ` +
        `<label>${esc(w.reason)} <select name="reason" required>${view.disputeReasons.map((r) => `<option value="${r}">${esc(w.reasons[r])}</option>`).join('')}</select></label> ` +
        `<label>${esc(w.note)} <textarea name="note" maxlength="1000" rows="3"></textarea></label> ` +
        `<button type="submit">${esc(w.disputeButton)}</button></form></section>`,
    );
  }

  if (view.offer) {
    const offer = view.offer;
    const [down, ...rest] = offer.installments;
    const later = rest.filter((i) => i.amount > 0).map((i) => `${money(i.amount, offer.currency)} (${day(i.dueDate)})`);
    // What the plan settles, and what it leaves out (in dispute, dates being checked): the plan accepting it makes.
    const covers = w.planCovers(money(offer.total, offer.currency), offer.invoiceNumbers.length, formatList(offer.invoiceNumbers, locale));
    const leavesOut = offer.leftOut.length > 0 ? ` ${w.planLeavesOut(offer.leftOut.length, formatList(offer.leftOut.map((l) => l.invoiceNumber), locale))}` : '';
    sections.push(
      `<section id="plan-form"><h2>${esc(w.planForm)}</h2><p class="plan-covers">${esc(covers + leavesOut)}</p><p class="plan-offer">${esc(w.planOffer(money(down?.amount ?? 0, offer.currency), w.planRest(later)))}</p>` +
        `<form method="post" action="${esc(action)}"><input type="hidden" name="action" value="plan"><input type="hidden" name="offer" value="${esc(offer.key)}"><button type="submit">${esc(w.planButton)}</button></form></section>`,
    );
  }

  return (
    `<!doctype html><html lang="${esc(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${esc(title)}</h1><p>${esc(w.statementOf)} <strong>${esc(view.account.name)}</strong></p>${sections.join('')}</main></body></html>`
  );
}

const STYLE =
  'body{font-family:system-ui,Arial,sans-serif;margin:0;background:#f4f5f7;color:#1f2933}main{max-width:720px;margin:0 auto;padding:16px;background:#fff}' +
  'table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px;border-bottom:1px solid #e4e7eb}' +
  'form{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}label{display:flex;flex-direction:column;font-size:14px}' +
  'button{padding:8px 14px;background:#0b5cab;color:#fff;border:0;border-radius:4px}.notice{background:#e3f9e5;padding:8px}.error{background:#ffe3e3;padding:8px}';
