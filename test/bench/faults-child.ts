/**
 * The fault-injection run of `npm run bench`, in its own process: the same generated portfolio
 * through the embedded runtime twice, without faults (the control) and with `--rate` faults at every
 * port, then judged by the oracle of test/e2e/support/fault-run.ts. Prints one JSON line:
 *   {"invoices":…,"days":…,"injected":…,"byKind":{…},"lost":…,"duplicates":…,"missingLogLines":…,…}
 * Usage: tsx test/bench/faults-child.ts --invoices 10000 --days 20 --seed 7 --rate 0.1
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FaultKind } from '../../infra/local/faults.js';
import { generateInvoices, judge, planPayments, runWithFaults } from '../e2e/support/fault-run.js';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '10000' },
    days: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    rate: { type: 'string', default: '0.1' },
    kinds: { type: 'string' },
  },
});
const invoices = Number(values.invoices);
const days = Number(values.days);
const progress = (line: string) => process.stderr.write(`faults: ${line}\n`);

const dir = await mkdtemp(join(tmpdir(), 'cobranza-faults-'));
try {
  const common = { invoices, days, seed: Number(values.seed) };
  const control = await runWithFaults({ ...common, dir: join(dir, 'control'), rate: 0, progress: (l) => progress(`control ${l}`) });
  const kinds = values.kinds ? (values.kinds.split(',') as FaultKind[]) : undefined;
  const run = await runWithFaults({ ...common, dir: join(dir, 'faulty'), rate: Number(values.rate), ...(kinds ? { kinds } : {}), progress });
  const generated = generateInvoices(invoices);
  const verdict = judge(run, control, generated, planPayments(generated, days), days);
  for (const line of verdict.examples) progress(line);
  for (const [error, count] of Object.entries(run.deadLetterErrors)) progress(`dead letter ×${count} ${error}`);
  const { examples: _examples, ...counts } = verdict;
  process.stdout.write(
    `${JSON.stringify({
      invoices,
      days,
      rate: Number(values.rate),
      injected: run.injectedTotal,
      byKind: run.injected,
      ...counts,
      messages: run.accepted.size,
      controlMessages: control.accepted.size,
      payments: run.payments.size,
      deadLettersRedriven: run.deadLettersRedriven,
      deadLettersLeft: run.deadLettersLeft,
      webhookRetries: run.webhookRetries,
      seconds: Math.round(run.seconds * 10) / 10,
      controlSeconds: Math.round(control.seconds * 10) / 10,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
} finally {
  if (process.env.KEEP_FAULTS_DIR) progress(`kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
