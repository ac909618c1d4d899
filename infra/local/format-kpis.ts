import type { KpiReport } from '../../shared/analytics/kpi-report.js';
import { formatMoney } from '../../shared/domain/templates/format.js';
import { oneLine } from './format-terminal.js';

/**
 * `cobranza kpis` for a person: the same report as `--json`, as aligned text. Amounts through the
 * project's one money formatter (formatMoney: ISO 4217 digits, exact), in en-US like the rest of the CLI.
 */

const LOCALE = 'en-US';
const DASH = '—';

export function formatKpiReport(report: KpiReport): string {
  const cur = report.currency;
  const money = (minor: number | null | undefined) => (minor === null || minor === undefined ? DASH : formatMoney(minor, cur, LOCALE));
  const num = (value: number | null | undefined, unit = '') => (value === null || value === undefined ? DASH : `${value.toFixed(2)}${unit}`);
  const pct = (value: number | null | undefined) => num(value, '%');
  const days = (value: number | null | undefined) => num(value, ' days');
  const change = (now: number | null, before: number | null | undefined, show: (n: number) => string) => {
    if (now === null || before === null || before === undefined) return '';
    const diff = now - before;
    return `  (${diff > 0 ? '+' : diff < 0 ? '−' : '±'}${show(Math.abs(diff))} vs ${show(before)})`;
  };
  const prev = report.previous;
  const lines: string[] = [];
  const row = (label: string, value: string, extra = '') => lines.push(`  ${label.padEnd(26)} ${value.padStart(22)}${extra}`);
  const section = (title: string) => lines.push('', title);

  lines.push(`KPIs ${report.from} → ${report.asOf}, ${cur}, ${report.country === 'ALL' ? 'all countries' : `country ${report.country}`}`);
  section('headline');
  row('open AR', money(report.openAr), change(report.openAr, prev?.openAr, (n) => money(n)));
  row('beginning AR', money(report.beginningAr));
  row('sales (invoiced)', money(report.sales));
  row('collected', money(report.collected), change(report.collected, prev?.collected, (n) => money(n)));
  row('DSO', days(report.dso), change(report.dso, prev?.dso, (n) => n.toFixed(2)));
  row('best possible DSO', days(report.bestPossibleDso));
  row('average days delinquent', days(report.averageDaysDelinquent));
  row('countback DSO', days(report.countbackDso), report.countbackExceedsHistory ? '  (AR exceeds all sales on record: a floor)' : '');
  row('CEI', pct(report.cei), change(report.cei, prev?.cei, (n) => n.toFixed(2)));
  row('percent current', pct(report.percentCurrent), change(report.percentCurrent, prev?.percentCurrent, (n) => n.toFixed(2)));
  row('weighted days past due', days(report.weightedDaysPastDue));
  row('cost of recovery', money(report.recoveryCost));
  row('cost per unit recovered', num(report.costPerRecovered));

  section('aging (open AR at as-of)');
  for (const [bucket, amount] of Object.entries(report.aging)) {
    const share = report.openAr > 0 ? ` ${((amount / report.openAr) * 100).toFixed(1).padStart(5)}%` : '';
    row(bucket, money(amount), share);
  }

  section(`roll rates (bucket at ${prev?.asOf ?? 'the previous period end'} → now)`);
  const rolls = Object.entries(report.rollRates);
  if (rolls.length === 0) lines.push('  nothing open at the previous period end');
  for (const [bucket, r] of rolls) row(bucket, money(r.base), `  rolled ${pct(r.rollRate)}, cured ${pct(r.cureRate)}`);

  section('promises due in the period');
  const p = report.promises;
  lines.push(`  ${p.kept} kept, ${p.broken} broken, ${p.pending} pending; kept ${pct(p.keptRate)} by count, ${pct(p.keptAmountRate)} by amount`);

  section('channels (response = reply, click or payment within 7 days)');
  const channels = Object.entries(report.channels);
  if (channels.length === 0) lines.push('  no messages sent in the period');
  else lines.push(`  ${'channel'.padEnd(10)} ${'sent'.padStart(6)} ${'deliv.'.padStart(6)} ${'resp.'.padStart(6)} ${'rate'.padStart(8)}  cost`);
  for (const [channel, c] of channels) {
    const cost = c.costCurrency ? `${(c.costMicros / 1_000_000).toFixed(4)} ${c.costCurrency}` : DASH;
    lines.push(`  ${channel.padEnd(10)} ${String(c.sent).padStart(6)} ${String(c.delivered).padStart(6)} ${String(c.responses).padStart(6)} ${pct(c.responseRate).padStart(8)}  ${cost}`);
  }

  section('attribution (last reminder on or before each payment)');
  if (report.attribution.length === 0) lines.push('  no payments in the period');
  for (const a of report.attribution) {
    lines.push(`  ${`${a.channel} / ${a.tone} / ${oneLine(a.template)}`.padEnd(44)} ${String(a.payments).padStart(4)} payments ${money(a.recovered).padStart(20)}`);
  }

  section('recovery by escalation stage');
  const stages = Object.entries(report.recoveryByStage);
  if (stages.length === 0) lines.push('  no account entered a stage');
  for (const [stage, s] of stages) row(stage, money(s.collected), `  of ${money(s.openAtEntry)} open at entry (${s.entries} ${s.entries === 1 ? 'entry' : 'entries'}): ${pct(s.recoveryRate)}`);

  section('top debtors by overdue balance');
  if (report.topDebtors.length === 0) lines.push('  nothing overdue');
  for (const d of report.topDebtors) {
    lines.push(`  ${d.accountId.padEnd(10)} ${oneLine(d.name).slice(0, 34).padEnd(34)} ${d.country.padEnd(3)} ${money(d.overdue).padStart(20)} overdue (${money(d.overduePrevious)} before), ${money(d.open)} open`);
  }

  section('collectors');
  if (report.collectors.length === 0) lines.push('  no collector activity in the period');
  for (const c of report.collectors) lines.push(`  ${oneLine(c.collector).padEnd(20)} ${c.tasksDone} tasks done, ${c.promisesRecorded} promises recorded`);

  section('trend');
  if (prev) {
    lines.push(`  previous period ${prev.from} → ${prev.asOf}: open AR ${money(prev.openAr)}, collected ${money(prev.collected)}, DSO ${days(prev.dso)}, CEI ${pct(prev.cei)}, current ${pct(prev.percentCurrent)}`);
  } else lines.push('  no previous period on record');
  return lines.join('\n');
}
