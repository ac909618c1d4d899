import type { DebtorType } from '../types.js';
import type { ContactPresetCountry } from './policy-section.js';

/** Where a preset comes from, and whether it binds a collector for each kind of debtor. */
export interface LegalBasis {
  /** The rule's source, short enough for a log line. */
  readonly citation: string;
  /** Per debtor type: why the preset applies to that debtor (law, or the collector's policy). */
  readonly status: Readonly<Record<DebtorType, string>>;
}

/**
 * The consumer-protection contact rules bind a collector towards consumers; several countries extend
 * them to small businesses; towards larger companies they are good practice, applied by policy. The
 * log says which, so nobody mistakes a policy choice for a legal duty or the reverse (docs/contact-law.md).
 */
export const LEGAL_BASIS: Readonly<Record<ContactPresetCountry, LegalBasis>> = {
  CO: {
    citation: 'Ley 2300 de 2023 arts. 2-3',
    status: {
      consumer: 'law for a consumer',
      // Ley 1480 de 2011 art. 5.3: a company is a consumer when it is the final recipient of what it bought.
      sme: 'law where the business is the final recipient (Ley 1480 art. 5.3), policy otherwise',
      business: 'policy for a business debtor',
    },
  },
  CL: {
    citation: 'Ley 19.496 art. 37 (Ley 21.320)',
    status: {
      consumer: 'law for a consumer',
      // Ley 20.416 art. 9 extends the consumer-protection rules to micro and small enterprises.
      sme: 'law for a micro or small enterprise (Ley 20.416 art. 9)',
      business: 'policy for a business debtor',
    },
  },
  PE: {
    citation: 'Ley 29571 (CPDC) art. 62',
    status: {
      consumer: 'law for a consumer',
      // CPDC art. IV.1.2: a micro-business owner in a position of information asymmetry is a consumer.
      sme: 'law for a micro-business owner in information asymmetry (CPDC art. IV.1.2), policy otherwise',
      business: 'policy for a business debtor',
    },
  },
  MX: {
    citation: 'CONDUSEF, disposiciones de despachos de cobranza',
    // The CONDUSEF rules bind financial entities and their collection agencies, whoever the debtor is.
    status: {
      consumer: 'binding on financial entities and their agencies, policy otherwise',
      sme: 'binding on financial entities and their agencies, policy otherwise',
      business: 'binding on financial entities and their agencies, policy otherwise',
    },
  },
  US: {
    citation: 'FDCPA §805(a)(1), Reg. F §1006.6(b)',
    // The FDCPA covers consumer debts collected by debt collectors, not business debts (15 U.S.C. 1692a(5)).
    status: {
      consumer: 'law for a debt collector of a consumer debt, policy for a creditor',
      sme: 'policy for a business debt (the FDCPA covers consumer debts)',
      business: 'policy for a business debt (the FDCPA covers consumer debts)',
    },
  },
};
