import { describe, expect, it } from 'vitest';
import { lines, read, type Accepted } from './support.js';

const HEADER = 'Folio,Cliente ID,Pais,Region,Telefono,Zona Horaria,Tipo Cliente,Importe,Fecha Vencimiento';

/** One row through the whole reader; the account as ingest stores it, and the row's warnings. */
async function row(fields: { country?: string; region?: string; phone?: string; zone?: string; type?: string }): Promise<Accepted> {
  const { country = '', region = '', phone = '', zone = '', type = '' } = fields;
  const result = await read(lines(HEADER, `F-1,C-1,${country},"${region}",${phone},${zone},${type},100.00,2026-12-15`));
  const [accepted] = result.accepted;
  if (!accepted) throw new Error(JSON.stringify(result.rows));
  return accepted;
}

const MX_ALL = ['America/Tijuana', 'America/Hermosillo', 'America/Mazatlan', 'America/Ciudad_Juarez', 'America/Chihuahua', 'America/Ojinaga', 'America/Mexico_City', 'America/Monterrey', 'America/Matamoros', 'America/Merida', 'America/Bahia_Banderas', 'America/Cancun'];

describe('the debtor’s time zone from where it is', () => {
  it.each([
    ['MX', 'Baja California', 'America/Tijuana'],
    ['MX', 'Tijuana', 'America/Tijuana'],
    ['MX', 'Quintana Roo', 'America/Cancun'],
    ['MX', 'Sonora', 'America/Hermosillo'],
    ['MX', 'Baja California Sur', 'America/Mazatlan'],
    ['MX', 'Ciudad de México', 'America/Mexico_City'],
    ['MX', 'Ciudad Juárez', 'America/Ciudad_Juarez'],
    ['US', 'California', 'America/Los_Angeles'],
    ['US', 'NY', 'America/New_York'],
    ['US', 'Hawaii', 'Pacific/Honolulu'],
    ['BR', 'Amazonas', 'America/Manaus'], // dated in Manaus; Eirunepé (Acre time) stays a candidate
    ['BR', 'Acre', 'America/Rio_Branco'],
    ['CL', 'Magallanes', 'America/Punta_Arenas'],
    ['CL', 'Isla de Pascua', 'Pacific/Easter'],
    ['CL', 'Región Metropolitana', 'America/Santiago'],
    ['EC', 'Galápagos', 'Pacific/Galapagos'],
    ['AR', 'Mendoza', 'America/Argentina/Mendoza'],
  ])('%s region %s → %s', async (country, region, zone) => {
    const { account, warnings } = await row({ country, region });
    expect(account.timezone).toBe(zone);
    expect(account.region).toBe(region);
    expect(warnings).toEqual([]);
  });

  it('keeps every zone of a state split by a zone line, and lets the phone narrow it (Texas: El Paso 915)', async () => {
    expect((await row({ country: 'US', region: 'Texas' })).account).toMatchObject({ timezone: 'America/Chicago', zoneCandidates: ['America/Chicago', 'America/Denver'] });
    const elPaso = (await row({ country: 'US', region: 'TX', phone: '+19155550123' })).account;
    expect(elPaso.timezone).toBe('America/Denver');
    expect(elPaso.zoneCandidates).toBeUndefined();
  });

  it('reads the zone from the phone’s area code where it fixes it', async () => {
    expect((await row({ country: 'MX', phone: '664 123 4567' })).account).toMatchObject({ timezone: 'America/Tijuana' });
    expect((await row({ country: 'MX', phone: '+52 998 123 4567' })).account).toMatchObject({ timezone: 'America/Cancun' });
    expect((await row({ country: 'US', phone: '(213) 555-0123' })).account).toMatchObject({ timezone: 'America/Los_Angeles' });
    const florida = (await row({ country: 'US', phone: '+1 850 555 0123' })).account; // the panhandle straddles Eastern and Central
    expect(florida.zoneCandidates).toEqual(['America/New_York', 'America/Chicago']);
  });

  it('gives a US debtor with no state and a number that says nothing every US zone, not New York alone', async () => {
    const { account, warnings } = await row({ country: 'US' });
    expect(account.timezone).toBe('America/New_York');
    expect(account.zoneCandidates).toEqual(['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu']);
    expect(warnings).toEqual([]);
  });

  it('gives a Mexican debtor with nothing telling every Mexican zone', async () => {
    expect((await row({ country: 'MX' })).account).toMatchObject({ timezone: 'America/Mexico_City', zoneCandidates: MX_ALL });
  });

  it('needs no candidates in a one-zone country', async () => {
    const { account } = await row({ country: 'CO', region: 'Antioquia' });
    expect(account.timezone).toBe('America/Bogota');
    expect(account.zoneCandidates).toBeUndefined();
  });

  it('lets the region win over the phone when they disagree (a moved debtor keeps the old number)', async () => {
    expect((await row({ country: 'MX', region: 'Quintana Roo', phone: '55 1234 5678' })).account.timezone).toBe('America/Cancun');
  });

  it('warns about a region it does not know and falls back to the phone, then the country', async () => {
    const { account, warnings } = await row({ country: 'MX', region: 'Narnia', phone: '664 123 4567' });
    expect(account).toMatchObject({ timezone: 'America/Tijuana', region: 'Narnia' });
    expect(warnings).toEqual(["region 'Narnia' not recognised in MX; the zone comes from the phone or the country"]);
  });
});

