/**
 * The weekly digest to managers (policy `reports.digest`): the headline KPIs of the last 30 days and
 * how they moved against the 30 days before, one section per currency. Pure: when it is due, which
 * period it covers and what it says; the local runtime and the AWS function send it.
 */
import { DateTime } from 'luxon';
import { formatMoney } from '../domain/templates/format.js';
import type { KpiReport } from './kpi-report.js';

export interface DigestSettings {
  readonly recipients: readonly string[];
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  /** `HH:MM` local time in `timezone`. */
  readonly time: string;
}

export interface DigestPeriod {
  /** The local day the digest is for (its idempotency key: one digest per recipient per day). */
  readonly day: string;
  /** Yesterday, local: the last full day. */
  readonly asOf: string;
  /** asOf − 29 days: the last 30 days. */
  readonly from: string;
  /** The 30 days before. */
  readonly previous: { readonly from: string; readonly asOf: string };
}

/**
 * The digest period when one is due at `now` (the digest's weekday, at or after its time, in `zone`);
 * null otherwise. Whoever sends it keeps `day` so it goes once.
 *
 * @example
 * // Monday 2026-12-07 08:30 in Mexico City, digest on Mondays at 08:00:
 * digestDue(new Date('2026-12-07T14:30:00Z'), { recipients: ['cfo@x.mx'], weekday: 1, time: '08:00' }, 'America/Mexico_City')
 * // → { day: '2026-12-07', asOf: '2026-12-06', from: '2026-11-07', previous: { from: '2026-10-08', asOf: '2026-11-06' } }
 */
export function digestDue(now: Date, digest: DigestSettings, zone: string): DigestPeriod | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (local.weekday !== digest.weekday || local.toFormat('HH:mm') < digest.time) return null;
  const asOf = local.minus({ days: 1 });
  const from = asOf.minus({ days: 29 });
  return {
    day: local.toISODate()!,
    asOf: asOf.toISODate()!,
    from: from.toISODate()!,
    previous: { from: from.minus({ days: 30 }).toISODate()!, asOf: from.minus({ days: 1 }).toISODate()! },
  };
}

export interface DigestEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const TEXTS = {
  es: {
    subject: (company: string, from: string, asOf: string) => `${company}: cobranza del ${from} al ${asOf}`,
    intro: (from: string, asOf: string, before: string) => `Indicadores de cobranza del ${from} al ${asOf}${before ? `, comparados con ${before}` : ''}.`,
    openAr: 'Cartera abierta',
    overdue: 'Vencido',
    collected: 'Cobrado',
    dso: 'DSO (días)',
    cei: 'CEI',
    current: 'Al corriente',
    promises: 'Promesas cumplidas',
    top: 'Mayores saldos vencidos',
    none: 'sin dato',
    previous: 'antes',
    dashboard: 'Tablero',
  },
  en: {
    subject: (company: string, from: string, asOf: string) => `${company}: collections ${from} to ${asOf}`,
    intro: (from: string, asOf: string, before: string) => `Collections KPIs from ${from} to ${asOf}${before ? `, against ${before}` : ''}.`,
    openAr: 'Open AR',
    overdue: 'Overdue',
    collected: 'Collected',
    dso: 'DSO (days)',
    cei: 'CEI',
    current: 'Current',
    promises: 'Promises kept',
    top: 'Largest overdue balances',
    none: 'n/a',
    previous: 'before',
    dashboard: 'Dashboard',
  },
} as const;

interface Line {
  readonly label: string;
  readonly value: string;
  readonly before: string;
}

