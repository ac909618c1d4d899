import type { TemplateName } from '../templates/catalog.js';
import { days } from '../templates/en-phrases.js';
import { dias } from '../templates/es-phrases.js';
import { otherOverdueSms } from './other-overdue.js';
import type { Tone } from '../types.js';

/**
 * How much an SMS says, richest first: `list` names every invoice with its balance and state;
 * `summary` gives the count and the total (several invoices only); `short` drops the customer's
 * name and the tone's words and keeps what is needed to pay: count or number, total, state, link;
 * `bare` (several invoices without a portal only) drops the state too, to keep naming the invoice
 * the link pays.
 */
export type SmsForm = 'list' | 'summary' | 'short' | 'bare';

/** What an SMS can say, formatted for the debtor's locale (SMS style: short dates). */
export interface SmsVars {
  readonly companyName: string;
  readonly customerName: string;
  /** The debtor is a person (a consumer), not a company: the formal Spanish greeting is `Estimado/a …`. */
  readonly person?: boolean;
  readonly count: number;
  /** The only or first (oldest) invoice's number. */
  readonly firstNumber: string;
  /** Every invoice in a few characters, e.g. `F-1 $1,500.00 (3 días de atraso), F-2 $20.00 (vence hoy)`. */
  readonly list: string;
  readonly total: string;
  /**
   * The invoices at least one day late and their balances: a late message that also carries invoices
   * not yet due asks only for these (its list still shows every invoice with its state).
   */
  readonly lateCount: number;
  readonly lateTotal: string;
  /** The oldest due date, short: `15 dic`. */
  readonly oldestDueDate: string;
  /** Days past due of the oldest invoice (negative before its due date). */
  readonly daysPastDue: number;
  /**
   * Once the oldest invoice's due date, on a non-business day, has come: the business day it rolled
   * to, short (`23 nov`). Until that day it can be paid without being late (messages/due-state.ts).
   */
  readonly rolledTo?: string;
  /**
   * The fewest words for a due date on a non-business day (the last resort of a tight budget): only
   * until when it can be paid without being late (`pagadera hoy sin atraso`), never a false due date.
   */
  readonly terse?: boolean;
  /**
   * The account's other overdue invoices, not in this message: how many and their total. Every form
   * says they exist and are not included (never asks for them), so the message's total is not read
   * as the account's whole overdue balance; 0 / absent: none.
   */
  readonly otherOverdueCount?: number;
  readonly otherOverdueTotal?: string;
  /** Say it in a few characters (`(+1 vencida no incluida: $9,280.00)`), as the short forms always do. */
  readonly otherOverdueShort?: boolean;
  /** The portal, or the only invoice's payment link; for several invoices without a portal, the first one's. */
  readonly link: string;
  /**
   * Several invoices and no portal: the number of the invoice `link` pays (only that one). Every
   * form then says so (`… (solo factura F-1)`, `Pague F-1 en: …`), so a request to pay
   * several is never answered by a link that silently pays one.
   */
  readonly linkPaysOnly?: string;
}

export type SmsText = (template: TemplateName, tone: Tone, v: SmsVars, form: SmsForm) => string;

const late = (template: TemplateName) => template === 'overdue' || template === 'final-notice';

/** A late message whose list also holds invoices not yet due: its totals and counts are the late ones'. */
const mixed = (template: TemplateName, v: SmsVars) => late(template) && v.lateCount > 0 && v.lateCount < v.count;

/** The oldest invoice's due date fell on a non-business day and can still be paid without being late (today or until `rolledTo`). */
const grace = (v: SmsVars): v is SmsVars & { readonly rolledTo: string } => v.rolledTo !== undefined && v.daysPastDue <= 0;

/** `name.`, without a second period after `S.A.S.`. */
const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

/**
 * SMS en español, de usted (llega al teléfono de una persona). Cada mensaje empieza con el nombre de
 * la empresa (el remitente puede ser un número) y termina con el enlace de pago; `sms.ts` le agrega
 * la línea de baja (opt-out-line.ts). Nunca "cancelar" por pagar: en Chile y Perú se entiende, en
 * México no. Sin á, í, ó, ú donde quitarlas cambia el sentido: para caber en GSM-7 se quitan, y
 * "pagó" sería "pago", "programó" sería "programo". Nunca "último aviso" ni "aviso final": después
 * viene una carta.
 */
