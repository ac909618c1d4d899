import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readJsonFile, writeFileAtomic } from '../../shared/adapters/local/atomic-file.js';
import type { WebhookProviderConfig } from '../../shared/domain/payments/webhooks/config.js';

/**
 * The embedded runtime's provider secrets (`<data-dir>/webhooks.json`): made up on a fresh data dir
 * — random, never real — so the local server verifies signatures exactly as the deployed function
 * does, and the payment simulator (and you, with curl) can sign requests with them. On AWS the same
 * JSON array lives in Secrets Manager (README: "Payment providers").
 */
export interface LocalWebhookSecrets {
  readonly configs: readonly WebhookProviderConfig[];
  /** Private half of the Conekta key (Conekta keeps it; locally the simulator signs with it). */
  readonly conektaPrivateKeyPem: string;
}

export async function localWebhookSecrets(path: string): Promise<LocalWebhookSecrets> {
  const existing = (await readJsonFile(path)) as LocalWebhookSecrets | undefined;
  if (existing) return existing;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const secret = (prefix = '') => `${prefix}${randomBytes(24).toString('hex')}`;
  const created: LocalWebhookSecrets = {
    configs: [
      { kind: 'stripe', signingSecrets: [secret('whsec_local_')] },
      { kind: 'mercadopago', secret: secret() },
      { kind: 'conekta', publicKeyPem: publicKey },
      { kind: 'generic', name: 'banco', secret: secret(), signatureHeader: 'x-signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', timestampHeader: 'x-timestamp' },
    ],
    conektaPrivateKeyPem: privateKey,
  };
  await writeFileAtomic(path, `${JSON.stringify(created, null, 2)}\n`);
  return created;
}
