/**
 * The export chain of one table: its last full export and the incremental exports after it, in
 * order. Kept as `exports/chain/<table>.json` in the bucket by export-tables (written right after
 * each export is started) and read by curate-lake to know which exports make up a day.
 * Pure: the decisions and the manifest's shape; no I/O.
 */

/** The folder of the chain manifests (under `exports/`, next to the exports' day folders). */
export const CHAIN_FOLDER = 'exports/chain/';
export const chainKey = (table: string): string => `${CHAIN_FOLDER}${table}.json`;

/** Below this table size a full export every day; at or above, incremental exports (see planExport). */
export const DEFAULT_FULL_MAX_BYTES = 5 * 1024 ** 3;
/** A full export at least every this many days, so a chain is at most one full + 6 incrementals. */
export const FULL_EVERY_DAYS = 7;
/** DynamoDB's bounds on an incremental export's period (ExportFromTime inclusive, ExportToTime exclusive). */
export const MIN_INCREMENTAL_MS = 15 * 60 * 1000;
export const MAX_INCREMENTAL_MS = 24 * 60 * 60 * 1000;

interface ChainLinkBase {
  /** The UTC day export-tables ran for (the export lands under `exports/<day>/<table>`). */
  readonly day: string;
  /** The export's S3 prefix (DynamoDB adds `/AWSDynamoDB/<export id>/…`). */
  readonly prefix: string;
  readonly exportArn?: string;
}
export interface FullLink extends ChainLinkBase {
  readonly kind: 'full';
  /** The instant the full export is a snapshot of. */
  readonly exportTime: string;
}
export interface IncrementalLink extends ChainLinkBase {
  readonly kind: 'incremental';
  /** The period of changes it holds: [from, to). `from` is the previous link's end. */
  readonly from: string;
  readonly to: string;
}
export type ChainLink = FullLink | IncrementalLink;

export interface ExportChain {
  readonly table: string;
  readonly full: FullLink;
  readonly incrementals: readonly IncrementalLink[];
}

export type ExportPlan =
  /** This day's export is already in the chain (a retried or repeated run): start nothing. */
  | { readonly kind: 'existing'; readonly link: ChainLink }
  | { readonly kind: 'full'; readonly reason: 'small-table' | 'no-base' | 'weekly' | 'period-too-long' | 'period-too-short' }
  | { readonly kind: 'incremental'; readonly from: string; readonly to: string };

export interface PlanInput {
  /** The UTC day of the run. */
  readonly day: string;
  /** The instant of the run (the scheduled event's time): an incremental export's end. */
  readonly at: Date;
  /** DescribeTable's TableSizeBytes (DynamoDB refreshes it about every six hours). */
  readonly tableSizeBytes: number;
  readonly fullMaxBytes: number;
  readonly chain: ExportChain | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The end of the chain: where the next incremental export starts. */
export function chainEnd(chain: ExportChain): string {
  return chain.incrementals.at(-1)?.to ?? chain.full.exportTime;
}

/** Which export to start for a table today (see export-tables for why the size decides). */
export function planExport(input: PlanInput): ExportPlan {
  const { chain, day } = input;
  if (chain) {
    const today = [chain.full, ...chain.incrementals].find((link) => link.day === day);
    if (today) return { kind: 'existing', link: today };
  }
  if (input.tableSizeBytes < input.fullMaxBytes) return { kind: 'full', reason: 'small-table' };
  if (!chain) return { kind: 'full', reason: 'no-base' };
  if (daysBetween(chain.full.day, day) >= FULL_EVERY_DAYS) return { kind: 'full', reason: 'weekly' };
  const from = chainEnd(chain);
  // Whole seconds: the API counts in seconds, and a retried run then asks the very same period.
  const to = new Date(Math.floor(input.at.getTime() / 1000) * 1000).toISOString();
  const period = Date.parse(to) - Date.parse(from);
  // A missed day leaves more than 24 h to cover: start a new base rather than a chain with a hole.
  if (period > MAX_INCREMENTAL_MS) return { kind: 'full', reason: 'period-too-long' };
  if (period < MIN_INCREMENTAL_MS) return { kind: 'full', reason: 'period-too-short' };
  return { kind: 'incremental', from: new Date(Date.parse(from)).toISOString(), to };
}

/** The chain after a started export: a full one starts a new chain; an incremental one is appended. */
export function extendChain(table: string, chain: ExportChain | undefined, link: ChainLink): ExportChain {
  if (link.kind === 'full') return { table, full: link, incrementals: [] };
  if (!chain) throw new Error(`an incremental export of ${table} needs a full export as its base`);
  return { table, full: chain.full, incrementals: [...chain.incrementals, link] };
}

export type DayChain =
  /** The exports that make up the table on that day, in order: the full one first. */
  | { readonly status: 'links'; readonly links: readonly ChainLink[] }
  /** The chain does not list an export for that day (yet). */
  | { readonly status: 'unlisted' }
  /** A newer full export started a new chain: that day cannot be rebuilt from it. */
  | { readonly status: 'superseded'; readonly by: string };

/** The links of a chain that make up the table on `day`. */
export function chainForDay(chain: ExportChain, day: string): DayChain {
  if (chain.full.day > day) return { status: 'superseded', by: chain.full.day };
  const links: ChainLink[] = [chain.full, ...chain.incrementals.filter((link) => link.day <= day)];
  if (!links.some((link) => link.day === day)) return { status: 'unlisted' };
  return { status: 'links', links };
}

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isDay = (value: unknown): value is string => isString(value) && /^\d{4}-\d{2}-\d{2}$/.test(value);
const isInstant = (value: unknown): value is string => isString(value) && !Number.isNaN(Date.parse(value));

/** Parses a chain manifest; anything malformed is an error (a silently wrong chain would curate wrong rows). */
export function parseChain(text: string): ExportChain {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const base = (value: unknown): Record<string, unknown> => {
    const link = value as Record<string, unknown> | null;
    if (!link || typeof link !== 'object' || !isDay(link.day) || !isString(link.prefix)) throw new Error(`malformed export chain link: ${JSON.stringify(value)}`);
    return link;
  };
  const full = base(raw.full);
  if (!isInstant(full.exportTime)) throw new Error('malformed export chain: the full export has no exportTime');
  if (!isString(raw.table) || !Array.isArray(raw.incrementals)) throw new Error('malformed export chain: table or incrementals missing');
  const optionalArn = (link: Record<string, unknown>) => (isString(link.exportArn) ? { exportArn: link.exportArn } : {});
  return {
    table: raw.table,
    full: { kind: 'full', day: full.day as string, prefix: full.prefix as string, exportTime: full.exportTime, ...optionalArn(full) },
    incrementals: raw.incrementals.map((value) => {
      const link = base(value);
      if (!isInstant(link.from) || !isInstant(link.to)) throw new Error('malformed export chain: an incremental export without its period');
      return { kind: 'incremental' as const, day: link.day as string, prefix: link.prefix as string, from: link.from, to: link.to, ...optionalArn(link) };
    }),
  };
}
