import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../infra/local/http-server.js';
import { Runtime } from '../../infra/local/runtime.js';
import { signGeneric } from '../../shared/domain/payments/webhooks/generic.js';
import type { GenericWebhookConfig, StripeWebhookConfig } from '../../shared/domain/payments/webhooks/config.js';

/**
 * The embedded runtime's HTTP server with the deployed handler code behind it: a provider POSTs a
 * signed webhook, the payment is verified, queued, matched and applied; forged, stale and replayed
 * requests are refused or applied once; finance lists and resolves exceptions over the same API.
 */
let dir: string;
let runtime: Runtime;
let server: Server;
let url: string;
const stripe = new Stripe('sk_test_local');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-webhook-'));
  runtime = await Runtime.open({ dataDir: join(dir, 'data'), now: new Date('2026-12-03T16:00:00Z'), inMemory: true });
  await writeFile(
    join(dir, 'cartera.csv'),
    [
      'folio,codigo_cliente,razon_social,rfc,correo,pais,moneda,importe,fecha_emision,fecha_vencimiento',
      'F-100,MX-1,Ferretería del Norte,FNO010101AB1,pagos@ferreteria.example.com,MX,MXN,5000.00,2026-11-01,2026-12-01',
      'F-101,MX-1,Ferretería del Norte,FNO010101AB1,pagos@ferreteria.example.com,MX,MXN,2500.00,2026-11-05,2026-12-05',
    ].join('\n'),
  );
  await runtime.ingest(join(dir, 'cartera.csv'));
  ({ server, url } = await startLocalServer({ webhook: (e) => runtime.webhook(e), paymentsApi: (e) => runtime.paymentsApi(e) }));
});

afterAll(async () => {
  server.close();
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
});

function stripeEvent(id: string, amount: number, invoiceNumber: string): string {
  return JSON.stringify({
    id: `evt_${id}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    created: Math.floor(runtime.clock.now().getTime() / 1000),
    data: { object: { id: `pi_${id}`, object: 'payment_intent', amount, amount_received: amount, currency: 'mxn', status: 'succeeded', metadata: { invoice_number: invoiceNumber } } },
  });
}

async function postStripe(body: string, signature: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const stripeSecret = () => runtime.webhookSecrets.configs.find((c): c is StripeWebhookConfig => c.kind === 'stripe')!.signingSecrets[0]!;
const nowSeconds = () => Math.floor(runtime.clock.now().getTime() / 1000);
const invoice = (invoiceNumber: string) => runtime.openInvoices().then((all) => all.find((i) => i.invoiceNumber === invoiceNumber));

describe('local webhook server', () => {
  it('applies a Stripe payment signed by the official library: the invoice is no longer open', async () => {
    const body = stripeEvent('1', 500_000, 'F-100');
    const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: stripeSecret(), timestamp: nowSeconds() });
    const { status, json } = await postStripe(body, signature);
    expect(status).toBe(200);
    expect(json).toMatchObject({ received: 'evt_1', payments: 1 });
    expect(await invoice('F-100')).toBeUndefined();
    expect((await runtime.status()).payments).toMatchObject({ applied: 1 });
  });

  it('refuses a tampered body with 401, keeps the raw request for audit, and applies nothing', async () => {
    const body = stripeEvent('2', 250_000, 'F-101');
    const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: stripeSecret(), timestamp: nowSeconds() });
    const { status, json } = await postStripe(body.replace('250000', '1'), signature);
    expect(status).toBe(401);
    expect(String(json.error)).toMatch(/signature/i);
    expect((await invoice('F-101'))?.balance).toBe(250_000);
    const day = runtime.clock.now().toISOString().slice(0, 10);
    const rejected = join(runtime.layout.bucketDir, 'webhooks', 'rejected', 'stripe', day);
    const [file] = await readdir(rejected);
    const archived = JSON.parse(await readFile(join(rejected, file!), 'utf8')) as { rawBody: string; outcome: { status: number } };
    expect(archived.rawBody).toContain('"amount":1,');
    expect(archived.outcome.status).toBe(401);
  });

  it('refuses a stale timestamp and a wrong secret', async () => {
    const body = stripeEvent('3', 250_000, 'F-101');
    const stale = stripe.webhooks.generateTestHeaderString({ payload: body, secret: stripeSecret(), timestamp: nowSeconds() - 3600 });
    expect((await postStripe(body, stale)).status).toBe(401);
    const forged = stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_not_ours', timestamp: nowSeconds() });
    expect((await postStripe(body, forged)).status).toBe(401);
    expect((await invoice('F-101'))?.balance).toBe(250_000);
  });

  it('applies a replayed event once', async () => {
    const body = stripeEvent('4', 100_000, 'F-101');
    const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: stripeSecret(), timestamp: nowSeconds() });
    expect((await postStripe(body, signature)).status).toBe(200);
    expect((await postStripe(body, signature)).status).toBe(200);
    expect((await invoice('F-101'))?.balance).toBe(150_000);
  });

  it('answers 404 for a provider it does not know', async () => {
    const response = await fetch(`${url}/webhooks/paypal`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });

  it('lists a bank transfer it cannot place, and applies it when finance says where it goes', async () => {
    const bank = runtime.webhookSecrets.configs.find((c): c is GenericWebhookConfig => c.kind === 'generic')!;
    const body = JSON.stringify({ id: 'T-77', type: 'payment', amount: '321.00', currency: 'MXN', value_date: '2026-12-03', reference: 'DEPOSITO' });
    const response = await fetch(`${url}/webhooks/${bank.name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signGeneric(bank, body, nowSeconds()) }, body });
    expect(response.status).toBe(200);

    const listed = (await (await fetch(`${url}/payments/exceptions`)).json()) as { exceptions: { paymentId: string; amount: number }[] };
    expect(listed.exceptions).toEqual([expect.objectContaining({ paymentId: `generic:${bank.name}:T-77`, amount: 32_100 })]);

    const applied = await fetch(`${url}/payments/${encodeURIComponent(`generic:${bank.name}:T-77`)}/apply`, { method: 'POST', body: JSON.stringify({ invoiceNumbers: ['F-101'] }) });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ status: 'partial', applications: [{ invoiceNumber: 'F-101', amount: 32_100, balanceAfter: 117_900 }] });
    const again = await fetch(`${url}/payments/${encodeURIComponent(`generic:${bank.name}:T-77`)}/apply`, { method: 'POST', body: JSON.stringify({ invoiceNumbers: ['F-101'] }) });
    expect(again.status).toBe(409);
  });
});

