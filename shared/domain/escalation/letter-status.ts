import { nextBusinessDay } from '../planning/business-day.js';
import type { Interaction } from '../types.js';
import { addDays, localDate } from './local-time.js';

/** Where the pre-legal letter of the account's current stage stands, read from the interaction log. */
export interface LetterStatus {
  /** False when the log has no letter of this stage (a record from before these lines existed). */
  readonly known: boolean;
  /** When the letter reached the debtor's hands: queued by email and not reported undelivered, or posted. */
  readonly sentAt?: string;
  /** Its last day to pay: as printed, or later for a letter posted days after it was written. */
  readonly deadline?: string;
  /** Stored for a person to post and not posted yet: no other letter meanwhile. */
  readonly awaitingPost?: boolean;
  /** Why the last emailed letter does not count (bounced, opted out before it left …). */
  readonly undelivered?: string;
}

/**
 * The letter is what starts the grace period before a hand-off, so it counts only once it reached
 * the debtor: an email that the sender skipped (opted out meanwhile), that bounced or failed for good
 * does not; a letter for the post counts from the day the person posted it (its `post-letter` task
 * completed), with at least `graceDays` from then. Lines before `since` (the stage's start) belong to
 * an earlier stage.
 *
 * @example
 * letterStatus(lines, record.since, 10, 'America/Mexico_City', 'MX')
 * // { known: true, sentAt: '2026-12-22T15:00:00.000Z', deadline: '2027-01-04' }
 */
export function letterStatus(lines: readonly Interaction[], since: string, graceDays: number, timezone: string, country: string | undefined): LetterStatus {
  const stage = lines.filter((l) => l.at >= since).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const emailed = stage.filter((l) => l.type === 'letter.queued' && typeof l.data?.messageId === 'string');
  const awaiting = stage.filter((l) => l.type === 'letter.awaiting-post' && typeof l.data?.taskId === 'string');
  if (emailed.length === 0 && awaiting.length === 0) return { known: false };

  const posted = awaiting
    .map((line) => ({ line, posted: stage.find((l) => l.type === 'letter.posted' && l.data?.taskId === line.data?.taskId) }))
    .filter((p) => p.posted !== undefined)
    .at(-1);
  const lastEmail = emailed.at(-1);
  const failure = lastEmail ? undelivered(stage, String(lastEmail.data!.messageId)) : undefined;
  const email = lastEmail && !failure ? lastEmail : undefined;

  // The most recent letter that reached the debtor wins.
  if (posted?.posted && (!email || posted.posted.at >= email.at)) {
    const printed = typeof posted.line.data?.deadline === 'string' ? posted.line.data.deadline : undefined;
    const fromPost = nextBusinessDay(addDays(localDate(new Date(posted.posted.at), timezone), graceDays), country);
    return { known: true, sentAt: posted.posted.at, deadline: printed && printed > fromPost ? printed : fromPost };
  }
  if (email) return { known: true, sentAt: email.at, ...(typeof email.data?.deadline === 'string' ? { deadline: email.data.deadline } : {}) };
  const pending = awaiting.filter((a) => !stage.some((l) => l.type === 'letter.posted' && l.data?.taskId === a.data?.taskId));
  const laterThanEmail = pending.some((a) => !lastEmail || a.at >= lastEmail.at);
  return { known: true, ...(laterThanEmail ? { awaitingPost: true } : {}), ...(failure ? { undelivered: failure } : {}) };
}

/** Why the message `messageId` (or a held copy of it, `<id>-h<n>`) never reached the debtor, if it did not. */
function undelivered(lines: readonly Interaction[], messageId: string): string | undefined {
  const ours = (l: Interaction) => l.reminderId === messageId || (l.reminderId?.startsWith(`${messageId}-h`) ?? false);
  const sent = lines.some((l) => l.type === 'message.sent' && ours(l));
  const failed = lines.find(
    (l) =>
      ours(l) &&
      (l.type === 'message.bounced' ||
        l.type === 'message.rejected' ||
        (l.type === 'message.failed' && l.interactionId.endsWith('#permanent')) ||
        ((l.type === 'reminder.skipped' || l.type === 'letter.skipped') && !sent)),
  );
  return failed ? `${failed.type}: ${failed.detail ?? ''}`.slice(0, 200) : undefined;
}
