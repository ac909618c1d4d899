/**
 * A runtime whose ICU data predates a zone in the tables (America/Coyhaique is tzdata 2025b; an older
 * Node does not know it), simulated by making knownZone refuse that name. Ingest must never store a
 * zone the runtime cannot compute in, not even as a candidate: the gate would read it as UTC.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Zone from '../../../shared/domain/planning/zone.js';

vi.mock('../../../shared/domain/planning/zone.js', async (importOriginal) => {
  const real = await importOriginal<typeof Zone>();
  const knownZone = (zone: string) => (zone === 'America/Coyhaique' ? undefined : real.knownZone(zone));
  return { ...real, knownZone, effectiveZone: (zone: string) => knownZone(zone) ?? 'UTC' };
});

const { readDebtorZone } = await import('../../../shared/domain/ingest/debtor-zone.js');

const zoneOf = (input: { country?: string; zone?: string; region?: string }) => readDebtorZone({ ...input, warnWithoutCountry: true });

describe('a zone in the tables that this runtime does not know', () => {
  it('drops out of the country’s candidates', () => {
    expect(zoneOf({ country: 'CL' })).toEqual({ timezone: 'America/Santiago', zoneCandidates: ['America/Santiago', 'America/Punta_Arenas'], warnings: [] });
  });

  it('leaves a region that only has it to the country, with a warning', () => {
    expect(zoneOf({ country: 'CL', region: 'Aysén' })).toEqual({
      timezone: 'America/Santiago',
      zoneCandidates: ['America/Santiago', 'America/Punta_Arenas'],
      warnings: ["region 'Aysén' is in America/Coyhaique, which this system's time-zone data does not know; the zone comes from the phone or the country"],
    });
  });

  it('is an unknown name in the timezone cell', () => {
    const zone = zoneOf({ country: 'CL', zone: 'America/Coyhaique' });
    expect(zone.timezone).toBe('America/Santiago');
    expect(zone.zoneCandidates).not.toContain('America/Coyhaique');
    expect(zone.warnings[0]).toMatch(/^unknown time zone 'America\/Coyhaique'; using America\/Santiago/);
  });
});
