import { describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import { agingBucketDefinitions, reportsOf, reportsSchema } from '../../../shared/domain/policy/reports-section.js';

const withReports = (reports: unknown) => parsePolicy({ ...JSON.parse(JSON.stringify(defaultPolicy)), reports });

describe('policy reports section', () => {
  it('defaults to Mexico City, buckets current/1-30/31-60/61-90/90+, no costs, no rates, no digest', () => {
    const reports = reportsSchema.parse(undefined);
    expect(reports).toEqual({ timezone: 'America/Mexico_City', agingBuckets: [30, 60, 90], fixedMonthlyCost: {}, exchangeRates: {} });
    expect(defaultPolicy.reports).toEqual(reports);
    expect(agingBucketDefinitions(reports.agingBuckets)).toEqual([
      { bucket: 'current', ordinal: 0, minDpd: null, maxDpd: 0 },
      { bucket: '1-30', ordinal: 1, minDpd: 1, maxDpd: 30 },
      { bucket: '31-60', ordinal: 2, minDpd: 31, maxDpd: 60 },
      { bucket: '61-90', ordinal: 3, minDpd: 61, maxDpd: 90 },
      { bucket: '90+', ordinal: 4, minDpd: 91, maxDpd: null },
    ]);
  });

  it('a policy without the section gets the defaults (stored before it existed)', () => {
    const { reports: _omitted, ...rest } = JSON.parse(JSON.stringify(defaultPolicy)) as Record<string, unknown>;
    const result = parsePolicy(rest);
    expect(result.ok && result.policy.reports.timezone).toBe('America/Mexico_City');
    expect(reportsOf(rest).agingBuckets).toEqual([30, 60, 90]);
  });

  it('refuses an unknown time zone with a message naming it and an example', () => {
    const result = withReports({ timezone: 'Mexico/Ciudad_de_Mexico' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/reports\.timezone.*unknown time zone "Mexico\/Ciudad_de_Mexico".*America\/Mexico_City/);
  });

  it('takes custom buckets, costs, rates and a digest with its defaults filled in', () => {
    const result = withReports({
      timezone: 'America/Bogota',
      agingBuckets: [15, 45],
      fixedMonthlyCost: { COP: 150_000_000 },
      exchangeRates: { USD: { COP: 4100.5 } },
      digest: { recipients: ['cfo@example.com'] },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.reports.digest).toEqual({ recipients: ['cfo@example.com'], weekday: 1, time: '08:00', locale: 'es-MX' });
    expect(agingBucketDefinitions(result.policy.reports.agingBuckets).map((b) => b.bucket)).toEqual(['current', '1-15', '16-45', '45+']);
  });

  it('refuses buckets out of order, a digest without recipients and a bad weekday', () => {
    expect(withReports({ agingBuckets: [60, 30] }).ok).toBe(false);
    const digest = withReports({ digest: { recipients: [], weekday: 8 } });
    expect(!digest.ok && digest.error).toMatch(/reports\.digest\.recipients/);
    expect(!digest.ok && digest.error).toMatch(/reports\.digest\.weekday/);
    expect(withReports({ fixedMonthlyCost: { mxn: 100 } }).ok).toBe(false);
  });
});
