import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../shared/adapters/local/atomic-file.js';

/**
 * The embedded runtime's unsubscribe-link key (`<data-dir>/contact-key`): random, made once per data
 * dir, so links in the local outbox keep working across restarts. On AWS it is the generated
 * Secrets Manager secret `ContactSecret`.
 */
export async function localContactKey(path: string): Promise<string> {
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing && existing.trim().length >= 32) return existing.trim();
  const key = randomBytes(32).toString('base64url');
  await writeFileAtomic(path, `${key}\n`);
  return key;
}
