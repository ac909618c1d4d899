import { describe, expect, it } from 'vitest';
import { CANONICAL_COLUMNS, HEADER_ALIASES, normaliseHeader, type CanonicalColumn } from '../../../shared/domain/ingest/index.js';
import { mapHeaders } from '../../../shared/domain/ingest/headers.js';
import { lines, read, rejection } from './support.js';

describe('header aliases', () => {
  it.each(['Fecha de Vencimiento', 'FECHA_VENCIMIENTO', 'fecha-vencimiento', 'Fecha  Vencimiento ', 'Vencimiento', 'Due Date'])(
    "reads '%s' as due_date",
    (header) => {
      const map = mapHeaders(['Folio', 'Cliente', 'RFC', 'Importe', header]);
      expect(map.columns[4]).toBe('due_date');
    },
  );

  it('ignores case, accents, spaces, punctuation and filler words', () => {
    expect(normaliseHeader('Razón Social')).toBe('razonsocial');
    expect(normaliseHeader('No. de Cliente')).toBe(normaliseHeader('no_cliente'));
    expect(normaliseHeader('Nº Factura')).toBe(normaliseHeader('no_factura'));
    expect(normaliseHeader('E-Mail')).toBe('email');
    expect(normaliseHeader('Correo Electrónico')).toBe(normaliseHeader('correo_electronico'));
  });

  it('maps every alias named in the issue to its column', () => {
    const expected: Record<CanonicalColumn, string[]> = {
      invoice_number: ['invoice', 'invoice_no', 'invoice_number', 'number', 'folio', 'factura', 'numero_factura', 'no_factura', 'num_factura'],
      customer_id: ['customer_id', 'customer', 'customer_code', 'account', 'account_id', 'codigo_cliente', 'id_cliente', 'cliente_id', 'no_cliente'],
      customer_name: ['customer_name', 'name', 'company', 'razon_social', 'cliente', 'nombre', 'nombre_cliente'],
      tax_id: ['tax_id', 'vat', 'rfc', 'nit', 'ruc', 'rut', 'cuit'],
      email: ['email', 'e-mail', 'mail', 'correo', 'correo_electronico'],
      phone: ['phone', 'mobile', 'telephone', 'telefono', 'celular', 'movil', 'whatsapp'],
      country: ['country', 'pais'],
      currency: ['currency', 'moneda', 'divisa'],
      amount: ['amount', 'total', 'importe', 'monto', 'valor'],
      balance: ['balance', 'outstanding', 'saldo', 'saldo_pendiente'],
      issue_date: ['issue_date', 'invoice_date', 'date', 'fecha_emision', 'emision', 'fecha_factura', 'fecha'],
      due_date: ['due_date', 'due', 'fecha_vencimiento', 'vencimiento', 'fecha_de_pago'],
      status: ['status', 'estado', 'estatus'],
      timezone: ['timezone', 'time_zone', 'zona_horaria'],
      language: ['language', 'lang', 'idioma'],
      fiscal_uuid: ['fiscal_uuid', 'uuid', 'folio_fiscal', 'UUID CFDI'],
      channels: ['channels', 'canales', 'Canal preferido', 'preferred_channels'],
      whatsapp_opt_in: ['whatsapp_opt_in', 'Acepta WhatsApp', 'consentimiento_whatsapp'],
      region: ['region', 'Región', 'state', 'estado_region', 'Provincia', 'Departamento', 'Ciudad', 'city'],
      debtor_type: ['debtor_type', 'Tipo de Deudor', 'tipo_cliente', 'Tipo de Cliente'],
    };
    for (const column of CANONICAL_COLUMNS) {
      for (const alias of expected[column]) {
        const map = mapHeaders(['folio', 'customer_id', 'amount', 'due_date', alias]);
        const position = ['invoice_number', 'customer_id', 'amount', 'due_date'].includes(column) ? map.columns.indexOf(column) : 4;
        expect({ alias, column: map.columns[position] }).toEqual({ alias, column });
      }
    }
  });

  it('has no alias that means two columns', () => {
    const owners = new Map<string, CanonicalColumn>();
    for (const column of CANONICAL_COLUMNS) {
      for (const alias of HEADER_ALIASES[column]) {
        const key = normaliseHeader(alias);
        expect({ alias, owner: owners.get(key) ?? column }).toEqual({ alias, owner: column });
        owners.set(key, column);
      }
    }
  });
});

