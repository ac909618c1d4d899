import { describe, expect, it } from 'vitest';
import { effectiveZone, knownZone } from '../../../shared/domain/planning/zone.js';

describe('knownZone and effectiveZone', () => {
  it('spell a zone the runtime knows canonically', () => {
    expect(knownZone('america/bogota')).toBe('America/Bogota');
    expect(effectiveZone('america/bogota')).toBe('America/Bogota');
  });

  it('leave a name the runtime cannot compute in unknown; effectiveZone alone falls back to UTC', () => {
    for (const name of ['America/Atlantis', 'Mars/Olympus_Mons', '']) {
      expect(knownZone(name)).toBeUndefined();
      expect(effectiveZone(name)).toBe('UTC');
    }
  });
});