describe('an invalid zone name', () => {
  it('falls back to the country’s zone with a warning, never UTC (Bogota in Colombia → America/Bogota)', async () => {
    const { account, warnings } = await row({ country: 'CO', zone: 'Bogota' });
    expect(account.timezone).toBe('America/Bogota');
    expect(warnings).toEqual(["unknown time zone 'Bogota'; using America/Bogota (country CO) (write an IANA name such as America/Bogota)"]);
  });

  it('is read as an IANA city when the row has no country', async () => {
    const result = await read(lines('invoice_number,customer_id,currency,timezone,amount,due_date', 'F-1,C-1,COP,Bogota,100.00,2026-12-15'));
    expect(result.accepted[0]).toMatchObject({
      account: { timezone: 'America/Bogota' },
      warnings: ["time zone 'Bogota' is not an IANA name; read as America/Bogota (write it as America/Bogota)"],
    });
  });

  it('uses the region when there is one', async () => {
    const { account, warnings } = await row({ country: 'MX', region: 'Baja California', zone: 'PST' });
    expect(account.timezone).toBe('America/Tijuana');
    expect(warnings[0]).toBe("unknown time zone 'PST'; using America/Tijuana (region Baja California) (write an IANA name such as America/Mexico_City)");
  });

  it('still takes a valid zone over region and phone', async () => {
    expect((await row({ country: 'MX', region: 'Sonora', phone: '664 123 4567', zone: 'America/Mexico_City' })).account.timezone).toBe('America/Mexico_City');
  });
});

describe('the debtor type', () => {
  it.each([
    ['business', 'business'],
    ['Empresa', 'business'],
    ['Persona Moral', 'business'],
    ['PyME', 'sme'],
    ['mipyme', 'sme'],
    ['Microempresa', 'sme'],
    ['consumer', 'consumer'],
    ['Persona Natural', 'consumer'],
    ['persona física', 'consumer'],
  ])('reads %s as %s', async (text, type) => {
    const { account, warnings } = await row({ country: 'CO', type: text });
    expect(account.debtorType).toBe(type);
    expect(warnings).toEqual([]);
  });

  it.each([
    // Spanish and Portuguese, as files write them (a tipo_persona column says Física/Moral, Natural/Jurídica).
    ['Consumidora', 'consumer'],
    ['consumidor final', 'consumer'],
    ['PN', 'consumer'],
    ['Natural', 'consumer'],
    ['Física', 'consumer'],
    ['persona natural', 'consumer'],
    ['Particular', 'consumer'],
    ['Pessoa Física', 'consumer'],
    ['Moral', 'business'],
    ['Jurídica', 'business'],
    ['MiPyme', 'sme'],
    ['microempresa', 'sme'],
    ['Persona física con actividad empresarial', 'sme'],
    ['Monotributista', 'sme'],
    // English.
    ['natural person', 'consumer'],
    ['Individual', 'consumer'],
    ['sole proprietor', 'sme'],
    ['Small business', 'sme'],
    ['Corporation', 'business'],
  ])('reads %s as %s', async (text, type) => {
    const { account, warnings } = await row({ country: 'CO', type: text });
    expect(account.debtorType).toBe(type);
    expect(warnings).toEqual([]);
  });

  it('counts an unknown type as a consumer, the most protected, with a warning', async () => {
    const { account, warnings } = await row({ country: 'CO', type: 'gobierno' });
    expect(account.debtorType).toBe('consumer');
    expect(warnings).toEqual(["unknown debtor type 'gobierno' (expected business, sme or consumer; empresa, pyme or persona); counted as a consumer, the most protected"]);
  });

  it('stores nothing when the column is absent', async () => {
    const result = await read(lines('invoice_number,customer_id,country,amount,due_date', 'F-1,C-1,CO,100.00,2026-12-15'));
    expect(result.accepted[0]?.account.debtorType).toBeUndefined();
    expect(result.accepted[0]?.account.region).toBeUndefined();
  });
});