const es: SmsText = (template, tone, v, form) => {
  const one = v.count === 1;
  const state = (short = false): string => {
    // A due date on a weekend or holiday: its own date, and until when it can be paid without being
    // late (shorter in the short form; only the latter in the tersest).
    if (grace(v) && (template === 'upcoming' || template === 'due-today')) {
      const until = template === 'due-today' ? 'hoy' : `hasta el ${v.rolledTo}`;
      if (v.terse) return `${one ? '' : 'la primera, '}pagadera ${template === 'due-today' ? 'hoy sin atraso' : `sin atraso ${until}`}`;
      if (short) {
        if (one) return `vto. ${v.oldestDueDate} (no hábil): sin atraso ${until}`;
        return template === 'due-today' ? `la primera (vto. ${v.oldestDueDate}, no hábil) sin atraso hoy` : `desde el ${v.oldestDueDate} (no hábil); la primera sin atraso ${until}`;
      }
      if (template === 'upcoming') {
        return one
          ? `con vencimiento el ${v.oldestDueDate} (día no hábil) puede pagarse sin atraso ${until}`
          : `vencen desde el ${v.oldestDueDate} (día no hábil); la primera, sin atraso ${until}`;
      }
      return one ? `con vencimiento el ${v.oldestDueDate} (día no hábil) puede pagarse hoy sin atraso` : `la primera (del ${v.oldestDueDate}, día no hábil) puede pagarse hoy sin atraso`;
    }
    if (template === 'upcoming') {
      if (one) return v.daysPastDue === -1 ? 'vence mañana' : `vence el ${v.oldestDueDate}`;
      return `vencen desde el ${v.oldestDueDate}`;
    }
    if (template === 'due-today') return one ? 'vence hoy' : 'la primera vence hoy';
    // A late template on a day nothing is late yet (a hand-made call): say it is open, never "-2 días".
    if (v.daysPastDue <= 0) return one ? 'sigue pendiente' : 'pendientes de pago';
    if (one) return `tiene ${dias(v.daysPastDue)} de atraso`;
    // "con hasta" only when several are late; one overdue among others not yet due is just late.
    return mixed(template, v) && v.lateCount === 1 ? `con ${dias(v.daysPastDue)} de atraso` : `con hasta ${dias(v.daysPastDue)} de atraso`;
  };
  const some = mixed(template, v);
  const what = one
    ? `la factura ${v.firstNumber} por ${v.total}`
    : some
      ? `${v.lateCount === 1 ? '1 factura vencida' : `${v.lateCount} facturas vencidas`} por ${v.lateTotal}`
      : `${v.count} facturas por ${v.total}`;
  const payIn = v.linkPaysOnly ? `Pague ${v.linkPaysOnly} en: ${v.link}` : `Pague en: ${v.link}`;
  const othersShort = otherOverdueSms('es', v.otherOverdueCount ?? 0, v.otherOverdueTotal ?? '', true);
  const aside = othersShort ? `${othersShort} ` : '';
  if (form === 'bare') return `${v.companyName}: ${what}. ${aside}${payIn}`;
  if (form === 'short') return `${v.companyName}: ${one ? `factura ${v.firstNumber} por ${v.total}` : what}, ${state(true)}. ${aside}${payIn}`;
  // The link at the end of a request: the only invoice's or the portal, or the one invoice it pays, named.
  const link = v.linkPaysOnly ? `${v.link} (solo factura ${v.linkPaysOnly})` : v.link;

  const lead = one
    ? `${what} ${state()}`
    : form === 'list'
      ? `tiene ${v.count} facturas pendientes: ${v.list}. ${some ? `Total vencido de estas ${v.lateTotal}` : `Total de estas ${v.total}`}`
      : `tiene ${what}, ${state()}`;
  const opening = {
    friendly: `Hola, ${sentence(v.customerName)} ${late(template) ? 'Notamos que' : 'Le recordamos que'} `,
    firm: `${v.customerName}, ${late(template) ? 'según nuestros registros,' : 'le recordamos que'} `,
    // "Estimado cliente" is how a company's account is greeted; a person is greeted by name, whoever they are.
    formal: `${v.person ? 'Estimado/a' : 'Estimado cliente'} ${v.customerName}, le informamos que `,
  }[tone];
  const ask = {
    upcoming: {
      friendly: `Si ya tiene el pago programado, ¡gracias! Enlace de pago: ${link}`,
      firm: `Le pedimos programar el pago a tiempo: ${link}`,
      formal: `Le solicitamos efectuar el pago antes del vencimiento: ${link}`,
    },
    'due-today': {
      friendly: `¡Gracias! Enlace de pago: ${link}`,
      firm: `Le pedimos realizar el pago hoy: ${link}`,
      formal: `Le solicitamos efectuar el pago hoy mismo: ${link}`,
    },
    overdue: {
      friendly: `Si el pago ya se hizo, gracias; si no, puede pagar en: ${link}`,
      firm: `Le pedimos realizar el pago a la brevedad: ${link}`,
      formal: `Le solicitamos pagar lo vencido a la brevedad: ${link}`,
    },
    'final-notice': {
      friendly: `Si necesita un plan de pagos, responda este mensaje. Enlace de pago: ${link}`,
      firm: `Le pedimos pagar lo vencido o responder para acordar un plan: ${link}`,
      formal: `Le solicitamos pagar lo vencido o acordar un plan de pagos: ${link}`,
    },
  }[template][tone];
  const others = otherOverdueSms('es', v.otherOverdueCount ?? 0, v.otherOverdueTotal ?? '', v.otherOverdueShort === true);
  return `${v.companyName}: ${opening}${lead}. ${others ? `${others} ` : ''}${ask}`;
};

