import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { renderReceipt, type ReceiptInput } from '../../../shared/domain/templates/receipt.js';
import type { Account } from '../../../shared/domain/types.js';

const peru: Account = { accountId: 'PE-1', name: 'Bodega San Martín', country: 'PE', timezone: 'America/Lima', locale: 'es-PE' };
const input: ReceiptInput = {
  account: peru,
  currency: 'PEN',
  amount: 1_500_000,
  valueDate: '2026-12-18',
  lines: [{ invoiceNumber: 'F-1', amount: 1_200_000, balanceAfter: 0 }],
  credit: 300_000,
  policy: defaultPolicy,
};
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('renderReceipt', () => {
  it('thanks, says what was paid, and keeps a credit on the account without promising what the system does not do', () => {
    const receipt = renderReceipt(input);
    expect(plain(receipt.text)).toContain('Gracias: recibimos su pago de S/ 15,000.00 del 18 de diciembre de 2026');
    expect(plain(receipt.text)).toContain('Quedan S/ 3,000.00 a su favor en su cuenta. Si desean que los apliquemos a otra factura o que se los devolvamos, respondan a este correo.');
  });

  it('is signed in the debtor’s language, with the Reply-To address', () => {
    const receipt = renderReceipt(input);
    expect(receipt.text).toContain('Saludos cordiales,\nCuentas por Cobrar\nEjemplo Corp, S.A. de C.V. · RFC ECO120315AB1');
    expect(receipt.text).not.toContain('Accounts Receivable');
    expect(receipt.html).toContain('Cuentas por Cobrar<br>Ejemplo Corp, S.A. de C.V. · RFC ECO120315AB1');
    expect(receipt.replyTo).toBe('cobranza@example.com');
    const english = renderReceipt({ ...input, account: { ...peru, locale: 'en-US', country: 'US' } });
    expect(english.text).toContain('Kind regards,\nAccounts Receivable\n');
  });
});
