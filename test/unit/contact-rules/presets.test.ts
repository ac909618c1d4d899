import { describe, expect, it } from 'vitest';
import { isAllowedByRules, nextAllowedByRules } from '../../../shared/domain/contact-rules/hours.js';
import { COUNTRY_PRESETS, contactRulesFor, type ContactRules } from '../../../shared/domain/contact-rules/presets.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy, PolicyInput } from '../../../shared/domain/policy/schema.js';
import { local, oraclePresetAllows, type PresetCountry } from './oracle.js';

function withPolicy(change: (draft: PolicyInput) => void): Policy {
  const draft: PolicyInput = structuredClone(defaultPolicy);
  change(draft);
  const parsed = parsePolicy(draft);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
}

/** The legal preset alone: business hours off. */
const legalOnly = withPolicy((p) => (p.contactRules = { businessHoursOnly: false, caps: { per7Days: 50 } }));
const legal = (country: PresetCountry) => contactRulesFor(legalOnly, country);

// 2026-12-12 is a Saturday, 13 a Sunday, 14 a Monday; 8 Dec (Tue) is a holiday in CO, PE and CL; 25 Dec a Friday.
const boundaries: ReadonlyArray<readonly [PresetCountry, string, string, boolean]> = [
  ['MX', 'America/Mexico_City', '2026-12-14T06:59', false],
  ['MX', 'America/Mexico_City', '2026-12-14T07:00', true],
  ['MX', 'America/Mexico_City', '2026-12-14T21:59', true],
  ['MX', 'America/Mexico_City', '2026-12-14T22:00', false],
  ['MX', 'America/Mexico_City', '2026-12-13T10:00', true], // Sunday: every day
  ['MX', 'America/Mexico_City', '2026-12-25T10:00', true], // Navidad: the preset does not skip holidays
  ['CO', 'America/Bogota', '2026-12-14T06:59', false],
  ['CO', 'America/Bogota', '2026-12-14T07:00', true],
  ['CO', 'America/Bogota', '2026-12-14T18:59', true],
  ['CO', 'America/Bogota', '2026-12-14T19:00', false],
  ['CO', 'America/Bogota', '2026-12-12T07:59', false], // Saturday opens at 08:00
  ['CO', 'America/Bogota', '2026-12-12T08:00', true],
  ['CO', 'America/Bogota', '2026-12-12T14:59', true],
  ['CO', 'America/Bogota', '2026-12-12T15:00', false],
  ['CO', 'America/Bogota', '2026-12-13T10:15', false], // never Sundays
  ['CO', 'America/Bogota', '2026-12-08T10:00', false], // Inmaculada Concepción
  ['CO', 'America/Bogota', '2026-12-25T10:00', false], // Navidad
  ['CO', 'America/Bogota', '2026-12-09T10:00', true],
  ['PE', 'America/Lima', '2026-12-14T06:59', false],
  ['PE', 'America/Lima', '2026-12-14T07:00', true],
  ['PE', 'America/Lima', '2026-12-14T19:59', true],
  ['PE', 'America/Lima', '2026-12-14T20:00', false],
  ['PE', 'America/Lima', '2026-12-12T10:00', false], // no weekends
  ['PE', 'America/Lima', '2026-12-13T10:00', false],
  ['PE', 'America/Lima', '2026-12-08T10:00', false], // Inmaculada Concepción
  ['PE', 'America/Lima', '2026-12-09T10:00', false], // Batalla de Ayacucho
  ['CL', 'America/Santiago', '2026-12-14T07:59', false],
  ['CL', 'America/Santiago', '2026-12-14T08:00', true],
  ['CL', 'America/Santiago', '2026-12-14T19:59', true],
  ['CL', 'America/Santiago', '2026-12-14T20:00', false],
  ['CL', 'America/Santiago', '2026-12-12T19:59', true], // Monday to Saturday
  ['CL', 'America/Santiago', '2026-12-13T10:00', false],
  ['CL', 'America/Santiago', '2026-12-08T10:00', false], // Inmaculada Concepción: días hábiles exclude holidays
  ['CL', 'America/Santiago', '2026-12-25T10:00', false], // Navidad
  ['CL', 'America/Santiago', '2027-03-27T10:00', false], // Sábado Santo (Ley 2.977)
  ['CL', 'America/Santiago', '2027-04-03T10:00', true], // the Saturday after: an ordinary Saturday
  ['US', 'America/New_York', '2026-12-14T07:59', false],
  ['US', 'America/New_York', '2026-12-14T08:00', true],
  ['US', 'America/New_York', '2026-12-14T20:59', true],
  ['US', 'America/New_York', '2026-12-14T21:00', false],
  ['US', 'America/Los_Angeles', '2026-12-13T08:00', true], // every day
  ['US', 'America/Los_Angeles', '2026-12-13T21:00', false],
  // DST in the US: 8 March 2026 springs forward at 02:00, 1 November falls back.
  ['US', 'America/New_York', '2026-03-08T07:59', false],
  ['US', 'America/New_York', '2026-03-08T08:00', true],
  ['US', 'America/New_York', '2026-11-01T20:59', true],
  ['US', 'America/New_York', '2026-11-01T21:00', false],
  ['US', 'America/Los_Angeles', '2026-03-08T20:59', true],
  ['US', 'America/Los_Angeles', '2026-03-08T21:00', false],
];

