import { knownZone } from '../planning/zone.js';
import { phonePlace } from './area-codes.js';
import { countryProfile } from './countries.js';
import { isZoneOfCountry } from './country-zones.js';
import { normaliseHeader, truncate } from './headers.js';
import { canonicalZone } from './locale.js';
import { countryCandidates, regionZones } from './regions.js';

/** Where the debtor's messages are timed: one zone, or a zone for dates plus every zone it may be in. */
export interface DebtorZone {
  readonly timezone: string;
  /** Set only when the zone is not known exactly: Account.zoneCandidates. */
  readonly zoneCandidates?: readonly string[];
  readonly warnings: readonly string[];
}

export interface DebtorZoneInput {
  /** The timezone cell, if any. */
  readonly zone?: string | undefined;
  /** The region cell (state, province, department, city), if any. */
  readonly region?: string | undefined;
  /** The account's phone in E.164, if any. */
  readonly phone?: string | undefined;
  readonly country?: string | undefined;
  /** Whether the file has a country column (without one, a single file-level note says so). */
  readonly warnWithoutCountry: boolean;
}

/**
 * The debtor's time zone from what the row says, most precise first:
 *
 * 1. A valid IANA zone in the timezone column that is a zone of the row's country (any valid zone when
 *    the row has no country or its country is not in the tables: country-zones.ts).
 * 2. The region column, in a country with several zones (Baja California → America/Tijuana; Texas →
 *    Chicago or Denver, narrowed by the phone when it can).
 * 3. The phone's area code where it fixes the zone (MX 664 → America/Tijuana, US 213 → Los Angeles),
 *    only for a number of the row's country (or a row without one): a Chilean debtor's Miami number
 *    says nothing of where the debtor is, and is a warning.
 * 4. The country: its main zone, and in a country with several zones the candidates of all of them,
 *    so the gate only sends at hours valid in each (FDCPA Reg. F §1006.6(b)(1)(i)'s rule for an unclear location).
 *
 * An invalid zone name (`Bogota`), or a zone of another country (`UTC`, `Etc/GMT+12` for a Colombian
 * debtor), is a warning and counts as no zone: the region, the phone or the country decide, never UTC.
 * Without a country, a zone name that is an IANA city (`Bogota` → America/Bogota) is read as that zone;
 * otherwise UTC, with a warning. A zone this runtime cannot compute in (knownZone: newer than its ICU
 * data) is never stored, not even as a candidate.
 *
 * @example
 * readDebtorZone({ region: 'Baja California', country: 'MX', warnWithoutCountry: true })
 * // { timezone: 'America/Tijuana', warnings: [] }
 */
export function readDebtorZone(input: DebtorZoneInput): DebtorZone {
  if (input.zone === undefined) return withoutWhy(fromPlace(input));
  const { country } = input;
  const shown = truncate(input.zone.trim(), 60);
  const example = countryProfile(country)?.timezone ?? 'America/Mexico_City';
  const named = canonicalZone(input.zone);
  const zone = named !== undefined && knownZone(named) !== undefined ? named : undefined;
  if (zone) {
    if (country === undefined || isZoneOfCountry(zone, country)) return { timezone: zone, warnings: [] };
    // A real zone, but not where a debtor of this country can be: as wrong for its hours as no zone.
    const place = fromPlace(input);
    return {
      ...withoutWhy(place),
      warnings: [`time zone '${shown}' is not a zone of ${country}; using ${place.timezone} (${place.why}) (write the debtor's zone, such as ${example})`, ...place.warnings],
    };
  }
  const city = country ? undefined : zoneOfCity(input.zone);
  if (city) return { timezone: city, warnings: [`time zone '${shown}' is not an IANA name; read as ${city} (write it as ${city})`] };
  const place = fromPlace(input);
  return { ...withoutWhy(place), warnings: [`unknown time zone '${shown}'; using ${place.timezone} (${place.why}) (write an IANA name such as ${example})`, ...place.warnings] };
}

function withoutWhy(place: DebtorZone): DebtorZone {
  return { timezone: place.timezone, ...(place.zoneCandidates ? { zoneCandidates: place.zoneCandidates } : {}), warnings: place.warnings };
}

