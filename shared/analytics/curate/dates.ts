/**
 * Calendar days for the lake: `YYYY-MM-DD` strings, computed in the reporting time zone
 * (policy `reports.timezone`) for instants, and by plain day arithmetic (UTC, no DST) between days.
 */

const MS_PER_DAY = 86_400_000;

/**
 * A function turning UTC instants into days of `zone` (one Intl formatter, reused: it is the hot path).
 *
 * Formatting is the expensive part (about 2 µs a call: a million invoices mean several million
 * instants), so days are remembered per 15-minute block of UTC time: a block whose first and last
 * millisecond fall on the same local day lies wholly on that day (local days only move forward), and
 * its day is cached; a block that straddles a local midnight is formatted instant by instant.
 */
export function dayInZone(zone: string): (instant: string | Date) => string | null {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const formatDay = (ms: number): string => {
    let year = '';
    let month = '';
    let day = '';
    for (const part of format.formatToParts(ms)) {
      if (part.type === 'year') year = part.value;
      else if (part.type === 'month') month = part.value;
      else if (part.type === 'day') day = part.value;
    }
    return `${year}-${month}-${day}`;
  };
  /** Block → its day, or null when a local midnight falls inside it. */
  const blocks = new Map<number, string | null>();
  return (instant) => {
    const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
    if (Number.isNaN(ms)) return null;
    const block = Math.floor(ms / BLOCK_MS);
    let day = blocks.get(block);
    if (day === undefined) {
      const first = formatDay(block * BLOCK_MS);
      day = first === formatDay(block * BLOCK_MS + BLOCK_MS - 1) ? first : null;
      if (blocks.size >= MAX_BLOCKS) blocks.clear();
      blocks.set(block, day);
    }
    return day ?? formatDay(ms);
  };
}
const BLOCK_MS = 15 * 60_000;
/** About 3 years of blocks; past that the cache starts over (memory stays bounded). */
const MAX_BLOCKS = 100_000;

/** Days since 1970-01-01 (the Parquet DATE value). */
export function epochDay(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
}

export function fromEpochDay(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return fromEpochDay(epochDay(day) + days);
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function daysInMonth(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function monthEnd(day: string): string {
  return `${day.slice(0, 7)}-${String(daysInMonth(day)).padStart(2, '0')}`;
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export interface ReportDate {
  /** T, the last day of the period. */
  readonly asOf: string;
  /** First day of the period. */
  readonly periodFrom: string;
}

/**
 * The as-of dates the KPI views are computed for on AWS: the month ends of the last 24 complete
 * months (each period its calendar month), then `today` (the month to date).
 *
 * @example
 * reportDates('2027-01-22').at(-1)  // { asOf: '2027-01-22', periodFrom: '2027-01-01' }
 * reportDates('2027-01-22').at(-2)  // { asOf: '2026-12-31', periodFrom: '2026-12-01' }
 */
export function reportDates(today: string): ReportDate[] {
  const dates: ReportDate[] = [];
  let end = addDays(monthStart(today), -1);
  for (let i = 0; i < 24; i += 1) {
    dates.unshift({ asOf: end, periodFrom: monthStart(end) });
    end = addDays(monthStart(end), -1);
  }
  dates.push({ asOf: today, periodFrom: monthStart(today) });
  return dates;
}
