import { phoneZones } from './area-codes.js';
import { countryProfile } from './countries.js';
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
 * 1. A valid IANA zone in the timezone column.
 * 2. The region column, in a country with several zones (Baja California → America/Tijuana; Texas →
 *    Chicago or Denver, narrowed by the phone when it can).
 * 3. The phone's area code where it fixes the zone (MX 664 → America/Tijuana, US 213 → Los Angeles).
 * 4. The country: its main zone, and in a country with several zones the candidates of all of them,
 *    so the gate only sends at hours valid in each (FDCPA Reg. F §1006.6(b)(1)(i)'s rule for an unclear location).
 *
 * An invalid zone name (`Bogota`) is a warning and counts as no zone: the country decides, never UTC.
 * Without a country, a zone name that is an IANA city (`Bogota` → America/Bogota) is read as that zone;
 * otherwise UTC, with a warning.
 *
 * @example
 * readDebtorZone({ region: 'Baja California', country: 'MX', warnWithoutCountry: true })
 * // { timezone: 'America/Tijuana', warnings: [] }
 */
export function readDebtorZone(input: DebtorZoneInput): DebtorZone {
  if (input.zone === undefined) return withoutWhy(fromPlace(input));
  const zone = canonicalZone(input.zone);
  if (zone) return { timezone: zone, warnings: [] };
  const shown = truncate(input.zone.trim(), 60);
  const city = input.country ? undefined : zoneOfCity(input.zone);
  if (city) return { timezone: city, warnings: [`time zone '${shown}' is not an IANA name; read as ${city} (write it as ${city})`] };
  const place = fromPlace(input);
  const example = countryProfile(input.country)?.timezone ?? 'America/Mexico_City';
  return { ...withoutWhy(place), warnings: [`unknown time zone '${shown}'; using ${place.timezone} (${place.why}) (write an IANA name such as ${example})`, ...place.warnings] };
}

function withoutWhy(place: DebtorZone): DebtorZone {
  return { timezone: place.timezone, ...(place.zoneCandidates ? { zoneCandidates: place.zoneCandidates } : {}), warnings: place.warnings };
}

/** The zone from the region, the phone or the country, and which of them decided (for a warning). */
function fromPlace(input: DebtorZoneInput): DebtorZone & { readonly why: string } {
  const { country } = input;
  const warnings: string[] = [];
  const main = countryProfile(country)?.timezone;
  const fromRegion = input.region === undefined ? undefined : regionZones(country, input.region);
  if (input.region !== undefined && fromRegion === undefined && countryCandidates(country)) {
    warnings.push(`region '${truncate(input.region.trim(), 40)}' not recognised in ${country}; the zone comes from the phone or the country`);
  }
  const fromPhone = input.phone === undefined ? undefined : phoneZones(input.phone);
  const narrowed = fromRegion && fromPhone ? fromRegion.filter((zone) => fromPhone.includes(zone)) : undefined;
  const zones = narrowed && narrowed.length > 0 ? narrowed : (fromRegion ?? fromPhone);
  if (zones && zones.length > 0) return { ...settle(zones, main, warnings), why: fromRegion ? `region ${truncate(input.region?.trim() ?? '', 40)}` : 'phone area code' };

  if (main) {
    // Several zones and nothing says which: every one of them (no warning per row: the file is not wrong).
    const candidates = countryCandidates(country);
    return { timezone: main, ...(candidates ? { zoneCandidates: candidates } : {}), warnings, why: candidates ? `every zone of ${country}` : `country ${country}` };
  }
  if (country) warnings.push(`no default time zone for country ${country}; using UTC (add a timezone column)`);
  // A file without a country column gets one file-level note instead of one per row.
  else if (input.warnWithoutCountry) warnings.push('no country, so the time zone is UTC');
  return { timezone: 'UTC', warnings, why: 'no country' };
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
