/**
 * The KPI run of `npm run bench`, in its own process (its peak RSS is its own): a generated portfolio
 * of `--invoices` invoices as Accounts and Interactions items (test/bench/kpi-items.ts), then
 *   1. baseline: only iterating the generated items (what reading the tables costs here, at best);
 *   2. curate: the pure curate (shared/analytics/curate/curate.ts, as the Lambda and the local lake run
 *      it) into LakePartWriter, writing Parquet parts to a temporary lake folder;
 *   3. kpis: openKpiEngine over that folder and one report per currency as of KPI_AS_OF.
 * Prints one JSON line:
 *   {"invoices","items","rows","baselineSeconds","curateSeconds","curateRatio","kpiSeconds","seconds",
 *    "peakRssMb","curatePeakRssMb","lakeBytes","reports"}
 * `seconds` = curateSeconds + kpiSeconds (the baseline is not part of it); the *CpuSeconds beside
 * them are this process's CPU time (the wall clock lies on a busy machine). With `node --expose-gc`
 * also "liveHeapMb": the largest heap left after a full GC at each Parquet part (what curate holds).
 * Usage: tsx test/bench/kpis-child.ts --invoices 100000 [--keep]
 */
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { curate } from '../../shared/analytics/curate/curate.js';
import { LakePartWriter } from '../../shared/analytics/parquet.js';
import { openKpiEngine } from '../../infra/local/kpi-engine.js';
import { KPI_AS_OF, KPI_NOW, accountsItems, interactionItems } from './kpi-items.js';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const invoices = Number(values.invoices);
const progress = (line: string) => process.stderr.write(`kpis: ${line}\n`);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
/** CPU seconds (user + system) of this process since `start`: the wall clock lies on a busy machine. */
const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const round = (n: number) => Math.round(n * 1000) / 1000;

const dir = await mkdtemp(join(tmpdir(), 'cobranza-kpis-'));
try {
  progress(`baseline: iterating the items of ${invoices} invoices …`);
  let t = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  let accountItems = 0;
  let interactionLines = 0;
  for await (const _ of accountsItems(invoices)) accountItems += 1;
  for await (const _ of interactionItems(invoices)) interactionLines += 1;
  const baselineSeconds = seconds(t);
  const baselineCpuSeconds = cpuSeconds(cpu);
  progress(`baseline: ${accountItems} Accounts items + ${interactionLines} Interactions items in ${baselineSeconds.toFixed(1)} s (${baselineCpuSeconds.toFixed(1)} s CPU)`);

  progress('curate → Parquet …');
  const lakeDir = join(dir, 'lake');
  t = process.hrtime.bigint();
  cpu = process.cpuUsage();
  // Diagnosis (`node --expose-gc`): the live heap after a full GC at every part written, i.e. what
  // curate really holds, apart from the garbage V8 lets pile up while it has room.
  const gc = (globalThis as { gc?: () => void }).gc;
  let liveHeapMb = 0;
  const writer = new LakePartWriter(async (table, part, bytes) => {
    await mkdir(join(lakeDir, table), { recursive: true });
    await writeFile(join(lakeDir, table, part), bytes);
    if (gc) {
      gc();
      liveHeapMb = Math.max(liveHeapMb, Math.round(process.memoryUsage().heapUsed / 1048576));
    }
  });
  const rows = await curate({ accounts: accountsItems(invoices), interactions: interactionItems(invoices), now: KPI_NOW }, writer.sink);
  await writer.finish();
  const curateSeconds = seconds(t);
  const curateCpuSeconds = cpuSeconds(cpu);
  const curatePeakRssMb = peakRssMb();
  const lakeBytes = await folderBytes(lakeDir);
  progress(`curate: ${curateSeconds.toFixed(1)} s (${curateCpuSeconds.toFixed(1)} s CPU), ${Math.round(lakeBytes / 1048576)} MB of Parquet, peak RSS ${curatePeakRssMb} MB; rows ${JSON.stringify(rows)}`);

  progress(`KPIs: DuckDB over the lake, one report per currency as of ${KPI_AS_OF} …`);
  t = process.hrtime.bigint();
  cpu = process.cpuUsage();
  const engine = await openKpiEngine(lakeDir);
  const reports: Record<string, { openAr: number; sales: number; collected: number; dso: number | null }> = {};
  try {
    for (const currency of await engine.currencies()) {
      const report = await engine.report({ asOf: KPI_AS_OF, currency });
      reports[currency] = { openAr: report.openAr, sales: report.sales, collected: report.collected, dso: report.dso };
    }
  } finally {
    engine.close();
  }
  const kpiSeconds = seconds(t);
  const kpiCpuSeconds = cpuSeconds(cpu);
  progress(`KPIs: ${kpiSeconds.toFixed(1)} s (${kpiCpuSeconds.toFixed(1)} s CPU, DuckDB's threads included); ${JSON.stringify(reports)}`);

  process.stdout.write(
    `${JSON.stringify({
      invoices,
      items: accountItems + interactionLines,
      accountItems,
      interactionItems: interactionLines,
      rows,
      baselineSeconds: round(baselineSeconds),
      curateSeconds: round(curateSeconds),
      curateRatio: round(curateSeconds / baselineSeconds),
      baselineCpuSeconds: round(baselineCpuSeconds),
      curateCpuSeconds: round(curateCpuSeconds),
      curateCpuRatio: round(curateCpuSeconds / baselineCpuSeconds),
      kpiCpuSeconds: round(kpiCpuSeconds),
      kpiSeconds: round(kpiSeconds),
      seconds: round(curateSeconds + kpiSeconds),
      peakRssMb: peakRssMb(),
      curatePeakRssMb,
      lakeBytes,
      ...(gc ? { liveHeapMb } : {}),
      reports,
    })}\n`,
  );
} finally {
  if (values.keep) progress(`kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
