import { inParens } from './catalog.js';

/** Frases en español que comparten los textos de una y de varias facturas, y los de SMS y WhatsApp. */

/**
 * Lo que una frase sabe del vencimiento: la fecha de la factura, los días de atraso (desde el día
 * hábil al que se corre el vencimiento) y, si el vencimiento cayó en día no hábil y ya llegó, ese día
 * hábil (`rolledTo`).
 */
export interface Vencimiento {
  readonly dueDate: string;
  readonly daysPastDue: number;
  readonly rolledTo?: string | undefined;
}

/** `1 día`, `5 días`. */
export function dias(n: number): string {
  return n === 1 ? '1 día' : `${n} días`;
}

/** Cuánto atraso tiene la factura: `5 días de atraso`, `1 día de atraso`. */
export function atraso(v: { readonly daysPastDue: number }): string {
  if (v.daysPastDue > 0) return `${dias(v.daysPastDue)} de atraso`;
  return v.daysPastDue === 0 ? 'vence hoy' : 'aún no vence';
}

/**
 * El atraso junto a una fecha de vencimiento impresa: `3 días de atraso`, o, si el vencimiento cayó
 * en día no hábil, `1 día de atraso, contado desde el 23 de noviembre de 2026, primer día hábil tras
 * el vencimiento`. Los días se cuentan desde ese día hábil porque antes la factura no estaba atrasada
 * (CO C. de Comercio art. 829: el plazo se prorroga al día hábil siguiente; sobre él corren los
 * intereses de mora), y es la misma cuenta con la que la carta decide qué cobra (al menos 1 día); se
 * nombra el día para que "vencimiento el 21 de noviembre … 1 día de atraso" no parezca un error.
 */
export function atrasoContado(v: { readonly daysPastDue: number; readonly rolledTo?: string | undefined }): string {
  if (v.daysPastDue <= 0 || v.rolledTo === undefined) return atraso(v);
  return `${dias(v.daysPastDue)} de atraso, ${v.daysPastDue === 1 ? 'contado' : 'contados'} desde el ${v.rolledTo}, primer día hábil tras el vencimiento`;
}

/**
 * El vencimiento cayó en día no hábil, ya llegó, y el día hábil al que se corrió es hoy o aún no
 * llega: la factura puede pagarse sin atraso hasta ese día.
 */
export function enPlazo(v: Vencimiento): v is Vencimiento & { readonly rolledTo: string } {
  return v.rolledTo !== undefined && v.daysPastDue <= 0;
}

/** `con vencimiento el 21 de noviembre de 2026 (un día no hábil)`. */
export function conVencimientoNoHabil(dueDate: string): string {
  return `con vencimiento el ${dueDate} (un día no hábil)`;
}

/** Hasta cuándo puede pagarse sin atraso: `hoy, 23 de noviembre de 2026, sin atraso`, `sin atraso hasta el 23 de noviembre de 2026 (mañana)`. */
export function sinAtraso(v: Vencimiento & { readonly rolledTo: string }): string {
  return v.daysPastDue === 0 ? `hoy, ${v.rolledTo}, sin atraso` : `sin atraso hasta el ${v.rolledTo}${inParens(faltan(v))}`;
}

/**
 * Cuándo vence una factura, en la frase que sigue a su importe (`la factura F-1 por $5.00…`):
 * ` vence el 15 de diciembre de 2026 (en 5 días)`, ` vence hoy, 15 de diciembre de 2026`, o, con
 * el vencimiento en día no hábil, `, con vencimiento el 21 de noviembre de 2026 (un día no hábil),
 * puede pagarse hoy, 23 de noviembre de 2026, sin atraso`: nunca una fecha de vencimiento que la
 * factura no tiene.
 */
export function cuandoVence(v: Vencimiento): string {
  if (enPlazo(v)) return `, ${conVencimientoNoHabil(v.dueDate)}, puede pagarse ${sinAtraso(v)}`;
  if (v.daysPastDue === 0) return ` vence hoy, ${v.dueDate}`;
  return ` vence el ${v.dueDate}${inParens(faltan(v))}`;
}

/** Cuánto falta para el vencimiento: `en 5 días`, `mañana`, o nada si ya venció. */
export function faltan(v: { readonly daysPastDue: number }): string {
  if (v.daysPastDue < -1) return `en ${dias(-v.daysPastDue)}`;
  if (v.daysPastDue === -1) return 'mañana';
  return v.daysPastDue === 0 ? 'hoy' : '';
}

export const YA_PAGO = 'Si ya realizaron este pago, les pedimos hacer caso omiso de este mensaje. ¡Muchas gracias!';
export const YA_PAGO_FORMAL = 'Si el pago ya fue efectuado, les rogamos hacer caso omiso del presente aviso.';

/**
 * Lo que sigue a un aviso de `final-notice` si no hay pago ni respuesta: la carta de cobro (la etapa
 * prejudicial). Se dice lo que de verdad pasará, sin amenazas vagas ni lenguaje de juzgado.
 */
export const SIGUE_CARTA = 'Si no tenemos noticias suyas, les enviaremos una carta de cobro con el detalle del saldo vencido.';
export const SIGUE_CARTA_FORMAL = 'De no recibir el pago ni una propuesta, les enviaremos una carta de cobro con el detalle del saldo vencido.';

/** Las mismas frases de usted, para un consumidor (una persona, no el equipo de una empresa). */
export const YA_PAGO_USTED = 'Si ya realizó este pago, le pedimos hacer caso omiso de este mensaje. ¡Muchas gracias!';
export const YA_PAGO_FORMAL_USTED = 'Si el pago ya fue efectuado, le rogamos hacer caso omiso del presente aviso.';
export const SIGUE_CARTA_USTED = 'Si no tenemos noticias suyas, le enviaremos una carta de cobro con el detalle del saldo vencido.';
export const SIGUE_CARTA_FORMAL_USTED = 'De no recibir el pago ni una propuesta, le enviaremos una carta de cobro con el detalle del saldo vencido.';