/** One digest for every currency's report (each a full portfolio report, country ALL). */
export function composeDigest(input: { readonly company: string; readonly locale: string; readonly reports: readonly KpiReport[]; readonly dashboardUrl?: string }): DigestEmail {
  const language = input.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const t = TEXTS[language];
  const first = input.reports[0];
  const from = first?.from ?? '';
  const asOf = first?.asOf ?? '';
  const before = first?.previous ? (language === 'es' ? `el ${first.previous.from} al ${first.previous.asOf}` : `${first.previous.from} to ${first.previous.asOf}`) : '';
  const number = (n: number | null, suffix = ''): string => (n === null ? t.none : `${new Intl.NumberFormat(input.locale, { maximumFractionDigits: 2 }).format(n)}${suffix}`);
  const sections = input.reports.map((r) => {
    const money = (minor: number): string => formatMoney(minor, r.currency, input.locale);
    const overdue = Object.entries(r.aging).filter(([bucket]) => bucket !== 'current').reduce((sum, [, amount]) => sum + amount, 0);
    const lines: Line[] = [
      { label: t.openAr, value: money(r.openAr), before: r.previous ? money(r.previous.openAr) : t.none },
      { label: t.overdue, value: money(overdue), before: '' },
      { label: t.collected, value: money(r.collected), before: r.previous ? money(r.previous.collected) : t.none },
      { label: t.dso, value: number(r.dso), before: number(r.previous?.dso ?? null) },
      { label: t.cei, value: number(r.cei, ' %'), before: number(r.previous?.cei ?? null, ' %') },
      { label: t.current, value: number(r.percentCurrent, ' %'), before: number(r.previous?.percentCurrent ?? null, ' %') },
      { label: t.promises, value: number(r.promises.keptRate, ' %'), before: '' },
    ];
    const top = r.topDebtors.slice(0, 3).map((d) => `${d.name} (${d.accountId}): ${money(d.overdue)}`);
    return { currency: r.currency, lines, top };
  });
  const text = [
    t.intro(from, asOf, before),
    ...sections.flatMap((s) => [
      '',
      `== ${s.currency} ==`,
      ...s.lines.map((l) => `${l.label}: ${l.value}${l.before ? ` (${t.previous}: ${l.before})` : ''}`),
      ...(s.top.length ? [`${t.top}:`, ...s.top.map((line) => `  - ${line}`)] : []),
    ]),
    ...(input.dashboardUrl ? ['', `${t.dashboard}: ${input.dashboardUrl}`] : []),
  ].join('\n');
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = [
    `<p>${esc(t.intro(from, asOf, before))}</p>`,
    ...sections.map(
      (s) =>
        `<h2>${esc(s.currency)}</h2><table>${s.lines
          .map((l) => `<tr><th align="left">${esc(l.label)}</th><td align="right">${esc(l.value)}</td><td>${l.before ? `${esc(t.previous)}: ${esc(l.before)}` : ''}</td></tr>`)
          .join('')}</table>${s.top.length ? `<p>${esc(t.top)}:</p><ul>${s.top.map((line) => `<li>${esc(line)}</li>`).join('')}</ul>` : ''}`,
    ),
    ...(input.dashboardUrl ? [`<p><a href="${esc(input.dashboardUrl)}">${esc(t.dashboard)}</a></p>`] : []),
  ].join('\n');
  return { subject: t.subject(input.company, from, asOf), text, html };
}

/**
 * The instants in (from, until] at which a weekly digest falls due (its weekday at its local time in
 * `zone`): what the hourly rule on AWS would catch, for a test clock that jumps days at a time.
 */
export function digestInstants(from: Date, until: Date, digest: Pick<DigestSettings, 'weekday' | 'time'>, zone: string): Date[] {
  const instants: Date[] = [];
  const last = DateTime.fromJSDate(until, { zone }).startOf('day');
  for (let day = DateTime.fromJSDate(from, { zone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
    if (day.weekday !== digest.weekday) continue;
    const [hour, minute] = digest.time.split(':').map(Number);
    const at = day.set({ hour: hour ?? 0, minute: minute ?? 0 }).toJSDate();
    if (at > from && at <= until) instants.push(at);
  }
  return instants;
}
