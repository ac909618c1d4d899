import { IANAZone } from 'luxon';

const cache = new Map<string, string>();

/**
 * The IANA zone to compute in: the debtor's zone in its canonical spelling (`america/bogota` →
 * `America/Bogota`, which EventBridge Scheduler expects), or `UTC` when the name is not a zone at all.
 * Ingest already validates zones, so the fallback only guards against old or hand-edited data.
 *
 * @example
 * effectiveZone('America/Mexico_City') // 'America/Mexico_City'
 * effectiveZone('Mars/Olympus_Mons')   // 'UTC'
 */
export function effectiveZone(timezone: string): string {
  const known = cache.get(timezone);
  if (known !== undefined) return known;
  let zone = 'UTC';
  if (timezone && IANAZone.isValidZone(timezone)) {
    try {
      const canonical = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
      zone = IANAZone.isValidZone(canonical) ? canonical : 'UTC';
    } catch {
      zone = 'UTC';
    }
  }
  cache.set(timezone, zone);
  return zone;
}
