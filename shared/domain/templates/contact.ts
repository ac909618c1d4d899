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
 * How an email asks the debtor to get in touch, as words that can follow "please" or "if …,": reply
 * (only when an address reads replies), else call the company's phone, else write through the
 * self-service link the email carries, else just "contact us". A message must never ask for a reply
 * nobody will read.
 *
 * @example
 * contactUs('es', { name: 'Ejemplo Corp', phone: '+52 55 1234 5678' }, false) // 'llámennos al +52 55 1234 5678'
 */
export function contactUs(language: 'es' | 'en', company: Pick<CompanyIdentity, 'replyTo' | 'email' | 'phone'>, hasSelfServiceLink: boolean): string {
  const es = language === 'es';
  if (replyAddress(company)) return es ? 'respondan a este correo' : 'reply to this email';
  if (company.phone) return es ? `llámennos al ${company.phone}` : `call us at ${company.phone}`;
  if (hasSelfServiceLink) return es ? 'escríbannos desde el enlace de autoservicio de este correo' : 'write to us through the self-service link in this email';
  return es ? 'comuníquense con nosotros' : 'contact us';
}
