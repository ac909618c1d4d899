import { describe, expect, it } from 'vitest';
import { lines, read } from './support.js';

const FULL = 'invoice_number;customer_id;customer_name;tax_id;email;phone;country;currency;amount;balance;issue_date;due_date;status;timezone;language';

/** One row for FULL, every field overridable. */
function full(fields: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    invoice_number: 'F-1',
    customer_id: 'C-1',
    customer_name: 'Abarrotes La Esperanza SA de CV',
    tax_id: 'ALE950314AB1',
    email: 'pagos@laesperanza.example.com',
    phone: '55 5123 4567',
    country: 'MX',
    currency: 'MXN',
    amount: '1500.00',
    balance: '',
    issue_date: '15/11/2026',
    due_date: '15/12/2026',
    status: '',
    timezone: '',
    language: '',
  };
  return FULL.split(';').map((column) => fields[column] ?? base[column] ?? '').join(';');
}

async function one(fields: Partial<Record<string, string>>) {
  const result = await read(lines(FULL, full(fields)));
  const [outcome] = result.rows;
  if (!outcome) throw new Error('no row');
  return outcome;
}

describe('a complete row', () => {
  it('becomes an account and an invoice', async () => {
    expect(await one({})).toEqual({
      kind: 'accepted',
      line: 2,
      account: {
        accountId: 'C-1',
        name: 'Abarrotes La Esperanza SA de CV',
        taxId: 'ALE950314AB1',
        email: 'pagos@laesperanza.example.com',
        phone: '+525551234567',
        country: 'MX',
        timezone: 'America/Mexico_City',
        locale: 'es-MX',
      },
      invoice: {
        accountId: 'C-1',
        invoiceNumber: 'F-1',
        currency: 'MXN',
        amount: 150000,
        balance: 150000,
        issueDate: '2026-11-15',
        dueDate: '2026-12-15',
        status: 'open',
      },
      warnings: [],
      // What the row says something about: balance, status, timezone and language cells are empty,
      // so a stored value stays for those (the zone is re-derived only if phone or country change).
      provided: {
        account: new Set(['accountId', 'name', 'taxId', 'email', 'phone', 'country']),
        invoice: new Set(['accountId', 'invoiceNumber', 'currency', 'amount', 'dueDate', 'dateWarning', 'issueDate']),
      },
    });
  });

  it('trims ids and invoice numbers and keeps leading zeros', async () => {
    const outcome = await one({ invoice_number: '  000123 ', customer_id: ' C-9 ' });
    expect(outcome).toMatchObject({ invoice: { invoiceNumber: '000123', accountId: 'C-9' }, account: { accountId: 'C-9' } });
  });
});

describe('required fields', () => {
  it.each([
    [{ invoice_number: '' }, 'missing invoice number'],
    [{ customer_id: '', tax_id: '' }, 'missing customer id (and no tax id to use instead)'],
    [{ amount: '' }, 'missing amount'],
    [{ currency: '', country: '' }, 'missing currency: fill the currency (e.g. MXN) or the country'],
    [{ currency: '', country: 'DE' }, "missing currency, and country 'DE' does not imply one: fill the currency (e.g. MXN)"],
    [{ currency: 'PESOS' }, "unknown currency 'PESOS'; use an ISO 4217 code such as MXN, COP, USD"],
    [{ currency: '$' }, "currency '$' is ambiguous (pesos or dollars?); write the ISO code, e.g. MXN or USD"],
    [{ due_date: '' }, 'missing due date'],
    [{ due_date: 'mañana' }, "invalid due date 'mañana': not a date; use YYYY-MM-DD or DD/MM/YYYY"],
    [{ status: 'en revisión' }, "unknown status 'en revisión': use open, paid or cancelled (abierta, pagada, cancelada)"],
  ])('rejects %j: %s', async (fields, reason) => {
    expect(await one(fields)).toEqual({ kind: 'rejected', line: 2, reason });
  });

  it('names every problem of a row in one reason', async () => {
    expect(await one({ invoice_number: '', amount: 'abc', due_date: '' })).toEqual({
      kind: 'rejected',
      line: 2,
      reason: "missing invoice number; invalid amount 'abc': not a number; missing due date",
    });
  });

  it('uses the tax id as the customer id when there is none', async () => {
    const outcome = await one({ customer_id: '', tax_id: ' ale950314ab1 ' });
    expect(outcome).toMatchObject({ kind: 'accepted', account: { accountId: 'ALE950314AB1', taxId: 'ALE950314AB1' } });
  });

  it.each([
    ['CO', 'COP', 'America/Bogota', 'es-CO'],
    ['PE', 'PEN', 'America/Lima', 'es-PE'],
    ['CL', 'CLP', 'America/Santiago', 'es-CL'],
    ['AR', 'ARS', 'America/Argentina/Buenos_Aires', 'es-AR'],
    ['EC', 'USD', 'America/Guayaquil', 'es-EC'],
    ['BR', 'BRL', 'America/Sao_Paulo', 'pt-BR'],
    ['US', 'USD', 'America/New_York', 'en-US'],
    ['Perú', 'PEN', 'America/Lima', 'es-PE'],
    ['col', 'COP', 'America/Bogota', 'es-CO'],
  ])('implies the currency, zone and locale from country %s', async (country, currency, timezone, locale) => {
    const outcome = await one({ country, currency: '', amount: '1500', phone: '' });
    expect(outcome).toMatchObject({ kind: 'accepted', invoice: { currency }, account: { timezone, locale } });
  });

  it("reads 'M.N.' (moneda nacional) as the country's currency", async () => {
    expect(await one({ currency: 'M.N.' })).toMatchObject({ invoice: { currency: 'MXN' } });
  });
});