describe('CFDI payment complement on the embedded runtime', () => {
  it('applies a "Pagos 2.0" complement to the invoice it names by UUID, as an authoritative application', async () => {
    await writeFile(
      join(dir, 'cfdi.csv'),
      [
        'folio,codigo_cliente,razon_social,rfc,pais,moneda,importe,fecha_emision,fecha_vencimiento,uuid',
        // Serie A, folio 123456, the folio fiscal the complement (test/fixtures) names.
        'A-123456,MX-KIJ,"KIJ, S.A DE C.V.",KIJ0906199R1,MX,MXN,17852.75,2019-12-01,2019-12-31,6d7434a6-e3f2-47ad-9e4c-08849946afa0',
      ].join('\n'),
    );
    // A real 2019 CFDI: seven years past due by the runtime's clock, so it is loaded for a person to
    // check (policy collectability) — and a payment that names it still applies.
    expect(await runtime.ingest(join(dir, 'cfdi.csv'))).toMatchObject({
      accepted: 1,
      warnings: [{ line: 2, reason: expect.stringContaining('due date 2019-12-31 is 2529 days past, more than the 1825 the policy collects automatically') }],
    });

    const report = await runtime.reconcile('test/fixtures/payments/cfdi/satcfdi_cfdi40_P_pagos20_pays_PPD.xml');
    expect(report).toMatchObject({ format: 'cfdi', payments: 1, applied: 1, exceptions: 0 });
    expect(await invoice('A-123456')).toBeUndefined();
    const lines = await runtime.interactions('MX-KIJ');
    const applied = lines.find((l) => l.type === 'payment.applied');
    expect(applied).toMatchObject({ invoiceNumber: 'A-123456', data: expect.objectContaining({ amount: 1_785_275, by: 'cfdi', balanceAfter: 0 }) as unknown });
  });
});
