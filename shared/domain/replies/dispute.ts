import type { DisputeReason } from '../escalation/types.js';
import { tokens } from './normalize.js';

/** What the classifier read as a dispute: why, and where in the folded reply it said so. */
export interface DisputeMatch {
  readonly reason: DisputeReason;
  /** The words that said it ("llego danada", "no reconozco"). */
  readonly cue: string;
  /** Character offset of the cue in the folded reply: the invoice named nearest to it is the one disputed. */
  readonly at: number;
}

/** What was bought, so "no nos llegó el pedido" is about goods while "no me llegó la factura" asks for a document. */
const GOODS =
  'mercancia|mercaderia|producto|productos|pedido|pedidos|material|materiales|equipo|equipos|articulo|articulos|caja|cajas|paquete|paquetes|envio|insumos|piezas|repuestos|servicio|goods|shipment|order|product|products|items|item|package|parts|delivery|merchandise|equipment|materials|boxes';
const ARRIVED = 'llego|llegaron|vino|vinieron|venia|venian|recibimos|recibi|entregaron|arrived|came|received|delivered';
const DAMAGED =
  'danad[oa]s?|rot[oa]s?|defectuos[oa]s?|averiad[oa]s?|golpead[oa]s?|quebrad[oa]s?|mojad[oa]s?|caducad[oa]s?|en mal estado|con fallas|con defectos|damaged|broken|defective|faulty|expired|spoiled';
const PRICE_NOUNS = new Set(['precio', 'precios', 'monto', 'importe', 'valor', 'cobro', 'cargo', 'tarifa', 'total', 'cotizacion', 'price', 'prices', 'amount', 'rate', 'quote', 'descuento', 'discount', 'iva']);

const hasGoods = (folded: string): boolean => new RegExp(` (?:${GOODS}) `).test(folded);

/**
 * Each reason with the words that say it, most specific first: a duplicate or a pending credit note
 * names what to do; damage is more specific than "did not arrive" ("llegaron las cajas rotas"), which is
 * more specific than a price ("not paying until it arrives"). Patterns read the folded reply (lower
 * case ASCII, single spaces) and every word is whole.
 */
const RULES: ReadonlyArray<{ readonly reason: DisputeReason; readonly patterns: readonly RegExp[]; readonly when?: (folded: string) => boolean }> = [
  {
    reason: 'duplicate-invoice',
    patterns: [
      / (?:duplicad[oa]s?|repetid[oa]s?|duplicate|duplicated|duplico|duplicaron) /,
      / (?:cobr|factur|bill|charg)[a-z]* (?:[a-z]+ ){0,3}?(?:dos veces|doble|twice|double) /,
      / (?:doble|double) (?:cobro|facturacion|factura|cargo|billing|billed|charge|charged) /,
      / cobro doble /,
    ],
  },
  {
    reason: 'credit-note-pending',
    patterns: [
      / notas? (?:de )?credito /,
      / credit (?:note|memo) /,
      / (?:was|been|already|were) credited /,
      / (?:need|needs|waiting for|waiting on|expecting|owe us) (?:a|the|our) credit /,
      new RegExp(` (?:returned|devolvimos|regresamos|devolvi) (?:the |these |those |some |all the |el |la |los |las |todo el |toda la |estos |estas )?(?:${GOODS}) `),
      / (?:hicimos|se hizo|tenemos) (?:una|la) devolucion /,
    ],
  },
  {
    reason: 'damaged',
    patterns: [new RegExp(` (?:${DAMAGED}) `), / (?:no funciona|no funcionan|not working|doesnt work|dont work|does not work) /],
    when: (folded) => new RegExp(` (?:${ARRIVED}) `).test(folded) || hasGoods(folded),
  },
  {
    reason: 'not-delivered',
    patterns: [
      new RegExp(` (?:no|nunca|never|not|havent|hasnt|didnt|still not) (?:[a-z]+ ){0,2}?(?:llego|llegaron|llegado|entregaron|entrego|entregado|entregada|recibimos|recibi|recibido|received|delivered|arrived|arrive|got|showed up) `),
      / incomplet[oa]s? /,
      / (?:missing|faltante|faltantes|faltaron|falto) /,
      new RegExp(` (?:half|part|la mitad|mitad|parte) (?:of )?(?:the |del |de la |de los |de las )?(?:${GOODS}) `),
      / (?:servicio|trabajo|instalacion|service|work|installation) (?:no se|nunca se|was not|wasnt|was never|never|not) (?:realizo|presto|hizo|entrego|completo|termino|performed|done|completed|provided|delivered|finished) /,
      / faltan? (?:mercancia|mercaderia|productos|producto|piezas|material|unidades|cajas) /,
      new RegExp(` (?:waiting|esperando) (?:on |for )?(?:the |el |la |los |las )?(?:${GOODS}|entrega) `),
    ],
    when: hasGoods,
  },
  {
    reason: 'price-difference',
    patterns: [
      / (?:cobr|factur)[a-z]* (?:[a-z0-9]+ ){0,3}?de mas /,
      / (?:cobr|factur)[a-z]* (?:un |una |el |la )?[a-z]+ que no (?:acordamos|pactamos|autorizamos|aceptamos) /,
      / (?:overcharg|overbill)[a-z]* /,
      / (?:no|sin) (?:aplicaron|aplicar|aplico|incluyeron|respetaron) (?:el |la )?(?:descuento|precio|tarifa|promocion) /,
      / discount (?:was not|wasnt|not) applied /,
    ],
  },
  {
    reason: 'other',
    patterns: [
      / (?:no|dont|do not) (?:la |lo |le |los |las )?(?:reconozco|reconocemos|recognize|recognise) /,
      / (?:desconozco|desconocemos) /,
      / no (?:es|son) (?:mia|mio|nuestra|nuestro|mias|mios|nuestras|nuestros) /,
      / (?:not|isnt|arent) ours /,
      / not our (?:invoice|bill|debt|account) /,
      / (?:never|didnt|did not) (?:order|ordered|purchase|purchased|buy|bought) /,
      / (?:nunca|no) (?:la |lo |los |las )?(?:pedimos|pedi|compramos|compre|solicitamos|ordenamos) /,
      // The invoice itself said to be wrong, without saying how: "esa factura tiene un error", "this invoice is wrong".
      / (?:factura|facturas|invoice|bill|cobro|cargo|charge) (?:[a-z0-9]+ ){0,2}?(?:esta mal|tiene (?:un )?error|tiene errores|es incorrecta|is wrong|is incorrect|has an error|has errors|no corresponde|not correct) /,
      / en (?:aclaracion|disputa|reclamo) /,
      / (?:dispute|disputing|disputed|disputa|disputamos|impugnamos|impugno) /,
      / no (?:me|nos) corresponde /,
      / (?:pedido|orden|order) (?:se |fue |was )?(?:cancelo|cancelado|cancelada|cancelled|canceled) /,
      / (?:factura|invoice|bill) (?:[a-z0-9]+ ){0,2}?(?:anulad[oa]|void|voided|mal emitida|was cancelled|was canceled) /,
      / (?:no|dont|do not) (?:le |les )?(?:debemos|debo|owe) nada /,
      / (?:we|i) (?:dont|do not) owe /,
    ],
  },
];