describe('balance and status', () => {
  it('defaults the balance to the amount', async () => {
    expect(await one({ amount: '1500.00' })).toMatchObject({ invoice: { amount: 150000, balance: 150000 } });
  });

  it('rejects a balance above the amount, or negative', async () => {
    expect(await one({ amount: '1500.00', balance: '1600.00' })).toEqual({
      kind: 'rejected',
      line: 2,
      reason: "balance '1600.00' is more than the amount '1500.00'",
    });
    expect(await one({ balance: '-1.00' })).toMatchObject({ reason: "balance cannot be negative, found '-1.00'" });
  });

  it.each([
    ['abierta', 'open'],
    ['Pendiente', 'open'],
    ['VIGENTE', 'open'],
    ['Pagada', 'paid'],
    ['pagado', 'paid'],
    ['Liquidada', 'paid'],
    ['Cancelada', 'cancelled'],
    ['anulada', 'cancelled'],
    ['canceled', 'cancelled'],
  ])('reads status %s as %s', async (status, expected) => {
    expect(await one({ status, balance: expected === 'open' ? '' : '0' })).toMatchObject({ invoice: { status: expected } });
  });

  it('records a paid invoice with balance 0, warning when the file said otherwise', async () => {
    expect(await one({ status: 'pagada' })).toMatchObject({ invoice: { status: 'paid', balance: 0 }, warnings: [] });
    expect(await one({ status: 'pagada', balance: '500.00' })).toMatchObject({
      invoice: { status: 'paid', balance: 0 },
      warnings: ['status is paid, so the balance 500.00 is recorded as 0'],
    });
  });

  it('keeps an open invoice with balance 0 open, with a warning', async () => {
    expect(await one({ balance: '0' })).toMatchObject({
      invoice: { status: 'open', balance: 0 },
      warnings: ['balance is 0 but the status is open; mark the invoice paid if it was paid'],
    });
  });
});

