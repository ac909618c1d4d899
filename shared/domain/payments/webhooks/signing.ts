/** HMAC and timestamp checks shared by the providers. node:crypto only; no clock but the one passed in. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

export function hmac(algorithm: HmacAlgorithm, secret: string, payload: string): Buffer {
  return createHmac(algorithm, secret).update(payload, 'utf8').digest();
}

/** Constant-time equality; a length difference is not secret (every valid signature has the same length). */
export function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A signature's bytes, or undefined when the text is not in the encoding: Buffer.from silently drops
 * what it cannot decode, and a half-decoded signature must read as garbled, not as merely wrong.
 */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
  if (text.length === 0) return undefined;
  if (encoding === 'hex') return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/**
 * `t=1700000000,v1=abc,v1=def` → { t: ['1700000000'], v1: ['abc', 'def'] }. Keys repeat (Stripe sends
 * one `v1` per active secret). Parts without `=` are skipped, as Stripe's own parser does.
 */
export function parseKeyValueHeader(value: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const part of value.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    const text = part.slice(at + 1).trim();
    fields.set(key, [...(fields.get(key) ?? []), text]);
  }
  return fields;
}

/** Above this a Unix time can only be milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const MILLISECONDS_FROM = 1e11;

/** A Unix timestamp in seconds or milliseconds (Mercado Pago has sent both), as seconds. */
export function timestampSeconds(text: string): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= MILLISECONDS_FROM ? value / 1000 : value;
}

/**
 * Why a signed timestamp is unacceptable, or undefined when it is within tolerance of `now`. Both
 * directions count: a timestamp far in the future would stay replayable for longer than the tolerance.
 */
export function timestampProblem(seconds: number, now: Date, toleranceSeconds: number): string | undefined {
  const age = Math.round(now.getTime() / 1000 - seconds);
  if (age > toleranceSeconds) {
    return `signature timestamp is ${age} s old, beyond the ${toleranceSeconds} s tolerance (a replayed or long-delayed delivery)`;
  }
  if (-age > toleranceSeconds) {
    return `signature timestamp is ${-age} s in the future, beyond the ${toleranceSeconds} s tolerance (is a clock wrong?)`;
  }
  return undefined;
}
