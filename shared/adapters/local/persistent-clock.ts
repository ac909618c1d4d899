import type { Clock } from '../../ports.js';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';
import { ClockBackwardsError, CorruptStateFileError } from './errors.js';

/**
 * The embedded runtime's test clock: a Clock whose time lives in `<dataDir>/clock.json`, so each
 * `cobranza` command continues where the last one left it. It moves only when told (`advanceTo`,
 * `set`), which makes a month of reminders a matter of seconds and every run reproducible.
 *
 * @example
 * const clock = await PersistentClock.open('.cobranza/clock.json', new Date('2026-11-23T14:00:00Z'));
 * await clock.advanceTo(new Date('2026-11-24T14:00:00Z'));
 */
export class PersistentClock implements Clock {
  private constructor(
    private readonly file: string,
    private current: Date,
    /** True when the file did not exist: the clock was just created at the initial instant. */
    readonly fresh: boolean,
  ) {}

  /** Opens the clock in `file`, creating it at `initial` when the file does not exist yet. */
  static async open(file: string, initial: Date = new Date()): Promise<PersistentClock> {
    const saved = await readJsonFile(file);
    if (saved === undefined) {
      const clock = new PersistentClock(file, new Date(initial.getTime()), true);
      await clock.save();
      return clock;
    }
    const at = typeof saved === 'object' && saved !== null ? new Date(String((saved as { now?: unknown }).now)) : new Date(NaN);
    if (Number.isNaN(at.getTime())) throw new CorruptStateFileError(file, 'expected { "now": "<ISO instant>" }');
    return new PersistentClock(file, at, false);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Sets the time, in either direction (for setting up a data dir; use advanceTo while running). */
  async set(date: Date): Promise<void> {
    this.current = new Date(date.getTime());
    await this.save();
  }

  /** Moves the time forward to `date` (staying put is fine); moving back throws ClockBackwardsError. */
  async advanceTo(date: Date): Promise<void> {
    if (date.getTime() < this.current.getTime()) throw new ClockBackwardsError(this.now(), date);
    await this.set(date);
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ now: this.current.toISOString() })}\n`);
  }
}