/**
 * Reads a dispute: the debtor contests the invoice (does not recognise it, goods missing or damaged,
 * billed twice, wrong price, a credit note still to come). `folded` is foldReply(text).
 *
 * @example
 * matchDispute(foldReply('la mercancía llegó dañada')) // { reason: 'damaged', cue: 'danada', at: 19 }
 */
export function matchDispute(folded: string): DisputeMatch | undefined {
  for (const rule of RULES) {
    if (rule.when && !rule.when(folded)) continue;
    for (const re of rule.patterns) {
      const m = re.exec(folded);
      if (m) return { reason: rule.reason, cue: m[0].trim(), at: m.index };
    }
    if (rule.reason === 'price-difference') {
      const at = wrongPrice(folded);
      if (at !== undefined) return { reason: 'price-difference', cue: 'price or amount said to be wrong', at };
    }
  }
  return undefined;
}

/**
 * A price word (precio, monto, valor, total, price, amount, quote, descuento) within six words of a
 * word saying it is wrong: "el precio está mal", "un error en el precio", "el monto no coincide", "el
 * valor no corresponde a la cotización", "no es el que acordamos", "the price is wrong". "El monto es
 * muy alto" says nothing is wrong, only that it is a lot.
 */
function wrongPrice(folded: string): number | undefined {
  const words = tokens(folded);
  let lastNoun = -Infinity;
  let lastWrong = -Infinity;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const prev = words[i - 1] ?? '';
    const negated = prev === 'no' || prev === 'not' || prev === 'doesnt' || prev === 'dont';
    if (PRICE_NOUNS.has(w)) {
      if (i - lastWrong <= 6) return charOffset(words, lastWrong);
      lastNoun = i;
    }
    if (
      /^(?:incorrect[oa]s?|equivocad[oa]s?|errad[oa]s?|erroneo|erronea|error|errores|distint[oa]|diferente|wrong|incorrect)$/.test(w) ||
      (/^(?:coincide|coinciden|corresponde|corresponden|cuadra|cuadran|match|matches)$/.test(w) && negated) ||
      (w === 'mal' && /^(?:esta|estan|viene|vino|salio|calculado|facturado|cobrado)$/.test(prev)) ||
      (w === 'es' && prev === 'no' && /^(?:el|lo|la|los|las)$/.test(words[i + 1] ?? ''))
    ) {
      if (i - lastNoun <= 6) return charOffset(words, lastNoun);
      lastWrong = i;
    }
  }
  return undefined;
}

function charOffset(words: readonly string[], index: number): number {
  let at = 0;
  for (let i = 0; i < index; i++) at += words[i]!.length + 1;
  return at;
}
