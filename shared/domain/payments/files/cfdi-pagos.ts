import { FileRejectedError } from '../../ingest/errors.js';
import type { CfdiPaidDocument, PaymentFile } from '../types.js';
import { isoCurrency, isoDate, machineAmount, reasons, shorten, type Reading } from './amounts.js';
import { compact, PaymentFileBuilder, squash } from './builder.js';
import { cfdiPaymentId } from './payment-id.js';
import { at, attr, children, type XmlDocument } from './xml.js';

/**
 * Mexican CFDI payment complements ("complemento de pagos", "REP"): a CFDI of type P (CFDI 4.0 with
 * Pagos 2.0, or CFDI 3.3 with Pagos 1.0) that we issued to a customer for money received. Each `Pago`
 * is one payment; its `DoctoRelacionado` say which invoices (by fiscal UUID) it pays, and how much of
 * each, which is authoritative for matching.
 */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  I: 'a CFDI invoice (type I, ingreso), not a payment complement',
  E: 'a CFDI credit note (type E, egreso), not a payment complement',
  T: 'a CFDI transfer document (type T, traslado), not a payment complement',
  N: 'a CFDI payroll receipt (type N, nómina), not a payment complement',
};

export function readCfdiPagos(doc: XmlDocument): PaymentFile {
  const cfdi = doc.root;
  const type = attr(cfdi, 'TipoDeComprobante') ?? attr(cfdi, 'tipoDeComprobante');
  const version = attr(cfdi, 'Version') ?? attr(cfdi, 'version');
  if (type !== 'P') {
    const what = type === undefined ? 'a CFDI without TipoDeComprobante' : (TYPE_NAMES[type] ?? `a CFDI of type ${shorten(type)}`);
    throw new FileRejectedError(`${what}: upload the payment complement (CFDI type P with Pagos) instead`);
  }
  const complements = children(cfdi, 'Complemento');
  const pagos = complements.flatMap((complement) => children(complement, 'Pagos'));
  if (pagos.length === 0) throw new FileRejectedError('a CFDI of type P without its Pagos complement: there is no payment in it');

  const builder = new PaymentFileBuilder('cfdi');
  const uuid = complements.map((complement) => attr(at(complement, 'TimbreFiscalDigital'), 'UUID')).find((found) => found !== undefined)?.toUpperCase();
  if (uuid === undefined) {
    builder.warn(null, 'the complement is not stamped (no TimbreFiscalDigital): it has no fiscal UUID yet and is not valid before the SAT until it is');
  }
  const receiver = at(cfdi, 'Receptor');
  const issuer = at(cfdi, 'Emisor');
  const header = {
    uuid,
    payerTaxId: attr(receiver, 'Rfc'),
    payerName: squash(attr(receiver, 'Nombre')),
    issuerTaxId: attr(issuer, 'Rfc'),
    series: attr(cfdi, 'Serie'),
    folio: attr(cfdi, 'Folio'),
    issued: attr(cfdi, 'Fecha'),
    cfdiVersion: version,
  };
  let index = 0;
  for (const complement of pagos) {
    const pagosVersion = attr(complement, 'Version');
    for (const pago of children(complement, 'Pago')) {
      index += 1;
      builder.count();
      readPago(doc, pago, index, { ...header, pagosVersion }, builder);
    }
  }
  return builder.build();
}

interface Header {
  readonly uuid: string | undefined;
  readonly payerTaxId: string | undefined;
  readonly payerName: string | undefined;
  readonly issuerTaxId: string | undefined;
  readonly series: string | undefined;
  readonly folio: string | undefined;
  readonly issued: string | undefined;
  readonly cfdiVersion: string | undefined;
  readonly pagosVersion: string | undefined;
}

