import type { CompanyIdentity } from './signature.js';

/**
 * The address that reads the debtor's answers to an email: `company.replyTo`, else `company.email`,
 * else none (then replies would go to the sending address, which may be a no-reply mailbox). Sent
 * as the Reply-To header of every email.
 *
 * @example
 * replyAddress({ name: 'Ejemplo Corp', email: 'cobranza@example.com' }) // 'cobranza@example.com'
 */
export function replyAddress(company: Pick<CompanyIdentity, 'replyTo' | 'email'>): string | undefined {
  return company.replyTo ?? company.email;
}

/**
 * Who a message is written to: a company's team (`company`: Spanish "ustedes") or a person
 * (`person`, a consumer: Spanish "usted"). See `addresseeOf`.
 */
export type Addressee = 'company' | 'person';

/**
 * A consumer is a person: messages write to them ("Estimado/a Juan Pérez", "usted"). A business or
 * an SME is written to as a company (its accounts-payable team, "ustedes"), as is an account whose
 * type the file does not give (Account.debtorType: absent = business).
 *
 * @example
 * addresseeOf('consumer') // 'person'
 */
export function addresseeOf(debtorType: string | undefined): Addressee {
  return debtorType === 'consumer' ? 'person' : 'company';
}

/**
 * How an email asks the debtor to get in touch, as words that can follow "please" or "if …,": reply
 * (only when an address reads replies), else call the company's phone, else write through the
 * self-service link the email carries, else just "contact us". A message must never ask for a reply
 * nobody will read. Spanish speaks to a company's team (`respondan`) or to a person (`responda`).
 *
 * @example
 * contactUs('es', { name: 'Ejemplo Corp', phone: '+52 55 1234 5678' }, false) // 'llámennos al +52 55 1234 5678'
 * contactUs('es', { name: 'Ejemplo Corp', phone: '+52 55 1234 5678' }, false, 'person') // 'llámenos al +52 55 1234 5678'
 */
export function contactUs(
  language: 'es' | 'en',
  company: Pick<CompanyIdentity, 'replyTo' | 'email' | 'phone'>,
  hasSelfServiceLink: boolean,
  addressee: Addressee = 'company',
): string {
  if (language === 'es') {
    const one = addressee === 'person';
    if (replyAddress(company)) return one ? 'responda a este correo' : 'respondan a este correo';
    if (company.phone) return `${one ? 'llámenos' : 'llámennos'} al ${company.phone}`;
    if (hasSelfServiceLink) return `${one ? 'escríbanos' : 'escríbannos'} desde el enlace de autoservicio de este correo`;
    return one ? 'comuníquese con nosotros' : 'comuníquense con nosotros';
  }
  if (replyAddress(company)) return 'reply to this email';
  if (company.phone) return `call us at ${company.phone}`;
  if (hasSelfServiceLink) return 'write to us through the self-service link in this email';
  return 'contact us';
}