describe('COUNTRY_PRESETS', () => {
  it.each(boundaries)('%s in %s at %s local: allowed %s', (country, zone, wallClock, allowed) => {
    const instant = local(wallClock, zone);
    expect(isAllowedByRules(instant, legal(country), zone, country)).toBe(allowed);
    expect(oraclePresetAllows(instant, country, zone, country)).toBe(allowed); // the table agrees with the oracle
  });

  it('caps Colombia at one contact a day on one channel a week, Chile at two a week, two days apart', () => {
    expect(COUNTRY_PRESETS.CO).toMatchObject({ maxPerDay: 1, oneChannelPer7Days: true, authorisedChannelsOnly: true });
    expect(COUNTRY_PRESETS.CL).toMatchObject({ weekly: { count: 2, minDaysApart: 2 }, skipPublicHolidays: true });
    expect(COUNTRY_PRESETS.MX.weekly).toBeUndefined();
    expect(COUNTRY_PRESETS.MX.oneChannelPer7Days).toBeUndefined();
  });
});

describe('nextAllowedByRules', () => {
  it.each([
    ['CO Sunday 10:15 → Monday 07:00', 'CO', 'America/Bogota', '2026-12-13T10:15', '2026-12-14T07:00'],
    ['CO Saturday 15:00 → Monday 07:00', 'CO', 'America/Bogota', '2026-12-12T15:00', '2026-12-14T07:00'],
    ['CO Monday 7 Dec 19:30 → Wednesday 07:00 (Inmaculada)', 'CO', 'America/Bogota', '2026-12-07T19:30', '2026-12-09T07:00'],
    ['CO Thursday 24 Dec 19:00 → Saturday 08:00 (Navidad)', 'CO', 'America/Bogota', '2026-12-24T19:00', '2026-12-26T08:00'],
    ['PE Friday 20:00 → Monday 07:00', 'PE', 'America/Lima', '2026-12-11T20:00', '2026-12-14T07:00'],
    ['CL Saturday 20:00 → Monday 08:00', 'CL', 'America/Santiago', '2026-12-12T20:00', '2026-12-14T08:00'],
    ['CL Thursday 25 March 2027 20:00 → Monday 29 (Viernes and Sábado Santo)', 'CL', 'America/Santiago', '2027-03-25T20:00', '2027-03-29T08:00'],
    ['MX 22:00 → 07:00 the next day', 'MX', 'America/Mexico_City', '2026-12-13T22:00', '2026-12-14T07:00'],
    ['US Saturday 21:30 before spring forward → Sunday 08:00 EDT', 'US', 'America/New_York', '2026-03-07T21:30', '2026-03-08T08:00'],
    ['US Saturday 23:00 before fall back → Sunday 08:00 PST', 'US', 'America/Los_Angeles', '2026-10-31T23:00', '2026-11-01T08:00'],
  ] as const)('%s', (_case, country, zone, from, expected) => {
    expect(nextAllowedByRules(local(from, zone), legal(country), zone, country)).toEqual(local(expected, zone));
  });

  it('throws for rules that allow no day at all', () => {
    const never: ContactRules = { hours: {}, skipPublicHolidays: false, maxPerDay: 1, maxPer7Days: 1, source: 'test' };
    expect(() => nextAllowedByRules(new Date('2026-12-14T12:00:00Z'), never, 'UTC')).toThrow(RangeError);
  });
});

