import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes a realistic invoice CSV of `invoices` rows (Spanish headers, `,` delimiter, `1,234.56`
 * amounts, DD/MM/YYYY dates) spread over `invoices / 20` accounts in five countries. Deterministic.
 */
export async function generatePortfolioCsv(path: string, invoices: number): Promise<void> {
  const countries = [
    { country: 'MX', currency: 'MXN', phone: '+52155' },
    { country: 'CO', currency: 'COP', phone: '+57300' },
    { country: 'PE', currency: 'PEN', phone: '+51987' },
    { country: 'CL', currency: 'CLP', phone: '+56987' },
    { country: 'US', currency: 'USD', phone: '+1212555' },
  ] as const;
  const out = createWriteStream(path, 'utf8');
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write('folio,codigo_cliente,razon_social,correo,pais,moneda,importe,fecha_emision,fecha_vencimiento');
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < invoices; i += 1) {
    const account = Math.floor(i / 20);
    const c = countries[account % countries.length]!;
    const cents = 10_000 + Math.floor(random() * 5_000_000);
    // Always two decimals (CLP has none: whole pesos), written with a thousands separator.
    const amount =
      c.currency === 'CLP'
        ? Math.floor(cents).toLocaleString('en-US')
        : `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
    const issue = new Date(Date.UTC(2026, 8, 1) + Math.floor(random() * 90) * 86_400_000);
    const due = new Date(issue.getTime() + 30 * 86_400_000);
    await write(
      [
        `F-${String(i + 1).padStart(7, '0')}`,
        `C${String(account).padStart(6, '0')}`,
        `"Cliente ${account}, S.A."`,
        `pagos${account}@example.com`,
        c.country,
        c.currency,
        `"${amount}"`,
        ddmmyyyy(issue),
        ddmmyyyy(due),
      ].join(','),
    );
  }
  out.end();
  await once(out, 'finish');
}

function ddmmyyyy(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${date.getUTCFullYear()}`;
}