/**
 * English SMS: the company's name first (the sender may be a bare number), the payment link last,
 * then the opt-out line (`sms.ts`). Never "final notice": a letter follows.
 */
const en: SmsText = (template, tone, v, form) => {
  const one = v.count === 1;
  const state = (short = false): string => {
    if (grace(v) && (template === 'upcoming' || template === 'due-today')) {
      const by = template === 'due-today' ? 'today' : `by ${v.rolledTo}`;
      if (v.terse) return `${one ? 'is' : 'the first'} not late if paid ${by}`;
      if (short) {
        if (one) return `due ${v.oldestDueDate} (non-business day): not late if paid ${by}`;
        return template === 'due-today'
          ? `the first (due ${v.oldestDueDate}, non-business day) not late if paid today`
          : `due from ${v.oldestDueDate} (non-business day); the first not late if paid ${by}`;
      }
      if (template === 'upcoming') {
        return one
          ? `due ${v.oldestDueDate} (a non-business day) can be paid ${by} without being late`
          : `due from ${v.oldestDueDate} (a non-business day); the first can be paid ${by} without being late`;
      }
      return one ? `due ${v.oldestDueDate} (a non-business day) can be paid today without being late` : `the first (due ${v.oldestDueDate}, a non-business day) payable today without being late`;
    }
    if (template === 'upcoming') {
      if (one) return v.daysPastDue === -1 ? 'is due tomorrow' : `is due on ${v.oldestDueDate}`;
      return `due from ${v.oldestDueDate}`;
    }
    if (template === 'due-today') return one ? 'is due today' : 'the first due today';
    if (v.daysPastDue <= 0) return one ? 'is still open' : 'still open';
    if (one) return `is ${days(v.daysPastDue)} overdue`;
    return mixed(template, v) && v.lateCount === 1 ? `${days(v.daysPastDue)} overdue` : `up to ${days(v.daysPastDue)} overdue`;
  };
  const some = mixed(template, v);
  const what = one
    ? `invoice ${v.firstNumber} for ${v.total}`
    : some
      ? `${v.lateCount === 1 ? '1 overdue invoice' : `${v.lateCount} overdue invoices`} for ${v.lateTotal}`
      : `${v.count} invoices for ${v.total}`;
  const payAt = v.linkPaysOnly ? `Pay ${v.linkPaysOnly} online: ${v.link}` : `Pay online: ${v.link}`;
  const othersShort = otherOverdueSms('en', v.otherOverdueCount ?? 0, v.otherOverdueTotal ?? '', true);
  const aside = othersShort ? `${othersShort} ` : '';
  if (form === 'bare') return `${v.companyName}: ${what}. ${aside}${payAt}`;
  if (form === 'short') return `${v.companyName}: ${what}${one ? ' ' : ', '}${state(true)}. ${aside}${payAt}`;
  const link = v.linkPaysOnly ? `${v.link} (invoice ${v.linkPaysOnly} only)` : v.link;

  const lead = one
    ? `${what} ${state()}`
    : form === 'list'
      ? `you have ${v.count} open invoices: ${v.list}. ${some ? `Overdue total of these ${v.lateTotal}` : `Total of these ${v.total}`}`
      : `you have ${what}, ${state()}`;
  const opening = {
    friendly: `Hi ${v.customerName}, ${late(template) ? 'we noticed that' : 'a reminder that'} `,
    firm: `${v.customerName}, ${late(template) ? 'our records show that' : 'please note that'} `,
    formal: `Dear ${v.customerName}, please be advised that `,
  }[tone];
  const ask = {
    upcoming: {
      friendly: `If payment is already scheduled, thank you! Pay online: ${link}`,
      firm: `Please schedule payment on time: ${link}`,
      formal: `We request payment by the due date: ${link}`,
    },
    'due-today': {
      friendly: `Thank you! Pay online: ${link}`,
      firm: `Please pay today: ${link}`,
      formal: `We request payment today: ${link}`,
    },
    overdue: {
      friendly: `If you already paid, thank you; if not, you can pay here: ${link}`,
      firm: `Please pay as soon as possible: ${link}`,
      formal: `We request that you settle the overdue balance promptly: ${link}`,
    },
    'final-notice': {
      friendly: `If a payment plan would help, reply to this message. Pay online: ${link}`,
      firm: `Please pay what is overdue or reply to agree on a plan: ${link}`,
      formal: `We request payment of what is overdue or a payment agreement: ${link}`,
    },
  }[template][tone];
  const others = otherOverdueSms('en', v.otherOverdueCount ?? 0, v.otherOverdueTotal ?? '', v.otherOverdueShort === true);
  return `${v.companyName}: ${opening}${lead}. ${others ? `${others} ` : ''}${ask}`;
};

/** The shipped SMS words by language. */
export const SMS_TEXTS: Readonly<Record<'es' | 'en', SmsText>> = { es, en };
