import { knownZone } from '../planning/zone.js';
import { COUNTRY_PROFILES } from './countries.js';
import { COUNTRY_ZONES } from './regions.js';

/**
 * The zones of each country in COUNTRY_PROFILES, from the tz database's zone.tab (tzdata 2025b): every
 * zone whose territory is in the country, islands included (Galápagos, Easter Island, the Canaries).
 * A timezone cell naming a zone outside its row's country (`UTC` for a Colombian debtor, America/New_York
 * for a Chilean one) is not where that debtor is: ingest treats it like an invalid zone.
 */
const ZONE_TAB: Readonly<Record<string, string>> = {
  MX: 'America/Mexico_City America/Cancun America/Merida America/Monterrey America/Matamoros America/Chihuahua America/Ciudad_Juarez America/Ojinaga America/Mazatlan America/Bahia_Banderas America/Hermosillo America/Tijuana',
  GT: 'America/Guatemala',
  SV: 'America/El_Salvador',
  HN: 'America/Tegucigalpa',
  NI: 'America/Managua',
  CR: 'America/Costa_Rica',
  PA: 'America/Panama',
  CU: 'America/Havana',
  DO: 'America/Santo_Domingo',
  PR: 'America/Puerto_Rico',
  CO: 'America/Bogota',
  VE: 'America/Caracas',
  EC: 'America/Guayaquil Pacific/Galapagos',
  PE: 'America/Lima',
  BO: 'America/La_Paz',
  CL: 'America/Santiago America/Coyhaique America/Punta_Arenas Pacific/Easter',
  AR: 'America/Argentina/Buenos_Aires America/Argentina/Cordoba America/Argentina/Salta America/Argentina/Jujuy America/Argentina/Tucuman America/Argentina/Catamarca America/Argentina/La_Rioja America/Argentina/San_Juan America/Argentina/Mendoza America/Argentina/San_Luis America/Argentina/Rio_Gallegos America/Argentina/Ushuaia',
  UY: 'America/Montevideo',
  PY: 'America/Asuncion',
  BR: 'America/Noronha America/Belem America/Fortaleza America/Recife America/Araguaina America/Maceio America/Bahia America/Sao_Paulo America/Campo_Grande America/Cuiaba America/Santarem America/Porto_Velho America/Boa_Vista America/Manaus America/Eirunepe America/Rio_Branco',
  ES: 'Europe/Madrid Africa/Ceuta Atlantic/Canary',
  PT: 'Europe/Lisbon Atlantic/Madeira Atlantic/Azores',
  US: 'America/New_York America/Detroit America/Kentucky/Louisville America/Kentucky/Monticello America/Indiana/Indianapolis America/Indiana/Vincennes America/Indiana/Winamac America/Indiana/Marengo America/Indiana/Petersburg America/Indiana/Vevay America/Chicago America/Indiana/Tell_City America/Indiana/Knox America/Menominee America/North_Dakota/Center America/North_Dakota/New_Salem America/North_Dakota/Beulah America/Denver America/Boise America/Phoenix America/Los_Angeles America/Anchorage America/Juneau America/Sitka America/Metlakatla America/Yakutat America/Nome America/Adak Pacific/Honolulu',
  CA: 'America/St_Johns America/Halifax America/Glace_Bay America/Moncton America/Goose_Bay America/Blanc-Sablon America/Toronto America/Iqaluit America/Atikokan America/Winnipeg America/Resolute America/Rankin_Inlet America/Regina America/Swift_Current America/Edmonton America/Cambridge_Bay America/Inuvik America/Creston America/Dawson_Creek America/Fort_Nelson America/Whitehorse America/Dawson America/Vancouver',
  GB: 'Europe/London',
};

/** The zone names of `country`: zone.tab, the region tables (US territories) and the country's main zone. */
export function zoneNamesOf(country: string): readonly string[] | undefined {
  const listed = ZONE_TAB[country];
  if (listed === undefined) return undefined;
  const table = COUNTRY_ZONES[country];
  const regions = table ? [...table.candidates, ...Object.values(table.regions).flat()] : [];
  const main = COUNTRY_PROFILES[country]?.timezone;
  return [...new Set([...listed.split(' '), ...regions, ...(main ? [main] : [])])];
}

const keysByCountry = new Map<string, ReadonlySet<string>>();

/**
 * Whether `zone` is a zone of `country`, aliases included (`US/Eastern`, `America/Buenos_Aires`,
 * `Canada/Eastern` are compared in this runtime's canonical spelling). True when there is no country
 * or the country is not in the tables: any valid zone is then taken at its word.
 *
 * @example
 * isZoneOfCountry('America/New_York', 'US') // true
 * isZoneOfCountry('UTC', 'CO')              // false
 * isZoneOfCountry('Europe/Berlin', 'DE')    // true (DE is not in the tables)
 */
export function isZoneOfCountry(zone: string, country: string | undefined): boolean {
  if (country === undefined) return true;
  let keys = keysByCountry.get(country);
  if (!keys) {
    const names = zoneNamesOf(country);
    if (!names) return true;
    keys = new Set(names.map(knownZone).filter((key): key is string => key !== undefined));
    keysByCountry.set(country, keys);
  }
  const key = knownZone(zone);
  return key !== undefined && keys.has(key);
}
