import type { PlanInstallment } from '../escalation/types.js';
import type { Addressee } from '../templates/contact.js';
import { OPT_OUT_LINE } from './opt-out-line.js';

/** When an installment reminder goes out: a few days before the due date, or on it. */
export const INSTALLMENT_MOMENTS = ['upcoming', 'due-today'] as const;
export type InstallmentMoment = (typeof INSTALLMENT_MOMENTS)[number];

/**
 * The email's words, with `{{customerName}}`, `{{companyName}}`, `{{installment}}` (`el pago 2 de 4`,
 * `the down payment`), `{{amount}}`, `{{dueDate}}`, `{{remaining}}` (a clause: `queda 1 pago de
 * $2,333.34`) and `{{contactUs}}` (`respondan a este correo` only when an address reads replies:
 * templates/contact.ts). Spanish "ustedes", as the reminder emails: an email reaches a company's team;
 * to a consumer, "usted" and their name (`installmentWords`' `addressee`).
 */
export interface InstallmentEmailWords {
  /** The company's name is added. */
  readonly subject: string;
  readonly greeting: string;
  readonly body: string;
  /** Over the plan's schedule. */
  readonly scheduleTitle: string;
  /** The last line of the schedule, before the plan's total. */
  readonly totalLabel: string;
  /** Before the payment link. */
  readonly payLabel: string;
  readonly note: string;
  readonly closing: string;
}

/**
 * The SMS texts, richest first (the placeholders of the email and `{{paymentLink}}`; `{{dueDate}}`
 * is short, `15 dic`): `full` says what remains of the plan and thanks; `brief` drops that; `short`
 * drops the greeting and the customer's name; `shortest` keeps the payment, amount, date and link.
 * The opt-out line is added to every form (opt-out-line.ts). Spanish "usted" (an SMS reaches a
 * person), and no verb whose accent carries its tense, since GSM-7 drops á, í, ó, ú.
 */
export interface InstallmentSmsWords {
  readonly full: string;
  readonly brief: string;
  readonly short: string;
  readonly shortest: string;
}

export interface InstallmentWords {
  readonly email: InstallmentEmailWords;
  /**
   * The WhatsApp template body (the email's placeholders, `{{paymentLink}}` and `{{signature}}`): never
   * starts or ends with a variable, never two side by side (Meta's rules); ends with the opt-out line.
   */
  readonly whatsapp: string;
  readonly sms: InstallmentSmsWords;
}

/**
 * The words of an installment reminder, by language and moment, for a company's team or a person
 * (the email's greeting and, in Spanish, "usted"; SMS and WhatsApp already speak to one reader).
 * Friendly throughout: the debtor agreed to the plan, so the message thanks them for keeping to it
 * and never warns.
 */
export function installmentWords(language: 'es' | 'en', moment: InstallmentMoment, addressee: Addressee = 'company'): InstallmentWords {
  const words = language === 'es' ? ES[moment] : EN[moment];
  if (addressee === 'company') return words;
  return { ...words, email: (language === 'es' ? ES_PERSON_EMAIL : EN_PERSON_EMAIL)[moment] };
}

