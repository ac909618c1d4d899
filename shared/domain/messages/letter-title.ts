/** The pre-legal letter's title and the stem of its PDF's file name. */
export interface LetterTitle {
  readonly subject: string;
  readonly fileStem: string;
}

/**
 * What the pre-legal letter is called, by language and the debtor's country: the plain business
 * name of a creditor's collection letter, never the name of a judicial, notarial or official act.
 * - CL, Ley 19.496 art. 37: collection may not send "documentos que aparenten ser escritos
 *   judiciales"; "requerimiento de pago" is the act by which a court orders payment (juicio
 *   ejecutivo), so it is never a title.
 * - PE, Código de Protección y Defensa del Consumidor art. 62 a: no "documentos que aparenten ser
 *   notificaciones o escritos judiciales"; a "carta notarial" is a notary's act — not imitated either.
 * - MX, CONDUSEF's rules for collection agencies: no documents that look judicial, no names that
 *   resemble a public authority; "requerimiento de pago" is also the judicial act of the juicio
 *   ejecutivo mercantil.
 * - CO: "carta de cobro" is the ordinary name of a creditor's letter; the letter is a creditor's
 *   request, not a "cobro jurídico".
 * - US, FDCPA §807(9) and (13): nothing that simulates court or official documents or "legal
 *   process"; no "final demand" or "notice of intent".
 *
 * @example
 * letterTitle('es', 'CL') // { subject: 'Carta de cobranza: saldo vencido de su cuenta', fileStem: 'carta-de-cobranza' }
 */
export function letterTitle(language: 'es' | 'en', country: string | undefined): LetterTitle {
  if (language === 'en') return { subject: 'Overdue balance on your account: request for payment', fileStem: 'overdue-balance-letter' };
  if (country?.toUpperCase() === 'CO') return { subject: 'Carta de cobro: saldo vencido de su cuenta', fileStem: 'carta-de-cobro' };
  return { subject: 'Carta de cobranza: saldo vencido de su cuenta', fileStem: 'carta-de-cobranza' };
}
