/** Failures of the embedded runtime's adapters: one class each, a clear message, the cause kept. */

/** Another process (another `cobranza` command, `npm start`) holds the on-disk DynamoDB. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';

  constructor(
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    super(`data dir ${dir} is in use by another cobranza process`, options);
  }
}

/** The test clock only moves forward (schedules already fired cannot un-fire). */
export class ClockBackwardsError extends Error {
  override readonly name = 'ClockBackwardsError';

  constructor(
    readonly current: Date,
    readonly requested: Date,
  ) {
    super(`the clock is at ${current.toISOString()} and cannot move back to ${requested.toISOString()}`);
  }
}

/** An object key that is empty, absolute or would leave the bucket folder (`..`). */
export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError';

  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid object key '${key}': ${reason}`);
  }
}

/** A state file of the data dir that is not what we wrote (hand-edited, truncated). */
export class CorruptStateFileError extends Error {
  override readonly name = 'CorruptStateFileError';

  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file} is not a valid state file (${reason}); fix or delete it`, options);
  }
}
