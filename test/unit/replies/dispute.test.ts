import { describe, expect, it } from 'vitest';
import { classifyReply, type ReplyContext } from '../../../shared/domain/replies/classify-reply.js';
import { namedInvoice } from '../../../shared/domain/replies/invoice-ref.js';

const NOW = new Date('2026-12-02T15:00:00Z');
const withOpen = (openInvoices: readonly string[], locale = 'es-MX'): ReplyContext => ({ locale, timezone: 'America/Mexico_City', now: NOW, openInvoices });
const OPEN = ['F-1023', 'F-1047', 'F-1088'];

describe('dispute reasons', () => {
  it.each([
    ['no reconozco esa factura', 'other'],
    ['We never ordered this', 'other'],
    ['la mercancía llegó dañada', 'damaged'],
    ['The shipment arrived damaged', 'damaged'],
    ['ya tiene nota de crédito', 'credit-note-pending'],
    ["We're waiting on a credit memo", 'credit-note-pending'],
    ['nos cobraron de más', 'price-difference'],
    ['The price is wrong, we were quoted less', 'price-difference'],
    ['nos facturaron dos veces lo mismo', 'duplicate-invoice'],
    ['You billed us twice for the same order', 'duplicate-invoice'],
    ['el pedido nunca llegó', 'not-delivered'],
    ['We never received the goods', 'not-delivered'],
  ])('%j: %s', (text, disputeReason) => {
    expect(classifyReply(text, withOpen(OPEN))).toMatchObject({ kind: 'dispute', disputeReason });
  });

  it('a missing document is a request, missing goods a dispute', () => {
    expect(classifyReply('no me llegó la factura', withOpen(OPEN)).kind).toBe('help');
    expect(classifyReply('no me llegó la mercancía', withOpen(OPEN))).toMatchObject({ kind: 'dispute', disputeReason: 'not-delivered' });
    expect(classifyReply('Never got the invoice, can you resend it?', withOpen(OPEN, 'en-US')).kind).toBe('help');
  });

  it('a high amount is not a wrong one; a link that does not work is not damaged goods', () => {
    expect(classifyReply('El monto es muy alto', withOpen(OPEN)).kind).toBe('other');
    expect(classifyReply('¿Cómo pago? el link no me funciona', withOpen(OPEN)).kind).toBe('help');
  });

  it('wins over a payment claim and a promise in the same reply: the contested invoice must pause and reach a person', () => {
    expect(classifyReply('la factura F-1047 está duplicada, ya la pagamos con la F-1023', withOpen(OPEN))).toMatchObject({ kind: 'dispute', disputeReason: 'duplicate-invoice', invoiceNumber: 'F-1047' });
    expect(classifyReply('pagamos el viernes pero la mercancía llegó rota', withOpen(OPEN))).toMatchObject({ kind: 'dispute', disputeReason: 'damaged' });
  });
});

describe('the invoice a dispute names', () => {
  it('is found however the number is written', () => {
    for (const text of ['no reconozco la F-1047', 'no reconozco la f1047', 'no reconozco la F 1047', 'no reconozco la factura 1047', 'no reconozco el folio 1047', 'invoice #1047 is not ours']) {
      expect(classifyReply(text, withOpen(OPEN)), text).toMatchObject({ kind: 'dispute', invoiceNumber: 'F-1047' });
    }
  });

  it('is the one nearest to what is disputed, never the one named as paid or as the original of a duplicate', () => {
    expect(classifyReply('ya pagué la F-1023, pero la F-1047 no la reconozco', withOpen(OPEN))).toMatchObject({ invoiceNumber: 'F-1047' });
    expect(classifyReply('This is a duplicate of invoice F-1023', withOpen(OPEN, 'en-US'))).not.toHaveProperty('invoiceNumber');
  });

  it('is none when the number is not one of the open invoices, when digits alone fit two of them, or when nothing is named', () => {
    expect(classifyReply('no reconozco la factura F-9999', withOpen(OPEN))).not.toHaveProperty('invoiceNumber');
    expect(classifyReply('no reconozco la factura 1023', withOpen(['A-1023', 'B-1023']))).not.toHaveProperty('invoiceNumber');
    expect(classifyReply('no reconozco esa factura', withOpen(OPEN))).not.toHaveProperty('invoiceNumber');
    expect(classifyReply('no reconozco la F-1023', withOpen([]))).not.toHaveProperty('invoiceNumber');
  });

  /**
   * The attacker's case: the debtor says one invoice is fine and contests the other. Opened on the
   * one said to be fine, the dispute would pause it while the contested one kept being chased.
   */
  it('is never the one the debtor says is fine: "la factura 1001 está bien pero la 1002 no la reconozco" is F-1002', () => {
    const two = withOpen(['F-1001', 'F-1002']);
    expect(classifyReply('la factura 1001 está bien pero la 1002 no la reconozco', two)).toMatchObject({ kind: 'dispute', disputeReason: 'other', invoiceNumber: 'F-1002' });
    expect(classifyReply('Invoice 1001 is fine, but invoice 1002 is not ours', withOpen(['F-1001', 'F-1002'], 'en-US'))).toMatchObject({ kind: 'dispute', invoiceNumber: 'F-1002' });
    for (const text of ['la factura 1001 está bien, no reconozco la otra', 'la F-1001 está bien, la otra no la reconozco', 'La F-1001 está correcta. Pero hay otra que no reconozco']) {
      expect(classifyReply(text, two), text).toMatchObject({ kind: 'dispute' });
      expect(classifyReply(text, two), text).not.toHaveProperty('invoiceNumber');
    }
  });

  it('reads a bare number ("la 1047") as an invoice only when one open invoice has those digits, and never an amount', () => {
    expect(classifyReply('La 1047 no la reconozco', withOpen(OPEN))).toMatchObject({ invoiceNumber: 'F-1047' });
    expect(classifyReply('la 1023 no la reconozco', withOpen(['A-1023', 'B-1023']))).not.toHaveProperty('invoiceNumber');
    expect(classifyReply('la 9999 no la reconozco', withOpen(OPEN))).not.toHaveProperty('invoiceNumber');
    expect(classifyReply('Nos cobraron 1047 pesos de más', withOpen(OPEN))).not.toHaveProperty('invoiceNumber');
  });

  it('is none when several are named with the dispute: it is not clear which, and the debtor is asked', () => {
    for (const text of ['La F-1023 y la F-1047 no las reconocemos', 'Las facturas 1023 y 1047 no las reconocemos', 'no reconozco la 1047 ni la 1088']) {
      expect(classifyReply(text, withOpen(OPEN)), text).toMatchObject({ kind: 'dispute', disputeReason: 'other' });
      expect(classifyReply(text, withOpen(OPEN)), text).not.toHaveProperty('invoiceNumber');
    }
    // Named in another sentence, with nothing said to be fine: still that one.
    expect(classifyReply('Factura F-1088. No la reconocemos.', withOpen(OPEN))).toMatchObject({ invoiceNumber: 'F-1088' });
    // The original of a duplicate is not the disputed one.
    expect(classifyReply('La F-1047 se duplicó con la F-1023', withOpen(OPEN))).toMatchObject({ disputeReason: 'duplicate-invoice', invoiceNumber: 'F-1047' });
  });

  it('does not take an amount or a date for an invoice', () => {
    expect(namedInvoice('nos cobraron 1047 pesos de más el 10/12', ['F-1047'], 0)).toBeUndefined();
  });
});