const ES: Readonly<Record<InstallmentMoment, InstallmentWords>> = {
  upcoming: {
    email: {
      subject: 'Recordatorio de su plan de pagos: {{installment}} vence el {{dueDate}}',
      greeting: 'Hola, equipo de {{customerName}}:',
      body: 'Esperamos que se encuentren muy bien. Les escribimos de {{companyName}} para recordarles, con tiempo, que {{installment}} de su plan de pagos, por {{amount}}, vence el {{dueDate}}. Después de este pago, {{remaining}}.',
      scheduleTitle: 'El calendario de su plan de pagos:',
      totalLabel: 'Total del plan',
      payLabel: 'Pagar en línea',
      note: 'Si el pago ya está programado, ¡muchas gracias por cumplir con su plan! Si necesitan algo, {{contactUs}} y con gusto les ayudamos.',
      closing: 'Muchas gracias y saludos cordiales,',
    },
    whatsapp:
      'Hola, {{customerName}}: le escribimos de {{companyName}} para recordarle, con tiempo, que {{installment}} de su plan de pagos, por {{amount}}, vence el {{dueDate}}. Después de este pago, {{remaining}}.\n\n' +
      'Puede pagar en línea aquí: {{paymentLink}}\nSi el pago ya está programado, ¡muchas gracias por cumplir con su plan!\n\n' +
      `{{signature}}\nSi tiene alguna duda, responda a este mensaje.\n${OPT_OUT_LINE.es}`,
    sms: {
      full: 'Hola, {{customerName}}: le recordamos de {{companyName}} que {{installment}} de su plan de pagos, por {{amount}}, vence el {{dueDate}}. Después de este pago, {{remaining}}. ¡Gracias! Enlace de pago: {{paymentLink}}',
      brief: 'Hola, {{customerName}}: le recordamos de {{companyName}} que {{installment}} de su plan de pagos, por {{amount}}, vence el {{dueDate}}. Enlace de pago: {{paymentLink}}',
      short: '{{companyName}}: {{installment}} de su plan de pagos, por {{amount}}, vence el {{dueDate}}. Enlace de pago: {{paymentLink}}',
      shortest: '{{companyName}}: {{installment}}, {{amount}}, vence el {{dueDate}}: {{paymentLink}}',
    },
  },
  'due-today': {
    email: {
      subject: 'Recordatorio de su plan de pagos: {{installment}} vence hoy',
      greeting: 'Hola, equipo de {{customerName}}:',
      body: 'Esperamos que se encuentren muy bien. Les escribimos de {{companyName}} para recordarles que hoy, {{dueDate}}, vence {{installment}} de su plan de pagos, por {{amount}}. Después de este pago, {{remaining}}.',
      scheduleTitle: 'El calendario de su plan de pagos:',
      totalLabel: 'Total del plan',
      payLabel: 'Pagar en línea',
      note: 'Si el pago ya está en camino, ¡muchas gracias por cumplir con su plan! Si necesitan algo, {{contactUs}} y con gusto les ayudamos.',
      closing: 'Muchas gracias y saludos cordiales,',
    },
    whatsapp:
      'Hola, {{customerName}}: le escribimos de {{companyName}} para recordarle, amablemente, que hoy, {{dueDate}}, vence {{installment}} de su plan de pagos, por {{amount}}. Después de este pago, {{remaining}}.\n\n' +
      'Puede pagar en línea aquí: {{paymentLink}}\nSi el pago ya está en camino, ¡muchas gracias por cumplir con su plan!\n\n' +
      `{{signature}}\nSi tiene alguna duda, responda a este mensaje.\n${OPT_OUT_LINE.es}`,
    sms: {
      full: 'Hola, {{customerName}}: le recordamos de {{companyName}} que hoy vence {{installment}} de su plan de pagos, por {{amount}}. Después de este pago, {{remaining}}. ¡Gracias! Enlace de pago: {{paymentLink}}',
      brief: 'Hola, {{customerName}}: le recordamos de {{companyName}} que hoy vence {{installment}} de su plan de pagos, por {{amount}}. Enlace de pago: {{paymentLink}}',
      short: '{{companyName}}: hoy vence {{installment}} de su plan de pagos, por {{amount}}. Enlace de pago: {{paymentLink}}',
      shortest: '{{companyName}}: hoy vence {{installment}}, {{amount}}: {{paymentLink}}',
    },
  },
};

/** The Spanish emails to a person (a consumer): "usted", greeted by name. */
const ES_PERSON_EMAIL: Readonly<Record<InstallmentMoment, InstallmentEmailWords>> = {
  upcoming: {
    ...ES.upcoming.email,
    greeting: 'Hola, {{customerName}}:',
    body: 'Esperamos que se encuentre muy bien. Le escribimos de {{companyName}} para recordarle, con tiempo, que {{installment}} de su plan de pagos, por {{amount}}, vence el {{dueDate}}. Después de este pago, {{remaining}}.',
    note: 'Si el pago ya está programado, ¡muchas gracias por cumplir con su plan! Si necesita algo, {{contactUs}} y con gusto le ayudamos.',
  },
  'due-today': {
    ...ES['due-today'].email,
    greeting: 'Hola, {{customerName}}:',
    body: 'Esperamos que se encuentre muy bien. Le escribimos de {{companyName}} para recordarle que hoy, {{dueDate}}, vence {{installment}} de su plan de pagos, por {{amount}}. Después de este pago, {{remaining}}.',
    note: 'Si el pago ya está en camino, ¡muchas gracias por cumplir con su plan! Si necesita algo, {{contactUs}} y con gusto le ayudamos.',
  },
};

