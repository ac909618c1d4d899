/** Shared by the webhook tests: the fixtures, a fixed clock, and a request builder. */
import { readFileSync } from 'node:fs';
import type { WebhookRequest } from '../../../../shared/domain/payments/webhooks/index.js';

/** The raw text of a fixture, exactly as stored: signatures are computed over these bytes. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** A fixture parsed, for tests that build variants of it (the variant is then signed as sent). */
export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixture(name)) as Record<string, unknown>;
}

export const NOW = new Date('2026-03-02T15:00:00Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

export function request(
  provider: string,
  rawBody: string,
  headers: Record<string, string | undefined>,
  query?: Record<string, string>,
): WebhookRequest {
  return { provider, rawBody, headers, ...(query ? { query } : {}) };
}
