import type { DebtorType } from '../types.js';
import { normaliseHeader, truncate } from './headers.js';
import type { Optional } from './optional.js';

/**
 * Words files use for each debtor type, in Spanish, Portuguese and English, compared like headers
 * (case, accents, spaces and `de`/`la`/`of` ignored). The column is also read from `tipo_persona`, whose
 * values are `Física`/`Moral` (MX) or `Natural`/`Jurídica` (CO, PE, CL), hence the bare adjectives.
 * A natural person running a business (sole proprietor, persona física con actividad empresarial,
 * monotributista, MEI) is a small business: the presets are law for micro and small enterprises in
 * CL and, in CO and PE, where they buy as final recipients (docs/contact-law.md).
 */
export const DEBTOR_TYPE_WORDS: Readonly<Record<DebtorType, readonly string[]>> = {
  business: [
    'business', 'company', 'corporate', 'corporation', 'enterprise', 'b2b', 'legal entity', 'legal person',
    'empresa', 'gran empresa', 'corporativo', 'persona moral', 'moral', 'pm', 'persona juridica', 'juridica', 'pj', 'sociedad', 'grande',
  ],
  sme: [
    'sme', 'smb', 'small business', 'small company', 'micro business', 'microbusiness', 'small and medium enterprise',
    'sole proprietor', 'sole proprietorship', 'sole trader', 'self employed',
    'pyme', 'pymes', 'mipyme', 'mipymes', 'mype', 'micro', 'microempresa', 'micro empresa', 'microempresario', 'microempresaria',
    'pequena empresa', 'pequena', 'mediana empresa', 'pequena y mediana empresa', 'emprendedor', 'emprendedora',
    'persona fisica con actividad empresarial', 'pfae', 'persona natural comerciante', 'monotributista', 'autonomo', 'autonoma',
    'mei', 'microempreendedor individual', 'microempreendedor',
  ],
  consumer: [
    'consumer', 'individual', 'person', 'natural person', 'private individual', 'private person', 'b2c',
    'consumidor', 'consumidora', 'consumidores', 'consumidor final', 'consumidora final', 'cliente final', 'usuario final',
    'persona', 'persona natural', 'natural', 'pn', 'persona fisica', 'fisica', 'pf', 'particular', 'pessoa fisica',
  ],
};

const INDEX: ReadonlyMap<string, DebtorType> = new Map(
  (Object.entries(DEBTOR_TYPE_WORDS) as [DebtorType, readonly string[]][]).flatMap(([type, words]) => words.map((word) => [normaliseHeader(word), type] as const)),
);

/**
 * The `debtor_type` cell: `business` | `sme` | `consumer`, or the words files use for them (`empresa`,
 * `pyme`, `persona natural`, `Física`, `sole proprietor`). Anything else is a warning and counts as a
 * `consumer`: the most protected type, the one the law binds collectors for, so a word this reader
 * does not know never takes a debtor's protection away. (An absent cell is not a value: the account
 * then counts as a business, the documented default.)
 *
 * @example
 * readDebtorType('PyME')            // { value: 'sme', warnings: [] }
 * readDebtorType('Persona Física')  // { value: 'consumer', warnings: [] }
 * readDebtorType('gobierno')        // { value: 'consumer', warnings: ["unknown debtor type 'gobierno' …; counted as a consumer …"] }
 */
export function readDebtorType(text: string): Optional<DebtorType> & { value: DebtorType } {
  const type = INDEX.get(normaliseHeader(text));
  if (type) return { value: type, warnings: [] };
  return {
    value: 'consumer',
    warnings: [`unknown debtor type '${truncate(text.trim(), 30)}' (expected business, sme or consumer; empresa, pyme or persona); counted as a consumer, the most protected`],
  };
}
