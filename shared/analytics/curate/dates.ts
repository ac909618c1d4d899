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
 * months (each period its calendar month), then `today` (the month to date), then the periods the
 * weekly digest reads (kpi-digest.ts digestDue: the 30 days up to the day before it is sent, and the
 * 30 days before those) for a digest sent today and for one sent tomorrow. `today` is a day of the
 * reporting zone. A period already in the list (a 30-day month) is not repeated: a view would count
 * it twice.
 *
 * Why tomorrow's too: the daily export may be taken in the evening before, local time (02:00 UTC is
 * 20:00 in Mexico City), and the next morning's digest must still find its rows; its figures then run
 * up to the export, not to midnight. Taken after local midnight, today's rows are the complete ones.
 *
 * @example
 * reportDates('2027-01-22')[24]     // { asOf: '2027-01-22', periodFrom: '2027-01-01' }  (month to date)
 * reportDates('2027-01-22')[23]     // { asOf: '2026-12-31', periodFrom: '2026-12-01' }
 * reportDates('2027-01-22').slice(25)
 * // [{ asOf: '2027-01-21', periodFrom: '2026-12-23' }, { asOf: '2026-12-22', periodFrom: '2026-11-23' },   digest sent today
 * //  { asOf: '2027-01-22', periodFrom: '2026-12-24' }, { asOf: '2026-12-23', periodFrom: '2026-11-24' }]   digest sent tomorrow
 */
export function reportDates(today: string): ReportDate[] {
  const dates: ReportDate[] = [];
  let end = addDays(monthStart(today), -1);
  for (let i = 0; i < 24; i += 1) {
    dates.unshift({ asOf: end, periodFrom: monthStart(end) });
    end = addDays(monthStart(end), -1);
  }
  dates.push({ asOf: today, periodFrom: monthStart(today) });
  for (const period of [...digestPeriods(today), ...digestPeriods(addDays(today, 1))]) {
    if (!dates.some((d) => d.asOf === period.asOf && d.periodFrom === period.periodFrom)) dates.push(period);
  }
  return dates;
}

/** The weekly digest's periods when it is sent on `day`: the 30 days up to the day before, and the 30 before those. */
export function digestPeriods(day: string): [ReportDate, ReportDate] {
  const asOf = addDays(day, -1);
  const periodFrom = addDays(asOf, -29);
  return [
    { asOf, periodFrom },
    { asOf: addDays(periodFrom, -1), periodFrom: addDays(periodFrom, -30) },
  ];
}
