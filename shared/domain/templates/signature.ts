/**
 * Who the creditor is, as the policy's `company` block says it: what a signature, a letter and the
 * Reply-To header are written from. A structural type, so messages, letters and receipts take it
 * without importing the policy schema.
 */
export interface CompanyIdentity {
  /** The brand debtors know (subjects, greetings). */
  readonly name: string;
  /** The registered legal name (razón social); absent: `name`. */
  readonly legalName?: string | undefined;
  /** RFC, NIT, RUT, RUC, EIN… as it should be printed. */
  readonly taxId?: string | undefined;
  readonly phone?: string | undefined;
  readonly address?: string | undefined;
  /** The collections mailbox printed in the signature. */
  readonly email?: string | undefined;
  /** Where replies go (Reply-To); absent: `email`. */
  readonly replyTo?: string | undefined;
  /** A company's own sign-off, used as written (then it is the same in every language). */
  readonly signature?: string | undefined;
}

const WORDS = {
  es: { department: 'Cuentas por Cobrar', phone: 'Tel.', taxId: 'Id. fiscal' },
  en: { department: 'Accounts Receivable', phone: 'Phone', taxId: 'Tax ID' },
} as const;

/**
 * The sign-off under every message, in the debtor's language only: the policy's `signature` as
 * written when it has one; otherwise written from the company's facts — the department, the legal
 * name with its tax id, the phone and mailbox, the postal address — leaving out what the policy does
 * not give. A message that names its creditor plainly, with a way to reach it, is what collection
 * rules ask of a first contact (CONDUSEF, disposiciones de despachos de cobranza: name of the
 * creditor, address, phone; FDCPA §807(14): the true name of the creditor) and what keeps a
 * reminder from looking anonymous.
 *
 * @example
 * companySignature({ name: 'Ejemplo Corp', legalName: 'Ejemplo Corp, S.A. de C.V.', taxId: 'ECO120315AB1', phone: '+52 55 1234 5678', email: 'cobranza@example.com' }, 'es')
 * // 'Cuentas por Cobrar\nEjemplo Corp, S.A. de C.V. · RFC ECO120315AB1\nTel. +52 55 1234 5678 · cobranza@example.com'
 */
export function companySignature(company: CompanyIdentity, language: 'es' | 'en'): string {
  if (company.signature !== undefined && company.signature.trim() !== '') return company.signature;
  const words = WORDS[language];
  const taxId = company.taxId ? [`${taxIdLabel(company.taxId) ?? words.taxId} ${company.taxId}`.trim()] : [];
  const mailbox = company.email ?? company.replyTo;
  const lines = [
    [words.department],
    [company.legalName ?? company.name, ...taxId],
    [...(company.phone ? [`${words.phone} ${company.phone}`] : []), ...(mailbox ? [mailbox] : [])],
    [...(company.address ? [company.address] : [])],
  ];
  return lines
    .map((parts) => parts.map((part) => part.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' · '))
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The name of a tax id as its country prints it, recognised from its shape: a Mexican RFC
 * (`ECO120315AB1`: 3–4 letters, the date, a 3-character homoclave), a Chilean RUT (`76.123.456-7`:
 * 7–8 digits and a check digit, 0–9 or K), a Colombian NIT (`900.123.456-7`: 9–10 digits and a check
 * digit), a Peruvian RUC (11 digits starting 10, 15, 16, 17 or 20) or a US EIN (`12-3456789`). `''`
 * when the value already starts with its name (`NIT 900123456-7`); undefined when the shape is not
 * known (the caller prints a generic label).
 *
 * @example
 * taxIdLabel('20100047218') // 'RUC'
 */
export function taxIdLabel(taxId: string): string | undefined {
  const value = taxId.trim();
  if (/^(RFC|NIT|RUT|RUN|RUC|EIN|TIN|CUIT)\b/i.test(value)) return '';
  if (/^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/i.test(value)) return 'RFC';
  if (/^(\d{1,2}\.\d{3}\.\d{3}|\d{7,8})-[\dkK]$/.test(value)) return 'RUT';
  if (/^(\d{3}\.\d{3}\.\d{3}|\d{9,10})-\d$/.test(value)) return 'NIT';
  if (/^(10|15|16|17|20)\d{9}$/.test(value)) return 'RUC';
  if (/^\d{2}-\d{7}$/.test(value)) return 'EIN';
  return undefined;
}
