import { appendFile, readFile } from 'node:fs/promises';
import type { ReminderScheduler, ScheduleRequest } from '../../ports.js';
import { writeFileAtomic } from './atomic-file.js';
import { CorruptStateFileError } from './errors.js';

/** One pending schedule, as kept in the schedules journal. */
export interface ScheduleEntry {
  readonly name: string;
  /** UTC instant it fires at. */
  readonly at: string;
  readonly timezone: string;
  /** Which queue the runtime delivers the payload to (absent in files written before it existed: dispatch). */
  readonly target?: 'dispatch' | 'planning' | 'escalation';
  readonly payload: unknown;
}

/** One line of the journal: a schedule created, or one removed (fired or cancelled). */
type JournalLine = { readonly put: ScheduleEntry } | { readonly del: string };

/** Rewrite the journal (only what is pending) once it holds this many lines more than pending schedules. */
const COMPACT_SLACK = 10_000;

/**
 * The embedded runtime's EventBridge Scheduler: one-time schedules kept in an append-only journal
 * (`<dataDir>/schedules.json`, JSON Lines: `{"put":{…}}` / `{"del":"name"}`), so a change costs one
 * appended line, never a rewrite of every schedule (issue #14: at 10,000 invoices the whole file was
 * 20 MB, rewritten after each change). The journal is compacted (rewritten atomically with only what
 * is pending) when it opens and whenever it has grown far past what is pending. In memory the pending
 * schedules are kept sorted by instant (then name), so `due` is a slice, not a sort of everything.
 *
 * Like the real one, a name is unique: scheduling an existing name leaves it as is and answers
 * `exists`, and cancelling a missing one is fine. It does not fire anything itself: the runtime asks
 * for what is `due` on its test clock, delivers each payload and `remove`s it (EventBridge's
 * delete-after-completion). Past instants are kept as given; they are simply due at once.
 * A file of the earlier format (one JSON document `{ "schedules": [...] }`) is read and rewritten as a
 * journal on open. A last line cut short by a crash is a change that did not happen.
 *
 * @example
 * const scheduler = await LocalScheduler.open('.cobranza/schedules.json');
 * for (const entry of scheduler.due(clock.now())) …
 */
