import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDigest, digestDue } from '../../shared/analytics/kpi-digest.js';
import { previousPeriod } from '../../shared/analytics/assemble-report.js';
import { engineFromRows, type KpiEngine } from '../../infra/local/kpi-engine.js';
import { calendarRows, portfolio } from '../fixtures/kpis/portfolio.js';

const weekly = { recipients: ['cfo@example.mx'], weekday: 1, time: '08:00' };

describe('digestDue', () => {
  it('is due on the weekday from its local time on, for the 30 days up to yesterday', () => {
    // 2026-12-07 is a Monday; 14:30 UTC is 08:30 in Mexico City (UTC−6)
    expect(digestDue(new Date('2026-12-07T14:30:00Z'), weekly, 'America/Mexico_City')).toEqual({
      day: '2026-12-07',
      asOf: '2026-12-06',
      // Nov 7 … Dec 6 = 24 + 6 = 30 days; the 30 before: Oct 8 … Nov 6
      from: '2026-11-07',
      previous: { from: '2026-10-08', asOf: '2026-11-06' },
    });
  });

  it('is not due before its time, nor on another day', () => {
    // 13:59 UTC = 07:59 local
    expect(digestDue(new Date('2026-12-07T13:59:00Z'), weekly, 'America/Mexico_City')).toBeNull();
    // Tuesday
    expect(digestDue(new Date('2026-12-08T15:00:00Z'), weekly, 'America/Mexico_City')).toBeNull();
    // Monday 03:00 UTC is still Sunday in Mexico City
    expect(digestDue(new Date('2026-12-07T03:00:00Z'), weekly, 'America/Mexico_City')).toBeNull();
  });
});

describe('composeDigest', () => {
  let engine: KpiEngine;
  beforeAll(async () => {
    engine = await engineFromRows({ ...portfolio, calendar: calendarRows() });
  });
  afterAll(() => engine?.close());

  it('gives each currency its headline figures, formatted as people read money, with the period before', async () => {
    const previous = { from: '2026-02-01', asOf: '2026-02-28' };
    const reports = [
      await engine.report({ asOf: '2026-03-31', from: '2026-03-01', currency: 'MXN', previous }),
      await engine.report({ asOf: '2026-03-31', from: '2026-03-01', currency: 'COP', previous }),
    ];
    const email = composeDigest({ company: 'Ejemplo Corp', locale: 'es-MX', reports, dashboardUrl: 'http://127.0.0.1:8787/dashboard' });
    expect(email.subject).toBe('Ejemplo Corp: cobranza del 2026-03-01 al 2026-03-31');
    expect(email.text).toContain('Indicadores de cobranza del 2026-03-01 al 2026-03-31, comparados con el 2026-02-01 al 2026-02-28.');
    // open AR 485000 minor = $4,850.00, before (Feb 28) 465000; collected 90000, before 120000
    expect(email.text).toContain('Cartera abierta: $4,850.00 (antes: $4,650.00)');
    expect(email.text).toContain('Cobrado: $900.00 (antes: $1,200.00)');
    // overdue = everything but current: 485000 − 140000
    expect(email.text).toContain('Vencido: $3,450.00');
    expect(email.text).toContain('DSO (días): 107.39 (antes: 96.44)');
    expect(email.text).toContain('Beta SA de CV (A2): $2,300.00');
    expect(email.text).toContain('== COP ==');
    expect(email.html).toContain('<h2>MXN</h2>');
    expect(email.html).toContain('href="http://127.0.0.1:8787/dashboard"');
  });

  it('escapes what the data says in the HTML', async () => {
    const report = await engine.report({ asOf: '2026-03-31', currency: 'MXN' });
    const hostile = { ...report, topDebtors: [{ ...report.topDebtors[0]!, name: '<script>x</script>' }] };
    const email = composeDigest({ company: 'Ejemplo', locale: 'en-US', reports: [hostile] });
    expect(email.html).not.toContain('<script>');
    // en-US writes pesos as MX$
    expect(email.text).toContain('Open AR: MX$4,850.00');
  });
});

describe('previousPeriod', () => {
  it.each([
    // a whole month: the month before
    ['2026-03-01', '2026-03-31', '2026-02-01', '2026-02-28'],
    ['2026-05-01', '2026-05-31', '2026-04-01', '2026-04-30'],
    // month to date: the same days of the month before
    ['2026-12-01', '2026-12-05', '2026-11-01', '2026-11-05'],
    // … which may be shorter (February has no 30th)
    ['2026-03-01', '2026-03-30', '2026-02-01', '2026-02-28'],
    // leap year
    ['2028-03-01', '2028-03-29', '2028-02-01', '2028-02-29'],
    // any other period: as many days just before (21 days)
    ['2026-03-11', '2026-03-31', '2026-02-18', '2026-03-10'],
    // a period from the 1st running into the next month is "any other period" (Jan 1 … Feb 15: 46 days)
    ['2026-01-01', '2026-02-15', '2025-11-16', '2025-12-31'],
  ])('%s … %s compares with %s … %s', (from, asOf, prevFrom, prevAsOf) => {
    expect(previousPeriod(from, asOf)).toEqual({ from: prevFrom, asOf: prevAsOf });
  });
});
