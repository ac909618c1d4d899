import { verifyUnsubscribe, type UnsubscribeSubject } from '../domain/channels/unsubscribe-token.js';
import type { Clock, ConsentStore, InteractionLog } from '../ports.js';

export interface UnsubscribeDeps {
  readonly consents: ConsentStore;
  readonly log: InteractionLog;
  readonly clock: Clock;
  readonly key: () => Promise<string>;
}

/** Reads a signed unsubscribe token; throws UnsubscribeTokenError when it is forged or malformed. */
export async function readUnsubscribeToken(deps: Pick<UnsubscribeDeps, 'key'>, token: string): Promise<UnsubscribeSubject> {
  return verifyUnsubscribe(token, await deps.key());
}

/**
 * Opts the address of a signed unsubscribe link out of its channel (one-click POST from the mail
 * client, RFC 8058, or the confirmation button of the page). Every later send honours it. Clicking
 * twice records nothing new (the consent record keeps the first).
 */
export async function unsubscribe(deps: UnsubscribeDeps, token: string, via: 'one-click' | 'page'): Promise<UnsubscribeSubject> {
  const subject = await readUnsubscribeToken(deps, token);
  const now = deps.clock.now().toISOString();
  const current = (await deps.consents.listConsents(subject.accountId)).find(
    (c) => c.channel === subject.channel && c.address.toLowerCase() === subject.address.toLowerCase(),
  );
  if (current?.status === 'opted-out') return subject;
  await deps.consents.recordConsent({ ...subject, status: 'opted-out', since: now, source: `${subject.channel}-unsubscribe`, detail: via });
  await deps.log.append([
    {
      interactionId: `consent.opted-out#unsubscribe#${subject.channel}#${now}`,
      accountId: subject.accountId,
      at: now,
      type: 'consent.opted-out',
      channel: subject.channel,
      detail: `unsubscribed from ${subject.channel} (${via === 'one-click' ? 'one-click from the mail client' : 'unsubscribe page'})`,
    },
  ]);
  return subject;
}