function readPago(doc: XmlDocument, pago: unknown, index: number, header: Header, builder: PaymentFileBuilder): void {
  const line = doc.lineOf(pago) ?? index;
  const currency = isoCurrency(attr(pago, 'MonedaP'), 'payment currency (MonedaP)');
  const amount = currency.ok ? machineAmount(attr(pago, 'Monto'), '.', currency.value, 'amount (Monto)') : currency;
  const date = isoDate(attr(pago, 'FechaPago'), 'payment date (FechaPago)');
  if (!currency.ok || !amount.ok || !date.ok) {
    builder.reject(line, `payment ${index}: ${reasons(currency, amount, date)}`);
    return;
  }
  if (amount.value === 0) {
    builder.reject(line, `payment ${index}: amount (Monto) is zero`);
    return;
  }
  const documents: CfdiPaidDocument[] = [];
  const related = children(pago, 'DoctoRelacionado');
  related.forEach((node, position) => {
    const read = paidDocument(node, related.length === 1 ? { amount: attr(pago, 'Monto'), currency: currency.value } : undefined);
    if (read.ok) documents.push(read.value);
    else builder.warn(doc.lineOf(node) ?? line, `payment ${index}, related document ${position + 1}: ${read.reason}; it is left out of the payment's invoices`);
  });
  builder.pay(line, compact({
    paymentId: cfdiPaymentId(header.uuid, [header.issuerTaxId, header.payerTaxId, header.series, header.folio, header.issued, canonical(pago)], index),
    source: 'cfdi',
    kind: 'payment',
    amount: amount.value,
    currency: currency.value,
    valueDate: date.value,
    payerName: header.payerName,
    payerTaxId: header.payerTaxId,
    payerAccount: attr(pago, 'CtaOrdenante'),
    reference: attr(pago, 'NumOperacion'),
    cfdiDocuments: documents.length > 0 ? documents : undefined,
    metadata: compact({
      cfdiUuid: header.uuid,
      cfdiVersion: header.cfdiVersion,
      pagosVersion: header.pagosVersion,
      issuerTaxId: header.issuerTaxId,
      series: header.series,
      folio: header.folio,
      paymentForm: attr(pago, 'FormaDePagoP'),
      exchangeRate: attr(pago, 'TipoCambioP'),
      payerBank: attr(pago, 'NomBancoOrdExt'),
    }),
  }));
}

/**
 * One `DoctoRelacionado`. Pagos 1.0 lets `ImpPagado` be left out when the payment pays a single
 * document in its own currency: then it is the payment's `Monto`.
 */
function paidDocument(node: unknown, single: { amount: string | undefined; currency: string } | undefined): Reading<CfdiPaidDocument> {
  const uuid = attr(node, 'IdDocumento');
  if (uuid === undefined) return { ok: false, reason: 'no IdDocumento (the fiscal UUID of the invoice paid), so it cannot be linked to an invoice' };
  const currency = isoCurrency(attr(node, 'MonedaDR'), 'document currency (MonedaDR)');
  if (!currency.ok) return currency;
  const paidText = attr(node, 'ImpPagado') ?? (single?.currency === currency.value ? single.amount : undefined);
  const paid = machineAmount(paidText, '.', currency.value, 'amount paid (ImpPagado)');
  if (!paid.ok) return paid;
  const optional = (name: string, label: string): Reading<number | undefined> => {
    const raw = attr(node, name);
    return raw === undefined ? { ok: true, value: undefined } : machineAmount(raw, '.', currency.value, label);
  };
  const previous = optional('ImpSaldoAnt', 'previous balance (ImpSaldoAnt)');
  if (!previous.ok) return previous;
  const remaining = optional('ImpSaldoInsoluto', 'remaining balance (ImpSaldoInsoluto)');
  if (!remaining.ok) return remaining;
  const installment = attr(node, 'NumParcialidad');
  return {
    ok: true,
    value: compact({
      uuid: uuid.toUpperCase(),
      series: attr(node, 'Serie'),
      folio: attr(node, 'Folio'),
      currency: currency.value,
      amountPaid: paid.value,
      previousBalance: previous.value,
      remainingBalance: remaining.value,
      installment: installment !== undefined && /^\d{1,6}$/.test(installment) ? Number(installment) : undefined,
    }),
  };
}

/** The Pago as sorted-key JSON, so the same complement formatted differently hashes the same. */
function canonical(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(canonical);
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  return Object.keys(record)
    .sort()
    .map((key) => [key, canonical(record[key])]);
}
