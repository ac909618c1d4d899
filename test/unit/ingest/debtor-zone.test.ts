/**
 * The debtor's zone must be where a debtor of its country can be: a phone of another country, or a
 * timezone cell naming a zone of another country (`UTC` for a Colombian), must not move the hours the
 * law of the debtor's country allows. Oracles typed by hand from the laws (docs/contact-law.md):
 * CL Ley 19.496 art. 37 Mon–Sat 08:00–20:00; MX CONDUSEF every day 07:00–22:00; CO Ley 2300 art. 3
 * Mon–Fri 07:00–19:00. Tuesday 2027-01-12 is no holiday in any of them; in January Santiago is UTC-3,
 * Mexico City UTC-6, Bogotá UTC-5, New York UTC-5, Honolulu UTC-10.
 */
import { describe, expect, it } from 'vitest';
import { decideContact } from '../../../shared/domain/contact-rules/gate.js';
import { contactRulesFor, type ContactRules } from '../../../shared/domain/contact-rules/presets.js';
import { isZoneOfCountry, zoneNamesOf } from '../../../shared/domain/ingest/country-zones.js';
import { COUNTRY_PROFILES } from '../../../shared/domain/ingest/countries.js';
import { readDebtorZone, type DebtorZone } from '../../../shared/domain/ingest/debtor-zone.js';
import { COUNTRY_ZONES } from '../../../shared/domain/ingest/regions.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { PolicyInput } from '../../../shared/domain/policy/schema.js';
import { local } from '../contact-rules/oracle.js';
import { lines, read } from './support.js';

const CL_ALL = ['America/Santiago', 'America/Punta_Arenas', 'America/Coyhaique'];
const MX_ALL = ['America/Tijuana', 'America/Hermosillo', 'America/Mazatlan', 'America/Ciudad_Juarez', 'America/Chihuahua', 'America/Ojinaga', 'America/Mexico_City', 'America/Monterrey', 'America/Matamoros', 'America/Merida', 'America/Bahia_Banderas', 'America/Cancun'];

/** The legal preset alone (no business hours), so the law is what is tested. */
function lawOf(country: string): ContactRules {
  const draft: PolicyInput = structuredClone(defaultPolicy);
  draft.contactRules = { businessHoursOnly: false };
  const parsed = parsePolicy(draft);
  if (!parsed.ok) throw new Error(parsed.error);
  return contactRulesFor(parsed.policy, country);
}

function gate(now: Date, country: string, zone: DebtorZone): string {
  return decideContact({
    now,
    rules: lawOf(country),
    timezone: zone.timezone,
    country,
    ...(zone.zoneCandidates ? { zoneCandidates: zone.zoneCandidates } : {}),
    state: { accountId: 'A-1', version: 0, entries: [] },
    request: { messageId: 'm-1', channel: 'email', invoiceNumbers: ['F-1'] },
    maxDeferralDays: 5,
  }).decision;
}

const zoneOf = (input: { country?: string; zone?: string; region?: string; phone?: string }) => readDebtorZone({ ...input, warnWithoutCountry: true });

describe('a phone of another country does not set the zone', () => {
  it('CL debtor with a Miami number: Chile’s zones, a warning, and no message at 20:30 in Santiago', () => {
    const zone = zoneOf({ country: 'CL', phone: '+13055550123' });
    expect(zone).toEqual({
      timezone: 'America/Santiago',
      zoneCandidates: CL_ALL,
      warnings: ['phone +13055550123 is a number of US, not CL: its area code does not set the time zone; the region or the country does'],
    });
    // 18:30 in New York is 20:30 in Santiago: closed by Chilean law. 17:30 New York is 19:30 Santiago: open.
    expect(gate(local('2027-01-12T18:30', 'America/New_York'), 'CL', zone)).not.toBe('send');
    expect(gate(local('2027-01-12T17:30', 'America/New_York'), 'CL', zone)).toBe('send');
  });

  it('MX debtor with a Honolulu number: every Mexican zone, a warning, and no message at 22:30 in Mexico City', () => {
    const zone = zoneOf({ country: 'MX', phone: '+18085550123' });
    expect(zone.timezone).toBe('America/Mexico_City');
    expect(zone.zoneCandidates).toEqual(MX_ALL);
    expect(zone.warnings).toEqual(['phone +18085550123 is a number of US, not MX: its area code does not set the time zone; the region or the country does']);
    // 18:30 in Honolulu is 22:30 in Mexico City: closed (07:00–22:00).
    expect(gate(local('2027-01-12T18:30', 'Pacific/Honolulu'), 'MX', zone)).not.toBe('send');
  });

  it('a Canadian debtor with a Los Angeles number keeps Canada’s zones', () => {
    const zone = zoneOf({ country: 'CA', phone: '+12135550123' });
    expect(zone.timezone).toBe('America/Toronto');
    expect(zone.zoneCandidates).toContain('America/St_Johns');
    expect(zone.warnings).toHaveLength(1);
  });

  it('a region still decides, unnarrowed by a foreign number (Texas with a Tijuana number)', () => {
    const zone = zoneOf({ country: 'US', region: 'Texas', phone: '+526641234567' });
    expect(zone).toMatchObject({ timezone: 'America/Chicago', zoneCandidates: ['America/Chicago', 'America/Denver'] });
    expect(zone.warnings).toEqual(['phone +526641234567 is a number of MX, not US: its area code does not set the time zone; the region or the country does']);
  });

  it('still sets it for a number of the debtor’s own country, or of a row without a country', () => {
    expect(zoneOf({ country: 'US', phone: '+13055550123' })).toEqual({ timezone: 'America/New_York', warnings: [] });
    expect(zoneOf({ country: 'MX', phone: '+526641234567' })).toEqual({ timezone: 'America/Tijuana', warnings: [] });
    expect(zoneOf({ phone: '+18085550123' })).toEqual({ timezone: 'Pacific/Honolulu', warnings: [] });
  });

  it('says nothing of a foreign number whose area code says nothing (a Spanish number in Colombia)', () => {
    expect(zoneOf({ country: 'CO', phone: '+34911234567' })).toEqual({ timezone: 'America/Bogota', warnings: [] });
  });

  it('puts the warning on the row in the ingest report', async () => {
    const result = await read(lines('invoice_number,customer_id,country,phone,amount,due_date', 'F-1,C-1,CL,+1 305 555 0123,100,2026-12-15'));
    expect(result.accepted[0]).toMatchObject({
      line: 2,
      account: { timezone: 'America/Santiago', zoneCandidates: CL_ALL, phone: '+13055550123' },
      warnings: ['phone +13055550123 is a number of US, not CL: its area code does not set the time zone; the region or the country does'],
    });
  });
});