describe('contactRulesFor', () => {
  it('keeps the default business hours inside the preset, with the stricter caps', () => {
    expect(contactRulesFor(defaultPolicy, 'CO')).toEqual({
      hours: Object.fromEntries(['MON', 'TUE', 'WED', 'THU', 'FRI'].map((day) => [day, { start: '08:00', end: '19:00' }])),
      skipPublicHolidays: true,
      maxPerDay: 1,
      maxPer7Days: 3,
      oneChannelPer7Days: true,
      authorisedChannelsOnly: true,
      source: 'CO preset ∩ business hours; policy for a business debtor (Ley 2300 de 2023 arts. 2-3)',
    });
    expect(contactRulesFor(defaultPolicy, 'CL').weekly).toEqual({ count: 2, minDaysApart: 2 });
  });

  it('says in its source whether the preset is law or policy for the debtor type', () => {
    expect(contactRulesFor(defaultPolicy, 'CO', 'consumer').source).toBe('CO preset ∩ business hours; law for a consumer (Ley 2300 de 2023 arts. 2-3)');
    expect(contactRulesFor(defaultPolicy, 'CL', 'sme').source).toBe(
      'CL preset ∩ business hours; law for a micro or small enterprise (Ley 20.416 art. 9) (Ley 19.496 art. 37 (Ley 21.320))',
    );
    expect(contactRulesFor(defaultPolicy, 'US', 'business').source).toMatch(/^US preset ∩ business hours; policy for a business debt/);
    expect(contactRulesFor(defaultPolicy, 'PE').source).toMatch(/; policy for a business debtor \(Ley 29571 \(CPDC\) art\. 62\)$/);
  });

  it('applies the preset only to the debtor types presetAppliesTo names', () => {
    const consumersOnly = withPolicy((p) => (p.contactRules = { presetAppliesTo: ['consumer', 'sme'] }));
    const business = contactRulesFor(consumersOnly, 'CO', 'business');
    expect(business.source).toBe('business hours (CO preset not applied to a business debtor by policy)');
    expect(business.oneChannelPer7Days).toBeUndefined();
    expect(contactRulesFor(consumersOnly, 'CO').source).toBe('business hours (CO preset not applied to a business debtor by policy)'); // absent type = business
    expect(contactRulesFor(consumersOnly, 'CO', 'sme').source).toMatch(/^CO preset ∩ business hours; law where the business is the final recipient/);
  });

  it('uses the preset alone when businessHoursOnly is off', () => {
    const rules = contactRulesFor(withPolicy((p) => (p.contactRules = { businessHoursOnly: false })), 'CO');
    expect(rules.hours).toEqual(COUNTRY_PRESETS.CO.hours);
    expect(rules.source).toBe('CO preset; policy for a business debtor (Ley 2300 de 2023 arts. 2-3)');
  });

  it('intersects day by day: a weekend window gives Colombia Saturday 09:00–15:00 only', () => {
    const rules = contactRulesFor(withPolicy((p) => (p.contactWindow = { days: ['SAT', 'SUN'], start: '09:00', end: '17:00' })), 'CO');
    expect(rules.hours).toEqual({ SAT: { start: '09:00', end: '15:00' } });
  });

  it('falls back to the preset, and says so, when business hours never overlap it', () => {
    const rules = contactRulesFor(withPolicy((p) => (p.contactWindow = { days: ['SUN'], start: '09:00', end: '17:00' })), 'CO');
    expect(rules.hours).toEqual(COUNTRY_PRESETS.CO.hours);
    expect(rules.source).toBe('CO preset (business hours never overlap it); policy for a business debtor (Ley 2300 de 2023 arts. 2-3)');
  });

  it.each([
    ['preset none', { preset: 'none' as const }, 'CO', 'business hours (preset none)'],
    ['a country without preset', {}, 'AR', 'business hours (no preset for AR)'],
    ['no country at all', {}, undefined, 'business hours (no preset for an unknown country)'],
  ])('uses business hours alone for %s', (_case, contactRules, country, source) => {
    const rules = contactRulesFor(withPolicy((p) => (p.contactRules = contactRules)), country);
    expect(rules.source).toBe(source);
    expect(Object.keys(rules.hours)).toEqual(['MON', 'TUE', 'WED', 'THU', 'FRI']);
    expect(rules.weekly).toBeUndefined();
  });

  it('applies a fixed preset to every debtor, and reads the country case-insensitively with auto', () => {
    expect(contactRulesFor(withPolicy((p) => (p.contactRules = { preset: 'CL' })), 'MX').source).toMatch(/^CL preset ∩ business hours; /);
    expect(contactRulesFor(defaultPolicy, 'co').source).toMatch(/^CO preset ∩ business hours; /);
  });

  it('takes the stricter cap of preset and policy', () => {
    const generous = withPolicy((p) => (p.contactRules = { caps: { per7Days: 10 } }));
    expect(contactRulesFor(generous, 'CO')).toMatchObject({ maxPerDay: 1, maxPer7Days: 10 });
    expect(contactRulesFor(generous, 'MX')).toMatchObject({ maxPerDay: 1, maxPer7Days: 10 });
  });

  it('refuses a policy that allows more than one collection message a day, and says why', () => {
    const draft: PolicyInput = structuredClone(defaultPolicy);
    draft.contactRules = { caps: { perDay: 2 } };
    const parsed = parsePolicy(draft);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/contactRules\.caps\.perDay: .*one collection message per account per local day/);
  });

  it('skips holidays when either the preset or the business hours say so', () => {
    const noHolidays = withPolicy((p) => (p.contactWindow = { skipPublicHolidays: false }));
    expect(contactRulesFor(noHolidays, 'CO').skipPublicHolidays).toBe(true);
    expect(contactRulesFor(noHolidays, 'CL').skipPublicHolidays).toBe(true);
    expect(contactRulesFor(noHolidays, 'MX').skipPublicHolidays).toBe(false);
    expect(contactRulesFor(defaultPolicy, 'MX').skipPublicHolidays).toBe(true);
  });
});
