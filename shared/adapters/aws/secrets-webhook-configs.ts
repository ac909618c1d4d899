import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { parseWebhookConfigs, webhookProviderName, type WebhookProviderConfig } from '../../domain/payments/webhooks/config.js';
import type { WebhookConfigSource } from '../../usecases/receive-webhook.js';

/**
 * Provider configs (signing secrets, public keys) from one JSON array, loaded once and kept: on
 * Lambda a cold start reads the secret, warm invocations do not. A malformed secret fails loudly
 * (every webhook answers 500 and the alarm fires) rather than letting an unsigned request through.
 */
export class WebhookConfigList implements WebhookConfigSource {
  private loaded?: Promise<readonly WebhookProviderConfig[]>;

  constructor(private readonly load: () => Promise<unknown>) {}

  async get(provider: string): Promise<WebhookProviderConfig | undefined> {
    this.loaded ??= this.load().then((json) => {
      const parsed = parseWebhookConfigs(json);
      if (!parsed.ok) throw new Error(`webhook provider configuration is invalid: ${parsed.error}`);
      return parsed.configs;
    });
    try {
      return (await this.loaded).find((config) => webhookProviderName(config) === provider);
    } catch (error) {
      this.loaded = undefined; // a later invocation tries again (the secret may have been fixed)
      throw error;
    }
  }
}

/** The configs from Secrets Manager (Powertools caches the value for `maxAgeSeconds`). */
export function secretsManagerWebhookConfigs(secretArn: string, maxAgeSeconds = 300): WebhookConfigList {
  return new WebhookConfigList(async () => getSecret(secretArn, { maxAge: maxAgeSeconds }));
}