const EN: Readonly<Record<InstallmentMoment, InstallmentWords>> = {
  upcoming: {
    email: {
      subject: 'Payment plan reminder: {{installment}} is due on {{dueDate}}',
      greeting: 'Hello {{customerName}} team,',
      body: 'We hope all is well. This is a friendly heads-up from {{companyName}} that {{installment}} under your payment plan, for {{amount}}, is due on {{dueDate}}. After this payment, {{remaining}}.',
      scheduleTitle: 'Your payment plan schedule:',
      totalLabel: 'Plan total',
      payLabel: 'Pay online',
      note: 'If the payment is already scheduled, thank you for keeping to your plan! If you need anything, just {{contactUs}} and we will be glad to help.',
      closing: 'Many thanks,',
    },
    whatsapp:
      'Hello {{customerName}}, this is a friendly reminder from {{companyName}} that {{installment}} under your payment plan, for {{amount}}, is due on {{dueDate}}. After this payment, {{remaining}}.\n\n' +
      'You can pay online here: {{paymentLink}}\nIf the payment is already scheduled, thank you for keeping to your plan!\n\n' +
      `{{signature}}\nIf you have any questions, just reply to this message.\n${OPT_OUT_LINE.en}`,
    sms: {
      full: 'Hello {{customerName}}, this is {{companyName}}: {{installment}} under your payment plan, for {{amount}}, is due on {{dueDate}}. After this payment, {{remaining}}. Thank you for keeping to your plan! Pay here: {{paymentLink}}',
      brief: 'Hello {{customerName}}, this is {{companyName}}: {{installment}} under your payment plan, for {{amount}}, is due on {{dueDate}}. Pay here: {{paymentLink}}',
      short: '{{companyName}}: {{installment}} under your payment plan, for {{amount}}, is due on {{dueDate}}. Pay here: {{paymentLink}}',
      shortest: '{{companyName}}: {{installment}}, {{amount}}, due {{dueDate}}: {{paymentLink}}',
    },
  },
  'due-today': {
    email: {
      subject: 'Payment plan reminder: {{installment}} is due today',
      greeting: 'Hello {{customerName}} team,',
      body: 'We hope all is well. This is a friendly reminder from {{companyName}} that {{installment}} under your payment plan, for {{amount}}, is due today, {{dueDate}}. After this payment, {{remaining}}.',
      scheduleTitle: 'Your payment plan schedule:',
      totalLabel: 'Plan total',
      payLabel: 'Pay online',
      note: 'If the payment is already on its way, thank you for keeping to your plan! If you need anything, just {{contactUs}} and we will be glad to help.',
      closing: 'Many thanks,',
    },
    whatsapp:
      'Hello {{customerName}}, this is a friendly reminder from {{companyName}} that {{installment}} under your payment plan, for {{amount}}, is due today, {{dueDate}}. After this payment, {{remaining}}.\n\n' +
      'You can pay online here: {{paymentLink}}\nIf the payment is already on its way, thank you for keeping to your plan!\n\n' +
      `{{signature}}\nIf you have any questions, just reply to this message.\n${OPT_OUT_LINE.en}`,
    sms: {
      full: 'Hello {{customerName}}, this is {{companyName}}: {{installment}} under your payment plan, for {{amount}}, is due today. After this payment, {{remaining}}. Thank you for keeping to your plan! Pay here: {{paymentLink}}',
      brief: 'Hello {{customerName}}, this is {{companyName}}: {{installment}} under your payment plan, for {{amount}}, is due today. Pay here: {{paymentLink}}',
      short: '{{companyName}}: {{installment}} under your payment plan, for {{amount}}, is due today. Pay here: {{paymentLink}}',
      shortest: '{{companyName}}: {{installment}}, {{amount}}, due today: {{paymentLink}}',
    },
  },
};

/** The English emails to a person (a consumer): greeted by name, not as "the … team". */
const EN_PERSON_EMAIL: Readonly<Record<InstallmentMoment, InstallmentEmailWords>> = {
  upcoming: { ...EN.upcoming.email, greeting: 'Hello {{customerName}},' },
  'due-today': { ...EN['due-today'].email, greeting: 'Hello {{customerName}},' },
};

/**
 * Which payment of the plan, inside a sentence: `el pago inicial` / `the down payment` for index 0,
 * else `el pago 2 de 4` / `payment 2 of 4`, counted after the down payment (`of` the installments
 * that follow it).
 *
 * @example
 * installmentPhrase('es', 2, 4) // 'el pago 2 de 4'
 */
export function installmentPhrase(language: 'es' | 'en', index: number, count: number): string {
  if (language === 'es') return index === 0 ? 'el pago inicial' : `el pago ${index} de ${count}`;
  return index === 0 ? 'the down payment' : `payment ${index} of ${count}`;
}

/**
 * Which payment of the plan, as a line of its schedule: `Pago inicial`, `Pago 2 de 4`; `Down payment`,
 * `Payment 2 of 4`.
 */
export function installmentLabel(language: 'es' | 'en', index: number, count: number): string {
  if (language === 'es') return index === 0 ? 'Pago inicial' : `Pago ${index} de ${count}`;
  return index === 0 ? 'Down payment' : `Payment ${index} of ${count}`;
}

/**
 * What remains of the plan after this payment, as the end of `Después de este pago, …` / `After
 * this payment, …`: `quedan 2 pagos por un total de $4,666.67`, `queda 1 pago de $2,333.34`, `su plan
 * queda liquidado`; `2 payments totaling $4,666.67 remain`, `1 payment of $2,333.34 remains`, `your
 * plan is fully paid`.
 */
export function remainingPhrase(language: 'es' | 'en', count: number, amount: string): string {
  if (language === 'es') {
    if (count === 0) return 'su plan queda liquidado';
    return count === 1 ? `queda 1 pago de ${amount}` : `quedan ${count} pagos por un total de ${amount}`;
  }
  if (count === 0) return 'your plan is fully paid';
  return count === 1 ? `1 payment of ${amount} remains` : `${count} payments totaling ${amount} remain`;
}

/** An installment's state in the schedule: `pagado` / `pendiente` / `vencido`, `paid` / `pending` / `missed`. */
export function statusWord(language: 'es' | 'en', status: PlanInstallment['status']): string {
  const words = language === 'es' ? { paid: 'pagado', due: 'pendiente', missed: 'vencido' } : { paid: 'paid', due: 'pending', missed: 'missed' };
  return words[status];
}

/** Marks the schedule line of the payment the reminder is about. */
export function thisPaymentWords(language: 'es' | 'en'): string {
  return language === 'es' ? 'este pago' : 'this payment';
}
