import type { TemplateName } from '../templates/catalog.js';
import type { Account, Invoice } from '../types.js';
import { messageFacts, type MessageFacts } from './facts.js';
import type { MessagePolicy } from './policy-section.js';

/** A debtor market the policy check and the WhatsApp catalog write sample messages for. */
export interface SampleMarket {
  readonly locale: string;
  readonly country: string;
  readonly currency: string;
  readonly timezone: string;
  /** A long but real-looking company name of that market. */
  readonly longName: string;
  /** An ordinary one, for the examples Meta reviews. */
  readonly name: string;
  /** A large balance in minor units: many digits, many thousands separators. */
  readonly largeMinor: number;
}

/** The five markets Cobranza ships words for. */
export const SAMPLE_MARKETS: readonly SampleMarket[] = [
  {
    locale: 'es-MX',
    country: 'MX',
    currency: 'MXN',
    timezone: 'America/Mexico_City',
    longName: 'Comercializadora Internacional de Abarrotes y Bebidas del Pacífico Norte, S.A. de C.V.',
    name: 'Abarrotes La Esperanza',
    largeMinor: 987_654_321_00,
  },
  {
    locale: 'es-CO',
    country: 'CO',
    currency: 'COP',
    timezone: 'America/Bogota',
    longName: 'Distribuidora Nacional de Materiales de Construcción y Ferretería del Caribe S.A.S.',
    name: 'Ferretería El Tornillo',
    largeMinor: 9_876_543_210_00,
  },
  {
    locale: 'es-PE',
    country: 'PE',
    currency: 'PEN',
    timezone: 'America/Lima',
    longName: 'Corporación Agroindustrial y Exportadora de Productos Andinos del Sur S.A.C.',
    name: 'Bodega San Martín',
    largeMinor: 98_765_432_10,
  },
  {
    locale: 'es-CL',
    country: 'CL',
    currency: 'CLP',
    timezone: 'America/Santiago',
    longName: 'Sociedad Comercializadora de Insumos Médicos y Farmacéuticos del Biobío SpA',
    name: 'Farmacia Los Andes',
    largeMinor: 987_654_321,
  },
  {
    locale: 'en-US',
    country: 'US',
    currency: 'USD',
    timezone: 'America/New_York',
    longName: 'Northwestern Regional Food and Beverage Wholesale Distribution Company, LLC',
    name: 'Main Street Grocers',
    largeMinor: 98_765_432_10,
  },
];

/** How many invoices a long sample message lists: more than one debtor usually has due in a window. */
export const LONG_SAMPLE_INVOICES = 12;

/** The due date every sample is built around, and the day each template speaks on. */
const DUE = '2026-12-15';
const SPEAKS_ON: Readonly<Record<TemplateName, string>> = {
  upcoming: '2026-12-05T17:00:00Z',
  'due-today': '2026-12-15T17:00:00Z',
  overdue: '2027-01-29T17:00:00Z',
  'final-notice': '2027-03-20T17:00:00Z',
};

/**
 * The same for a due date on a non-business day (Saturday 12 December), spoken of on the Sunday
 * (`upcoming`: it can be paid without being late until Monday) or on the Monday (`due-today`): the
 * longest words those templates have.
 */
const ROLLED_DUE = '2026-12-12';
const ROLLED_SPEAKS_ON: Partial<Readonly<Record<TemplateName, string>>> = {
  upcoming: '2026-12-13T17:00:00Z',
  'due-today': '2026-12-14T17:00:00Z',
};

/** The templates whose words differ for a due date on a non-business day (sampleFacts' `rolled`). */
export const ROLLED_TEMPLATES = Object.keys(ROLLED_SPEAKS_ON) as TemplateName[];

/**
 * Facts of a sample message for `market`, as `template` would send it on a day it speaks for:
 * `long` gives a long customer name, 12 invoices with long numbers and large balances (the values an
 * SMS budget must survive); otherwise an ordinary name and two invoices (examples for Meta). `count`
 * changes the number of invoices; `rolled` (upcoming and due-today only) makes the first due date a
 * Saturday, spoken of before the Monday it rolls to.
 *
 * @example
 * sampleFacts(SAMPLE_MARKETS[0], 'overdue', policy, 'long').invoices.length // 12
 */
export function sampleFacts(
  market: SampleMarket,
  template: TemplateName,
  policy: MessagePolicy,
  size: 'long' | 'typical',
  count = size === 'long' ? LONG_SAMPLE_INVOICES : 2,
  rolled = false,
): MessageFacts {
  const speaksOn = (rolled ? ROLLED_SPEAKS_ON[template] : undefined) ?? SPEAKS_ON[template];
  const due = rolled && ROLLED_SPEAKS_ON[template] ? ROLLED_DUE : DUE;
  const account: Account = {
    accountId: size === 'long' ? 'CLIENTE-000123456' : 'C-1042',
    name: size === 'long' ? market.longName : market.name,
    country: market.country,
    timezone: market.timezone,
    locale: market.locale,
  };
  const invoices = Array.from({ length: count }, (_, i): Invoice => {
    // Long: large, ragged balances; typical: whole amounts (a COP or CLP example shows no cents).
    const minor = size === 'long' ? market.largeMinor - i * 1_111 : Math.round(market.largeMinor / 1_000_000) * 100 * (i + 1);
    return {
      accountId: account.accountId,
      invoiceNumber: size === 'long' ? `FAC-2026-${String(104_217 + i).padStart(6, '0')}` : `F-${1001 + i}`,
      currency: market.currency,
      amount: minor,
      balance: minor,
      dueDate: addDays(due, i),
      status: 'open',
    };
  });
  return messageFacts({ account, invoices, template, now: new Date(speaksOn), policy });
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
