/**
 * How payers write invoice numbers into a transfer's concept field: as printed, or with the usual
 * damage — O for 0, I or l for 1, separators changed or gone, leading zeros dropped, noise glued in
 * front, the series left out, two digits swapped — inside Spanish bank boilerplate.
 */
import type { Prng } from './prng.js';

export type Damage = 'o-for-0' | 'i-for-1' | 'separators' | 'zeros-dropped' | 'lowercase' | 'glued-noise' | 'series-dropped';

const DAMAGE_WEIGHTS: Readonly<Record<Damage, number>> = {
  'o-for-0': 20,
  'i-for-1': 10,
  separators: 25,
  'zeros-dropped': 20,
  lowercase: 10,
  'glued-noise': 10,
  'series-dropped': 5,
};

function replaceSome(s: string, from: string, to: () => string, rng: Prng): string {
  let out = '';
  let changed = false;
  for (const c of s) {
    if (c === from && (rng.chance(0.5) || !changed)) {
      out += to();
      changed = true;
    } else out += c;
  }
  return out;
}

export function damage(number: string, kind: Damage, rng: Prng): string {
  switch (kind) {
    case 'o-for-0':
      return number.includes('0') ? replaceSome(number, '0', () => 'O', rng) : number;
    case 'i-for-1':
      return number.includes('1') ? replaceSome(number, '1', () => rng.pick(['I', 'l']), rng) : number;
    case 'separators':
      return number.includes('-') ? number.replace(/-/g, rng.pick(['', ' ', '/', '.', '_'])) : `${number.replace(/^([A-Z]+)/, '$1 ')}`;
    case 'zeros-dropped':
      return number.replace(/(^|[^\d])0+(\d)/g, '$1$2');
    case 'lowercase':
      return number.toLowerCase();
    case 'glued-noise':
      return `${rng.pick(['#', 'No.', 'FACT.', 'Fact#', 'N°'])}${number}`;
    case 'series-dropped': {
      const groups = number.match(/\d+/g) ?? [number];
      return groups[groups.length - 1]!;
    }
  }
}

/** One or two kinds of damage. */
export function typo(number: string, rng: Prng): string {
  let out = damage(number, rng.weighted(DAMAGE_WEIGHTS), rng);
  // A second kind of damage, but never dropping the series of an already damaged number (that
  // leaves digits nobody could read back, like `9` for `FAC-2O26-127O9`).
  if (rng.chance(0.3)) out = damage(out, rng.weighted({ ...DAMAGE_WEIGHTS, 'series-dropped': 0 }), rng);
  return out;
}

/** Two adjacent, different digits of the number swapped (the invoice it names may exist: someone else's). */
export function transpose(number: string, rng: Prng): string | undefined {
  const positions: number[] = [];
  const lastGroup = /\d+$/.exec(number);
  if (!lastGroup) return undefined;
  const start = lastGroup.index + (/^0*/.exec(lastGroup[0])?.[0].length ?? 0);
  for (let i = start; i + 1 < number.length; i += 1) if (number[i] !== number[i + 1]) positions.push(i);
  if (positions.length === 0) return undefined;
  const i = rng.pick(positions);
  return number.slice(0, i) + number[i + 1]! + number[i]! + number.slice(i + 2);
}

export function bankRef(rng: Prng): string {
  return rng.digits(rng.int(6, 10));
}

/** A concept line around one or more references. */
export function concept(refs: readonly string[], rng: Prng, payerName: string): string {
  const list = refs.length === 1 ? refs[0]! : refs.slice(0, -1).join(rng.pick([', ', ' ', ' / ', ' Y '])) + rng.pick([' Y ', ', ', ' ']) + refs[refs.length - 1]!;
  const plural = refs.length > 1;
  return rng
    .pick([
      `PAGO FACTURA${plural ? 'S' : ''} ${list}`,
      `PAGO FACT. ${list}`,
      `${list}`,
      `SPEI ${bankRef(rng)} PAGO ${list}`,
      `ABONO ${plural ? 'FACTURAS' : 'FACTURA NO.'} ${list}`,
      `Pago de ${plural ? 'las facturas' : 'la factura'} ${list}`,
      `INV ${list} ${payerName}`,
      `CONCEPTO: ${list} REF ${bankRef(rng)}`,
      `TRANSFERENCIA ${payerName.toUpperCase()} ${list}`,
    ])
    .slice(0, 140);
}

/** A concept with no invoice in it. */
export function emptyConcept(rng: Prng, payerName: string): string {
  return rng.pick(['', 'PAGO PROVEEDOR', `SPEI RECIBIDO ${bankRef(rng)}`, `TRANSFERENCIA ${payerName.toUpperCase()}`, 'PAGO', `DEPOSITO ${bankRef(rng)}`]);
}