describe('reading headers from files', () => {
  it('reads a Mexican ERP export with Spanish headers, using the RFC as the customer id', async () => {
    const text = lines(
      'Folio;Razón Social;RFC;Correo;Teléfono;Moneda;Importe;Saldo;Fecha Emisión;Fecha Vencimiento',
      'A-10231;Abarrotes La Esperanza SA de CV;ale950314ab1;pagos@laesperanza.example.com;+52 55 5123 4567;MXN;18,560.00;9,280.00;04/11/2026;04/12/2026',
      'A-10232;Construcciones del Bajío SA de CV;CBA0807229K3;cxp@construbajio.example.com;+52 477 123 4567;MXN;1,234.56;;16/11/2026;16/12/2026',
    );
    const result = await read(text, 'cartera.csv');
    expect(result.rejected).toEqual([]);
    expect(result.accepted[0]).toMatchObject({
      line: 2,
      account: {
        accountId: 'ALE950314AB1',
        taxId: 'ALE950314AB1',
        name: 'Abarrotes La Esperanza SA de CV',
        email: 'pagos@laesperanza.example.com',
        phone: '+525551234567',
        timezone: 'America/Mexico_City', // no country, but +52 55 is a Mexico City number
        locale: 'es-419',
      },
      invoice: { invoiceNumber: 'A-10231', currency: 'MXN', amount: 1856000, balance: 928000, issueDate: '2026-11-04', dueDate: '2026-12-04', status: 'open' },
    });
    expect(result.accepted[1]?.invoice).toMatchObject({ amount: 123456, balance: 123456 });
    expect(result.warnings).toEqual(['no country column: new accounts get time zone UTC and locale es-419, stored ones keep theirs (add a country column, e.g. MX)']);
  });

  it('reads English headers', async () => {
    const text = lines(
      'Invoice No,Customer ID,Company,Email,Phone,Country,Currency,Amount,Outstanding,Invoice Date,Due Date,Status',
      'INV-1,US-501,Brightline Logistics Inc.,ap@brightline.example.com,(312) 555-0147,US,USD,"12,480.00","2,480.00",2026-11-01,2026-12-01,Open',
    );
    const result = await read(text);
    expect(result.accepted[0]).toMatchObject({
      account: { accountId: 'US-501', phone: '+13125550147', country: 'US', timezone: 'America/Chicago', locale: 'en-US' }, // 312: Chicago
      invoice: { amount: 1248000, balance: 248000, currency: 'USD', status: 'open' },
    });
    expect(result.warnings).toEqual([]);
  });

  it('applies the header mapping option, over built-in aliases too', async () => {
    const text = lines('Doc. Interno;Cliente ID;Total;Importe Neto;Vence el;País', 'X-1;C-1;999;1500;15/12/2026;MX');
    const result = await read(text, 'export.csv', {
      headerMapping: { 'DOC INTERNO': 'invoice_number', 'importe neto': 'amount', 'Vence el': 'due_date' },
    });
    expect(result.accepted[0]?.invoice).toMatchObject({ invoiceNumber: 'X-1', amount: 150000, dueDate: '2026-12-15' });
    expect(result.warnings).toContain("columns 'Importe Neto' and 'Total' both mean amount; 'Total' is ignored");
  });

  it('lists unknown columns once in the file warnings and ignores them', async () => {
    const text = lines('Folio;Cliente ID;Importe;Fecha Vencimiento;País;Vendedor;Sucursal;', 'F-1;C-1;100;15/12/2026;MX;Juan;Centro;', 'F-2;C-1;100;15/12/2026;MX;Ana;Norte;');
    const result = await read(text);
    expect(result.accepted).toHaveLength(2);
    expect(result.warnings.filter((warning) => warning.startsWith('ignored columns'))).toEqual([
      "ignored columns (not recognised): 'Vendedor', 'Sucursal', (unnamed column 8)",
    ]);
  });

  it('rejects a file whose header has nothing recognisable, listing what it found', async () => {
    const error = await rejection(lines('foo,bar,baz', '1,2,3'));
    expect(error.reason).toBe(
      "no recognisable header: expected columns such as invoice_number, customer_id, amount, due_date; found 'foo', 'bar', 'baz'",
    );
  });

  it('rejects a file that starts with data instead of a header', async () => {
    const error = await rejection(lines('F-1;C-1;ACME;MX;MXN;1500.00;15/12/2026', 'F-2;C-1;ACME;MX;MXN;1500.00;15/12/2026'));
    expect(error.reason).toMatch(/^no recognisable header: .*found 'F-1', 'C-1', 'ACME'/);
  });

  it('rejects a file missing a required column, before reading any row', async () => {
    const error = await rejection(lines('Folio;Cliente ID;Importe;País', 'F-1;C-1;100;MX'));
    expect(error.reason).toBe("missing required column: due_date (e.g. Fecha Vencimiento, Due Date); found 'Folio', 'Cliente ID', 'Importe', 'País'");
  });

  it('accepts a header with no rows, with a warning', async () => {
    const result = await read(lines('Folio;Cliente ID;Importe;Fecha Vencimiento;País'));
    expect(result.rows).toEqual([]);
    expect(result.warnings).toEqual(['the file has no invoice rows']);
  });

  it('refuses a header mapping that points at something that is not a column', async () => {
    const error = await rejection(lines('Folio;Cliente;Importe;Vence'), 'x.csv', {
      headerMapping: { Vence: 'vencimiento' as CanonicalColumn },
    });
    expect(error.reason).toMatch(/^header mapping sends 'Vence' to 'vencimiento', which is not a column/);
  });
});
