import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// The CLI's JSON is checked field by field in the tests; `any` keeps those checks readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The last stdout line parsed as JSON (the `--json` contract), or undefined. */
  readonly json: Json;
  readonly code: number;
}

/** Runs `cobranza ARGS --data-dir DIR` as a user would (a child process), never throwing on a non-zero exit. */
export async function runCli(dataDir: string, args: readonly string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'infra/local/cli.ts', ...args, '--data-dir', dataDir], { maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, json: lastJson(stdout), code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, json: lastJson(e.stdout), code: e.code };
  }
}

function lastJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    return undefined;
  }
}