/** The zone from the region, the phone or the country, and which of them decided (for a warning). */
function fromPlace(input: DebtorZoneInput): DebtorZone & { readonly why: string } {
  const { country } = input;
  const warnings: string[] = [];
  const fromRegion = input.region === undefined ? undefined : regionOf(input.region, country, warnings);
  const fromPhone = input.phone === undefined ? undefined : phoneOf(input.phone, country, warnings);
  const candidates = known(countryCandidates(country) ?? []);
  const main = [countryProfile(country)?.timezone, ...candidates].find((zone) => zone !== undefined && knownZone(zone) !== undefined);
  const narrowed = fromRegion && fromPhone ? fromRegion.filter((zone) => fromPhone.includes(zone)) : undefined;
  const zones = narrowed && narrowed.length > 0 ? narrowed : (fromRegion ?? fromPhone);
  if (zones && zones.length > 0) return { ...settle(zones, main, warnings), why: fromRegion ? `region ${truncate(input.region?.trim() ?? '', 40)}` : 'phone area code' };

  if (main) {
    // Several zones and nothing says which: every one of them (no warning per row: the file is not wrong).
    const several = candidates.length > 1;
    return { timezone: main, ...(several ? { zoneCandidates: candidates } : {}), warnings, why: several ? `every zone of ${country}` : `country ${country}` };
  }
  if (country) warnings.push(`no default time zone for country ${country}; using UTC (add a timezone column)`);
  // A file without a country column gets one file-level note instead of one per row.
  else if (input.warnWithoutCountry) warnings.push('no country, so the time zone is UTC');
  return { timezone: 'UTC', warnings, why: 'no country' };
}

/** The zones of a region cell this runtime can compute in; undefined (with a warning) when it says nothing usable. */
function regionOf(region: string, country: string | undefined, warnings: string[]): readonly string[] | undefined {
  const shown = truncate(region.trim(), 40);
  const zones = regionZones(country, region);
  if (zones === undefined) {
    if (countryCandidates(country)) warnings.push(`region '${shown}' not recognised in ${country}; the zone comes from the phone or the country`);
    return undefined;
  }
  const usable = known(zones);
  if (usable.length > 0) return usable;
  warnings.push(`region '${shown}' is in ${zones.join(', ')}, which this system's time-zone data does not know; the zone comes from the phone or the country`);
  return undefined;
}

/**
 * The zones a phone's area code gives, for a number of the row's country (or any number when the row
 * has none). A number of another country is a warning: its area code says where the number was issued,
 * not where this debtor is, and the law that binds is the debtor's country's, in its zones.
 */
function phoneOf(phone: string, country: string | undefined, warnings: string[]): readonly string[] | undefined {
  const place = phonePlace(phone);
  if (!place?.zones) return undefined;
  if (country !== undefined && place.country !== country) {
    const where = place.country === undefined ? 'another country' : place.country;
    warnings.push(`phone ${phone} is a number of ${where}, not ${country}: its area code does not set the time zone; the region or the country does`);
    return undefined;
  }
  const usable = known(place.zones);
  return usable.length > 0 ? usable : undefined;
}

/** The zones this runtime can compute in (knownZone), in their table spelling: the others are never stored. */
function known(zones: readonly string[]): readonly string[] {
  return zones.filter((zone) => knownZone(zone) !== undefined);
}

/** One zone fixes it; several are candidates, dated in the country's main zone when it is one of them. */
function settle(zones: readonly string[], main: string | undefined, warnings: string[]): DebtorZone {
  if (zones.length === 1) return { timezone: zones[0]!, warnings };
  const timezone = main !== undefined && zones.includes(main) ? main : zones[0]!;
  return { timezone, zoneCandidates: zones, warnings };
}

let cityIndex: ReadonlyMap<string, string> | undefined;

/** An IANA zone whose city part is `text` (`Bogota`, `mexico city`, `Buenos Aires`), if exactly one. */
function zoneOfCity(text: string): string | undefined {
  if (!cityIndex) {
    const byCity = new Map<string, string | null>();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const city = normaliseHeader(zone.split('/').at(-1)?.replace(/_/g, ' ') ?? '');
      if (city === '') continue;
      byCity.set(city, byCity.has(city) ? null : zone); // null: ambiguous
    }
    cityIndex = new Map([...byCity].filter((entry): entry is [string, string] => entry[1] !== null));
  }
  return cityIndex.get(normaliseHeader(text));
}
