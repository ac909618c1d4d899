import { DateTime } from 'luxon';
import type { ContactLedgerEntry, ContactState } from '../../ports.js';
import { effectiveZone } from '../planning/zone.js';

const MS_PER_DAY = 86_400_000;

/** Ledger entries older than this are pruned on each send: the longest look-back (7 days, a CL week) with room to spare. */
export const LEDGER_RETENTION_DAYS = 35;

/** One past contact placed on the debtor's calendar, ready for the cap arithmetic. */
export interface PlacedContact {
  readonly at: number;
  /** Local calendar day as a day number (days since 1970-01-01 of that wall-clock date). */
  readonly day: number;
  /** Day number of the Monday that starts its local ISO week. */
  readonly week: number;
  readonly entry: ContactLedgerEntry;
}

/**
 * The local calendar day (`YYYY-MM-DD` in the debtor's zone) a contact belongs to: the consolidation
 * window. Two messages with the same key about the same invoice would be one too many. An unknown zone
 * counts in UTC (see effectiveZone).
 *
 * @example
 * contactWindowKey(new Date('2026-12-15T04:30:00Z'), 'America/Bogota') // '2026-12-14' (23:30 the evening before)
 */
export function contactWindowKey(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: effectiveZone(timezone) }).toISODate() ?? '';
}

/**
 * The state's entries on the debtor's calendar. An entry whose `at` does not parse cannot be placed in
 * time and is left out of the counts (it stays in the ledger: this code never destroys what it cannot read).
 */
export function placeContacts(state: ContactState, zone: string): PlacedContact[] {
  const placed: PlacedContact[] = [];
  for (const entry of state.entries) {
    const at = Date.parse(entry.at);
    if (Number.isNaN(at)) continue;
    placed.push({ at, ...calendarPlace(at, zone), entry });
  }
  return placed;
}

/**
 * Every decision places the whole ledger again, and a zone offset costs an Intl call; the same few
 * entries come back decision after decision, so their places are remembered (bounded, cleared when full).
 */
const places = new Map<string, { readonly day: number; readonly week: number }>();
const MAX_REMEMBERED_PLACES = 10_000;

function calendarPlace(at: number, zone: string): { readonly day: number; readonly week: number } {
  const key = `${zone}|${at}`;
  let place = places.get(key);
  if (!place) {
    const local = DateTime.fromMillis(at, { zone });
    place = { day: dayNumber(local), week: dayNumber(local) - (local.weekday - 1) };
    if (places.size >= MAX_REMEMBERED_PLACES) places.clear();
    places.set(key, place);
  }
  return place;
}

/** `local`'s wall-clock date as a day number: whole calendar days, whatever the UTC offset. */
export function dayNumber(local: DateTime): number {
  return Math.round(Date.UTC(local.year, local.month - 1, local.day) / MS_PER_DAY);
}

/** The instant local day `day` begins in `zone` (01:00 on a day whose midnight a DST change skips). */
export function startOfDayNumber(day: number, zone: string): number {
  const date = new Date(day * MS_PER_DAY);
  return DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 0, minute: 0 },
    { zone },
  ).toMillis();
}

/**
 * `state` with `entry` appended and entries older than LEDGER_RETENTION_DAYS before `now` dropped. The
 * version stays: the caller's conditional write is what bumps it.
 */
export function recordContact(state: ContactState, entry: ContactLedgerEntry, now: Date): ContactState {
  const oldest = now.getTime() - LEDGER_RETENTION_DAYS * MS_PER_DAY;
  const kept = state.entries.filter((old) => !(Date.parse(old.at) < oldest));
  return { ...state, entries: [...kept, entry] };
}
