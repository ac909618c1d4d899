import { z } from 'zod';
import { ENV } from '../config/functions.js';

type EnvKey = keyof typeof ENV;

/**
 * Reads and validates the environment variables a function needs, once, at cold start: a missing
 * variable fails the first invocation loudly instead of the tenth request quietly.
 */
export function readEnv<K extends EnvKey>(keys: readonly K[], env: NodeJS.ProcessEnv = process.env): Record<K, string> {
  const shape = Object.fromEntries(keys.map((k) => [ENV[k], z.string().min(1)]));
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`missing or empty environment variables: ${missing}`);
  }
  return Object.fromEntries(keys.map((k) => [k, parsed.data[ENV[k]]])) as Record<K, string>;
}
