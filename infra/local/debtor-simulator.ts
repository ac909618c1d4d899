/**
 * What debtors and collectors do in `npm start -- --days N`, besides paying (payment-simulator.ts):
 * a fixed story on the sample portfolio, day by day from the first simulated day, so every run shows
 * the same promises, replies and disputes — and the escalation reacting to them.
 *   day 2  CO-302 answers an SMS: "les pago el <day 7>" → a promise; on day 7 it pays (kept)
 *   day 3  a collector records C-1005's promise by phone for day 6; it never pays (broken)
 *   day 4  PE-601 answers on WhatsApp "ya pagamos" → reminders pause, the receipt is asked for
 *   day 5  US-502 opens the self-service link of its reminder email and reports INV-24102 as not
 *          delivered (a dispute, through the page's form on the local server); day 9 it is rejected
 *   day 6  a collector agrees a payment plan with C-1002; it pays the down payment the same day
 *   day 8  C-1003 answers STOP to an SMS → no more SMS
 */
import { DateTime } from 'luxon';
import { createPlan, recordPromise, resolveDispute } from '../../shared/usecases/escalation-requests.js';
import { stripePayment } from './payment-simulator.js';
import type { Runtime } from './runtime.js';

export async function simulateDebtors(runtime: Runtime, day: number, serverUrl: string, say: (line: string) => void): Promise<void> {
  const now = runtime.clock.now();
  const deps = runtime.escalationDeps;
  const dayOf = (n: number, zone: string) => DateTime.fromJSDate(now, { zone }).plus({ days: n - day });
  const act = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
      await runtime.settle();
      say(`  ☺ ${now.toISOString()}  ${what}`);
    } catch (error) {
      say(`  ☺ ${now.toISOString()}  ${what} — not possible: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (day === 2) {
    const date = dayOf(7, 'America/Bogota');
    await act(`CO-302 replies by SMS: "les pago el ${date.toFormat('dd/MM')}"`, () => runtime.reply('CO-302', 'sms', `Buenos días, les pago el ${date.toFormat('dd/MM')} sin falta`));
  }
  if (day === 7) {
    const invoices = (await runtime.openInvoices()).filter((i) => i.accountId === 'CO-302');
    for (const invoice of invoices) {
      const request = stripePayment(invoice, invoice.balance, runtime.webhookSecrets, now);
      await act(`CO-302 keeps its promise: pays ${invoice.invoiceNumber}`, () => fetch(`${serverUrl}/webhooks/${request.provider}`, { method: 'POST', headers: request.headers, body: request.body }));
    }
  }
  if (day === 3) {
    const date = dayOf(6, 'America/Mexico_City').toISODate()!;
    await act(`a collector records C-1005's promise by phone for ${date}`, () => recordPromise(deps, { accountId: 'C-1005', date, source: 'agent', note: 'llamada: pagará el ' + date }));
  }
  if (day === 4) await act('PE-601 replies on WhatsApp: "ya pagamos"', () => runtime.reply('PE-601', 'whatsapp', 'Buenas tardes, ya pagamos la factura, les envío el comprobante'));
  if (day === 5) {
    await act('US-502 reports INV-24102 as not delivered on its self-service page (a dispute)', () =>
      postPortalForm(runtime.portalLink('US-502'), { action: 'dispute', invoiceNumber: 'INV-24102', reason: 'not-delivered', note: 'goods never arrived' }),
    );
  }
  if (day === 9) {
    const dispute = (await deps.escalation.listDisputes('US-502')).find((d) => d.status === 'open');
    if (dispute) await act('the US-502 dispute is rejected (proof of delivery found)', () => resolveDispute(deps, { accountId: 'US-502', disputeId: dispute.disputeId, resolution: 'rejected', by: 'cli' }));
  }
  if (day === 8) await act('C-1003 replies STOP to an SMS', () => runtime.reply('C-1003', 'sms', 'STOP'));
  if (day === 6) {
    await act('a collector agrees a payment plan with C-1002 (30% now, then 30/60/90 days)', () => createPlan(deps, { accountId: 'C-1002', by: 'agent' }));
    const plan = (await deps.escalation.listPlans('C-1002')).find((p) => p.status === 'active');
    const invoice = (await runtime.openInvoices()).filter((i) => i.accountId === 'C-1002').sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];
    const down = plan?.installments[0];
    if (plan && invoice && down && down.status === 'due') {
      const request = stripePayment(invoice, Math.min(down.amount, invoice.balance), runtime.webhookSecrets, now);
      await act(`C-1002 pays the plan's down payment (${down.amount} ${plan.currency})`, () => fetch(`${serverUrl}/webhooks/${request.provider}`, { method: 'POST', headers: request.headers, body: request.body }));
    }
  }
}

/** Posts a form of the debtor's page as a browser would; the page answers 303 when it recorded it. */
async function postPortalForm(link: string, form: Record<string, string>): Promise<void> {
  const response = await fetch(link, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
  if (response.status !== 303) {
    const page = await response.text();
    throw new Error(`the page answered ${response.status}: ${page.match(/role="alert">([^<]*)/)?.[1] ?? 'no reason shown'}`);
  }
}
