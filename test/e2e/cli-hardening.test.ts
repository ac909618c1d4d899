import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

/**
 * The CLI against hostile or unlucky conditions: text from debtors that carries terminal escape
 * sequences, and several processes started at once on one data dir.
 */
let dataDir: string;
const cli = (...args: string[]) => runCli(dataDir, args);
const run = promisify(execFile);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cobranza-cli-hardening-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** `cobranza status` in a child process, like a user in another terminal; never throws. */
async function status(dir: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', 'infra/local/cli.ts', 'status', '--data-dir', dir]);
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('several cobranza processes on one data dir', () => {
  // Before the data-dir lock, 1 of 5 losers here died with LevelDB's "Database is not open" stack trace.
  it('on a fresh data dir, one of 5 simultaneous runs wins; every other says the dir is in use (exit 1), none crashes', async () => {
    const dir = join(dataDir, 'race');

    const results = await Promise.all(Array.from({ length: 5 }, () => status(dir)));

    const losers = results.filter((r) => r.code !== 0);
    // All five may not overlap on a slow machine; whoever did not win must have lost cleanly.
    expect(results.filter((r) => r.code === 0).length).toBeGreaterThanOrEqual(1);
    for (const loser of losers) {
      expect(loser.code).toBe(1);
      expect(loser.stderr.trim()).toBe(`cobranza: data dir ${dir} is in use by another cobranza process`);
    }
    for (const r of results) expect(r.stderr).not.toMatch(/Database is not open|\n\s+at /);
  });
});

describe('debtor text in the terminal', () => {
  const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007 llamen a mi abogado \u009b31m';

  it('cobranza tasks shows the escape sequences of an SMS reply escaped, never raw; --json keeps the text exact', async () => {
    expect((await cli('ingest', 'examples/invoices/cartera-mx.csv', '--now', '2026-11-23T14:00:00Z', '--json')).code).toBe(0);
    expect((await cli('reply', '--account', 'C-1003', '--channel', 'sms', HOSTILE, '--json')).code).toBe(0);

    const tasks = await cli('tasks');
    expect(tasks.code).toBe(0);
    expect(tasks.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07 llamen a mi abogado \\u009b31m');
    expect(tasks.stdout).not.toMatch(/[\u001b\u0007\u009b]/);

    const json = await cli('tasks', '--json');
    expect(json.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(json.json.map((i: { task: { text: string } }) => i.task.text)).toContain(HOSTILE);
  });

  it('cobranza log shows none of them raw either', async () => {
    const log = await cli('log', 'C-1003', '--json');
    expect(JSON.stringify(log.json)).toContain('llamen a mi abogado');
    expect(log.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect((await cli('log', 'C-1003')).stdout).not.toMatch(/[\u001b\u0007\u009b]/);
  });
});
