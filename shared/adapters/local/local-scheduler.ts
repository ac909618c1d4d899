import type { ReminderScheduler, ScheduleRequest } from '../../ports.js';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';
import { CorruptStateFileError } from './errors.js';

/** One pending schedule, as kept in `schedules.json`. */
export interface ScheduleEntry {
  readonly name: string;
  /** UTC instant it fires at. */
  readonly at: string;
  readonly timezone: string;
  /** Which queue the runtime delivers the payload to (absent in files written before it existed: dispatch). */
  readonly target?: 'dispatch' | 'planning' | 'escalation';
  readonly payload: unknown;
}

interface ScheduleFile {
  readonly version: 1;
  readonly schedules: ScheduleEntry[];
}

/**
 * The embedded runtime's EventBridge Scheduler: one-time schedules kept in a JSON file
 * (`<dataDir>/schedules.json`, rewritten atomically after each change). Like the real one, a name is
 * unique: scheduling an existing name leaves it as is and answers `exists`, and cancelling a missing
 * one is fine. It does not fire anything itself: the runtime asks for what is `due` on its test clock,
 * delivers each payload to the dispatch queue and `remove`s it (EventBridge's delete-after-completion).
 * Past instants are kept as given; they are simply due at once.
 *
 * @example
 * const scheduler = await LocalScheduler.open('.cobranza/schedules.json');
 * for (const entry of scheduler.due(clock.now())) …
 */
export class LocalScheduler implements ReminderScheduler {
  private written = 0;
  private version = 0;
  private writing?: Promise<void>;

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, ScheduleEntry>,
  ) {}

  static async open(file: string): Promise<LocalScheduler> {
    const saved = await readJsonFile(file);
    if (saved === undefined) return new LocalScheduler(file, new Map());
    const schedules = (saved as Partial<ScheduleFile> | null)?.schedules;
    if (!Array.isArray(schedules)) throw new CorruptStateFileError(file, 'expected { "schedules": [...] }');
    return new LocalScheduler(file, new Map(schedules.map((entry) => [entry.name, entry])));
  }

  async schedule(request: ScheduleRequest): Promise<'created' | 'exists'> {
    if (this.entries.has(request.name)) return 'exists';
    const at = new Date(request.at);
    if (Number.isNaN(at.getTime())) throw new RangeError(`schedule ${request.name}: invalid instant '${request.at}'`);
    this.entries.set(request.name, {
      name: request.name,
      at: at.toISOString(),
      timezone: request.timezone,
      ...(request.target && request.target !== 'dispatch' ? { target: request.target } : {}),
      payload: request.payload,
    });
    await this.persist();
    return 'created';
  }

  async cancel(name: string): Promise<void> {
    await this.remove(name);
  }

  /** Removes a schedule (fired or cancelled); a missing name is fine. */
  async remove(name: string): Promise<void> {
    if (this.entries.delete(name)) await this.persist();
  }

  /** Schedules firing at or before `until`, earliest first (ties by name, so the order is stable). */
  due(until: Date): ScheduleEntry[] {
    const limit = until.getTime();
    return this.sorted().filter((entry) => Date.parse(entry.at) <= limit);
  }

  pending(): number {
    return this.entries.size;
  }

  /** Every pending schedule, earliest first. */
  list(): ScheduleEntry[] {
    return this.sorted();
  }

  private sorted(): ScheduleEntry[] {
    return [...this.entries.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Writes the current state and resolves once a write that includes this change is on disk. Writes
   * never overlap (an older snapshot cannot land after a newer one) and changes made while one is in
   * flight share the next write, so a burst of schedules costs two writes, not one each.
   */
  private async persist(): Promise<void> {
    const wanted = ++this.version;
    while (this.written < wanted) {
      if (!this.writing) {
        const snapshot = this.version;
        const body: ScheduleFile = { version: 1, schedules: this.sorted() };
        this.writing = writeFileAtomic(this.file, `${JSON.stringify(body, null, 2)}\n`)
          .then(() => {
            this.written = snapshot;
          })
          .finally(() => {
            this.writing = undefined;
          });
      }
      await this.writing;
    }
  }
}
