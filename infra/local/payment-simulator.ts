import { createHash } from 'node:crypto';
import { signGeneric } from '../../shared/domain/payments/webhooks/generic.js';
import { signStripe } from '../../shared/domain/payments/webhooks/stripe.js';
import type { GenericWebhookConfig, StripeWebhookConfig } from '../../shared/domain/payments/webhooks/config.js';
import { formatMinorUnits } from '../../shared/domain/ingest/money.js';
import type { LocalWebhookSecrets } from './local-webhook-secrets.js';

/** An open invoice as the simulator sees it. */
export interface SimulatedInvoice {
  readonly accountId: string;
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly balance: number;
  readonly dueDate: string;
  readonly taxId?: string;
}

export interface SimulatedRequest {
  readonly provider: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly invoiceNumber: string;
}

/**
 * Which debtors pay, when and how, in `npm start -- --days N`: decided by a hash of the invoice
 * number, so every run of the sample portfolio tells the same story. About a third pay by card
 * (Stripe, the invoice number in the payment link's metadata) a few days after the due date, one in
 * ten by bank transfer with a noisy reference (the bank's generic HMAC webhook), one in twenty pays
 * half. The rest stay unpaid, for the reminders (and later the escalation) to work on.
 */
export function paymentsDueOn(day: string, invoices: readonly SimulatedInvoice[], secrets: LocalWebhookSecrets, now: Date): SimulatedRequest[] {
  const requests: SimulatedRequest[] = [];
  for (const invoice of invoices) {
    const h = bucket(invoice.invoiceNumber);
    const payDay = addDays(invoice.dueDate, h % 8);
    if (payDay !== day) continue;
    if (h < 35) requests.push(stripePayment(invoice, invoice.balance, secrets, now));
    else if (h < 45) requests.push(bankTransfer(invoice, invoice.balance, secrets, now));
    else if (h < 50) requests.push(bankTransfer(invoice, Math.floor(invoice.balance / 2), secrets, now));
  }
  return requests;
}

export function stripePayment(invoice: SimulatedInvoice, amount: number, secrets: LocalWebhookSecrets, now: Date): SimulatedRequest {
  const config = secrets.configs.find((c): c is StripeWebhookConfig => c.kind === 'stripe')!;
  const id = shortHash(`${invoice.accountId}/${invoice.invoiceNumber}/${amount}`);
  const created = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({
    id: `evt_sim_${id}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    created,
    livemode: false,
    data: {
      object: {
        id: `pi_sim_${id}`,
        object: 'payment_intent',
        amount,
        amount_received: amount,
        currency: invoice.currency.toLowerCase(),
        status: 'succeeded',
        created,
        description: `Factura ${invoice.invoiceNumber}`,
        metadata: { invoice_number: invoice.invoiceNumber, account_id: invoice.accountId },
      },
    },
  });
  return { provider: 'stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signStripe(body, config.signingSecrets[0]!, created) }, body, invoiceNumber: invoice.invoiceNumber };
}

function bankTransfer(invoice: SimulatedInvoice, amount: number, secrets: LocalWebhookSecrets, now: Date): SimulatedRequest {
  const config = secrets.configs.find((c): c is GenericWebhookConfig => c.kind === 'generic')!;
  const id = shortHash(`bank/${invoice.accountId}/${invoice.invoiceNumber}/${amount}`);
  // What a treasury clerk types in the SPEI concept: prefix, no dash, sometimes the RFC.
  const reference = `PAGO FACT ${invoice.invoiceNumber.replace(/-/g, ' ')}`;
  const body = JSON.stringify({
    id,
    type: 'payment',
    amount: formatMinorUnits(amount, invoice.currency),
    currency: invoice.currency,
    value_date: now.toISOString().slice(0, 10),
    reference,
    ...(invoice.taxId ? { payer_tax_id: invoice.taxId } : {}),
  });
  return {
    provider: config.name,
    headers: { 'content-type': 'application/json', ...signGeneric(config, body, Math.floor(now.getTime() / 1000)) },
    body,
    invoiceNumber: invoice.invoiceNumber,
  };
}

function bucket(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) % 100;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
