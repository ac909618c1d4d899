import { IANAZone } from 'luxon';

const cache = new Map<string, string | null>();

/**
 * The zone in the canonical spelling of this runtime's ICU (`america/bogota` → `America/Bogota`,
 * which EventBridge Scheduler expects), or undefined when the runtime cannot compute in it: not a zone
 * at all, or a zone newer than the runtime's time-zone data (America/Coyhaique, tzdata 2025b, on an
 * older Node). Callers that can do without the zone drop it; effectiveZone falls back to UTC.
 *
 * @example
 * knownZone('america/bogota')     // 'America/Bogota'
 * knownZone('Mars/Olympus_Mons')  // undefined
 */
export function knownZone(timezone: string): string | undefined {
  const hit = cache.get(timezone);
  if (hit !== undefined) return hit ?? undefined;
  let zone: string | undefined;
  if (timezone && IANAZone.isValidZone(timezone)) {
    try {
      const canonical = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
      zone = IANAZone.isValidZone(canonical) ? canonical : undefined;
    } catch {
      zone = undefined;
    }
  }
  cache.set(timezone, zone ?? null);
  return zone;
}

/**
 * The IANA zone to compute in: knownZone, or `UTC` when the runtime does not know the name. Ingest
 * already validates zones, so the fallback only guards against old or hand-edited data. For a zone the
 * debtor only may be in (Account.zoneCandidates) use knownZone and drop the unknown one instead (gateZones).
 *
 * @example
 * effectiveZone('America/Mexico_City') // 'America/Mexico_City'
 * effectiveZone('Mars/Olympus_Mons')   // 'UTC'
 */
export function effectiveZone(timezone: string): string {
  return knownZone(timezone) ?? 'UTC';
}
