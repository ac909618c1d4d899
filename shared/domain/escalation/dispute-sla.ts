import type { Dispute } from './types.js';

const HOUR_MS = 3_600_000;

/**
 * When a dispute opened at `openedAt` runs out of its SLA: `slaHours` later, in plain elapsed hours
 * (an SLA is a promise of attention, not of business days).
 *
 * @example
 * disputeSlaDueAt('2026-12-01T15:00:00.000Z', 72) // '2026-12-04T15:00:00.000Z'
 */
export function disputeSlaDueAt(openedAt: string, slaHours: number): string {
  return new Date(Date.parse(openedAt) + slaHours * HOUR_MS).toISOString();
}

/**
 * The open disputes whose SLA has run out and that have not been alerted yet (each is alerted once:
 * the caller stores `slaAlertedAt`). Ordered by SLA, then id, so the alert order never varies.
 *
 * @example
 * disputesPastSla(disputes, new Date('2026-12-05T00:00:00Z')).map((d) => d.disputeId) // ['d-1']
 */
export function disputesPastSla(disputes: readonly Dispute[], now: Date): Dispute[] {
  return disputes
    .filter((d) => d.status === 'open' && d.slaAlertedAt === undefined && Date.parse(d.slaDueAt) <= now.getTime())
    .sort((a, b) => Date.parse(a.slaDueAt) - Date.parse(b.slaDueAt) || (a.disputeId < b.disputeId ? -1 : a.disputeId > b.disputeId ? 1 : 0));
}

/**
 * The earliest SLA still ahead among the open disputes, or undefined: the evaluation that raises
 * its alert is scheduled for then.
 *
 * @example
 * nextSlaDue(disputes, now)?.toISOString() // '2026-12-04T15:00:00.000Z'
 */
export function nextSlaDue(disputes: readonly Dispute[], now: Date): Date | undefined {
  const ahead = disputes
    .filter((d) => d.status === 'open' && d.slaAlertedAt === undefined)
    .map((d) => Date.parse(d.slaDueAt))
    .filter((at) => at > now.getTime());
  return ahead.length > 0 ? new Date(Math.min(...ahead)) : undefined;
}
