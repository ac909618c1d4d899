import { squash } from './builder.js';
import { joinWrapped, type Mt940Field } from './mt940-fields.js';

/**
 * The `:86:` information to account owner, which every bank fills its own way. Three layouts are
 * recognised; anything else is kept whole as the reference (the matcher searches it for invoice numbers).
 * - German/Dutch/Polish "structured" (`166?00GUTSCHRIFT?20EREF+…?21…?32KARL?33KAUFMANN`): `?20`–`?29`
 *   and `?60`–`?63` purpose, `?31` account, `?32`–`?33` name.
 * - SWIFT-style codes (`/EREF/…/CNTP/NL12INGB0001234567/INGBNL2A/J. Janssen/AMSTERDAM/REMI/USTD//Invoice 12/`):
 *   `/REMI/` purpose, `/NAME/` or the third `/CNTP/` part name, `/CNTP/` or `/IBAN/` account.
 * - Free text starting with the counterparty's IBAN (ASN Bank: `NL47INGB9999999999 hr gjlm paulissen`).
 */
export interface Mt940Details {
  readonly reference: string | undefined;
  readonly payerName: string | undefined;
  readonly payerAccount: string | undefined;
  readonly endToEndId: string | undefined;
  /** Bank's own posting text / transaction code (`GUTSCHRIFT`, `166`). */
  readonly postingText: string | undefined;
}

const NONE: Mt940Details = { reference: undefined, payerName: undefined, payerAccount: undefined, endToEndId: undefined, postingText: undefined };

/** The `:86:` fields of one transaction (Rabobank writes several, one per line of text). */
export function readDetails(fields: readonly Mt940Field[]): Mt940Details {
  // Structured layouts are cut into lines mechanically, so their lines are glued back without a separator.
  const glued = fields.map((field) => field.lines.join('')).join('');
  if (/^\s*(?:\d{3})?\s*\?\d{2}/.test(glued)) return questionMarkFields(glued);
  const wrapped = fields.map((field) => joinWrapped(field)).join(' ');
  if (/^\s*\/[A-Z]{2,9}\//.test(glued)) return slashCodes(glued, wrapped);
  return freeText(wrapped, fields[0]?.lines[0] ?? '');
}

/** SEPA keywords inside `?2x` purpose text, which banks glue onto the previous piece. */
const SEPA_KEYWORD = /(?<=\S)(?=(?:EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|IBAN|BIC)\+|MTLG:)/g;

function questionMarkFields(text: string): Mt940Details {
  const code = /^\s*(\d{3})/.exec(text)?.[1];
  const subfields = new Map<number, string>();
  const pattern = /\?(\d{2})([^?]*)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const key = Number(match[1]);
    subfields.set(key, (subfields.get(key) ?? '') + (match[2] ?? ''));
  }
  const pick = (keys: readonly number[]): string => keys.map((key) => subfields.get(key) ?? '').join('');
  const purpose = pick([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 60, 61, 62, 63]).replace(SEPA_KEYWORD, ' ');
  const endToEndId = /EREF\+(.*?)(?=\s*(?:(?:KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT)\+|MTLG:)|$)/.exec(purpose)?.[1];
  return {
    reference: squash(purpose),
    payerName: squash(pick([32, 33])),
    payerAccount: squash(subfields.get(31)),
    endToEndId: endToEnd(endToEndId),
    postingText: squash(subfields.get(0)) ?? code,
  };
}

/** Codes that open a value in the SWIFT-style layout (MT940 "structured" per SWIFT / ING / ABN AMRO). */
const CODES = new Set(['EREF', 'MARF', 'CSID', 'CNTP', 'REMI', 'PURP', 'ORDP', 'BENM', 'ULTC', 'ULTD', 'ULTB', 'EXCH', 'CHGS', 'RTRN', 'IBAN', 'NAME', 'BIC', 'ADDR', 'TRCD', 'ISDT', 'PREF', 'SVCL', 'BUSP']);

function slashCodes(glued: string, wrapped: string): Mt940Details {
  const values = new Map<string, string>();
  const pattern = /\/([A-Z]{2,9})\//g;
  const starts: { code: string; start: number; end: number }[] = [];
  for (let match = pattern.exec(glued); match; match = pattern.exec(glued)) {
    const code = match[1] ?? '';
    // A code's closing slash may open the next one (`/AMSTERDAM/REMI/`): always step back onto it.
    pattern.lastIndex = match.index + match[0].length - 1;
    if (CODES.has(code)) starts.push({ code, start: match.index, end: match.index + match[0].length });
  }
  starts.forEach((entry, index) => {
    const value = glued.slice(entry.end, starts[index + 1]?.start ?? glued.length);
    if (!values.has(entry.code)) values.set(entry.code, value);
  });
  const counterparty = (values.get('CNTP') ?? '').split('/');
  const remittance = (values.get('REMI') ?? '').replace(/^(?:USTD|STRD)\/(?:[A-Z]+)?\/?/, '').replace(/\/+$/, '');
  return {
    reference: squash(remittance) ?? squash(wrapped),
    payerName: squash(values.get('NAME')?.replace(/\/+$/, '')) ?? squash(counterparty[2]),
    payerAccount: squash(counterparty[0]) ?? squash(values.get('IBAN')?.replace(/\/+$/, '')),
    endToEndId: endToEnd(values.get('EREF')?.replace(/\/+$/, '')),
    postingText: undefined,
  };
}

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;

function freeText(wrapped: string, firstLine: string): Mt940Details {
  const reference = squash(wrapped);
  if (!reference) return NONE;
  // ASN Bank: the counterparty's IBAN and name on the first line, the purpose on the next ones.
  const [first = '', ...name] = firstLine.trim().split(/\s+/);
  if (!IBAN.test(first) || name.length === 0) return { ...NONE, reference };
  return { ...NONE, reference, payerAccount: first, payerName: name.join(' ') };
}

function endToEnd(value: string | undefined): string | undefined {
  const id = squash(value);
  return id === undefined || /^NOTPROVIDED$/i.test(id) ? undefined : id;
}
