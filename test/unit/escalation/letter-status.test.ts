import { describe, expect, it } from 'vitest';
import { letterStatus } from '../../../shared/domain/escalation/letter-status.js';
import type { Interaction } from '../../../shared/domain/types.js';

const ZONE = 'America/Mexico_City';
const SINCE = '2026-12-22T15:00:00.000Z'; // the account entered pre-legal
const line = (at: string, type: Interaction['type'], extra: Partial<Interaction> = {}): Interaction => ({ interactionId: `${type}#${at}`, accountId: 'A-1', at, type, ...extra });
const queued = line(SINCE, 'letter.queued', { data: { messageId: 'letter-1', deadline: '2027-01-04', letterKey: 'k' } });

describe('letterStatus: the letter counts once it reached the debtor', () => {
  it('an emailed letter counts from when it was queued, with its printed deadline', () => {
    expect(letterStatus([queued, line('2026-12-22T15:00:05.000Z', 'message.sent', { reminderId: 'letter-1' })], SINCE, 10, ZONE, 'MX')).toEqual({
      known: true,
      sentAt: SINCE,
      deadline: '2027-01-04',
    });
  });

  it('does not count a letter the sender held back for an opt-out, or one that bounced', () => {
    const skipped = line('2026-12-22T15:00:05.000Z', 'reminder.skipped', { reminderId: 'letter-1', detail: 'not sent: opted out of email' });
    expect(letterStatus([queued, skipped], SINCE, 10, ZONE, 'MX')).toEqual({ known: true, undelivered: 'reminder.skipped: not sent: opted out of email' });
    const bounced = line('2026-12-22T15:10:00.000Z', 'message.bounced', { reminderId: 'letter-1', detail: 'hard bounce' });
    const sent = line('2026-12-22T15:00:05.000Z', 'message.sent', { reminderId: 'letter-1' });
    expect(letterStatus([queued, sent, bounced], SINCE, 10, ZONE, 'MX')).toEqual({ known: true, undelivered: 'message.bounced: hard bounce' });
  });

  it('a letter for the post waits until a person posts it, then counts from that day with a full grace period', () => {
    const awaiting = line(SINCE, 'letter.awaiting-post', { data: { taskId: 't-1', deadline: '2027-01-04' } });
    expect(letterStatus([awaiting], SINCE, 10, ZONE, 'MX')).toEqual({ known: true, awaitingPost: true });
    // Posted on Tuesday 29 Dec: 29 Dec + 10 = 8 Jan (a Friday): later than the printed 4 Jan, so it wins.
    const posted = line('2026-12-29T18:00:00.000Z', 'letter.posted', { data: { taskId: 't-1' } });
    expect(letterStatus([awaiting, posted], SINCE, 10, ZONE, 'MX')).toEqual({ known: true, sentAt: '2026-12-29T18:00:00.000Z', deadline: '2027-01-08' });
  });

  it('ignores the letters of an earlier stage, and says nothing about records older than these lines', () => {
    expect(letterStatus([{ ...queued, at: '2026-10-01T15:00:00.000Z' }], SINCE, 10, ZONE, 'MX')).toEqual({ known: false });
    expect(letterStatus([line(SINCE, 'letter.queued', { detail: 'old style' })], SINCE, 10, ZONE, 'MX')).toEqual({ known: false });
  });
});