describe('a timezone cell naming a zone of another country counts as no zone', () => {
  it('CO debtor whose cell says UTC: Bogotá, a warning, and no message at 03:30 in Bogotá', () => {
    const zone = zoneOf({ country: 'CO', zone: 'UTC' });
    expect(zone).toEqual({
      timezone: 'America/Bogota',
      warnings: ["time zone 'UTC' is not a zone of CO; using America/Bogota (country CO) (write the debtor's zone, such as America/Bogota)"],
    });
    // 08:30 UTC is 03:30 in Bogotá: closed (07:00–19:00). Taken at its word, UTC would have said open.
    expect(gate(new Date('2027-01-12T08:30:00Z'), 'CO', zone)).not.toBe('send');
    expect(gate(new Date('2027-01-12T08:30:00Z'), 'CO', { timezone: 'UTC', warnings: [] })).toBe('send');
  });

  it.each(['Etc/GMT+12', 'Etc/UTC', 'Europe/Madrid', 'America/New_York'])('CO debtor, cell %s → America/Bogota with a warning', (cell) => {
    const zone = zoneOf({ country: 'CO', zone: cell });
    expect(zone.timezone).toBe('America/Bogota');
    expect(zone.warnings).toEqual([`time zone '${cell}' is not a zone of CO; using America/Bogota (country CO) (write the debtor's zone, such as America/Bogota)`]);
  });

  it('refuses GMT already as a name (an abbreviation, like CST), with the same fallback', () => {
    expect(zoneOf({ country: 'CO', zone: 'GMT' })).toEqual({
      timezone: 'America/Bogota',
      warnings: ["unknown time zone 'GMT'; using America/Bogota (country CO) (write an IANA name such as America/Bogota)"],
    });
  });

  it('falls back to the region, then the phone, then every zone of the country', () => {
    expect(zoneOf({ country: 'MX', zone: 'UTC', region: 'Baja California' }).timezone).toBe('America/Tijuana');
    expect(zoneOf({ country: 'MX', zone: 'UTC', phone: '+529981234567' }).timezone).toBe('America/Cancun');
    expect(zoneOf({ country: 'CL', zone: 'America/New_York' })).toMatchObject({ timezone: 'America/Santiago', zoneCandidates: CL_ALL });
  });

  it.each([
    ['US', 'America/New_York'],
    ['US', 'US/Eastern'], // an alias of America/New_York
    ['US', 'America/Kentucky/Louisville'],
    ['US', 'America/Puerto_Rico'], // a territory, in the region table
    ['CO', 'America/Bogota'],
    ['CO', 'america/bogota'],
    ['AR', 'America/Buenos_Aires'], // the old name of America/Argentina/Buenos_Aires
    ['CL', 'Pacific/Easter'],
    ['EC', 'Pacific/Galapagos'],
    ['ES', 'Atlantic/Canary'],
    ['MX', 'America/Ciudad_Juarez'],
  ])('takes a zone of the debtor’s country at its word: %s %s', (country, cell) => {
    const zone = zoneOf({ country, zone: cell });
    expect(zone.warnings).toEqual([]);
    expect(zone.zoneCandidates).toBeUndefined();
  });

  it('takes any valid zone at its word for a country not in the tables, or a row without a country', () => {
    expect(zoneOf({ country: 'DE', zone: 'Europe/Berlin' })).toEqual({ timezone: 'Europe/Berlin', warnings: [] });
    expect(zoneOf({ country: 'DE', zone: 'UTC' })).toEqual({ timezone: 'UTC', warnings: [] });
    expect(zoneOf({ zone: 'UTC' })).toEqual({ timezone: 'UTC', warnings: [] });
  });
});

describe('the zones of a country', () => {
  it('cover every country with a profile, its main zone and every zone of its region table', () => {
    for (const [country, profile] of Object.entries(COUNTRY_PROFILES)) {
      expect(zoneNamesOf(country), country).toBeDefined();
      expect(isZoneOfCountry(profile.timezone, country), `${country} ${profile.timezone}`).toBe(true);
    }
    for (const [country, table] of Object.entries(COUNTRY_ZONES)) {
      for (const zone of [...table.candidates, ...Object.values(table.regions).flat()]) expect(isZoneOfCountry(zone, country), `${country} ${zone}`).toBe(true);
    }
  });

  it('hold nothing of a neighbour (hand-picked)', () => {
    expect(isZoneOfCountry('America/Tijuana', 'US')).toBe(false);
    expect(isZoneOfCountry('America/Los_Angeles', 'MX')).toBe(false);
    expect(isZoneOfCountry('America/Lima', 'CO')).toBe(false);
    expect(isZoneOfCountry('America/Argentina/Buenos_Aires', 'CL')).toBe(false);
    expect(isZoneOfCountry('America/Toronto', 'US')).toBe(false);
  });
});