export class LocalScheduler implements ReminderScheduler {
  /** Pending schedules by instant, then name. */
  private readonly order: { readonly ms: number; readonly entry: ScheduleEntry }[] = [];
  private lines: number;
  private buffered: string[] = [];
  private flushing?: Promise<void>;

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, ScheduleEntry>,
  ) {
    for (const entry of entries.values()) this.order.push({ ms: Date.parse(entry.at), entry });
    this.order.sort(compare);
    this.lines = entries.size;
  }

  static async open(file: string): Promise<LocalScheduler> {
    const scheduler = new LocalScheduler(file, await LocalScheduler.read(file));
    // Start from a compact journal: what is pending, one line each.
    await scheduler.compact();
    return scheduler;
  }

  /** The pending schedules a journal holds, without opening it for writing (tests, inspection). */
  static async read(file: string): Promise<Map<string, ScheduleEntry>> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    const legacy = legacyEntries(file, text);
    if (legacy) return new Map(legacy.map((entry) => [entry.name, entry]));
    const entries = new Map<string, ScheduleEntry>();
    const rows = text.split('\n');
    rows.forEach((row, index) => {
      if (row.trim() === '') return;
      let line: JournalLine;
      try {
        line = JSON.parse(row) as JournalLine;
      } catch (error) {
        // The last line may have been cut short by a crash: that change did not happen.
        if (rows.slice(index + 1).every((rest) => rest.trim() === '')) return;
        throw new CorruptStateFileError(file, `line ${index + 1} is not JSON`, { cause: error });
      }
      if ('put' in line && typeof line.put?.name === 'string') entries.set(line.put.name, line.put);
      else if ('del' in line && typeof line.del === 'string') entries.delete(line.del);
      else throw new CorruptStateFileError(file, `line ${index + 1}: expected {"put":{…}} or {"del":"name"}`);
    });
    return entries;
  }

  async schedule(request: ScheduleRequest): Promise<'created' | 'exists'> {
    if (this.entries.has(request.name)) return 'exists';
    const at = new Date(request.at);
    if (Number.isNaN(at.getTime())) throw new RangeError(`schedule ${request.name}: invalid instant '${request.at}'`);
    const entry: ScheduleEntry = {
      name: request.name,
      at: at.toISOString(),
      timezone: request.timezone,
      ...(request.target && request.target !== 'dispatch' ? { target: request.target } : {}),
      payload: request.payload,
    };
    this.entries.set(entry.name, entry);
    const item = { ms: at.getTime(), entry };
    this.order.splice(this.position(item), 0, item);
    await this.append({ put: entry });
    return 'created';
  }

  async cancel(name: string): Promise<void> {
    await this.remove(name);
  }

  /** Removes a schedule (fired or cancelled); a missing name is fine. */
  async remove(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    const at = this.position({ ms: Date.parse(entry.at), entry });
    if (this.order[at]?.entry.name === name) this.order.splice(at, 1);
    await this.append({ del: name });
  }

  /** Schedules firing at or before `until`, earliest first (ties by name, so the order is stable). */
  due(until: Date): ScheduleEntry[] {
    const limit = until.getTime();
    const due: ScheduleEntry[] = [];
    for (const item of this.order) {
      if (item.ms > limit) break;
      due.push(item.entry);
    }
    return due;
  }

  /** The earliest pending schedule at or before `until`, if any (what the runtime fires next). */
  next(until: Date): ScheduleEntry | undefined {
    const first = this.order[0];
    return first && first.ms <= until.getTime() ? first.entry : undefined;
  }

  pending(): number {
    return this.entries.size;
  }

  /** Every pending schedule, earliest first. */
  list(): ScheduleEntry[] {
    return this.order.map((item) => item.entry);
  }

  /** Where `item` is or would go in `order` (binary search by instant, then name). */
  private position(item: { readonly ms: number; readonly entry: ScheduleEntry }): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.order[middle]!, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Appends a line and resolves once it is on disk. Appends never overlap (lines land in the order the
   * changes were made) and changes made while one is in flight share the next append, so a burst of
   * schedules costs two writes, not one each.
   */
  private async append(line: JournalLine): Promise<void> {
    this.buffered.push(`${JSON.stringify(line)}\n`);
    this.lines += 1;
    while (this.buffered.length > 0 || this.flushing) {
      if (!this.flushing) {
        const batch = this.buffered.join('');
        this.buffered = [];
        const compactNow = this.lines > 2 * this.entries.size + COMPACT_SLACK;
        this.flushing = (compactNow ? this.compact() : appendFile(this.file, batch)).finally(() => {
          this.flushing = undefined;
        });
      }
      await this.flushing;
    }
  }

  /** Rewrites the journal with only what is pending (atomically: a reader sees the old or the new). */
  private async compact(): Promise<void> {
    const text = this.order.map((item) => `${JSON.stringify({ put: item.entry })}\n`).join('');
    await writeFileAtomic(this.file, text);
    this.lines = this.entries.size;
  }
}

function compare(a: { readonly ms: number; readonly entry: ScheduleEntry }, b: { readonly ms: number; readonly entry: ScheduleEntry }): number {
  return a.ms - b.ms || (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0);
}

/** The schedules of a file in the earlier format (`{ "version": 1, "schedules": [...] }`), if it is one. */
function legacyEntries(file: string, text: string): ScheduleEntry[] | undefined {
  if (!text.trimStart().startsWith('{') || text.trimStart().startsWith('{"put"') || text.trimStart().startsWith('{"del"')) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const schedules = (document as { schedules?: unknown } | null)?.schedules;
  if (!Array.isArray(schedules)) throw new CorruptStateFileError(file, 'expected { "schedules": [...] } or a journal of {"put"}/{"del"} lines');
  return schedules as ScheduleEntry[];
}