describe('optional fields: warnings, never rejections', () => {
  it('drops an invalid email with a warning', async () => {
    const outcome = await one({ email: 'pagos@laesperanza' });
    expect(outcome).toMatchObject({ kind: 'accepted', warnings: ["invalid email 'pagos@laesperanza' skipped"] });
    expect(outcome.kind === 'accepted' && 'email' in outcome.account).toBe(false);
  });

  it('keeps the first of several emails and a named address', async () => {
    expect(await one({ email: 'Ana Pérez <Ana@LaEsperanza.Example.com>' })).toMatchObject({
      account: { email: 'Ana@laesperanza.example.com' },
      warnings: [],
    });
    expect(await one({ email: 'pagos@a.example.com, cxp@a.example.com' })).toMatchObject({
      account: { email: 'pagos@a.example.com' },
      warnings: ["only the first email 'pagos@a.example.com' is used; ignored: 'cxp@a.example.com'"],
    });
  });

  it.each([
    ['55 5123 4567', 'MX', '+525551234567'],
    ['(55) 5123-4567', 'MX', '+525551234567'],
    ['+52 1 55 5123 4567', 'MX', '+525551234567'],
    ['52 55 5123 4567', 'MX', '+525551234567'],
    ['310 456 7890', 'CO', '+573104567890'],
    ['987 654 321', 'PE', '+51987654321'],
    ['9 8765 4321', 'CL', '+56987654321'],
    ['(312) 555-0147', 'US', '+13125550147'],
  ])('normalises phone %s (%s) to E.164 %s', async (phone, country, e164) => {
    expect(await one({ phone, country, currency: 'MXN' })).toMatchObject({ account: { phone: e164 }, warnings: [] });
  });

  it('keeps a phone of another country, but its area code does not set the zone (a Chicago number in Mexico)', async () => {
    expect(await one({ phone: '+1 312 555 0147', country: 'MX', currency: 'MXN' })).toMatchObject({
      account: { phone: '+13125550147', timezone: 'America/Mexico_City' },
      warnings: ['phone +13125550147 is a number of US, not MX: its area code does not set the time zone; the region or the country does'],
    });
  });

  it('drops an invalid phone, or one without a country code on a row without a country, with a warning', async () => {
    expect(await one({ phone: '12345' })).toMatchObject({ kind: 'accepted', warnings: ["invalid phone '12345' skipped"] });
    const noCountry = await one({ phone: '5551234567', country: '' });
    expect(noCountry).toMatchObject({
      kind: 'accepted',
      account: { timezone: 'UTC', locale: 'es-419' },
      warnings: [
        "phone '5551234567' has no country code and the row has no country; skipped (write it as +52 55 1234 5678)",
        'no country, so the time zone is UTC',
      ],
    });
  });

  it('warns about an unknown country and carries on without it', async () => {
    expect(await one({ country: 'Narnia', phone: '' })).toMatchObject({
      kind: 'accepted',
      account: { timezone: 'UTC', locale: 'es-419' },
      warnings: ["unknown country 'Narnia' ignored", 'no country, so the time zone is UTC'],
    });
  });

  it('uses a valid time zone from the file, fixing its case', async () => {
    expect(await one({ timezone: 'america/tijuana' })).toMatchObject({ account: { timezone: 'America/Tijuana' }, warnings: [] });
  });

  // The phone 55 5123 4567 is a Mexico City number: it decides once the zone is refused.
  it.each(['CST', 'Mexico City', 'GMT-6', 'Mars/Olympus'])('refuses time zone %s and falls back to the phone, then the country', async (timezone) => {
    expect(await one({ timezone })).toMatchObject({
      account: { timezone: 'America/Mexico_City' },
      warnings: [`unknown time zone '${timezone}'; using America/Mexico_City (phone area code) (write an IANA name such as America/Mexico_City)`],
    });
  });

  it('uses UTC with a warning for a country without a default zone', async () => {
    expect(await one({ country: 'DE', currency: 'EUR', phone: '' })).toMatchObject({
      account: { timezone: 'UTC', locale: 'en-DE' },
      warnings: ['no default time zone for country DE; using UTC (add a timezone column)'],
    });
  });

  it.each([
    ['es', 'CO', 'es-CO'],
    ['Español', 'MX', 'es-MX'],
    ['spanish', 'US', 'es-US'],
    ['en', 'MX', 'en-MX'],
    ['English', 'CO', 'en-CO'],
    ['es-MX', 'CO', 'es-MX'],
    ['en_us', 'MX', 'en-US'],
    ['', 'CO', 'es-CO'],
    ['', 'US', 'en-US'],
    ['', 'BR', 'pt-BR'],
  ])('language %j with country %s → locale %s', async (language, country, locale) => {
    expect(await one({ language, country, currency: 'MXN', phone: '' })).toMatchObject({ account: { locale }, warnings: [] });
  });

  it('falls back to the default locale for an unknown language, with a warning', async () => {
    expect(await one({ language: 'klingon!' })).toMatchObject({ account: { locale: 'es-MX' }, warnings: ["unknown language 'klingon!'; using es-MX"] });
  });
});

describe('duplicates', () => {
  it('rejects the same invoice number for the same customer later in the file', async () => {
    const result = await read(lines(FULL, full(), full({ customer_id: 'C-2' }), '', full({ amount: '99.00' })));
    expect(result.accepted.map((row) => row.line)).toEqual([2, 3]);
    expect(result.rejected).toEqual([
      { kind: 'rejected', line: 5, reason: "duplicate of line 2: invoice 'F-1' of customer 'C-1' appears twice in this file" },
    ]);
  });
});
