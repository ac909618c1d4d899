/** Frases en español que comparten los textos de una y de varias facturas, y los de SMS y WhatsApp. */

/** `1 día`, `5 días`. */
export function dias(n: number): string {
  return n === 1 ? '1 día' : `${n} días`;
}

/** Cuánto atraso tiene la factura: `5 días de atraso`, `1 día de atraso`. */
export function atraso(v: { readonly daysPastDue: number }): string {
  if (v.daysPastDue > 0) return `${dias(v.daysPastDue)} de atraso`;
  return v.daysPastDue === 0 ? 'vence hoy' : 'aún no vence';
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
