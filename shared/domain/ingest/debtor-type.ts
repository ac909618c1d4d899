import type { DebtorType } from '../types.js';
import { normaliseHeader, truncate } from './headers.js';
import type { Optional } from './optional.js';

/** Words files use for each debtor type, compared like headers (case, accents and spaces ignored). */
const WORDS: Readonly<Record<DebtorType, readonly string[]>> = {
  business: ['business', 'company', 'corporate', 'enterprise', 'b2b', 'empresa', 'gran empresa', 'corporativo', 'persona moral', 'persona juridica', 'sociedad', 'grande'],
  sme: ['sme', 'smb', 'pyme', 'pymes', 'mipyme', 'mype', 'micro', 'microempresa', 'pequena empresa', 'pequena', 'small business', 'mediana empresa', 'emprendedor'],
  consumer: ['consumer', 'individual', 'person', 'b2c', 'consumidor', 'persona', 'persona natural', 'persona fisica', 'particular', 'cliente final'],
};

const INDEX: ReadonlyMap<string, DebtorType> = new Map(
  (Object.entries(WORDS) as [DebtorType, readonly string[]][]).flatMap(([type, words]) => words.map((word) => [normaliseHeader(word), type] as const)),
);

/**
 * The `debtor_type` cell: `business` | `sme` | `consumer`, or the Spanish words files use (`empresa`,
 * `pyme`, `persona natural`). Anything else is a warning and left out (the account then counts as a
 * business, the documented default).
 *
 * @example
 * readDebtorType('PyME')            // { value: 'sme', warnings: [] }
 * readDebtorType('Persona Física')  // { value: 'consumer', warnings: [] }
 */
export function readDebtorType(text: string): Optional<DebtorType> {
  const type = INDEX.get(normaliseHeader(text));
  if (type) return { value: type, warnings: [] };
  return { value: undefined, warnings: [`unknown debtor type '${truncate(text.trim(), 30)}' ignored (expected business, sme or consumer; empresa, pyme or persona); counted as a business`] };
}
