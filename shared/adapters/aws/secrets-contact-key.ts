import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The HMAC key that signs unsubscribe links, read from Secrets Manager and cached (Powertools
 * parameters) for `maxAgeSeconds`, so a rotated key reaches warm functions within minutes.
 */
export function secretsContactKey(secretArn: string, maxAgeSeconds = 300): () => Promise<string> {
  return async () => {
    const value = await getSecret(secretArn, { maxAge: maxAgeSeconds });
    if (typeof value !== 'string' || value.length < 32) throw new Error('the contact secret must be a string of at least 32 characters');
    return value;
  };
}
